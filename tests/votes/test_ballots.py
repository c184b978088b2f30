import secrets

import pytest
from hypothesis import given
from hypothesis import strategies as st

from votes import ballots
from votes.ballots import Candidate, RankingError

CANDIDATES = [Candidate(1, "Ana"), Candidate(2, "Ben"), Candidate(3, "Cy")]


def test_codes_carry_at_least_64_bits_and_survive_typing():
    code = ballots.card_code(secrets.token_bytes(32), 1, 7)
    assert len(code) * 5 >= 64
    typed = ballots.pretty_code(code).lower().replace("0", "o").replace("1", "l")
    assert ballots.normalise_code(typed) == code
    assert ballots.normalise_code(" " + ballots.pretty_code(code) + " ") == code


def test_codes_differ_per_card_meeting_and_key():
    key = secrets.token_bytes(32)
    codes = {ballots.card_code(key, 1, s) for s in range(1, 1001)}
    assert len(codes) == 1000
    assert ballots.card_code(key, 1, 5) != ballots.card_code(key, 2, 5)
    assert ballots.card_code(key, 1, 5) != ballots.card_code(secrets.token_bytes(32), 1, 5)


@given(st.text(max_size=40))
def test_normalise_code_never_crashes_and_only_accepts_full_codes(text):
    code = ballots.normalise_code(text)
    assert code is None or (len(code) == ballots.CODE_CHARS and set(code) <= set(ballots.ALPHABET))


def test_receipt_depends_on_code_and_vote():
    assert ballots.receipt("A" * 16, 1) != ballots.receipt("B" * 16, 1)
    assert ballots.receipt("A" * 16, 1) != ballots.receipt("A" * 16, 2)
    assert ballots.receipt("A" * 16, 1) == ballots.receipt("A" * 16, 1)


def test_ranking_in_order_with_gaps_closed():
    ranking = ballots.validate_ranking(["2", "", "1"], CANDIDATES)
    assert [c.name for c in ranking] == ["Ben", "Ana"]


def test_same_candidate_twice_is_refused_by_name():
    with pytest.raises(RankingError, match="Ana more than once"):
        ballots.validate_ranking(["1", "1"], CANDIDATES)


def test_nothing_ranked_is_refused():
    with pytest.raises(RankingError, match="not ranked anyone"):
        ballots.validate_ranking(["", "", ""], CANDIDATES)


def test_unknown_candidate_is_refused():
    with pytest.raises(RankingError):
        ballots.validate_ranking(["9"], CANDIDATES)


@given(st.lists(st.text(max_size=5), max_size=6))
def test_validation_only_raises_ranking_error(choices):
    try:
        ranking = ballots.validate_ranking(choices, CANDIDATES)
    except RankingError:
        return
    assert ranking and len(set(ranking)) == len(ranking)


def test_serials_single_list_and_stack():
    assert ballots.parse_serials("0012") == [12]
    assert ballots.parse_serials("1, 3 5-7") == [1, 3, 5, 6, 7]


@pytest.mark.parametrize("text", ["", "abc", "5-2", "1-100000", "3-x"])
def test_bad_serials_say_why(text):
    with pytest.raises(ValueError):
        ballots.parse_serials(text)
