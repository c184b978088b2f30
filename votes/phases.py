"""The one place that says which phase a vote is in and what each phase allows.

Lifecycle as timestamps (Helios): setup -> open (opened_at) -> closed (closed_at) -> counted
(counted_at, with the result) -> published (published_at). Each step needs the one before, so
none can be skipped: a vote is published only after it has been counted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import is_dataclass
from typing import TYPE_CHECKING

from languages import N_

if TYPE_CHECKING:
    from votes.store import Vote

SETUP, OPEN, CLOSED, COUNTED, PUBLISHED = "setup", "open", "closed", "counted", "published"


class PhaseError(Exception):
    """An action not allowed in this phase; the message tells the user why."""


def phase(vote: Vote | Mapping) -> str:
    # votes.store still hands a vote up as a row; standing and ballot_box hand up a Vote
    stamps = vars(vote) if is_dataclass(vote) else vote
    # each stamp counts only on top of the one before it: a row stamped out of order (by hand,
    # or by an older version) shows the last phase it really reached
    if not stamps["opened_at"]:
        return SETUP
    if not stamps["closed_at"]:
        return OPEN
    if not stamps["counted_at"]:
        return CLOSED
    return PUBLISHED if stamps["published_at"] else COUNTED


# What each action needs, and what to tell someone who tries it at the wrong time.
_RULES = {
    "edit": ({SETUP}, "Candidates cannot change once voting has opened."),
    "open": ({SETUP}, "Voting has already been opened."),
    "activate": ({SETUP, OPEN}, N_("Voting has closed, so no more cards can be switched on.")),
    "vote": ({OPEN}, None),
    "close": ({OPEN}, "Voting is not open, so it cannot be closed."),
    "count": ({CLOSED}, "Votes are counted once, after voting has closed."),
    "reveal": ({COUNTED, PUBLISHED}, "The count is shown only after the votes are counted."),
    "publish": ({COUNTED}, "Results can be published once the votes are counted, and only once."),
    "results": ({PUBLISHED}, N_("The results have not been published yet.")),
}

_VOTE_MESSAGES = {
    SETUP: N_("Voting has not opened yet. Please wait for the chair to open the vote."),
    CLOSED: N_("Voting has closed. The result will be announced in the room."),
    COUNTED: N_("Voting has closed. The result will be announced in the room."),
    PUBLISHED: N_("Voting has closed and the result has been published."),
}


def allowed(vote: Vote | Mapping, action: str) -> bool:
    return phase(vote) in _RULES[action][0]


def require(vote: Vote | Mapping, action: str) -> None:
    phases, message = _RULES[action]
    current = phase(vote)
    if current not in phases:
        raise PhaseError(message or _VOTE_MESSAGES[current])
