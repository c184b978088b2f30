"""Published downloads: anonymised ballots (CSV, BLT) and the result (JSON, RCTab summary)."""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

import web
from votes import exports, phases, store, tally


async def _published(request: Request):
    db = request.app.state.db
    primary = await store.primary(db, web.int_param(request.path_params["id"]) or 0)
    phases.require(primary, "results")
    return primary


def _file(body: str, media: str, name: str) -> Response:
    return Response(body, media_type=media,
                    headers={"content-disposition": f'attachment; filename="{name}"'})


async def ballots_csv(request: Request):
    primary = await _published(request)
    names, cast = await tally.named_ballots(request.app.state.db, primary.id)
    published = tally.shuffled(cast)
    # without receipts, no column a card holder could recompute theirs from and look up
    body = exports.ballots_csv(published if primary.receipts else [r for _, r in published])
    return _file(body, "text/csv; charset=utf-8", f"primary-{primary.id}-ballots.csv")


async def ballots_blt(request: Request):
    primary = await _published(request)
    names, cast = await tally.named_ballots(request.app.state.db, primary.id)
    body = exports.ballots_blt(names, [r for _, r in tally.shuffled(cast)], primary.seats,
                               primary.title)
    return _file(body, "text/plain; charset=utf-8", f"primary-{primary.id}.blt")


async def result_json(request: Request):
    primary = await _published(request)
    body = json.dumps(tally.result_of(primary), indent=1)
    return _file(body, "application/json", f"primary-{primary.id}-result.json")


async def rctab_json(request: Request):
    primary = await _published(request)
    summary = exports.rctab_summary(
        tally.result_of(primary), primary.title, date=primary.starts_at[:10],
        jurisdiction=f"{primary.ward_name}, {primary.area_name}")
    body = json.dumps(summary, indent=1)
    return _file(body, "application/json", f"primary-{primary.id}-rctab-summary.json")


routes = [
    Route("/results/{id}/ballots.csv", ballots_csv),
    Route("/results/{id}/ballots.blt", ballots_blt),
    Route("/results/{id}/result.json", result_json),
    Route("/results/{id}/rctab.json", rctab_json),
]
