"""Why ballots leave the count (RCTab's inactive categories): properties on messy ballots."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from votes import counting
from votes.counting import piles
from votes.counting.rules import OVERVOTE, rules_from_dict

POOL = ["Ana", "Ben", "Cleo", "Dev", "Eli"]
FEW = settings(max_examples=150, deadline=None)

# a rank: blank, one name, an overvote of names, or the vendor's unknown overvote
mark = st.one_of(st.just(()), st.sampled_from(POOL).map(lambda n: (n,)),
                 st.lists(st.sampled_from(POOL), min_size=2, max_size=3, unique=True).map(tuple),
                 st.just((OVERVOTE,)))
ballot = st.tuples(st.lists(mark, max_size=6).map(tuple), st.integers(1, 5))
rules = st.fixed_dictionaries({
    "overvote": st.sampled_from(["exhaust_immediately", "always_skip_to_next_rank",
                                 "exhaust_if_multiple_continuing"]),
    "max_skipped_ranks": st.sampled_from([None, 0, 1, 2]),
    "duplicate": st.sampled_from(["skip", "exhaust"]),
    "max_rankings": st.sampled_from([None, 3, 6]),
    "batch_elimination": st.booleans(),
    "tiebreak": st.just("use_candidate_order"),
})


def _count(ballots, raw, method, seats):
    rules = rules_from_dict(method, raw)
    return counting.count(ballots, POOL, seats, rules, seed="s")


@FEW
@given(st.lists(ballot, min_size=1, max_size=25), rules, st.sampled_from([("irv", 1),
                                                                         ("stv", 2), ("stv", 3)]))
def test_every_vote_is_in_a_tally_a_category_or_the_surplus(ballots, raw, method_seats):
    result = _count(ballots, raw, *method_seats)
    marked = sum(n for ranks, n in ballots if any(ranks))
    before = None
    for r in result.rounds:
        inactive = sum(r.inactive.values())
        final = r.final_surplus or 0
        assert sum(r.tally.values()) + inactive + final + r.residual_surplus == marked
        assert inactive + final == r.exhausted  # no blank ballots among them (RCTab)
        if before is not None:  # a ballot that has left never comes back
            assert all(r.inactive[k] >= before[k] for k in before)
        before = r.inactive
    assert all(r.final_surplus is None for r in result.rounds[:-1])


@FEW
@given(st.lists(ballot, min_size=1, max_size=25), rules)
def test_a_category_is_empty_when_its_rule_cannot_exhaust(ballots, raw):
    last = _count(ballots, raw, "irv", 1).rounds[-1].inactive
    if raw["overvote"] == "always_skip_to_next_rank":
        assert last["overvotes"] == 0
    if raw["max_skipped_ranks"] is None:
        assert last["skipped_rankings"] == 0
    if raw["duplicate"] == "skip":
        assert last["repeated_rankings"] == 0


@FEW
@given(st.lists(ballot, min_size=1, max_size=25), rules, st.sampled_from([("irv", 1),
                                                                         ("stv", 2)]))
def test_the_numpy_and_python_tables_sort_exhausted_ballots_alike(ballots, raw, method_seats):
    texts = []
    for arrays in (False, True):
        piles.ARRAYS = arrays
        try:
            texts.append(_count(ballots, raw, *method_seats).to_json())
        finally:
            piles.ARRAYS = None
    assert texts[0] == texts[1]
