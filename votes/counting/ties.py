"""Breaking ties, openly: every tie returns the choice, the rule that made it with its figures
(`reason`, which the pages say in the reader's language) and that reason as an English sentence
(`how`, for the count file and the terminal)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from votes.counting.rules import TIEBREAKS, Rules


@dataclass(frozen=True)
class TieBreak:
    round: int
    tied: list[str]
    chosen: str
    kind: str  # "eliminate" or "elect"
    reason: dict  # {"rule": RULE, ...its figures}, see `how_in_english`

    @property
    def how(self) -> str:
        return how_in_english(self.reason, self.kind, self.chosen, self.round, self.tied)

    def to_json(self) -> dict:
        return {"round": self.round, "tied": list(self.tied), "chosen": self.chosen,
                "kind": self.kind, "how": self.how, "reason": dict(self.reason)}


class TieUnbroken(Exception):  # noqa: N818 - it is a state of the count, not a fault
    """The rules leave this tie to people (RCTab's 'interactive' and any mode we do not know)."""

    def __init__(self, tie: TieBreak):
        super().__init__(tie.how)
        self.tie = tie


def names_and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def how_in_english(reason: dict, kind: str, chosen: str, round_number: int,
                   tied: Sequence[str]) -> str:
    """The reason as a sentence; votes/tie_words.py says the same sentences through the
    catalogues (a test keeps the two in step)."""
    rule, out = reason["rule"], kind == "eliminate"
    if rule == "list_order":
        return f"{chosen} is listed {'last' if out else 'first'} of the tied candidates"
    if rule == "tie_order":
        return f"{chosen} comes {'first' if out else 'last'} of the tied candidates in the " \
            "tie-break order"
    if rule == "earlier_round":
        return f"{chosen} had {'fewer' if out else 'more'} votes in round {reason['round']}"
    if rule == "draw":
        return f"drawn by lot with seed {reason['seed']} (lowest SHA-256 of " \
            f"'seed:{round_number}:name')"
    stake = "who is eliminated" if out else "who is elected"
    return (f"Round {round_number}: {names_and(tied)} are tied and the tie decides {stake}; "
            f"the tie-break rule {reason['tiebreak']!r} leaves that choice to the people "
            "running the count, so the count stopped here")


def draw_key(seed: str, round_number: int, name: str) -> str:
    """The published draw: each tied candidate's SHA-256 of 'seed:round:name'; lowest is chosen."""
    return hashlib.sha256(f"{seed}:{round_number}:{name}".encode()).hexdigest()


def break_tie(
    tied: Sequence[int],
    kind: str,
    round_number: int,
    history: Sequence[dict[int, int]],
    candidates: Sequence[str],
    rules: Rules,
    seed: str,
) -> TieBreak:
    """Choose one of `tied` to eliminate (kind 'eliminate') or to elect (kind 'elect').

    `history` holds the earlier rounds' tallies, round 1 first.
    """
    names = [candidates[c] for c in tied]
    if rules.tiebreak not in TIEBREAKS:
        raise TieUnbroken(TieBreak(round_number, names, "", kind,
                                   {"rule": "people", "tiebreak": rules.tiebreak}))
    chosen, reason = _choose(list(tied), kind, round_number, history, candidates, rules, seed)
    return TieBreak(round_number, names, candidates[chosen], kind, reason)


def _choose(tied, kind, round_number, history, candidates, rules, seed) -> tuple[int, dict]:
    if rules.tiebreak == "use_candidate_order":
        return (max(tied) if kind == "eliminate" else min(tied)), {"rule": "list_order"}
    if rules.tiebreak == "tie_order":
        order = {name: i for i, name in enumerate(rules.tie_order)}
        if all(candidates[c] in order for c in tied):
            ranked = sorted(tied, key=lambda c: order[candidates[c]])
            return (ranked[0] if kind == "eliminate" else ranked[-1]), {"rule": "tie_order"}
        return _draw(tied, round_number, candidates, seed)
    if rules.tiebreak == "previous_round_counts_then_random":
        remaining = list(tied)
        for earlier in range(len(history), 0, -1):
            votes = history[earlier - 1]
            values = [votes.get(c, 0) for c in remaining]
            best = min(values) if kind == "eliminate" else max(values)
            narrowed = [c for c, v in zip(remaining, values, strict=True) if v == best]
            if len(narrowed) == 1:
                return narrowed[0], {"rule": "earlier_round", "round": earlier}
            remaining = narrowed
        return _draw(remaining, round_number, candidates, seed)
    return _draw(tied, round_number, candidates, seed)


def _draw(tied, round_number, candidates, seed) -> tuple[int, dict]:
    pick = min(tied, key=lambda c: draw_key(seed, round_number, candidates[c]))
    return pick, {"rule": "draw", "seed": seed}
