"""An organiser's page for canvassing one ward: canvasser links, the street list, and the
contacts residents agreed to leave (deleted on request)."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.routing import Route

import accounts
import web
from programme import answers, canvass_store, numbers

MAX_STREETS = 2000


async def ward_in_path(request: Request) -> canvass_store.CanvassWard:
    """The ward named by the path's {id}; a 404 for no such ward."""
    ward_id = web.int_param(request.path_params["id"])
    try:
        return await canvass_store.ward(request.app.state.db, ward_id or 0)
    except canvass_store.NotFound:
        raise HTTPException(404) from None


async def render_ward(request: Request, error: str | None = None, status: int = 200,
                      new_link: accounts.Link | None = None):
    db = request.app.state.db
    ward = await ward_in_path(request)
    settings = request.app.state.settings
    mine = [w for w in numbers.by_ward(await canvass_store.numbers(db)) if w.ward_id == ward.id]
    return web.render(request, "programme/ward.html", {
        "ward": ward, "streets": await canvass_store.streets(db, ward.id),
        "links": await accounts.links_for_ward(db, settings.secret_key, ward.id),
        "contacts": await canvass_store.contacts(db, ward.id), "base_url": settings.base_url,
        "qr": web.qr_svg, "new_link": new_link, "error": error,
        "numbers": mine[0] if mine else None, "chart": numbers.chart(mine[0]) if mine else None,
        "labels": numbers.LABELS, "counts": numbers.COUNTS,
    }, status)


@web.organiser_only
async def ward_page(request: Request):
    return await render_ward(request)


@web.organiser_only
async def add_link(request: Request):
    ward = await ward_in_path(request)
    await web.form(request)
    link = await accounts.create_canvasser_link(
        request.app.state.db, request.app.state.settings.secret_key, ward.id,
        web.actor(request))
    return await render_ward(request, new_link=link)


@web.organiser_only
async def revoke_link(request: Request):
    db = request.app.state.db
    ward = await ward_in_path(request)
    data = await web.form(request)
    link_id = web.int_param(data.get("link_id"))
    links = await accounts.links_for_ward(db, request.app.state.settings.secret_key, ward.id)
    if link_id not in {link.id for link in links}:
        return await render_ward(request, "That link is not one of this ward's.", 400)
    await accounts.revoke_link(db, link_id, web.actor(request))
    return web.redirect(f"/o/wards/{ward.id}/canvass")


def street_list(text: str) -> list[str]:
    """One street a line, tidied, each once (the first spelling wins)."""
    seen, names = set(), []
    for line in text.splitlines():
        name = answers.tidy(line)
        if name and answers.key(name) not in seen:
            seen.add(answers.key(name))
            names.append(name)
    return names


@web.organiser_only
async def set_streets(request: Request):
    ward = await ward_in_path(request)
    data = await web.form(request)
    names = street_list(data.get("streets", ""))
    too_long = next((n for n in names if len(n) > answers.MAX_STREET), None)
    if too_long:
        return await render_ward(
            request, f"'{too_long[:40]}…' is too long for a street name: at most "
            f"{answers.MAX_STREET} characters. Put one street on each line.", 400)
    if len(names) > MAX_STREETS:
        return await render_ward(
            request, f"That is {len(names):,} streets: at most {MAX_STREETS:,} for a ward.", 400)
    await canvass_store.set_streets(request.app.state.db, ward.id, names, web.actor(request))
    return web.redirect(f"/o/wards/{ward.id}/canvass")


@web.organiser_only
async def delete_contact(request: Request):
    ward = await ward_in_path(request)
    data = await web.form(request)
    contact_id = web.int_param(data.get("contact_id"))
    if contact_id is None or not await canvass_store.delete_contact(
            request.app.state.db, ward.id, contact_id, web.actor(request)):
        return await render_ward(
            request, "That contact is not one of this ward's (it may be deleted already).", 400)
    return web.redirect(f"/o/wards/{ward.id}/canvass")


routes = [
    Route("/o/wards/{id}/canvass", ward_page),
    Route("/o/wards/{id}/canvass/links", add_link, methods=["POST"]),
    Route("/o/wards/{id}/canvass/links/revoke", revoke_link, methods=["POST"]),
    Route("/o/wards/{id}/streets", set_streets, methods=["POST"]),
    Route("/o/wards/{id}/contacts/delete", delete_contact, methods=["POST"]),
]
