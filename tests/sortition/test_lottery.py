"""Choosing the panel by lot: quotas met or advice on which to relax, the same panel from the same
seed, one per household."""

from collections import Counter
from itertools import product

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sortition.lottery import Infeasible, Quota, Volunteer, check, seed_from_dice, select

SEED = 31415926


def pool_of(counts: dict[tuple[str, str], int]) -> list[Volunteer]:
    """Volunteers numbered 1.., `counts` of each (gender, age)."""
    pool = []
    for (gender, age), n in counts.items():
        for _ in range(n):
            pool.append(Volunteer(str(len(pool) + 1), (("gender", gender), ("age", age))))
    return pool


MIXED = pool_of({("Woman", "Young"): 8, ("Woman", "Old"): 4, ("Man", "Young"): 3,
                 ("Man", "Old"): 9})
QUOTAS = [Quota("gender", "Woman", 3, 3), Quota("gender", "Man", 3, 3),
          Quota("age", "Young", 2, 4), Quota("age", "Old", 2, 4)]


def test_a_feasible_panel_meets_every_quota_and_chances_add_up_to_the_seats():
    panel = select(MIXED, QUOTAS, 6, SEED)
    assert len(panel.members) == 6
    for q in QUOTAS:
        assert q.min <= panel.achieved[(q.category, q.value)] <= q.max
    assert sum(panel.chance.values()) == pytest.approx(6)
    assert all(0 <= p <= 1 for p in panel.chance.values())
    assert "sortition-algorithms" in panel.version and panel.algorithm == "maximin"


def test_maximin_gives_everyone_the_same_chance_when_the_quotas_allow_it():
    pool = pool_of({(g, a): 5 for g, a in product(("Woman", "Man"), ("Young", "Old"))})
    quotas = [Quota("gender", g, 0, 4) for g in ("Woman", "Man")] + \
             [Quota("age", a, 0, 4) for a in ("Young", "Old")]
    panel = select(pool, quotas, 4, SEED)
    assert list(panel.chance.values()) == [pytest.approx(0.2, rel=2e-3)] * 20


def test_the_scarcest_kind_is_as_likely_as_the_quotas_allow():
    # 3 seats for 12 women; 3 seats for the 12 men: every volunteer has a chance of 1/4.
    panel = select(MIXED, QUOTAS, 6, SEED)
    assert min(panel.chance.values()) == pytest.approx(0.25, rel=2e-3)  # maximin.CLOSE


def test_the_same_seed_draws_the_same_panel_and_another_seed_another():
    first, again = select(MIXED, QUOTAS, 6, SEED), select(MIXED, QUOTAS, 6, SEED)
    assert first.members == again.members and first.chance == again.chance
    others = {select(MIXED, QUOTAS, 6, seed).members for seed in (11111111, 22222222, 33333333)}
    assert others - {first.members}


def test_quotas_the_pool_cannot_meet_together_say_which_to_relax_and_by_how_much():
    # Every young volunteer is a woman: at most 3 women means at most 3 young, not 5.
    pool = pool_of({("Woman", "Young"): 10, ("Man", "Old"): 10})
    quotas = [Quota("gender", "Woman", 3, 3), Quota("gender", "Man", 3, 3),
              Quota("age", "Young", 5, 6), Quota("age", "Old", 0, 1)]
    with pytest.raises(Infeasible) as e:
        select(pool, quotas, 6, SEED)
    advice = " ".join(e.value.advice)
    assert " by " in advice and ("Young" in advice or "Woman" in advice or "Old" in advice)


def test_a_minimum_more_than_the_volunteers_who_gave_that_answer_is_named():
    problems = check(MIXED, [Quota("gender", "Man", 13, 13)], 13)
    assert "Lower the minimum by 1" in " ".join(problems)


def test_minimums_above_the_seats_are_named():
    problems = check(MIXED, [Quota("age", "Young", 4, 4), Quota("age", "Old", 4, 4)], 6)
    assert problems == ["age: the minimums add up to 8, more than the 6 seats. Lower them by 2 "
                        "in all."]


def test_one_per_household_never_seats_two_from_one_household():
    pool = [Volunteer(str(n), (("gender", "Woman" if n % 2 else "Man"),), f"house {n // 2}")
            for n in range(1, 21)]
    quotas = [Quota("gender", "Woman", 0, 6), Quota("gender", "Man", 0, 6)]
    for seed in (11111111, 22222222, 33333333):
        panel = select(pool, quotas, 6, seed, one_per_house=True)
        homes = Counter(next(v.household for v in pool if v.id == m) for m in panel.members)
        assert len(panel.members) == 6 and max(homes.values()) == 1
    # The housemate not kept by the household's lot has no chance; the chances add up.
    assert sorted([panel.chance["2"], panel.chance["3"]])[0] == 0
    assert sum(panel.chance.values()) == pytest.approx(6)


def test_prefer_not_to_say_needs_no_quota_row():
    pool = MIXED + [Volunteer("99", (("gender", "Prefer not to say"), ("age", "Old")))]
    quotas = [Quota("gender", "Woman", 2, 3), Quota("gender", "Man", 2, 3),
              Quota("age", "Young", 2, 4), Quota("age", "Old", 2, 4)]
    assert len(select(pool, quotas, 6, SEED).members) == 6


@given(st.text(alphabet="123456 ", max_size=50))
def test_a_seed_is_eight_or_more_dice(text):
    seed = seed_from_dice(text)
    throws = text.replace(" ", "")
    assert (seed is not None) == (8 <= len(throws) <= 40)
    if seed is not None:
        assert str(seed) == throws


def test_anything_but_dice_is_not_a_seed():
    assert seed_from_dice("1234567a") is None and seed_from_dice("12345670") is None


def test_the_draws_child_process_gives_what_this_process_gives():
    """The server and `hustings sortition` draw in a child with its own hash seed; this test
    process has another, so the panel cannot depend on the order of sets."""
    from sortition import draw

    here = select(MIXED, QUOTAS, 6, SEED)
    there = draw.run_here(draw.request(MIXED, QUOTAS, 6, SEED, False))
    assert tuple(there["members"]) == here.members and there["chance"] == here.chance


def test_a_solve_with_more_threads_earlier_in_the_process_does_not_stop_the_draw():
    """HiGHS keeps one thread scheduler per process: after the library's maximin (two threads)
    the draw's one-thread solve was refused, and read as quotas no panel could meet."""
    import highspy

    highspy.Highs.resetThreadScheduler(True)
    other = highspy.Highs()
    other.setOptionValue("output_flag", False)
    other.setOptionValue("threads", 2)
    other.addVar(0, 1)
    other.run()
    assert min(select(MIXED, QUOTAS, 6, SEED).chance.values()) == pytest.approx(0.25, rel=2e-3)
