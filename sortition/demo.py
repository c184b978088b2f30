"""An assembly chosen by lot for a demo ward: addresses, quotas and six volunteers, and with
`drawn` the doors and the panel drawn too, so a newcomer (and the fuzz tests) find every page
of it in use."""

from __future__ import annotations

import db as database
from sortition import draw, files, store
from sortition.lottery import Quota
from sortition.organiser_routes import CONSENT, published_pool

ACTOR = "demo"
STREETS = ["Acre Lane", "Railton Road", "Mayall Road"]
QUOTAS = [Quota("gender", "Woman", 1, 2), Quota("gender", "Man", 1, 2),
          Quota("age", "Under 40", 0, 2), Quota("age", "40 and over", 0, 2)]
PEOPLE = [("Ama", "Woman", "Under 40"), ("Ben", "Man", "40 and over"),
          ("Cleo", "Woman", "40 and over"), ("Dev", "Man", "Under 40"),
          ("Eve", "Prefer not to say", "Under 40"), ("Fin", "Man", "40 and over")]


async def create(settings, ward_id: int, drawn: bool = False) -> dict[str, str]:
    """The panel's id and registration code, for the fuzz harness's pool of values."""
    db = await database.connect(settings.db_path)
    try:
        panel_id = await store.create(db, ward_id, "Demo assembly", 3, False, CONSENT,
                                      "English, Polski", ACTOR)
        await store.set_addresses(db, panel_id, [(s, f"{n} {s}") for s in STREETS
                                                 for n in range(1, 11)], "demo.csv", ACTOR)
        await store.set_quotas(db, panel_id, QUOTAS, ACTOR)
        p = await store.panel(db, panel_id)
        for name, gender, age in PEOPLE:
            await store.register(db, p, f"demo-{name}", name, f"{name.lower()}@example.org", "",
                                 {"gender": gender, "age": age}, {}, name in ("Ama", "Ben"),
                                 "phone", ACTOR)
        if drawn:  # the doors and the panel (before it, the forms to draw them are on the page)
            everything = await store.addresses(db, panel_id)
            await store.save_doors(db, panel_id, "31415623", files.draw_doors(
                [a.id for a in everything], 12, 31415623), ACTOR)
            pool, quotas, _ = await published_pool(db, p)
            # In this process, not a child: the fuzz tests build this evening once per example.
            answer = draw.answer(draw.request(pool, quotas, 3, 65432112, False))
            await store.save_draw(db, panel_id, "65432112", answer, ACTOR)
        return {"panel": str(panel_id), "panel_code": p.code}
    finally:
        await db.close()
