"""Organiser sessions end for good at log out; organisers reach only the areas or wards they
were given (area organiser, ward organiser)."""

from __future__ import annotations

import contextlib

import pytest
from starlette.testclient import TestClient

import accounts
import cli
from app import create_app
from primary import demo
from tests.conftest import Client, run, with_db
from tests.test_security import dump


def test_a_copied_session_cookie_is_refused_after_log_out(organiser, settings):
    assert organiser.get("/o").status_code == 200
    copied = dict(organiser.cookies)
    assert organiser.submit("/logout").status_code == 303
    with TestClient(create_app(settings), follow_redirects=False, cookies=copied) as thief:
        r = thief.get("/o")
        assert r.status_code == 303 and r.headers["location"] == "/login"


def test_logging_out_ends_only_that_session(organiser, settings):
    copied = dict(organiser.cookies)
    with TestClient(create_app(settings), follow_redirects=False, cookies=copied) as laptop:
        assert laptop.get("/o").status_code == 200, "the same session, on another tab"
    assert organiser.get("/o").status_code == 200


@pytest.fixture
def clients():
    with contextlib.ExitStack() as stack:
        yield stack


def organiser_of(clients, settings, email: str, area: str | None = None,
                 ward: str | None = None):
    """A logged-in client for a new organiser of everything, an area or a ward."""
    token = with_db(settings, lambda d: accounts.add_organiser(d, email, area, ward))
    c = clients.enter_context(Client(create_app(settings), follow_redirects=False))
    c.get(f"/login/{token}")
    assert c.submit(f"/login/{token}").status_code == 303
    return c


@pytest.mark.sqlite_file
def test_an_area_organiser_cannot_reach_another_areas_evening(settings, clients):
    mine = run(demo.create(settings, cards=5))
    theirs = run(demo.create(settings, cards=5))
    area = organiser_of(clients, settings, "ana@example.org", mine.area)
    before = dump(settings.db_path)
    for url in (f"/o/meetings/{theirs.meeting_id}", f"/o/meetings/{theirs.meeting_id}/cards/print",
                f"/o/primaries/{theirs.primary_id}", f"/o/wards/{theirs.ward_id}/nominations",
                "/o/events", "/o/answers/export.csv"):
        assert area.get(url).status_code == 403, url
    for url, form in ((f"/o/primaries/{theirs.primary_id}/candidates", {"name": "Sneaky"}),
                      (f"/o/meetings/{theirs.meeting_id}/links", {"role": "steward"}),
                      (f"/o/meetings/{theirs.meeting_id}/cards", {"count": "5"}),
                      ("/o/areas", {"name": "Elsewhere"}),
                      ("/o/meetings", {"ward_id": str(theirs.ward_id), "venue": "Hall",
                                       "starts_at": "2030-01-01T19:00"})):
        assert area.submit(url, form).status_code in (400, 403), url
    assert dump(settings.db_path) == before, "nothing of theirs changed"
    assert area.get(f"/o/meetings/{mine.meeting_id}/cards/print").status_code == 200
    assert area.submit(f"/o/primaries/{mine.primary_id}/candidates",
                       {"name": "Dee Okafor"}).status_code == 303
    dashboard = area.get("/o").context
    assert [a.name for a in dashboard["areas"]] == [mine.area]
    assert {m.id for m in dashboard["meetings"]} == {mine.meeting_id}


def test_a_ward_organiser_has_that_ward_but_not_the_area(settings, clients):
    e = run(demo.create(settings, cards=5))
    ward = organiser_of(clients, settings, "wes@example.org", e.area, e.ward)
    assert ward.get(f"/o/meetings/{e.meeting_id}").status_code == 200
    assert ward.get(f"/o/wards/{e.ward_id}/nominations").status_code == 200
    area_id = with_db(settings, lambda d: d.fetchval("SELECT area_id FROM wards WHERE id = ?",
                                                     (e.ward_id,)))
    assert ward.get(f"/o/areas/{area_id}/programme").status_code == 403
    r = ward.submit("/o/wards", {"area_id": str(area_id), "name": "Another", "seats": "1"})
    assert r.status_code == 400 and "whole area" in r.context["error"]


def test_organiser_add_names_an_area_that_exists(settings, monkeypatch, capsys):
    e = run(demo.create(settings, cards=1))
    monkeypatch.setenv("HUSTINGS_DB", str(settings.db_path))
    monkeypatch.setenv("HUSTINGS_SECRET", settings.secret_key)
    assert cli.main(["organiser", "add", "ana@example.org", "--area", e.area]) == 0
    assert "/login/" in capsys.readouterr().out
    assert cli.main(["organiser", "add", "bo@example.org", "--area", "Atlantis"]) == 2
    assert "no area called 'Atlantis'" in capsys.readouterr().err
    assert cli.main(["organiser", "add", "cy@example.org", "--area", e.area, "--ward",
                     "Nowhere"]) == 2
    assert "no ward called 'Nowhere'" in capsys.readouterr().err
