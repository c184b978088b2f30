"""The organisers' ratios page (and its CSV), and the "I want to help" sign-up behind a meeting's
QR code, whose contact is kept apart and only with consent. The numbers come from each package's
own public functions, never from its tables."""

from __future__ import annotations

from limits import parse
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

import nominating
import ratelimit
import spreadsheet
import web
from audit import now
from broadcast import people, ratios, store
from problems import NotFound
from programme import canvass_store, pledge_store
from votes import ballot_box
from votes import store as vote_store

MAX_CONTACT = 120
HELP_PER_ADDRESS = parse("30/hour")  # a hall's wifi is one address: a meeting's worth of people


async def _counts(db) -> list[tuple[int, str, str, int]]:
    counts: list[tuple[int, str, str, int]] = []
    for d in await canvass_store.doors_by_day(db):
        counts += [(d.ward_id, d.day, "knocked", d.knocked),
                   (d.ward_id, d.day, "answered", d.answered),
                   (d.ward_id, d.day, "demands", d.demands)]
    counts += [(w, d, "nominations", 1) for w, d in await nominating.nominations_by_day(db)]
    for m in await ballot_box.meeting_numbers(db):
        counts += [(m.ward_id, m.day, "attended", m.attended), (m.ward_id, m.day, "voted", m.voted)]
    counts += [(r.ward_id, r.day, "volunteers", r.n)
               for r in await people.volunteers_by_day(db)]
    counts += [(w, d, "pledges", 1) for w, d in await pledge_store.signed_by_day(db)]
    counts += [(r.ward_id, r.day, "responses", r.n)
               for r in await store.responses_by_ward_week(db)]
    return counts


async def _weeks(request: Request) -> tuple[list[ratios.Week], dict[int, str]]:
    db = request.app.state.db
    names = {w.id: f"{a.name} · {w.name}" for a in await vote_store.areas(db) for w in a.wards}
    return [w for w in ratios.weeks(await _counts(db)) if w.ward_id in names], names


@web.organiser_only
async def page(request: Request):
    found, names = await _weeks(request)
    wards = {}
    for w in reversed(found):  # newest week first within each ward
        wards.setdefault(w.ward_id, []).append(w)
    return web.render(request, "broadcast/ratios.html", {
        "wards": [(names[ward_id], weeks) for ward_id, weeks in
                  sorted(wards.items(), key=lambda item: names[item[0]])],
        "bar_width": ratios.BAR_WIDTH, "steps": len(ratios.STEPS)})


@web.organiser_only
async def csv_file(request: Request):
    found, names = await _weeks(request)
    rows = [("ward", "week from", "step", "count", "per 100 of the step before",
             "change on the week before")]
    rows += [(names[w.ward_id], w.monday, s.label, s.count, s.ratio, s.change)
             for w in found for s in w.steps]
    return Response(spreadsheet.csv_text(rows, bom=True), media_type="text/csv", headers={
        "content-disposition": 'attachment; filename="ratios.csv"'})


# --- "I want to help" -------------------------------------------------------------------------

async def help_form(request: Request):
    db = request.app.state.db
    meeting = await vote_store.meeting(db, web.path_id(request))
    ward = await vote_store.ward(db, meeting.ward_id)
    if request.method == "GET":
        return web.render(request, "broadcast/help.html", {"ward": ward, "values": {}})
    data = await web.form(request)
    address = request.client.host if request.client else "unknown"
    if not await ratelimit.hit(db, HELP_PER_ADDRESS, "help", address):
        return web.render(request, "broadcast/help.html", {"ward": ward, "values": data,
                          "error": "Too many sign-ups from this connection in the last hour. "
                          "Please give your details to an organiser at the meeting."}, 429)
    try:
        name = web.text_field(data, "name", "your name", MAX_CONTACT)
        phone = web.text_field(data, "phone", "phone number", 40, required=False)
        email = web.text_field(data, "email", "e-mail address", MAX_CONTACT, required=False)
        if not phone and not email:
            raise web.FormError("Please give a phone number or an e-mail address, so an "
                                "organiser can reach you.")
        if data.get("consent") != "yes":
            raise web.FormError("Tick the box to let the organisers keep your contact: "
                                "without it we cannot sign you up.")
    except web.FormError as e:
        return web.render(request, "broadcast/help.html",
                          {"ward": ward, "values": data, "error": str(e)}, 400)
    await people.sign_up(db, meeting.id, ward.id, now().date().isoformat(), name, phone,
                         email)
    return web.render(request, "broadcast/help.html", {"ward": ward, "done": True})


@web.organiser_only
async def help_poster(request: Request):
    db = request.app.state.db
    meeting = await vote_store.meeting(db, web.path_id(request))
    ward = await vote_store.ward(db, meeting.ward_id)
    url = f"{request.app.state.settings.base_url}/help/{meeting.id}"
    return web.render(request, "broadcast/help_poster.html",
                      {"ward": ward, "meeting": meeting, "url": url, "qr": web.qr_svg(url)})


@web.organiser_only
async def volunteers(request: Request):
    """GET: who signed up, with their contact. POST: delete one contact, on their request."""
    db = request.app.state.db
    ward = await vote_store.ward(db, web.path_id(request))
    deleted = None
    if request.method == "POST":
        data = await web.form(request)
        volunteer_id = web.int_param(data.get("volunteer_id"))
        deleted = await people.delete_volunteer_contact(db, ward.id, volunteer_id or 0,
                                                        web.actor(request))
        if not deleted:
            raise NotFound
    return web.render(request, "broadcast/volunteers.html", {
        "ward": ward, "volunteers": await people.volunteer_contacts(db, ward.id),
        "deleted": deleted})


routes = [
    Route("/o/ratios", page),
    Route("/o/ratios.csv", csv_file),
    Route("/help/{id}", help_form, methods=["GET", "POST"]),
    Route("/o/meetings/{id}/help-poster", help_poster),
    Route("/o/wards/{id}/volunteers", volunteers, methods=["GET", "POST"]),
]
