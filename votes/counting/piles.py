"""The piles on the counting table: which candidate holds which ballots, and at what value.

Values are fixed-point integers in units of 10**-decimal_places, so every sum is exact and every
product or quotient is explicitly truncated. Only the ballots of a candidate who leaves the count
are looked at again, so a round costs in proportion to the ballots that move.

Two interchangeable tables: `Piles` in plain Python, and `ArrayPiles` (arrays.py) with
numpy int64 for many distinct patterns. `make_piles` chooses; both give identical results.
"""

from __future__ import annotations

import sys

from votes.counting.ballots import Patterns

EXHAUSTED = -1
# None: choose by size (below); True/False force a table, e.g. to test both on every case.
ARRAYS: bool | None = None
ARRAYS_IF_LOADED = 5_000      # distinct patterns: use numpy if something already imported it
ARRAYS_WORTH_IMPORT = 300_000  # distinct patterns: worth the ~0.1 s numpy import


def make_piles(patterns: Patterns, unit: int, continuing: list[bool]):
    if use_arrays(patterns, unit):
        from votes.counting.arrays import ArrayPiles

        return ArrayPiles(patterns, unit, continuing)
    return Piles(patterns, unit, continuing)


def use_arrays(patterns: Patterns, unit: int) -> bool:
    """numpy only for patterns without overvote groups whose sums fit in int64."""
    if patterns.groups or sum(patterns.counts) * unit >= 2**62 or unit * unit >= 2**62:
        return False
    if ARRAYS is not None:
        return ARRAYS
    size = len(patterns.counts)
    if size >= ARRAYS_WORTH_IMPORT:
        try:
            import numpy  # noqa: F401
        except ImportError:
            return False
        return True
    return size >= ARRAYS_IF_LOADED and "numpy" in sys.modules


def moved_dict(sums: list[int]) -> dict[int, int]:
    """Votes moved to each candidate, then to EXHAUSTED (sums[-1]); zero moves left out."""
    moved = {c: v for c, v in enumerate(sums[:-1]) if v}
    if sums[-1]:
        moved[EXHAUSTED] = sums[-1]
    return moved


class Piles:
    def __init__(self, patterns: Patterns, unit: int, continuing: list[bool]):
        self.n = patterns.candidates
        self.cells, self.starts, self.groups = patterns.cells, patterns.starts, patterns.groups
        self.counts = patterns.counts
        self.values = [unit] * len(self.counts)
        self.weights = [count * unit for count in self.counts]  # count * value, kept in step
        self.pos = self.starts[:-1]
        self.piles: list[list[int]] = [[] for _ in range(self.n)]
        self.spent: list[int] = []  # exhausted patterns
        self.tally = [0] * self.n
        self.exhausted = 0
        if all(continuing) and not self.groups and len(set(self.starts)) == len(self.starts):
            self._start()
        else:
            self._place(range(len(self.counts)), continuing)

    def _start(self) -> None:
        """Everyone is standing and no ballot is empty: each goes to its first choice."""
        piles, weights, sums = self.piles, self.weights, self.tally
        for p, h in enumerate(map(self.cells.__getitem__, self.pos)):
            piles[h].append(p)
            sums[h] += weights[p]

    def _place(self, patterns, continuing: list[bool]) -> dict[int, int]:
        """Give each pattern to its next continuing choice; returns the votes that moved."""
        cells, starts, weights, pos, n = self.cells, self.starts, self.weights, self.pos, self.n
        stop = continuing + [True] * len(self.groups)  # an overvote group needs a closer look
        sums = [0] * (n + 1)  # sums[-1]: exhausted
        add = [pile.append for pile in self.piles]
        add.append(self.spent.append)  # add[EXHAUSTED]
        for p in patterns:
            i, end = pos[p], starts[p + 1]
            while i < end:
                h = cells[i]
                if stop[h]:
                    if h >= n:
                        h, i = self._through_groups(i, end, continuing)
                    break
                i += 1
            else:
                h = EXHAUSTED
            pos[p] = i
            add[h](p)
            sums[h] += weights[p]
        tally = self.tally
        for c in range(n):
            tally[c] += sums[c]
        self.exhausted += sums[-1]
        return moved_dict(sums)

    def _through_groups(self, i: int, end: int, continuing: list[bool]) -> tuple[int, int]:
        """The first continuing choice from cells[i] on, looking inside overvote groups."""
        cells, n = self.cells, self.n
        while i < end:
            c = cells[i]
            if c < n:
                if continuing[c]:
                    return c, i
            else:
                live = [x for x in self.groups[c - n] if continuing[x]]
                if len(live) > 1:  # an overvote between two continuing candidates exhausts
                    return EXHAUSTED, i
                if live:
                    return live[0], i
            i += 1
        return EXHAUSTED, i

    def release(self, candidate: int, continuing: list[bool]) -> dict[int, int]:
        """Pass a candidate's ballots on at their current value (the candidate has left)."""
        mine = self.piles[candidate]
        self.piles[candidate] = []
        self.tally[candidate] = 0
        return self._place(mine, continuing)

    def pass_surplus(self, candidate: int, fraction: int, unit: int,
                     continuing: list[bool]) -> dict[int, int]:
        """Pass each of a winner's ballots on at trunc(value * fraction), fraction in units."""
        mine = self.piles[candidate]
        self.piles[candidate] = []
        self.tally[candidate] = 0
        values, weights, counts = self.values, self.weights, self.counts
        for p in mine:
            values[p] = value = values[p] * fraction // unit
            weights[p] = counts[p] * value
        return self._place(mine, continuing)
