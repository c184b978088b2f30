"""The rules of a nomination, pure: who may nominate, what must be given, and a UK postcode.
Storing one is nominating.py."""

from __future__ import annotations

import re
from dataclasses import dataclass

from languages import N_, Said
from plaintext import name_key, tidy

MAX_NAME = 80
MAX_WHY = 280
MAX_CONTACT = 120
SOURCES = ("poster", "doorstep")
# Royal Mail's shapes: A9 9AA, A99 9AA, A9A 9AA, AA9 9AA, AA99 9AA, AA9A 9AA (and GIR 0AA).
POSTCODE = re.compile(r"^(?:([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})|(GIR)(0AA))$")


class NominationError(ValueError):
    """A nomination that cannot be taken; the message says what to fix. Nothing was stored.
    `said` is the message for a page to say in its language."""

    def __init__(self, text: str, **values):
        self.said = Said(text, **values)
        super().__init__(str(self.said))


@dataclass(frozen=True)
class Nomination:
    nominee: str
    nominee_key: str
    why: str
    contact: str
    nominator: str
    nominator_key: str
    postcode: str
    source: str


def postcode(text: str) -> str | None:
    """A UK postcode in its usual form ('SE24 0AB'), or None if it is not one."""
    compact = "".join(text.split()).upper()
    m = POSTCODE.match(compact)
    if m is None:
        return None
    outward, inward = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    return f"{outward} {inward}"


def _field(value: str, what: tuple[str, str], limit: int, required: bool = True) -> str:
    """`what` names the field within a sentence and at its start ('your own name', 'Your …')."""
    value = tidy(value)
    if required and not value:
        raise NominationError(N_("Please give %(what)s."), what=Said(what[0]))
    if len(value) > limit:
        raise NominationError(N_("%(what)s is too long: at most %(limit)s characters, please "
                                 "(this has %(length)s)."), what=Said(what[1]), limit=limit,
                              length=len(value))
    return value


def check(nominee: str, why: str, contact: str, nominator: str, postcode_text: str,
          lives_or_works_here: bool, source: str) -> Nomination:
    """The nomination as it will be stored, or NominationError saying what to fix."""
    if source not in SOURCES:
        raise NominationError(N_("A nomination comes from a poster or from the doorstep."))
    name = _field(nominee, (N_("the name of the person you trust"),
                          N_("The name of the person you trust")), MAX_NAME)
    if not name_key(name):
        raise NominationError(N_("Please write the name of the person you trust in letters."))
    reason = _field(why, (N_("a reason why you trust them"), N_("A reason why you trust them")),
                    MAX_WHY)
    reach = _field(contact, (N_("how to reach them"), N_("How to reach them")), MAX_CONTACT,
                   required=False)
    by = _field(nominator, (N_("your own name"), N_("Your own name")), MAX_NAME)
    if not name_key(by):
        raise NominationError(N_("Please write your own name in letters."))
    code = postcode(tidy(postcode_text))
    if not postcode_text.strip():
        raise NominationError(N_("Please give your postcode, so we know you are local."))
    if code is None:
        shown = tidy(postcode_text)[:12]
        raise NominationError(N_("'%(shown)s' is not a UK postcode. Please give your full "
                                 "postcode, like SE24 0AB."), shown=shown)
    if not lives_or_works_here:
        raise NominationError(N_("Nominations come from people who live or work in the ward. "
                                 "Tick the box if you do."))
    return Nomination(name, name_key(name), reason, reach, by,
                      f"{name_key(by)}|{code.replace(' ', '')}", code, source)
