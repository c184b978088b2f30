"""Which themes stand for the assembly: at most five, most residents first, and for each theme
passed over on the way, why (the review page says it, so the choice explains itself). Pure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from programme.clustering.clauses import asks

if TYPE_CHECKING:
    from programme.clustering.themes import Theme

SHORTLIST = 5
REVIEWED = 30  # themes an organiser reviews, most residents first; smaller ones fold away
LOOSE = ("loose: its answers are far less alike than in this ward's other themes, so it mixes "
         "demands. Split it, or move answers out, to shortlist what it holds")


def choose(themes: Sequence[Theme], size: int = SHORTLIST) -> tuple[tuple[int, ...],
                                                                   dict[int, str]]:
    """The shortlist (indexes into `themes`, best first), and the reason each theme ranked above
    its last place was passed over: never one marked or labelled as no demand, never a theme of
    one respondent, never two with the same label, and never a catch-all (`loose_below`)."""
    picked: list[int] = []
    why: dict[int, str] = {}
    labels: set[str] = set()
    ranked = sorted(range(len(themes)), key=lambda i: (-themes[i].respondents, i))
    floor = loose_below([t.cohesion for t in themes if not t.not_a_demand and t.respondents >= 2],
                        size)
    for i in ranked[:REVIEWED]:
        if len(picked) == size:
            break
        t = themes[i]
        if t.not_a_demand:
            why[i] = "marked “not a demand”"
        elif t.respondents < 2:
            why[i] = "one resident"
        elif not asks(t.label):
            why[i] = "its name asks for nothing (“nothing”, praise); rename it if it is a demand"
        elif t.cohesion < floor:
            why[i] = LOOSE
        elif t.label.lower() in labels:
            why[i] = "named like a theme above it: merge them, or rename one"
        else:
            picked.append(i)
            labels.add(t.label.lower())
    return tuple(picked), why


def loose_below(cohesions: Sequence[float], size: int = SHORTLIST, spread: float = 3.0) -> float:
    """The cohesion under which a theme is a catch-all: far below this ward's typical theme (the
    median less `spread` times the median distance from it), an outlier, not merely the looser
    half: a big demand's many wordings make it a little less tight than a small theme, and it
    must still stand. Only with many themes to compare."""
    if len(cohesions) <= 2 * size:
        return 0.0
    ordered = sorted(cohesions)
    median = ordered[len(ordered) // 2]
    deviation = sorted(abs(c - median) for c in ordered)[len(ordered) // 2]
    return median - spread * max(deviation, 0.02)  # equally tight themes: no outlier by a hair


def shortlist(themes: Sequence[Theme], size: int = SHORTLIST) -> tuple[int, ...]:
    return choose(themes, size)[0]
