"""The organiser's theme review over HTTP: find themes, each edit, new answers joining the themes
with the edits kept, the re-cluster preview and its confirmation, and bad input refused."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import with_db
from tests.programme.theme_data import (
    ANSWERS,
    add_answers,
    events,
    page,
    real_answers,
    rows,
    snapshot,
)

ROOT = Path(__file__).parents[2]


def labels(ctx) -> list[str]:
    return [t.label for t in ctx["saved"].themes]


def shortlist(ctx) -> list[str]:
    return [t.label for t in sorted((t for t in ctx["saved"].themes if t.shortlist),
                                    key=lambda t: t.shortlist)]


def test_before_any_run_the_page_offers_find_themes(organiser, theme_ward):
    ctx = page(organiser, theme_ward)
    assert ctx["saved"] is None and ctx["answers"] == ANSWERS


def test_find_themes_ranks_them_and_shortlists_five_demands(organiser, found, settings):
    themes = found["saved"].themes
    assert len(themes) >= 5
    counts = [t.respondents for t in themes]
    assert counts == sorted(counts, reverse=True)
    short = [t for t in themes if t.shortlist]
    assert [t.shortlist for t in sorted(short, key=lambda t: t.shortlist)] == [1, 2, 3, 4, 5]
    assert all(1 <= len(t.quotes) <= 3 and t.terms for t in themes if t.respondents >= 3)
    run = found["saved"].run
    assert (run.k, run.min_themes, run.max_themes, run.answers) == (None, 5, 40, ANSWERS)
    assert found["new"] == 0
    assert len(events(settings, "themes found")) == 1
    r = organiser.get(f"/o/wards/1/themes/{themes[0].id}")
    assert r.status_code == 200 and len({row.doorstep_id for row in r.context["rows"]}) \
        == themes[0].respondents


def test_the_organiser_can_fix_the_number_of_themes(organiser, theme_ward):
    r = organiser.submit(f"/o/wards/{theme_ward}/themes/find", {"k": "7"})
    assert r.status_code == 303
    ctx = page(organiser, theme_ward)
    assert ctx["saved"].run.k == 7 and len(ctx["saved"].themes) == 7


def test_rename_keeps_the_theme_and_its_new_name(organiser, found, settings):
    theme = found["saved"].themes[2]
    r = organiser.submit("/o/wards/1/themes/rename", {"theme": str(theme.id),
                                                      "label": "  Roads and   potholes "})
    assert r.status_code == 303
    ctx = page(organiser)
    after = ctx["saved"].theme(theme.id)
    assert after.label == "Roads and potholes" and after.renamed
    # Nothing else changes: not the other themes' names, nor the shortlist.
    assert [(t.id, t.label, t.shortlist) for t in ctx["saved"].themes if t.id != theme.id] == \
        [(t.id, t.label, t.shortlist) for t in found["saved"].themes if t.id != theme.id]
    assert [t.shortlist for t in ctx["saved"].themes] == [t.shortlist for t in
                                                          found["saved"].themes]
    assert after.respondents == theme.respondents
    assert "renamed 'Roads and potholes'" in events(settings, "theme renamed")[0]


def on_shortlist(ctx, place: int):
    return next(t for t in ctx["saved"].themes if t.shortlist == place)


def test_merge_makes_one_theme_with_both_answers_and_the_shortlist_follows(organiser, found,
                                                                           settings):
    themes = found["saved"].themes
    first, second = on_shortlist(found, 1), on_shortlist(found, 2)
    r = organiser.submit("/o/wards/1/themes/merge", {"theme": str(second.id),
                                                     "into": str(first.id)})
    assert r.status_code == 303
    ctx = page(organiser)
    assert len(ctx["saved"].themes) == len(themes) - 1
    merged = ctx["saved"].theme(first.id)
    assert merged is not None and ctx["saved"].theme(second.id) is None
    assert merged.respondents >= max(first.respondents, second.respondents)
    # One demand fewer on the shortlist: another theme moves up into it.
    assert len(shortlist(ctx)) == 5 and second.label not in shortlist(ctx)
    assert set(shortlist(ctx)) - set(shortlist(found))
    assert rows(settings, "SELECT retired_at IS NOT NULL FROM themes WHERE id = ?",
                (second.id,)) == [(1,)]  # kept, for anything that refers to it
    assert "merged into" in events(settings, "themes merged")[0]


def test_split_cuts_one_theme_into_several(organiser, found, settings):
    themes = found["saved"].themes
    r = organiser.submit("/o/wards/1/themes/split", {"theme": str(themes[0].id), "k": "2"})
    assert r.status_code == 303
    after = page(organiser)["saved"].themes
    assert len(after) == len(themes) + 1
    assert sum(t.respondents for t in after) >= sum(t.respondents for t in themes)
    assert len(events(settings, "theme split")) == 1


def test_not_a_demand_leaves_the_shortlist_and_can_be_undone(organiser, found, settings):
    top = on_shortlist(found, 1)
    r = organiser.submit("/o/wards/1/themes/mark", {"theme": str(top.id), "value": "yes"})
    assert r.status_code == 303
    ctx = page(organiser)
    assert ctx["saved"].theme(top.id).not_a_demand and top.label not in shortlist(ctx)
    assert len(shortlist(ctx)) == 5
    assert ctx["saved"].theme(top.id).passed_over == "marked “not a demand”"
    html = organiser.get("/o/wards/1/themes").text
    assert "Not on the shortlist: marked “not a demand”." in html
    # Every theme ranked above the shortlist's last place is on it or says why not.
    last = max(t.position for t in ctx["saved"].themes if t.shortlist)
    assert all(t.shortlist or t.passed_over for t in ctx["saved"].themes if t.position < last)
    organiser.submit("/o/wards/1/themes/mark", {"theme": str(top.id), "value": "no"})
    assert shortlist(page(organiser)) == shortlist(found)
    assert len(events(settings, "theme marked")) == 2


def test_move_an_answer_to_another_theme_and_to_no_demand(organiser, found, settings):
    themes = found["saved"].themes
    answer = organiser.get(f"/o/wards/1/themes/{themes[0].id}").context["rows"][0].doorstep_id
    r = organiser.submit("/o/wards/1/themes/move", {"answer": str(answer),
                                                    "to": str(themes[3].id),
                                                    "back": str(themes[0].id)})
    assert r.status_code == 303 and r.headers["location"].startswith(
        f"/o/wards/1/themes/{themes[0].id}")
    where = rows(settings, "SELECT DISTINCT place, theme_id FROM theme_members"
                 " WHERE doorstep_id = ?", (answer,))
    assert where == [("theme", themes[3].id)]
    r = organiser.submit("/o/wards/1/themes/move", {"answer": str(answer), "to": "no-demand"})
    assert r.status_code == 303
    assert rows(settings, "SELECT place FROM theme_members WHERE doorstep_id = ?",
                (answer,)) == [("no demand",)]
    no_demand = organiser.get("/o/wards/1/themes/no-demand").context["rows"]
    assert answer in [r.doorstep_id for r in no_demand]
    assert len(events(settings, "answer moved")) == 2


def test_edits_survive_new_answers(organiser, found, settings):
    themes = found["saved"].themes
    organiser.submit("/o/wards/1/themes/rename", {"theme": str(themes[1].id),
                                                  "label": "Our name for it"})
    organiser.submit("/o/wards/1/themes/mark", {"theme": str(themes[2].id), "value": "yes"})
    organiser.submit("/o/wards/1/themes/merge", {"theme": str(themes[4].id),
                                                 "into": str(themes[3].id)})
    before = page(organiser)
    with_db(settings, lambda db: add_answers(db, 1, real_answers(60, skip=ANSWERS), 10_000))
    ctx = page(organiser)
    assert ctx["new"] == 60 and labels(ctx) == labels(before)  # nothing moves on its own
    r = organiser.submit("/o/wards/1/themes/sort-new")
    assert r.status_code == 303
    after = page(organiser)
    assert after["new"] == 0
    assert after["saved"].theme(themes[1].id).label == "Our name for it"
    assert after["saved"].theme(themes[2].id).not_a_demand
    assert after["saved"].theme(themes[4].id) is None
    assert {t.id for t in after["saved"].themes} == {t.id for t in before["saved"].themes}
    sorted_in = sum(t.respondents for t in after["saved"].themes) - sum(
        t.respondents for t in before["saved"].themes)
    assert sorted_in + after["counts"]["waiting"] - before["counts"]["waiting"] \
        + after["counts"]["no_demand"] - before["counts"]["no_demand"] >= 60
    assert sorted_in > 0
    assert "60 new answers sorted" in events(settings, "new answers sorted")[0]
    r = organiser.submit("/o/wards/1/themes/sort-new")
    assert r.status_code == 400 and r.context["error"] == "There are no new answers to sort."


def test_recluster_shows_a_preview_and_changes_nothing_until_confirmed(organiser, found,
                                                                       settings):
    themes = found["saved"].themes
    organiser.submit("/o/wards/1/themes/rename", {"theme": str(themes[0].id),
                                                  "label": "Our name for it"})
    with_db(settings, lambda db: add_answers(db, 1, real_answers(30, skip=ANSWERS), 10_000))
    before = snapshot(settings)
    r = organiser.submit("/o/wards/1/themes/recluster", {"k": "6"})
    assert r.status_code == 200 and snapshot(settings) == before
    preview = r.context["preview"]
    assert len(preview["proposed"]) == 6 and preview["answers"] == ANSWERS + 30
    assert preview["edits_lost"] == ["Our name for it"] and preview["moves"] > 0
    with_db(settings, lambda db: add_answers(db, 1, real_answers(5, skip=ANSWERS + 30), 20_000))
    r = organiser.submit("/o/wards/1/themes/find", {"k": "6", "min_themes": "5",
                                                    "max_themes": "40",
                                                    "upto": str(preview["upto"])})
    assert r.status_code == 303
    ctx = page(organiser)
    assert labels(ctx) == [label for label, _, _ in preview["proposed"]]
    assert ctx["new"] == 5  # came after the preview: sorted in as new, not re-clustered
    assert not {t.id for t in themes} & {t.id for t in ctx["saved"].themes}
    assert len(events(settings, "themes re-clustered")) == 1


def test_finding_again_without_a_preview_is_refused(organiser, found, settings):
    before = snapshot(settings)
    r = organiser.submit("/o/wards/1/themes/find", {})
    assert r.status_code == 400 and "Preview a re-cluster" in r.context["error"]
    assert snapshot(settings) == before


BAD = [
    ("find", {"k": "0"}, "The number of themes must be a whole number from 1 to 100"),
    ("find", {"k": "seven"}, "The number of themes must be"),
    ("find", {"min_themes": "30", "max_themes": "10"}, "The fewest themes (30) is more than"),
    ("find", {"max_themes": "1000"}, "The most themes must be"),
    ("recluster", {"k": "-3"}, "The number of themes must be"),
    ("rename", {"theme": "first", "label": "x"}, "Choose one of the ward's themes."),
    ("rename", {"theme": "{first}", "label": "   "}, "Type the theme's new name."),
    ("rename", {"theme": "{first}", "label": "x" * 121}, "That name is too long"),
    ("rename", {"theme": "99999", "label": "x"}, "That theme is no longer one of"),
    ("merge", {"theme": "{first}", "into": "{first}"}, "Choose two different themes"),
    ("merge", {"theme": "{first}"}, "Choose one of the ward's themes."),
    ("split", {"theme": "{first}", "k": "1"}, "Split into a whole number of themes from 2"),
    ("mark", {"theme": "{first}", "value": "maybe"}, "Say whether the theme is a demand."),
    ("move", {"answer": "abc", "to": "{first}"}, "That answer is not one of this ward's"),
    ("move", {"answer": "{nodemand}", "to": "{first}"}, "has no text to move"),
    ("move", {"answer": "{answer}", "to": "elsewhere"}, "Choose one of the ward's themes."),
    ("move", {"answer": "{answer}", "to": "", "back": "{first}"},  # "Choose where…" left as is
     "Choose one of the ward's themes."),
]


@pytest.mark.parametrize(("action", "data", "message"), BAD,
                         ids=[f"{a}-{m[:25]}" for a, _, m in BAD])
def test_bad_input_is_refused_with_a_sentence_and_changes_nothing(organiser, found, settings,
                                                                   action, data, message):
    first = found["saved"].themes[0].id
    answer = organiser.get(f"/o/wards/1/themes/{first}").context["rows"][0].doorstep_id
    nodemand = rows(settings, "SELECT doorstep_id FROM theme_members WHERE place = 'no demand'")
    values = {"first": first, "answer": answer, "nodemand": nodemand[0][0]}
    data = {k: v.format(**values) for k, v in data.items()}
    before = snapshot(settings)
    r = organiser.submit(f"/o/wards/1/themes/{action}", data)
    assert r.status_code == 400
    assert message in r.context["error"] and r.context["error"].endswith(".")
    assert snapshot(settings) == before


def test_edits_before_any_run_are_refused(organiser, theme_ward, settings):
    before = snapshot(settings)
    for action in ("rename", "merge", "split", "mark", "move", "sort-new", "recluster"):
        r = organiser.submit(f"/o/wards/{theme_ward}/themes/{action}", {"theme": "1", "label": "x"})
        assert r.status_code == 400 and r.context["error"] == "Find this ward's themes first."
    assert snapshot(settings) == before


def test_a_ward_without_answers_has_nothing_to_find(organiser):
    organiser.submit("/o/areas", {"name": "Lambeth"})
    organiser.submit("/o/wards", {"area_id": "1", "name": "Empty", "seats": "1"})
    r = organiser.submit("/o/wards/1/themes/find", {})
    assert r.status_code == 400 and "no answers yet" in r.context["error"]


def test_only_organisers_see_or_change_themes(client, found):
    client.cookies.delete("session")  # logged out, with the CSRF cookie still set
    for url in ("/o/wards/1/themes", "/o/wards/1/themes/waiting"):
        assert client.get(url).status_code == 303
    assert client.submit("/o/wards/1/themes/find", {}).status_code == 303


def test_unknown_wards_and_lists_are_not_found(organiser, found):
    assert organiser.get("/o/wards/99/themes").status_code == 404
    assert organiser.get("/o/wards/1/themes/99999").status_code == 404
    assert organiser.get("/o/wards/1/themes/everything").status_code == 404
    assert organiser.get("/o/wards/1/themes/waiting").status_code == 200


def test_reading_the_themes_does_not_load_scikit_learn(organiser, found, settings):
    """Only a run or an edit needs the clustering: the page (and its answer lists) open without
    it, in a fresh process that reads the themes this test stored."""
    code = (
        "import sys\n"
        "from starlette.testclient import TestClient\n"
        "import accounts, asyncio, db\n"
        "from app import Settings, create_app\n"
        f"s = Settings(db_path={str(settings.db_path)!r}, secret_key={settings.secret_key!r},"
        " base_url='http://testserver')\n"
        "async def token():\n"
        "    d = await db.connect(s.db_path)\n"
        "    try: return await accounts.add_organiser(d, 'other@example.org')\n"
        "    finally: await d.close()\n"
        "t = asyncio.run(token())\n"
        "with TestClient(create_app(s), follow_redirects=False) as c:\n"
        "    c.get(f'/login/{t}')\n"
        "    c.post(f'/login/{t}', data={'csrftoken': c.cookies['csrftoken']})\n"
        "    pages = ['/o/wards/1/themes', '/o/wards/1/themes/waiting', '/o/wards/1/themes/1']\n"
        "    print([c.get(p).status_code for p in pages],"
        " any(m.split('.')[0] in ('sklearn', 'numpy') for m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "[200, 200, 200] False"


def test_the_page_never_says_every_answer_is_sorted_while_parts_wait(organiser, found):
    r = organiser.get("/o/wards/1/themes")
    parts = r.context["counts"]["parts"]
    assert r.context["new"] == 0
    if parts:
        assert "Every answer is sorted" not in r.text
        assert f"{parts:,} part{'s' if parts != 1 else ''} of answers wait" in r.text
    else:
        assert "Every answer is sorted" in r.text
