"""The hostile-input harness: find every route and form, and check what no request may do.

Used by tests/test_fuzz.py. Discovery crawls a demo evening in each phase, as an organiser and as
a stranger, and submits each form it finds once to find the forms behind it (the confirm page),
so a route or form added later is fuzzed without anyone listing it here.

What no request may do: answer 5xx; answer 4xx after writing anything (PRAGMA data_version, read
on a connection of our own, changes on any commit by the app); answer 4xx without a sentence a
person can act on; write anything when it bounces a stranger to the login page.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import quote, urlencode, urljoin, urlsplit

from starlette.routing import Mount, Route, compile_path

from tests.conftest import Client

STATES = ("setup", "open", "published")
SECRET = "fuzz-secret-" + "x" * 20
TRIED: Counter[str] = Counter()  # requests (and files) tried, by kind; reported at the end
Pool = dict[str, str]  # real values of the evening by name: meeting, primary, code0, steward...
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
