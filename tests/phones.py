"""Phones and organisers talking to a real server over HTTP, each with its own cookies.

Used by the race, backup and security tests, which need truly concurrent requests (the `Server`
class in tests/browser/conftest.py runs uvicorn on a free port).
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2

from app import Settings
from primary import demo
from tests.browser.conftest import Server
from tests.conftest import with_db

CSRF = re.compile(r'name="csrftoken" value="([^"]+)"')


def settings_of(server: Server) -> Settings:
    """The server's own settings, so demo data made here is valid there (same file, same key)."""
    return Settings(Path(server.env["HUSTINGS_DB"]), server.env["HUSTINGS_SECRET"], server.url)


class Phone:
    """One browser: its own cookie jar and the CSRF token of the last page it fetched."""

    def __init__(self, url: str):
        # A fresh connection per request: the server closes idle keep-alive connections after
        # 5 s, and a phone that waited longer on a loaded machine would race that close.
        self.http = httpx2.Client(base_url=url, follow_redirects=False, timeout=30,
                                  limits=httpx2.Limits(max_keepalive_connections=0))
        self.token = ""

    def get(self, path: str) -> httpx2.Response:
        r = self.http.get(path)
        match = CSRF.search(r.text)
        if match:
            self.token = match.group(1)
        return r

    def post(self, path: str, data: dict) -> httpx2.Response:
        return self.http.post(path, data={"csrftoken": self.token, **data})

    def close(self) -> None:
        self.http.close()


def phone_for(url: str, code: str) -> Phone:
    """A phone that has opened its card's ballot page, ready to cast."""
    phone = Phone(url)
    r = phone.get(f"/v/{code}")
    assert r.status_code == 200 and phone.token, r.text
    return phone


def ballot(settings: Settings, report: demo.Report, choice: int = 0) -> dict:
    """The form a phone posts to /v/<code>/cast: a first choice only."""
    ids = with_db(settings, lambda d: d.fetchall(
        "SELECT id FROM candidates WHERE primary_id = ? ORDER BY id", (report.primary_id,)))
    return {"primary_id": str(report.primary_id), "rank1": str(ids[choice]["id"])}


def organiser(url: str, login_token: str) -> Phone:
    """A logged-in organiser (the one-time link from demo.create)."""
    o = Phone(url)
    assert o.get(f"/login/{login_token}").status_code == 200
    r = o.post(f"/login/{login_token}", {})
    assert r.status_code == 303, r.text
    o.get("/o")
    return o


def in_parallel(fn, items, workers: int = 50) -> list:
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(fn, items))
