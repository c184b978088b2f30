"""Pages in the hall: the voter's ballot, the steward's door, the teller's paper ballots,
the projector, and the public results."""

from __future__ import annotations

import time

from limits import parse
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

import accounts
import web
from votes import ballot_box, ballots, kinds, phases, store, tally
from votes.ballots import Candidate, RankingError

# Guessing card codes: a phone that mistypes a few is fine, a script is not. A hall may share
# one address (venue Wi-Fi), so a phone is its address and its cookie; 80-bit codes make even
# the address-wide limit hopeless for a guesser.
WRONG_PER_PHONE = parse("20/minute")
WRONG_WITHOUT_COOKIE = parse("60/minute")
WRONG_PER_ADDRESS = parse("300/minute")


WINDOW = 60.0  # seconds: every limit above is per minute


def _guess_limits(request: Request, address: str) -> list[tuple]:
    phone = request.cookies.get("csrftoken", "")[:120]
    return [(WRONG_PER_PHONE if phone else WRONG_WITHOUT_COOKIE, "phone", address, phone),
            (WRONG_PER_ADDRESS, "address", address)]


async def _card(request: Request) -> tuple[str, dict] | None:
    """The card this URL's code opens, or None. Wrong codes count towards the guessing limit.

    The limiter is asked only about an address with a wrong code in the last minute (it cannot
    refuse any other), so a hall of phones with right codes does not pay for it."""
    state = request.app.state
    address = request.client.host if request.client else "unknown"
    limits = _guess_limits(request, address)
    last_wrong = state.wrong_codes.get(address)
    if last_wrong is not None and time.monotonic() - last_wrong < WINDOW and \
            not all(state.limiter.test(limit, *key) for limit, *key in limits):
        raise _TooMany
    code = ballots.normalise_code(request.path_params["code"])
    card = await ballot_box.hall_card(state.db, code) if code else None
    if card is None:
        _remember_wrong(state.wrong_codes, address)
        for limit, *key in limits:
            state.limiter.hit(limit, *key)
        return None
    return code, card


def _remember_wrong(wrong_codes: dict[str, float], address: str) -> None:
    now = time.monotonic()
    if len(wrong_codes) > 10_000:  # forget addresses whose minute has passed
        for old in [a for a, t in wrong_codes.items() if now - t >= WINDOW]:
            del wrong_codes[old]
    wrong_codes[address] = now


class _TooMany(Exception):
    pass


async def _open_primary(db, meeting_id: int, wanted: int | None) -> dict | None:
    """The vote this card should see: the one open at its meeting (or the one asked for)."""
    primaries = await store.hall_votes(db, meeting_id)
    if wanted is not None:
        return next((p for p in primaries if p["id"] == wanted), None)
    open_now = [p for p in primaries if phases.phase(p) == phases.OPEN]
    if open_now:
        return open_now[0]
    return primaries[-1] if primaries else None


def _ranks(data: dict, count: int) -> list[str]:
    return [data.get(f"rank{i}", "") for i in range(1, count + 1)]


async def _ballot_context(request: Request, code: str, card: dict, primary_id: int | None):
    primary = await _open_primary(request.app.state.db, card["meeting_id"], primary_id)
    if primary is None:
        return None, None, []
    rows = primary["candidates"]
    return primary, rows, [Candidate(c["id"], c["name"]) for c in rows]


async def vote(request: Request):
    """GET: the ballot. POST: check the ranking and ask the voter to confirm it."""
    try:
        found = await _card(request)
    except _TooMany:
        return web.problem(request, "Too many wrong card codes from this connection. "
                           "Wait a minute, then try again, or ask a steward.", 429)
    if found is None:
        return web.problem(request, "We do not recognise this card. Check the code on your "
                           "card, or ask a steward for help.", 404, title="Card not found")
    code, card = found
    db = request.app.state.db
    data = await web.form(request) if request.method == "POST" else {}
    primary, rows, candidates = await _ballot_context(
        request, code, card, web.int_param(data.get("primary_id")))
    context = {"code": code, "card": card, "primary": primary, "candidates": rows}
    if primary is None:
        return web.render(request, "hall/status.html",
                          {**context, "message": "There is no vote at this meeting yet."})
    if await ballot_box.has_voted(db, primary["id"], card["id"]):
        return web.render(request, "hall/voted.html",
                          {**context, "receipt": ballots.receipt(code, primary["id"]),
                           "again": True})
    if not card["activated_at"]:
        return web.render(request, "hall/status.html", {**context, "message":
                          "This card has not been activated. Please show it to a steward at the "
                          "door: they will switch it on."}, 403)
    if not phases.allowed(primary, "vote"):
        return web.render(request, "hall/status.html",
                          {**context, "message": _phase_message(primary)})
    if request.method == "GET":
        return web.render(request, "hall/ballot.html", {**context, "chosen": []})
    chosen = _ranks(data, len(candidates))
    try:
        ranking = ballots.validate_ranking(chosen, candidates)
    except RankingError as e:
        return web.render(request, "hall/ballot.html",
                          {**context, "chosen": chosen, "error": str(e)}, 400)
    return web.render(request, "hall/confirm.html", {**context, "ranking": ranking})


def _phase_message(primary: dict) -> str:
    try:
        phases.require(primary, "vote")
    except phases.PhaseError as e:
        return str(e)
    return ""


async def cast(request: Request):
    try:
        found = await _card(request)
    except _TooMany:
        return web.problem(request, "Too many wrong card codes. Wait a minute.", 429)
    if found is None:
        return web.problem(request, "We do not recognise this card.", 404, title="Card not found")
    code, card = found
    data = await web.form(request)
    return await _cast(request, code, card, data, paper=False)


async def _cast(request: Request, code: str, card: dict, data: dict, paper: bool):
    db = request.app.state.db
    primary, rows, candidates = await _ballot_context(
        request, code, card, web.int_param(data.get("primary_id")))
    template = "hall/teller.html" if paper else "hall/ballot.html"
    context = {"code": code, "card": card, "primary": primary, "candidates": rows,
               "token": request.path_params.get("token")}
    if primary is None:
        return web.problem(request, "There is no vote at this meeting.", 409)
    if not card["activated_at"]:
        return web.render(request, "hall/status.html", {**context, "message":
                          "This card has not been activated, so it cannot vote. A steward must "
                          "activate it first."}, 403)
    try:
        ranking = ballots.validate_ranking(_ranks(data, len(candidates)), candidates)
        receipt = ballots.receipt(code, primary["id"])
        await ballot_box.cast(db, primary["id"], card["id"], receipt, [c.id for c in ranking],
                              paper)
    except RankingError as e:
        return web.render(request, template, {**context, "chosen": [], "error": str(e)}, 400)
    except ballot_box.AlreadyVoted:
        return web.render(request, "hall/voted.html", {
            **context, "receipt": None if paper else ballots.receipt(code, primary["id"]),
            "again": True, "paper": paper}, 409)
    except phases.PhaseError as e:
        return web.render(request, "hall/status.html", {**context, "message": str(e)}, 409)
    return web.render(request, "hall/voted.html", {
        **context, "receipt": receipt, "ranking": ranking, "again": False, "paper": paper})


# --- steward: activate cards at the door ------------------------------------------------------

async def _link(request: Request, role: str) -> accounts.Link:
    link = await accounts.check_link(request.app.state.db, request.app.state.settings.secret_key,
                                     request.path_params["token"], role)
    if link is None:
        raise HTTPException(403, f"This {role} link is not valid: it may have been revoked or "
                            "expired. Ask the organiser for a new one.")
    return link


async def _scanned_serial(db, meeting_id: int, text: str) -> int:
    code = ballots.normalise_code(text[:64])
    card = await ballot_box.card_by_code(db, code) if code else None
    if card is None or card["meeting_id"] != meeting_id:
        raise ValueError("That is not a voting card of this meeting. Check the card, or type "
                         "its number instead.")
    return card["serial"]


async def steward(request: Request):
    link = await _link(request, "steward")
    db = request.app.state.db
    meeting = await store.meeting(db, link.meeting_id)
    result, error, status = None, None, 200
    if request.method == "POST":
        data = await web.form(request)
        try:
            if "code" in data:  # a photographed card: its code, read from its QR on the phone
                serials = [await _scanned_serial(db, meeting["id"], data["code"])]
            else:
                serials = ballots.parse_serials(data.get("serials", ""))
            result = await ballot_box.activate(db, meeting["id"], serials,
                                               f"steward link {link.id}")
        except ValueError as e:
            error, status = str(e), 400
        except phases.PhaseError as e:
            error, status = str(e), 409
    return web.render(request, "hall/steward.html", {
        "meeting": meeting, "cards": await ballot_box.card_counts(db, meeting["id"]),
        "result": result, "error": error, "token": link.token,
    }, status)


# --- teller: paper ballots --------------------------------------------------------------------

async def teller(request: Request):
    link = await _link(request, "teller")
    db = request.app.state.db
    primaries = [p for p in await store.primaries(db, link.meeting_id)
                 if phases.phase(p) == phases.OPEN]
    context = {"token": link.token, "primary": primaries[0] if primaries else None}
    if not primaries:
        return web.render(request, "hall/teller.html", {**context, "candidates": []})
    context["candidates"] = await store.candidates(db, primaries[0]["id"])
    if request.method == "GET":
        return web.render(request, "hall/teller.html", context)
    data = await web.form(request)
    code = ballots.normalise_code(data.get("code", ""))
    card = await ballot_box.card_by_code(db, code) if code else None
    if card is None or card["meeting_id"] != link.meeting_id:
        return web.render(request, "hall/teller.html", {**context, "error":
                          "That card code is not one of this meeting's cards. Check the code "
                          "printed on the card and type it again."}, 400)
    return await _cast(request, code, card, {**data, "primary_id": str(primaries[0]["id"])},
                       paper=True)


# --- projector and results --------------------------------------------------------------------

async def turnout(request: Request):
    primary_id = web.int_param(request.path_params["id"])
    t = await ballot_box.turnout(request.app.state.db, primary_id or 0)
    return JSONResponse({"issued": t["issued"], "voted": t["voted"],
                         "open": bool(t["opened_at"] and not t["closed_at"]),
                         "closed": bool(t["closed_at"])})


@web.organiser_only
async def projector(request: Request):
    db = request.app.state.db
    primary = await store.primary(db, web.int_param(request.path_params["id"]) or 0)
    result = tally.result_of(primary)
    step = web.int_param(request.query_params.get("round"))
    context = {"primary": primary, "phase": phases.phase(primary),
               "turnout": await ballot_box.turnout(db, primary["id"]), "result": result,
               "options": await store.candidates(db, primary["id"])
               if kinds.words(primary).options_on_projector else []}
    if result and step and phases.allowed(primary, "reveal"):
        step = min(step, len(result["rounds"]) + 1)
        context.update(step=step, **tally.round_view(result, step))
    return web.render(request, "hall/projector.html", context)


async def results(request: Request):
    db = request.app.state.db
    primary = await store.primary(db, web.int_param(request.path_params["id"]) or 0)
    phases.require(primary, "results")
    result = tally.result_of(primary)
    names, cast = await tally.named_ballots(db, primary["id"])
    lookup = request.query_params.get("receipt")
    found = None
    if lookup is not None:
        wanted = ballots.normalise_receipt(lookup)[: ballots.RECEIPT_CHARS + 2]
        found = next((r for r in cast if r[0] == wanted), False)
    return web.render(request, "hall/results.html", {
        "primary": primary, "result": result,
        "turnout": await ballot_box.turnout(db, primary["id"]),
        "lookup": lookup, "found": found, "table": tally.round_table(result),
    })


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
    Route("/v/{code}", vote, methods=["GET", "POST"]),
    Route("/v/{code}/cast", cast, methods=["POST"]),
    Route("/s/{token}", steward, methods=["GET", "POST"]),
    Route("/t/{token}", teller, methods=["GET", "POST"]),
    Route("/primaries/{id}/turnout", turnout),
    Route("/o/primaries/{id}/projector", projector),
    Route("/results/{id}", results),
]
