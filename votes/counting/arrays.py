"""The counting table in numpy: the same piles as piles.Piles, one array per fact.

Each distinct pattern is a row of a padded table of candidate numbers (padding: `candidates`,
meaning the ballot is used up). Values and sums are int64 fixed point, every product truncated
by integer division, exactly as the plain-Python table does; make_piles checks they fit.
"""

from __future__ import annotations

import numpy as np

from votes.counting.ballots import Patterns
from votes.counting.piles import moved_dict


class ArrayPiles:
    def __init__(self, patterns: Patterns, unit: int, continuing: list[bool]):
        n = self.n = patterns.candidates
        starts = np.array(patterns.starts, dtype=np.intp)
        lengths = np.diff(starts)
        width = int(lengths.max(initial=0)) + 1  # at least one padding column per row
        self.table = np.full((len(lengths), width), n, dtype=np.uint8 if n < 255 else np.intp)
        cells = patterns.cells
        if isinstance(cells, bytes):
            cells = np.frombuffer(cells, dtype=np.uint8)
        self.table[np.arange(width) < lengths[:, None]] = cells
        self.counts = np.array(patterns.counts, dtype=np.int64)
        self.values = np.full(len(lengths), unit, dtype=np.int64)
        self.weights = self.counts * unit  # count * value, kept in step
        self.pos = np.zeros(len(lengths), dtype=np.intp)
        self.holder = np.full(len(lengths), n, dtype=self.table.dtype)
        self.tally = [0] * n
        self.exhausted = 0
        self._place(np.arange(len(lengths)), continuing)

    def _place(self, rows, continuing: list[bool]) -> dict[int, int]:
        stop = np.ones(self.n + 1, dtype=bool)  # the padding column stops every walk
        stop[: self.n] = continuing
        pos = self.pos[rows]
        held = self.table[rows, pos]
        walking = np.flatnonzero(~stop[held])
        while walking.size:
            pos[walking] += 1
            held[walking] = self.table[rows[walking], pos[walking]]
            walking = walking[~stop[held[walking]]]
        self.pos[rows] = pos
        self.holder[rows] = held
        sums = np.zeros(self.n + 1, dtype=np.int64)  # sums[-1]: exhausted
        np.add.at(sums, held, self.weights[rows])
        sums = sums.tolist()
        for c in range(self.n):
            self.tally[c] += sums[c]
        self.exhausted += sums[-1]
        return moved_dict(sums)

    def release(self, candidate: int, continuing: list[bool]) -> dict[int, int]:
        self.tally[candidate] = 0
        return self._place(np.flatnonzero(self.holder == candidate), continuing)

    def pass_surplus(self, candidate: int, fraction: int, unit: int,
                     continuing: list[bool]) -> dict[int, int]:
        rows = np.flatnonzero(self.holder == candidate)
        self.values[rows] = values = self.values[rows] * fraction // unit
        self.weights[rows] = self.counts[rows] * values
        self.tally[candidate] = 0
        return self._place(rows, continuing)
