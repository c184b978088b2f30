"""A programme's words: demands checked, the canonical text a signature is to, its SHA-256, and
similar ward demands grouped for the area. Pure: no I/O.

The canonical text (what the hash is of, and what a candidate signs):

    UTF-8, Unicode NFC; in every field each run of whitespace becomes one space, none at either
    end; lines end with "\\n", the last one too; nothing else. The lines, in this order:

        Programme: <area> · <ward>            (an area programme: "<area> · area programme")
        Version: <number>
        1. <demand>
           Target: <target>                  (only when the demand has one; three spaces)
        2. ...                               (demands in their fixed order, numbered from 1)

Evidence (doorstep counts, quotes, wards) is shown beside the demands but is not signed.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

MOST = 5  # demands in a programme: the database says so too (migrations/0005)
MAX_TEXT, MAX_TARGET = 300, 200


class Refused(ValueError):
    """Input the organiser or candidate can fix; the message says how. Nothing was changed."""


@dataclass(frozen=True)
class Demand:
    text: str
    target: str = ""


def tidy(text: str) -> str:
    """One space for each run of whitespace, none at the ends, in Unicode NFC."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def demand(text: str, target: str) -> Demand:
    """A demand from the organiser's form, or Refused with a sentence."""
    text, target = tidy(text), tidy(target)
    if not text:
        raise Refused("Write the demand in plain words.")
    if len(text) > MAX_TEXT:
        raise Refused(f"The demand is too long: at most {MAX_TEXT} characters. Say it shorter; "
                      "the evidence stays beside it.")
    if len(target) > MAX_TARGET:
        raise Refused(f"The target is too long: at most {MAX_TARGET} characters.")
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in text + target):
        raise Refused("The demand has a character that cannot be printed. Type it again.")
    return Demand(text, target)


def canonical(title: str, number: int, demands: Sequence[Demand]) -> str:
    lines = [f"Programme: {tidy(title)}", f"Version: {number}"]
    for i, d in enumerate(demands, 1):
        lines.append(f"{i}. {tidy(d.text)}")
        if tidy(d.target):
            lines.append(f"   Target: {tidy(d.target)}")
    return "\n".join(lines) + "\n"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def short(sha: str) -> str:
    """The hash as people read it out: the first 16 hex digits in groups of four."""
    return " ".join(sha[i:i + 4] for i in range(0, 16, 4))


# --- grouping similar ward demands across the area --------------------------------------------

STOP = frozenset(
    "a an and are as at be by for from in into is it of on or our so that the their this to "
    "we with more less all every ward area local people residents make get stop keep new".split())
WORD = re.compile(r"[a-z0-9]+")
ALIKE = 0.34  # Jaccard overlap of content words above which two demands are one group


@dataclass(frozen=True)
class WardDemand:
    id: int
    ward: str
    text: str
    label: str  # the theme's label, words from the doorsteps
    doorsteps: int
    quotes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Group:
    demands: tuple[WardDemand, ...]
    wards_in_area: int
    wards: tuple[str, ...] = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "wards", tuple(dict.fromkeys(d.ward for d in self.demands)))

    @property
    def label(self) -> str:
        return self.demands[0].text

    @property
    def doorsteps(self) -> int:
        return sum(d.doorsteps for d in self.demands)

    @property
    def ids(self) -> tuple[int, ...]:
        return tuple(sorted(d.id for d in self.demands))

    def describe(self) -> str:
        """'demanded in 7 of 9 wards · 1,840 doorsteps'"""
        n, of = len(self.wards), self.wards_in_area
        return (f"demanded in {n} of {of} ward{'s' if of != 1 else ''}"
                f" · {self.doorsteps:,} doorstep{'s' if self.doorsteps != 1 else ''}")


def words(text: str) -> frozenset[str]:
    found = set()
    for w in WORD.findall(text.lower()):
        if w in STOP or len(w) < 3:
            continue
        found.add(w[:-1] if w.endswith("s") and len(w) > 4 else w)  # 'buses' ~ 'buse', 'bus'
    return frozenset(found)


def group(demands: Sequence[WardDemand], wards_in_area: int) -> list[Group]:
    """Similar demands across wards, by overlap of their words (the demand and its theme's
    label): single-link, so a chain of alike demands is one group. Biggest first (wards, then
    doorsteps), ties by the first demand's id: the same input always gives the same groups."""
    bags = [words(f"{d.text} {d.label}") for d in demands]
    parent = list(range(len(demands)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(demands)):
        for j in range(i + 1, len(demands)):
            union = bags[i] | bags[j]
            if union and len(bags[i] & bags[j]) / len(union) >= ALIKE:
                parent[root(j)] = root(i)
    found: dict[int, list[WardDemand]] = {}
    for i, d in enumerate(demands):
        found.setdefault(root(i), []).append(d)
    groups = [Group(tuple(sorted(ds, key=lambda d: (-d.doorsteps, d.id))), wards_in_area)
              for ds in found.values()]
    return sorted(groups, key=lambda g: (-len(g.wards), -g.doorsteps, min(g.ids)))


# --- an assembly's ballot and its result -------------------------------------------------------

def ballot_names(labels: Sequence[str], limit: int = 120) -> list[str]:
    """Candidate names for the options (names are unique on a ballot, case aside)."""
    names: list[str] = []
    seen: set[str] = set()
    for label in labels:
        base = tidy(label)[:limit] or "Unnamed"
        name, n = base, 2
        while name.casefold() in seen:
            name, n = f"{base} ({n})", n + 1
        seen.add(name.casefold())
        names.append(name)
    return names


def statement(doorsteps: int, quotes: Sequence[str], lead: str = "") -> str:
    """'312 doorsteps · “quote” · “quote”', short enough for a phone."""
    parts = [lead] if lead else []
    parts.append(f"{doorsteps:,} doorstep{'s' if doorsteps != 1 else ''}")
    parts += [f"“{tidy(q)[:160]}”" for q in quotes[:2] if tidy(q)]
    return " · ".join(parts)


def places(winners: Sequence[str], names_to_items: dict[str, object]) -> list:
    """The shortlist from a count: the winners in the order they were elected, as items."""
    return [names_to_items[w] for w in winners if w in names_to_items][:MOST]
