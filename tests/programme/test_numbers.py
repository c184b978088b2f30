"""The numbers per ward and day, and the chart's geometry."""

from __future__ import annotations

from programme.numbers import BASE, WIDTH, DayNumbers, by_ward, chart


def row(ward_id: int, day: str, doors: int, answers: int, **more) -> DayNumbers:
    return DayNumbers(ward_id, f"Ward {ward_id}", "Lambeth", day, doors, answers,
                      more.get("nominations", 0), more.get("consents", 0), more.get("invited"))


def test_rows_are_grouped_by_ward_with_totals():
    wards = by_ward([row(1, "2026-03-13", 10, 6, invited=2), row(1, "2026-03-14", 4, 4),
                     row(2, "2026-03-14", 7, 1, consents=1)])
    assert [(w.ward_id, len(w.days)) for w in wards] == [(1, 2), (2, 1)]
    assert wards[0].totals == {"doors": 14, "answers": 10, "nominations": 0, "consents": 0,
                               "invited": 2}  # a day with no one invited counts 0, not None


def test_the_busiest_day_is_full_height_and_answers_sit_inside_doors():
    (w,) = by_ward([row(1, "2026-03-13", 10, 5), row(1, "2026-03-14", 4, 4)])
    c = chart(w)
    doors, answers = c.bars[0::2], c.bars[1::2]
    assert [b.height for b in doors] == [BASE, BASE * 4 // 10]
    assert [b.height for b in answers] == [BASE // 2, BASE * 4 // 10]
    assert all(b.y + b.height == BASE for b in c.bars)
    assert doors[0].label == "2026-03-13: 10 doors knocked"
    assert (c.first_day, c.last_day, c.top) == ("2026-03-13", "2026-03-14", 10)


def test_any_number_of_days_fits_the_chart():
    for n in (1, 45, 700):
        (w,) = by_ward([row(1, f"day {i:04d}", i % 7, 0) for i in range(n)])
        c = chart(w)
        assert all(0 <= b.x and b.x + b.width <= WIDTH and b.width >= 1 for b in c.bars), n
        assert c.bars[0].width <= 40
