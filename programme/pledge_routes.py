"""Pledges in public: a candidate's one-time signing page (the exact frozen text and its hash),
withdrawal, the pledge pages per area and per ward, the printable charter and the A4 poster."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

import web
from languages import N_
from programme import charter, pledge_store
from programme import programme_store as store
from programme.programme_routes import place_in_path

MAX_NAME, MAX_STATEMENT = 120, 500
NOT_A_LINK = N_("This signing link is not valid. Check that you copied all of it, or ask an "
              "organiser for a new one.")


class _NoLink(Exception):
    pass


async def _pledge(request: Request) -> tuple[pledge_store.Link, store.Version, store.Place]:
    db = request.app.state.db
    pledge = await pledge_store.by_token(db, request.path_params["token"][:200])
    if pledge is None:
        raise _NoLink
    version = await store.version(db, pledge.version_id)
    p = await store.place(db, pledge.area_id, pledge.programme_ward)
    return pledge, version, p


def _sign_page(request, pledge, version, p, error=None, status=200, data=None, said=None):
    """The page; `error` (marked with N_, its values in `said`) is said in the page's language."""
    said = said or {}
    return web.render(request, "programme/sign.html", {
        "pledge": pledge, "version": version, "p": p,
        "error": error and web.translate(request, error, **said), "data": data or {},
        "short": charter.short, "max_statement": MAX_STATEMENT}, status)


def _link_page(handler):
    """A signing page: an unknown or mistyped link is a clear 404, nothing changed."""
    async def wrapped(request: Request):
        try:
            return await handler(request)
        except _NoLink:
            return web.problem(request, NOT_A_LINK, 404, title=N_("Link not valid"))
    wrapped.__name__ = handler.__name__
    return wrapped


@web.in_languages
@_link_page
async def sign(request: Request):
    pledge, version, p = await _pledge(request)
    if request.method == "GET":
        return _sign_page(request, pledge, version, p)
    data = await web.form(request)
    if pledge.signed_at:
        return _sign_page(request, pledge, version, p, N_(
            "This link has been used to sign already: a signature cannot be made twice or "
            "changed."), 409)
    name = charter.tidy(data.get("name", ""))
    statement = charter.tidy(data.get("statement", ""))
    positions = [d.position for d in version.demands]
    problem, said = None, {}
    missing = [str(n) for n in positions if data.get(f"tick_{n}") != "yes"]
    if data.get("sha256") != version.sha256:
        problem = N_("The programme you were shown is not this version. Open your link again "
                     "and read it before signing.")
    elif not name:
        problem = N_("Type your full name to sign.")
    elif len(name) > MAX_NAME:
        problem, said = N_("Your name is too long: at most %(most)s characters."), {
            "most": MAX_NAME}
    elif not charter.same_name(name, pledge.name):
        problem, said = N_("Type your full name as this link has it, %(name)s, to sign. If "
                           "that is not your name, ask an organiser for a link in your "
                           "name."), {"name": pledge.name}
    elif missing:
        problem, said = N_("Tick each demand to pledge to it: demand %(demands)s is not "
                           "ticked. The pledge is to the whole programme."), {
            "demands": ", ".join(missing)}
    elif len(statement) > MAX_STATEMENT:
        problem, said = N_("Your statement is too long: at most %(most)s characters."), {
            "most": MAX_STATEMENT}
    if problem:
        return _sign_page(request, pledge, version, p, problem, 400, data, said)
    if not await pledge_store.sign(request.app.state.db, request.path_params["token"], name,
                                   positions, statement):
        return _sign_page(request, pledge, version, p,
                          N_("This link has been used to sign already."), 409)
    return web.redirect(request.url.path)


@web.in_languages
@_link_page
async def withdraw(request: Request):
    pledge, version, p = await _pledge(request)
    data = await web.form(request)
    note = charter.tidy(data.get("note", ""))
    if not pledge.signed_at or pledge.withdrawn_at:
        return _sign_page(request, pledge, version, p,
                          N_("There is no signature here to withdraw."), 409)
    if data.get("confirm") != "yes":
        return _sign_page(request, pledge, version, p, N_(
            "To withdraw, tick the box: your withdrawal is shown in public with its date."), 400)
    if len(note) > 300:
        return _sign_page(request, pledge, version, p, N_(
            "Your reason is too long: at most %(most)s characters."), 400, said={"most": 300})
    await pledge_store.withdraw(request.app.state.db, request.path_params["token"], note)
    return web.redirect(request.url.path.removesuffix("/withdraw"))


# --- in public --------------------------------------------------------------------------------

async def _section(db, p: store.Place, only_ward: int | None = None) -> dict | None:
    """A place's programme as the public sees it: the latest frozen version with everyone asked
    to sign it, and the signatures to earlier versions. None before the first freeze."""
    frozen = [v for v in await store.versions(db, p) if v.frozen_at]
    if not frozen:
        return None
    signers = await pledge_store.signers(db, p, frozen[0].id)
    earlier = await pledge_store.signed(db, [v.id for v in frozen[1:]])
    if only_ward is not None:
        signers = [s for s in signers if s.ward_id == only_ward]
        earlier = [e for e in earlier if e.ward_id == only_ward]
    return {"p": p, "version": frozen[0], "signers": signers, "earlier": earlier,
            "signed": [s for s in signers if s.pledge and s.pledge.signed_at
                       and not s.pledge.withdrawn_at],
            "withdrew": [s for s in signers if s.pledge and s.pledge.withdrawn_at]}


async def _sections(request: Request) -> tuple[store.Place, list[dict]]:
    db = request.app.state.db
    p = await place_in_path(request, "/pledges/wards/")
    found = [await _section(db, p)]
    if p.ward_id:  # the ward's own programme, then the area's as this ward's candidates sign it
        found.append(await _section(db, await store.place(db, p.area_id), p.ward_id))
    return p, [s for s in found if s]


@web.in_languages
async def pledges(request: Request):
    p, sections = await _sections(request)
    return web.render(request, "programme/pledges.html", {
        "p": p, "sections": sections, "short": charter.short})


def _public_url(request: Request, suffix: str) -> str:
    """The pledge page's full address, printed (and in a QR code) on paper."""
    return f"{request.app.state.settings.base_url}{request.url.path.removesuffix(suffix)}"


@web.in_languages
async def charter_page(request: Request):
    p, sections = await _sections(request)
    url = _public_url(request, "/charter")
    return web.render(request, "programme/charter.html", {
        "p": p, "sections": sections, "url": url, "qr": web.qr_svg(url, 6),
        "short": charter.short})


@web.in_languages
async def poster(request: Request):
    p, sections = await _sections(request)
    url = _public_url(request, "/poster")
    return web.render(request, "programme/poster.html", {
        "p": p, "sections": sections, "url": url, "qr": web.qr_svg(url), "short": charter.short})


routes = [
    Route("/pledge/{token}", sign, methods=["GET", "POST"]),
    Route("/pledge/{token}/withdraw", withdraw, methods=["POST"]),
] + [
    route
    for prefix in ("/pledges/areas/{id}", "/pledges/wards/{id}")
    for route in (Route(prefix, pledges), Route(prefix + "/charter", charter_page),
                  Route(prefix + "/poster", poster))
]
