"""What a count produces: its rounds, winners and ties, and their JSON form."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from votes.counting import piles
from votes.counting.ties import TieBreak

EXHAUSTED = "exhausted"


def to_decimal(scaled: int, places: int) -> Decimal:
    """A fixed-point vote count (units of 10**-places) as an exact Decimal with `places` digits."""
    return Decimal(scaled).scaleb(-places)


def decimal_text(value: Decimal) -> str:
    return format(value, "f")


@dataclass(frozen=True)
class Round:
    number: int
    tally: dict[str, Decimal]
    elected: list[str]
    eliminated: list[str]
    # from candidate -> {to candidate or "exhausted": amount}, moved after this round's decisions
    transfers: dict[str, dict[str, Decimal]]
    exhausted: Decimal
    threshold: Decimal | None
    # votes lost to rounding down when surpluses were moved, so far (STV only)
    residual_surplus: Decimal = Decimal(0)

    def to_json(self) -> dict:
        return {
            "round": self.number,
            "tally": {name: decimal_text(v) for name, v in self.tally.items()},
            "elected": list(self.elected),
            "eliminated": list(self.eliminated),
            "transfers": {
                source: {to: decimal_text(v) for to, v in moved.items()}
                for source, moved in self.transfers.items()
            },
            "exhausted": decimal_text(self.exhausted),
        }


def round_from_units(number: int, names: list[str], places: int, tally: dict[int, int],
                     elected: list[int], eliminated: list[int],
                     transfers: dict[int, dict[int, int]], exhausted: int,
                     threshold: int | None, residual: int) -> Round:
    """A round as counted (candidate numbers, fixed-point units), made readable."""

    def label(c: int) -> str:
        return EXHAUSTED if c == piles.EXHAUSTED else names[c]

    return Round(
        number=number,
        tally={names[c]: to_decimal(v, places) for c, v in tally.items()},
        elected=[names[c] for c in elected],
        eliminated=[names[c] for c in eliminated],
        transfers={names[src]: {label(to): to_decimal(v, places) for to, v in moved.items() if v}
                   for src, moved in transfers.items()},
        exhausted=to_decimal(exhausted, places),
        threshold=None if threshold is None else to_decimal(threshold, places),
        residual_surplus=to_decimal(residual, places),
    )


@dataclass(frozen=True)
class Result:
    candidates: list[str]
    seats: int
    winners: list[str]
    rounds: list[Round]
    tie_breaks: list[TieBreak]
    seed: str
    decimal_places: int
    ballots: int  # ballots with at least one mark
    method: str = "irv"
    blank: int = 0
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "winners": list(self.winners),
            "rounds": [r.to_json() for r in self.rounds],
            "tie_breaks": [t.to_json() for t in self.tie_breaks],
        }
