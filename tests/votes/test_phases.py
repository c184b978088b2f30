from types import SimpleNamespace

import pytest

from votes import phases


def primary(**stamps):
    base = {"opened_at": None, "closed_at": None, "counted_at": None, "published_at": None}
    return SimpleNamespace(**{**base, **stamps})


SETUP = primary()
OPEN = primary(opened_at="t1")
CLOSED = primary(opened_at="t1", closed_at="t2")
COUNTED = primary(opened_at="t1", closed_at="t2", counted_at="t3")
PUBLISHED = primary(opened_at="t1", closed_at="t2", counted_at="t3", published_at="t4")


@pytest.mark.parametrize("state,action,ok", [
    (SETUP, "vote", False), (OPEN, "vote", True), (CLOSED, "vote", False),
    (PUBLISHED, "vote", False),
    (SETUP, "edit", True), (OPEN, "edit", False),
    (OPEN, "results", False), (CLOSED, "results", False), (PUBLISHED, "results", True),
    (OPEN, "reveal", False), (CLOSED, "reveal", False), (COUNTED, "reveal", True),
    (SETUP, "close", False), (OPEN, "close", True), (CLOSED, "open", False),
    (CLOSED, "publish", False), (COUNTED, "publish", True), (PUBLISHED, "publish", False),
])
def test_phase_rules(state, action, ok):
    assert phases.allowed(state, action) is ok
    if not ok:
        with pytest.raises(phases.PhaseError):
            phases.require(state, action)


def test_no_voting_before_open_says_so():
    with pytest.raises(phases.PhaseError, match="not opened yet"):
        phases.require(SETUP, "vote")
    with pytest.raises(phases.PhaseError, match="closed"):
        phases.require(CLOSED, "vote")
