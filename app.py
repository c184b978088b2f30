"""create_app(): settings, middleware, and the routes of the primary, the hall and the programme."""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import FileResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

import accounts
import csrf
import db
import languages
import serving
import web
from body_limit import BodyLimit
from broadcast import routes as broadcast_routes
from languages import N_
from primary import routes as primary_routes
from problems import NotFound, Refused
from programme import routes as programme_routes
from sortition import routes as sortition_routes
from sortition import store as sortition_store
from votes import phases
from votes import routes as hall_routes
from votes import store as vote_store

ROOT = Path(__file__).parent
log = logging.getLogger("hustings")


@dataclass(frozen=True)
class Settings:
    db_path: Path | str  # a SQLite file, or DATABASE_URL's postgresql://…
    secret_key: str
    base_url: str = "http://127.0.0.1:8000"
    https: bool = False

    @classmethod
    def from_env(cls) -> Settings:
        var = Path(os.environ.get("HUSTINGS_VAR", ROOT / "var"))
        db_path = (os.environ.get("DATABASE_URL")
                   or Path(os.environ.get("HUSTINGS_DB", var / "hustings.sqlite3")))
        base_url = os.environ.get("HUSTINGS_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
        https = base_url.startswith("https://")
        return cls(db_path, os.environ.get("HUSTINGS_SECRET") or _kept_secret(var), base_url, https)


def _kept_secret(var: Path) -> str:
    """Generated on first run and kept, so sessions and links survive a restart."""
    path = var / "secret.key"
    if not path.exists():
        var.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            os.write(fd, secrets.token_hex(32).encode())
            os.close(fd)
    return path.read_text().strip()


def create_app(settings: Settings | None = None) -> Starlette:
    settings = settings or Settings.from_env()

    @contextlib.asynccontextmanager
    async def lifespan(app):
        # First wait for a restore to end (and keep the next one waiting), then migrate.
        held = await serving.hold(settings.db_path)
        try:
            await db.migrate(settings.db_path)
            app.state.db = await db.connect(settings.db_path)
        except BaseException:
            await serving.release(held)
            raise
        try:
            yield
        finally:
            await app.state.db.close()
            await serving.release(held)

    async def http_error(request, exc: HTTPException):
        request.state.speaks = True  # a mistyped address is said in the visitor's language
        messages = {
            404: N_("There is nothing at this address. Check the link, or ask an organiser."),
            405: N_("That is not something this page can do."),
        }
        message = messages.get(exc.status_code) or exc.detail or N_(
            "That request could not be done.")
        titles = {403: N_("Not allowed"), 404: N_("Not here"), 413: N_("Too large"),
                  415: N_("Not accepted")}
        return web.problem(request, message, exc.status_code,
                           title=titles.get(exc.status_code, N_("Something to fix")))

    async def not_found(request, exc):
        return await http_error(request, HTTPException(404))

    async def refused(request, exc: Refused):
        return web.problem(request, str(exc), 400)

    async def wrong_phase(request, exc: phases.PhaseError):
        return web.problem(request, str(exc), 409, title=N_("Not now"))

    async def server_error(request, exc: Exception):
        log.exception("unexpected error on %s %s", request.method, request.url.path.split("/")[1])
        return web.problem(request, N_("Something went wrong on our side and nothing was saved. "
                                       "Please try again; if it keeps happening, tell an "
                                       "organiser."), 500, title=N_("Sorry"))

    def csrf_page(scope):
        lang = web.language_before_routing(scope)
        return web.templates.get_template("csrf.html").render(
            lang=lang, dir=languages.direction(lang))

    async def favicon(request):  # browsers ask for it even with <link rel="icon">
        return FileResponse(ROOT / "static" / "favicon.svg", media_type="image/svg+xml")

    app = Starlette(
        routes=primary_routes.routes
        + hall_routes.routes
        + programme_routes.routes
        + sortition_routes.routes
        + broadcast_routes.routes
        + [Route("/favicon.ico", favicon),
           # CSS and JS are text: gzip them (pages are not: a CSRF token and a secret in one
           # compressed response is what BREACH reads)
           Mount("/static", GZipMiddleware(StaticFiles(directory=ROOT / "static"),
                                           minimum_size=500), name="static")],
        middleware=[
            Middleware(web.SecurityHeaders),
            Middleware(BodyLimit),
            Middleware(
                csrf.csrf_protect,
                signing_secret=settings.secret_key,
                always_protect=csrf.Everywhere(),
                cookie_secure=settings.https,
                send_csrf_failed=csrf.csrf_failed_page(csrf_page),
            ),
            Middleware(web.HallSessions, secret_key=settings.secret_key, session_cookie="session",
                       https_only=settings.https, same_site="lax", max_age=14 * 24 * 3600),
        ],
        exception_handlers={
            HTTPException: http_error,
            NotFound: not_found,
            Refused: refused,
            phases.PhaseError: wrong_phase,
            Exception: server_error,
        },
        lifespan=lifespan,
    )
    app.state.settings = settings
    # Where each organiser page's area, ward, meeting or vote lies, for scoped organisers.
    app.state.places = {**accounts.PLACES, "meetings": vote_store.place_of_meeting,
                        "primaries": vote_store.place_of_vote,
                        "panels": sortition_store.place_of_panel}
    return app
