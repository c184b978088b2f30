"""Organiser pages for setting up an evening: log in, areas, wards, a meeting with its primary
(its accepted nominees seated), and the log. A meeting's cards, links and votes: votes/."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from functools import partial

from starlette.requests import Request
from starlette.routing import Route

import accounts
import audit
import web
from primary import nomination_store
from votes import store

# --- log in and out ---------------------------------------------------------------------------

async def login_help(request: Request):
    return web.render(request, "login.html")


async def login(request: Request):
    token = request.path_params["token"]
    if request.method == "GET":  # a button, so link previews in chat apps cannot use the link up
        return web.render(request, "login_confirm.html", {"token": token})
    organiser_id = await accounts.use_login_token(request.app.state.db, token)
    if organiser_id is None:
        return web.problem(request, "This login link has expired or has been used already. "
                           "Ask for a new one with `hustings organiser link EMAIL`.", 403,
                           title="Link not valid")
    request.session.clear()
    request.session["organiser_id"] = organiser_id
    request.session["session_id"] = await accounts.start_session(request.app.state.db,
                                                                 organiser_id)
    return web.redirect("/o")


async def logout(request: Request):
    await accounts.end_session(request.app.state.db, request.session.get("session_id", ""))
    request.session.clear()
    return web.redirect("/")


# --- dashboard: areas, wards, meetings --------------------------------------------------------

@web.organiser_only
async def dashboard(request: Request):
    return await _dashboard(request)


async def _dashboard(request: Request, error: str | None = None, status: int = 200):
    db = request.app.state.db
    areas, area_of = [], {}
    for area in await store.areas(db):  # only what this organiser organises
        area_of.update((w.id, area.id) for w in area.wards)
        wards = [w for w in area.wards if web.covers(request, area.id, w.id)]
        if wards or web.covers(request, area.id, None):
            areas.append(replace(area, wards=tuple(wards)))
    meetings = [m for m in await store.meetings(db)
                if web.covers(request, area_of[m.ward_id], m.ward_id)]
    shown = {m.id for m in meetings}
    return web.render(request, "organiser/dashboard.html", {
        "areas": areas, "meetings": meetings, "error": error,
        "primaries": [p for p in await store.primaries(db) if p.meeting_id in shown],
    }, status)


@web.organiser_only
async def add_area(request: Request):
    data = await web.form(request)
    try:
        await store.create_area(request.app.state.db, web.text_field(data, "name", "area's name"),
                                web.actor(request))
    except (web.FormError, store.Clash) as e:
        return await _dashboard(request, str(e), 400)
    return web.redirect("/o")


@web.organiser_only
async def add_ward(request: Request):
    db = request.app.state.db
    data = await web.form(request)
    try:
        area_id = web.int_param(data.get("area_id"))
        if area_id is None or not any(a.id == area_id for a in await store.areas(db)):
            raise web.FormError("Choose the area this ward is in (create the area first).")
        if not web.covers(request, area_id, None):
            raise web.FormError("Only an organiser of the whole area can add a ward to it.")
        name = web.text_field(data, "name", "ward's name")
        seats = web.number_field(data, "seats", "number of seats", 1, 3)
        await store.create_ward(db, area_id, name, seats, web.actor(request))
    except (web.FormError, store.Clash) as e:
        return await _dashboard(request, str(e), 400)
    return web.redirect("/o")


@web.organiser_only
async def add_meeting(request: Request):
    db = request.app.state.db
    data = await web.form(request)
    try:
        ward_id = web.int_param(data.get("ward_id"))
        try:
            ward = await store.ward(db, ward_id or 0)
        except store.NotFound:
            raise web.FormError("Choose the ward this meeting is for.") from None
        if not web.covers(request, ward.area_id, ward.id):
            raise web.FormError("Choose one of the wards you organise.")
        venue = web.text_field(data, "venue", "venue", 120)
        try:
            starts = datetime.fromisoformat(data.get("starts_at", "").strip())
        except ValueError:
            raise web.FormError("Give the date and time the meeting starts.") from None
        meeting_id = await store.create_meeting(
            db, ward.id, venue, starts.isoformat(timespec="minutes"), web.actor(request))
        title = f"{ward.name} primary"
        primary_id = await store.create_vote(db, meeting_id, title, ward.seats,
                                                web.actor(request))
        await nomination_store.seat_accepted(db, primary_id, web.actor(request))
    except web.FormError as e:
        return await _dashboard(request, str(e), 400)
    return web.redirect(f"/o/meetings/{meeting_id}")


LOG_PAGE = 200  # log entries on one page


@web.organiser_only
async def events(request: Request):
    """The log, newest first, a page at a time (past the last page, the last)."""
    rows, page = await web.paged(partial(audit.events, request.app.state.db),
                                 web.page_number(request), LOG_PAGE)
    return web.render(request, "organiser/events.html", {"events": rows, "page": page})


routes = [
    Route("/login", login_help),
    Route("/login/{token}", login, methods=["GET", "POST"]),
    Route("/logout", logout, methods=["POST"]),
    Route("/o", dashboard),
    Route("/o/areas", add_area, methods=["POST"]),
    Route("/o/wards", add_ward, methods=["POST"]),
    Route("/o/meetings", add_meeting, methods=["POST"]),
    Route("/o/events", events),
]
