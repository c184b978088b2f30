"""Organiser pages for setting up an evening: areas, wards, meetings, primaries, cards, links."""

from __future__ import annotations

from datetime import datetime
from functools import partial

from starlette.requests import Request
from starlette.routing import Route

import accounts
import web
from primary import ballot_box, checklist, nomination_store, phases, store, tally
from primary.ballots import format_serial, pretty_code

MAX_NAME = 80
MAX_STATEMENT_WORDS = 100
MAX_CARDS = 2000


class FormError(ValueError):
    pass


def _text(data: dict, key: str, what: str, limit: int = MAX_NAME, required: bool = True) -> str:
    value = " ".join(data.get(key, "").split())
    if required and not value:
        raise FormError(f"Please give the {what}.")
    if len(value) > limit:
        raise FormError(f"The {what} is too long: at most {limit} characters.")
    return value


def _number(data: dict, key: str, what: str, lo: int, hi: int) -> int:
    value = web.int_param(data.get(key))
    if value is None or not lo <= value <= hi:
        raise FormError(f"The {what} must be a whole number from {lo} to {hi}.")
    return value


def _id(request: Request, key: str = "id") -> int:
    value = web.int_param(request.path_params[key])
    if value is None:
        raise store.NotFound
    return value


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
    return web.redirect("/o")


async def logout(request: Request):
    request.session.clear()
    return web.redirect("/")


# --- dashboard: areas, wards, meetings --------------------------------------------------------

@web.organiser_only
async def dashboard(request: Request, error: str | None = None, status: int = 200):
    db = request.app.state.db
    return web.render(request, "organiser/dashboard.html", {
        "areas": await store.areas(db), "meetings": await store.meetings(db),
        "primaries": await store.primaries(db), "error": error,
    }, status)


@web.organiser_only
async def add_area(request: Request):
    data = await web.form(request)
    try:
        await store.create_area(request.app.state.db, _text(data, "name", "area's name"),
                                web.actor(request))
    except (FormError, store.Clash) as e:
        return await dashboard.__wrapped__(request, str(e), 400)
    return web.redirect("/o")


@web.organiser_only
async def add_ward(request: Request):
    db = request.app.state.db
    data = await web.form(request)
    try:
        area_id = web.int_param(data.get("area_id"))
        if area_id is None or not any(a["id"] == area_id for a in await store.areas(db)):
            raise FormError("Choose the area this ward is in (create the area first).")
        await store.create_ward(db, area_id, _text(data, "name", "ward's name"),
                                _number(data, "seats", "number of seats", 1, 3), web.actor(request))
    except (FormError, store.Clash) as e:
        return await dashboard.__wrapped__(request, str(e), 400)
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
            raise FormError("Choose the ward this meeting is for.") from None
        venue = _text(data, "venue", "venue", 120)
        try:
            starts = datetime.fromisoformat(data.get("starts_at", "").strip())
        except ValueError:
            raise FormError("Give the date and time the meeting starts.") from None
        meeting_id = await store.create_meeting(
            db, ward["id"], venue, starts.isoformat(timespec="minutes"), web.actor(request))
        title = f"{ward['name']} primary"
        primary_id = await store.create_primary(db, meeting_id, title, ward["seats"],
                                                web.actor(request))
        await nomination_store.seat_accepted(db, primary_id, web.actor(request))
    except FormError as e:
        return await dashboard.__wrapped__(request, str(e), 400)
    return web.redirect(f"/o/meetings/{meeting_id}")


# --- a meeting: its primaries, cards and links ------------------------------------------------

@web.organiser_only
async def meeting_page(request: Request, error: str | None = None, status: int = 200,
                       new_link: accounts.Link | None = None):
    db = request.app.state.db
    meeting = await store.meeting(db, _id(request))
    settings = request.app.state.settings
    links = await accounts.links_for_meeting(db, settings.secret_key, meeting["id"])
    return web.render(request, "organiser/meeting.html", {
        "meeting": meeting, "primaries": await store.primaries(db, meeting["id"]),
        "cards": await ballot_box.card_counts(db, meeting["id"]), "links": links,
        "base_url": settings.base_url, "error": error, "qr": web.qr_svg, "new_link": new_link,
        "printable": len(await ballot_box.printable_cards(db, meeting["id"])),
    }, status)


@web.organiser_only
async def add_primary(request: Request):
    db = request.app.state.db
    meeting = await store.meeting(db, _id(request))
    data = await web.form(request)
    try:
        primary_id = await store.create_primary(
            db, meeting["id"], _text(data, "title", "title of the vote"),
            _number(data, "seats", "number of seats", 1, 3), web.actor(request))
    except FormError as e:
        return await meeting_page.__wrapped__(request, str(e), 400)
    return web.redirect(f"/o/primaries/{primary_id}")


@web.organiser_only
async def add_cards(request: Request):
    db = request.app.state.db
    meeting = await store.meeting(db, _id(request))
    data = await web.form(request)
    try:
        count = _number(data, "count", "number of cards", 1, MAX_CARDS)
    except FormError as e:
        return await meeting_page.__wrapped__(request, str(e), 400)
    await ballot_box.create_cards(db, meeting["id"], count, web.actor(request))
    return web.redirect(f"/o/meetings/{meeting['id']}")


@web.organiser_only
async def print_cards(request: Request):
    db = request.app.state.db
    meeting = await store.meeting(db, _id(request))
    base = request.app.state.settings.base_url
    cards = [
        {"serial": format_serial(s), "code": pretty_code(c), "url": f"{base}/v/{c}",
         "qr": web.qr_svg(f"{base}/v/{c}", box=4)}
        for s, c in await ballot_box.printable_cards(db, meeting["id"])
    ]
    primaries = await store.primaries(db, meeting["id"])
    paper = primaries[0] if primaries else None
    candidates = await store.candidates(db, paper["id"]) if paper else []
    sheets = [cards[i : i + 8] for i in range(0, len(cards), 8)]
    return web.render(request, "organiser/print_cards.html", {
        "meeting": meeting, "sheets": sheets, "paper": paper, "candidates": candidates,
        "short_url": web.short_address(base), "other_votes": primaries[1:],
    })


@web.organiser_only
async def paper_ballots(request: Request):
    """Paper ballots for one vote, four to an A4 sheet: for residents with no phone, at any vote
    of the meeting (the voting card's own paper ballot is for the meeting's first vote)."""
    db = request.app.state.db
    primary = await store.primary(db, _id(request))
    return web.render(request, "organiser/paper_ballots.html", {
        "primary": primary, "candidates": await store.candidates(db, primary["id"]),
    })


@web.organiser_only
async def add_link(request: Request):
    db = request.app.state.db
    meeting = await store.meeting(db, _id(request))
    data = await web.form(request)
    role = data.get("role", "")
    try:
        link = await accounts.create_link(db, request.app.state.settings.secret_key,
                                          meeting["id"], role, web.actor(request))
    except accounts.AccountError as e:
        return await meeting_page.__wrapped__(request, str(e), 400)
    return await meeting_page.__wrapped__(request, new_link=link)


@web.organiser_only
async def revoke_link(request: Request):
    db = request.app.state.db
    meeting = await store.meeting(db, _id(request))
    data = await web.form(request)
    link_id = web.int_param(data.get("link_id"))
    links = await accounts.links_for_meeting(db, request.app.state.settings.secret_key,
                                             meeting["id"])
    if link_id not in {link.id for link in links}:
        return await meeting_page.__wrapped__(request, "That link is not one of this meeting's.",
                                              400)
    await accounts.revoke_link(db, link_id, web.actor(request))
    return web.redirect(f"/o/meetings/{meeting['id']}")


# --- a primary: candidates, checklist, phases -------------------------------------------------

async def _checks(request: Request, primary: dict) -> list[checklist.Check]:
    db = request.app.state.db
    settings = request.app.state.settings
    return checklist.before_open(
        primary, await store.candidates(db, primary["id"]),
        await ballot_box.card_counts(db, primary["meeting_id"]),
        await accounts.links_for_meeting(db, settings.secret_key, primary["meeting_id"]),
        settings.base_url)


@web.organiser_only
async def primary_page(request: Request, error: str | None = None, status: int = 200):
    db = request.app.state.db
    primary = await store.primary(db, _id(request))
    return web.render(request, "organiser/primary.html", {
        "primary": primary, "phase": phases.phase(primary),
        "candidates": await store.candidates(db, primary["id"]),
        "turnout": await ballot_box.turnout(db, primary["id"]), "error": error,
        "checks": await _checks(request, primary),
        "can_edit": phases.allowed(primary, "edit"),
    }, status)


@web.organiser_only
async def add_candidate(request: Request):
    db = request.app.state.db
    primary = await store.primary(db, _id(request))
    data = await web.form(request)
    try:
        name = _text(data, "name", "candidate's name")
        statement = " ".join(data.get("statement", "").split())
        if len(statement.split()) > MAX_STATEMENT_WORDS:
            raise FormError(f"The statement has {len(statement.split())} words: "
                            f"at most {MAX_STATEMENT_WORDS}, please.")
        if len(statement) > 1500:
            raise FormError("The statement is too long: at most 1,500 characters.")
        await store.add_candidate(db, primary["id"], name, statement, web.actor(request))
    except (FormError, store.Clash) as e:
        return await primary_page.__wrapped__(request, str(e), 400)
    return web.redirect(f"/o/primaries/{primary['id']}")


@web.organiser_only
async def remove_candidate(request: Request):
    db = request.app.state.db
    primary = await store.primary(db, _id(request))
    data = await web.form(request)
    candidate_id = web.int_param(data.get("candidate_id"))
    if candidate_id is None:
        return await primary_page.__wrapped__(request, "Choose a candidate to remove.", 400)
    await store.remove_candidate(db, primary["id"], candidate_id, web.actor(request))
    return web.redirect(f"/o/primaries/{primary['id']}")


@web.organiser_only
async def set_receipts(request: Request):
    db = request.app.state.db
    primary = await store.primary(db, _id(request))
    data = await web.form(request)
    if data.get("receipts") not in ("yes", "no"):
        return await primary_page.__wrapped__(request, "Choose whether voters get a receipt.",
                                              400)
    await store.set_receipts(db, primary["id"], data["receipts"] == "yes", web.actor(request))
    return web.redirect(f"/o/primaries/{primary['id']}")


@web.organiser_only
async def change_phase(request: Request):
    db = request.app.state.db
    primary = await store.primary(db, _id(request))
    action = request.path_params["action"]
    if action not in ("open", "close", "publish"):
        raise store.NotFound
    data = await web.form(request)
    if action == "close" and data.get("confirm") != "yes":
        return await primary_page.__wrapped__(
            request, "To close voting, tick the box to confirm: no more votes will be accepted.",
            400)
    blocker = checklist.first_blocker(await _checks(request, primary)) if action == "open" \
        else None
    if blocker and phases.allowed(primary, "open"):
        return await primary_page.__wrapped__(request, f"Voting cannot open yet. {blocker.fix}",
                                              400)
    await store.set_phase(db, primary["id"], action, web.actor(request))
    if action == "close":
        await tally.count_and_save(db, primary["id"], web.actor(request))
        return web.redirect(f"/o/primaries/{primary['id']}/projector")
    return web.redirect(f"/o/primaries/{primary['id']}")


LOG_PAGE = 200  # log entries on one page


@web.organiser_only
async def events(request: Request):
    """The log, newest first, a page at a time (past the last page, the last)."""
    rows, page = await web.paged(partial(store.events, request.app.state.db),
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
    Route("/o/meetings/{id}", meeting_page),
    Route("/o/meetings/{id}/primaries", add_primary, methods=["POST"]),
    Route("/o/meetings/{id}/cards", add_cards, methods=["POST"]),
    Route("/o/meetings/{id}/cards/print", print_cards),
    Route("/o/meetings/{id}/links", add_link, methods=["POST"]),
    Route("/o/meetings/{id}/links/revoke", revoke_link, methods=["POST"]),
    Route("/o/primaries/{id}", primary_page),
    Route("/o/primaries/{id}/paper", paper_ballots),
    Route("/o/primaries/{id}/candidates", add_candidate, methods=["POST"]),
    Route("/o/primaries/{id}/candidates/remove", remove_candidate, methods=["POST"]),
    Route("/o/primaries/{id}/receipts", set_receipts, methods=["POST"]),
    Route("/o/primaries/{id}/{action:str}", change_phase, methods=["POST"]),
    Route("/o/events", events),
]
