"""Public pages for nominating: the form behind a poster's QR code, the poster itself, and the
ward's page (who is standing, the primary's time and place, a calendar file).

Nominators' postcodes and nominees' contacts never appear here: only on organiser pages.
"""

from __future__ import annotations

from limits import parse
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

import audit
import nominating
import nomination_rules
import ratelimit
import web
from primary import calendar, nomination_store
from votes import phases, store

# A household or a community centre may share one address; a phone is its address and cookie.
PER_PHONE = parse("20/hour")
PER_ADDRESS = parse("60/hour")
HONEYPOT = "website"  # hidden from people by CSS; a form-filling robot fills it in


def _ward_id(request: Request) -> int:
    value = web.int_param(request.path_params["id"])
    if value is None:
        raise store.NotFound
    return value


def _limits(request: Request) -> list[tuple]:
    address = request.client.host if request.client else "unknown"
    phone = request.cookies.get("csrftoken", "")[:120]
    return [(PER_PHONE, "nominate-phone", address, phone),
            (PER_ADDRESS, "nominate-address", address)]


async def _within_limits(request: Request) -> bool:
    """Count this attempt; False if this phone or address has sent too many lately."""
    db = request.app.state.db
    return await ratelimit.hit_each(db, _limits(request))


async def _page(request: Request, ward: store.Ward, error: str | None = None, status: int = 200,
                values: dict | None = None):
    db = request.app.state.db
    meeting = await store.next_meeting(db, ward.id, audit.stamp()[:16])
    return web.render(request, "nominations/nominate.html", {
        "ward": ward, "meeting": meeting, "error": error, "values": values or {},
        "limits": {"name": nomination_rules.MAX_NAME, "why": nomination_rules.MAX_WHY,
                   "contact": nomination_rules.MAX_CONTACT},
    }, status)


@web.in_languages
async def nominate(request: Request):
    db = request.app.state.db
    ward = await store.ward(db, _ward_id(request))
    if request.method == "GET":
        return await _page(request, ward)
    data = await web.form(request)
    if not await _within_limits(request):
        return await _page(request, ward, web.translate(
            request, "Too many nominations from this connection in the last hour. Please try "
            "again later, or give yours to a canvasser."), 429, data)
    if data.get(HONEYPOT, ""):
        return await _page(request, ward, web.translate(
            request, "This form looked filled in by a robot, so it was not saved. If you are a "
            "person, leave the last box empty and send it again."), 400, data)
    try:
        await nominating.nominate(
            db, ward.id, data.get("nominee", ""), data.get("why", ""),
            data.get("contact", ""), data.get("nominator", ""), data.get("postcode", ""),
            data.get("lives_or_works_here") == "yes", "poster")
    except nomination_rules.NominationError as e:
        return await _page(request, ward, e.said.into(web.language(request)), 400, data)
    return web.redirect(f"/n/{ward.id}/thanks")


@web.in_languages
async def thanks(request: Request):
    ward = await store.ward(request.app.state.db, _ward_id(request))
    return web.render(request, "nominations/thanks.html", {"ward": ward})


@web.in_languages
async def poster(request: Request):
    db = request.app.state.db
    ward = await store.ward(db, _ward_id(request))
    url = f"{request.app.state.settings.base_url}/n/{ward.id}"
    meeting = await store.next_meeting(db, ward.id, audit.stamp()[:16])
    return web.render(request, "nominations/poster.html", {
        "ward": ward, "meeting": meeting, "url": url, "qr": web.qr_svg(url, box=12),
    })


@web.in_languages
async def ward_page(request: Request):
    db = request.app.state.db
    ward = await store.ward(db, _ward_id(request))
    primary = await nomination_store.ward_primary(db, ward.id)
    standing = await store.candidates(db, primary.id) if primary else []
    return web.render(request, "nominations/ward.html", {
        "ward": ward, "primary": primary, "standing": standing,
        "phase": phases.phase(primary) if primary else None,
    })


async def ward_calendar(request: Request):
    db = request.app.state.db
    ward = await store.ward(db, _ward_id(request))
    primary = await nomination_store.ward_primary(db, ward.id)
    if primary is None:
        raise store.NotFound
    meeting = await store.meeting(db, primary.meeting_id)
    url = f"{request.app.state.settings.base_url}/wards/{ward.id}"
    body = calendar.meeting_ics(meeting, f"{primary.title} ({ward.name})", url,
                                audit.now())
    return Response(body, media_type="text/calendar; charset=utf-8", headers={
        "content-disposition": f'attachment; filename="ward-{ward.id}-primary.ics"'})


routes = [
    Route("/n/{id}", nominate, methods=["GET", "POST"]),
    Route("/n/{id}/thanks", thanks),
    Route("/n/{id}/poster", poster),
    Route("/wards/{id}", ward_page),
    Route("/wards/{id}/primary.ics", ward_calendar),
]
