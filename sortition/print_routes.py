"""What the organiser prints once the doors are drawn: the walk list, street by street, and one
invitation letter per door with a QR code to the registration page."""

from __future__ import annotations

from itertools import groupby

from starlette.requests import Request
from starlette.routing import Route

import languages
import web
from problems import Refused
from sortition import store


def letter_languages(stored: str) -> list[str]:
    """The letter's languages, English first: the shipped catalogues the organiser ticked
    (stored as codes; an assembly made before that has their names, "Español")."""
    by_name = {languages.name(code): code for code in languages.shipped()}
    asked = [by_name.get(item.strip(), item.strip()) for item in stored.replace(",", " ").split()]
    return [languages.SOURCE] + [code for code in dict.fromkeys(asked)
                                 if code in languages.shipped() and code != languages.SOURCE]


async def _drawn(request: Request) -> tuple[store.Panel, list[store.Address]]:
    db = request.app.state.db
    p = await store.panel(db, web.path_id(request))
    doors = await store.drawn_addresses(db, p.id)
    if not doors:
        raise Refused("Draw the doors first: the walk list and letters are of the doors drawn.")
    return p, doors


@web.organiser_only
async def walk_list(request: Request):
    p, doors = await _drawn(request)
    streets = [(street, list(rows)) for street, rows in groupby(doors, lambda d: d.street)]
    return web.render(request, "sortition/walk.html", {"panel": p, "streets": streets,
                                                       "doors": len(doors)})


@web.organiser_only
async def letters(request: Request):
    p, doors = await _drawn(request)
    url = f"{request.app.state.settings.base_url}/join/{p.code}"
    return web.render(request, "sortition/letters.html", {
        "panel": p, "doors": doors, "qr": web.qr_svg(url, box=6), "url": url,
        "letter_languages": letter_languages(p.languages)})


routes = [
    Route("/o/panels/{id}/walk", walk_list),
    Route("/o/panels/{id}/letters", letters),
]
