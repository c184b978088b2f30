"""Two organisers on two workers editing one ward's themes: an edit made from themes that have
changed since is refused with a sentence and the themes as they now are; nothing is lost. Each
app below is one worker (its own connections, its own memory), as in tests/test_workers.py."""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import replace

import accounts
import db
from programme import theme_store, themes
from programme.theme_routes import STALE
from tests.conftest import with_db
from tests.programme.theme_data import add_answers, events, page, real_answers, rows
from tests.test_workers import workers

FIND = {"k": "", "min_themes": "5", "max_themes": "40"}


def organisers(stack: ExitStack, settings) -> list:
    """Two organisers, each logged in on a worker of their own, and a ward of real answers."""
    clients = workers(stack, settings, 2)
    for n, client in enumerate(clients):
        token = with_db(settings, lambda d, n=n: accounts.add_organiser(d, f"org{n}@example.org"))
        client.get(f"/login/{token}")
        assert client.submit(f"/login/{token}").status_code == 303
    first = clients[0]
    assert first.submit("/o/areas", {"name": "Lambeth"}).status_code == 303
    assert first.submit("/o/wards", {"area_id": "1", "name": "Tulse Hill",
                                     "seats": "1"}).status_code == 303
    with_db(settings, lambda d: add_answers(d, 1, real_answers(60)))
    return clients


def version_on(ctx) -> str:
    return str(ctx["saved"].run.version if ctx["saved"] else 0)


def test_an_edit_from_an_older_page_is_refused_and_the_newer_edit_kept(settings):
    with ExitStack() as stack:
        first, second = organisers(stack, settings)
        assert first.submit("/o/wards/1/themes/find", FIND).status_code == 303
        seen_first, seen_second = page(first), page(second)  # both open the page
        found = len(seen_first["saved"].themes)
        one, two = (t.id for t in seen_first["saved"].themes[:2])
        assert first.submit("/o/wards/1/themes/rename", {
            "theme": one, "label": "Safer crossings", "version": version_on(seen_first),
        }).status_code == 303
        refused = second.submit("/o/wards/1/themes/merge", {
            "theme": one, "into": two, "version": version_on(seen_second)})
        assert refused.status_code == 409
        assert refused.context["error"] == STALE
        shown = refused.context["saved"]  # the themes as they now are, the rename in them
        assert shown.theme(one).label == "Safer crossings"
        # Looking again, the second organiser's merge goes through, on top of the rename.
        again = page(second)
        assert second.submit("/o/wards/1/themes/merge", {
            "theme": one, "into": two, "version": version_on(again)}).status_code == 303
        after = page(first)["saved"]
    assert len(after.themes) == found - 1
    assert len(events(settings, "theme renamed")) == 1
    assert len(events(settings, "themes merged")) == 1


def test_a_move_from_a_stale_list_shows_the_list_as_it_now_is(settings):
    with ExitStack() as stack:
        first, second = organisers(stack, settings)
        assert first.submit("/o/wards/1/themes/find", FIND).status_code == 303
        themes = page(first)["saved"].themes
        listed = second.get(f"/o/wards/1/themes/{themes[0].id}").context
        assert first.submit("/o/wards/1/themes/rename", {
            "theme": themes[1].id, "label": "Bins", "version": version_on(listed),
        }).status_code == 303
        before = rows(settings, "SELECT * FROM theme_members ORDER BY id")
        r = second.submit("/o/wards/1/themes/move", {
            "answer": listed["rows"][0].doorstep_id, "part": listed["rows"][0].clause,
            "to": themes[1].id, "back": themes[0].id, "version": version_on(listed)})
    assert r.status_code == 409 and r.template.name == "programme/theme_answers.html"
    assert r.context["error"] == STALE and r.context["saved"].theme(themes[1].id).label == "Bins"
    assert rows(settings, "SELECT * FROM theme_members ORDER BY id") == before


def test_two_organisers_finding_themes_at_once_make_one_run(settings):
    with ExitStack() as stack:
        first, second = organisers(stack, settings)
        seen = [version_on(page(c)) for c in (first, second)]  # both see "Find themes"
        assert first.submit("/o/wards/1/themes/find", {**FIND, "version": seen[0]}
                            ).status_code == 303
        r = second.submit("/o/wards/1/themes/find", {**FIND, "version": seen[1]})
    assert r.status_code == 409 and r.context["error"] == STALE and r.context["saved"]
    assert rows(settings, "SELECT COUNT(*) FROM theme_runs") == [(1,)]


def test_of_two_saves_made_from_one_version_the_second_is_refused(settings):
    """The race the route's early check cannot see: both workers read the same themes, then
    both save. The second save changes nothing, on either database."""
    with ExitStack() as stack:
        first, _ = organisers(stack, settings)
        assert first.submit("/o/wards/1/themes/find", FIND).status_code == 303

    async def race(one):
        two = await db.connect(settings.db_path)  # the second worker's connections
        try:
            read = [await theme_store.saved(d, 1) for d in (one, two)]
            texts = await theme_store.answers(one, 1)
            themes_, members = themes.to_rows(themes.to_ward(read[0], texts), read[0])
            renamed = [replace(t, label=f"{t.label}!") for t in themes_]
            await theme_store.save(one, 1, read[0].run.version, renamed, members, "one",
                                   "theme renamed", "first")
            try:
                await theme_store.save(two, 1, read[1].run.version, themes_, members, "two",
                                       "theme renamed", "second")
            except theme_store.Stale:
                return "refused"
            return "saved"
        finally:
            await two.close()

    assert with_db(settings, race) == "refused"
    labels = [r[0] for r in rows(settings, "SELECT label FROM themes WHERE retired_at IS NULL")]
    assert labels and all(label.endswith("!") for label in labels)
    assert events(settings, "theme renamed") == ["ward 1: first"]
