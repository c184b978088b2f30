"""Real short answers for the theme review tests: the Bowling Green civic comments (Polis)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from programme import answers, store
from programme.importing import Plan, Row

BOWLING_GREEN = Path(__file__).parents[1] / "data" / "answers" / "polis_bowling_green.csv"


def real_answers(n: int, skip: int = 0) -> list[str]:
    """`n` moderated Bowling Green comments, in file order after the first `skip`."""
    with BOWLING_GREEN.open(encoding="utf-8") as f:
        rows = [r["text"] for r in csv.DictReader(f) if r["moderated"] == "1"]
    return rows[skip:skip + n]


async def add_answers(db, ward_id: int, texts: list[str], first_row: int = 0) -> None:
    """The answers as one import into the ward (one transaction: quick)."""
    day = date.today().isoformat()
    rows = [Row(first_row + n, ward_id, "Acre Lane", day, "", text, False,
                answers.fingerprint(ward_id, "Acre Lane", day, "", text))
            for n, text in enumerate(texts)]
    await store.import_plan(db, Plan(rows=rows), "answers.csv", "test")
