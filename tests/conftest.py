"""Every test builds its own app on a temp SQLite file. Browser tests run last."""

from __future__ import annotations

import asyncio
import itertools
import os
import re

import asyncpg
import pytest
from hypothesis import settings
from starlette.testclient import TestClient

import accounts
import db
from app import Settings, create_app
from primary import demo

# Property tests check rules, not speed (speed lives in benchmarks/): no per-example deadline,
# which a busy CI machine missed for a pure text rule.
settings.register_profile("hustings", deadline=None)
settings.load_profile("hustings")

CSRF = re.compile(r'name="csrftoken" value="([^"]+)"')


def pytest_collection_modifyitems(items):
    if ON_POSTGRES:  # tests of the SQLite file itself (its pages, its PRAGMAs, its triggers' text)
        skip = pytest.mark.skip(reason="reads the SQLite file itself")
        for item in items:
            if item.get_closest_marker("sqlite_file"):
                item.add_marker(skip)
    # Playwright's event loop upsets async tests that run after it: browser tests go last.
    items.sort(key=lambda item: "tests/browser/" in item.nodeid.replace("\\", "/"))


# HUSTINGS_TEST_DB=postgres runs every test on its own fresh PostgreSQL database instead (see
# tests/pg_cluster.py and `make test`).
ON_POSTGRES = os.environ.get("HUSTINGS_TEST_DB") == "postgres"
_numbers = itertools.count()


@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway cluster with one migrated template database, copied for each test."""
    from tests.pg_cluster import Cluster, binaries

    if binaries() is None:
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    with Cluster() as cluster:
        run(_admin(cluster.url, "CREATE DATABASE hustings_template"))
        run(db.migrate(cluster.url.replace("/postgres?", "/hustings_template?")))
        yield cluster


async def _admin(url: str, *statements: str) -> None:
    conn = await asyncpg.connect(url)
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


@pytest.fixture
def fresh_postgres(postgres_server, monkeypatch):
    """An empty, migrated PostgreSQL database of its own, whatever HUSTINGS_TEST_DB says."""
    name = f"extra_{os.getpid()}_{next(_numbers)}"
    run(_admin(postgres_server.url, f"CREATE DATABASE {name} TEMPLATE hustings_template"))
    yield postgres_server.url.replace("/postgres?", f"/{name}?")
    run(_admin(postgres_server.url, f"DROP DATABASE {name} WITH (FORCE)"))


@pytest.fixture
def database(request, tmp_path, monkeypatch):
    """Where this test's data lives: a fresh SQLite file, or a fresh PostgreSQL database (named
    in DATABASE_URL too, for the command-line tests)."""
    if not ON_POSTGRES:
        yield tmp_path / "test.sqlite3"
        return
    server = request.getfixturevalue("postgres_server")
    name = f"test_{os.getpid()}_{next(_numbers)}"
    run(_admin(server.url, f"CREATE DATABASE {name} TEMPLATE hustings_template"))
    url = server.url.replace("/postgres?", f"/{name}?")
    monkeypatch.setenv("DATABASE_URL", url)
    yield url
    run(_admin(server.url, f"DROP DATABASE {name} WITH (FORCE)"))


@pytest.fixture
def settings(database) -> Settings:
    return Settings(db_path=database, secret_key="test-secret-" + "x" * 20,
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
    """Run `fn(database)` against the test's database, outside the app."""
    return run(_with_db(settings, fn))


def rows(settings, sql: str, params=()) -> list[tuple]:
    """A query's rows as tuples, on either database (the test's SQL written as for SQLite)."""
    return [tuple(r) for r in with_db(settings, lambda d: d.fetchall(sql, params))]


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
