"""What every page shares: templates, the organiser check, error pages, security headers, QR."""

from __future__ import annotations

import io
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import qrcode
import qrcode.image.svg
from jinja2 import pass_context
from markupsafe import Markup, escape
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.templating import Jinja2Templates

import accounts
import languages
from languages import N_

ROOT = Path(__file__).parent
templates = Jinja2Templates(directory=str(ROOT / "templates"))
templates.env.auto_reload = False  # no stat() of every template on every request


@pass_context
def _csrf_field(ctx) -> Markup:
    """The one CSRF helper: every form includes {{ csrf() }}; asgi-csrf checks it."""
    token_for = ctx["request"].scope.get("csrftoken")
    token = token_for() if token_for else ""
    return Markup(f'<input type="hidden" name="csrftoken" value="{escape(token)}">')


def counted(n: int, noun: str, plural: str = "") -> str:
    """'1 doorstep', '1,204 doorsteps': the number and its noun, singular for one."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"


def _lang(ctx) -> str:
    return ctx.get("lang") or languages.SOURCE


templates.env.add_extension("jinja2.ext.i18n")
templates.env.install_gettext_callables(  # each page speaks the language render() chose
    pass_context(lambda ctx, text: languages.translations(_lang(ctx)).gettext(text)),
    pass_context(lambda ctx, one, many, n: languages.translations(_lang(ctx)).ngettext(
        one, many, n)),
    newstyle=True,
    pgettext=pass_context(lambda ctx, context, text: languages.translations(
        _lang(ctx)).pgettext(context, text)),
    npgettext=pass_context(lambda ctx, context, one, many, n: languages.translations(
        _lang(ctx)).npgettext(context, one, many, n)),
)
templates.env.globals["csrf"] = _csrf_field
templates.env.globals["translated"] = (  # in a given language (the cards' two); values escaped
    lambda lang, text, **values: Markup(languages.gettext(lang, text)) % values)
templates.env.globals["direction"] = languages.direction
templates.env.filters["counted"] = counted
templates.env.filters["ordinal"] = pass_context(lambda ctx, n: languages.ordinal(n, _lang(ctx)))
templates.env.filters["when"] = pass_context(lambda ctx, at: languages.when(at, _lang(ctx)))
templates.env.filters["day"] = pass_context(lambda ctx, at: languages.day(at, _lang(ctx)))
MAX_FORM_BYTES = 64 * 1024
LANGUAGE_COOKIE = "lang"


def in_languages(handler):
    """Routes whose pages are translated: the others stay in English, lang="en" and all."""

    @wraps(handler)
    async def wrapped(request: Request):
        request.state.speaks = True
        return await handler(request)

    return wrapped


def language(request: Request) -> str:
    """The language of this request's page: one tapped (?lang=), then one kept for the card
    (a route sets request.state.language), then the last one tapped here, then the browser's."""
    chosen = getattr(request.state, "language", None)
    if chosen:
        return chosen
    if not getattr(request.state, "speaks", False):
        return languages.SOURCE
    among = getattr(request.state, "languages", None) or languages.shipped()
    asked = request.query_params.get("lang")
    if asked not in among:
        asked = _tapped_or_browsers(request, among)
    request.state.language = asked
    return asked


def language_before_routing(scope) -> str:
    """The language of a page sent before any route ran (a refused form)."""
    return _tapped_or_browsers(Request(scope), languages.shipped())


def _tapped_or_browsers(request: Request, among: tuple[str, ...]) -> str:
    """The language last tapped here, else the browser's, else the first offered."""
    if request.cookies.get(LANGUAGE_COOKIE) in among:
        return request.cookies[LANGUAGE_COOKIE]
    return languages.from_header(request.headers.get("accept-language"), among) or among[0]


def translate(request: Request, text: str, **values) -> str:
    """A message from Python, in the language of the request's page."""
    return languages.gettext(language(request), text, **values)


def render(request: Request, name: str, context: dict | None = None, status: int = 200):
    lang = language(request)
    among = getattr(request.state, "languages", None) or languages.shipped()
    speaks = getattr(request.state, "speaks", False)
    response = templates.TemplateResponse(request, name, {
        "lang": lang, "dir": languages.direction(lang),
        "languages": [(code, languages.name(code)) for code in among] if speaks else [],
        **(context or {})},
        status_code=status)
    if request.query_params.get("lang") == lang:  # a tap on a language: keep it for next time
        response.set_cookie(LANGUAGE_COOKIE, lang, max_age=365 * 86400, samesite="lax",
                            httponly=True)
    return response


def problem(request: Request, message: str, status: int = 400,
            title: str = N_("Something to fix")):
    """A clear page for a request we cannot do; nothing has changed. (Messages marked with N_
    are said in the page's language.)"""
    return render(request, "problem.html", {"title": translate(request, title),
                                            "message": translate(request, message)}, status)


def organiser_only(handler):
    """Routes for organisers: send anyone else to the login explanation."""

    @wraps(handler)
    async def wrapped(request: Request):
        organiser_id = request.session.get("organiser_id")
        if not organiser_id:
            return RedirectResponse("/login", status_code=303)
        db = request.app.state.db
        scope = request.state.scope = await accounts.scope_of(db, organiser_id)
        if not await accounts.may_reach(db, scope, request.url.path,
                                        request.app.state.places):
            raise HTTPException(403, "This page is outside the areas and wards you organise. "
                                "Ask an organiser of everything if you need it.")
        return await handler(request)

    return wrapped


def covers(request: Request, area_id: int, ward_id: int | None) -> bool:
    """Does the organiser of this request organise that area (ward_id None) or ward?"""
    scope = getattr(request.state, "scope", None)
    return scope is None or scope.covers(area_id, ward_id)


def actor(request: Request) -> str:
    return f"organiser {request.session.get('organiser_id')}"


async def form(request: Request) -> dict[str, str]:
    """The posted form as plain strings (the last value wins if a name repeats)."""
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > MAX_FORM_BYTES:
        raise HTTPException(413, "That form was too large to accept.")
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        raise HTTPException(415, "This page takes an ordinary form. Please use the page's form.")
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        raise HTTPException(413, "That form was too large to accept.")
    try:
        pairs = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True,
                          max_num_fields=200)
    except ValueError:
        raise HTTPException(400, "That form had too many fields.") from None
    return dict(pairs)


def int_param(value: str | None) -> int | None:
    # isdigit() alone admits '²', which int() refuses; strip() takes control characters such
    # as '\x1f' that int() does not, so the stripped text is what is converted
    text = value.strip() if value is not None else ""
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        return None
    return int(text)


class FormError(ValueError):
    """A form field to fix; the message says which and how."""


MAX_NAME = 80


def text_field(data: dict, key: str, what: str, limit: int = MAX_NAME,
               required: bool = True) -> str:
    value = " ".join(data.get(key, "").split())
    if required and not value:
        raise FormError(f"Please give the {what}.")
    if len(value) > limit:
        raise FormError(f"The {what} is too long: at most {limit} characters.")
    return value


def number_field(data: dict, key: str, what: str, lo: int, hi: int) -> int:
    value = int_param(data.get(key))
    if value is None or not lo <= value <= hi:
        raise FormError(f"The {what} must be a whole number from {lo} to {hi}.")
    return value


def path_id(request: Request, key: str = "id") -> int:
    value = int_param(request.path_params[key])
    if value is None:
        raise HTTPException(404)
    return value


Act = Callable[[Request, Any, dict], Awaitable[Response]]


def form_on(load: Callable[[Any, int], Awaitable[Any]], page: Callable[..., Awaitable[Response]],
            mistakes: tuple[type[Exception], ...] = (FormError,)) -> Callable[[Act], Callable]:
    """An organiser's form posted from the page of one thing (`load(db, id)` from the path):
    `act(request, thing, form)` does it and answers; a mistake shows `page(request, error,
    status)` again with its sentence (400), having changed nothing."""

    def decorate(act: Act):
        @organiser_only
        @wraps(act)
        async def handler(request: Request):
            thing = await load(request.app.state.db, path_id(request))
            data = await form(request)
            try:
                return await act(request, thing, data)
            except mistakes as e:
                return await page(request, str(e), 400)

        return handler

    return decorate


@dataclass(frozen=True)
class Page:
    """Where a long list is: page `number` of `pages`, `size` rows to a page, `total` rows."""

    number: int
    size: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size


async def paged(fetch, number: int, size: int) -> tuple[list, Page]:
    """Page `number` of a list, by `fetch(limit, offset)` -> (rows, total). Past the last page
    (the list shrank since the link was made), the last page."""
    rows, total = await fetch(size, (number - 1) * size)
    page = Page(number, size, total)
    if number > page.pages:
        page = Page(page.pages, size, total)
        rows, _ = await fetch(size, page.offset)
    return rows, page


def page_number(request: Request) -> int:
    """?page=N, 1 when absent; anything but a whole number from 1 is a 400 with a sentence."""
    raw = request.query_params.get("page")
    number = int_param(raw) if raw is not None else 1
    if not number:
        raise HTTPException(400, "Pages are numbered from 1.")
    return number


def short_address(base_url: str) -> str:
    """Where a phone that cannot scan types its card's code: the base URL's /v, without http://."""
    return base_url.split("://", 1)[-1] + "/v"


def qr_svg(data: str, box: int = 10) -> Markup:
    """An inline SVG QR code (no raster images, prints crisply)."""
    img = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=box, border=2)
    buf = io.BytesIO()
    img.save(buf)
    svg = buf.getvalue().decode()
    return Markup(svg[svg.index("<svg"):])


SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
        " connect-src 'self'; worker-src 'self'; frame-ancestors 'none'; form-action 'self';"
        " base-uri 'none'"
    ),
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}


STATIC_CACHE = "public, max-age=3600"  # an evening's phones fetch CSS and JS once an hour
NEVER_CACHE = ("/static/canvass-sw.js",)  # a service worker must update as soon as it changes


class SecurityHeaders:
    """Pure ASGI middleware: add headers to every response, no-store for private pages and an
    hour's cache for static files."""

    def __init__(self, app):
        self.app = app
        self.raw = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope["path"]
        if not (path.startswith("/static/") or path == "/favicon.ico"):
            cache = b"no-store"
        else:
            cache = b"no-cache" if path in NEVER_CACHE else STATIC_CACHE.encode()

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k != b"cache-control"]
                own = {k for k, _ in headers}  # a page that sets its own policy keeps it
                headers += [(k, v) for k, v in self.raw if k not in own]
                headers += [(b"cache-control", cache)]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class HallSessions:
    """Organiser sessions, but not on the pages phones hit in a burst (their card code is their
    key): those get an empty session and skip the cookie work."""

    HALL = ("/v/", "/primaries/")

    def __init__(self, app, **options):
        self.app, self.with_session = app, SessionMiddleware(self._live_only, **options)

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["path"].startswith(self.HALL):
            return await self.app({**scope, "session": {}}, receive, send)
        await self.with_session(scope, receive, send)

    async def _live_only(self, scope, receive, send):
        """A signed cookie is not enough: its session must not have been ended (logged out)."""
        session = scope.get("session")
        if session and session.get("organiser_id") and not await accounts.session_live(
                scope["app"].state.db, session["organiser_id"], session.get("session_id", "")):
            session.clear()
        await self.app(scope, receive, send)


def redirect(url: str) -> Response:
    return RedirectResponse(url, status_code=303)
