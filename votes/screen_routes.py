"""The screens everyone watches: the projector in the hall and the public results page."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

import web
from votes import ballot_box, ballots, kinds, phases, projection, sankey, store, tally, tie_words


async def turnout(request: Request):
    primary_id = web.int_param(request.path_params["id"])
    t = await ballot_box.turnout(request.app.state.db, primary_id or 0)
    return JSONResponse({"issued": t.issued, "voted": t.voted,
                         "open": bool(t.opened_at and not t.closed_at),
                         "closed": bool(t.closed_at)})


def _heading(primary: store.Vote) -> str:
    """The vote's title, with its ward only when the title does not already say it."""
    title, ward = primary.title, primary.ward_name
    return title if ward.casefold() in title.casefold() else f"{ward} · {title}"


def _step(request: Request, chart: dict, default: int | None) -> int | None:
    """?round=N within the count (one past the last round is the winners)."""
    step = web.int_param(request.query_params.get("round")) or default
    return None if step is None else max(1, min(step, len(chart["rounds"]) + 1))


@web.organiser_only
@web.in_languages
async def projector(request: Request):
    db = request.app.state.db
    primary = await store.primary(db, web.int_param(request.path_params["id"]) or 0)
    result = tally.result_of(primary)
    base = request.app.state.settings.base_url
    context = {"primary": primary, "phase": phases.phase(primary), "heading": _heading(primary),
               "short_url": web.short_address(base),
               "turnout": await ballot_box.turnout(db, primary.id),
               "options": await store.candidates(db, primary.id)
               if kinds.words(primary).options_on_projector else []}
    if result and phases.allowed(primary, "reveal"):
        chart = projection.chart(result, web.language(request))
        step = _step(request, chart, None)
        results_url = f"{base}/results/{primary.id}"
        context.update(chart=chart, step=step, last=len(chart["rounds"]),
                       final=bool(step and step > len(chart["rounds"])),
                       winners=chart["winners"], results_url=results_url,
                       results_qr=web.qr_svg(results_url, box=8))
        if step and not context["final"]:
            context.update(bars=chart["rounds"][step - 1]["bars"],
                           round=result["rounds"][step - 1])
    return web.render(request, "hall/projector.html", context)


@web.in_languages
async def results(request: Request):
    db = request.app.state.db
    primary = await store.primary(db, web.int_param(request.path_params["id"]) or 0)
    phases.require(primary, "results")
    result = tally.result_of(primary)
    names, cast = await tally.named_ballots(db, primary.id)
    lookup = request.query_params.get("receipt") if primary.receipts else None
    found = None
    if lookup is not None:
        wanted = ballots.normalise_receipt(lookup)[: ballots.RECEIPT_CHARS + 2]
        found = next((r for r in cast if r[0] == wanted), False)
    lang = web.language(request)
    chart = projection.chart(result, lang)
    template = "hall/results_sheet.html" if request.url.path.endswith("/sheet") \
        else "hall/results.html"
    return web.render(request, template, {
        "primary": primary, "result": result, "heading": _heading(primary),
        "turnout": await ballot_box.turnout(db, primary.id),
        "lookup": lookup, "found": found, "table": tally.round_table(result),
        "chart": chart, "step": _step(request, chart, len(chart["rounds"])),
        "flow": sankey.flow(result, lang),
        "ties": [{"round": t["round"], "text": tie_words.summary(t, lang),
                  "how": tie_words.how(t, lang)} for t in result.get("tie_breaks", [])],
        "results_qr": web.qr_svg(f"{request.app.state.settings.base_url}/results/"
                                 f"{primary.id}", box=6),
    })


routes = [
    Route("/primaries/{id}/turnout", turnout),
    Route("/o/primaries/{id}/projector", projector),
    Route("/results/{id}", results),
    Route("/results/{id}/sheet", results),
]
