"""All SQL for sortition/: panels, their addresses and doors drawn, quotas, volunteers (contacts
kept apart), members and replacements. Reads the shared map of wards; writes only its tables."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import secrets
from dataclasses import dataclass

from audit import log, stamp
from db import Database, IntegrityError
from languages import N_
from plaintext import name_key
from problems import NotFound, Refused
from rowdata import many, one
from sortition.lottery import Quota, Volunteer

# --- panels -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Panel:
    """An assembly chosen by lot in a ward, and the stamps and seeds of its draws."""

    id: int
    ward_id: int
    title: str
    seats: int
    code: str  # in the registration link on the letters
    one_per_household: int
    consent: str
    languages: str  # of the letters: codes, space-separated (before: names, comma-separated)
    created_at: str
    doors_seed: str | None
    doors_drawn_at: str | None
    panel_seed: str | None
    drawn_at: str | None
    draw: str | None  # JSON: each volunteer's chance, achieved per category, the version
    ward_name: str
    councillors: int  # the ward's seats on the council
    area_name: str
    area_id: int


@dataclass(frozen=True)
class Address:
    id: int
    panel_id: int
    street: str
    address: str
    drawn_order: int | None  # its place in the draw, once drawn


_PANEL = ("SELECT panels.*, wards.name AS ward_name, wards.seats AS councillors,"
          " areas.name AS area_name, wards.area_id FROM panels"
          " JOIN wards ON wards.id = panels.ward_id JOIN areas ON areas.id = wards.area_id")


async def create(db: Database, ward_id: int, title: str, seats: int, one_per_household: bool,
                 consent: str, languages: str, actor: str) -> int:
    async with db.transaction() as conn:
        cur = await conn.execute(
            "INSERT INTO panels (ward_id, title, seats, code, one_per_household, consent,"
            " languages, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (ward_id, title, seats, secrets.token_urlsafe(6), int(one_per_household), consent,
             languages, stamp()))
        panel_id = (await cur.fetchone())[0]
        await log(conn, actor, "panel created", f"panel {panel_id}: {title}, {seats} seats")
    return panel_id


async def panel(db: Database, panel_id: int) -> Panel:
    row = await db.fetchone(_PANEL + " WHERE panels.id = ?", (panel_id,))
    if row is None:
        raise NotFound
    return one(Panel, row)


async def panel_by_code(db: Database, code: str) -> Panel:
    row = await db.fetchone(_PANEL + " WHERE panels.code = ?", (code,))
    if row is None:
        raise NotFound
    return one(Panel, row)


async def panels(db: Database) -> list[Panel]:
    return many(Panel, await db.fetchall(_PANEL + " ORDER BY panels.id DESC"))


async def place_of_panel(db: Database, panel_id: int) -> tuple[int, int] | None:
    """(area id, ward id) of a panel, for organisers' scopes (accounts.may_reach)."""
    row = await db.fetchone("SELECT wards.area_id, wards.id FROM panels JOIN wards"
                            " ON wards.id = panels.ward_id WHERE panels.id = ?", (panel_id,))
    return None if row is None else (row[0], row[1])


# --- addresses and the doors drawn ------------------------------------------------------------

async def set_addresses(db: Database, panel_id: int, rows: list[tuple[str, str]], file_name: str,
                        actor: str) -> None:
    """The panel's address list becomes `rows` (street, address); not once doors are drawn."""
    async with db.transaction() as conn:
        cur = await conn.execute("SELECT doors_drawn_at FROM panels WHERE id = ?", (panel_id,))
        if (await cur.fetchone())[0] is not None:
            raise Refused("The doors are already drawn: the address list can no longer change.")
        await conn.execute("DELETE FROM panel_addresses WHERE panel_id = ?", (panel_id,))
        await conn.executemany(
            "INSERT INTO panel_addresses (panel_id, street, address) VALUES (?, ?, ?)",
            [(panel_id, street, address) for street, address in rows])
        await log(conn, actor, "panel addresses imported",
                  f"panel {panel_id}: {len(rows)} addresses from {file_name}")


async def addresses(db: Database, panel_id: int) -> list[Address]:
    rows = await db.fetchall("SELECT * FROM panel_addresses WHERE panel_id = ? ORDER BY id",
                             (panel_id,))
    return many(Address, rows)


async def drawn_addresses(db: Database, panel_id: int) -> list[Address]:
    rows = await db.fetchall("SELECT * FROM panel_addresses WHERE panel_id = ? AND drawn_order"
                             " IS NOT NULL ORDER BY street, address", (panel_id,))
    return many(Address, rows)


async def save_doors(db: Database, panel_id: int, seed: str, drawn: list[int], actor: str):
    """Mark the addresses drawn (ids, in the order drawn), once."""
    async with db.transaction() as conn:
        cur = await conn.execute(
            "UPDATE panels SET doors_seed = ?, doors_drawn_at = ? WHERE id = ?"
            " AND doors_drawn_at IS NULL RETURNING id", (seed, stamp(), panel_id))
        if await cur.fetchone() is None:
            raise Refused("The doors were already drawn for this panel.")
        await conn.executemany(
            "UPDATE panel_addresses SET drawn_order = ? WHERE id = ? AND panel_id = ?",
            [(n, address_id, panel_id) for n, address_id in enumerate(drawn, start=1)])
        await log(conn, actor, "doors drawn", f"panel {panel_id}: {len(drawn)} doors, seed {seed}")


# --- quotas -----------------------------------------------------------------------------------

async def set_quotas(db: Database, panel_id: int, quotas: list[Quota], actor: str) -> None:
    async with db.transaction() as conn:
        cur = await conn.execute("SELECT drawn_at FROM panels WHERE id = ?", (panel_id,))
        if (await cur.fetchone())[0] is not None:
            raise Refused("The panel is already drawn: its quotas can no longer change.")
        await conn.execute("DELETE FROM panel_quotas WHERE panel_id = ?", (panel_id,))
        await conn.executemany(
            "INSERT INTO panel_quotas (panel_id, position, category, value, low, high)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(panel_id, n, q.category, q.value, q.min, q.max) for n, q in enumerate(quotas)])
        await log(conn, actor, "panel quotas set", f"panel {panel_id}: {len(quotas)} rows")


async def quotas(db: Database, panel_id: int) -> list[Quota]:
    rows = await db.fetchall("SELECT * FROM panel_quotas WHERE panel_id = ? ORDER BY position",
                             (panel_id,))
    return [Quota(r["category"], r["value"], r["low"], r["high"]) for r in rows]


# --- volunteers -------------------------------------------------------------------------------

def household_key(code: str, address: str) -> str:
    """The same for two spellings of one address, and not the address itself."""
    return hashlib.sha256(f"{code}:{name_key(address)}".encode()).hexdigest()[:32]


async def register(db: Database, p: Panel, uid: str, name: str, contact: str, address: str,
                   answers: dict[str, str], own_words: dict[str, str], name_public: bool,
                   source: str, actor: str) -> int:
    """One volunteer, once per form (uid); one per household if the panel asks for it."""
    household = household_key(p.code, address) if address else ""
    async with db.transaction() as conn:
        cur = await conn.execute("SELECT id FROM volunteers WHERE uid = ?", (uid,))
        again = await cur.fetchone()
        if again is not None:
            return again[0]
        cur = await conn.execute("SELECT drawn_at FROM panels WHERE id = ?", (p.id,))
        if (await cur.fetchone())[0] is not None:
            raise Refused(N_("The panel has already been drawn: registration is closed."))
        if p.one_per_household:
            cur = await conn.execute("SELECT 1 FROM volunteers WHERE panel_id = ? AND"
                                     " household = ?", (p.id, household))
            if await cur.fetchone() is not None:
                raise Refused(N_("Someone at this address has already registered: this assembly "
                                 "takes one person per household."))
        cur = await conn.execute("SELECT COALESCE(MAX(number), 0) + 1 FROM volunteers"
                                 " WHERE panel_id = ?", (p.id,))
        number = (await cur.fetchone())[0]
        try:
            cur = await conn.execute(
                "INSERT INTO volunteers (panel_id, number, name, household, answers, own_words,"
                " name_public, source, registered_at, uid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " RETURNING id",
                (p.id, number, name, household, json.dumps(answers), json.dumps(own_words),
                 int(name_public), source, stamp(), uid))
        except IntegrityError:
            raise Refused(N_("That registration could not be saved. Please send it again.")
                          ) from None
        volunteer_id = (await cur.fetchone())[0]
        await conn.execute("INSERT INTO volunteer_contacts (volunteer_id, contact, address)"
                           " VALUES (?, ?, ?)", (volunteer_id, contact, address))
        await log(conn, actor, "volunteer registered",
                  f"panel {p.id}: volunteer {number} ({source})")
    return volunteer_id


@dataclass(frozen=True)
class Registration:
    """A volunteer as they registered, answers decoded; their contact is kept apart."""

    id: int
    panel_id: int
    number: int  # anonymous: what the published pool shows
    name: str
    household: str  # a hash of the address, for one per household
    answers: dict[str, str]  # category -> value
    own_words: dict[str, str]  # category -> what they wrote
    name_public: int  # consented to their name on the public page
    source: str  # phone or paper
    registered_at: str
    uid: str


@dataclass(frozen=True)
class Member(Registration):
    """A volunteer drawn onto the panel, as a member or a replacement."""

    chosen_at: str
    replaces: int | None  # the member who dropped out, for a replacement
    dropped_at: str | None
    seed: str  # drawn with


@dataclass(frozen=True)
class Contact:
    volunteer_id: int
    contact: str
    address: str


def _decoded(cls: type[Registration], row) -> Registration:
    return dataclasses.replace(one(cls, row), answers=json.loads(row["answers"]),
                   own_words=json.loads(row["own_words"]))


async def volunteers(db: Database, panel_id: int) -> list[Registration]:
    """Every volunteer with their answers; no contacts."""
    rows = await db.fetchall("SELECT * FROM volunteers WHERE panel_id = ? ORDER BY number",
                             (panel_id,))
    return [_decoded(Registration, r) for r in rows]


def pool(people: list[Registration], categories: list[str]) -> list[Volunteer]:
    """The anonymised pool: each volunteer's number and answers, nothing else."""
    return [Volunteer(str(v.number), tuple((c, v.answers.get(c, "")) for c in categories),
                      v.household) for v in people]


async def contacts(db: Database, panel_id: int) -> dict[int, Contact]:
    """Each volunteer's contact, by volunteer."""
    rows = await db.fetchall(
        "SELECT volunteer_contacts.* FROM volunteer_contacts JOIN volunteers"
        " ON volunteers.id = volunteer_id WHERE panel_id = ?", (panel_id,))
    return {r["volunteer_id"]: one(Contact, r) for r in rows}


# --- the panel drawn, and replacements -----------------------------------------------------------

async def save_draw(db: Database, panel_id: int, seed: str, draw: dict, actor: str) -> None:
    async with db.transaction() as conn:
        cur = await conn.execute(
            "UPDATE panels SET panel_seed = ?, drawn_at = ?, draw = ? WHERE id = ?"
            " AND drawn_at IS NULL RETURNING id", (seed, stamp(), json.dumps(draw), panel_id))
        if await cur.fetchone() is None:
            raise Refused("The panel was already drawn.")
        numbers = [int(m) for m in draw["members"]]
        cur = await conn.execute(
            "SELECT id FROM volunteers WHERE panel_id = ? AND number IN"
            f" ({', '.join('?' * len(numbers))})", (panel_id, *numbers))
        ids = [r[0] for r in await cur.fetchall()]
        await conn.executemany(
            "INSERT INTO panel_members (panel_id, volunteer_id, chosen_at, seed)"
            " VALUES (?, ?, ?, ?)", [(panel_id, i, stamp(), seed) for i in ids])
        await log(conn, actor, "panel drawn", f"panel {panel_id}: {len(ids)} members, seed "
                  f"{seed}, {draw['version']}")


async def members(db: Database, panel_id: int) -> list[Member]:
    rows = await db.fetchall(
        "SELECT volunteers.*, panel_members.chosen_at, panel_members.replaces,"
        " panel_members.dropped_at, panel_members.seed FROM panel_members JOIN volunteers"
        " ON volunteers.id = panel_members.volunteer_id WHERE panel_members.panel_id = ?"
        " ORDER BY volunteers.number", (panel_id,))
    return [_decoded(Member, r) for r in rows]


async def replace(db: Database, panel_id: int, dropped_id: int, replacement: str | None,
                  seed: str, actor: str) -> None:
    """The member drops out; the replacement (a volunteer's number, or None if nobody could
    be drawn) takes the seat. Logged."""
    async with db.transaction() as conn:
        cur = await conn.execute(
            "UPDATE panel_members SET dropped_at = ? WHERE panel_id = ? AND volunteer_id = ?"
            " AND dropped_at IS NULL RETURNING volunteer_id", (stamp(), panel_id, dropped_id))
        if await cur.fetchone() is None:
            raise Refused("That person is not a member of the panel (any more).")
        detail = f"panel {panel_id}: volunteer id {dropped_id} dropped out"
        if replacement is not None:
            cur = await conn.execute("SELECT id FROM volunteers WHERE panel_id = ? AND number"
                                     " = ?", (panel_id, int(replacement)))
            new_id = (await cur.fetchone())[0]
            await conn.execute(
                "INSERT INTO panel_members (panel_id, volunteer_id, chosen_at, replaces, seed)"
                " VALUES (?, ?, ?, ?, ?)", (panel_id, new_id, stamp(), dropped_id, seed))
            detail += f"; volunteer {replacement} drawn to replace them with seed {seed}"
        await log(conn, actor, "panel member replaced", detail)


# --- the assembly's meetings --------------------------------------------------------------------

async def add_meeting(db: Database, panel_id: int, meeting_id: int) -> None:
    async with db.transaction() as conn:
        await conn.execute("INSERT INTO panel_meetings (panel_id, meeting_id) VALUES (?, ?)"
                           " ON CONFLICT DO NOTHING", (panel_id, meeting_id))


async def meeting_ids(db: Database, panel_id: int) -> list[int]:
    rows = await db.fetchall("SELECT meeting_id FROM panel_meetings WHERE panel_id = ?"
                             " ORDER BY meeting_id", (panel_id,))
    return [r[0] for r in rows]
