"""The vote package's SQL for areas, wards, meetings, votes (table `primaries`) and their options
(table `candidates`), each handed up as a dataclass; cards and ballots are in ballot_box."""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from audit import log, stamp
from db import Database, IntegrityError
from problems import NotFound  # noqa: F401  (callers catch store.NotFound)
from rowdata import many, one
from votes import phases


class Clash(ValueError):
    """A name that is already taken; the message says so."""


@dataclass(frozen=True)
class Option:
    """One thing on a vote's ballot: a candidate, or a demand."""

    id: int
    primary_id: int
    name: str
    statement: str
    nominee_id: int | None = None  # the nominee who stands (primary/)
    theme_id: int | None = None  # the theme it words (programme/)


@dataclass(frozen=True)
class Vote:
    """A vote at a meeting: a primary among candidates or an assembly among demands, with the
    stamps of its phases; read with its meeting, it also says where and when."""

    id: int
    meeting_id: int
    title: str
    seats: int
    seed: str
    opened_at: str | None
    closed_at: str | None
    counted_at: str | None
    published_at: str | None
    result: str | None  # the count, as JSON; read it through votes.results
    kind: str
    issued: int | None  # cards issued, fixed when voting closes
    receipts: int
    venue: str = ""
    starts_at: str = ""
    ward_id: int | None = None
    ward_name: str = ""
    area_name: str = ""
    candidates: tuple[Option, ...] = ()  # its options, in the hall's remembered votes


@dataclass(frozen=True)
class Meeting:
    id: int
    ward_id: int
    venue: str
    starts_at: str
    languages: str = ""  # the languages its ballots offer, space-separated
    card_language: str = ""  # the second language of its cards
    ward_name: str = ""
    ward_seats: int = 0
    area_name: str = ""


# --- areas, wards, meetings -------------------------------------------------------------------

async def create_area(db: Database, name: str, actor: str) -> int:
    async with db.transaction() as conn:
        try:
            cur = await conn.execute(
                "INSERT INTO areas (name, created_at) VALUES (?, ?) RETURNING id", (name, stamp())
            )
        except IntegrityError:
            raise Clash(f"There is already an area called {name}.") from None
        area_id = (await cur.fetchone())[0]
        await log(conn, actor, "area created", name)
    return area_id


async def create_ward(db: Database, area_id: int, name: str, seats: int, actor: str) -> int:
    async with db.transaction() as conn:
        try:
            cur = await conn.execute(
                "INSERT INTO wards (area_id, name, seats) VALUES (?, ?, ?) RETURNING id",
                (area_id, name, seats),
            )
        except IntegrityError:
            raise Clash(f"This area already has a ward called {name}.") from None
        ward_id = (await cur.fetchone())[0]
        await log(conn, actor, "ward created", f"{name} ({seats} seats)")
    return ward_id


@dataclass(frozen=True)
class Ward:
    id: int
    area_id: int
    name: str
    seats: int  # places its primary fills
    threshold: int  # nominations that put a resident forward
    postcodes: str  # the ward's postcode areas, as the organiser typed them
    area_name: str


@dataclass(frozen=True)
class Area:
    id: int
    name: str
    created_at: str
    wards: tuple[Ward, ...] = ()


async def areas(db: Database) -> list[Area]:
    rows = await db.fetchall("SELECT * FROM areas ORDER BY name")
    wards = many(Ward, await db.fetchall(
        "SELECT wards.*, areas.name AS area_name FROM wards JOIN areas ON areas.id = area_id"
        " ORDER BY wards.name"))
    return [replace(one(Area, a), wards=tuple(w for w in wards if w.area_id == a["id"]))
            for a in rows]


async def ward(db: Database, ward_id: int) -> Ward:
    row = await db.fetchone(
        "SELECT wards.*, areas.name AS area_name FROM wards JOIN areas ON areas.id = area_id"
        " WHERE wards.id = ?", (ward_id,))
    if row is None:
        raise NotFound
    return one(Ward, row)


async def create_meeting(db: Database, ward_id: int, venue: str, starts_at: str, actor: str) -> int:
    async with db.transaction() as conn:
        cur = await conn.execute(
            "INSERT INTO meetings (ward_id, venue, starts_at) VALUES (?, ?, ?) RETURNING id",
            (ward_id, venue, starts_at))
        meeting_id = (await cur.fetchone())[0]
        await log(conn, actor, "meeting created", f"meeting {meeting_id}: {venue}, {starts_at}")
    return meeting_id


_MEETING = (
    "SELECT meetings.*, wards.name AS ward_name, wards.seats AS ward_seats,"
    " areas.name AS area_name FROM meetings JOIN wards ON wards.id = ward_id"
    " JOIN areas ON areas.id = wards.area_id"
)


async def meeting(db: Database, meeting_id: int) -> Meeting:
    row = await db.fetchone(_MEETING + " WHERE meetings.id = ?", (meeting_id,))
    if row is None:
        raise NotFound
    return one(Meeting, row)


async def set_languages(db: Database, meeting_id: int, offered: list[str], card_language: str,
                        actor: str) -> None:
    """The languages the meeting's ballots offer, and the second language of its cards."""
    async with db.transaction() as conn:
        await conn.execute("UPDATE meetings SET languages = ?, card_language = ? WHERE id = ?",
                           (" ".join(offered), card_language, meeting_id))
        await log(conn, actor, "meeting languages", f"meeting {meeting_id}: "
                  f"{' '.join(offered)}; cards also in {card_language or 'no other language'}")


async def place_of_meeting(db: Database, meeting_id: int) -> tuple[int, int] | None:
    """(area id, ward id) of a meeting, for organisers' scopes (accounts.may_reach)."""
    row = await db.fetchone("SELECT area_id, wards.id FROM meetings JOIN wards"
                            " ON wards.id = ward_id WHERE meetings.id = ?", (meeting_id,))
    return None if row is None else (row[0], row[1])


async def place_of_vote(db: Database, primary_id: int) -> tuple[int, int] | None:
    row = await db.fetchone("SELECT meeting_id FROM primaries WHERE id = ?", (primary_id,))
    return None if row is None else await place_of_meeting(db, row[0])


async def meetings(db: Database) -> list[Meeting]:
    return many(Meeting, await db.fetchall(_MEETING + " ORDER BY starts_at DESC, meetings.id DESC"))


# --- primaries and candidates -----------------------------------------------------------------

async def create_vote(db: Database, meeting_id: int, title: str, seats: int, actor: str,
                      kind: str = "primary", options: Sequence[tuple[str, str]] = (),
                      then: Callable[[Any, int, list[int]], Awaitable[None]] | None = None) -> int:
    """A vote at a meeting with its options (name, statement); `then(conn, vote id, option ids)`
    runs in the same transaction, so whoever asked for the vote records what it is for with it."""
    async with db.transaction() as conn:
        cur = await conn.execute(
            "INSERT INTO primaries (meeting_id, title, seats, seed, kind) VALUES (?, ?, ?, ?, ?)"
            " RETURNING id",
            (meeting_id, title, seats, secrets.token_hex(8), kind),
        )
        vote_id = (await cur.fetchone())[0]
        option_ids = []
        for name, statement in options:
            cur = await conn.execute(
                "INSERT INTO candidates (primary_id, name, statement) VALUES (?, ?, ?)"
                " RETURNING id", (vote_id, name, statement))
            option_ids.append((await cur.fetchone())[0])
        await log(conn, actor, f"{kind} created", f"primary {vote_id}: {title}, {seats} seats"
                  + (f", {len(options)} options" if options else ""))
        if then is not None:
            await then(conn, vote_id, option_ids)
    forget_meeting(db, meeting_id)
    return vote_id


_PRIMARY = (
    "SELECT primaries.*, meetings.venue, meetings.starts_at, meetings.ward_id,"
    " wards.name AS ward_name, areas.name AS area_name FROM primaries"
    " JOIN meetings ON meetings.id = meeting_id JOIN wards ON wards.id = meetings.ward_id"
    " JOIN areas ON areas.id = wards.area_id"
)


async def primary(db: Database, primary_id: int) -> Vote:
    row = await db.fetchone(_PRIMARY + " WHERE primaries.id = ?", (primary_id,))
    if row is None:
        raise NotFound
    return one(Vote, row)


async def primaries(db: Database, meeting_id: int | None = None) -> list[Vote]:
    if meeting_id is None:
        rows = await db.fetchall(_PRIMARY + " ORDER BY primaries.id DESC")
    else:
        rows = await db.fetchall(_PRIMARY + " WHERE meeting_id = ? ORDER BY primaries.id",
                                 (meeting_id,))
    return many(Vote, rows)


async def votes(db: Database, vote_ids: list[int]) -> list[Vote]:
    """Those votes, newest first, each with its meeting's venue and time."""
    rows = await db.fetchall(_PRIMARY + " WHERE primaries.id IN (SELECT value FROM json_each(?))"
                             " ORDER BY primaries.id DESC", (json.dumps(vote_ids),))
    return many(Vote, rows)


async def next_vote(db: Database, ward_id: int, kind: str) -> Vote | None:
    """The ward's latest vote of this kind that has not opened: the one new options join."""
    rows = await db.fetchall(
        _PRIMARY + " WHERE meetings.ward_id = ? AND opened_at IS NULL"
        " AND kind = ? ORDER BY primaries.id DESC LIMIT 1", (ward_id, kind))
    return one(Vote, rows[0]) if rows else None


async def ward_vote(db: Database, ward_id: int, kind: str) -> Vote | None:
    """The vote a resident wants to hear about: the latest not closed, else the latest."""
    rows = await db.fetchall(
        _PRIMARY + " WHERE meetings.ward_id = ? AND kind = ?"
        " ORDER BY closed_at IS NULL DESC, primaries.id DESC LIMIT 1", (ward_id, kind))
    return one(Vote, rows[0]) if rows else None


async def next_meeting(db: Database, ward_id: int, today: str) -> Meeting | None:
    """The ward's next meeting from `today` on (else its latest), for the poster."""
    row = await db.fetchone(
        "SELECT * FROM meetings WHERE ward_id = ? ORDER BY starts_at < ?, "
        "CASE WHEN starts_at < ? THEN NULL ELSE starts_at END, starts_at DESC LIMIT 1",
        (ward_id, today, today))
    return None if row is None else one(Meeting, row)


async def ward_meetings(db: Database, ward_ids: list[int]) -> list[Meeting]:
    """The meetings held in those wards, latest first."""
    rows = await db.fetchall(_MEETING + " WHERE ward_id IN (SELECT value FROM json_each(?))"
                             " ORDER BY starts_at DESC", (json.dumps(ward_ids),))
    return many(Meeting, rows)


async def candidates(db: Database, primary_id: int) -> list[Option]:
    return many(Option, await db.fetchall(
        "SELECT * FROM candidates WHERE primary_id = ? ORDER BY id", (primary_id,)))


async def _primary_in(conn, primary_id: int) -> Vote:
    cur = await conn.execute("SELECT * FROM primaries WHERE id = ?", (primary_id,))
    row = await cur.fetchone()
    if row is None:
        raise NotFound
    return one(Vote, row)


async def add_candidate(db: Database, primary_id: int, name: str, statement: str, actor: str):
    async with db.transaction() as conn:
        current = await _primary_in(conn, primary_id)
        phases.require(current, "edit")
        try:
            await conn.execute(
                "INSERT INTO candidates (primary_id, name, statement) VALUES (?, ?, ?)",
                (primary_id, name, statement),
            )
        except IntegrityError:
            raise Clash(f"{name} is already a candidate in this primary.") from None
        await log(conn, actor, "candidate added", f"primary {primary_id}: {name}")
    forget_meeting(db, current.meeting_id)


async def remove_candidate(db: Database, primary_id: int, candidate_id: int, actor: str):
    async with db.transaction() as conn:
        current = await _primary_in(conn, primary_id)
        phases.require(current, "edit")
        cur = await conn.execute(
            "DELETE FROM candidates WHERE id = ? AND primary_id = ? RETURNING name",
            (candidate_id, primary_id))
        row = await cur.fetchone()
        if row is not None:
            await log(conn, actor, "candidate removed", f"primary {primary_id}: {row['name']}")
    forget_meeting(db, current.meeting_id)


async def set_phase(db: Database, primary_id: int, action: str, actor: str) -> Vote:
    """Open, close or publish, checked and stamped in one write transaction."""
    column = {"open": "opened_at", "close": "closed_at", "publish": "published_at"}[action]
    async with db.transaction() as conn:
        current = await _primary_in(conn, primary_id)
        phases.require(current, action)
        await conn.execute(f"UPDATE primaries SET {column} = ? WHERE id = ?", (stamp(), primary_id))
        if action == "close":
            await conn.execute(
                "UPDATE primaries SET issued = (SELECT COUNT(activated_at) FROM cards"
                " WHERE meeting_id = ?) WHERE id = ?", (current.meeting_id, primary_id))
        if action in ("open", "close"):
            # After this, only the printed cards hold the codes (see migrations/0001).
            await conn.execute(
                "UPDATE card_batches SET card_key = NULL WHERE meeting_id = ?",
                (current.meeting_id,),
            )
        await log(conn, actor, f"voting {action}ed" if action != "close" else "voting closed",
                  f"primary {primary_id}")
    forget_meeting(db, current.meeting_id)
    if action == "open":
        await db.forget_old_pages()
    if action == "close":
        await db.forget_arrival_order()
    return await primary(db, primary_id)


async def set_receipts(db: Database, primary_id: int, receipts: bool, actor: str) -> None:
    """Whether voters get a receipt: chosen before voting opens, like the candidates."""
    async with db.transaction() as conn:
        current = await _primary_in(conn, primary_id)
        phases.require(current, "edit")
        await conn.execute("UPDATE primaries SET receipts = ? WHERE id = ?",
                           (int(receipts), primary_id))
        await log(conn, actor, "receipts " + ("on" if receipts else "off"),
                  f"primary {primary_id}")
    forget_meeting(db, current.meeting_id)


async def save_result(db: Database, primary_id: int, result: dict, actor: str) -> None:
    """Stamp the count, once, on a closed vote (a second count of the same vote saves nothing)."""
    async with db.transaction() as conn:
        cur = await conn.execute(
            "UPDATE primaries SET result = ?, counted_at = ? WHERE id = ? AND counted_at IS NULL"
            " AND closed_at IS NOT NULL RETURNING meeting_id",
            (json.dumps(result), stamp(), primary_id))
        row = await cur.fetchone()
        if row is not None:
            await log(conn, actor, "counted", f"primary {primary_id}, seed {result.get('seed')}")
    if row is not None:
        forget_meeting(db, row["meeting_id"])


# --- what the hall asks constantly, remembered in memory ----------------------------------------

# Seconds another worker's phone page may show a vote's phase late (candidates are fixed once it
# opens): safe, as every decision reads the phase afresh, casting in its own transaction.
HALL_TTL = 1.0


async def hall_votes(db: Database, meeting_id: int) -> list[Vote]:
    """The votes at a meeting, each with its candidates (read-only: shared between requests)."""
    remembered = db.cache.setdefault("meetings", {})
    now = time.monotonic()
    entry = remembered.get(meeting_id)
    if entry is not None and now - entry[0] < HALL_TTL:
        return entry[1]
    options = many(Option, await db.fetchall(
        "SELECT candidates.* FROM candidates JOIN primaries ON primaries.id = primary_id"
        " WHERE meeting_id = ? ORDER BY candidates.id", (meeting_id,)))
    votes = [replace(v, candidates=tuple(o for o in options if o.primary_id == v.id))
             for v in await primaries(db, meeting_id)]
    remembered[meeting_id] = (now, votes)
    return votes


def forget_meeting(db: Database, meeting_id: int) -> None:
    db.cache.get("meetings", {}).pop(meeting_id, None)
