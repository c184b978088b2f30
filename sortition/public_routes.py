"""What residents see of an assembly chosen by lot: the registration form the letter's QR code
opens (also the organiser's form for paper replies), and the public page anyone can check the
draw on, with the files to re-run it."""

from __future__ import annotations

import functools
import json
import uuid

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

import spreadsheet
import web
from languages import N_
from plaintext import tidy
from problems import Refused
from sortition import files, store
from sortition.lottery import OWN_WORDS, PREFER_NOT
from sortition.organiser_routes import DICE, published_pool
from sortition.print_routes import letter_languages

MAX_NAME, MAX_CONTACT, MAX_ADDRESS, MAX_OWN = 80, 120, 200, 80


def _answers(request: Request, data: dict, categories: dict[str, list[str]]
             ) -> tuple[dict, dict]:
    """Each category's answer (one of its values, their own words, or prefer not to say)."""
    answers, own = {}, {}
    for n, (category, values) in enumerate(categories.items()):
        value = data.get(f"c{n}", "")
        if value not in (*values, OWN_WORDS, PREFER_NOT):
            raise Refused(web.translate(request, N_(
                "Choose an answer for “%(category)s” (“Prefer not to say” is fine)."),
                category=category))
        answers[category] = value
        if value == OWN_WORDS:
            words = tidy(data.get(f"own{n}", ""))[:MAX_OWN]
            if not words:
                raise Refused(web.translate(request, N_(
                    "Write your answer for “%(category)s” in your own words, or choose another "
                    "answer."), category=category))
            own[category] = words
    return answers, own


async def _form(request: Request, p: store.Panel, source: str, values: dict | None = None,
                error: str | None = None, status: int = 200):
    db = request.app.state.db
    return web.render(request, "sortition/join.html", {
        "panel": p, "categories": files.categories(await store.quotas(db, p.id)),
        "own_words": OWN_WORDS, "prefer_not": PREFER_NOT, "values": values or {},
        "uid": (values or {}).get("uid") or str(uuid.uuid4()), "source": source,
        "action": f"/o/panels/{p.id}/paper" if source == "paper" else f"/join/{p.code}",
        "error": error}, status)


async def _register(request: Request, p: store.Panel, source: str, actor: str):
    db = request.app.state.db
    if request.method == "GET":
        return await _form(request, p, source)
    data = await web.form(request)
    say = functools.partial(web.translate, request)
    try:
        if p.drawn_at:
            raise Refused(say(N_("The panel has already been drawn: registration is closed.")))
        name = tidy(data.get("name", ""))[:MAX_NAME]
        contact = tidy(data.get("contact", ""))[:MAX_CONTACT]
        address = tidy(data.get("address", ""))[:MAX_ADDRESS]
        if not name:
            raise Refused(say(N_("Write your name, so we can invite you if you are chosen.")))
        if not contact:
            raise Refused(say(N_("Give a phone number or an email address, so we can tell you "
                                 "if you are chosen.")))
        if p.one_per_household and not address:
            raise Refused(say(N_("Write your address: this assembly takes one person per "
                                 "household.")))
        if data.get("consent") != "yes":
            raise Refused(say(N_("Tick the box to agree to the consent text: without it we "
                                 "cannot keep your registration.")))
        answers, own = _answers(request, data, files.categories(await store.quotas(db, p.id)))
        await store.register(db, p, tidy(data.get("uid", ""))[:40] or str(uuid.uuid4()), name,
                             contact, address, answers, own, data.get("name_public") == "yes",
                             source, actor)
    except Refused as e:  # the store's sentences are marked for the catalogues too
        return await _form(request, p, source, data, say(str(e)), 400)
    if source == "paper":
        return web.redirect(f"/o/panels/{p.id}/paper?saved=1")
    return web.render(request, "sortition/joined.html", {"panel": p})


@web.in_languages
async def join(request: Request):
    """The form the letter's QR code opens, in the letter's languages."""
    p = await store.panel_by_code(request.app.state.db, request.path_params["code"])
    request.state.languages = tuple(letter_languages(p.languages))
    return await _register(request, p, "phone", "resident")


@web.organiser_only
async def paper(request: Request):
    p = await store.panel(request.app.state.db, web.path_id(request))
    return await _register(request, p, "paper", web.actor(request))


async def public(request: Request):
    db = request.app.state.db
    p = await store.panel(db, web.path_id(request))
    quotas = await store.quotas(db, p.id)
    draw = json.loads(p.draw) if p.draw else None
    achieved = {(c, v): n for c, v, n in draw["achieved"]} if draw else {}
    members = await store.members(db, p.id) if draw else []
    chances = sorted(draw["chance"].items(), key=lambda kv: (len(kv[0]), kv[0])) if draw else []
    return web.render(request, "sortition/public.html", {
        "panel": p, "quotas": quotas, "achieved": achieved, "draw": draw, "chances": chances,
        "members": members, "volunteers": len(await store.volunteers(db, p.id)),
        "doors": len(await store.drawn_addresses(db, p.id)), "dice": DICE,
        "command": f"hustings sortition pool.csv --quotas quotas.csv --seats {p.seats} "
                   f"--seed {p.panel_seed}" + (" --one-per-household"
                                                  if p.one_per_household else "")})


def _csv(rows: list[list], name: str) -> Response:
    return Response(spreadsheet.csv_text(rows, bom=True), media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": f'attachment; filename="{name}"'})


async def pool_csv(request: Request):
    """The anonymised pool as drawn: numbers and answers, no names (published once drawn)."""
    db = request.app.state.db
    p = await store.panel(db, web.path_id(request))
    if not p.drawn_at:
        raise Refused("The pool is published when the panel is drawn.")
    _, _, rows = await published_pool(db, p)
    return _csv(rows, f"panel-{p.id}-pool.csv")


async def quotas_csv(request: Request):
    db = request.app.state.db
    p = await store.panel(db, web.path_id(request))
    return _csv(files.quotas_rows(await store.quotas(db, p.id)), f"panel-{p.id}-quotas.csv")


routes = [
    Route("/join/{code}", join, methods=["GET", "POST"]),
    Route("/o/panels/{id}/paper", paper, methods=["GET", "POST"]),
    Route("/panels/{id}", public),
    Route("/panels/{id}/pool.csv", pool_csv),
    Route("/panels/{id}/quotas.csv", quotas_csv),
]
