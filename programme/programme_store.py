"""All SQL for programmes: assembly votes on themes (votes of kind 'assembly', asked of the vote
package, so the hall runs them unchanged), shortlists, and programmes in versions of at most five
demands.

A place is a ward's programme (`ward_id` set) or its area's (`ward_id` None).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from audit import log, stamp
from db import Database, IntegrityError
from problems import NotFound
from programme import charter
from programme.charter import Demand, Refused
from rowdata import many, one
from votes import results, store


@dataclass(frozen=True)
class Place:
    area_id: int
    area: str
    ward_id: int | None
    ward: str | None
    wards: tuple[tuple[int, str], ...]  # the area's wards (id, name), by name

    @property
    def title(self) -> str:
        return f"{self.area} · {self.ward or 'area programme'}"

    @property
    def url(self) -> str:
        return f"/o/wards/{self.ward_id}" if self.ward_id else f"/o/areas/{self.area_id}"


async def place(db: Database, area_id: int | None = None, ward_id: int | None = None) -> Place:
    if ward_id is not None:
        row = await db.fetchone("SELECT area_id, name FROM wards WHERE id = ?", (ward_id,))
        if row is None:
            raise NotFound
        area_id = row["area_id"]
    area = await db.fetchone("SELECT id, name FROM areas WHERE id = ?", (area_id or 0,))
    if area is None:
        raise NotFound
    wards = await db.fetchall("SELECT id, name FROM wards WHERE area_id = ? ORDER BY name",
                              (area["id"],))
    names = {w["id"]: w["name"] for w in wards}
    return Place(area["id"], area["name"], ward_id, names.get(ward_id),
                 tuple((w["id"], w["name"]) for w in wards))


# --- the place's meetings, and the assembly votes on its shortlist ----------------------------

async def meetings(db: Database, p: Place) -> list[store.Meeting]:
    return await store.ward_meetings(db, [p.ward_id] if p.ward_id else [w for w, _ in p.wards])


@dataclass(frozen=True)
class Option:
    name: str
    statement: str
    theme_id: int | None = None  # a ward assembly's option
    demands: tuple[int, ...] = ()  # an area assembly's option: the ward demands it groups


async def create_assembly(db: Database, p: Place, meeting: int | tuple[int, str, str],
                          options: list[Option], seats: int, actor: str) -> int:
    """An assembly vote (a vote of kind 'assembly' whose options are the themes or groups of
    demands) at an existing meeting (its id) or a new one (ward id, venue, starts at)."""
    meeting_id = meeting if isinstance(meeting, int) else await store.create_meeting(
        db, *meeting, actor)

    async def record(conn, vote_id: int, option_ids: list[int]) -> None:
        await conn.execute("INSERT INTO assemblies (primary_id, area_id, ward_id, created_at)"
                           " VALUES (?, ?, ?, ?)", (vote_id, p.area_id, p.ward_id, stamp()))
        await conn.executemany(
            "INSERT INTO assembly_options (option_id, theme_id, demands) VALUES (?, ?, ?)",
            [(i, o.theme_id, json.dumps(list(o.demands)))
             for i, o in zip(option_ids, options, strict=True)])
        await log(conn, actor, "assembly vote created",
                  f"primary {vote_id}: {p.title}, {len(options)} options, {seats} places")

    return await store.create_vote(
        db, meeting_id, f"{p.ward or p.area} assembly: the shortlist", seats, actor,
        kind="assembly", options=[(o.name, o.statement) for o in options], then=record)


async def _assembly_ids(db: Database, p: Place) -> list[int]:
    rows = await db.fetchall("SELECT primary_id FROM assemblies WHERE area_id = ?"
                             " AND ward_id IS ?", (p.area_id, p.ward_id))
    return [r["primary_id"] for r in rows]


async def assemblies(db: Database, p: Place) -> list[store.Vote]:
    return await store.votes(db, await _assembly_ids(db, p))


# --- the shortlist: the later of the last counted assembly and the last show of hands --------

@dataclass(frozen=True)
class Shortlist:
    how: str  # 'assembly' or 'show of hands'
    at: str
    items: tuple  # a ward: theme ids; an area: tuples of ward demand ids; in place order
    primary_id: int | None = None
    names: tuple[str, ...] = ()  # an assembly's: each item's wording on the ballot


async def shortlist(db: Database, p: Place) -> Shortlist | None:
    counted = max(await results.results(db, await _assembly_ids(db, p)),
                  key=lambda r: (r.counted_at, r.vote_id), default=None)
    hands = await db.fetchone(
        "SELECT * FROM hands WHERE area_id = ? AND ward_id IS ? ORDER BY id DESC LIMIT 1",
        (p.area_id, p.ward_id))
    if hands is not None and (counted is None or hands["recorded_at"] >= counted.counted_at):
        items = json.loads(hands["items"])
        return Shortlist("show of hands", hands["recorded_at"],
                         tuple(i if p.ward_id else tuple(i) for i in items))
    if counted is None:
        return None
    rows = await db.fetchall(
        "SELECT * FROM assembly_options WHERE option_id IN (SELECT value FROM json_each(?))",
        (json.dumps(counted.winner_ids),))
    stands_for = {r["option_id"]: r["theme_id"] if p.ward_id
                  else tuple(json.loads(r["demands"])) for r in rows}
    names = tuple(name for name, i in zip(counted.winners, counted.winner_ids, strict=True)
                  if i in stands_for)[:charter.MOST]
    return Shortlist("assembly", counted.counted_at,
                     tuple(charter.places(counted.winner_ids, stands_for)), counted.vote_id,
                     names)


async def record_hands(db: Database, p: Place, items: list, actor: str) -> None:
    async with db.transaction() as conn:
        await conn.execute("INSERT INTO hands (area_id, ward_id, items, recorded_at, actor)"
                           " VALUES (?, ?, ?, ?, ?)",
                           (p.area_id, p.ward_id, json.dumps(items), stamp(), actor))
        await log(conn, actor, "shortlist recorded", f"{p.title}: show of hands, {len(items)}")


# --- programmes in versions ------------------------------------------------------------------

@dataclass(frozen=True)
class Written:
    """A demand as written into a version of a programme, with the evidence for it."""

    id: int
    version_id: int
    position: int
    text: str
    target: str
    theme_id: int | None
    doorsteps: int
    quotes: tuple[str, ...]
    wards: tuple[str, ...]
    of_wards: int
    source: str


@dataclass(frozen=True)
class Version:
    """A version of a place's programme: a draft, or frozen with its canonical text."""

    id: int
    area_id: int
    ward_id: int | None
    number: int
    created_at: str
    frozen_at: str | None
    canonical: str | None
    sha256: str | None
    demands: tuple[Written, ...] = ()


async def versions(db: Database, p: Place) -> list[Version]:
    """Every version of the place's programme, newest first, each with its demands."""
    rows = await db.fetchall(
        "SELECT * FROM versions WHERE area_id = ? AND ward_id IS ? ORDER BY number DESC",
        (p.area_id, p.ward_id))
    return await _with_demands(db, many(Version, rows))


async def version(db: Database, version_id: int) -> Version:
    row = await db.fetchone("SELECT * FROM versions WHERE id = ?", (version_id,))
    if row is None:
        raise NotFound
    return (await _with_demands(db, [one(Version, row)]))[0]


async def _with_demands(db: Database, found: list[Version]) -> list[Version]:
    rows = await db.fetchall(
        "SELECT * FROM demands WHERE version_id IN (SELECT value FROM json_each(?))"
        " ORDER BY position", (json.dumps([v.id for v in found]),))
    written = [one(Written, {**dict(d), "quotes": tuple(json.loads(d["quotes"])),
                             "wards": tuple(json.loads(d["wards"]))}) for d in rows]
    return [replace(v, demands=tuple(d for d in written if d.version_id == v.id))
            for v in found]


async def _draft(conn, p: Place) -> int:
    """The place's draft version, made now (a copy of the last frozen one) if there is none."""
    cur = await conn.execute(
        "SELECT id, frozen_at, number FROM versions WHERE area_id = ? AND ward_id IS ?"
        " ORDER BY number DESC LIMIT 1", (p.area_id, p.ward_id))
    last = await cur.fetchone()
    if last is not None and last["frozen_at"] is None:
        return last["id"]
    cur = await conn.execute(
        "INSERT INTO versions (area_id, ward_id, number, created_at) VALUES (?, ?, ?, ?)"
        " RETURNING id", (p.area_id, p.ward_id, (last["number"] if last else 0) + 1, stamp()))
    draft = (await cur.fetchone())[0]
    if last is not None:
        await conn.execute(
            "INSERT INTO demands (version_id, position, text, target, theme_id, doorsteps,"
            " quotes, wards, of_wards, source) SELECT ?, position, text, target, theme_id,"
            " doorsteps, quotes, wards, of_wards, source FROM demands WHERE version_id = ?"
            " ORDER BY position",
            (draft, last["id"]))
    return draft


async def new_version(db: Database, p: Place, actor: str) -> None:
    async with db.transaction() as conn:
        draft = await _draft(conn, p)
        await log(conn, actor, "programme version started", f"{p.title}: version row {draft}")


@dataclass(frozen=True)
class Evidence:
    doorsteps: int
    quotes: tuple[str, ...] = ()
    theme_id: int | None = None
    wards: tuple[str, ...] = ()
    of_wards: int = 0
    source: str = ""  # the shortlist item's key: a theme id, or the grouped demands' ids


FIVE = ("This programme already has five demands, the most it can have. Remove one before "
        "adding another.")


async def add_demand(db: Database, p: Place, d: Demand, e: Evidence, actor: str) -> None:
    async with db.transaction() as conn:
        draft = await _draft(conn, p)
        cur = await conn.execute("SELECT COUNT(*) FROM demands WHERE version_id = ?", (draft,))
        if (await cur.fetchone())[0] >= charter.MOST:
            raise Refused(FIVE)
        try:
            await conn.execute(
                "INSERT INTO demands (version_id, position, text, target, theme_id, doorsteps,"
                " quotes, wards, of_wards, source) SELECT ?, COALESCE(MAX(position), 0) + 1,"
                " ?, ?, ?, ?, ?, ?, ?, ? FROM demands WHERE version_id = ?",
                (draft, d.text, d.target, e.theme_id, e.doorsteps, json.dumps(list(e.quotes)),
                 json.dumps(list(e.wards)), e.of_wards, e.source, draft))
        except IntegrityError:
            raise Refused(FIVE) from None
        await log(conn, actor, "demand added", f"{p.title}: {d.text[:80]!r}")


async def _draft_demand(conn, p: Place, position: int | None) -> tuple[int, dict]:
    draft = await _draft(conn, p)
    cur = await conn.execute("SELECT * FROM demands WHERE version_id = ? AND position = ?",
                             (draft, position or 0))
    row = await cur.fetchone()
    if row is None:
        raise Refused("That demand is not in this programme any more. Look at the page again.")
    return draft, dict(row)


async def edit_demand(db: Database, p: Place, position: int | None, d: Demand,
                      actor: str) -> None:
    async with db.transaction() as conn:
        _, row = await _draft_demand(conn, p, position)
        await conn.execute("UPDATE demands SET text = ?, target = ? WHERE id = ?",
                           (d.text, d.target, row["id"]))
        await log(conn, actor, "demand changed", f"{p.title}: {position}. {d.text[:80]!r}")


async def remove_demand(db: Database, p: Place, position: int | None, actor: str) -> None:
    async with db.transaction() as conn:
        draft, row = await _draft_demand(conn, p, position)
        await conn.execute("DELETE FROM demands WHERE id = ?", (row["id"],))
        cur = await conn.execute("SELECT id FROM demands WHERE version_id = ? AND position > ?"
                                 " ORDER BY position", (draft, row["position"]))
        for moved in await cur.fetchall():  # in order, so positions never collide
            await conn.execute("UPDATE demands SET position = position - 1 WHERE id = ?",
                               (moved["id"],))
        await log(conn, actor, "demand removed", f"{p.title}: {row['text'][:80]!r}")


async def move_demand(db: Database, p: Place, position: int | None, step: int,
                      actor: str) -> bool:
    """Swap a draft's demand with the one `step` (-1 up, +1 down) from it; False, nothing
    changed, when it is first or last already. A frozen version is never reordered."""
    async with db.transaction() as conn:
        cur = await conn.execute("SELECT id FROM versions WHERE area_id = ? AND ward_id IS ?"
                                 " AND frozen_at IS NULL", (p.area_id, p.ward_id))
        if await cur.fetchone() is None:
            raise Refused("This version is frozen and never changes. To change the order, "
                          "start a new version.")
        draft, row = await _draft_demand(conn, p, position)
        cur = await conn.execute("SELECT id FROM demands WHERE version_id = ? AND position = ?",
                                 (draft, row["position"] + step))
        other = await cur.fetchone()
        if other is None:
            return False
        # SQLite checks UNIQUE (version_id, position) row by row and positions are 1..5, so the
        # demand steps out (deleted, then put back under its own id) while the other takes its
        # place.
        await conn.execute("DELETE FROM demands WHERE id = ?", (row["id"],))
        await conn.execute("UPDATE demands SET position = ? WHERE id = ?",
                           (row["position"], other["id"]))
        row["position"] += step
        await conn.execute(f"INSERT INTO demands ({', '.join(row)})"
                           f" VALUES ({', '.join(['?'] * len(row))})", tuple(row.values()))
        await log(conn, actor, "demand moved",
                  f"{p.title}: {position} to {row['position']}. {row['text'][:80]!r}")
    return True


async def freeze(db: Database, p: Place, actor: str) -> None:
    """Freeze the draft: its canonical text and SHA-256 are stored; it never changes again."""
    async with db.transaction() as conn:
        cur = await conn.execute("SELECT * FROM versions WHERE area_id = ? AND ward_id IS ?"
                                 " AND frozen_at IS NULL", (p.area_id, p.ward_id))
        draft = await cur.fetchone()
        if draft is None:
            raise Refused("There is no draft to freeze: the latest version is frozen already.")
        cur = await conn.execute("SELECT text, target FROM demands WHERE version_id = ?"
                                 " ORDER BY position", (draft["id"],))
        demands = [Demand(r["text"], r["target"]) for r in await cur.fetchall()]
        if not demands:
            raise Refused("Write at least one demand before freezing the programme.")
        text = charter.canonical(p.title, draft["number"], demands)
        sha = charter.sha256(text)
        await conn.execute("UPDATE versions SET frozen_at = ?, canonical = ?, sha256 = ?"
                           " WHERE id = ?", (stamp(), text, sha, draft["id"]))
        await log(conn, actor, "programme frozen",
                  f"{p.title}: version {draft['number']}, sha256 {sha}")


@dataclass(frozen=True)
class WardProgramme:
    ward_id: int
    ward: str
    version: Version | None  # the latest frozen version, else the draft, else none yet


async def ward_demands(db: Database, p: Place) -> list[WardProgramme]:
    """Each ward of the area with the demands of its programme as it stands: the latest frozen
    version, else the draft."""
    out = []
    for ward_id, name in p.wards:
        row = await db.fetchone(
            "SELECT * FROM versions WHERE ward_id = ? ORDER BY frozen_at IS NULL, number DESC"
            " LIMIT 1", (ward_id,))
        found = await _with_demands(db, [one(Version, row)] if row else [])
        out.append(WardProgramme(ward_id, name, found[0] if found else None))
    return out
