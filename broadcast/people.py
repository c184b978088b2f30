"""All SQL for people without accounts: residents known by a cookie's key, the one-time links
that confirm their ward, and "I want to help" sign-ups with their contact kept apart."""

from __future__ import annotations

from dataclasses import dataclass

from accounts import token_hash
from audit import log, stamp
from db import Database
from rowdata import many, one


@dataclass(frozen=True)
class Resident:
    """Someone known only by their browser's key; their ward is theirs to say until a link
    confirms it."""

    id: int
    key_hash: str
    ward_id: int | None
    confirmed_at: str | None
    created_at: str


@dataclass(frozen=True)
class WardLink:
    """A one-time link that confirms whoever opens it lives in its ward."""

    id: int
    token_hash: str
    ward_id: int
    created_at: str
    used_at: str | None
    resident_id: int | None


@dataclass(frozen=True)
class SignUpsOnDay:
    ward_id: int
    day: str
    n: int


@dataclass(frozen=True)
class VolunteerContact:
    """An "I want to help" sign-up with how to reach them (`id` is the sign-up's)."""

    id: int
    volunteer_id: int
    name: str
    phone: str
    email: str
    consented_at: str
    day: str


async def resident_ids(conn, said: list[tuple[str, int | None]]) -> dict[str, int]:
    """Inside a transaction: each key's resident, made on first use. A ward they name is kept
    until a link confirms one; a confirmed ward never changes."""
    wards: dict[str, int | None] = {}
    for key, ward_id in said:
        wards[key] = ward_id if ward_id is not None else wards.get(key)
    at = stamp()
    cur = await conn.execute(
        "INSERT INTO residents (key_hash, ward_id, created_at) VALUES "
        + ",".join("(?, ?, ?)" for _ in wards)
        + " ON CONFLICT (key_hash) DO UPDATE SET ward_id = CASE WHEN residents.confirmed_at"
        " IS NULL AND excluded.ward_id IS NOT NULL THEN excluded.ward_id"
        " ELSE residents.ward_id END RETURNING id, key_hash",
        [v for key, ward_id in wards.items() for v in (token_hash(key), ward_id, at)])
    by_hash = {row[1]: row[0] for row in await cur.fetchall()}
    return {key: by_hash[token_hash(key)] for key in wards}


async def resident(db: Database, key: str | None) -> Resident | None:
    if not key:
        return None
    row = await db.fetchone("SELECT * FROM residents WHERE key_hash = ?", (token_hash(key),))
    return None if row is None else one(Resident, row)


async def make_ward_links(db: Database, ward_id: int, tokens: list[str], actor: str) -> None:
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO ward_links (token_hash, ward_id, created_at) VALUES (?, ?, ?)",
            [(token_hash(t), ward_id, stamp()) for t in tokens])
        await log(conn, actor, "ward links made", f"ward {ward_id}: {len(tokens)} links")


async def ward_link(db: Database, token: str) -> WardLink | None:
    row = await db.fetchone("SELECT * FROM ward_links WHERE token_hash = ?", (token_hash(token),))
    return None if row is None else one(WardLink, row)


async def confirm(db: Database, token: str, key: str) -> bool:
    """Use a one-time link: this resident lives in its ward. False if used already."""
    async with db.transaction() as conn:
        cur = await conn.execute("SELECT id, ward_id FROM ward_links WHERE token_hash = ?"
                                 " AND used_at IS NULL", (token_hash(token),))
        link = await cur.fetchone()
        if link is None:
            return False
        person = (await resident_ids(conn, [(key, None)]))[key]
        await conn.execute("UPDATE residents SET ward_id = ?, confirmed_at = ? WHERE id = ?"
                           " AND confirmed_at IS NULL", (link["ward_id"], stamp(), person))
        await conn.execute("UPDATE ward_links SET used_at = ?, resident_id = ? WHERE id = ?",
                           (stamp(), person, link["id"]))
        await log(conn, f"resident {person}", "ward confirmed", f"ward {link['ward_id']}")
    return True


# --- "I want to help" -------------------------------------------------------------------------

async def sign_up(db: Database, meeting_id: int, ward_id: int, day: str, name: str, phone: str,
                  email: str) -> None:
    async with db.transaction() as conn:
        cur = await conn.execute(
            "INSERT INTO helpers (meeting_id, ward_id, day, at) VALUES (?, ?, ?, ?)"
            " RETURNING id", (meeting_id, ward_id, day, stamp()))
        volunteer = (await cur.fetchone())[0]
        await conn.execute(
            "INSERT INTO helper_contacts (volunteer_id, name, phone, email, consented_at)"
            " VALUES (?, ?, ?, ?, ?)", (volunteer, name, phone, email, stamp()))
        await log(conn, "resident", "volunteer signed up", f"meeting {meeting_id}")


async def volunteers_by_day(db: Database) -> list[SignUpsOnDay]:
    rows = await db.fetchall("SELECT ward_id, day, COUNT(*) AS n FROM helpers"
                             " GROUP BY ward_id, day")
    return many(SignUpsOnDay, rows)


async def volunteer_contacts(db: Database, ward_id: int) -> list[VolunteerContact]:
    rows = await db.fetchall(
        "SELECT c.*, v.day, v.id FROM helper_contacts AS c JOIN helpers AS v"
        " ON v.id = c.volunteer_id WHERE v.ward_id = ? ORDER BY v.day DESC", (ward_id,))
    return many(VolunteerContact, rows)


async def delete_volunteer_contact(db: Database, ward_id: int, volunteer_id: int,
                                   actor: str) -> bool:
    """On request: the contact goes (the sign-up still counts, with no one behind it)."""
    async with db.transaction() as conn:
        cur = await conn.execute(
            "DELETE FROM helper_contacts WHERE volunteer_id = ? AND volunteer_id IN"
            " (SELECT id FROM helpers WHERE ward_id = ?) RETURNING volunteer_id",
            (volunteer_id, ward_id))
        if await cur.fetchone() is None:
            return False
        await log(conn, actor, "volunteer contact deleted", f"ward {ward_id}, {volunteer_id}")
    await db.forget_old_pages()  # gone from the write-ahead log too
    return True
