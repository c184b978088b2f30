"""Doorstep answers for a demo ward: a canvasser link, a street list and a few doors, one with
a contact, so a newcomer (and the fuzz tests) find every doorstep page in use."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import accounts
import db as database
from programme import answers, store

ACTOR = "demo"
STREETS = ["Acre Lane", "Brixton Water Lane", "Coldharbour Lane", "Railton Road"]
DOORS = [
    ("Acre Lane", "talked", "The park and the neighbours", "Fix the streetlights", True),
    ("Acre Lane", "no answer", "", "", False),
    ("Railton Road", "talked", "The market", "Too many empty shops", False),
    ("Coldharbour Lane", "talked", "", "Buses at night", True),
]


async def create(settings, ward_id: int) -> str:
    """Fill the ward with demo doors; returns a live canvasser link's token."""
    db = await database.connect(settings.db_path)
    try:
        link = await accounts.create_canvasser_link(db, settings.secret_key, ward_id, ACTOR)
        await store.set_streets(db, ward_id, STREETS, ACTOR)
        for i, (street, outcome, good, improve, invited) in enumerate(DOORS):
            contact = answers.Contact("Jo Demo", "", "jo@example.org") if i == 0 else None
            day = (date.today() - timedelta(days=i // 2)).isoformat()
            door = answers.Doorstep(str(uuid.uuid4()), street, day, outcome, good, improve,
                                    invited, contact, None)
            await store.record(db, ward_id, link.id, door, None)
        return link.token
    finally:
        await db.close()
