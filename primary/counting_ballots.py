"""Ballots as a count sees them: distinct ranking patterns with weights.

Every rule about reading a ballot that does not depend on who is still in the count (skipped
ranks, duplicates, overvotes that exhaust or are skipped, the maximum number of rankings,
excluded candidates) is applied once, up front: a ballot becomes a short tuple of steps, and
identical step tuples are merged. A step is a candidate number, or a tuple of candidate numbers
for an overvote whose fate depends on how many of them are still continuing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from primary.counting_rules import OVERVOTE, Rules

Ranks = tuple[tuple[str, ...], ...]
Step = int | tuple[int, ...]


@dataclass(frozen=True)
class Patterns:
    steps: list[tuple[Step, ...]]  # per distinct pattern; () = exhausted from the start
    counts: list[int]              # ballots with that pattern
    blank: int                     # ballots with no marks at all (undervotes, never counted)
    dynamic: bool                  # True if any step is an overvote group


def compile_ballots(
    ballots: Iterable[tuple[Sequence[Sequence[str]], int]],
    candidates: Sequence[str],
    rules: Rules,
) -> Patterns:
    """Group ballots into patterns; ValueError names a candidate that is not standing."""
    index = {name: i for i, name in enumerate(candidates)}
    excluded = frozenset(index[n] for n in rules.excluded if n in index)
    code = _Codes(index, excluded)
    limit = rules.max_rankings
    merged: dict[tuple[Step, ...], int] = {}
    blank = 0
    for ranks, count in ballots:
        # Fast path: one standing candidate per rank, none repeated, nothing skipped.
        codes = tuple(map(code.__getitem__, ranks))
        if codes and min(codes) >= 0 and len(set(codes)) == len(codes):
            steps = codes if limit is None else codes[:limit]
        else:
            steps = _compile_one(ranks, index, rules, excluded)
            if steps is None:
                blank += count
                continue
        merged[steps] = merged.get(steps, 0) + count
    dynamic = any(type(s) is tuple for steps in merged for s in steps)
    return Patterns(list(merged), list(merged.values()), blank, dynamic)


class _Codes(dict):
    """Marks at one rank -> candidate number, or -1 when the rank needs the full rules."""

    def __init__(self, index: dict[str, int], excluded: frozenset[int]):
        super().__init__()
        self.index, self.excluded = index, excluded

    def __missing__(self, marks) -> int:
        c = -1
        if len(marks) == 1 and marks[0] in self.index:
            c = self.index[marks[0]]
            if c in self.excluded:
                c = -1
        self[marks] = c
        return c


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


def next_holder(steps: tuple[Step, ...], pos: int, continuing: list[bool]) -> tuple[int, int]:
    """The first continuing choice at or after `pos`: (candidate, position), or (-1, position)."""
    n = len(steps)
    while pos < n:
        step = steps[pos]
        if type(step) is int:
            if continuing[step]:
                return step, pos
        else:
            live = [c for c in step if continuing[c]]
            if len(live) > 1:  # an overvote between two continuing candidates exhausts
                return -1, pos
            if live:
                return live[0], pos
        pos += 1
    return -1, pos
