"""What each kind of vote is called in the hall. The machine is the same for every kind; only
the words differ, so pages ask for a vote's words and never test its kind."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Words:
    options: str  # what the ballot ranks
    add_first: str  # what to add before a ballot can be printed
    winners: str  # the heading over who won
    shortlist: bool  # winners go on a shortlist (else they are elected)
    options_on_projector: bool  # read the options out while the room votes

    def seats(self, seats: int) -> str:
        if self.shortlist:
            return f"The top {seats} go on the shortlist."
        return f"{seats} people will be elected." if seats > 1 else "One person will be elected."


KINDS = {
    "primary": Words("candidates", "candidates", "Elected", False, False),
    "assembly": Words("demands", "the themes", "On the shortlist", True, True),
}


def words(vote: Mapping) -> Words:
    return KINDS[vote["kind"]]
