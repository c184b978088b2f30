"""A demo highlight with its responses, so a newcomer (and the fuzz tests) find every broadcast
page in use: two residents' comments, one reported, one hidden with a reason, an unused one-time
link that confirms a resident's ward, and a volunteer from the ward's meeting."""

from __future__ import annotations

import secrets

import db as database
from audit import now
from broadcast import highlights, people, store
from votes import store as vote_store

ACTOR = "demo"


async def create(settings, ward_id: int) -> dict[str, str]:
    """Returns the values a page's address may hold: the highlight, its topic, the ward link."""
    db = await database.connect(settings.db_path)
    try:
        highlight_id = await store.publish(db, highlights.read_highlight({
            "topic": "Housing", "session": "Assembly 1", "title": "Empty flats on Railton Road",
            "clip_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "statement": "Should the council buy back empty flats for local families?"}), ACTOR)
        said = [("Buy them back, rent them to families who grew up here", "support"),
                ("The council has no money for this", "oppose")]
        keys = [secrets.token_urlsafe(24) for _ in said + [None]]
        for key, (comment, stance) in zip(keys, said, strict=False):
            await store.respond(db, store.Response(key, highlight_id, stance, comment, ward_id))
        rows = await store.comments(db, highlight_id, None)
        await store.report(db, keys[2], rows[0].id)
        await store.moderate(db, rows[1].id, True, "demo: a hidden comment", ACTOR)
        token = secrets.token_urlsafe(18)
        await people.make_ward_links(db, ward_id, [token], ACTOR)
        for meeting in (await vote_store.ward_meetings(db, [ward_id]))[:1]:
            await people.sign_up(db, meeting.id, ward_id, now().date().isoformat(),
                                 "Demo Volunteer", "", "volunteer@example.org")
    finally:
        await db.close()
    return {"highlight": str(highlight_id), "topic": "Housing", "ward_link": token}
