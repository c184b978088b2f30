"""A counted vote's result as a typed object. Both halves read results through here, never the
count's stored JSON: what a vote decided is its winners, as option names and ids."""

from __future__ import annotations

import json
from dataclasses import dataclass

from db import Database


@dataclass(frozen=True)
class Result:
    vote_id: int
    kind: str  # 'primary' (among candidates) or 'assembly' (among demands)
    ward_id: int  # the ward of the meeting the vote was held at
    seats: int
    ballots: int
    winners: tuple[str, ...]  # option names, in the order elected
    winner_ids: tuple[int, ...]  # the same options' ids
    counted_at: str
    published_at: str | None

    @property
    def published(self) -> bool:
        return self.published_at is not None


_COUNTED = (
    "SELECT primaries.id, kind, seats, result, counted_at, published_at, meetings.ward_id"
    " FROM primaries JOIN meetings ON meetings.id = meeting_id"
    " WHERE counted_at IS NOT NULL AND result IS NOT NULL"
)


async def _results(db: Database, where: str, params: tuple) -> list[Result]:
    rows = await db.fetchall(_COUNTED + where + " ORDER BY primaries.id", params)
    options = await db.fetchall(
        "SELECT id, primary_id, name FROM candidates WHERE primary_id IN"
        " (SELECT value FROM json_each(?))", (json.dumps([r["id"] for r in rows]),))
    ids = {(o["primary_id"], o["name"].casefold()): o["id"] for o in options}
    found = []
    for r in rows:
        saved = json.loads(r["result"])
        winners = tuple(saved["winners"])
        found.append(Result(
            r["id"], r["kind"], r["ward_id"], r["seats"], saved.get("ballots", 0), winners,
            tuple(ids[(r["id"], name.casefold())] for name in winners
                  if (r["id"], name.casefold()) in ids),
            r["counted_at"], r["published_at"]))
    return found


async def result(db: Database, vote_id: int) -> Result | None:
    """The vote's result, or None until it has been counted."""
    found = await _results(db, " AND primaries.id = ?", (vote_id,))
    return found[0] if found else None


async def results(db: Database, vote_ids: list[int]) -> list[Result]:
    """The results of those of the votes that have been counted, by vote id."""
    return await _results(db, " AND primaries.id IN (SELECT value FROM json_each(?))",
                          (json.dumps(vote_ids),))


async def published(db: Database, kind: str, ward_ids: list[int]) -> list[Result]:
    """Published results of one kind of vote held in the wards, by vote id."""
    return await _results(
        db, " AND published_at IS NOT NULL AND kind = ?"
        " AND meetings.ward_id IN (SELECT value FROM json_each(?))", (kind, json.dumps(ward_ids)))
