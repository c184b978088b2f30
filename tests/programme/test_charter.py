"""The canonical text and its hash: whitespace never changes it, order always does; demands are
checked; similar ward demands are grouped the same way every time, paraphrases together,
unrelated demands and one ward's own demands apart."""

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


@pytest.mark.parametrize("typed, on_record", [
    ("bernadette o'neil", "Bernadette O\u2019Neil"), ("  Ana   OKAFOR ", "Ana Okafor"),
    ("Zoe Adebayo", "Zoë Adébayo"), ("Ana Okafro", "Ana Okafor"), ("Mary-Jane Li", "Mary Jane Li"),
    ("李明", "李明")])
def test_the_typed_name_matches_the_name_on_record(typed, on_record):
    assert charter.same_name(typed, on_record)


@pytest.mark.parametrize("typed, on_record", [
    ("Benjamin Hughes", "Ben Hughes"), ("Someone Else", "Ana Okafor"), ("Ana", "Ana Okafor"),
    ("Okafor Ana", "Ana Okafor"), ("Al Lu", "Al Li"), ("李", "李明")])
def test_another_name_does_not_match(typed, on_record):
    assert not charter.same_name(typed, on_record)


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


def ids(groups) -> list[tuple[int, ...]]:
    return [g.ids for g in groups]


def test_paraphrases_that_share_no_word_are_grouped():
    demands = [WardDemand(1, "Herne Hill", "Fix the streetlights", "", 50),
               WardDemand(2, "Tulse Hill", "Better street lighting", "", 40),
               WardDemand(3, "Herne Hill", "Empty the bins more often", "", 30),
               WardDemand(4, "Tulse Hill", "More police on the streets", "", 20)]
    # not one word in common, so counting shared words would keep them apart
    assert not {"fix", "streetlights"} & {"better", "street", "lighting"}
    groups = charter.group(demands, 2)
    assert ids(groups) == [(1, 2), (3,), (4,)]
    assert groups[0].describe() == "demanded in 2 of 2 wards · 90 doorsteps"
    assert charter.group(demands[::-1], 2) == groups


def test_more_police_in_two_wards_is_one_group_and_bins_stay_apart():
    demands = [WardDemand(1, "A", "More police", "", 9), WardDemand(2, "B", "more  police", "", 8),
               WardDemand(3, "C", "Bins", "", 7)]
    assert ids(charter.group(demands, 3)) == [(1, 2), (3,)]


def test_unrelated_demands_stay_apart_even_when_they_share_a_word():
    texts = ["Empty the bins more often", "More police on the streets", "Cheaper rents",
             "A youth club", "Fill the empty shops on the high street", "Repairs to council flats",
             "Freeze the council tax", "Safer crossings near schools", "More school places"]
    demands = [WardDemand(i, f"ward {i}", t, "", 10) for i, t in enumerate(texts, 1)]
    assert ids(charter.group(demands, 9)) == [(i,) for i in range(1, 10)]


def test_two_demands_of_one_ward_are_never_one_group():
    demands = [WardDemand(1, "A", "More police", "police", 30),
               WardDemand(2, "A", "More police at night", "police", 20),
               WardDemand(3, "B", "More police", "police", 10)]
    groups = charter.group(demands, 2)
    assert ids(groups) == [(1, 3), (2,)]
    assert all(len(g.wards) == len(g.demands) for g in groups)


def test_demands_without_a_word_to_compare_stay_alone():
    demands = [WardDemand(1, "A", "No", "", 1), WardDemand(2, "B", "?", "", 1),
               WardDemand(3, "C", "路灯", "", 1), WardDemand(4, "D", "路灯", "", 1)]
    assert ids(charter.group(demands, 4)) == [(3, 4), (1,), (2,)]
    assert charter.group(demands[:1], 4)[0].ids == (1,) and charter.group([], 4) == []


def test_ballot_names_are_unique_and_the_result_keeps_the_order_of_election():
    assert charter.ballot_names(["Buses", "buses", "Buses"]) == ["Buses", "buses (2)",
                                                                   "Buses (3)"]
    items = {"A": 1, "B": 2, "C": 3}
    assert charter.places(["C", "A"], items) == [3, 1]
