"""The "before you open" checklist: what is missing before a primary can run well (pure)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Check:
    ok: bool
    text: str
    fix: str
    blocking: bool = False


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def before_open(primary: dict, candidates: list, cards: dict, links: list) -> list[Check]:
    live_roles = {link.role for link in links if link.live}
    seats = primary["seats"]
    if primary.get("kind") == "assembly":  # a vote on demands: options and places
        ballot = [
            Check(bool(candidates), f"{_n(len(candidates), 'option')} on the ballot",
                  "Create the vote again from the programme page with its options.",
                  blocking=True),
            Check(len(candidates) > seats, f"More options than places on the shortlist ({seats})",
                  "With no more options than places, every option is on the shortlist; the "
                  "vote only puts them in order."),
        ]
    else:
        ballot = [
            Check(bool(candidates), f"{len(candidates)} candidate(s) on the ballot",
                  "Add the candidates below.", blocking=True),
            Check(len(candidates) > seats, f"More candidates than seats ({seats})",
                  "With no more candidates than seats, everyone is elected without a contest."),
            Check(all(c["statement"] for c in candidates), "Every candidate has a statement",
                  "Add a short statement for each candidate, so voters can read it on their "
                  "phone."),
        ]
    return ballot + [
        Check(cards["printed"] > 0, f"{cards['printed']} voting card(s) generated",
              "Generate and print cards on the meeting page."),
        Check("steward" in live_roles, "A steward link to activate cards at the door",
              "Create a steward link on the meeting page and open it on the steward's phone."),
        Check(cards["issued"] > 0, f"{cards['issued']} card(s) activated so far",
              "Cards work only once a steward activates them at the door."),
        Check("teller" in live_roles, "A teller link for paper ballots (optional)",
              "Create a teller link if anyone may vote on paper."),
    ]
