"""Every test builds its own app on a temp SQLite file. Browser tests run last."""

from __future__ import annotations

import asyncio
import re

import pytest
from starlette.testclient import TestClient

import accounts
import db
from app import Settings, create_app
from primary import demo

CSRF = re.compile(r'name="csrftoken" value="([^"]+)"')


def pytest_collection_modifyitems(items):
    # Playwright's event loop upsets async tests that run after it: browser tests go last.
    items.sort(key=lambda item: "tests/browser/" in item.nodeid.replace("\\", "/"))


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(db_path=tmp_path / "test.sqlite3", secret_key="test-secret-" + "x" * 20,
                    base_url="http://testserver")


class Client(TestClient):
    """A TestClient that posts forms the way a browser does: with the page's CSRF token."""

    def csrf(self, page: str = "/login") -> str:
        token = self.cookies.get("csrftoken")
        if token:
            return token
        match = CSRF.search(self.get(page).text)
        assert match, f"no CSRF token on {page}"
        return match.group(1)

    def submit(self, url: str, data: dict | None = None, **kw):
        return self.post(url, data={"csrftoken": self.csrf(), **(data or {})}, **kw)


@pytest.fixture
def client(settings):
    with Client(create_app(settings), follow_redirects=False) as c:
        yield c


def run(coro):
    return asyncio.run(coro)


async def _with_db(settings, fn):
    await db.migrate(settings.db_path)
    database = await db.connect(settings.db_path)
    try:
        return await fn(database)
    finally:
        await database.close()


def with_db(settings, fn):
    """Run `fn(database)` against the test's SQLite file, outside the app."""
    return run(_with_db(settings, fn))


@pytest.fixture
def organiser(client, settings):
    """The client, logged in as an organiser."""
    token = with_db(settings, lambda d: accounts.add_organiser(d, "org@example.org"))
    client.get(f"/login/{token}")
    r = client.submit(f"/login/{token}")
    assert r.status_code == 303
    return client


@pytest.fixture
def evening(settings):
    """A demo primary: 4 candidates, 20 cards of which 10 are activated, voting not yet open."""
    return run(demo.create(settings, cards=20, activate=10))
