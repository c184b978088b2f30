"""A fast version of benchmarks/burst.py: a real server, wrk, a SIGKILL mid-burst."""

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

pytestmark = pytest.mark.skipif(not shutil.which("wrk"), reason="wrk missing: see Makefile")


def test_burst_then_crash_loses_nothing():
    import burst

    lines: list[str] = []
    figures = burst.run(cards=2400, connections=16, seconds=2, say=lines.append)
    for phase in ("complete", "cast"):
        assert figures[phase]["casts"] > 0, lines
        assert figures[phase]["errors"] == 0 and figures[phase]["socket_errors"] == 0, lines
    assert figures["complete_screens"] == 0 and figures["cast_screens"] == 0
    crash = figures["crash"]
    assert crash["acked"] > 0, "the kill came after some acknowledged casts"
    assert crash["missing"] == 0, "every acknowledged ballot survives SIGKILL"
    assert crash["ballots"] == crash["voted"], "no ballot without its card's one vote"
    assert crash["recast"].get(200, 0) + crash["recast"].get(409, 0) == sum(
        crash["recast"].values()), "after restart the rest cast normally"
    assert crash["recast"].get(409, 0) == crash["unacked_but_stored"]
