"""Threshold, merge suggestions and spam flags (primary/nominations.py, pure)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from primary import nominations
from primary.nominations import Nomination, ReviewError


def nom(i: int, nominee: int, nominator: str, postcode: str = "SE24 0AB") -> Nomination:
    key = f"{nominator.lower().replace(' ', '')}|{postcode.replace(' ', '')}"
    return Nomination(i, nominee, nominator, key, postcode)


# --- threshold ------------------------------------------------------------------------------

def test_a_nominator_counts_once_however_often_they_nominate():
    rows = [nom(1, 7, "Ann"), nom(2, 7, "Ann"), nom(3, 7, "Bo"), nom(4, 8, "Ann")]
    assert nominations.counts(rows) == {7: 2, 8: 1}
    assert nominations.distinct_nominators(rows[:3]) == 2


def test_the_same_name_from_another_postcode_is_another_nominator():
    assert nominations.distinct_nominators([nom(1, 7, "Jo Smith", "SE24 0AB"),
                                            nom(2, 7, "Jo Smith", "SW2 1XY")]) == 2


def test_the_threshold_is_reached_at_exactly_the_number_set():
    assert not nominations.reaches(4, 5)
    assert nominations.reaches(5, 5)
    assert nominations.reaches(6, 5)


@pytest.mark.parametrize("text", ["", "0", "100", "-1", "five", "²", "1.5", "９"])
def test_a_threshold_outside_1_to_99_is_refused_with_a_sentence(text):
    with pytest.raises(ReviewError, match="whole number of nominators from 1 to 99"):
        nominations.threshold(text)


def test_a_threshold_is_read():
    assert nominations.threshold(" 7 ") == 7


people = st.sampled_from(["Ann", "Bo", "Cy", "Di", "Ed", "Flo"])
rows = st.lists(st.tuples(st.integers(1, 3), people), max_size=30).map(
    lambda pairs: [nom(i, nominee, who) for i, (nominee, who) in enumerate(pairs)])


@given(rows, st.randoms())
def test_counts_do_not_depend_on_order_or_repeats(found, random):
    shuffled = list(found)
    random.shuffle(shuffled)
    assert nominations.counts(shuffled) == nominations.counts(found)
    assert nominations.counts(found + found) == nominations.counts(found)


@given(rows, st.integers(1, 3), st.integers(1, 3))
def test_merging_two_nominees_counts_each_shared_nominator_once(found, keep, gone):
    before = nominations.counts(found)
    merged = [nom(n.id, keep if n.nominee_id == gone else n.nominee_id, n.nominator)
              for n in found]
    after = nominations.counts(merged)
    if keep != gone and before.get(gone):
        together = {n.nominator_key for n in found if n.nominee_id in (keep, gone)}
        assert after[keep] == len(together)
        assert max(before.get(keep, 0), before[gone]) <= after[keep]
        assert after[keep] <= before.get(keep, 0) + before[gone]
        assert gone not in after


@given(st.integers(0, 200), st.integers(1, 99))
def test_reaching_is_monotone(count, threshold):
    if nominations.reaches(count, threshold):
        assert nominations.reaches(count + 1, threshold)
        assert nominations.reaches(count, max(1, threshold - 1))


# --- merge suggestions ----------------------------------------------------------------------

@pytest.mark.parametrize("a, b", [
    ("Bernadette O'Neil", "Bernie O Neill"),
    ("Jon Smith", "John Smith"),
    ("B. O'Neil", "Bernadette O'Neil"),
    ("Sam Smith", "Samuel Smith"),
    ("Mohammed Ali", "Muhammad Ali"),
    ("Okafor Ana", "Ana Okafor"),
])
def test_near_identical_names_are_suggested(a, b):
    assert nominations.likeness(a, b) >= 82
    [merge] = nominations.suggest_merges([(1, a), (2, b)])
    assert {merge.keep, merge.merge} == {1, 2}


@pytest.mark.parametrize("a, b", [
    ("Sam Reid", "Ana Okafor"),
    ("Ann Lee", "Anne Leigh-Davies"),
    ("Bernie O Neill", "Bernie"),
    ("John Smith", "Jane Smith"),
])
def test_different_people_are_not_suggested(a, b):
    assert nominations.suggest_merges([(1, a), (2, b)]) == []


def test_the_name_with_more_nominators_is_kept():
    [merge] = nominations.suggest_merges([(1, "Bernie O Neill"), (2, "Bernadette O'Neil")],
                                         {1: 1, 2: 5})
    assert (merge.keep, merge.merge) == (2, 1)
    assert merge.keep_name == "Bernadette O'Neil"


def test_suggestions_come_most_alike_first():
    found = nominations.suggest_merges([(1, "Jon Smith"), (2, "John Smith"), (3, "Jon Smyth")])
    assert [m.score for m in found] == sorted((m.score for m in found), reverse=True)


names = st.text(st.characters(categories=("L", "Zs", "Pd", "Po")), max_size=30)


@given(names, names)
def test_likeness_is_symmetric_and_bounded(a, b):
    assert nominations.likeness(a, b) == nominations.likeness(b, a)
    assert 0 <= nominations.likeness(a, b) <= 100


@given(st.lists(names, max_size=6, unique=True))
def test_a_nominee_is_never_merged_with_itself(found):
    for m in nominations.suggest_merges(list(enumerate(found))):
        assert m.keep != m.merge


# --- spam flags -----------------------------------------------------------------------------

def test_someone_who_nominates_many_people_is_flagged():
    rows = [nom(i, i, "Ann") for i in range(1, 5)] + [nom(9, 1, "Bo")]
    flagged = nominations.flags(rows, ())
    assert set(flagged) == {1, 2, 3, 4}
    assert "Ann made 4 nominations in this ward" in flagged[1]


def test_three_nominations_from_one_person_are_not_flagged():
    assert nominations.flags([nom(i, i, "Ann") for i in range(1, 4)], ()) == {}


def test_one_name_nominating_from_several_postcodes_is_flagged():
    rows = [nom(1, 7, "Jo Smith", "SE24 0AB"), nom(2, 7, "Jo Smith", "SE24 9ZZ"),
            nom(3, 7, "Bo", "SE24 0AB")]
    flagged = nominations.flags(rows, ())
    assert set(flagged) == {1, 2}


def test_postcodes_outside_the_ward_are_flagged_only_when_the_ward_has_postcodes():
    rows = [nom(1, 7, "Ann", "SE24 0AB"), nom(2, 7, "Bo", "SW2 1XY"), nom(3, 7, "Cy", "SE5 9AA")]
    assert nominations.flags(rows, ()) == {}
    areas = nominations.postcode_areas("SE24, sw2 1")
    assert areas == ("SE24", "SW2 1")
    flagged = nominations.flags(rows, areas)
    assert flagged == {3: ["SE5 9AA is outside the ward's postcodes"]}


def test_a_sector_is_narrower_than_its_district():
    assert nominations.in_ward("SW2 1XY", ("SW2 1",))
    assert not nominations.in_ward("SW2 2XY", ("SW2 1",))
    assert nominations.in_ward("SW2 2XY", ("SW2",))
    assert not nominations.in_ward("SW20 1XY", ("SW2",))


@pytest.mark.parametrize("text", ["SE24 0AB", "London", "12345", "SE"])
def test_a_ward_postcode_list_takes_districts_and_sectors_only(text):
    with pytest.raises(ReviewError, match="is not a postcode district"):
        nominations.postcode_areas(text)


def test_a_statement_is_at_most_100_words():
    assert nominations.statement(" ".join(["word"] * 100)).count("word") == 100
    with pytest.raises(ReviewError, match="101 words: at most 100"):
        nominations.statement(" ".join(["word"] * 101))


def test_a_flagged_nomination_counts_only_once_judged_and_never_when_set_aside():
    rows = [Nomination(1, 7, "Ann", "ann|se24", "SE24 0AB"),
            Nomination(2, 7, "Far", "far|m1", "M1 1AE")]
    assert nominations.counts(rows, flagged={2}) == {7: 1}
    judged = [rows[0], Nomination(2, 7, "Far", "far|m1", "M1 1AE", counted=True)]
    assert nominations.counts(judged, flagged={2}) == {7: 2}
    aside = [rows[0], Nomination(2, 7, "Far", "far|m1", "M1 1AE", set_aside=True, counted=True)]
    assert nominations.counts(aside, flagged={2}) == {7: 1}
    assert nominations.counts(rows) == {7: 2}  # nothing flagged: everyone counts
