"""An area of two wards with doorstep themes (as an organiser left them) and a published
primary in each, for the programme, assembly and pledge tests."""

from __future__ import annotations

import db as database
from programme import programme_demo
from votes import ballot_box, ballots, store, tally

ACTOR = "test"
WARDS = {
    "Coldharbour": [("Fix the broken streetlights", 312), ("Buses at night", 240),
                    ("Fill the empty shops on the high street", 190),
                    ("Open the youth club again", 150), ("Damp and mould repairs", 120),
                    ("Empty the bins more often", 90), ("Safer crossings near schools", 60)],
    "Tulse Hill": [("Streetlights broken on the estate", 280), ("More night buses", 210),
                   ("Rents too high", 200), ("A youth club for teenagers", 130),
                   ("Repairs to council flats", 100), ("Bins collected more often", 70),
                   ("Speeding traffic", 40)],
}
WINNERS = {"Coldharbour": "Ana Okafor", "Tulse Hill": "Ben Hughes"}


async def seed(settings, area: str = "Lambeth North") -> dict:
    """Returns {'area_id', 'wards': {name: ward_id}, 'themes': {name: [theme ids]}}."""
    await database.migrate(settings.db_path)
    db = await database.connect(settings.db_path)
    try:
        area_id = await store.create_area(db, area, ACTOR)
        out: dict = {"area_id": area_id, "wards": {}, "themes": {}}
        for name, themes in WARDS.items():
            ward_id = await store.create_ward(db, area_id, name, 1, ACTOR)
            out["wards"][name] = ward_id
            out["themes"][name] = await programme_demo.seed_themes(db, ward_id, [
                (label, n, [f"{label}, please", f"Everyone on our street says: {label.lower()}"])
                for label, n in themes])
            await _published_primary(db, ward_id, name)
        return out
    finally:
        await db.close()


async def _published_primary(db, ward_id: int, ward: str) -> None:
    """A primary already held: the ward's winner is the one asked to sign."""
    meeting = await store.create_meeting(db, ward_id, "The hall", "2026-11-01T19:00", ACTOR)
    primary = await store.create_vote(db, meeting, f"{ward} primary", 1, ACTOR)
    for name in (WINNERS[ward], "Someone Else"):
        await store.add_candidate(db, primary, name, "", ACTOR)
    first, _ = await ballot_box.create_cards(db, meeting, 3, ACTOR)
    await ballot_box.activate(db, meeting, [first, first + 1, first + 2], ACTOR)
    codes = await ballot_box.printable_cards(db, meeting)
    await store.set_phase(db, primary, "open", ACTOR)
    ids = [c.id for c in await store.candidates(db, primary)]
    cards = {r["serial"]: r["id"] for r in await db.fetchall(
        "SELECT id, serial FROM cards WHERE meeting_id = ?", (meeting,))}
    for serial, code in codes:
        await ballot_box.cast(db, primary, cards[serial], ballots.receipt(code, primary), ids)
    await store.set_phase(db, primary, "close", ACTOR)
    await tally.count_and_save(db, primary, ACTOR)
    await store.set_phase(db, primary, "publish", ACTOR)
