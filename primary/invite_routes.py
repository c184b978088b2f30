"""The nominee's page, behind the invitation link: accept (with a statement) or decline, and
later withdraw until voting opens."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

import nomination_rules
import plaintext
import web
from languages import N_
from primary import nomination_store, nominations
from primary.nominations import ReviewError
from votes import phases

REPLACED = N_("This invitation was replaced by a newer link. Ask the organiser who invited "
              "you for the new one.")


def _link(handler):
    """A nominee's page: a link a newer one replaced says so (410), nothing changed."""
    async def wrapped(request: Request):
        try:
            return await handler(request)
        except nomination_store.Replaced:
            return web.problem(request, REPLACED, 410, title=N_("Invitation replaced"))
    wrapped.__name__ = handler.__name__
    return web.in_languages(wrapped)


async def page(request: Request, error: str | None = None, status: int = 200,
               values: dict | None = None):
    db = request.app.state.db
    person = await nomination_store.invitation(db, request.path_params["token"])
    ballot = person.ballot
    return web.render(request, "nominations/invite.html", {
        "person": person, "token": request.path_params["token"], "error": error,
        "values": values or {}, "max_words": nominations.MAX_STATEMENT_WORDS,
        "can_change": ballot is None or phases.allowed(ballot, "edit"),
    }, status)


async def accept(request: Request):
    db = request.app.state.db
    await nomination_store.invitation(db, request.path_params["token"])  # a 404 for a bad link
    data = await web.form(request)
    try:
        name = plaintext.tidy(data.get("name", ""))
        if not plaintext.name_key(name):
            raise ReviewError(N_("Please give your name as it should appear on the ballot."))
        if len(name) > nomination_rules.MAX_NAME:
            raise ReviewError(N_("Your name is too long for the ballot: at most %(most)s "
                                 "characters."), most=nomination_rules.MAX_NAME)
        statement = nominations.statement(data.get("statement", ""))
        await nomination_store.accept(db, request.path_params["token"], name, statement)
    except ReviewError as e:
        return await page(request, e.said.into(web.language(request)), 400, data)
    return web.redirect(f"/invite/{request.path_params['token']}")


async def decline(request: Request):
    return await _answer(request, nomination_store.decline, confirm=False)


async def withdraw(request: Request):
    return await _answer(request, nomination_store.withdraw, confirm=True)


async def _answer(request: Request, action, confirm: bool):
    db = request.app.state.db
    await nomination_store.invitation(db, request.path_params["token"])
    data = await web.form(request)
    if confirm and data.get("confirm") != "yes":
        return await page(request, web.translate(request, N_(
            "To withdraw, tick the box to confirm: your name comes off the ballot.")), 400)
    try:
        await action(db, request.path_params["token"])
    except ReviewError as e:
        return await page(request, e.said.into(web.language(request)), 400)
    return web.redirect(f"/invite/{request.path_params['token']}")


routes = [
    Route("/invite/{token}", _link(page)),
    Route("/invite/{token}/accept", _link(accept), methods=["POST"]),
    Route("/invite/{token}/decline", _link(decline), methods=["POST"]),
    Route("/invite/{token}/withdraw", _link(withdraw), methods=["POST"]),
]
