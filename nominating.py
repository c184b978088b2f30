"""Taking a nomination: the one intake both paths call, the poster's page (primary/) and the
canvasser's doorstep form (programme/), so both check and store a nomination the same way.

A nomination joins the ward's nominee with the same name key (a merged spelling leads to the
spelling it was merged into). One nominator names a nominee once; a repeat is refused.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from audit import log, stamp
from db import Database
from languages import N_
from nomination_rules import Nomination, NominationError, check


async def nominate(db: Database, ward_id: int, nominee: str, why: str, contact: str,
                   nominator: str, postcode: str, lives_or_works_here: bool, source: str) -> int:
    """Check and store one nomination; returns its id. NominationError if it cannot be taken."""
    n = check(nominee, why, contact, nominator, postcode, lives_or_works_here, source)
    async with db.transaction() as conn:
        cur = await conn.execute("SELECT id FROM wards WHERE id = ?", (ward_id,))
        if await cur.fetchone() is None:
            raise NominationError(N_("There is no such ward. Check the link or the poster."))
        nominee_id, shown = await _nominee(conn, ward_id, n)
        cur = await conn.execute(
            "SELECT 1 FROM nominations WHERE nominee_id = ? AND nominator_key = ?",
            (nominee_id, n.nominator_key))
        if await cur.fetchone() is not None:
            raise NominationError(N_("You have already nominated %(name)s. Thank you: one "
                                     "nomination from each person is what counts."), name=shown)
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


@dataclass(frozen=True)
class Standing:
    """A nominee who accepted: they stand in the ward's primary, and may sign its programme."""

    ward_id: int
    name: str


async def accepted(db: Database, ward_ids: list[int]) -> list[Standing]:
    """The wards' nominees who accepted (merged spellings left out), by name."""
    rows = await db.fetchall(
        "SELECT ward_id, name FROM nominees WHERE answer = 'accepted' AND merged_into IS NULL"
        " AND ward_id IN (SELECT value FROM json_each(?)) ORDER BY name", (json.dumps(ward_ids),))
    return [Standing(r["ward_id"], r["name"]) for r in rows]


async def nominations_by_day(db: Database) -> list[tuple[int, str]]:
    """(ward, day) of every nomination, by poster or at a door: the organisers' ratios count
    them."""
    rows = await db.fetchall("SELECT ward_id, created_at FROM nominations")
    return [(r[0], r[1][:10]) for r in rows]
