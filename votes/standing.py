"""People who stand as a vote's options: a nominee (kept by primary/) is an option of the ward's
next vote. The vote package writes its own options; the caller passes its transaction, so its
own rows (the nominee's answer) change in the same commit."""

from __future__ import annotations

import json

from db import Database, IntegrityError
from rowdata import many, one
from votes import store
from votes.store import Clash, Vote


async def stands(db: Database, person_ids: list[int]) -> dict[int, int]:
    """How many votes each of these people is an option in (absent: none)."""
    rows = await db.fetchall(
        "SELECT nominee_id, COUNT(*) AS n FROM candidates WHERE nominee_id IN"
        " (SELECT value FROM json_each(?)) GROUP BY nominee_id", (json.dumps(person_ids),))
    return {r["nominee_id"]: r["n"] for r in rows}


async def latest_vote(db: Database, person_id: int) -> Vote | None:
    """The newest vote this person is an option in, with where and when its meeting is."""
    row = await db.fetchone("SELECT MAX(primary_id) FROM candidates WHERE nominee_id = ?",
                            (person_id,))
    return None if row[0] is None else await store.primary(db, row[0])


async def votes_of(conn, person_id: int) -> list[Vote]:
    """Every vote this person is an option in."""
    cur = await conn.execute(
        "SELECT candidates.id AS candidate_id, primaries.* FROM candidates"
        " JOIN primaries ON primaries.id = primary_id WHERE nominee_id = ?", (person_id,))
    return many(Vote, await cur.fetchall())


async def next_vote_in(conn, ward_id: int, kind: str) -> Vote | None:
    """The ward's latest vote of this kind that has not opened: the one new options join."""
    cur = await conn.execute(
        "SELECT primaries.* FROM primaries JOIN meetings ON meetings.id = meeting_id"
        " WHERE ward_id = ? AND opened_at IS NULL AND kind = ?"
        " ORDER BY primaries.id DESC LIMIT 1", (ward_id, kind))
    row = await cur.fetchone()
    return None if row is None else one(Vote, row)


async def stand(conn, person_id: int, vote_id: int | None, name: str, statement: str) -> None:
    """The person stands in this vote only (in none if `vote_id` is None), under this name.
    Clash if another option of the vote has the name."""
    await stand_down(conn, person_id)
    if vote_id is None:
        return
    try:
        await conn.execute(
            "INSERT INTO candidates (primary_id, name, statement, nominee_id)"
            " VALUES (?, ?, ?, ?)", (vote_id, name, statement, person_id))
    except IntegrityError:
        raise Clash(f"There is already a candidate called {name} on this ballot.") from None


async def stand_down(conn, person_id: int) -> None:
    """The person is an option in no vote (the caller checks the votes may still change)."""
    await conn.execute("DELETE FROM candidates WHERE nominee_id = ?", (person_id,))


async def seat(conn, vote_id: int, people: list[tuple[int, str, str]]) -> list[str]:
    """Each (person id, name, statement) not standing anywhere yet becomes an option of the vote
    (a name the vote has already is skipped); returns the names added."""
    added = []
    for person_id, name, statement in people:
        cur = await conn.execute(
            "INSERT OR IGNORE INTO candidates (primary_id, name, statement, nominee_id)"
            " SELECT ?, ?, ?, ? WHERE NOT EXISTS"
            " (SELECT 1 FROM candidates WHERE nominee_id = ?) RETURNING name",
            (vote_id, name, statement, person_id, person_id))
        added += [r["name"] for r in await cur.fetchall()]
    return added
