"""Pages in the hall: the voter's ballot and the steward's door (the teller's paper ballots are
in teller_routes, the projector and the public results in screen_routes)."""

from __future__ import annotations

from limits import parse
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.routing import Route

import accounts
import languages
import ratelimit
import web
from languages import N_
from votes import ballot_box, ballots, phases, store
from votes.ballots import Candidate, RankingError

# Guessing card codes: 80-bit codes make guessing hopeless, so the limit only slows a script
# and can never be turned on the hall: a right code is always served, and only wrong codes
# count, per client address (a cookie is rotated at will; a whole hall may share one address).
WRONG_PER_ADDRESS = parse("100/minute")


async def _card(request: Request, typed: str | None = None) -> tuple[str, ballot_box.Card] | None:
    """The card this URL's (or a typed) code opens, or None; raises _TooMany for one wrong code
    too many."""
    state = request.app.state
    code = ballots.normalise_code(request.path_params["code"] if typed is None else typed)
    card = await ballot_box.hall_card(state.db, code) if code else None
    if card is not None:
        return code, card
    address = request.client.host if request.client else "unknown"
    if not await ratelimit.hit(state.db, WRONG_PER_ADDRESS, "wrong card code", address):
        raise _TooMany
    return None


class _TooMany(Exception):
    pass


async def _open_primary(db, meeting_id: int, wanted: int | None) -> dict | None:
    """The vote this card should see: the one open at its meeting (or the one asked for)."""
    primaries = await store.hall_votes(db, meeting_id)
    if wanted is not None:
        return next((p for p in primaries if p.id == wanted), None)
    open_now = [p for p in primaries if phases.phase(p) == phases.OPEN]
    if open_now:
        return open_now[0]
    return primaries[-1] if primaries else None


@web.in_languages
async def enter_code(request: Request):
    """The short address on the card and the projector: type the card's code when the phone
    cannot scan. Lower case, spaces, a pasted link and O for 0 are all forgiven."""
    typed = request.query_params.get("code")
    if typed is None:
        return web.render(request, "hall/enter_code.html", {"typed": ""})
    text = typed.strip()[:200]
    text = text.rsplit("/v/", 1)[-1].strip("/ ")  # a pasted link
    error = None
    if not text:
        error = web.translate(request, "Type the code printed on your card, under the QR code.")
    elif ballots.normalise_code(text) is None:
        letters = len("".join(text.split()).replace("-", ""))
        error = web.translate(request, "That has %(letters)s letters and digits; a card code has "
                      "%(chars)s, in four groups of four. Check it against your card.",
                      letters=letters, chars=ballots.CODE_CHARS)
    else:
        try:
            found = await _card(request, text)
        except _TooMany:
            return web.problem(request, N_("Too many wrong card codes from this connection. "
                                           "Wait a minute, then try again, or ask a steward."),
                               429)
        if found is None:
            error = web.translate(request, "We do not recognise that code. Check it against your "
                          "card, or ask a steward for help.")
        else:
            return web.redirect(f"/v/{found[0]}")
    return web.render(request, "hall/enter_code.html", {"typed": text, "code_error": error}, 400)


def _ranks(data: dict, count: int) -> list[str]:
    return [data.get(f"rank{i}", "") for i in range(1, count + 1)]


async def _ballot_context(request: Request, code: str, card: ballot_box.Card,
                          primary_id: int | None):
    primary = await _open_primary(request.app.state.db, card.meeting_id, primary_id)
    if primary is None:
        return None, None, []
    rows = primary.candidates
    return primary, rows, [Candidate(c.id, c.name) for c in rows]


@web.in_languages
async def vote(request: Request):
    """GET: the ballot. POST: check the ranking and ask the voter to confirm it."""
    try:
        found = await _card(request)
    except _TooMany:
        return web.problem(request, N_("We do not recognise this card, and too "
                           "many wrong card codes came from this connection. Check the code on "
                           "your card (a right code always works), or ask a steward."), 429)
    if found is None:
        return web.problem(request, N_("We do not recognise this card. Check the "
                           "code on your card, or ask a steward for help."), 404,
                           title=N_("Card not found"))
    code, card = found
    db = request.app.state.db
    await _speak(request, card)
    data = await web.form(request) if request.method == "POST" else {}
    primary, rows, candidates = await _ballot_context(
        request, code, card, web.int_param(data.get("primary_id")))
    context = {"code": code, "card": card, "primary": primary, "candidates": rows}
    if primary is None:
        return web.render(request, "hall/status.html",
                          {**context, "message": web.translate(request, "There is no vote at this "
                                                       "meeting yet.")})
    if await ballot_box.has_voted(db, primary.id, card.id):
        return web.render(request, "hall/voted.html",
                          {**context, "receipt": _shown_receipt(code, primary),
                           "again": True})
    if not card.activated_at:
        return web.render(request, "hall/status.html", {**context, "message": web.translate(
                          request, "This card has not been activated. Please show it to a "
                          "steward at the door: they will switch it on.")}, 403)
    if not phases.allowed(primary, "vote"):
        return web.render(request, "hall/status.html",
                          {**context, "message": web.translate(request, _phase_message(primary))})
    if request.method == "GET":
        return web.render(request, "hall/ballot.html", {**context, "chosen": []})
    chosen = _ranks(data, len(candidates))
    if data.get("change"):  # back from the confirm page, with the ranking as it was
        return web.render(request, "hall/ballot.html", {**context, "chosen": chosen})
    try:
        ranking = ballots.validate_ranking(chosen, candidates)
    except RankingError as e:
        return web.render(request, "hall/ballot.html",
                          {**context, "chosen": chosen, "error": _said(request, e)}, 400)
    return web.render(request, "hall/confirm.html", {**context, "ranking": ranking})


async def _speak(request: Request, card: ballot_box.Card) -> None:
    """A card's pages speak the language last tapped on it (kept for the card), else the
    browser's; only the languages its meeting offers."""
    db = request.app.state.db
    kept, offer = await ballot_box.card_languages(db, card.id)
    among = request.state.languages = languages.offered(offer)
    asked = request.query_params.get("lang")
    if asked in among and asked != kept:
        await ballot_box.keep_language(db, card.id, asked)
        kept = asked
    if kept in among:
        request.state.language = kept


def _said(request: Request, e: RankingError) -> str:
    return web.translate(request, e.text, **e.values)


def _phase_message(primary: store.Vote) -> str:
    try:
        phases.require(primary, "vote")
    except phases.PhaseError as e:
        return str(e)
    return ""


@web.in_languages
async def cast(request: Request):
    try:
        found = await _card(request)
    except _TooMany:
        return web.problem(request, N_("We do not recognise this card, and too "
                           "many wrong card codes came from this connection."), 429)
    if found is None:
        return web.problem(request, N_("We do not recognise this card."), 404,
                           title=N_("Card not found"))
    code, card = found
    await _speak(request, card)
    data = await web.form(request)
    return await _cast(request, code, card, data)


async def _cast(request: Request, code: str, card: dict, data: dict):
    db = request.app.state.db
    primary, rows, candidates = await _ballot_context(
        request, code, card, web.int_param(data.get("primary_id")))
    context = {"code": code, "card": card, "primary": primary, "candidates": rows}
    if primary is None:
        return web.problem(request, N_("There is no vote at this meeting."), 409)

    def refused(message: str, status: int):
        return web.render(request, "hall/status.html",
                          {**context, "message": web.translate(request, message)}, status)

    if not card.activated_at:
        return refused(N_("This card has not been activated, so it cannot vote. A steward "
                          "must activate it first."), 403)
    try:
        ranking = ballots.validate_ranking(_ranks(data, len(candidates)), candidates)
        receipt = ballots.receipt(code, primary.id)
        await ballot_box.cast(db, primary.id, card.id, receipt, [c.id for c in ranking])
    except RankingError as e:
        return web.render(request, "hall/ballot.html", {**context, "chosen": [],
                                                        "error": _said(request, e)}, 400)
    except ballot_box.AlreadyVoted:
        return web.render(request, "hall/voted.html", {
            **context, "receipt": _shown_receipt(code, primary), "again": True}, 409)
    except phases.PhaseError as e:
        return refused(str(e), 409)
    return web.render(request, "hall/voted.html", {
        **context, "receipt": _shown_receipt(code, primary), "ranking": ranking,
        "again": False})


def _shown_receipt(code: str, primary: store.Vote) -> str | None:
    """The receipt the voter sees, if this vote gives receipts (every ballot is stored under
    one either way: it is the ballot's key)."""
    return ballots.receipt(code, primary.id) if primary.receipts else None


# --- steward: activate cards at the door ------------------------------------------------------

async def role_link(request: Request, role: str) -> accounts.Link:
    """The steward's or teller's link of this URL; a clear 403 for any other."""
    link = await accounts.check_link(request.app.state.db, request.app.state.settings.secret_key,
                                     request.path_params["token"], role)
    if link is None:
        raise HTTPException(403, f"This {role} link is not valid: it may have been revoked or "
                            "expired. Ask the organiser for a new one.")
    return link


async def _scanned_serial(db, meeting_id: int, text: str) -> int:
    code = ballots.normalise_code(text[:64])
    card = await ballot_box.card_by_code(db, code) if code else None
    if card is None or card.meeting_id != meeting_id:
        raise ValueError("That is not a voting card of this meeting. Check the card, or type "
                         "its number instead.")
    return card.serial


async def steward(request: Request):
    link = await role_link(request, "steward")
    db = request.app.state.db
    meeting = await store.meeting(db, link.meeting_id)
    result, error, status, data = None, None, 200, {}
    if request.method == "POST":
        data = await web.form(request)
        try:
            if "code" in data:  # a photographed card: its code, read from its QR on the phone
                serials = [await _scanned_serial(db, meeting.id, data["code"])]
            else:
                serials = ballots.parse_serials(data.get("serials", ""))
            result = await ballot_box.activate(db, meeting.id, serials,
                                               f"steward link {link.id}")
        except ValueError as e:
            error, status = str(e), 400
        except phases.PhaseError as e:
            error, status = str(e), 409
    return web.render(request, "hall/steward.html", {
        "meeting": meeting, "cards": await ballot_box.card_counts(db, meeting.id),
        "result": result, "error": error, "token": link.token,
        "typed": data.get("serials", "")[:80] if error else "",
    }, status)


@web.in_languages
async def home(request: Request):
    db = request.app.state.db
    primaries = await store.primaries(db)
    return web.render(request, "home.html", {
        "published": [p for p in primaries if phases.phase(p) == phases.PUBLISHED],
        "areas": await store.areas(db),
        "organiser": bool(request.session.get("organiser_id")),
    })


routes = [
    Route("/", home),
    Route("/v", enter_code),
    Route("/v/{code}", vote, methods=["GET", "POST"]),
    Route("/v/{code}/cast", cast, methods=["POST"]),
    Route("/s/{token}", steward, methods=["GET", "POST"]),
]
