"""All SQL for themes: a ward's clustering runs, its current themes, and where each answer is.

A theme row is never deleted: one that disappears gets `retired_at` (see migrations/0004).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from audit import log, stamp
from db import Database
from programme.themes import Member, Params, Run, Saved, ThemeRow
from rowdata import many, one


@dataclass(frozen=True)
class FiledPart:
    """A part of an answer as a theme's list shows it, with the whole answer it came from."""

    doorstep_id: int
    clause: str  # the part
    answer: str  # the whole answer
    counted_in: int | None  # a theme holding another part of the same answer


# The answers the themes are made of: what the resident would improve, when they said something.
ANSWERED = "ward_id = ? AND outcome = 'talked' AND trim(improve) <> ''"


async def answers(db: Database, ward_id: int, upto: int | None = None) -> dict[int, str]:
    """The ward's answers by doorstep id, oldest first (those up to `upto`, if given)."""
    rows = await db.fetchall(
        f"SELECT id, improve FROM doorsteps WHERE {ANSWERED} AND id <= ? ORDER BY id",
        (ward_id, upto if upto is not None else 2**62))
    return {r["id"]: r["improve"] for r in rows}


async def new_answers(db: Database, ward_id: int) -> int:
    """Answers not yet sorted into the themes (0 before the first run)."""
    return await db.fetchval(
        f"SELECT COUNT(*) FROM doorsteps WHERE {ANSWERED}"
        " AND EXISTS (SELECT 1 FROM theme_runs WHERE theme_runs.ward_id = doorsteps.ward_id)"
        " AND NOT EXISTS (SELECT 1 FROM theme_members AS m WHERE m.doorstep_id = doorsteps.id)",
        (ward_id,))


async def saved(db: Database, ward_id: int) -> Saved | None:
    """The ward's review as it stands, or None if nobody has found its themes yet."""
    run = await db.fetchone("SELECT * FROM theme_runs WHERE ward_id = ? ORDER BY id DESC LIMIT 1",
                            (ward_id,))
    if run is None:
        return None
    themes = await db.fetchall(
        "SELECT * FROM themes WHERE ward_id = ? AND retired_at IS NULL ORDER BY position, id",
        (ward_id,))
    members = await db.fetchall(
        "SELECT doorstep_id, clause, place, theme_id FROM theme_members WHERE ward_id = ?"
        " ORDER BY id", (ward_id,))
    return Saved(
        Run(run["id"], run["k"], run["min_themes"], run["max_themes"], run["seed"],
            run["answers"], run["millis"], run["actor"], run["at"], run["version"]),
        tuple(ThemeRow(t["id"], t["label"], bool(t["renamed"]), bool(t["not_a_demand"]),
                       t["position"], t["shortlist"], t["respondents"],
                       tuple(json.loads(t["terms"])), tuple(json.loads(t["quotes"])),
                       t["extra"])
              for t in themes),
        tuple(Member(m["doorstep_id"], m["clause"], m["place"], m["theme_id"]) for m in members))


class Stale(Exception):
    """The ward's themes changed after the version an edit was made from: nothing was saved."""


async def version(conn, ward_id: int) -> int:
    """The version of the ward's themes (0 before the first run): see migrations/0019."""
    cur = await conn.execute(
        "SELECT version FROM theme_runs WHERE ward_id = ? ORDER BY id DESC LIMIT 1", (ward_id,))
    row = await cur.fetchone()
    return row[0] if row else 0


async def save(db: Database, ward_id: int, seen: int, themes: list[ThemeRow],
               members: list[Member], actor: str, kind: str, detail: str,
               run: tuple[Params, int, int, int] | None = None) -> None:
    """Make `themes` (from themes.to_rows) the ward's current themes and `members` its answers'
    places, in one transaction, if the ward's themes are still at version `seen` (the one the
    change was made from); else raise Stale and change nothing. With `run` (params, seed,
    answers, millis) this is a new clustering: every current theme is retired and the new ones
    belong to the run."""
    now = stamp()
    async with db.transaction() as conn:
        # Write transactions run one at a time on both databases (db.py, db_postgres.py), so
        # the version read here is still the version when this one commits.
        if await version(conn, ward_id) != seen:
            raise Stale
        if run is not None:
            p, seed, count, millis = run
            cur = await conn.execute(
                "INSERT INTO theme_runs (ward_id, k, min_themes, max_themes, seed, answers,"
                " millis, actor, at, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (ward_id, p.k, p.min_themes, p.max_themes, seed, count, millis, actor, now,
                 seen + 1))
            run_id = (await cur.fetchone())[0]
            keep: set[int] = set()  # a new clustering: every theme is new
        else:
            cur = await conn.execute(
                "UPDATE theme_runs SET version = ? WHERE id = (SELECT MAX(id) FROM theme_runs"
                " WHERE ward_id = ?) RETURNING id", (seen + 1, ward_id))
            run_id = (await cur.fetchone())[0]
            keep = {t.id for t in themes if t.id is not None}
        await conn.execute(
            "UPDATE themes SET retired_at = ?, shortlist = NULL WHERE ward_id = ?"
            " AND retired_at IS NULL AND id NOT IN (SELECT value FROM json_each(?))",
            (now, ward_id, json.dumps(sorted(keep))))
        ids: list[int] = []
        for t in themes:
            values = (t.label, int(t.renamed), int(t.not_a_demand), t.position, t.shortlist,
                      t.respondents, json.dumps(list(t.terms)), json.dumps(list(t.quotes)),
                      t.extra, now)
            if t.id is not None and t.id in keep:
                await conn.execute(
                    "UPDATE themes SET label = ?, renamed = ?, not_a_demand = ?, position = ?,"
                    " shortlist = ?, respondents = ?, terms = ?, quotes = ?, extra = ?,"
                    " updated_at = ?"
                    " WHERE id = ?", (*values, t.id))
                ids.append(t.id)
            else:
                cur = await conn.execute(
                    "INSERT INTO themes (label, renamed, not_a_demand, position, shortlist,"
                    " respondents, terms, quotes, extra, updated_at, created_at, ward_id, run_id)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    (*values, now, ward_id, run_id))
                ids.append((await cur.fetchone())[0])
        await conn.execute("DELETE FROM theme_members WHERE ward_id = ?", (ward_id,))
        await conn.executemany(
            "INSERT INTO theme_members (ward_id, doorstep_id, clause, place, theme_id)"
            " VALUES (?, ?, ?, ?, ?)",
            [(ward_id, m.doorstep_id, m.clause, m.place,
              ids[m.theme] if m.theme is not None else None) for m in members])
        await log(conn, actor, kind, f"ward {ward_id}: {detail}")


async def theme_members(db: Database, ward_id: int, place: str, theme_id: int | None = None,
                        limit: int = 100, offset: int = 0) -> tuple[list[FiledPart], int]:
    """One page of the answers in one theme, waiting (unsorted) or in no demand, with their whole
    text and `counted_in`: a theme holding another part of the answer, if any. Waiting parts of
    answers that are in no theme come first; otherwise in the order they were filed. And how
    many there are in all."""
    which = "m.ward_id = ? AND m.place = ? AND (m.theme_id = ? OR CAST(? AS INTEGER) IS NULL)"
    args = (ward_id, place, theme_id, theme_id)
    rows = await db.fetchall(
        "SELECT doorstep_id, clause, answer, counted_in FROM (SELECT m.id, m.place,"
        " m.doorstep_id, m.clause, d.improve AS answer, (SELECT t.theme_id FROM"
        " theme_members AS t WHERE t.ward_id = m.ward_id AND t.doorstep_id = m.doorstep_id"
        " AND t.place = 'theme' AND t.theme_id IS NOT m.theme_id ORDER BY t.id LIMIT 1)"
        " AS counted_in FROM theme_members AS m"
        f" JOIN doorsteps AS d ON d.id = m.doorstep_id WHERE {which}) AS listed"
        " ORDER BY place = 'unsorted' AND counted_in IS NOT NULL, id LIMIT ? OFFSET ?",
        (*args, limit, offset))
    total = await db.fetchone(f"SELECT COUNT(*) AS n FROM theme_members AS m WHERE {which}", args)
    return many(FiledPart, rows), total["n"]


async def counts(db: Database, ward_id: int) -> dict[str, int]:
    """Answers waiting for the organiser (with a part near no theme), the waiting parts, the
    waiting answers no part of which is in a theme, and answers asking for nothing."""
    rows = await db.fetchall(
        "SELECT place, COUNT(DISTINCT doorstep_id) AS n, COUNT(*) AS parts FROM theme_members"
        " WHERE ward_id = ? AND place <> 'theme' GROUP BY place", (ward_id,))
    found = {r["place"]: r for r in rows}
    unfiled = await db.fetchone(
        "SELECT COUNT(DISTINCT doorstep_id) AS n FROM theme_members AS m WHERE ward_id = ?"
        " AND place = 'unsorted' AND NOT EXISTS (SELECT 1 FROM theme_members AS t"
        " WHERE t.ward_id = m.ward_id AND t.doorstep_id = m.doorstep_id AND t.place = 'theme')",
        (ward_id,))
    waiting, nothing = found.get("unsorted"), found.get("no demand")
    return {"waiting": waiting["n"] if waiting else 0,
            "parts": waiting["parts"] if waiting else 0, "unfiled": unfiled["n"],
            "no_demand": nothing["n"] if nothing else 0}


# --- a ward's themes as the programme quotes them ---------------------------------------------

@dataclass(frozen=True)
class Theme:
    """A ward's theme as the programme sees it: its quotes are the parts of answers in it."""

    id: int
    label: str
    respondents: int
    quotes: tuple[str, ...]
    shortlist: int | None = None  # its place on the themes page's shortlist
    passed_over: str | None = None  # why it was left off that shortlist
    retired_at: str | None = None


async def themes(db: Database, ward_id: int) -> list[Theme]:
    """The ward's current themes that are demands, in the themes page's order: each with its
    place on the themes page's shortlist (or None), why it was passed over (if it was), and its
    quotes as the parts of answers that are in the theme."""
    rows = await db.fetchall(
        "SELECT id, label, respondents, quotes, shortlist, extra FROM themes WHERE ward_id = ?"
        " AND retired_at IS NULL AND not_a_demand = 0 ORDER BY position, id", (ward_id,))
    found = [one(Theme, {**dict(r), "quotes": tuple(json.loads(r["quotes"])),
                         "passed_over": json.loads(r["extra"] or "{}").get("passed_over")})
             for r in rows]
    return await _quoted_parts(db, found)


async def themes_by_id(db: Database, ids: list[int]) -> dict[int, Theme]:
    rows = await db.fetchall(
        "SELECT id, label, respondents, quotes, retired_at FROM themes"
        " WHERE id IN (SELECT value FROM json_each(?))", (json.dumps(ids),))
    found = await _quoted_parts(db, [one(Theme, {**dict(r),
                                                 "quotes": tuple(json.loads(r["quotes"]))})
                                     for r in rows])
    return {t.id: t for t in found}


async def _quoted_parts(db: Database, themes: list[Theme]) -> list[Theme]:
    """Each theme's quotes (whole answers) cut to the parts of them filed in that theme: an
    answer about the GP and the bins is quoted under the bins for what it says of the bins. An
    answer with no part on record in the theme is quoted whole."""
    rows = await db.fetchall(
        "SELECT m.theme_id, d.improve, m.clause FROM theme_members AS m"
        " JOIN doorsteps AS d ON d.id = m.doorstep_id WHERE m.place = 'theme'"
        " AND m.theme_id IN (SELECT value FROM json_each(?))"
        " AND d.improve IN (SELECT value FROM json_each(?)) ORDER BY m.id",
        (json.dumps([t.id for t in themes]),
         json.dumps([q for t in themes for q in t.quotes])))
    parts: dict[tuple[int, str], list[str]] = {}
    for r in rows:
        if r["clause"].strip():
            parts.setdefault((r["theme_id"], r["improve"]), []).append(r["clause"].strip())
    return [replace(t, quotes=tuple(_part(q, parts.get((t.id, q), [q])) for q in t.quotes))
            for t in themes]


def _part(answer: str, parts: list[str]) -> str:
    """'…the bins are never emptied': a part from inside the answer says so."""
    quoted = " … ".join(parts)
    return quoted if answer.strip().startswith(parts[0]) else f"…{quoted}"
