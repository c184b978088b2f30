"""Breaking ties, openly: every tie returns the choice and a sentence saying how it was made."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from votes.counting.rules import Rules


@dataclass(frozen=True)
class TieBreak:
    round: int
    tied: list[str]
    chosen: str
    kind: str  # "eliminate" or "elect"
    how: str

    def to_json(self) -> dict:
        return {"round": self.round, "tied": list(self.tied), "chosen": self.chosen,
                "kind": self.kind, "how": self.how}


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
    chosen, how = _choose(list(tied), kind, round_number, history, candidates, rules, seed)
    return TieBreak(round_number, names, candidates[chosen], kind, how)


def _choose(tied, kind, round_number, history, candidates, rules, seed) -> tuple[int, str]:
    if rules.tiebreak == "use_candidate_order":
        pick = max(tied) if kind == "eliminate" else min(tied)
        where = "last" if kind == "eliminate" else "first"
        return pick, f"{candidates[pick]} is listed {where} of the tied candidates"
    if rules.tiebreak == "tie_order":
        order = {name: i for i, name in enumerate(rules.tie_order)}
        if all(candidates[c] in order for c in tied):
            ranked = sorted(tied, key=lambda c: order[candidates[c]])
            pick = ranked[0] if kind == "eliminate" else ranked[-1]
            return pick, f"{candidates[pick]} comes {'first' if kind == 'eliminate' else 'last'} "\
                "of the tied candidates in the tie-break order"
        return _draw(tied, round_number, candidates, seed)
    if rules.tiebreak == "previous_round_counts_then_random":
        remaining = list(tied)
        for earlier in range(len(history), 0, -1):
            votes = history[earlier - 1]
            values = [votes.get(c, 0) for c in remaining]
            best = min(values) if kind == "eliminate" else max(values)
            narrowed = [c for c, v in zip(remaining, values, strict=True) if v == best]
            if len(narrowed) == 1:
                pick = narrowed[0]
                more = "fewer" if kind == "eliminate" else "more"
                return pick, f"{candidates[pick]} had {more} votes in round {earlier}"
            remaining = narrowed
        return _draw(remaining, round_number, candidates, seed)
    return _draw(tied, round_number, candidates, seed)


def _draw(tied, round_number, candidates, seed) -> tuple[int, str]:
    pick = min(tied, key=lambda c: draw_key(seed, round_number, candidates[c]))
    return pick, (f"drawn by lot with seed {seed} (lowest SHA-256 of "
                  f"'seed:{round_number}:name')")
