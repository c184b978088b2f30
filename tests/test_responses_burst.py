"""A fast version of benchmarks/responses.py: a real server, wrk, a SIGKILL mid-burst."""

import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

pytestmark = pytest.mark.skipif(not shutil.which("wrk"), reason="wrk missing: see Makefile")


def test_responses_burst_then_crash_loses_nothing_and_counts_no_one_twice():
    import responses

    lines: list[str] = []
    figures = responses.run(connections=8, seconds=2, say=lines.append)
    burst = figures["burst"]
    assert burst["responses"] > 0 and burst["errors"] == 0 and burst["socket_errors"] == 0, lines
    crash = figures["crash"]
    assert crash["acked"] > 0, "the kill came after some acknowledged responses"
    assert crash["missing"] == 0, "every acknowledged response survives SIGKILL, as sent"
    assert crash["after"] == crash["before"], "a resident sending again is counted once"
    assert set(crash["statuses"]) == {303}, lines
