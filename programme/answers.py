"""What a canvasser records at one door, checked: the street, the two answers, the invitation,
and (only with consent) how to get back to the resident. Pure: no I/O, no web."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, timedelta

import nomination_rules
from accounts import EMAIL
from languages import N_, Said
from plaintext import tidy  # noqa: F401  (the routes tidy with answers.tidy)

OUTCOMES = {
    "talked": N_("We talked"),
    "no answer": N_("Nobody answered"),
    "declined": N_("They did not want to talk"),
}
MAX_STREET = 120
MAX_ANSWER = 2000
MAX_NAME = 80
MAX_EMAIL = 120
OLDEST = timedelta(days=120)  # a phone may hold answers for a while, not for a season
UID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{5,24}$")
DMY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


class AnswerError(ValueError):
    """Something the canvasser can fix, said as a sentence. Nothing was saved."""

    def __init__(self, text: str, **values):
        self.said = Said(text, **values)
        super().__init__(str(self.said))


@dataclass(frozen=True)
class Contact:
    name: str
    phone: str
    email: str


@dataclass(frozen=True)
class Trust:
    """'Who do you trust around here?': a nomination, with what the nominations rules need."""

    nominee: str
    why: str
    nominator: str
    postcode: str
    lives_or_works_here: bool


@dataclass(frozen=True)
class Doorstep:
    uid: str
    street: str
    day: str  # ISO date of the conversation, as the phone saw it
    outcome: str
    good: str
    improve: str
    invited: bool
    contact: Contact | None
    trust: Trust | None

    @property
    def talked(self) -> bool:
        return self.outcome == "talked"

    def fingerprint_in(self, ward_id: int) -> str:
        return fingerprint(ward_id, self.street, self.day, self.good, self.improve)


def key(text: str) -> str:
    """Two spellings of a street or ward that are the same: any case, single spaces."""
    return " ".join(text.casefold().split())


def match_street(typed: str, streets: list[str]) -> str:
    """The list's spelling of a typed street, or the typed street if it is not on the list."""
    wanted = key(typed)
    return next((s for s in streets if key(s) == wanted), typed)


def parse_day(text: str) -> date | None:
    """A date written 2026-03-14 or 14/03/2026, or None."""
    text = text.strip()
    try:
        if m := DMY.match(text):
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        if len(text) == 10 and text.isascii():
            return date.fromisoformat(text)
    except ValueError:
        return None
    return None


ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
          N_("July"), N_("August"), N_("September"), N_("October"), N_("November"),
          N_("December"))


def no_such_day(text: str) -> Said | None:
    """Why a date written in the right shape is not a date: 'there is no 31 February 2026.'"""
    text = text.strip()
    if m := DMY.match(text):
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := ISO.match(text):
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        return None
    if not 1 <= mo <= 12:
        return Said(N_("there is no month %(month)s: write the date as 2026-03-14 "
                       "(or 14/03/2026)."), month=mo)
    try:
        date(y, mo, d)
    except ValueError:
        return Said(N_("there is no %(day)s %(month)s %(year)s: check the day and the month."),
                    day=d, month=Said(MONTHS[mo - 1]), year=y)
    return None


def day_problem(day: date | None, today: date, text: str = "") -> Said | None:
    if day is None:
        return no_such_day(text) or Said(N_("write the date as 2026-03-14 (or 14/03/2026)."))
    if day > today + timedelta(days=1):
        return Said(N_("%(day)s is in the future."), day=day.isoformat())
    if day < today - OLDEST:
        return Said(N_("%(day)s is more than %(days)s days ago."), day=day.isoformat(),
                    days=OLDEST.days)
    return None


def fingerprint(ward_id: int, street: str, day: str, good: str, improve: str) -> str:
    """Same ward, street, day and words: the same answer recorded twice."""
    joined = "\x1f".join((str(ward_id), key(street), day, key(good), key(improve)))
    return hashlib.blake2b(joined.encode(), digest_size=16).hexdigest()


def _text(data: dict, name: str, what: str, limit: int) -> str:
    value = tidy(data.get(name, ""))
    if len(value) > limit:
        raise AnswerError(N_("%(what)s is too long: at most %(limit)s characters, please."),
                          what=Said(what), limit=f"{limit:,}")
    return value


def _contact(data: dict) -> Contact | None:
    name = _text(data, "name", N_("The name"), MAX_NAME)
    phone = _text(data, "phone", N_("The phone number"), 30)
    email = _text(data, "email", N_("The email address"), MAX_EMAIL)
    if data.get("consent") != "yes":
        if name or phone or email:
            raise AnswerError(N_("Contact details are kept only with consent: tick the consent "
                                 "box if they agreed, or clear the name, phone and email."))
        return None
    if not name:
        raise AnswerError(N_("With consent ticked, please write their name."))
    if not phone and not email:
        raise AnswerError(N_("With consent ticked, please write a phone number or an email "
                             "address."))
    if phone and not PHONE.match(phone):
        raise AnswerError(N_("'%(phone)s' does not look like a phone number."), phone=phone)
    if email and not EMAIL.match(email):
        raise AnswerError(N_("'%(email)s' does not look like an email address."), email=email)
    return Contact(name, phone, email)


def _trust(data: dict) -> Trust | None:
    nominee = tidy(data.get("trusted", ""))
    if not nominee:
        return None
    trust = Trust(nominee, tidy(data.get("why", "")), tidy(data.get("nominator", "")),
                  tidy(data.get("postcode", "")), data.get("lives_here") == "yes")
    try:
        nomination_rules.check(trust.nominee, trust.why, "", trust.nominator, trust.postcode,
                         trust.lives_or_works_here, "doorstep")
    except nomination_rules.NominationError as e:
        raise AnswerError(N_("Who they trust: %(problem)s"), problem=e.said) from None
    return trust


def read_doorstep(data: dict[str, str], streets: list[str], today: date) -> Doorstep:
    """The door as the canvasser recorded it, or AnswerError saying what to fix."""
    uid = data.get("uid", "").strip().lower()
    if not UID.match(uid):
        raise AnswerError(N_("This answer has no proper id. Reload the page and record it "
                             "again."))
    street = _text(data, "street", N_("The street"), MAX_STREET)
    if not street:
        raise AnswerError(N_("Please give the street."))
    outcome = data.get("outcome", "talked")
    if outcome not in OUTCOMES:
        raise AnswerError(N_("Choose what happened at the door: talked, nobody answered, or "
                             "they did not want to talk."))
    day = parse_day(data.get("day", ""))
    if problem := day_problem(day, today, data.get("day", "")):
        raise AnswerError(N_("The date of this answer is not right: %(problem)s"), problem=problem)
    good = _text(data, "good", N_("The good things"), MAX_ANSWER)
    improve = _text(data, "improve", N_("The things to improve"), MAX_ANSWER)
    if outcome == "talked" and not good and not improve:
        raise AnswerError(N_("Write at least one of their answers: a good thing about living "
                             "here, or something they would improve."))
    talked = outcome == "talked"
    return Doorstep(uid, match_street(street, streets), day.isoformat(), outcome,
                    good if talked else "", improve if talked else "",
                    talked and data.get("invited") == "yes",
                    _contact(data) if talked else None, _trust(data) if talked else None)
