"""The numbers organisers steer by: per ward and per day, as table rows and as a bar chart.
Pure: the chart is geometry for an inline SVG (integers, no styles)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

COUNTS = ("doors", "answers", "nominations", "consents", "invited")
LABELS = {"doors": "Doors knocked", "answers": "Answers", "nominations": "Nominations",
          "consents": "Consents", "invited": "Invited"}
WIDTH, HEIGHT, BASE = 600, 160, 140  # the SVG's viewBox; bars stand on y = BASE
WIDEST = 40  # a bar for one day, so a first day does not fill the chart


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    kind: str  # doors or answers: the CSS class
    label: str  # for the bar's <title>


@dataclass(frozen=True)
class Chart:
    ward: str
    bars: list[Bar]
    top: int  # the most doors on one day: the scale
    first_day: str
    last_day: str
    width: int = WIDTH
    height: int = HEIGHT
    base: int = BASE


@dataclass(frozen=True)
class DayNumbers:
    """One ward's canvassing on one day (None: nobody answered, or was invited)."""

    ward_id: int
    ward: str
    area: str
    day: str
    doors: int
    answers: int | None
    nominations: int
    consents: int
    invited: int | None


@dataclass(frozen=True)
class WardNumbers:
    ward_id: int
    ward: str
    area: str
    days: list[dict]  # each: day and the COUNTS
    totals: dict[str, int]


def by_ward(rows: Sequence[DayNumbers]) -> list[WardNumbers]:
    """Rows (one per ward and day, in ward order) grouped into wards, with totals."""
    wards: list[WardNumbers] = []
    for r in rows:
        if not wards or wards[-1].ward_id != r.ward_id:
            wards.append(WardNumbers(r.ward_id, r.ward, r.area, [], dict.fromkeys(COUNTS, 0)))
        day = {"day": r.day, **{c: int(getattr(r, c) or 0) for c in COUNTS}}
        wards[-1].days.append(day)
        for c in COUNTS:
            wards[-1].totals[c] += day[c]
    return wards


def chart(ward: WardNumbers) -> Chart:
    """Per day, a bar of doors knocked with the answers inside it, scaled to the busiest day
    (the last 300 days, if a campaign ever runs longer)."""
    days = ward.days[-(WIDTH // 2):]
    top = max((d["doors"] for d in days), default=0) or 1
    slot = min(WIDTH // max(len(days), 1), WIDEST)
    bars = []
    for i, d in enumerate(days):
        x, width = i * slot + slot // 8, max(slot - slot // 4, 1)
        for kind in ("doors", "answers"):
            height = BASE * d[kind] // top
            bars.append(Bar(x, BASE - height, width, height, kind,
                            f"{d['day']}: {d[kind]} {LABELS[kind].lower()}"))
    return Chart(ward.ward, bars, top, days[0]["day"] if days else "",
                 days[-1]["day"] if days else "")
