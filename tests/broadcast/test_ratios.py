"""The ratios: weeks from days, each step's share of the step before, week-on-week change."""

from hypothesis import given
from hypothesis import strategies as st

from broadcast.ratios import STEPS, monday, weeks


def test_monday_of_a_week():
    assert monday("2026-12-03") == "2026-11-30"
    assert monday("2026-11-30T19:00") == "2026-11-30"
    assert monday("not a day") is None


def test_ratios_and_their_change_week_on_week():
    counts = [(1, "2026-11-23", "knocked", 100), (1, "2026-11-24", "answered", 40),
              (1, "2026-11-30", "knocked", 50), (1, "2026-12-03", "answered", 30),
              (1, "2026-12-03", "demands", 10), (2, "2026-12-01", "knocked", 7)]
    found = weeks(counts)
    assert [(w.ward_id, w.monday) for w in found] == [
        (1, "2026-11-23"), (1, "2026-11-30"), (2, "2026-11-30")]
    second = {s.key: s for s in found[1].steps}
    assert (second["knocked"].count, second["knocked"].ratio) == (50, None)
    assert (second["answered"].ratio, second["answered"].change) == (60, 20)
    assert (second["demands"].ratio, second["demands"].change) == (33, 33)  # 0 of 40 before
    assert second["nominations"].ratio == 0
    assert second["knocked"].bar == 300 and second["answered"].bar == 180


@given(st.lists(st.tuples(st.integers(1, 3), st.dates().map(str),
                          st.sampled_from([k for k, _ in STEPS]), st.integers(0, 1000))))
def test_every_count_lands_in_exactly_one_week(counts):
    found = weeks(counts)
    assert sum(s.count for w in found for s in w.steps) == sum(n for *_, n in counts)
    assert len({(w.ward_id, w.monday) for w in found}) == len(found)
