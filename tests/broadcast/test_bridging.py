"""Bridging: the comments agreed with across groups that otherwise disagree, not the most liked."""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from broadcast.bridging import bridging, groups

A, B, C, D = 1, 2, 3, 4


def split_hall() -> list[tuple[int, int, str]]:
    """Residents 1-6 agree with A, disagree with B; 7-10 the opposite. Everyone agrees with C;
    D is liked by all of the larger group and disliked by the smaller."""
    votes = []
    for r in range(1, 11):
        left = r <= 6
        votes += [(A, r, "agree" if left else "disagree"), (B, r, "disagree" if left else "agree"),
                  (C, r, "agree"), (D, r, "agree" if left else "disagree")]
    return votes


def test_groups_follow_the_split():
    g = groups(split_hall())
    assert len({g[r] for r in range(1, 7)}) == 1
    assert len({g[r] for r in range(7, 11)}) == 1
    assert g[1] != g[7]


def test_the_comment_both_sides_agree_with_bridges_and_the_most_liked_does_not():
    found = bridging(split_hall())
    assert [f["comment_id"] for f in found] == [C]
    assert found[0]["score"] == Fraction(4 + 1, 4 + 2)  # the smaller group: 4 of 4, smoothed
    assert found[0]["groups"] == 2


def test_too_few_residents_is_one_group():
    votes = [(A, 1, "agree"), (A, 2, "agree"), (B, 1, "disagree")]
    assert set(groups(votes).values()) == {0}
    assert [f["comment_id"] for f in bridging(votes)] == [A]


votes_strategy = st.lists(st.tuples(st.integers(1, 5), st.integers(1, 12),
                                    st.sampled_from(["agree", "disagree", "pass"])),
                          max_size=40, unique_by=lambda v: (v[0], v[1]))


@settings(max_examples=20, deadline=None)
@given(votes_strategy)
def test_a_bridging_comment_is_agreed_with_more_than_not_in_every_group(votes):
    g = groups(votes)
    for f in bridging(votes):
        for group in set(g.values()):
            mine = [v for c, r, v in votes if c == f["comment_id"] and g[r] == group]
            assert mine.count("agree") > mine.count("disagree")
