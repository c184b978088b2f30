"""All SQL for programme/: wards and their streets, doors knocked, contacts, imports, numbers."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from audit import log, stamp
from db import Database
from problems import NotFound
from programme.answers import Doorstep
from programme.importing import Plan, Ward
from programme.numbers import DayNumbers
from rowdata import many, one

CHUNK = 500  # bound parameters per IN (...) query


@dataclass(frozen=True)
class CanvassWard:
    """A ward as its canvassing pages name it."""

    id: int
    name: str
    area_name: str


@dataclass(frozen=True)
class Contact:
    """Details a resident agreed to leave at the door, and where and when."""

    id: int
    doorstep_id: int
    name: str
    phone: str
    email: str
    consented_at: str
    street: str
    day: str
    invited: int


@dataclass(frozen=True)
class Import:
    """A CSV file of answers imported, all or nothing."""

    id: int
    at: str
    actor: str
    file_name: str
    doors: int
    skipped: str


# --- wards and streets ------------------------------------------------------------------------

async def ward(db: Database, ward_id: int) -> CanvassWard:
    row = await db.fetchone(
        "SELECT wards.id, wards.name, areas.name AS area_name FROM wards"
        " JOIN areas ON areas.id = wards.area_id WHERE wards.id = ?", (ward_id,))
    if row is None:
        raise NotFound
    return one(CanvassWard, row)


async def wards(db: Database) -> list[Ward]:
    rows = await db.fetchall(
        "SELECT wards.id, areas.name AS area, wards.name FROM wards"
        " JOIN areas ON areas.id = wards.area_id ORDER BY areas.name, wards.name")
    named = await db.fetchall("SELECT ward_id, name FROM streets ORDER BY name")
    return [Ward(r["id"], r["area"], r["name"],
                 tuple(s["name"] for s in named if s["ward_id"] == r["id"])) for r in rows]


async def streets(db: Database, ward_id: int) -> list[str]:
    rows = await db.fetchall("SELECT name FROM streets WHERE ward_id = ? ORDER BY name",
                             (ward_id,))
    return [r["name"] for r in rows]


async def set_streets(db: Database, ward_id: int, names: list[str], actor: str) -> None:
    """The ward's street list becomes `names` (answers already recorded keep their street)."""
    async with db.transaction() as conn:
        await conn.execute("DELETE FROM streets WHERE ward_id = ?", (ward_id,))
        await conn.executemany("INSERT OR IGNORE INTO streets (ward_id, name) VALUES (?, ?)",
                               [(ward_id, n) for n in names])
        await log(conn, actor, "street list set", f"ward {ward_id}: {len(names)} streets")


# --- doors knocked ----------------------------------------------------------------------------

async def recorded(db: Database, uid: str) -> bool:
    return await db.fetchval("SELECT 1 FROM doorsteps WHERE uid = ?", (uid,)) is not None


async def record(db: Database, ward_id: int, link_id: int, d: Doorstep,
                 nomination_id: int | None) -> bool:
    """Store one door; False if this answer (its uid) was stored before, so a retry is harmless."""
    async with db.transaction() as conn:
        cur = await conn.execute(
            "INSERT INTO doorsteps (uid, ward_id, street, day, outcome, good, improve, invited,"
            " fingerprint, link_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (uid) DO NOTHING RETURNING id",
            (d.uid, ward_id, d.street, d.day, d.outcome, d.good, d.improve, int(d.invited),
             d.fingerprint_in(ward_id) if d.talked else None, link_id, stamp()))
        row = await cur.fetchone()
        if row is None:
            return False
        if d.contact is not None:
            await conn.execute(
                "INSERT INTO contacts (doorstep_id, name, phone, email, consented_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (row[0], d.contact.name, d.contact.phone, d.contact.email, stamp()))
        if nomination_id is not None:
            await conn.execute("INSERT INTO doorstep_nominations (doorstep_id, nomination_id)"
                               " VALUES (?, ?)", (row[0], nomination_id))
    return True


async def doors_today(db: Database, link_id: int, day: str) -> int:
    return await db.fetchval("SELECT COUNT(*) FROM doorsteps WHERE link_id = ? AND day = ?",
                             (link_id, day))


# --- contacts: organisers only, deleted on request ----------------------------------------------

async def contacts(db: Database, ward_id: int) -> list[Contact]:
    rows = await db.fetchall(
        "SELECT contacts.*, doorsteps.street, doorsteps.day, doorsteps.invited FROM contacts"
        " JOIN doorsteps ON doorsteps.id = contacts.doorstep_id WHERE doorsteps.ward_id = ?"
        " ORDER BY doorsteps.day DESC, contacts.id DESC", (ward_id,))
    return many(Contact, rows)


async def delete_contact(db: Database, ward_id: int, contact_id: int, actor: str) -> bool:
    async with db.transaction() as conn:
        cur = await conn.execute(
            "DELETE FROM contacts WHERE id = ? AND doorstep_id IN"
            " (SELECT id FROM doorsteps WHERE ward_id = ?) RETURNING id", (contact_id, ward_id))
        if await cur.fetchone() is None:
            return False
        await log(conn, actor, "contact deleted", f"ward {ward_id}, contact {contact_id}")
    await db.forget_old_pages()  # gone from the write-ahead log too
    return True


# --- imports ----------------------------------------------------------------------------------

async def already_recorded(db: Database, fingerprints: list[str]) -> set[str]:
    found: set[str] = set()
    unique = sorted(set(fingerprints))
    for i in range(0, len(unique), CHUNK):
        chunk = unique[i:i + CHUNK]
        marks = ",".join("?" * len(chunk))
        rows = await db.fetchall(
            f"SELECT fingerprint FROM doorsteps WHERE fingerprint IN ({marks})", chunk)
        found.update(r[0] for r in rows)
    return found


async def import_plan(db: Database, plan: Plan, file_name: str, actor: str) -> int:
    """Every row of the plan, or none: one transaction."""
    now = stamp()
    skipped = "; ".join(str(p) for p in plan.duplicates[:200])
    async with db.transaction() as conn:
        cur = await conn.execute(
            "INSERT INTO imports (at, actor, file_name, doors, skipped) VALUES (?, ?, ?, ?, ?)"
            " RETURNING id", (now, actor, file_name, len(plan.rows), skipped))
        import_id = (await cur.fetchone())[0]
        rows = await asyncio.to_thread(lambda: [  # 99,000 tuples: not on the event loop
            (f"import-{import_id}-{r.row}", r.ward_id, r.street, r.day, r.good, r.improve,
             int(r.invited), r.fingerprint, import_id, now) for r in plan.rows])
        await conn.executemany(
            "INSERT INTO doorsteps (uid, ward_id, street, day, outcome, good, improve, invited,"
            " fingerprint, import_id, recorded_at) VALUES (?, ?, ?, ?, 'talked', ?, ?, ?, ?, ?, ?)",
            rows)
        await log(conn, actor, "answers imported",
                  f"import {import_id}: {len(plan.rows)} rows from {file_name[:80]!r},"
                  f" {len(plan.duplicates)} duplicates reported")
    return import_id


async def an_import(db: Database, import_id: int) -> Import | None:
    row = await db.fetchone("SELECT * FROM imports WHERE id = ?", (import_id,))
    return None if row is None else one(Import, row)


# --- the numbers organisers steer by, and the export --------------------------------------------

async def numbers(db: Database) -> list[DayNumbers]:
    """Per ward and per day: doors knocked, answers, nominations, consents, people invited."""
    rows = await db.fetchall(
        "SELECT d.ward_id, wards.name AS ward, areas.name AS area, d.day, COUNT(*) AS doors,"
        " SUM(d.outcome = 'talked') AS answers, COUNT(n.doorstep_id) AS nominations,"
        " COUNT(c.id) AS consents, SUM(d.invited) AS invited"
        " FROM doorsteps AS d JOIN wards ON wards.id = d.ward_id"
        " JOIN areas ON areas.id = wards.area_id"
        " LEFT JOIN contacts AS c ON c.doorstep_id = d.id"
        " LEFT JOIN doorstep_nominations AS n ON n.doorstep_id = d.id"
        " GROUP BY d.ward_id, wards.name, areas.name, d.day ORDER BY areas.name, wards.name, d.day")
    return many(DayNumbers, rows)


@dataclass(frozen=True)
class Doors:
    """One ward's doors on one day, for the organisers' ratios."""

    ward_id: int
    day: str
    knocked: int
    answered: int  # not 'no answer'
    demands: int  # answers that ask for something (what should improve)


async def doors_by_day(db: Database) -> list[Doors]:
    """Per ward and day: doors knocked, doors answered, and answers that ask for something."""
    rows = await db.fetchall(
        "SELECT ward_id, day, COUNT(*) AS knocked,"
        " SUM(CASE WHEN outcome <> 'no answer' THEN 1 ELSE 0 END) AS answered,"
        " SUM(CASE WHEN outcome = 'talked' AND improve <> '' THEN 1 ELSE 0 END) AS demands"
        " FROM doorsteps GROUP BY ward_id, day")
    return many(Doors, rows)


async def answers_for_export(db: Database):
    """Answers only: no contact details, no nominations, no canvasser."""
    return await db.fetchall(
        "SELECT d.id, areas.name AS area, wards.name AS ward, d.street, d.day, d.good,"
        " d.improve,"
        " d.invited, CASE WHEN d.import_id IS NULL THEN 'doorstep' ELSE 'import' END AS source"
        " FROM doorsteps AS d JOIN wards ON wards.id = d.ward_id"
        " JOIN areas ON areas.id = wards.area_id WHERE d.outcome = 'talked'"
        " ORDER BY areas.name, wards.name, d.day, d.id")


async def log_event(db: Database, actor: str, kind: str, detail: str) -> None:
    async with db.transaction() as conn:
        await log(conn, actor, kind, detail)
