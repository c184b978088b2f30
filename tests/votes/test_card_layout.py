"""Which ballots fit on a voting card: the browser test (tests/browser/test_languages.py)
checks the same cases against the printed card itself."""

from hypothesis import given
from hypothesis import strategies as st

from votes.card_layout import paper_fits

SIX = ["Ana Okafor", "Ben Hughes", "Cy Mensah", "Dee Okonkwo-Williams", "Eli Ward",
       "Fatima Begum"]


def test_eight_names_fit_a_card_in_english_and_six_in_two_languages():
    eight = SIX + ["Gus Lee", "Hana Ito"]
    assert paper_fits(eight, 1)
    assert not paper_fits(eight + ["Ian Moss"], 1)
    assert paper_fits(SIX, 2)
    assert not paper_fits(SIX + ["Gus Lee"], 2)


def test_long_names_take_more_room():
    long = "Maria Fernanda Oliveira dos Santos Pereira"  # three lines in a column
    assert not paper_fits(SIX[:5] + [long], 2)
    assert not paper_fits(["Ana"] * 7 + [long], 1)
    assert paper_fits([long] * 2, 1)
    assert not paper_fits([long], 2)  # four lines: taller than the room under two languages
    assert not paper_fits(["x" * 80] * 3, 2)


names = st.lists(st.text("abcdefghij -", min_size=1, max_size=80), max_size=15)


@given(names, st.sampled_from([1, 2]))
def test_a_ballot_that_fits_still_fits_without_its_last_name(ballot, languages):
    if paper_fits(ballot, languages) and ballot:
        assert paper_fits(ballot[:-1], languages)


@given(names)
def test_what_fits_under_two_languages_fits_under_one(ballot):
    if paper_fits(ballot, 2):
        assert paper_fits(ballot, 1)
