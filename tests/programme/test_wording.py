"""Words that fit: a vote on demands speaks of options and places, counts are singular for one,
and no sentence says one thing beside a number that says another."""

from __future__ import annotations

import pytest

from tests.conftest import run, with_db
from tests.programme import programme_seed
from tests.programme.test_programme_routes import (
    both_wards_write_their_programmes,
    hold_assembly,
)


@pytest.fixture
def area(settings):
    return run(programme_seed.seed(settings))


def test_an_area_ballot_says_how_many_wards_and_doorsteps_once_each(organiser, settings, area):
    url = both_wards_write_their_programmes(organiser, area)
    options = organiser.get(f"{url}/programme").context["options"]
    single = [o for o in options if not o["ticked"]]
    assert single and all("stays on its own programme" in o["why"] for o in single)
    primary_id = hold_assembly(organiser, settings, url, [[0, 1]] * 2,
                               host=str(area["wards"]["Tulse Hill"]))
    statements = with_db(settings, lambda d: d.fetchall(
        "SELECT statement FROM candidates WHERE primary_id = ?", (primary_id,)))
    for s in (r["statement"] for r in statements):
        assert s.count("doorstep") == 1 and s.count("ward") == 1, s


def test_the_themes_page_does_not_call_waiting_answers_sorted(organiser, found):
    assert found["counts"]["parts"] > 0 and not found["new"]
    page = organiser.get("/o/wards/1/themes").text
    assert "Every answer is sorted" not in page
    assert "of answers wait near no theme" in page and 'href="/o/wards/1/themes/waiting"' in page
