"""Issue 13 on 300 doorstep answers typed for this test (tests/data/doorstep_300.csv: bins,
street lights, potholes, youth club, GP, buses, fly-tipping …, praise and mixed answers; the
`label` column says what each answer asks for, `none` when it asks for nothing)."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from programme import clustering
from programme.clustering.clauses import asks
from programme.clustering.shortlist import choose

DATA = Path(__file__).resolve().parents[2] / "data" / "doorstep_300.csv"


@pytest.fixture(scope="module")
def doorsteps():
    with open(DATA, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    ward = clustering.cluster_ward([clustering.Answer(r["id"], r["text"]) for r in rows])
    return ward, {r["id"]: r["label"] for r in rows}, {r["id"]: r["text"] for r in rows}


def majority(theme, label):
    return Counter(label[a] for a in theme.answer_ids).most_common(1)[0][0]


def test_praise_and_no_complaints_are_never_shortlisted_nor_themed(doorsteps):
    ward, label, text = doorsteps
    praise = {a for a, lab in label.items() if lab == "none"}
    assert praise <= set(ward.no_demand)
    assert not praise & {a for t in ward.themes for a in t.answer_ids}
    acted = next(a for a, t in text.items() if t == "Act upon complaints")
    assert acted not in ward.no_demand  # a complaint about complaints still asks


def test_the_biggest_demands_are_shortlisted_once_each(doorsteps):
    ward, label, _ = doorsteps
    picked = [majority(ward.themes[i], label) for i in ward.shortlist]
    assert len(picked) == 5 and len(set(picked)) == 5
    assert {"bins", "lights"} <= set(picked) and "none" not in picked
    _, why = choose(ward.themes)
    assert not [i for i in why if ward.themes[i].respondents >= 10]  # no big theme passed over


def test_every_shortlisted_label_asks_in_residents_words(doorsteps):
    ward, _, _ = doorsteps
    for i in ward.shortlist:
        theme = ward.themes[i]
        assert asks(theme.label) == 2, theme.label  # "Fix the street lights", not "Because …"
        assert theme.label.lower() in {c.text.lower() for c in theme.clauses}  # their words


def test_few_demand_answers_wait_unsorted(doorsteps):
    ward, label, _ = doorsteps
    where = ward.assignments()
    demands = [a for a, lab in label.items() if lab != "none"]
    waiting = [a for a in demands if where[a] is None and a not in ward.no_demand]
    assert len(waiting) <= 0.15 * len(demands)


def test_at_most_thirty_themes_to_review_and_the_rest_fold_away(doorsteps):
    from programme.themes_cli import to_json

    ward, _, _ = doorsteps
    shown = to_json({"Northfield": ward})["wards"]["Northfield"]
    assert len(shown["themes"]) <= 30 and max(ward.shortlist) < 30
    assert len(shown["themes"]) + len(shown.get("folded", [])) == len(ward.themes)
