"""Taking a nomination: the one intake both paths call, the poster's page (primary/) and the
canvasser's doorstep form (programme/), so both check and store a nomination the same way.

A nomination joins the ward's nominee with the same name key (a merged spelling leads to the
spelling it was merged into). One nominator names a nominee once; a repeat is refused.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from audit import log, stamp
from db import Database

MAX_NAME = 80
MAX_WHY = 280
MAX_CONTACT = 120
SOURCES = ("poster", "doorstep")
# Royal Mail's shapes: A9 9AA, A99 9AA, A9A 9AA, AA9 9AA, AA99 9AA, AA9A 9AA (and GIR 0AA).
POSTCODE = re.compile(r"^(?:([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})|(GIR)(0AA))$")


class NominationError(ValueError):
    """A nomination that cannot be taken; the message says what to fix. Nothing was stored."""


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


def tidy(text: str) -> str:
    """One line of plain text: no control or invisible characters, single spaces."""
    text = unicodedata.normalize("NFC", text)
    kept = "".join(" " if ch.isspace() else ch for ch in text
                   if ch.isspace() or unicodedata.category(ch)[0] != "C")
    return " ".join(kept.split())


def name_key(name: str) -> str:
    """What two spellings share if they are the same name: letters and digits, no accents, any
    case ("Bernadette O'Neil" and "bernadette oneil" are one person)."""
    plain = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in plain.casefold() if ch.isalnum() and not unicodedata.combining(ch))


def postcode(text: str) -> str | None:
    """A UK postcode in its usual form ('SE24 0AB'), or None if it is not one."""
    compact = "".join(text.split()).upper()
    m = POSTCODE.match(compact)
    if m is None:
        return None
    outward, inward = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    return f"{outward} {inward}"


def _field(value: str, what: str, limit: int, required: bool = True) -> str:
    value = tidy(value)
    if required and not value:
        raise NominationError(f"Please give {what}.")
    if len(value) > limit:
        raise NominationError(f"{what[0].upper()}{what[1:]} is too long: at most {limit} "
                              f"characters, please (this has {len(value)}).")
    return value


def check(nominee: str, why: str, contact: str, nominator: str, postcode_text: str,
          lives_or_works_here: bool, source: str) -> Nomination:
    """The nomination as it will be stored, or NominationError saying what to fix."""
    if source not in SOURCES:
        raise NominationError("A nomination comes from a poster or from the doorstep.")
    name = _field(nominee, "the name of the person you trust", MAX_NAME)
    if not name_key(name):
        raise NominationError("Please write the name of the person you trust in letters.")
    reason = _field(why, "a reason why you trust them", MAX_WHY)
    reach = _field(contact, "how to reach them", MAX_CONTACT, required=False)
    by = _field(nominator, "your own name", MAX_NAME)
    if not name_key(by):
        raise NominationError("Please write your own name in letters.")
    code = postcode(tidy(postcode_text))
    if not postcode_text.strip():
        raise NominationError("Please give your postcode, so we know you are local.")
    if code is None:
        shown = tidy(postcode_text)[:12]
        raise NominationError(f"'{shown}' is not a UK postcode. Please give your full postcode, "
                              "like SE24 0AB.")
    if not lives_or_works_here:
        raise NominationError("Nominations come from people who live or work in the ward. "
                              "Tick the box if you do.")
    return Nomination(name, name_key(name), reason, reach, by,
                      f"{name_key(by)}|{code.replace(' ', '')}", code, source)


async def nominate(db: Database, ward_id: int, nominee: str, why: str, contact: str,
                   nominator: str, postcode: str, lives_or_works_here: bool, source: str) -> int:
    """Check and store one nomination; returns its id. NominationError if it cannot be taken."""
    n = check(nominee, why, contact, nominator, postcode, lives_or_works_here, source)
    async with db.transaction() as conn:
        cur = await conn.execute("SELECT id FROM wards WHERE id = ?", (ward_id,))
        if await cur.fetchone() is None:
            raise NominationError("There is no such ward. Check the link or the poster.")
        nominee_id, shown = await _nominee(conn, ward_id, n)
        cur = await conn.execute(
            "SELECT 1 FROM nominations WHERE nominee_id = ? AND nominator_key = ?",
            (nominee_id, n.nominator_key))
        if await cur.fetchone() is not None:
            raise NominationError(f"You have already nominated {shown}. Thank you: one "
                                  "nomination from each person is what counts.")
        cur = await conn.execute(
            "INSERT INTO nominations (ward_id, nominee_id, nominee_name, why, contact, nominator,"
            " nominator_key, postcode, lives_or_works_here, source, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?) RETURNING id",
            (ward_id, nominee_id, n.nominee, n.why, n.contact, n.nominator, n.nominator_key,
             n.postcode, n.source, stamp()))
        nomination_id = (await cur.fetchone())[0]
        await log(conn, source, "nomination received", f"ward {ward_id}: nominee {nominee_id}")
    return nomination_id


async def _nominee(conn, ward_id: int, n: Nomination) -> tuple[int, str]:
    """The nominee this name belongs to (following a merge), created if it is new."""
    cur = await conn.execute(
        "SELECT COALESCE(survivor.id, nominees.id) AS id, COALESCE(survivor.name, nominees.name)"
        " AS name FROM nominees LEFT JOIN nominees AS survivor ON survivor.id ="
        " nominees.merged_into WHERE nominees.ward_id = ? AND nominees.name_key = ?",
        (ward_id, n.nominee_key))
    row = await cur.fetchone()
    if row is not None:
        return row["id"], row["name"]
    cur = await conn.execute(
        "INSERT INTO nominees (ward_id, name, name_key, created_at) VALUES (?, ?, ?, ?)"
        " RETURNING id", (ward_id, n.nominee, n.nominee_key, stamp()))
    return (await cur.fetchone())[0], n.nominee
