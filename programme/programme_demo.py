"""A demo ward's programme from its themes to pledges, so a newcomer (and the fuzz tests) find
every programme and pledge page in use: a shortlist by show of hands, two demands, a frozen
version, the area's draft programme, one unsigned signing link and one signed pledge."""

from __future__ import annotations

import json
import secrets

import db as database
from audit import stamp
from programme import pledge_store, theme_store
from programme import programme_store as store
from programme.charter import Demand

ACTOR = "demo"
THEMES = [("Buses at night", 40, ["More buses at night", "Night buses are too rare"]),
          ("Fix the streetlights", 32, ["Broken streetlights on Railton Road"]),
          ("Empty shops on the high street", 25, ["Too many empty shops"]),
          ("Something for young people", 20, ["Youth club for the kids"]),
          ("Bins left out for days", 12, ["Bins and the parking"]),
          ("Parking is impossible", 8, ["Parking is impossible"])]


async def seed_themes(db, ward_id: int, themes: list[tuple[str, int, list[str]]]) -> list[int]:
    """A ward's current themes, as if an organiser had found and reviewed them, the first five
    on the themes page's shortlist (no answers are placed in them: the programme needs only
    their labels, counts, quotes and shortlist)."""
    now = stamp()
    async with db.transaction() as conn:
        cur = await conn.execute(
            "INSERT INTO theme_runs (ward_id, k, min_themes, max_themes, seed, answers, millis,"
            " actor, at) VALUES (?, NULL, 5, 40, 0, ?, 0, ?, ?) RETURNING id",
            (ward_id, sum(n for _, n, _ in themes), ACTOR, now))
        run = (await cur.fetchone())[0]
        ids = []
        for i, (label, n, quotes) in enumerate(themes):
            cur = await conn.execute(
                "INSERT INTO themes (ward_id, run_id, label, position, shortlist, respondents,"
                " quotes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " RETURNING id",
                (ward_id, run, label, i, i + 1 if i < 5 else None, n, json.dumps(quotes), now,
                 now))
            ids.append((await cur.fetchone())[0])
    return ids


async def create(settings, ward_id: int) -> dict[str, str]:
    """Returns the tokens of an unsigned signing link ('pledge') and a signed one ('signed')."""
    db = await database.connect(settings.db_path)
    try:
        p = await store.place(db, ward_id=ward_id)
        if len(await theme_store.themes(db, ward_id)) < 6:
            await seed_themes(db, ward_id, THEMES)
        themes = await theme_store.themes(db, ward_id)
        await store.record_hands(db, p, [t.id for t in themes[:5]], ACTOR)
        for t in themes[:2]:
            await store.add_demand(db, p, Demand(t.label, "within a year"),
                                   store.Evidence(t.respondents, tuple(t.quotes[:3]),
                                                  t.id, source=str(t.id)), ACTOR)
        await store.freeze(db, p, ACTOR)
        version = (await store.versions(db, p))[0]
        tokens = {"pledge": secrets.token_urlsafe(24), "signed": secrets.token_urlsafe(24)}
        for name, token in (("Demo Candidate", tokens["pledge"]),
                            ("Demo Signer", tokens["signed"])):
            await pledge_store.invite(db, p, ward_id, name, "accepted nominee", version.id,
                                      token, ACTOR)
        await pledge_store.sign(db, tokens["signed"], "Demo Signer", [1, 2], "")
        area = await store.place(db, area_id=p.area_id)
        await store.record_hands(db, area, [[d.id] for d in version.demands], ACTOR)
        first = version.demands[0]
        await store.add_demand(db, area, Demand(first.text), store.Evidence(
            first.doorsteps, tuple(first.quotes), None, (p.ward or "",), len(area.wards),
            str(first.id)), ACTOR)
        return tokens
    finally:
        await db.close()
