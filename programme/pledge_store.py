"""All SQL for pledges: who is asked to sign a frozen programme version, their one-time signing
links (only a hash is kept), signatures and withdrawals, shown in public."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

import nominating
from accounts import token_hash
from audit import log, stamp
from db import Database
from programme.charter import Refused
from programme.programme_store import Place
from rowdata import many, one
from votes import results


@dataclass(frozen=True)
class Pledge:
    """A pledge to one frozen version: its link made, perhaps signed (the name typed, the
    demands ticked, a statement), perhaps withdrawn; and who it is from."""

    id: int
    pledger_id: int
    version_id: int
    invited_at: str
    signed_at: str | None
    signed_name: str | None
    ticked: list[int]  # the demand positions ticked
    statement: str
    withdrawn_at: str | None
    withdraw_note: str
    ward_id: int
    name: str


@dataclass(frozen=True)
class Link(Pledge):
    """A pledge as its signing link opens it: in which ward, and whose programme it signs."""

    ward: str
    area_id: int
    programme_ward: int | None


@dataclass(frozen=True)
class Signer:
    """Someone asked (or who may be asked) to sign a place's programme."""

    ward_id: int
    name: str
    why: str  # 'primary winner' or 'accepted nominee'
    ward: str  # the ward's name
    pledge: Pledge | None = None  # to the version asked about


@dataclass(frozen=True)
class Signature:
    """A signature to a version, as the public list of earlier versions shows it."""

    name: str
    ward_id: int
    number: int  # the version's
    signed_at: str
    withdrawn_at: str | None


def _pledge(cls: type[Pledge], row) -> Pledge:
    return one(cls, {**dict(row), "ticked": json.loads(row["ticked"] or "[]")})


async def signers(db: Database, p: Place, version_id: int | None) -> list[Signer]:
    """Everyone asked to sign the place's programme (the winners of the wards' published
    primaries, and any nominee an organiser asked), each with their pledge to `version_id` if
    they have one."""
    ward_ids = [p.ward_id] if p.ward_id else [w for w, _ in p.wards]
    names = dict(p.wards)
    asked = await db.fetchall(
        "SELECT ward_id, name, why FROM pledgers WHERE ward_id IN"
        " (SELECT value FROM json_each(?)) ORDER BY id", (json.dumps(ward_ids),))
    pledges = await db.fetchall(
        "SELECT pledges.*, pledgers.ward_id, pledgers.name FROM pledges"
        " JOIN pledgers ON pledgers.id = pledger_id WHERE version_id = ?", (version_id or 0,))
    winners = [(r.ward_id, name, "primary winner")  # assembly votes are not primaries
               for r in await results.published(db, "primary", ward_ids) for name in r.winners]
    found: dict[tuple[int, str], Signer] = {}
    for ward_id, name, why in winners + [(r["ward_id"], r["name"], r["why"]) for r in asked]:
        found.setdefault((ward_id, name.casefold()),
                         Signer(ward_id, name, why, names.get(ward_id, "")))
    for row in pledges:
        key = (row["ward_id"], row["name"].casefold())
        if key in found:
            found[key] = replace(found[key], pledge=_pledge(Pledge, row))
    return sorted(found.values(), key=lambda s: (s.ward, s.name.casefold()))


async def nominees_to_ask(db: Database, p: Place, already: list[Signer]) -> list[Signer]:
    """Accepted nominees of the wards who are not asked yet: an organiser may ask them too."""
    ward_ids = [p.ward_id] if p.ward_id else [w for w, _ in p.wards]
    known = {(s.ward_id, s.name.casefold()) for s in already}
    names = dict(p.wards)
    return [Signer(n.ward_id, n.name, "accepted nominee", names.get(n.ward_id, ""))
            for n in await nominating.accepted(db, ward_ids)
            if (n.ward_id, n.name.casefold()) not in known]


async def invite(db: Database, p: Place, ward_id: int, name: str, why: str, version_id: int,
                 token: str, actor: str) -> None:
    """A new one-time signing link for this person and version (an unused older link stops
    working). Refused if they have signed this version already."""
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO pledgers (ward_id, name, why, created_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (ward_id, name) DO NOTHING", (ward_id, name, why, stamp()))
        cur = await conn.execute("SELECT id FROM pledgers WHERE ward_id = ? AND name = ?",
                                 (ward_id, name))
        pledger = (await cur.fetchone())[0]
        cur = await conn.execute(
            "SELECT signed_at FROM pledges WHERE pledger_id = ? AND version_id = ?",
            (pledger, version_id))
        row = await cur.fetchone()
        if row is not None and row["signed_at"]:
            raise Refused(f"{name} has signed this version already.")
        await conn.execute(
            "INSERT INTO pledges (pledger_id, version_id, token_hash, invited_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (pledger_id, version_id)"
            " DO UPDATE SET token_hash = excluded.token_hash, invited_at = excluded.invited_at",
            (pledger, version_id, token_hash(token), stamp()))
        await log(conn, actor, "signing link made", f"{p.title}: {name}, version row {version_id}")


async def by_token(db: Database, token: str) -> Link | None:
    row = await db.fetchone(
        "SELECT pledges.*, pledgers.name, pledgers.ward_id, wards.name AS ward,"
        " versions.area_id, versions.ward_id AS programme_ward FROM pledges"
        " JOIN pledgers ON pledgers.id = pledger_id JOIN wards ON wards.id = pledgers.ward_id"
        " JOIN versions ON versions.id = version_id WHERE token_hash = ?", (token_hash(token),))
    return None if row is None else _pledge(Link, row)


async def sign(db: Database, token: str, name: str, ticked: list[int], statement: str) -> bool:
    """Sign once: False if this link has been used already."""
    async with db.transaction() as conn:
        cur = await conn.execute(
            "UPDATE pledges SET signed_at = ?, signed_name = ?, ticked = ?, statement = ?"
            " WHERE token_hash = ? AND signed_at IS NULL RETURNING id, pledger_id, version_id",
            (stamp(), name, json.dumps(ticked), statement, token_hash(token)))
        row = await cur.fetchone()
        if row is None:
            return False
        await log(conn, f"pledger {row['pledger_id']}", "pledge signed",
                  f"pledge {row['id']}, version row {row['version_id']}: {name}")
    return True


async def withdraw(db: Database, token: str, note: str) -> bool:
    """Withdraw a signature, once: False if not signed, or withdrawn already."""
    async with db.transaction() as conn:
        cur = await conn.execute(
            "UPDATE pledges SET withdrawn_at = ?, withdraw_note = ? WHERE token_hash = ?"
            " AND signed_at IS NOT NULL AND withdrawn_at IS NULL RETURNING id, pledger_id",
            (stamp(), note, token_hash(token)))
        row = await cur.fetchone()
        if row is None:
            return False
        await log(conn, f"pledger {row['pledger_id']}", "pledge withdrawn", f"pledge {row['id']}")
    return True


async def signed(db: Database, version_ids: list[int]) -> list[Signature]:
    """Signatures to these versions, oldest first, with the version's number."""
    rows = await db.fetchall(
        "SELECT pledges.signed_at, pledges.withdrawn_at, pledgers.name, pledgers.ward_id,"
        " versions.number FROM pledges JOIN pledgers ON pledgers.id = pledger_id"
        " JOIN versions ON versions.id = version_id WHERE version_id IN"
        " (SELECT value FROM json_each(?)) AND signed_at IS NOT NULL ORDER BY signed_at",
        (json.dumps(version_ids),))
    return many(Signature, rows)


async def signed_by_day(db: Database) -> list[tuple[int, str]]:
    """(ward, day) of every pledge signed and not withdrawn, for the organisers' ratios."""
    rows = await db.fetchall(
        "SELECT pledgers.ward_id, pledges.signed_at FROM pledges JOIN pledgers"
        " ON pledgers.id = pledger_id WHERE signed_at IS NOT NULL AND withdrawn_at IS NULL")
    return [(r[0], r[1][:10]) for r in rows]
