"""The teller's page: paper ballots, each entered by two tellers (votes/paper.py decides when
one counts). Each teller has their own teller link: that is how two tellers are told apart."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

import web
from votes import ballot_box, ballots, paper, phases, store
from votes.ballots import Candidate, RankingError
from votes.hall_routes import role_link


def _ranks(data: dict, count: int) -> list[str]:
    return [data.get(f"rank{i}", "") for i in range(1, count + 1)]


async def _context(db, link, primary: store.Vote | None) -> dict:
    if primary is None:
        return {"token": link.token, "primary": None, "candidates": [], "unsettled": []}
    return {"token": link.token, "primary": primary, "teller": link.id,
            "candidates": await store.candidates(db, primary.id),
            "unsettled": await paper.unsettled(db, primary.id)}


async def teller(request: Request):
    link = await role_link(request, "teller")
    db = request.app.state.db
    primary = next((p for p in await store.primaries(db, link.meeting_id)
                    if phases.phase(p) == phases.OPEN), None)
    context = await _context(db, link, primary)
    if request.method == "GET" or primary is None:
        return web.render(request, "hall/teller.html", context)
    data = await web.form(request)
    candidates = [Candidate(c.id, c.name) for c in context["candidates"]]
    chosen = _ranks(data, len(candidates))
    code = ballots.normalise_code(data.get("code", ""))
    card = await ballot_box.card_by_code(db, code) if code else None

    def again(message: str, status: int):  # the teller stays here, the ballot's choices kept
        return web.render(request, "hall/teller.html", {
            **context, "error": message, "typed": data.get("code", "")[:40],
            "chosen": chosen}, status)

    if card is None or card.meeting_id != link.meeting_id:
        return again("That card code is not one of this meeting's cards. Check the code "
                     "printed on the card and type it again.", 400)
    serial = ballots.format_serial(card.serial)
    if not card.activated_at:
        return again(f"Card No. {serial} has not been activated, so it cannot vote. Ask a "
                     "steward to activate it, then enter the ballot again.", 403)
    try:
        ranking = ballots.validate_ranking(chosen, candidates)
    except RankingError as e:
        return again(str(e), 400)
    ids = [c.id for c in ranking]
    receipt = None
    try:
        said, others = await paper.enter(db, primary.id, card.id, link.id, ids)
        if said == paper.AGREED:
            receipt = ballots.receipt(code, primary.id)
            await ballot_box.cast(db, primary.id, card.id, receipt, ids, paper=True)
            await paper.settle(db, primary.id, card.id)
    except ballot_box.AlreadyVoted:
        await paper.settle(db, primary.id, card.id)
        return web.render(request, "hall/voted.html", {
            **context, "card": card, "paper": True, "again": True}, 409)
    except phases.PhaseError as e:
        return again(str(e), 409)
    context = await _context(db, link, primary)  # the lists as they are now
    return web.render(request, "hall/voted.html", {
        **context, "card": card, "paper": True, "again": False, "outcome": said,
        "ranking": ranking, "receipt": receipt if primary.receipts else None,
        "others": paper.named(others, {c.id: c.name for c in context["candidates"]})},
    )


routes = [Route("/t/{token}", teller, methods=["GET", "POST"])]
