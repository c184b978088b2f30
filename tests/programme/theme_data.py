"""Real short answers for the theme review tests: the Bowling Green civic comments (Polis)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from programme import answers, canvass_store
from programme.importing import Plan, Row
from tests import conftest

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
    await canvass_store.import_plan(db, Plan(rows=rows), "answers.csv", "test")


# -- for the review's HTTP tests ----------------------------------------------------------------
ANSWERS = 150  # in the ward `theme_ward` makes (tests/programme/conftest.py)


def rows(settings, sql: str, params=()) -> list[tuple]:
    return conftest.rows(settings, sql, params)


def snapshot(settings) -> list:
    """Everything the review writes."""
    return [rows(settings, f"SELECT * FROM {t} ORDER BY id")
            for t in ("theme_runs", "themes", "theme_members", "events")]


def events(settings, kind: str) -> list[str]:
    return [r[0] for r in rows(settings, "SELECT detail FROM events WHERE kind = ?", (kind,))]


def page(client, ward: int = 1):
    """The ward's theme review page, its context."""
    r = client.get(f"/o/wards/{ward}/themes")
    assert r.status_code == 200 and r.template.name == "programme/themes.html"
    return r.context
