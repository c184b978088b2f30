"""Counting ranked ballots: IRV and STV, round by round, with every tie reported.

`count_primary` is how our own primaries are counted (1 seat: IRV; 2-3 seats: STV; Droop quota,
4 decimal places, ties by earlier rounds then a published seeded draw). `count` is the general
entry that takes any `Rules`, including those of the RCTab and SB 1288 reference cases.
Pure: no I/O. The rules in plain English are in docs/counting.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from votes.counting.ballots import compile_ballots
from votes.counting.piles import make_piles
from votes.counting.result import Result, Round, round_from_units
from votes.counting.rules import Rules, primary_rules, rules_from_dict, with_method
from votes.counting.ties import TieBreak, break_tie

__all__ = [
    "Result", "Round", "Rules", "TieBreak", "count", "count_primary", "rules_from_dict",
    "primary_rules", "with_method",
]


def count_primary(candidates: list[str], rankings: list[list[str]], seats: int,
                  seed: str) -> Result:
    """Count one of our primaries: each ranking lists candidate names, most preferred first."""
    from collections import Counter

    grouped = Counter(map(tuple, rankings))  # identical rankings are counted once, with weight
    ballots = [(tuple((name,) for name in key), n) for key, n in grouped.items()]
    return count(ballots, candidates, seats, primary_rules(seats), seed=seed)


def count(
    ballots: Iterable[tuple[Sequence[Sequence[str]], int]],
    candidates: Sequence[str],
    seats: int,
    rules: Rules,
    seed: str = "",
) -> Result:
    """Count `ballots`, an iterable of (ranks, how many), ranks[i] = names marked at rank i+1."""
    names = list(candidates)
    if len(set(names)) != len(names):
        raise ValueError("a candidate is listed twice")
    if rules.undeclared_write_in and rules.undeclared_write_in not in names:
        names.append(rules.undeclared_write_in)
    if seats < 1 and rules.method != "bottoms_up_threshold":
        raise ValueError("there must be at least one seat to fill")
    patterns = compile_ballots(ballots, names, rules)
    if rules.method == "stv" and rules.stv_style == "sb1288":
        from votes.counting import sb1288

        return sb1288.count_sb1288(patterns, names, seats, rules, seed)
    return _Count(patterns, names, seats, rules, seed).run()


class _Count:
    """One RCTab-style count (IRV, STV, bottoms-up); the state lives only while it runs."""

    def __init__(self, patterns, names: list[str], seats: int, rules: Rules, seed: str):
        self.names, self.seats, self.rules, self.seed = names, seats, rules, seed
        self.unit = 10 ** rules.decimal_places
        self.patterns = patterns
        n = len(names)
        self.continuing = [True] * n
        for name in rules.excluded:
            if name in names:
                self.continuing[names.index(name)] = False
        uwi = rules.undeclared_write_in
        self.uwi = names.index(uwi) if uwi else -1
        self.piles = make_piles(patterns, self.unit, self.continuing)
        self.winners: list[int] = []
        self.shown: dict[int, int] = {}  # an STV winner's tally from the round after election
        self.history: list[dict[int, int]] = []
        self.ties: list[TieBreak] = []
        self.threshold: int | None = None
        self.residual = 0
        self.transfer_surplus = rules.method == "stv"
        self.blank = patterns.blank * self.unit if rules.blank_is_exhausted else 0

    # -- the round loop -----------------------------------------------------------------
    def run(self) -> Result:
        rules = self.rules
        rounds: list[Round] = []
        limit = 2 * len(self.names) + 4
        final_round = False
        for number in range(1, limit + 1):
            tally = self._tally()
            self._set_threshold(number, tally)
            live = [c for c in range(len(self.names)) if self.continuing[c]]
            elected: list[int] = []
            eliminated: list[int] = []
            if not final_round:
                elected, eliminated = self._decide(number, tally, live)
            exhausted, residual = self.piles.exhausted + self.blank, self.residual
            transfers = self._apply(number, tally, elected, eliminated)
            filled = len(self.winners) >= self.seats and rules.method in ("irv", "stv")
            if filled and self.transfer_surplus and rules.final_surplus_round and not final_round:
                transfers = self._finish(tally, elected, transfers)
            rounds.append(self._round(number, tally, elected, eliminated, transfers,
                                      exhausted, residual))
            self.history.append(tally)
            if final_round or self._stop(number, elected, eliminated, filled):
                break
            final_round = filled and self.transfer_surplus and rules.final_surplus_round
        else:
            raise RuntimeError("the count did not finish: this is a bug, please report it")
        return Result(
            candidates=list(self.names), seats=self.seats,
            winners=[self.names[c] for c in self.winners], rounds=rounds, tie_breaks=self.ties,
            seed=self.seed, decimal_places=rules.decimal_places,
            ballots=sum(self.patterns.counts), method=rules.method, blank=self.patterns.blank,
        )

    def _tally(self) -> dict[int, int]:
        tally = {}
        for c in range(len(self.names)):
            if self.continuing[c]:
                tally[c] = self.piles.tally[c]
            elif c in self.shown:
                tally[c] = self.shown[c]
        return tally

    def _set_threshold(self, number: int, tally: dict[int, int]) -> None:
        rules = self.rules
        recount = (
            rules.method in ("irv", "bottoms_up_threshold")
            and not rules.first_round_determines_threshold
            and not self.winners
        )
        if number == 1 or recount:
            self.threshold = threshold(sum(tally.values()), self.seats, rules)

    def _stop(self, number: int, elected, eliminated, filled: bool) -> bool:
        rules = self.rules
        if rules.stop_after_round is not None and number >= rules.stop_after_round:
            return True
        if filled and rules.method == "stv":
            return not rules.final_surplus_round
        if not any(self.continuing):
            return True
        if rules.method in ("bottoms_up", "bottoms_up_threshold"):
            return bool(elected)
        if not filled:
            return False
        if rules.continue_until_two_remain and rules.final_two_style != "sb1288":
            return not eliminated and sum(self.continuing) <= 2
        return True

    # -- decisions --------------------------------------------------------------------------
    def _decide(self, number: int, tally, live: list[int]) -> tuple[list[int], list[int]]:
        rules = self.rules
        if self.uwi in live and tally[self.uwi] > 0:
            return [], [self.uwi]
        if rules.method == "irv" and rules.final_two_style == "sb1288":
            # SB 1288: the last two are decided together, the lower one defeated.
            if len(live) <= 1:
                return live, []
            if len(live) == 2:
                loser = self._lowest(number, tally, live)
                return [c for c in live if c != loser], [loser]
            if rules.continue_until_two_remain:
                return [], self._eliminate(number, tally, live)
        elected = self._elect(number, tally, live)
        if elected and rules.final_two_style == "sb1288":
            return elected, [c for c in live if c not in elected]  # SB 1288 defeats the rest
        if elected:
            return elected, []
        if len(self.winners) >= max(self.seats, 1) and rules.method in ("irv", "stv"):
            if len(live) <= 2 or not rules.continue_until_two_remain:
                return [], []
        return [], self._eliminate(number, tally, live)

    def _elect(self, number: int, tally, live: list[int]) -> list[int]:
        rules, thr = self.rules, self.threshold
        if rules.method == "bottoms_up":
            return _by_votes(live, tally) if len(live) <= self.seats else []
        if rules.method == "bottoms_up_threshold":
            return _by_votes(live, tally) if all(tally[c] >= thr for c in live) else []
        open_seats = self.seats - len(self.winners)
        if open_seats <= 0:
            return []
        eligible = [c for c in live if c != self.uwi]
        if len(eligible) <= open_seats:
            return _by_votes(eligible, tally)
        reached = _by_votes([c for c in eligible if tally[c] >= thr], tally)
        if not reached and self.seats == 1 and len(live) == 2:
            a, b = live
            if tally[a] == tally[b]:
                reached = [self._tie(number, live, "elect")]
            else:
                reached = [a if tally[a] > tally[b] else b]
        if rules.one_winner_per_round and len(reached) > 1:
            top = [c for c in reached if tally[c] == tally[reached[0]]]
            reached = [top[0] if len(top) == 1 else self._tie(number, top, "elect")]
        return reached

    def _eliminate(self, number: int, tally, live: list[int]) -> list[int]:
        rules = self.rules
        if rules.minimum_vote_threshold:
            below = [c for c in live if tally[c] < rules.minimum_vote_threshold * self.unit]
            if below and len(below) < len(live):
                return below
        if rules.method == "bottoms_up_threshold" and rules.cutoff_elimination:
            below = [c for c in live if tally[c] < self.threshold]
            if below and len(below) < len(live):
                return below
        if rules.batch_elimination:
            batch = (sb1288_batch if rules.batch_style == "sb1288" else rctab_batch)(live, tally)
            if batch:
                return batch
        return [self._lowest(number, tally, live)]

    def _lowest(self, number: int, tally, live: list[int]) -> int:
        least = min(tally[c] for c in live)
        tied = [c for c in live if tally[c] == least]
        return tied[0] if len(tied) == 1 else self._tie(number, tied, "eliminate")

    def _tie(self, number: int, tied: list[int], kind: str) -> int:
        tie = break_tie(tied, kind, number, self.history, self.names, self.rules, self.seed)
        self.ties.append(tie)
        return self.names.index(tie.chosen)

    # -- moving ballots ---------------------------------------------------------------------
    def _apply(self, number, tally, elected, eliminated) -> dict[int, dict[int, int]]:
        """Carry out this round's decisions; returns the votes each candidate passed on."""
        transfers: dict[int, dict[int, int]] = {}
        for c in elected:
            self.winners.append(c)
            if self.transfer_surplus:
                self.continuing[c] = False
        for c in eliminated:
            self.continuing[c] = False
        filled = len(self.winners) >= self.seats
        if self.transfer_surplus and elected and not filled:
            for c in elected:
                transfers[c] = self._pass_surplus(c, tally[c])
        for c in eliminated:
            transfers[c] = self.piles.release(c, self.continuing)
        return transfers

    def _pass_surplus(self, winner: int, votes: int) -> dict[int, int]:
        thr = self.threshold
        if votes <= thr:
            self.shown[winner] = votes  # elected below the quota: keeps all its ballots
            return {}
        fraction = (votes - thr) * self.unit // votes
        moved = self.piles.pass_surplus(winner, fraction, self.unit, self.continuing)
        self.shown[winner] = thr
        self.residual += votes - thr - sum(moved.values())
        return moved

    def _finish(self, tally, elected, transfers) -> dict[int, dict[int, int]]:
        """Seats are full: move the last surpluses; everyone else's ballots leave the count."""
        for c in range(len(self.names)):
            if self.continuing[c]:
                self.continuing[c] = False
                self.shown[c] = 0
                self.piles.release(c, self.continuing)
        for c in elected:
            transfers[c] = self._pass_surplus(c, tally[c])
        return transfers

    def _round(self, number, tally, elected, eliminated, transfers, exhausted,
               residual) -> Round:
        return round_from_units(number, self.names, self.rules.decimal_places, tally, elected,
                                eliminated, transfers, exhausted, self.threshold, residual)


def threshold(total: int, seats: int, rules: Rules) -> int:
    """The votes needed to win, in units of 10**-decimal_places; total = the round's votes."""
    unit = 10 ** rules.decimal_places
    if rules.method == "bottoms_up_threshold":
        from fractions import Fraction

        return int(Fraction(total) * Fraction(rules.bottoms_up_threshold_pct or 0) / 100)
    if rules.quota == "hare":
        return total // seats
    if rules.non_integer_threshold:
        return total // (seats + 1) + 1
    return (total // ((seats + 1) * unit) + 1) * unit


def rctab_batch(live: list[int], tally: dict[int, int]) -> list[int]:
    """RCTab: every group of lowest candidates whose combined votes are below the next tally."""
    running, seen, out = 0, [], []
    for votes in sorted({tally[c] for c in live}):
        group = [c for c in live if tally[c] == votes]
        if running < votes:
            out = list(seen)
        running += votes * len(group)
        seen.extend(group)
    return out if len(out) > 1 else []


def sb1288_batch(live: list[int], tally: dict[int, int]) -> list[int]:
    """SB 1288: the largest set of lowest candidates whose total is below the next lowest."""
    order = sorted(live, key=lambda c: tally[c])
    best, running = 0, 0
    for k in range(1, len(order) - 1):  # two must remain for the final round
        running += tally[order[k - 1]]
        if running < tally[order[k]]:
            best = k
    return order[:best] if best > 1 else []


def _by_votes(cands: list[int], tally: dict[int, int]) -> list[int]:
    return sorted(cands, key=lambda c: -tally[c])
