"""The organiser reorders a draft programme's demands with plain forms: a demand moves up or
down one place, positions stay 1..n, every move is logged; the first cannot go up nor the last
down; a frozen version never moves; a bad form is a sentence and a 400."""

from __future__ import annotations

import pytest

from tests.conftest import run, with_db
from tests.programme import programme_seed
from tests.programme.test_programme_routes import freeze_area, record_hands, write_all


@pytest.fixture
def area(settings):
    return run(programme_seed.seed(settings))


@pytest.fixture
def ward(organiser, area) -> str:
    """Coldharbour's draft programme with three demands."""
    url = f"/o/wards/{area['wards']['Coldharbour']}"
    record_hands(organiser, url)
    write_all(organiser, url, 3)
    return url


def demands(client, url: str) -> list[tuple[int, str]]:
    latest = client.get(f"{url}/programme").context["latest"]
    return [(d.position, d.text) for d in latest.demands]


def move(client, url: str, position: str, direction: str):
    return client.submit(f"{url}/programme/demands/move",
                         {"position": position, "direction": direction})


def moves_logged(settings) -> list[str]:
    return with_db(settings, lambda d: d.fetchall(
        "SELECT detail FROM events WHERE kind = 'demand moved' ORDER BY id"))


def test_moving_a_demand_changes_the_order_and_is_logged(organiser, settings, ward):
    ids = {d.text: d.id for d in organiser.get(f"{ward}/programme")
           .context["latest"].demands}
    r = move(organiser, ward, "3", "up")
    assert r.status_code == 303 and r.headers["location"].endswith("?done=moved")
    assert demands(organiser, ward) == [(1, "Demand number 1"), (2, "Demand number 3"),
                                        (3, "Demand number 2")]
    assert move(organiser, ward, "1", "down").status_code == 303
    page = organiser.get(f"{ward}/programme?done=moved")
    assert page.context["done"] == "Demand moved."
    assert [d.text for d in page.context["latest"].demands] == [
        "Demand number 3", "Demand number 1", "Demand number 2"]
    # each demand keeps its row (the area's groups and shortlists point at it)
    assert {d.text: d.id for d in page.context["latest"].demands} == ids
    assert [e["detail"] for e in moves_logged(settings)] == [
        "Lambeth North · Coldharbour: 3 to 2. 'Demand number 3'",
        "Lambeth North · Coldharbour: 1 to 2. 'Demand number 1'"]
    assert "Move demand 2 up" in page.text and "Move demand 1 up" not in page.text


@pytest.mark.parametrize("position, direction, done", [
    ("1", "up", "That demand is first already: nothing moved."),
    ("3", "down", "That demand is last already: nothing moved.")])
def test_the_first_cannot_go_up_nor_the_last_down(organiser, settings, ward, position,
                                                   direction, done):
    before = demands(organiser, ward)
    r = move(organiser, ward, position, direction)
    assert r.status_code == 303
    assert organiser.get(r.headers["location"]).context["done"] == done
    assert demands(organiser, ward) == before and moves_logged(settings) == []


@pytest.mark.parametrize("position, direction, says", [
    ("4", "up", "not in this programme"), ("0", "down", "not in this programme"),
    ("-1", "up", "not in this programme"), ("two", "up", "not in this programme"),
    ("", "down", "not in this programme"), ("99999999999", "up", "not in this programme"),
    ("2", "sideways", "up or down"), ("2", "", "up or down")])
def test_a_bad_move_is_a_sentence_and_a_400(organiser, settings, ward, position, direction,
                                              says):
    before = demands(organiser, ward)
    r = move(organiser, ward, position, direction)
    assert r.status_code == 400 and says in r.context["error"]
    assert demands(organiser, ward) == before and moves_logged(settings) == []


def test_a_frozen_version_is_never_reordered_and_a_new_one_is(organiser, settings, area):
    url = freeze_area(organiser, area)  # the area programme, frozen with three demands
    frozen = organiser.get(f"{url}/programme").context["latest"]
    r = move(organiser, url, "2", "up")
    assert r.status_code == 400 and "frozen" in r.context["error"]
    assert "Move demand" not in organiser.get(f"{url}/programme").text
    versions = organiser.get(f"{url}/programme").context["versions"]
    assert len(versions) == 1 and versions[0].demands == frozen.demands
    assert organiser.submit(f"{url}/programme/versions").status_code == 303
    assert move(organiser, url, "2", "up").status_code == 303
    assert [t for _, t in demands(organiser, url)] == ["Area 2", "Area 1", "Area 3"]
    old = organiser.get(f"{url}/programme").context["versions"][1]
    assert old.sha256 == frozen.sha256 and old.demands == frozen.demands
