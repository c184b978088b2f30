"""Which themes stand for the assembly: at most five, most residents first, and for each theme
passed over on the way, why (the review page says it, so the choice explains itself). Pure."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from programme.clustering.clauses import is_no_demand

if TYPE_CHECKING:
    from programme.clustering.themes import Theme

SHORTLIST = 5
LOOSE = ("loose: its answers are less alike than in most of this ward's themes, so it mixes "
         "demands. Split it, or move answers out, to shortlist what it holds")


def choose(themes: Sequence[Theme], size: int = SHORTLIST) -> tuple[tuple[int, ...],
                                                                   dict[int, str]]:
    """The shortlist (indexes into `themes`, best first), and the reason each theme ranked above
    its last place was passed over: never one marked or labelled as no demand, never a theme of
    one respondent, never two with the same label, and with many themes to choose from only the
    tighter half (big loose themes are catch-alls)."""
    picked: list[int] = []
    why: dict[int, str] = {}
    labels: set[str] = set()
    ranked = sorted(range(len(themes)), key=lambda i: (-themes[i].respondents, i))
    coh = sorted(t.cohesion for t in themes if not t.not_a_demand and t.respondents >= 2)
    floor = coh[len(coh) // 2] if len(coh) > 2 * size else 0.0
    for i in ranked:
        if len(picked) == size:
            break
        t = themes[i]
        if t.not_a_demand:
            why[i] = "marked “not a demand”"
        elif t.respondents < 2:
            why[i] = "one resident"
        elif is_no_demand(t.label):
            why[i] = "its name asks for nothing (“nothing”, praise); rename it if it is a demand"
        elif t.cohesion < floor:
            why[i] = LOOSE
        elif t.label.lower() in labels:
            why[i] = "named like a theme above it: merge them, or rename one"
        else:
            picked.append(i)
            labels.add(t.label.lower())
    return tuple(picked), why


def shortlist(themes: Sequence[Theme], size: int = SHORTLIST) -> tuple[int, ...]:
    return choose(themes, size)[0]
