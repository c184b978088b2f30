"""Organisers' pages of the broadcast: publishing highlights, the moderation queue, one-time
links that confirm a resident's ward, and the pulse on the assembly's projector."""

from __future__ import annotations

import secrets
import time
from dataclasses import asdict

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

import web
from audit import now
from broadcast import bridging, highlights, people, store
from problems import Refused
from programme import worker
from votes import store as vote_store

MAX_LINKS = 200
MAX_REASON = 200
# Seconds a topic's bridging comments are kept (by each worker) before they are worked out
# again: an organiser's summary, as late on several workers as on one, and never stored.
BRIDGING_FOR = 30


@web.organiser_only
async def publish(request: Request):
    db = request.app.state.db
    error, values, status = None, {}, 200
    if request.method == "POST":
        values = await web.form(request)
        try:
            highlight_id = await store.publish(db, highlights.read_highlight(values),
                                               web.actor(request))
            return web.redirect(f"/h/{highlight_id}")
        except Refused as e:
            error, status = str(e), 400
    return web.render(request, "broadcast/publish.html", {
        "highlights": await store.newest(db, 100), "values": values, "error": error,
        "limits": highlights.LIMITS}, status)


@web.organiser_only
async def moderation(request: Request):
    return web.render(request, "broadcast/moderation.html",
                      {"queue": await store.queue(request.app.state.db)})


@web.organiser_only
async def moderate(request: Request):
    data = await web.form(request)
    hide = request.url.path.endswith("/hide")
    reason = " ".join(data.get("reason", "").split())
    if not reason or len(reason) > MAX_REASON:
        raise Refused(f"Give a reason (at most {MAX_REASON} characters): it goes in the log.")
    await store.moderate(request.app.state.db, web.path_id(request), hide, reason,
                         web.actor(request))
    return web.redirect("/o/highlights/moderation")


@web.organiser_only
async def ward_links(request: Request):
    """Make one-time links for residents the organisers know live in the ward (contact given at
    the door, a meeting card); shown once, only hashes are kept."""
    db = request.app.state.db
    ward = await vote_store.ward(db, web.path_id(request))
    links: list[str] = []
    if request.method == "POST":
        data = await web.form(request)
        try:
            count = web.number_field(data, "count", "number of links", 1, MAX_LINKS)
        except web.FormError as e:
            raise Refused(str(e)) from None
        tokens = [secrets.token_urlsafe(18) for _ in range(count)]
        await people.make_ward_links(db, ward.id, tokens, web.actor(request))
        base = request.app.state.settings.base_url
        links = [f"{base}/w/{t}" for t in tokens]
    return web.render(request, "broadcast/ward_links.html", {"ward": ward, "links": links})


# --- the pulse --------------------------------------------------------------------------------

async def _bridging(request: Request, topic: str) -> list[dict]:
    """The topic's bridging comments, worked out in the clustering worker, kept a little while."""
    db = request.app.state.db
    kept = db.cache.setdefault("bridging", {})
    at, found = kept.get(topic, (0.0, None))
    if found is None or time.monotonic() - at > BRIDGING_FOR:
        votes = await store.comment_votes(db, topic)
        found = await worker.run(bridging.bridging, votes) if votes else []
        kept[topic] = (time.monotonic(), found)
    texts = await store.comment_texts(db, [f["comment_id"] for f in found])
    return [{"text": texts[f["comment_id"]], "agree": highlights.share(
        f["score"].numerator, f["score"].denominator)} for f in found if f["comment_id"] in texts]


async def pulse_now(request: Request) -> list[dict]:
    db = request.app.state.db
    found = []
    for t in await store.today_by_topic(db, now().date().isoformat()):
        found.append({**asdict(t), "support_share": highlights.share(t.support, t.responses),
                      "bridging": await _bridging(request, t.topic)})
    return found


@web.organiser_only
async def pulse(request: Request):
    return web.render(request, "broadcast/pulse.html", {"topics": await pulse_now(request)})


@web.organiser_only
async def pulse_json(request: Request):
    return JSONResponse({"topics": await pulse_now(request)})


routes = [
    Route("/o/highlights", publish, methods=["GET", "POST"]),
    Route("/o/highlights/moderation", moderation),
    Route("/o/comments/{id}/hide", moderate, methods=["POST"]),
    Route("/o/comments/{id}/restore", moderate, methods=["POST"]),
    Route("/o/wards/{id}/ward-links", ward_links, methods=["GET", "POST"]),
    Route("/o/pulse", pulse),
    Route("/o/pulse.json", pulse_json),
]
