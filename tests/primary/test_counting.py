"""The counting core against the RCTab and SB 1288 reference cases, and our own primaries."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from primary import counting

DATA = Path(__file__).resolve().parents[1] / "data" / "rcv"
INDEX = json.loads((DATA / "INDEX.json").read_text())
CASES = [entry["file"] for entry in INDEX["cases"]]


def load_case(name: str) -> dict:
    return json.loads((DATA / name).read_text())


def count_case(case: dict) -> counting.Result:
    rules = counting.rules_from_dict(case["method"], case["rules"])
    ballots = [
        (tuple(tuple(marks) for marks in b["ranks"]), b["count"]) for b in case["ballots"]
    ]
    return counting.count(ballots, case["candidates"], case["seats"], rules, seed="fixture")


def _numbers(tally: dict[str, str | Decimal]) -> dict[str, Decimal]:
    return {name: Decimal(v) for name, v in tally.items() if Decimal(v) != 0}


def test_index_lists_every_case():
    assert INDEX["count"] == len(CASES) == 112
    assert all((DATA / name).exists() for name in CASES)


@pytest.mark.parametrize("name", CASES, ids=[c.removesuffix(".json") for c in CASES])
def test_reference_case(name):
    case = load_case(name)
    expected = case["expected"]
    result = count_case(case)
    assert sorted(result.winners) == sorted(expected["winners"])
    assert len(result.rounds) == len(expected["rounds"])
    for ours, theirs in zip(result.rounds, expected["rounds"], strict=True):
        where = f"round {theirs['round']}"
        assert ours.number == theirs["round"]
        assert _numbers(ours.tally) == _numbers(theirs["tally"]), where
        assert sorted(ours.elected) == sorted(theirs.get("elected", [])), where
        assert sorted(ours.eliminated) == sorted(theirs.get("eliminated", [])), where
        if "exhausted" in theirs:
            assert ours.exhausted == Decimal(theirs["exhausted"]), where
        if "residual_surplus" in theirs:
            assert ours.residual_surplus == Decimal(theirs["residual_surplus"]), where
        if "threshold" in theirs:
            assert ours.threshold == Decimal(theirs["threshold"]), where
