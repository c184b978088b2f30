"""What a canvasser records at one door, checked: the street, the two answers, the invitation,
and (only with consent) how to get back to the resident. Pure: no I/O, no web."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, timedelta

import nomination_rules
from accounts import EMAIL
from plaintext import tidy  # noqa: F401  (the routes tidy with answers.tidy)

OUTCOMES = {
    "talked": "We talked",
    "no answer": "Nobody answered",
    "declined": "They did not want to talk",
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
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def no_such_day(text: str) -> str | None:
    """Why a date written in the right shape is not a date: 'there is no 31 February 2026.'"""
    text = text.strip()
    if m := DMY.match(text):
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := ISO.match(text):
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        return None
    if not 1 <= mo <= 12:
        return f"there is no month {mo}: write the date as 2026-03-14 (or 14/03/2026)."
    try:
        date(y, mo, d)
    except ValueError:
        return f"there is no {d} {MONTHS[mo - 1]} {y}: check the day and the month."
    return None


def day_problem(day: date | None, today: date, text: str = "") -> str | None:
    if day is None:
        return no_such_day(text) or "write the date as 2026-03-14 (or 14/03/2026)."
    if day > today + timedelta(days=1):
        return f"{day.isoformat()} is in the future."
    if day < today - OLDEST:
        return f"{day.isoformat()} is more than {OLDEST.days} days ago."
    return None


def fingerprint(ward_id: int, street: str, day: str, good: str, improve: str) -> str:
    """Same ward, street, day and words: the same answer recorded twice."""
    joined = "\x1f".join((str(ward_id), key(street), day, key(good), key(improve)))
    return hashlib.blake2b(joined.encode(), digest_size=16).hexdigest()


def _text(data: dict, name: str, what: str, limit: int) -> str:
    value = tidy(data.get(name, ""))
    if len(value) > limit:
        raise AnswerError(f"{what} is too long: at most {limit:,} characters, please.")
    return value


def _contact(data: dict) -> Contact | None:
    name = _text(data, "name", "The name", MAX_NAME)
    phone = _text(data, "phone", "The phone number", 30)
    email = _text(data, "email", "The email address", MAX_EMAIL)
    if data.get("consent") != "yes":
        if name or phone or email:
            raise AnswerError("Contact details are kept only with consent: tick the consent box "
                              "if they agreed, or clear the name, phone and email.")
        return None
    if not name:
        raise AnswerError("With consent ticked, please write their name.")
    if not phone and not email:
        raise AnswerError("With consent ticked, please write a phone number or an email address.")
    if phone and not PHONE.match(phone):
        raise AnswerError(f"'{phone}' does not look like a phone number.")
    if email and not EMAIL.match(email):
        raise AnswerError(f"'{email}' does not look like an email address.")
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
        raise AnswerError(f"Who they trust: {e}") from None
    return trust


def read_doorstep(data: dict[str, str], streets: list[str], today: date) -> Doorstep:
    """The door as the canvasser recorded it, or AnswerError saying what to fix."""
    uid = data.get("uid", "").strip().lower()
    if not UID.match(uid):
        raise AnswerError("This answer has no proper id. Reload the page and record it again.")
    street = _text(data, "street", "The street", MAX_STREET)
    if not street:
        raise AnswerError("Please give the street.")
    outcome = data.get("outcome", "talked")
    if outcome not in OUTCOMES:
        raise AnswerError("Choose what happened at the door: talked, nobody answered, or "
                          "they did not want to talk.")
    day = parse_day(data.get("day", ""))
    if problem := day_problem(day, today, data.get("day", "")):
        raise AnswerError(f"The date of this answer is not right: {problem}")
    good = _text(data, "good", "The good things", MAX_ANSWER)
    improve = _text(data, "improve", "The things to improve", MAX_ANSWER)
    if outcome == "talked" and not good and not improve:
        raise AnswerError("Write at least one of their answers: a good thing about living here, "
                          "or something they would improve.")
    talked = outcome == "talked"
    return Doorstep(uid, match_street(street, streets), day.isoformat(), outcome,
                    good if talked else "", improve if talked else "",
                    talked and data.get("invited") == "yes",
                    _contact(data) if talked else None, _trust(data) if talked else None)
