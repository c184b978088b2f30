"""Organiser pages for a meeting and its votes: cards, steward and teller links, a vote's
options and its checklist, and its lifecycle (open, close and count, publish)."""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.routing import Route

import accounts
import languages
import web
from votes import ballot_box, checklist, paper, phases, store, tally
from votes.ballots import format_serial, pretty_code
from votes.card_layout import paper_fits

log = logging.getLogger("hustings")

MAX_STATEMENT_WORDS = 100
MAX_CARDS = 2000


MISTAKES = (web.FormError, store.Clash, accounts.AccountError)  # a sentence the organiser acts on


# --- a meeting: its primaries, cards and links ------------------------------------------------

@web.organiser_only
async def meeting_page(request: Request):
    return await _meeting_page(request)


async def _meeting_page(request: Request, error: str | None = None, status: int = 200,
                        new_link: accounts.Link | None = None):
    db = request.app.state.db
    meeting = await store.meeting(db, web.path_id(request))
    settings = request.app.state.settings
    links = await accounts.links_for_meeting(db, settings.secret_key, meeting.id)
    return web.render(request, "organiser/meeting.html", {
        "meeting": meeting, "primaries": await store.primaries(db, meeting.id),
        "cards": await ballot_box.card_counts(db, meeting.id), "links": links,
        "base_url": settings.base_url, "error": error, "qr": web.qr_svg, "new_link": new_link,
        "printable": len(await ballot_box.printable_cards(db, meeting.id)),
        "offered": languages.offered(meeting.languages),
        "shipped": [(code, languages.name(code)) for code in languages.shipped()],
    }, status)


meeting_form = web.form_on(store.meeting, _meeting_page, MISTAKES)


@meeting_form
async def set_languages(request: Request, meeting: store.Meeting, data: dict):
    """Which languages the meeting's ballots offer, and the cards' second language."""
    offered = [code for code in languages.shipped() if data.get(f"lang_{code}") == "yes"]
    card_language = data.get("card_language", "")
    if not offered:
        raise web.FormError("Tick at least one language for the ballot.")
    if card_language and (card_language not in offered or card_language == languages.SOURCE):
        raise web.FormError("The cards' second language must be one the ballot offers, other "
                            "than English.")
    await store.set_languages(request.app.state.db, meeting.id, offered, card_language,
                              web.actor(request))
    return web.redirect(f"/o/meetings/{meeting.id}")


@meeting_form
async def add_primary(request: Request, meeting: store.Meeting, data: dict):
    primary_id = await store.create_vote(
        request.app.state.db, meeting.id, web.text_field(data, "title", "title of the vote"),
        web.number_field(data, "seats", "number of seats", 1, 3), web.actor(request))
    return web.redirect(f"/o/primaries/{primary_id}")


@meeting_form
async def add_cards(request: Request, meeting: store.Meeting, data: dict):
    count = web.number_field(data, "count", "number of cards", 1, MAX_CARDS)
    await ballot_box.create_cards(request.app.state.db, meeting.id, count, web.actor(request))
    return web.redirect(f"/o/meetings/{meeting.id}")


@web.organiser_only
async def print_cards(request: Request):
    db = request.app.state.db
    meeting = await store.meeting(db, web.path_id(request))
    base = request.app.state.settings.base_url
    cards = [
        {"serial": format_serial(s), "code": pretty_code(c), "url": f"{base}/v/{c}",
         "qr": web.qr_svg(f"{base}/v/{c}", box=4)}
        for s, c in await ballot_box.printable_cards(db, meeting.id)
    ]
    primaries = await store.primaries(db, meeting.id)
    paper = primaries[0] if primaries else None
    candidates = await store.candidates(db, paper.id) if paper else []
    sheets = [cards[i : i + 8] for i in range(0, len(cards), 8)]
    card_languages = [languages.SOURCE] + ([meeting.card_language]
                                           if meeting.card_language else [])
    # a ballot too long for the card is printed on its own sheets instead, never cut off
    on_card = paper_fits([c.name for c in candidates], len(card_languages))
    return web.render(request, "organiser/print_cards.html", {
        "meeting": meeting, "sheets": sheets, "paper": paper,
        "candidates": candidates if on_card else [], "too_many": bool(candidates) and not on_card,
        "short_url": web.short_address(base), "other_votes": primaries[1:],
        "card_languages": card_languages,
    })


@web.organiser_only
async def paper_ballots(request: Request):
    """Paper ballots for one vote, four to an A4 sheet (or two, in large print): for residents
    with no phone, at any vote of the meeting (the voting card's own paper ballot is for the
    meeting's first vote)."""
    db = request.app.state.db
    primary = await store.primary(db, web.path_id(request))
    meeting = await store.meeting(db, primary.meeting_id)
    return web.render(request, "organiser/paper_ballots.html", {
        "primary": primary, "candidates": await store.candidates(db, primary.id),
        "large": request.query_params.get("print") == "large",
        "card_languages": [languages.SOURCE] + ([meeting.card_language]
                                                if meeting.card_language else []),
    })


@meeting_form
async def add_link(request: Request, meeting: store.Meeting, data: dict):
    link = await accounts.create_link(request.app.state.db, request.app.state.settings.secret_key,
                                      meeting.id, data.get("role", ""), web.actor(request),
                                      meeting.starts_at)
    return await _meeting_page(request, new_link=link)


@meeting_form
async def revoke_link(request: Request, meeting: store.Meeting, data: dict):
    db = request.app.state.db
    link_id = web.int_param(data.get("link_id"))
    links = await accounts.links_for_meeting(db, request.app.state.settings.secret_key,
                                             meeting.id)
    if link_id not in {link.id for link in links}:
        raise web.FormError("That link is not one of this meeting's.")
    await accounts.revoke_link(db, link_id, web.actor(request))
    return web.redirect(f"/o/meetings/{meeting.id}")


# --- a primary: candidates, checklist, phases -------------------------------------------------

@web.organiser_only
async def primary_page(request: Request):
    return await _primary_page(request)


async def _primary_page(request: Request, error: str | None = None, status: int = 200):
    db = request.app.state.db
    primary = await store.primary(db, web.path_id(request))
    return web.render(request, "organiser/primary.html", {
        "primary": primary, "phase": phases.phase(primary),
        "candidates": await store.candidates(db, primary.id),
        "turnout": await ballot_box.turnout(db, primary.id), "error": error,
        "unsettled": await paper.unsettled(db, primary.id),
        "checks": await _checks(request, primary),
        "can_edit": phases.allowed(primary, "edit"),
    }, status)


async def _checks(request: Request, primary: dict) -> list[checklist.Check]:
    db = request.app.state.db
    settings = request.app.state.settings
    return checklist.before_open(
        primary, await store.candidates(db, primary.id),
        await ballot_box.card_counts(db, primary.meeting_id),
        await accounts.links_for_meeting(db, settings.secret_key, primary.meeting_id),
        settings.base_url)


vote_form = web.form_on(store.primary, _primary_page, MISTAKES)


@vote_form
async def add_candidate(request: Request, primary: store.Vote, data: dict):
    name = web.text_field(data, "name", "candidate's name")
    statement = " ".join(data.get("statement", "").split())
    if len(statement.split()) > MAX_STATEMENT_WORDS:
        raise web.FormError(f"The statement has {len(statement.split())} words: "
                            f"at most {MAX_STATEMENT_WORDS}, please.")
    if len(statement) > 1500:
        raise web.FormError("The statement is too long: at most 1,500 characters.")
    await store.add_candidate(request.app.state.db, primary.id, name, statement,
                              web.actor(request))
    return web.redirect(f"/o/primaries/{primary.id}")


@vote_form
async def remove_candidate(request: Request, primary: store.Vote, data: dict):
    candidate_id = web.int_param(data.get("candidate_id"))
    if candidate_id is None:
        raise web.FormError("Choose a candidate to remove.")
    await store.remove_candidate(request.app.state.db, primary.id, candidate_id,
                                 web.actor(request))
    return web.redirect(f"/o/primaries/{primary.id}")


@vote_form
async def set_receipts(request: Request, primary: store.Vote, data: dict):
    if data.get("receipts") not in ("yes", "no"):
        raise web.FormError("Choose whether voters get a receipt.")
    await store.set_receipts(request.app.state.db, primary.id, data["receipts"] == "yes",
                             web.actor(request))
    return web.redirect(f"/o/primaries/{primary.id}")


@vote_form
async def change_phase(request: Request, primary: store.Vote, data: dict):
    db = request.app.state.db
    action = request.path_params["action"]
    if action not in ("open", "close", "count", "publish"):
        raise store.NotFound
    if action == "close" and data.get("confirm") != "yes":
        raise web.FormError("To close voting, tick the box to confirm: no more votes will be "
                            "accepted.")
    blocker = checklist.first_blocker(await _checks(request, primary)) if action == "open" \
        else None
    if blocker and phases.allowed(primary, "open"):
        raise web.FormError(f"Voting cannot open yet. {blocker.fix}")
    actor = web.actor(request)
    if action in ("close", "count"):
        try:
            if action == "close":
                await tally.close_and_count(db, primary.id, actor)
            else:
                await tally.count_and_save(db, primary.id, actor)
        except phases.PhaseError:
            raise
        except Exception:  # the vote stays closed with every ballot kept: its page says so
            log.exception("the count of vote %s failed", primary.id)
            return await _primary_page(request, COUNT_FAILED, 503)
        return web.redirect(f"/o/primaries/{primary.id}/projector")
    await store.set_phase(db, primary.id, action, actor)
    return web.redirect(f"/o/primaries/{primary.id}")


COUNT_FAILED = ("Voting is closed and every ballot is kept, but the count did not finish. Press "
                "“Count the votes” to try again; if it fails again, tell whoever runs the server.")


routes = [
    Route("/o/meetings/{id}", meeting_page),
    Route("/o/meetings/{id}/primaries", add_primary, methods=["POST"]),
    Route("/o/meetings/{id}/cards", add_cards, methods=["POST"]),
    Route("/o/meetings/{id}/cards/print", print_cards),
    Route("/o/meetings/{id}/languages", set_languages, methods=["POST"]),
    Route("/o/meetings/{id}/links", add_link, methods=["POST"]),
    Route("/o/meetings/{id}/links/revoke", revoke_link, methods=["POST"]),
    Route("/o/primaries/{id}", primary_page),
    Route("/o/primaries/{id}/paper", paper_ballots),
    Route("/o/primaries/{id}/candidates", add_candidate, methods=["POST"]),
    Route("/o/primaries/{id}/candidates/remove", remove_candidate, methods=["POST"]),
    Route("/o/primaries/{id}/receipts", set_receipts, methods=["POST"]),
    Route("/o/primaries/{id}/{action:str}", change_phase, methods=["POST"]),
]
