"""The hostile-input harness: find every route and form, and check what no request may do.

Used by tests/test_fuzz.py. Discovery crawls a demo evening in each phase, as an organiser and as
a stranger, and submits each form it finds once to find the forms behind it (the confirm page),
so a route or form added later is fuzzed without anyone listing it here.

What no request may do: answer 5xx; answer 4xx after writing anything (PRAGMA data_version, read
on a connection of our own, changes on any commit by the app); answer 4xx without a sentence a
person can act on; write anything when it bounces a stranger to the login page.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import re
import shutil
import sqlite3
from collections import Counter
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlencode, urljoin, urlsplit

from hypothesis import strategies as st
from starlette.routing import Mount, Route, compile_path

import db as database
from app import Settings, create_app
from primary import ballot_box, ballots, demo, store, tally
from programme import demo as programme_demo
from tests.conftest import Client

STATES = ("setup", "open", "published")
SECRET = "fuzz-secret-" + "x" * 20
TRIED: Counter[str] = Counter()  # requests (and files) tried, by kind; reported at the end
PARAM = re.compile(r"{(\w+)(?::\w+)?}")

# --- routes -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RouteInfo:
    path: str  # the template: /o/meetings/{id}
    methods: tuple[str, ...]
    params: tuple[str, ...]

    def __str__(self) -> str:
        return f"{'|'.join(self.methods)} {self.path}"

    def matches(self, path: str) -> dict[str, str] | None:
        regex, _, _ = compile_path(self.path)
        m = regex.match(path)
        return None if m is None else m.groupdict()

    def fill(self, values: dict[str, str]) -> str:
        return PARAM.sub(lambda m: quote(values[m.group(1)], safe=""), self.path)


def routes(app) -> list[RouteInfo]:
    """Every Route, through Mounts that hold routes (a static-files Mount holds none)."""
    found: list[RouteInfo] = []

    def walk(items, prefix: str) -> None:
        for r in items:
            if isinstance(r, Mount):
                walk(r.routes, prefix + r.path)
            elif isinstance(r, Route):
                methods = tuple(sorted(set(r.methods or ("GET",)) - {"HEAD"}))
                found.append(RouteInfo(prefix + r.path, methods, tuple(r.param_convertors)))

    walk(app.routes, "")
    return found


def route_of(all_routes: list[RouteInfo], path: str, method: str) -> RouteInfo | None:
    return next((r for r in all_routes if method in r.methods and r.matches(path) is not None),
                None)


# --- forms ------------------------------------------------------------------------------------


@dataclass
class Field:
    name: str
    kind: str  # the input's type, or select / textarea
    values: list[str] = field(default_factory=list)  # as in the page: value, or every option


@dataclass
class Form:
    method: str
    action: str  # as found: /v/7K3Q.../cast
    enctype: str
    fields: list[Field]
    page: str


class _FormParser(HTMLParser):
    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._option: list[str] | None = None  # text of an <option> without a value

    def _field(self, name: str, kind: str) -> Field:
        assert self._form is not None
        for f in self._form.fields:
            if f.name == name:
                return f
        f = Field(name, kind)
        self._form.fields.append(f)
        return f

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            action = urlsplit(urljoin(self.page, a.get("action") or self.page))
            self._form = Form(a.get("method", "get").lower(),
                              action.path + (f"?{action.query}" if action.query else ""),
                              a.get("enctype", "application/x-www-form-urlencoded"), [],
                              self.page)
            self.forms.append(self._form)
        elif self._form is None or not (name := a.get("name")) and tag != "option":
            return
        elif tag in ("input", "button"):
            kind = a.get("type", "text" if tag == "input" else "submit").lower()
            self._field(name, kind).values.append(a.get("value", ""))
        elif tag == "textarea":
            self._field(name, "textarea").values.append("")
        elif tag == "select":
            self._select = self._field(name, "select")
        elif tag == "option" and self._select is not None:
            if "value" in a:
                self._select.values.append(a["value"])
            else:
                self._option = []

    def handle_data(self, data):
        if self._option is not None:
            self._option.append(data)

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None and self._select is not None:
            self._select.values.append("".join(self._option).strip())
            self._option = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self._form = None


def forms_in(html: str, page: str) -> list[Form]:
    parser = _FormParser(page)
    parser.feed(html)
    return parser.forms


def default_pairs(form: Form) -> list[tuple[str, str]]:
    """What a person would send: the page's values, the n-th option in the n-th list."""
    pairs, nth = [], Counter()
    for f in form.fields:
        if f.name == "csrftoken":
            continue
        if f.kind in ("submit", "button", "reset", "image"):
            continue
        chosen = [v for v in f.values if v]
        if f.kind == "select":
            key = tuple(chosen)
            value = chosen[nth[key] % len(chosen)] if chosen else ""
            nth[key] += 1
        elif f.kind == "checkbox":
            value = chosen[0] if chosen else "on"
        else:
            value = chosen[0] if chosen else "1"
        pairs.append((f.name, value))
    return pairs


@dataclass
class FoundForm:
    """A form to fuzz: its action's route, and where and how it was found."""

    state: str
    route: RouteInfo
    method: str
    enctype: str
    fields: list[Field]
    params: dict[str, str]  # the action's path params, as names from the evening's pool
    roles: tuple[str, ...]
    found_on: str

    def __str__(self) -> str:
        return f"{self.state}:{self.method.upper()} {self.route.path}"

    def action(self, pool: Pool) -> str:
        return self.route.fill({k: pool.get(v, v) for k, v in self.params.items()})


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


Pool = dict[str, str]  # real values of the evening by name: meeting, primary, code0, steward...


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
    for i, (_, code) in enumerate(report.activated_codes[:3]):
        pool[f"code{i}"] = code
        pool[f"pretty{i}"] = ballots.pretty_code(code)
    return settings, pool


async def _vote_close_publish(settings: Settings, report: demo.Report) -> None:
    db = await database.connect(settings.db_path)
    try:
        ids = [c["id"] for c in await store.candidates(db, report.primary_id)]
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

    def counts(self) -> dict[str, int]:
        assert self._watch is not None
        tables = [r[0] for r in self._watch.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {t: self._watch.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]
                for t in tables}

    def send(self, req: FuzzRequest, kind: str = "form"):
        """Send one request and check the invariants; the failure names the request."""
        client = self.client(req.role)
        counts, version = self.counts(), self.version()
        TRIED[kind] += 1
        try:
            response = req.send(client)
        except Exception as e:
            e.add_note(f"hustings fuzz: the request was {req}")
            raise
        check(req, response, counts, self.counts(), version != self.version())
        return response


# --- requests ---------------------------------------------------------------------------------


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) < 120 else f"{text[:100]}...<{len(text)} chars>"


@dataclass(frozen=True)
class FuzzRequest:
    method: str
    path: str
    role: str = "organiser"
    pairs: tuple[tuple[str, str], ...] = ()
    encoding: str = "urlencoded"  # urlencoded, multipart, raw (body_tail and content_type)
    csrf: str = "good"  # good, missing, wrong
    body_tail: str = ""
    content_type: str = "application/x-www-form-urlencoded"
    files: tuple[tuple[str, bytes], ...] = ()

    def __str__(self) -> str:
        pairs = ", ".join(f"{_short(k)}: {_short(v)}" for k, v in self.pairs)
        extra = f" +{_short(self.body_tail)} as {self.content_type!r}" if self.encoding == "raw" \
            else ""
        files = f" files={[(k, len(v)) for k, v in self.files]}" if self.files else ""
        return (f"{self.method} {_short(self.path)} as {self.role}, csrf {self.csrf},"
                f" {self.encoding} {{{pairs}}}{extra}{files}")

    def send(self, client: Client):
        pairs = list(self.pairs)
        if self.method == "GET":
            return client.get(self.path, params=pairs)
        if self.csrf == "good":
            pairs.insert(0, ("csrftoken", client.csrf()))
        elif self.csrf == "wrong":
            pairs.insert(0, ("csrftoken", "forged" + client.csrf()[6:]))
        if self.encoding == "multipart" or self.files:
            data: dict[str, list[str]] = {}
            for k, v in pairs:
                data.setdefault(k, []).append(v)
            files = [(k, ("ballots.csv", v, "text/csv")) for k, v in self.files] or \
                [("", ("", b"", "text/plain"))]
            return client.request(self.method, self.path, data=data, files=files)
        body = urlencode(pairs)
        headers = {"content-type": "application/x-www-form-urlencoded"}
        if self.encoding == "raw":
            body += self.body_tail
            headers = {"content-type": self.content_type} if self.content_type else {}
        return client.request(self.method, self.path, content=body.encode("utf-8", "replace"),
                              headers=headers)


# --- what no answer may be --------------------------------------------------------------------

LEAKS = ("Traceback", "invalid literal", "NoneType", "has no attribute", "sqlite3.",
         "OperationalError", "IntegrityError", "Internal Server Error", "KeyError")
SENTENCE = re.compile(r"[A-Z][^.!?]{6,}[.!?]")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        self._hidden += tag in ("script", "style", "title", "head")

    def handle_endtag(self, tag):
        self._hidden -= tag in ("script", "style", "title", "head") and self._hidden > 0

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def check(req: FuzzRequest, response, before: dict[str, int], after: dict[str, int],
          wrote: bool) -> None:
    status = response.status_code
    where = f"{req}\n  answered {status}"
    assert status < 500, f"{where}: a server error"
    changed = {t: (before.get(t), n) for t, n in after.items() if before.get(t) != n}
    if 400 <= status < 500:
        assert not wrote and not changed, f"{where} but wrote to the database: {changed or 'rows'}"
        text = visible_text(response.text) if "html" in response.headers.get(
            "content-type", "") else response.text
        assert SENTENCE.search(text), f"{where} with no sentence to act on: {text[:200]!r}"
        leaked = [w for w in LEAKS if w in text]
        assert not leaked, f"{where} and shows internals ({leaked}): {text[:300]!r}"
    if req.role == "stranger" and response.headers.get("location") == "/login":
        assert not wrote and not changed, f"{where}, sent to log in, but wrote: {changed or 'rows'}"


# --- hostile values ---------------------------------------------------------------------------

NASTY = [
    "", " ", "\x00", "a\x00b", "\t\r\n", "\r\n\r\n", "\x1b[2J", "\x7f", "\u202eevil", "\ufeff",
    "\u200b", "é", "e\u0301", "Ω", "名前", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "👩‍👩‍👧", "ﷺ", "'", '"', "\\", "%", "%00",
    "' OR 1=1 --", "'); DROP TABLE areas; --", "1; DELETE FROM cards", "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>', "{{7*7}}", "{% raw %}", "${7*7}", "%s%s%n",
    "../../etc/passwd", "/", "//evil.example", "javascript:alert(1)", "0", "-0", "-1", "+1",
    "1.0", "1.5", "1e9",
    "1_000", "0x10", "0b1", "NaN", "nan", "inf", "-inf", "Infinity", "2147483648",
    "9223372036854775807", "9223372036854775808", "18446744073709551616", "9" * 40, "9" * 5000,
    "²", "³", "¹²", "١", "١٢", "٣٣٣", "߁", "½", "Ⅻ", "𝟙", " 1 ", "1 ", "1-", "-", "1-2-3",
    "0-0", "5-1", "1-99999999999999999999", "99999999999999999999", "1,2,,3", "1-500,1-500",
    "2026-02-30T19:00", "9999-12-31T23:59", "0001-01-01", "2026-13-01", "2026-01-01T25:00",
    "2026-01-01T19:00+25:00", "yes", "no", "true", "on", "null", "None", "[]", "{}",
    "steward", "teller", "organiser", "open", "close", "publish", "x" * 81, "x" * 1501,
]
HUGE = ["x" * 70_000, "é" * 40_000, "9" * 20_000, ("word " * 101).strip()]
TEXT = st.characters(exclude_categories=("Cs",))  # lone surrogates cannot be sent as UTF-8


def hostile_text(pool: Pool, huge: bool = True) -> st.SearchStrategy[str]:
    real = sorted(pool.values())
    return st.one_of(
        st.sampled_from(NASTY),
        st.text(TEXT, max_size=30),
        st.integers(-(10**25), 10**25).map(str),
        st.floats().map(repr),
        st.from_regex(r"\A[0-9]{1,30}(-[0-9]{1,30})?\Z"),
        st.sampled_from(real),
        st.tuples(st.sampled_from(real), st.sampled_from(NASTY)).map("".join),
        st.sampled_from(HUGE if huge else ["x" * 3000]),
    )


def hostile_name() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(NASTY[:40] + ["csrftoken", "rank0", "rank99", "id"]),
                     st.text(TEXT, min_size=1, max_size=12))


RAW_TAILS = ["", "&", "&&&", "&=", "&%", "&%zz=1", "&a=%FF%FE", "&rank1=%00", "&a", "&=x",
             "&" + "a=1&" * 250]
CONTENT_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data",
                 "multipart/form-data; boundary=x", "application/json", "text/plain", "",
                 "application/x-www-form-urlencoded; charset=latin-1"]


@st.composite
def form_requests(draw, form: FoundForm, pool: Pool) -> FuzzRequest:
    """A submission of `form` by someone hostile: each field kept, changed, left out or repeated;
    extra fields; a wrong CSRF token; a body that is not quite a form; or a hostile path."""
    hostile = hostile_text(pool, huge=form.method != "get")  # a URL stops at 64 kB
    pairs: list[tuple[str, str]] = []
    for f in form.fields:
        if f.name == "csrftoken":
            continue
        how = draw(st.sampled_from(("keep", "keep", "hostile", "hostile", "omit", "repeat")))
        real = [v for v in f.values if v] or [""]
        if how == "keep":
            pairs.append((f.name, draw(st.sampled_from(real))))
        elif how == "hostile":
            pairs.append((f.name, draw(hostile)))
        elif how == "repeat":
            pairs.extend((f.name, v) for v in draw(st.lists(
                st.one_of(st.sampled_from(real), hostile), min_size=2, max_size=4)))
    pairs += draw(st.lists(st.tuples(hostile_name(), hostile), max_size=3))
    if draw(st.booleans()):
        pairs = draw(st.permutations(pairs))
    path = form.action(pool)
    if form.route.params and draw(st.integers(0, 9)) == 0:
        path = form.route.fill({p: draw(hostile_text(pool, huge=False))
                                for p in form.route.params})
    encoding = draw(st.sampled_from(("urlencoded",) * 6 + ("multipart", "raw")))
    files: tuple[tuple[str, bytes], ...] = ()
    for f in form.fields:
        if f.kind == "file":
            files += ((f.name, draw(st.binary(max_size=300))),)
    return FuzzRequest(
        form.method.upper(), path, draw(st.sampled_from(form.roles + ("stranger",))),
        tuple(pairs), encoding, draw(st.sampled_from(("good",) * 8 + ("missing", "wrong"))),
        draw(st.sampled_from(RAW_TAILS)), draw(st.sampled_from(CONTENT_TYPES)), files)


@st.composite
def path_requests(draw, route: RouteInfo, pool: Pool) -> FuzzRequest:
    """Any method on `route`, each path param real or hostile, with a hostile query string."""
    hostile = hostile_text(pool, huge=False)  # a URL stops at 64 kB before it reaches the app
    real = sorted(pool.values())
    values = {p: draw(st.one_of(hostile, st.sampled_from(real))) for p in route.params}
    if route.params and all(v in real for v in values.values()):
        values[route.params[-1]] = draw(hostile)  # at least one hostile part
    query = draw(st.lists(st.tuples(hostile_name(), hostile), max_size=2))
    method = draw(st.sampled_from(route.methods + ("PUT", "DELETE")))
    return FuzzRequest(method, route.fill(values), draw(st.sampled_from(("organiser", "stranger"))),
                       tuple(query))


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
            with Evening(copy, pool, login=False) as ev:
                client = ev.client(role)
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
