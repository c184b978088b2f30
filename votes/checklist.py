"""The "before you open" checklist: what is missing before a primary can run well (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from votes import kinds
from votes.hall_address import only_this_computer

if TYPE_CHECKING:
    from votes.ballot_box import CardCounts
    from votes.store import Vote


@dataclass(frozen=True)
class Check:
    ok: bool
    text: str
    fix: str
    blocking: bool = False


def before_open(primary: Vote, candidates: list, cards: CardCounts, links: list,
                base_url: str) -> list[Check]:
    live_roles = {link.role for link in links if link.live}
    seats = primary.seats
    w = kinds.words(primary)
    ballot = [
        Check(not only_this_computer(base_url), f"Cards and QR codes point at {base_url}",
              "That address opens only on this computer: phones in the hall cannot reach it. "
              "Restart with `hustings run --hall` (or set HUSTINGS_BASE_URL to an address the "
              "phones can reach), then print the cards again.", blocking=True),
        Check(bool(candidates), f"{w.count(len(candidates))} on the ballot", w.add_fix,
              blocking=True),
        Check(len(candidates) > seats, f"More {w.option}s than {w.place}s ({seats})",
              w.no_contest),
    ]
    if w.needs_statements:
        ballot.append(Check(
            all(c.statement for c in candidates), f"Every {w.option} has a statement",
            f"Add a short statement for each {w.option}, so voters can read it on their phone."))
    return ballot + [
        Check(cards.printed > 0, f"{cards.printed} voting card(s) generated",
              "Generate and print cards on the meeting page."),
        Check("steward" in live_roles, "A steward link to activate cards at the door",
              "Create a steward link on the meeting page and open it on the steward's phone."),
        Check(cards.issued > 0, f"{cards.issued} card(s) activated so far",
              "Cards work only once a steward activates them at the door."),
        Check("teller" in live_roles, "A teller link for paper ballots (optional)",
              "Create two teller links if anyone may vote on paper: each paper ballot is "
              "entered by two tellers, each on their own link."),
    ]


def first_blocker(checks: list[Check]) -> Check | None:
    """What stops voting from opening, if anything."""
    return next((c for c in checks if c.blocking and not c.ok), None)
