"""The one place that says which phase a vote is in and what each phase allows.

Lifecycle as timestamps (Helios): setup -> open (opened_at) -> closed (closed_at) -> counted
(counted_at, with the result) -> published (published_at). Each step needs the one before, so
none can be skipped: a vote is published only after it has been counted.
"""

from __future__ import annotations

from typing import Protocol

from languages import N_

SETUP, OPEN, CLOSED, COUNTED, PUBLISHED = "setup", "open", "closed", "counted", "published"


class PhaseError(Exception):
    """An action not allowed in this phase; the message tells the user why."""


class Stamped(Protocol):
    """A vote's phase stamps (votes.store.Vote has them)."""

    opened_at: str | None
    closed_at: str | None
    counted_at: str | None
    published_at: str | None


def phase(vote: Stamped) -> str:
    # each stamp counts only on top of the one before it: a row stamped out of order (by hand,
    # or by an older version) shows the last phase it really reached
    if not vote.opened_at:
        return SETUP
    if not vote.closed_at:
        return OPEN
    if not vote.counted_at:
        return CLOSED
    return PUBLISHED if vote.published_at else COUNTED


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


def allowed(vote: Stamped, action: str) -> bool:
    return phase(vote) in _RULES[action][0]


def require(vote: Stamped, action: str) -> None:
    phases, message = _RULES[action]
    current = phase(vote)
    if current not in phases:
        raise PhaseError(message or _VOTE_MESSAGES[current])
