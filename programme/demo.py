"""Doorstep answers for a demo ward: a canvasser link, a street list and a few doors, one with
a contact, and the ward's themes found, with two answers that came after, so a newcomer (and the
fuzz tests) find every doorstep and theme page in use."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import accounts
import db as database
from programme import answers, canvass_store, theme_store, themes

ACTOR = "demo"
STREETS = ["Acre Lane", "Brixton Water Lane", "Coldharbour Lane", "Railton Road"]
DOORS = [
    ("Acre Lane", "talked", "The park and the neighbours", "Fix the streetlights", True),
    ("Acre Lane", "no answer", "", "", False),
    ("Railton Road", "talked", "The market", "Too many empty shops", False),
    ("Coldharbour Lane", "talked", "", "Buses at night", True),
]
IMPROVE = [  # more answers, for the themes
    "More buses at night", "The night buses are too rare", "Buses late at night",
    "Fix the streetlights on Railton Road", "Broken streetlights", "Better street lighting",
    "Too many empty shops", "Empty shops on the high street", "Bring back shops",
    "Bins and the parking", "Bins left out for days", "Parking is impossible",
    "Nothing, it's fine", "Don't know", "Youth club for the kids", "Something for young people",
]
LATER = ["Night buses please", "Empty shops"]  # after the themes were found: "Sort new answers"


async def create(settings, ward_id: int) -> str:
    """Fill the ward with demo doors; returns a live canvasser link's token."""
    db = await database.connect(settings.db_path)
    try:
        link = await accounts.create_canvasser_link(db, settings.secret_key, ward_id, ACTOR)
        await canvass_store.set_streets(db, ward_id, STREETS, ACTOR)
        for i, (street, outcome, good, improve, invited) in enumerate(DOORS):
            contact = answers.Contact("Jo Demo", "", "jo@example.org") if i == 0 else None
            day = (date.today() - timedelta(days=i // 2)).isoformat()
            door = answers.Doorstep(str(uuid.uuid4()), street, day, outcome, good, improve,
                                    invited, contact, None)
            await canvass_store.record(db, ward_id, link.id, door, None)
        await _improve(db, ward_id, link.id, IMPROVE)
        texts = await theme_store.answers(db, ward_id)
        p = themes.params({})
        found, millis = themes.cluster(texts, p, themes.SEED)
        await theme_store.save(db, ward_id, 0, *themes.to_rows(found), ACTOR, "themes found",
                               f"{len(found.themes)} demo themes",
                               (p, themes.SEED, len(texts), millis))
        await _improve(db, ward_id, link.id, LATER)
        return link.token
    finally:
        await db.close()


async def _improve(db, ward_id: int, link_id: int, texts: list[str]) -> None:
    for text in texts:
        door = answers.Doorstep(str(uuid.uuid4()), STREETS[0], date.today().isoformat(), "talked",
                                "", text, False, None, None)
        await canvass_store.record(db, ward_id, link_id, door, None)
