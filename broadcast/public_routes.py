"""The public pages of the broadcast: topics, a highlight with its click-to-load player, the
response form (support / oppose / not sure and a comment), agreeing with others' comments,
reporting one, confirming a ward by one-time link; the Atom feed and a topic's QR poster."""

from __future__ import annotations

import secrets
from urllib.parse import quote

from limits import parse
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

import ratelimit
import web
from broadcast import highlights, people, store
from problems import NotFound, Refused
from votes import store as vote_store

COOKIE = "resident"
YEAR = 365 * 24 * 3600
# A household, a library or a phone network may share one address; a browser is its cookie.
PER_RESIDENT = parse("30/minute")
PER_ADDRESS = parse("300/minute")
TOO_MANY = ("Too many responses from this connection in the last minute. Please wait a moment "
            "and try again.")


def resident_key(request: Request) -> tuple[str, bool]:
    """The browser's resident key, and whether it is new (then set_key must send it)."""
    key = request.cookies.get(COOKIE, "")
    if 20 <= len(key) <= 64 and key.isascii() and all(c.isalnum() or c in "-_" for c in key):
        return key, False
    return secrets.token_urlsafe(24), True


def set_key(request: Request, response: Response, key: str, new: bool) -> Response:
    if new:
        response.set_cookie(COOKIE, key, max_age=YEAR, httponly=True, samesite="lax",
                            secure=request.app.state.settings.https)
    return response


def limits(request: Request, key: str) -> ratelimit.Hits:
    """What one response or vote on a comment counts against: its address and its browser."""
    address = request.client.host if request.client else "unknown"
    return [(PER_ADDRESS, "respond-address", address), (PER_RESIDENT, "respond-resident", key)]


def with_player_allowed(response: Response) -> Response:
    """A highlight page may show a poster from the video host and, once tapped, its player."""
    response.headers["content-security-policy"] = (
        web.SECURITY_HEADERS["content-security-policy"].replace(
            "img-src 'self' data:", "img-src 'self' data: https:")
        + "; frame-src " + " ".join(highlights.PLAYERS))
    return response


async def topics(request: Request):
    return web.render(request, "broadcast/topics.html",
                      {"topics": await store.topics(request.app.state.db)})


async def topic(request: Request):
    topic = request.path_params["topic"][:80]
    found = await store.of_topic(request.app.state.db, topic)
    if not found:
        raise NotFound
    return with_player_allowed(web.render(request, "broadcast/topic.html", {
        "topic": topic, "highlights": found, "quoted": quote(topic, safe="")}))


def _tallies(rows: list[store.StanceCount], wards: dict[int, str]) -> tuple[list[dict], dict]:
    """Per ward, confirmed and unconfirmed apart; and the totals of each stance."""
    by_ward: dict[tuple, dict] = {}
    totals = dict.fromkeys(highlights.STANCES, 0)
    for r in rows:
        line = by_ward.setdefault((wards.get(r.ward_id, "Ward not given"), r.confirmed),
                                  dict.fromkeys(highlights.STANCES, 0))
        line[r.stance] += r.n
        totals[r.stance] += r.n
    lines = [{"ward": w, "confirmed": c, **n} for (w, c), n in sorted(by_ward.items())]
    return lines, totals


async def _highlight_page(request: Request, h: store.PublishedHighlight, key: str, new: bool,
                          error: str | None = None, status: int = 200, values=None):
    db = request.app.state.db
    me = await people.resident(db, key if not new else None)
    me_id = me.id if me else None
    wards = {w.id: w.name for a in await vote_store.areas(db) for w in a.wards}
    lines, totals = _tallies(await store.counts(db, h.id), wards)
    base = request.app.state.settings.base_url
    response = web.render(request, "broadcast/highlight.html", {
        "h": h, "player": highlights.player(h.clip_url), "lines": lines, "totals": totals,
        "total": sum(totals.values()), "comments": await store.comments(db, h.id, me_id),
        "mine": values or await store.mine(db, h.id, me_id), "me": me, "wards": wards,
        "stances": highlights.STANCES, "max_comment": highlights.MAX_COMMENT, "error": error,
        "url": f"{base}/h/{h.id}", "topic_url": f"/topics/{quote(h.topic, safe='')}",
        "saved": request.query_params.get("saved") == "1"}, status)
    return set_key(request, with_player_allowed(response), key, new)


async def highlight(request: Request):
    h = await store.highlight(request.app.state.db, web.path_id(request))
    key, new = resident_key(request)
    return await _highlight_page(request, h, key, new)


async def respond(request: Request):
    db = request.app.state.db
    h = await store.highlight(db, web.path_id(request))
    key, new = resident_key(request)
    data = await web.form(request)
    try:
        stance = highlights.read_stance(data.get("stance", ""))
        comment = highlights.read_comment(data.get("comment", ""))
        ward_id = None
        if data.get("ward_id"):
            ward_id = web.int_param(data["ward_id"])
            await vote_store.ward(db, ward_id or 0)  # NotFound: not one of the wards listed
    except (Refused, NotFound) as e:
        message = str(e) if isinstance(e, Refused) else "Choose your ward from the list."
        values = {"stance": data.get("stance"), "comment": data.get("comment", "")}
        return await _highlight_page(request, h, key, new, message, 400, values)
    try:  # the limits are counted in the response's own transaction
        await store.respond(db, store.Response(key, h.id, stance, comment, ward_id),
                            limits(request, key))
    except ratelimit.TooMany:
        return await _highlight_page(request, h, key, new, TOO_MANY, 429, data)
    return set_key(request, web.redirect(f"/h/{h.id}?saved=1#respond"), key, new)


async def _on_comment(request: Request, act) -> Response:
    db = request.app.state.db
    comment_id = web.path_id(request)
    key, new = resident_key(request)
    data = await web.form(request)
    if not await ratelimit.hit_each(db, limits(request, key)):
        return web.problem(request, TOO_MANY, 429, title="Too many")
    highlight_id = await act(db, key, comment_id, data)
    return set_key(request, web.redirect(f"/h/{highlight_id}#comment-{comment_id}"), key, new)


async def vote(request: Request):
    return await _on_comment(request, lambda db, key, c, data: store.vote_on_comment(
        db, key, c, highlights.read_vote(data.get("vote", ""))))


async def report(request: Request):
    return await _on_comment(request, lambda db, key, c, data: store.report(db, key, c))


async def confirm_ward(request: Request):
    """GET: what the link does. POST: use it (a link is for one resident, once)."""
    db = request.app.state.db
    token = request.path_params["token"][:200]
    link = await people.ward_link(db, token)
    if link is None:
        return web.problem(request, "This link is not valid. Check you copied all of it, or "
                           "ask an organiser for a new one.", 404, title="Link not valid")
    ward = await vote_store.ward(db, link.ward_id)
    key, new = resident_key(request)
    done = False
    if request.method == "POST":
        await web.form(request)
        done = await people.confirm(db, token, key)
        if not done:
            return web.problem(request, "This link has been used already: each link confirms "
                               "one resident, once. Ask an organiser for your own.", 409,
                               title="Link used")
    response = web.render(request, "broadcast/confirm.html",
                          {"ward": ward, "used": bool(link.used_at), "done": done})
    return set_key(request, response, key, new)


async def feed(request: Request):
    base = request.app.state.settings.base_url
    found = await store.newest(request.app.state.db)
    body = web.templates.get_template("broadcast/feed.xml").render(
        highlights=found, base=base, updated=found[0].published_at if found else "")
    return Response(body, media_type="application/atom+xml")


async def poster(request: Request):
    topic = request.path_params["topic"][:80]
    if not await store.of_topic(request.app.state.db, topic):
        raise NotFound
    url = f"{request.app.state.settings.base_url}/topics/{quote(topic, safe='')}"
    return web.render(request, "broadcast/poster.html", {"topic": topic, "url": url,
                                                          "qr": web.qr_svg(url)})


routes = [
    Route("/topics", topics),
    Route("/topics/{topic}", topic),
    Route("/topics/{topic}/poster", poster),
    Route("/h/{id}", highlight),
    Route("/h/{id}/respond", respond, methods=["POST"]),
    Route("/comments/{id}/vote", vote, methods=["POST"]),
    Route("/comments/{id}/report", report, methods=["POST"]),
    Route("/w/{token}", confirm_ward, methods=["GET", "POST"]),
    Route("/highlights.atom", feed),
]
