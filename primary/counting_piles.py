"""The piles on the counting table: which candidate holds which ballots, and at what value.

Values are fixed-point integers in units of 10**-decimal_places, so every sum is exact and every
product or quotient is explicitly truncated. Only the ballots of a candidate who leaves the count
are looked at again, so a round costs in proportion to the ballots that move.
"""

from __future__ import annotations

from primary.counting_ballots import Patterns, next_holder

EXHAUSTED = -1


class Piles:
    def __init__(self, patterns: Patterns, candidates: int, unit: int, continuing: list[bool]):
        self.steps = patterns.steps
        self.counts = patterns.counts
        self.values = [unit] * len(self.steps)
        self.pos = [0] * len(self.steps)
        self.holder = [EXHAUSTED] * len(self.steps)
        self.piles: list[list[int]] = [[] for _ in range(candidates)]
        self.tally = [0] * candidates
        self.exhausted = 0
        self._start(continuing)

    def _start(self, continuing: list[bool]) -> None:
        # Most ballots start with their first choice: only the others need a walk.
        holder, piles, tally, counts, unit = self.holder, self.piles, self.tally, self.counts, \
            self.values[0] if self.values else 1
        walk = []
        for p, steps in enumerate(self.steps):
            first = steps[0] if steps else None
            if type(first) is int and continuing[first]:
                holder[p] = first
                piles[first].append(p)
                tally[first] += counts[p] * unit
            else:
                walk.append(p)
        self._place(walk, continuing, {})

    def _place(self, patterns, continuing: list[bool], moved: dict[int, int]) -> None:
        """Give each pattern to its next continuing choice, adding what moved to `moved`."""
        steps, counts, values, pos = self.steps, self.counts, self.values, self.pos
        holder, piles, tally = self.holder, self.piles, self.tally
        for p in patterns:
            h, at = next_holder(steps[p], pos[p], continuing)
            pos[p] = at
            holder[p] = h
            weight = counts[p] * values[p]
            if h == EXHAUSTED:
                self.exhausted += weight
            else:
                piles[h].append(p)
                tally[h] += weight
            moved[h] = moved.get(h, 0) + weight

    def release(self, candidate: int, continuing: list[bool]) -> dict[int, int]:
        """Pass a candidate's ballots on at their current value (the candidate has left)."""
        mine = self.piles[candidate]
        self.piles[candidate] = []
        self.tally[candidate] = 0
        moved: dict[int, int] = {}
        self._place(mine, continuing, moved)
        return moved

    def pass_surplus(self, candidate: int, fraction: int, unit: int,
                     continuing: list[bool]) -> dict[int, int]:
        """Pass each of a winner's ballots on at trunc(value * fraction), fraction in units."""
        mine = self.piles[candidate]
        self.piles[candidate] = []
        self.tally[candidate] = 0
        values = self.values
        for p in mine:
            values[p] = values[p] * fraction // unit
        moved: dict[int, int] = {}
        self._place(mine, continuing, moved)
        return moved
