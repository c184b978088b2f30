"""Ballots as a count sees them: distinct ranking patterns with weights, as flat numbers.

Every rule about reading a ballot that does not depend on who is still in the count (skipped
ranks, duplicates, overvotes that exhaust or are skipped, the maximum number of rankings,
excluded candidates) is applied once, up front. A ballot becomes a short run of steps, and all
runs sit end to end in one list of numbers: a candidate's number, or, for an overvote whose fate
depends on how many of its candidates are still continuing, `candidates + k` for group k.
"""

from __future__ import annotations

import operator
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, repeat
from operator import itemgetter

from votes.counting.rules import OVERVOTE, Rules

Ranks = tuple[tuple[str, ...], ...]
Step = int | tuple[int, ...]


@dataclass(frozen=True)
class Patterns:
    cells: bytes | list[int]  # every pattern's steps, one pattern after another
    starts: list[int]   # pattern p's steps are cells[starts[p]:starts[p + 1]]
    counts: list[int]   # ballots with that pattern
    blank: int          # ballots with no marks at all (undervotes, never counted)
    groups: list[tuple[int, ...]]  # overvote groups; step `candidates + k` is groups[k]
    candidates: int


@dataclass(frozen=True)
class Columns:
    """Distinct rankings end to end, as a fast reader produces them: ranking b's ranks are
    cells[starts[b]:starts[b + 1]], cast counts[b] times; `marks` gives the names marked in each
    cell (cells are keys such as the cell's text, so each distinct one is read once).

    Iterating gives the usual (ranks, count) pairs, so it goes wherever those go.
    """

    cells: list[Hashable]
    marks: Mapping[Hashable, tuple[str, ...]]
    starts: list[int]
    counts: list[int]

    def __iter__(self):
        cells, starts = self.cells, self.starts
        rows = map(cells.__getitem__, map(slice, starts, starts[1:]))
        ranks = map(tuple, map(map, repeat(self.marks.__getitem__), rows))
        return zip(ranks, self.counts, strict=True)

    def __len__(self) -> int:
        return len(self.counts)


def compile_ballots(
    ballots: Iterable[tuple[Sequence[Sequence[str]], int]] | Columns,
    candidates: Sequence[str],
    rules: Rules,
) -> Patterns:
    """Group ballots into patterns; ValueError names a candidate that is not standing."""
    if not isinstance(ballots, (list, Columns)):
        ballots = list(ballots)
    index = {name: i for i, name in enumerate(candidates)}
    excluded = frozenset(index[n] for n in rules.excluded if n in index)
    simple = _compile_simple(ballots, index, excluded, rules) if ballots else None
    if simple is not None:
        return simple
    merged: dict[tuple[Step, ...], int] = {}
    blank = 0
    for ranks, count in ballots:
        steps = _compile_one(ranks, index, rules, excluded)
        if steps is None:
            blank += count
        else:
            merged[steps] = merged.get(steps, 0) + count
    n = len(index)
    groups: dict[tuple[int, ...], int] = {}
    cells = [s if type(s) is int else n + groups.setdefault(s, len(groups))
             for steps in merged for s in steps]
    starts = list(accumulate(map(len, merged), initial=0))
    return Patterns(cells, starts, list(merged.values()), blank, list(groups), n)


def _compile_simple(ballots, index, excluded, rules: Rules) -> Patterns | None:
    """The common case in C-speed passes: one standing candidate per rank, nothing skipped.

    A repeated candidate is kept: it has left the count by the time a ballot reaches it again,
    so it is passed over like any other. None when some ballot needs the full rules.
    """
    if rules.duplicate != "skip":
        return None
    code = {(name,): c for name, c in index.items() if c not in excluded}
    if isinstance(ballots, Columns):
        marks, starts, counts = ballots.cells, ballots.starts, ballots.counts
        try:  # each distinct cell looked up once, then every cell by its key
            code = {key: code[m] for key, m in ballots.marks.items() if m in code}
        except TypeError:
            return None
    else:
        rankings, counts = list(map(itemgetter(0), ballots)), list(map(itemgetter(1), ballots))
        marks = chain.from_iterable(rankings)
        starts = list(accumulate(map(len, rankings), initial=0))
    # bytes when every number fits in one: indexes like a list, and numpy reads it in place
    pack = bytes if len(index) < 256 else list
    try:
        cells = pack(map(code.__getitem__, marks))
    except (KeyError, TypeError):
        return None
    limit = rules.max_rankings
    if limit is not None and max(map(operator.sub, starts[1:], starts), default=0) > limit:
        return None
    blank = 0
    if len(set(starts)) < len(starts):  # no marks at all: a blank ballot, not a pattern
        lengths = list(map(operator.sub, starts[1:], starts))
        blank = sum(n for n, k in zip(counts, lengths, strict=True) if not k)
        counts = [n for n, k in zip(counts, lengths, strict=True) if k]
        starts = list(accumulate((k for k in lengths if k), initial=0))
    return Patterns(cells, starts, list(counts), blank, [], len(index))


def _compile_one(
    ranks: Sequence[Sequence[str]],
    index: dict[str, int],
    rules: Rules,
    excluded: frozenset[int],
) -> tuple[Step, ...] | None:
    """One ballot's steps, or None if nothing is marked."""
    if not any(ranks):
        return None
    limit = len(ranks) if rules.max_rankings is None else rules.max_rankings
    max_skip = rules.max_skipped_ranks
    steps: list[Step] = []
    marked: set[str] = set()
    last = 0
    for position, marks in enumerate(ranks[:limit], start=1):
        if not marks:
            continue
        if max_skip is not None and position - last > max_skip + 1:
            break
        last = position
        if rules.duplicate == "exhaust":
            if any(m in marked for m in marks):
                break
            marked.update(marks)
        if len(marks) > 1 or marks[0] == OVERVOTE:
            if rules.overvote == "always_skip_to_next_rank":
                continue
            if rules.overvote == "exhaust_immediately" or OVERVOTE in marks:
                break
            group = tuple(dict.fromkeys(_number(m, index) for m in marks))
            group = tuple(c for c in group if c not in excluded)
            if len(group) > 1:
                steps.append(group)
            elif group and group[0] not in steps:
                steps.append(group[0])
            continue
        c = _number(marks[0], index)
        # A candidate marked again later can never be reached while continuing: drop the repeat.
        if c not in excluded and c not in steps:
            steps.append(c)
    return tuple(steps)


def _number(name: str, index: dict[str, int]) -> int:
    try:
        return index[name]
    except KeyError:
        raise ValueError(f"a ballot ranks {name!r}, who is not a candidate") from None
