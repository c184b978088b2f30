"""The demo evening the fuzz harness serves, and the discovery that crawls it in each phase for
every route and form (see tests/fuzzing.py for what no request may do)."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import shutil
import sqlite3
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

import db as database
from app import Settings, create_app
from broadcast import demo as broadcast_demo
from primary import demo
from programme import demo as programme_demo
from programme import programme_demo as pledge_demo
from sortition import demo as sortition_demo
from tests.conftest import Client
from tests.fuzzing import (
    SECRET,
    STATES,
    TRIED,
    Field,
    Form,
    FoundForm,
    FuzzRequest,
    Pool,
    RouteInfo,
    check,
    default_pairs,
    forms_in,
    route_of,
    routes,
)
from votes import ballot_box, ballots, store, tally

# --- a demo evening, served ----------------------------------------------------------------


class FreshHost:
    """Give each fuzz example its own client address, so the guessing limit that a stranger's
    wrong codes set does not hide the routes behind it, nor leak into other tests."""

    def __init__(self, app):
        self.app = app
        self.host = "fuzz-0"

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            scope = {**scope, "client": (self.host, 1)}
        await self.app(scope, receive, send)


def build_evening(folder: Path, state: str) -> tuple[Settings, Pool]:
    settings = Settings(db_path=folder / f"{state}.sqlite3", secret_key=SECRET,
                        base_url="http://testserver")
    report = asyncio.run(demo.create(settings, cards=20, activate=10, open_vote=state != "setup"))
    if state == "published":
        asyncio.run(_vote_close_publish(settings, report))
    pool = {"meeting": str(report.meeting_id), "primary": str(report.primary_id),
            "steward": report.steward_token, "teller": report.teller_token,
            "login": report.login_token, "invite": report.invite_token,
            "canvasser": asyncio.run(programme_demo.create(settings, report.ward_id))}
    pool.update(asyncio.run(pledge_demo.create(settings, report.ward_id)))  # pledge, signed
    pool.update(asyncio.run(sortition_demo.create(settings, report.ward_id,
                                                  drawn=state == "published")))
    pool.update(asyncio.run(broadcast_demo.create(settings, report.ward_id)))
    for i, (_, code) in enumerate(report.activated_codes[:3]):
        pool[f"code{i}"] = code
        pool[f"pretty{i}"] = ballots.pretty_code(code)
    return settings, pool


async def _vote_close_publish(settings: Settings, report: demo.Report) -> None:
    db = await database.connect(settings.db_path)
    try:
        ids = [c.id for c in await store.candidates(db, report.primary_id)]
        cards = {r["serial"]: r["id"] for r in await db.fetchall("SELECT id, serial FROM cards")}
        for n, (serial, code) in enumerate(report.activated_codes[:5]):
            await ballot_box.cast(db, report.primary_id, cards[serial],
                             ballots.receipt(code, report.primary_id), ids[n % 3:] + ids[:n % 3])
        await store.set_phase(db, report.primary_id, "close", "fuzz")
        await tally.count_and_save(db, report.primary_id, "fuzz")
        await store.set_phase(db, report.primary_id, "publish", "fuzz")
    finally:
        await db.close()


class Evening:
    """A served demo evening: an organiser's client, a stranger's, and the invariant checks."""

    def __init__(self, settings: Settings, pool: Pool, login: bool = True):
        self.settings, self.pool = settings, pool
        self.app = create_app(settings)
        self.host = FreshHost(self.app)
        self.routes = routes(self.app)
        self.organiser = Client(self.host, follow_redirects=False)
        self.stranger = Client(self.host, follow_redirects=False)  # shares the lifespan above
        self._login = login
        self._watch: sqlite3.Connection | None = None
        self._examples = itertools.count(1)

    def __enter__(self) -> Evening:
        self.organiser.__enter__()
        if self._login:
            token = self.pool["login"]
            self.organiser.get(f"/login/{token}")
            r = self.organiser.submit(f"/login/{token}")
            assert r.status_code == 303, "the demo organiser cannot log in"
        self.stranger.csrf(f"/login/{self.pool['login']}")  # a public page with a form
        self._watch = sqlite3.connect(self.settings.db_path, isolation_level=None)
        return self

    def __exit__(self, *exc):
        if self._watch is not None:
            self._watch.close()
        self.organiser.__exit__(*exc)

    def client(self, role: str) -> Client:
        return self.organiser if role == "organiser" else self.stranger

    def new_example(self) -> None:
        self.host.host = f"fuzz-{next(self._examples)}"

    # the database as the app cannot see it: our own connection
    def version(self) -> int:
        assert self._watch is not None
        return self._watch.execute("PRAGMA data_version").fetchone()[0]

    def limit_mark(self) -> tuple:
        assert self._watch is not None
        return self._watch.execute("SELECT COUNT(*), MAX(at) FROM rate_hits").fetchone()

    def counts(self) -> dict[str, int]:
        assert self._watch is not None
        tables = [r[0] for r in self._watch.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {t: self._watch.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]
                for t in tables}

    def send(self, req: FuzzRequest, kind: str = "form"):
        """Send one request and check the invariants; the failure names the request."""
        client = self.client(req.role)
        counts, version, before_limit = self.counts(), self.version(), self.limit_mark()
        TRIED[kind] += 1
        try:
            response = req.send(client)
        except Exception as e:
            e.add_note(f"hustings fuzz: the request was {req}")
            raise
        after = self.counts()
        # Counting an attempt against a rate limit is the one write a refused request makes (the
        # limit counts wrong card codes, and it holds across workers only in the database).
        limiter = before_limit != self.limit_mark()
        counts.pop("rate_hits", None)
        after.pop("rate_hits", None)
        check(req, response, counts, after, version != self.version() and not limiter)
        return response


# --- discovery --------------------------------------------------------------------------------


def _pool_name(pool: Pool, value: str) -> str:
    return next((k for k, v in pool.items() if v == value), value)


def discover(folder: Path) -> tuple[list[RouteInfo], list[FoundForm]]:
    """Every route, and every form reachable in a demo evening in each phase."""
    found: dict[tuple, FoundForm] = {}
    all_routes: list[RouteInfo] = []
    for state in STATES:
        settings, pool = build_evening(folder / state, state)
        snapshot = folder / state / "snapshot.sqlite3"
        shutil.copy(settings.db_path, snapshot)
        with Evening(settings, pool) as ev:
            all_routes = ev.routes
            pages = _crawl(ev)
            cookies = {role: dict(ev.client(role).cookies) for role in ("organiser", "stranger")}
        for role, form in pages:
            _add(found, state, role, form, all_routes, pool)
        # the forms behind each form (a confirm page): submit each once, on a fresh copy
        for n, (role, form) in enumerate(list(pages)):
            if form.method != "post" or urlsplit(form.action).path == "/logout":
                continue
            copy = replace(settings, db_path=folder / state / f"submit{n}.sqlite3")
            shutil.copy(snapshot, copy.db_path)
            # sessions live in the database, so the organiser logs in afresh on the copy
            with Evening(copy, pool, login=role == "organiser") as ev:
                client = ev.client(role)
                if role != "organiser":
                    client.cookies.clear()
                    client.cookies.update(cookies[role])
                r = client.submit(form.action, dict(default_pairs(form)))
                if r.status_code in (301, 302, 303) and r.headers["location"].startswith("/"):
                    r = client.get(r.headers["location"])
                for later in forms_in(r.text, form.action):
                    _add(found, state, role, later, all_routes, pool)
    return all_routes, sorted(found.values(), key=str)


def _crawl(ev: Evening) -> list[tuple[str, Form]]:
    """GET every GET route, each path param filled with each of the evening's real values."""
    pages: list[tuple[str, Form]] = []
    values = list(ev.pool.values())
    for route in ev.routes:
        if "GET" not in route.methods:
            continue
        for combo in itertools.islice(itertools.product(values, repeat=len(route.params)), 60):
            url = route.fill(dict(zip(route.params, combo, strict=True)))
            for role in ("organiser", "stranger"):
                ev.new_example()
                r = ev.client(role).get(url)
                TRIED["discovery"] += 1
                if r.status_code == 200 and "html" in r.headers.get("content-type", ""):
                    pages += [(role, f) for f in forms_in(r.text, url)]
    return pages


def _add(found: dict, state: str, role: str, form: Form, all_routes: list[RouteInfo],
         pool: Pool) -> None:
    path = urlsplit(form.action).path
    route = route_of(all_routes, path, form.method.upper())
    if route is None:
        raise AssertionError(f"a form on {form.page} posts to {form.action}, which no route takes")
    key = (state, form.method, route.path)
    params = {k: _pool_name(pool, v) for k, v in (route.matches(path) or {}).items()}
    if key not in found:
        found[key] = FoundForm(state, route, form.method, form.enctype, [], params, (),
                               form.page)
    entry = found[key]
    if role not in entry.roles:
        entry.roles += (role,)
    for f in form.fields:
        mine = next((g for g in entry.fields if g.name == f.name), None)
        if mine is None:
            entry.fields.append(Field(f.name, f.kind, list(f.values)))
        else:
            mine.values += [v for v in f.values if v not in mine.values]


@contextlib.contextmanager
def evening(folder: Path, state: str):
    settings, pool = build_evening(folder, state)
    with Evening(settings, pool) as ev:
        yield ev
