"""The count as the hall sees it: one scale for every round, a flow that
carries every vote."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from votes import counting, projection, sankey

NAMES = ["Ana", "Ben", "Carmen", "Dev"]


def _result(rankings, seats=1):
    result = counting.count_primary(NAMES, rankings, seats, "seed").to_json()
    return {**result, "candidates": NAMES, "seats": seats}


def test_every_round_is_drawn_on_one_scale_with_the_line_to_win():
    result = _result([["Ana"]] * 5 + [["Ben", "Ana"]] * 3 + [["Carmen", "Ben"]] * 2
                     + [["Dev", "Carmen"]])
    chart = projection.chart(result)
    first, last = chart["rounds"][0], chart["rounds"][-1]
    assert [b["name"] for b in first["bars"]] == ["Ana", "Ben", "Carmen", "Dev"]
    assert [b["name"] for b in last["bars"]] == ["Ana", "Ben", "Carmen", "Dev"]  # rows stay put
    ben = [r["bars"][1]["width"] for r in chart["rounds"]]  # 3 votes, then 5 after Carmen
    assert ben[-1] / ben[0] == pytest.approx(5 / 3, rel=1e-3)
    assert first["threshold"] == "6"  # more than half of 11
    assert {b["name"]: b["status"] for b in last["bars"]}["Ana"] == "elected"
    assert {b["name"]: b["status"] for b in last["bars"]}["Dev"] == "out"
    assert first["bars"][3]["status"] == "eliminated"
    assert first["transfers"] == [{"from": "Dev", "to": "Carmen", "votes": "1",
                                   "width": first["transfers"][0]["width"]}]


def test_stv_draws_the_droop_quota_of_the_first_round():
    result = _result([["Ana", "Ben"]] * 6 + [["Ben"]] * 3 + [["Carmen", "Dev"]] * 2
                     + [["Dev"]] * 2, seats=2)
    assert {r["threshold"] for r in projection.chart(result)["rounds"]} == {"5"}  # 13 // 3 + 1


rankings = st.lists(st.permutations(NAMES).flatmap(
    lambda p: st.integers(1, 4).map(lambda n: list(p[:n]))), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(rankings, st.integers(1, 2))
def test_the_flow_carries_every_vote_from_round_to_round(ballots, seats):
    result = _result(ballots, seats)
    flow = sankey.flow(result)
    rounds = result["rounds"]
    for i, r in enumerate(rounds[:-1], 1):
        out = {}
        for band in flow["bands"]:
            if band["round"] == i:
                out[band["from"]] = out.get(band["from"], 0) + Decimal(band["votes"])
        for name, votes in r["tally"].items():
            assert out.get(name, 0) == Decimal(votes), (name, i)
        if Decimal(r["exhausted"]):
            assert out[projection.EXHAUSTED] == Decimal(r["exhausted"])
    for node in flow["nodes"]:
        assert 0 <= node["x"] <= flow["width"] and node["y"] + node["h"] <= flow["height"] + 1
