"""The organiser's review of a ward's nominations: grouped by nominee, suggested merges,
distinct nominators against the threshold, spam flags, and invitations to stand."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

import web
from primary import nomination_store, nominations
from primary.nomination_store import Filed, Nominated
from primary.nominations import ReviewError
from votes import store


def _ward_id(request: Request) -> int:
    value = web.int_param(request.path_params["id"])
    if value is None:
        raise store.NotFound
    return value


@dataclass(frozen=True)
class Judged(Filed):
    flags: tuple[str, ...] = ()  # why the review page asks the organiser to look at it


@dataclass(frozen=True)
class Reviewed(Nominated):
    """A nominee as the review page shows it: its count and the flags it needs judged."""

    count: int = 0
    reaches: bool = False  # enough nominators to be invited
    flagged: int = 0  # flagged and not judged yet: not counted until the organiser decides
    set_aside: int = 0


def review(people: list[Nominated], ward: store.Ward) -> dict:
    """What the page shows: each nominee with its count, flags and state; suggested merges."""
    rows = nomination_store.as_nominations(people)
    counted = nomination_store.counted(rows, ward.postcodes)
    flagged = nominations.flags(rows, nominations.postcode_areas(ward.postcodes))
    shown = []
    for person in people:
        judged = tuple(Judged(**vars(n), flags=tuple(flagged.get(n.id, [])))
                       for n in person.nominations)
        count = counted.get(person.id, 0)
        shown.append(Reviewed(
            **{**vars(person), "nominations": judged}, count=count,
            reaches=nominations.reaches(count, ward.threshold),
            flagged=sum(bool(n.flags) and not n.set_aside_at and not n.counted_at
                        for n in judged),
            set_aside=sum(bool(n.set_aside_at) for n in judged)))
    shown.sort(key=lambda p: (-p.count, p.id))
    merges = nominations.suggest_merges([(p.id, p.name) for p in shown], counted)
    return {"people": shown, "merges": merges}


DONE = {"rules": "Rules saved: the counts below follow them.",
        "merged": "Names merged: their nominators now count together under the first name.",
        "aside": "Nomination set aside: it stays on record and no longer counts.",
        "counted": "Nomination counted."}


@web.organiser_only
async def page(request: Request):
    return await _page(request)


async def _page(request: Request, error: str | None = None, status: int = 200,
                invited: tuple[nomination_store.Nominee, str] | None = None):
    db = request.app.state.db
    ward = await store.ward(db, _ward_id(request))
    base = request.app.state.settings.base_url
    context = review(await nomination_store.nominees(db, ward.id), ward)
    invite = None
    if invited:
        person, token = invited
        url = f"{base}/invite/{token}"
        invite = {"name": person.name, "url": url, "qr": web.qr_svg(url, 6)}
    return web.render(request, "organiser/nominations.html", {
        **context, "ward": ward, "error": error, "invite": invite, "base_url": base,
        "primary": await nomination_store.next_primary(db, ward.id),
        "done": None if error or invited else DONE.get(request.query_params.get("done", "")),
    }, status)


async def _change(request: Request, change) -> Response:
    """One change from a review form: `change(db, ward_id, data, actor)`. On a ReviewError the
    page comes back with its sentence and nothing changed."""
    db = request.app.state.db
    ward = await store.ward(db, _ward_id(request))
    data = await web.form(request)
    try:
        done = await change(db, ward.id, data, web.actor(request))
    except ReviewError as e:
        return await _page(request, str(e), 400)
    return web.redirect(f"/o/wards/{ward.id}/nominations?done={done}")


async def _rules(db, ward_id: int, data: dict, actor: str) -> str:
    threshold = nominations.threshold(data.get("threshold", ""))
    areas = nominations.postcode_areas(data.get("postcodes", "")[:2000])
    await nomination_store.set_rules(db, ward_id, threshold, ", ".join(areas), actor)
    return "rules"


async def _merge(db, ward_id: int, data: dict, actor: str) -> str:
    await nomination_store.merge(db, ward_id, web.int_param(data.get("keep")),
                                 web.int_param(data.get("merge")), actor)
    return "merged"


async def _set_aside(db, ward_id: int, data: dict, actor: str) -> str:
    aside = data.get("aside") != "no"
    await nomination_store.set_aside(db, ward_id, web.int_param(data.get("nomination")), aside,
                                     actor)
    return "aside" if aside else "counted"


@web.organiser_only
async def rules(request: Request):
    return await _change(request, _rules)


@web.organiser_only
async def merge(request: Request):
    return await _change(request, _merge)


@web.organiser_only
async def set_aside(request: Request):
    return await _change(request, _set_aside)


@web.organiser_only
async def invite(request: Request):
    """A one-time link, shown once: only its hash is kept, so a lost link means a new one."""
    db = request.app.state.db
    ward = await store.ward(db, _ward_id(request))
    data = await web.form(request)
    token = secrets.token_urlsafe(18)
    try:
        person = await nomination_store.invite(db, ward.id, web.int_param(data.get("nominee")),
                                               token, web.actor(request))
    except ReviewError as e:
        return await _page(request, str(e), 400)
    return await _page(request, invited=(person, token))


routes = [
    Route("/o/wards/{id}/nominations", page),
    Route("/o/wards/{id}/nominations/rules", rules, methods=["POST"]),
    Route("/o/wards/{id}/nominations/merge", merge, methods=["POST"]),
    Route("/o/wards/{id}/nominations/invite", invite, methods=["POST"]),
    Route("/o/wards/{id}/nominations/set-aside", set_aside, methods=["POST"]),
]
