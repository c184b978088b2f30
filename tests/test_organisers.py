"""Organiser sessions end for good at log out; organisers reach only the areas they were given."""

from __future__ import annotations

from starlette.testclient import TestClient

from app import create_app


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
