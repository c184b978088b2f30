"""Multi-seat STV as California SB 1288 counts it (weighted inclusive Gregory method).

Differs from the RCTab-style count in counting.py: the quota is V/(seats+1) rounded up and must
be exceeded, all surpluses move together and only when nothing else is decided, and the
"alternative defeat" may remove several hopeless candidates at once (deferring surpluses).
Fixed point at `rules.decimal_places`; every product and quotient is truncated.
"""

from __future__ import annotations

from votes.counting.ballots import Patterns
from votes.counting.piles import make_piles
from votes.counting.result import Result, Round, round_from_units
from votes.counting.rules import Rules
from votes.counting.ties import TieBreak, break_tie


def count_sb1288(patterns: Patterns, names: list[str], seats: int, rules: Rules,
                 seed: str) -> Result:
    n = len(names)
    unit = 10 ** rules.decimal_places
    continuing = [name not in rules.excluded for name in names]
    piles = make_piles(patterns, unit, continuing)
    blank = patterns.blank * unit
    elected: list[int] = []
    passed_on: set[int] = set()  # winners whose surplus has been transferred
    history: list[dict[int, int]] = []
    ties: list[TieBreak] = []
    rounds: list[Round] = []
    residual = 0
    thr = 0
    for number in range(1, 2 * n + 3):
        live = [c for c in range(n) if continuing[c]]
        tally = {c: (thr if c in passed_on else piles.tally[c]) for c in range(n)
                 if continuing[c] or c in elected}
        exhausted = piles.exhausted + blank
        shown = (dict(tally), exhausted, residual)
        if number == 1:
            # Quota from the first round's votes, rounded up to the last decimal place.
            thr = -(-sum(tally.values()) // (seats + 1))
            if len(live) <= seats:
                elected += live
                rounds.append(_round(number, shown, live, [], {}, thr, names, rules))
                break
        over = [c for c in tally if tally[c] > thr and c not in passed_on]
        newly = sorted((c for c in live if tally[c] > thr), key=lambda c: -tally[c])
        for c in newly:
            continuing[c] = False
        elected += newly
        live = [c for c in live if c not in newly]
        if len(elected) >= seats or not live:
            rounds.append(_round(number, shown, newly, live, {}, thr, names, rules))
            break
        transfers: dict[int, dict[int, int]] = {}
        surplus = sum(tally[c] - thr for c in over)
        defeat = alternative_defeat(live, tally, surplus, len(elected), thr, seats) \
            if rules.batch_elimination else []
        if not defeat and over:
            for c in over:
                fraction = (tally[c] - thr) * unit // tally[c]
                transfers[c] = piles.pass_surplus(c, fraction, unit, continuing)
                residual += tally[c] - thr - sum(transfers[c].values())
                passed_on.add(c)
        elif not defeat:
            least = min(tally[c] for c in live)
            tied = [c for c in live if tally[c] == least]
            if len(tied) > 1:
                ties.append(break_tie(tied, "eliminate", number, history, names, rules, seed))
                defeat = [names.index(ties[-1].chosen)]
            else:
                defeat = tied
        for c in defeat:
            continuing[c] = False
        live = [c for c in live if c not in defeat]
        if len(live) + len(elected) == seats:
            elected += live
            rounds.append(_round(number, shown, newly + live, defeat, transfers, thr, names,
                                 rules))
            break
        for c in defeat:
            transfers[c] = piles.release(c, continuing)
        rounds.append(_round(number, shown, newly, defeat, transfers, thr, names, rules))
        history.append(tally)
    return Result(
        candidates=list(names), seats=seats, winners=[names[c] for c in elected], rounds=rounds,
        tie_breaks=ties, seed=seed, decimal_places=rules.decimal_places,
        ballots=sum(patterns.counts), method="stv", blank=patterns.blank,
    )


def alternative_defeat(live: list[int], tally: dict[int, int], surplus: int, elected: int,
                       thr: int, seats: int) -> list[int]:
    """SB 1288's batch defeat: the candidates who could not catch up even with every surplus."""
    order = sorted(live, key=lambda c: -tally[c])
    votes = [tally[c] for c in order]
    top = votes[0]
    for k in range(1, len(order)):
        rest = sum(votes[k:])
        if k + elected < seats or rest + surplus >= votes[k - 1]:
            continue
        if (elected == seats - 1 or k + elected == seats or rest + surplus <= thr - top
                or (surplus == 0 and rest - votes[k] <= thr - top)):
            return order[k:]
    return []


def _round(number, shown, elected, eliminated, transfers, thr, names, rules) -> Round:
    tally, exhausted, residual = shown
    return round_from_units(number, names, rules.decimal_places, tally, elected, eliminated,
                            transfers, exhausted, thr, residual)
