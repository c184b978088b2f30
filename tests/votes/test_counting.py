"""The counting core against the RCTab and SB 1288 reference cases, and our own primaries."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from votes import counting
from votes.counting import piles
from votes.counting.ballots import compile_ballots

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


@pytest.fixture(params=[False, True], ids=["python", "numpy"])
def table(request, monkeypatch):
    """Run a test once with the plain-Python counting table and once with the numpy one."""
    monkeypatch.setattr(piles, "ARRAYS", request.param)
    return request.param


@pytest.mark.parametrize("name", CASES, ids=[c.removesuffix(".json") for c in CASES])
def test_reference_case(name, table):
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


def test_the_numpy_table_counts_every_case_without_overvote_groups(table):
    """Forcing numpy really uses it: on all but the cases whose overvotes need a closer look."""
    used = 0
    for name in CASES:
        case = load_case(name)
        rules = counting.rules_from_dict(case["method"], case["rules"])
        names = case["candidates"] + [w for w in [rules.undeclared_write_in]
                                      if w and w not in case["candidates"]]
        ballots = [(tuple(tuple(m) for m in b["ranks"]), b["count"]) for b in case["ballots"]]
        patterns = compile_ballots(ballots, names, rules)
        used += piles.use_arrays(patterns, 10**rules.decimal_places)
    assert used == (110 if table else 0)


def test_both_tables_give_the_same_json_on_every_case(monkeypatch):
    for name in CASES:
        case = load_case(name)
        texts = []
        for arrays in (False, True):
            monkeypatch.setattr(piles, "ARRAYS", arrays)
            texts.append(json.dumps(count_case(case).to_json()))
        assert texts[0] == texts[1], name


def test_numpy_is_chosen_only_when_it_pays(monkeypatch):
    ballots = [((("Ana",), ("Ben",)), 3), ((("Ben",),), 2)]
    patterns = compile_ballots(ballots, ["Ana", "Ben"], counting.primary_rules(1))
    assert not piles.use_arrays(patterns, 10**4)  # two patterns: plain Python
    monkeypatch.setattr(piles, "ARRAYS_IF_LOADED", 2)
    assert piles.use_arrays(patterns, 10**4)  # the tests have numpy loaded
    assert not piles.use_arrays(patterns, 10**10)  # int64 could overflow
