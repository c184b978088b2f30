"""Ties said in the reader's language, from the rule the count recorded, and results counted
before the rule was recorded still read."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from votes import counting, projection, tie_words
from votes.counting.rules import Rules
from votes.counting.ties import TieUnbroken, break_tie

NAMES = ["Ana", "Ben", "Carmen", "Dev"]
DRAW = {"round": 2, "tied": ["Ben", "Carmen"], "chosen": "Carmen", "kind": "eliminate",
        "reason": {"rule": "draw", "seed": "x"},
        "how": "drawn by lot with seed x (lowest SHA-256 of 'seed:2:name')"}


def test_a_draw_is_said_in_plain_words():
    assert tie_words.summary(DRAW, "en") == \
        "Ben and Carmen tied; the published draw put Carmen out"
    three = {**DRAW, "tied": ["Ana", "Ben", "Carmen"], "kind": "elect", "chosen": "Ana"}
    assert tie_words.summary(three, "en") == \
        "Ana, Ben and Carmen tied; the published draw elected Ana"
    earlier = {**DRAW, "reason": {"rule": "earlier_round", "round": 1},
               "how": "Carmen had fewer votes in round 1"}
    assert tie_words.summary(earlier, "en") == \
        "Ben and Carmen tied; Carmen went out (Carmen had fewer votes in round 1)"


def test_a_tie_is_said_in_the_readers_language():
    assert tie_words.summary(DRAW, "es") == \
        "Ben y Carmen empataron; el sorteo publicado eliminó a Carmen"
    assert tie_words.how(DRAW, "es") == (
        "sorteo con la semilla x (el SHA-256 más bajo de 'seed:2:name')", "es")
    earlier = {**DRAW, "reason": {"rule": "earlier_round", "round": 1}}
    assert "Carmen" in tie_words.summary(earlier, "ar")
    assert "Ben" in tie_words.summary(earlier, "ar") and "tied" not in tie_words.summary(
        earlier, "ar")
    assert tie_words.how(earlier, "pt")[0] == "Carmen teve menos votos na ronda 1"


def test_a_result_counted_before_reasons_were_recorded_still_reads_translated():
    old = {k: v for k, v in DRAW.items() if k != "reason"}
    assert tie_words.summary(old, "es") == tie_words.summary(DRAW, "es")
    for how, reason in [
        ("Carmen is listed last of the tied candidates", {"rule": "list_order"}),
        ("Carmen comes first of the tied candidates in the tie-break order",
         {"rule": "tie_order"}),
        ("Carmen had fewer votes in round 3", {"rule": "earlier_round", "round": 3}),
        ("drawn by lot with seed ab 12 (lowest SHA-256 of 'seed:2:name')",
         {"rule": "draw", "seed": "ab 12"}),
    ]:
        assert tie_words.reason({**old, "how": how}) == reason


def test_a_sentence_not_understood_is_shown_as_written_in_english():
    odd = {**{k: v for k, v in DRAW.items() if k != "reason"}, "how": "decided by the room"}
    assert tie_words.how(odd, "es") == ("decided by the room", "en")
    assert "decided by the room" in tie_words.summary(odd, "es")


def _tie(rules: Rules, kind: str, history, seed="s"):
    return break_tie([1, 2], kind, 3, history, NAMES, rules, seed)


@pytest.mark.parametrize("kind", ["eliminate", "elect"])
@pytest.mark.parametrize("rules,history", [
    (Rules(tiebreak="use_candidate_order"), []),
    (Rules(tiebreak="tie_order", tie_order=("Carmen", "Ben")), []),
    (Rules(tiebreak="previous_round_counts_then_random"), [{1: 4, 2: 2}, {1: 3, 2: 3}]),
    (Rules(tiebreak="random"), []),
])
def test_the_pages_english_is_the_count_files_english(rules, history, kind):
    """The count writes its English sentence; the pages say the same through the catalogues."""
    tie = _tie(rules, kind, history).to_json()
    assert tie_words.how(tie, "en") == (tie["how"], "en")
    assert tie_words.reason({k: v for k, v in tie.items() if k != "reason"}) == tie["reason"]


def test_a_tie_left_to_people_records_the_rule_that_left_it():
    with pytest.raises(TieUnbroken) as stop:
        _tie(Rules(tiebreak="interactive"), "eliminate", [])
    assert stop.value.tie.reason == {"rule": "people", "tiebreak": "interactive"}
    assert "leaves that choice to the people" in stop.value.tie.how


@settings(max_examples=40, deadline=None)
@given(st.lists(st.permutations(NAMES).map(lambda p: p[:2]), min_size=2, max_size=12),
       st.sampled_from(["en", "es", "pt", "ar"]))
def test_every_tie_of_a_count_is_said_in_every_language(rankings, lang):
    result = {**counting.count_primary(NAMES, rankings, 1, "seed").to_json(),
              "candidates": NAMES, "seats": 1}
    said = [t for r in projection.chart(result, lang)["rounds"] for t in r["ties"]]
    assert len(said) == len(result["tie_breaks"])
    for tie, text in zip(result["tie_breaks"], said, strict=True):
        assert tie["chosen"] in text
        assert tie_words.how(tie, lang)[1] == lang
