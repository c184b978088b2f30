"""The organisers' ratios: per ward and per week, each step from a door knocked to an online
response, what share of the step before it became this step, and how that changed on the week
before. Pure: whole numbers in, whole numbers out (percentages rounded half up)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from broadcast.highlights import share

STEPS = (("knocked", "Doors knocked"), ("answered", "Doors answered"),
         ("demands", "Answers with a demand"), ("nominations", "Nominations"),
         ("attended", "Meeting attendance (cards activated)"), ("voted", "Votes"),
         ("volunteers", "Volunteers"), ("pledges", "Pledges signed"),
         ("responses", "Online responses"))
BAR_WIDTH = 300  # the longest bar in a week's chart, in SVG units


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    count: int
    ratio: int | None   # per 100 of the step before (None: first step, or nothing before)
    change: int | None  # the ratio's change on the ward's previous week, in points
    bar: int            # the bar's length in the week's chart


@dataclass(frozen=True)
class Week:
    ward_id: int
    monday: str
    steps: list[Step]


def monday(day: str) -> str | None:
    """The Monday of a day's week ('2026-12-03' -> '2026-11-30'); None for a malformed day."""
    try:
        d = date.fromisoformat(day[:10])
    except ValueError:
        return None
    return (d - timedelta(days=d.weekday())).isoformat()


def weeks(counts: list[tuple[int, str, str, int]]) -> list[Week]:
    """(ward, day, step, how many) -> each ward's weeks in order, with ratios and changes."""
    keys = [k for k, _ in STEPS]
    table: dict[tuple[int, str], dict[str, int]] = {}
    for ward_id, day, step, n in counts:
        week = monday(day)
        if week is None or step not in keys or ward_id is None:
            continue
        row = table.setdefault((ward_id, week), dict.fromkeys(keys, 0))
        row[step] += int(n or 0)
    found: list[Week] = []
    previous: dict[int, dict[str, int | None]] = {}
    for (ward_id, week), row in sorted(table.items()):
        ratios: dict[str, int | None] = {}
        for i, key in enumerate(keys):
            before = row[keys[i - 1]] if i else 0
            ratios[key] = share(row[key], before) if i and before else None
        last = previous.get(ward_id, {})
        top = max(row.values()) or 1
        found.append(Week(ward_id, week, [
            Step(key, label, row[key], ratios[key],
                 ratios[key] - last[key] if ratios[key] is not None
                 and last.get(key) is not None else None,
                 row[key] * BAR_WIDTH // top) for key, label in STEPS]))
        previous[ward_id] = ratios
    return found
