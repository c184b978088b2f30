"""The canvasser's phone: a ward's doorstep form, opened by a canvasser link. With JavaScript the
answers queue on the phone and are sent when there is signal (static/canvass.js); without it the
form posts as usual. Either way each answer carries its own id, so a retry never duplicates."""

from __future__ import annotations

import json
import uuid
from datetime import date
from pathlib import Path

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

import accounts
import languages
import nominating
import nomination_rules
import web
from languages import N_
from programme import answers, canvass_store

SERVICE_WORKER = Path(__file__).parents[1] / "static" / "canvass-sw.js"
NOT_VALID = N_("This canvasser link is not valid: it may have been revoked or have expired. "
                "Ask an organiser for a new one.")


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


async def _link(request: Request) -> accounts.Link | None:
    return await accounts.check_link(request.app.state.db, request.app.state.settings.secret_key,
                                     request.path_params["token"], "canvasser")


async def _page(request: Request, link: accounts.Link, values: dict | None = None,
                error: str | None = None, status: int = 200):
    db = request.app.state.db
    today = date.today().isoformat()
    return web.render(request, "programme/canvass.html", {
        "ward": await canvass_store.ward(db, link.ward_id),
        "streets": await canvass_store.streets(db, link.ward_id),
        "token": link.token, "uid": str(uuid.uuid4()), "today": today,
        "doors_today": await canvass_store.doors_today(db, link.id, today), "values": values or {},
        "outcomes": answers.OUTCOMES, "saved": request.query_params.get("saved") == "1",
        "error": error,
    }, status)


async def _refused(request: Request, message: str, status: int, link=None, values=None):
    if link is None:
        if _wants_json(request):
            return JSONResponse({"error": web.translate(request, message)}, status)
        return web.problem(request, message, status, title=N_("Link not valid"))
    if _wants_json(request):
        return JSONResponse({"error": message}, status)
    return await _page(request, link, values, message, status)


@web.in_languages
async def doorstep(request: Request):
    """GET: the form. POST: one door, stored once however often it is sent."""
    link = await _link(request)
    if link is None:
        return await _refused(request, NOT_VALID, 403)
    if request.method == "GET":
        return await _page(request, link)
    data = await web.form(request)
    db = request.app.state.db
    try:
        streets = await canvass_store.streets(db, link.ward_id)
        door = answers.read_doorstep(data, streets, date.today())
    except answers.AnswerError as e:
        return await _refused(request, e.said.into(web.language(request)), 400, link, data)
    if await canvass_store.recorded(db, door.uid):
        return _saved(request, link, already=True)
    nomination_id, note = None, None
    if door.trust is not None:
        t = door.trust
        try:
            nomination_id = await nominating.nominate(
                db, link.ward_id, t.nominee, t.why, "", t.nominator, t.postcode,
                t.lives_or_works_here, "doorstep")
        except nomination_rules.NominationError as e:
            if await canvass_store.recorded(db, door.uid):  # the same answer, sent twice at once
                return _saved(request, link, already=True)
            if not _wants_json(request):  # the canvasser is at the door: let them fix it
                return await _page(request, link, data, web.translate(
                    request, "Who they trust: %(problem)s",
                    problem=e.said.into(web.language(request))), 400)
            note = web.translate(request, "The answer is saved; the nomination was not taken: "
                                 "%(problem)s", problem=e.said.into(web.language(request)))
    await canvass_store.record(db, link.ward_id, link.id, door, nomination_id)
    return _saved(request, link, note=note)


def _saved(request: Request, link: accounts.Link, already: bool = False, note: str | None = None):
    if _wants_json(request):
        return JSONResponse({"saved": True, "already": already, "note": note})
    return web.redirect(f"/c/{link.token}?saved=1")


async def service_worker(request: Request):
    # Served from /c/ so that it may look after the canvasser pages (a worker's scope is its
    # folder); no-store comes from the security headers, so phones pick up a new version.
    # ?lang= is the doorstep page's language: the worker's own "no signal" page says it.
    lang = request.query_params.get("lang")
    lang = lang if lang in languages.shipped() else languages.SOURCE
    words = {"lang": lang, "dir": languages.direction(lang),
             "title": languages.gettext(lang, N_("No signal")),
             "text": languages.gettext(lang, N_(
                 "This page is not saved on this phone yet. Open your canvasser link once "
                 "where there is signal, then it works without."))}
    return Response(f"var WORDS = {json.dumps(words, ensure_ascii=False)};\n"
                    + SERVICE_WORKER.read_text(encoding="utf-8"), media_type="text/javascript")


routes = [
    Route("/c/sw.js", service_worker),
    Route("/c/{token}", doorstep, methods=["GET", "POST"]),
]
