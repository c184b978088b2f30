"""What the organiser prints once the doors are drawn: the walk list, street by street, and one
invitation letter per door with a QR code to the registration page."""

from __future__ import annotations

from itertools import groupby

from starlette.requests import Request
from starlette.routing import Route

import web
from problems import Refused
from sortition import store

# The letter's words in the languages a meeting may offer; English is always printed.
LETTER = {
    "English": ("You are invited to the {ward} assembly",
                "Your address was drawn by lot. Scan the code with your phone camera, or go to "
                "the address below, to say you would like to take part. From everyone who says "
                "yes, a panel that reflects the ward is chosen by lot."),
    "Español": ("Está invitado a la asamblea de {ward}",
                "Su dirección fue sorteada. Escanee el código con la cámara de su teléfono, o "
                "vaya a la dirección de abajo, para decir que quiere participar."),
    "Português": ("Está convidado para a assembleia de {ward}",
                  "A sua morada foi sorteada. Digitalize o código com a câmara do telemóvel, ou "
                  "vá ao endereço abaixo, para dizer que quer participar."),
    "Polski": ("Zapraszamy na zgromadzenie {ward}",
               "Twój adres został wylosowany. Zeskanuj kod aparatem telefonu lub wejdź na adres "
               "poniżej, aby zgłosić chęć udziału."),
}


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
    asked = [lang.strip() for lang in p.languages.split(",")]
    languages = ["English"] + [lang for lang in dict.fromkeys(asked)
                               if lang in LETTER and lang != "English"]
    return web.render(request, "sortition/letters.html", {
        "panel": p, "doors": doors, "qr": web.qr_svg(url, box=6), "url": url,
        "words": [(LETTER[lang][0].format(ward=p.ward_name), LETTER[lang][1])
                  for lang in languages]})


routes = [
    Route("/o/panels/{id}/walk", walk_list),
    Route("/o/panels/{id}/letters", letters),
]
