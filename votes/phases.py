"""The one place that says which phase a primary is in and what each phase allows.

Lifecycle as timestamps (Helios): opened_at, closed_at, counted_at, published_at.
"""

from __future__ import annotations

from collections.abc import Mapping

SETUP, OPEN, CLOSED, PUBLISHED = "setup", "open", "closed", "published"


class PhaseError(Exception):
    """An action not allowed in this phase; the message tells the user why."""


def phase(primary: Mapping) -> str:
    if primary["published_at"]:
        return PUBLISHED
    if primary["closed_at"]:
        return CLOSED
    if primary["opened_at"]:
        return OPEN
    return SETUP


# What each action needs, and what to tell someone who tries it at the wrong time.
_RULES = {
    "edit": ({SETUP}, "Candidates cannot change once voting has opened."),
    "open": ({SETUP}, "Voting has already been opened."),
    "vote": ({OPEN}, None),
    "close": ({OPEN}, "Voting is not open, so it cannot be closed."),
    "reveal": ({CLOSED, PUBLISHED}, "The count is shown only after voting has closed."),
    "publish": ({CLOSED}, "Results can be published once voting has closed, and only once."),
    "results": ({PUBLISHED}, "The results have not been published yet."),
}

_VOTE_MESSAGES = {
    SETUP: "Voting has not opened yet. Please wait for the chair to open the vote.",
    CLOSED: "Voting has closed. The result will be announced in the room.",
    PUBLISHED: "Voting has closed and the result has been published.",
}


def allowed(primary: Mapping, action: str) -> bool:
    return phase(primary) in _RULES[action][0]


def require(primary: Mapping, action: str) -> None:
    phases, message = _RULES[action]
    current = phase(primary)
    if current not in phases:
        raise PhaseError(message or _VOTE_MESSAGES[current])
