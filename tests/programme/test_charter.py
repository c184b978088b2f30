"""The canonical text and its hash: whitespace never changes it, order always does; demands are
checked; similar ward demands are grouped the same way every time."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from programme import charter
from programme.charter import Demand, Refused, WardDemand

words = st.lists(st.text(st.characters(whitelist_categories=("L", "N", "P")), min_size=1,
                         max_size=8), min_size=1, max_size=6)
spaces = st.lists(st.sampled_from([" ", "  ", "\t", "\n", "\u00a0", " \r\n "]), min_size=1,
                  max_size=7)


def spaced(parts: list[str], gaps: list[str], ends: bool) -> str:
    out = gaps[0] if ends else ""
    for i, w in enumerate(parts):
        out += w + (gaps[(i + 1) % len(gaps)] if i < len(parts) - 1 or ends else "")
    return out


@given(st.lists(st.tuples(words, words), min_size=1, max_size=5), spaces, st.booleans())
def test_the_hash_ignores_whitespace(demands, gaps, ends):
    plain = [Demand(" ".join(t), " ".join(g)) for t, g in demands]
    messy = [Demand(spaced(t, gaps, ends), spaced(g, gaps[::-1], ends)) for t, g in demands]
    text = charter.canonical("Lambeth  North ·\tarea programme", 1, plain)
    assert text == charter.canonical(" Lambeth North · area programme ", 1, messy)
    assert charter.sha256(text) == charter.sha256(charter.canonical(
        "Lambeth North · area programme", 1, messy))


@given(st.lists(words.map(" ".join), min_size=2, max_size=5, unique=True), st.data())
def test_the_hash_depends_on_the_order(texts, data):
    i, j = data.draw(st.tuples(st.integers(0, len(texts) - 1), st.integers(0, len(texts) - 1))
                     .filter(lambda ij: ij[0] != ij[1]))
    swapped = list(texts)
    swapped[i], swapped[j] = swapped[j], swapped[i]
    one = charter.canonical("Ward", 1, [Demand(t) for t in texts])
    other = charter.canonical("Ward", 1, [Demand(t) for t in swapped])
    assert charter.sha256(one) != charter.sha256(other)


def test_the_canonical_text_is_exactly_as_documented():
    text = charter.canonical("Lambeth · Coldharbour", 2, [
        Demand("Fix  the\nstreetlights", "all lit by March"), Demand("Night buses")])
    assert text == ("Programme: Lambeth · Coldharbour\nVersion: 2\n"
                    "1. Fix the streetlights\n   Target: all lit by March\n2. Night buses\n")
    assert charter.sha256(text) == charter.sha256(text.encode().decode())
    assert len(charter.sha256(text)) == 64
    assert charter.canonical("W", 1, [Demand("café")]) == \
        charter.canonical("W", 1, [Demand("cafe\u0301")])  # NFC: the same letters, one hash


@pytest.mark.parametrize("text, target, says", [
    ("", "", "plain words"), ("x" * 301, "", "too long"), ("ok", "t" * 201, "target"),
    ("ok\x00", "", "cannot be printed")])
def test_a_demand_that_cannot_be_stored_is_refused(text, target, says):
    with pytest.raises(Refused, match=says):
        charter.demand(text, target)


def test_similar_demands_across_wards_are_grouped_and_described():
    demands = [
        WardDemand(1, "Coldharbour", "Fix the broken streetlights", "streetlights", 312),
        WardDemand(2, "Tulse Hill", "Streetlights broken on the estate", "streetlights", 280),
        WardDemand(3, "Coldharbour", "Buses at night", "buses", 240),
        WardDemand(4, "Tulse Hill", "More night buses", "night buses", 210),
        WardDemand(5, "Tulse Hill", "Rents too high", "rent", 200),
    ]
    groups = charter.group(demands, 9)
    assert [g.ids for g in groups] == [(1, 2), (3, 4), (5,)]
    assert groups[0].describe() == "demanded in 2 of 9 wards · 592 doorsteps"
    assert groups[2].describe() == "demanded in 1 of 9 wards · 200 doorsteps"
    assert charter.group(list(reversed(demands)), 9) == groups


def test_ballot_names_are_unique_and_the_result_keeps_the_order_of_election():
    assert charter.ballot_names(["Buses", "buses", "Buses"]) == ["Buses", "buses (2)",
                                                                   "Buses (3)"]
    items = {"A": 1, "B": 2, "C": 3}
    assert charter.places(["C", "A"], items) == [3, 1]
