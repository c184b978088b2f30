"""What each kind of vote is called in the hall. The machine is the same for every kind; only
the words differ, so pages ask for a vote's words and never test its kind."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from votes.store import Vote


@dataclass(frozen=True)
class Words:
    options: str  # what the ballot ranks
    add_first: str  # what to add before a ballot can be printed
    winners: str  # the heading over who won
    shortlist: bool  # winners go on a shortlist (else they are elected)
    options_on_projector: bool  # read the options out while the room votes
    # the organiser's page of the vote
    option: str = "candidate"  # one thing on the ballot
    heading: str = "Candidates"
    add: str = "Add a candidate"
    name_label: str = "Name"
    statement_label: str = "Statement"
    place: str = "seat"  # what a winner fills
    back: str = "nominations"  # the ward's page the options come from
    from_nominations: bool = True  # an option came from a nomination, or an organiser
    needs_statements: bool = True  # the checklist asks each option for a statement
    add_fix: str = "Add the candidates below."
    no_contest: str = "With no more candidates than seats, everyone is elected without a contest."

    def seats(self, seats: int) -> str:
        if self.shortlist:
            return f"The top {seats} go on the shortlist."
        return f"{seats} people will be elected." if seats > 1 else "One person will be elected."

    def places(self, seats: int) -> str:
        """'1 seat', '5 places on the shortlist'."""
        noun = self.place if seats == 1 else f"{self.place}s"
        return f"{seats} {noun}" + (" on the shortlist" if self.shortlist else "")

    def back_text(self, ward: str) -> str:
        """The link to the ward's page the options come from."""
        return f"Nominations in {ward}" if self.back == "nominations" else f"{ward} programme"

    def count(self, n: int) -> str:
        """'1 option', '6 options' ('candidate(s)' as primaries always said)."""
        if self.from_nominations:
            return f"{n} {self.option}(s)"
        return f"{n} {self.option}{'' if n == 1 else 's'}"


KINDS = {
    "primary": Words("candidates", "candidates", "Elected", False, False),
    "assembly": Words(
        "demands", "the themes", "On the shortlist", True, True, option="option",
        heading="Options: demands on the ballot", add="Add an option",
        name_label="Demand, in plain words", statement_label="Evidence", place="place",
        back="programme", from_nominations=False, needs_statements=False,
        add_fix="Create the vote again from the programme page with its options.",
        no_contest="With no more options than places, every option is on the shortlist; the "
                   "vote only puts them in order."),
}


def words(vote: Vote) -> Words:
    return KINDS[vote.kind]
