"""Counting a closed primary with votes/counting/, and the published ballot set."""

from __future__ import annotations

import json
import random

from db import Database
from votes import ballot_box, counting, phases, store
from votes.projection import votes_text

Ballot = tuple[str, list[str]]  # (receipt, ranking by candidate name)


async def named_ballots(db: Database, primary_id: int) -> tuple[list[str], list[Ballot]]:
    """Candidate names and (receipt, ranking by name) for every ballot cast."""
    candidates = await store.candidates(db, primary_id)
    names = {c.id: c.name for c in candidates}
    ballots = [
        (receipt, [names[i] for i in ranking if i in names])
        for receipt, ranking in await ballot_box.ballots_of(db, primary_id)
    ]
    return [c.name for c in candidates], ballots


async def close_and_count(db: Database, primary_id: int, actor: str) -> dict:
    """The one way a vote ends: close it, then count it. Closing is committed first, so if the
    count fails (or the server stops in between) the vote stays closed and uncounted, its ballots
    kept, and its page offers to count again (count_and_save); nothing is published before."""
    await store.set_phase(db, primary_id, "close", actor)
    return await count_and_save(db, primary_id, actor)


async def count_and_save(db: Database, primary_id: int, actor: str) -> dict:
    """Count a closed vote and save its result, once."""
    primary = await store.primary(db, primary_id)
    phases.require(primary, "count")
    names, ballots = await named_ballots(db, primary_id)
    result = counting.count_primary(names, [r for _, r in ballots], primary.seats,
                                    primary.seed)
    saved = {**result.to_json(), "seed": primary.seed, "candidates": names,
             "method": "irv" if primary.seats == 1 else "stv", "seats": primary.seats,
             "ballots": len(ballots)}
    await store.save_result(db, primary_id, saved, actor)
    return saved


def result_of(primary: store.Vote) -> dict | None:
    return json.loads(primary.result) if primary.result else None


def shuffled(ballots: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
    """Published order: a fresh shuffle, so no order can hint at when a ballot was cast."""
    out = list(ballots)
    random.SystemRandom().shuffle(out)
    return out


def round_table(result: dict | None) -> dict | None:
    """Candidates down, rounds across, for the results page."""
    if not result:
        return None
    rounds = result["rounds"]
    rows = []
    for name in result["candidates"]:
        cells = []
        for r in rounds:
            value = r["tally"].get(name)
            cells.append({"votes": votes_text(value) if value is not None else "",
                          "elected": name in r["elected"], "eliminated": name in r["eliminated"]})
        rows.append({"name": name, "cells": cells, "won": name in result["winners"]})
    exhausted = [votes_text(r.get("exhausted", "0")) for r in rounds]
    return {"rounds": [r["round"] for r in rounds], "rows": rows, "exhausted": exhausted}
