"""The organiser's answer lists under the themes: a page at a time, one part of an answer moved
alone, waiting parts of answers in no theme first, and a big ward's small themes folded away."""

from __future__ import annotations

import re

import web
from programme import theme_routes
from tests.programme.theme_data import events, rows, snapshot


def test_long_lists_come_a_page_at_a_time_and_none_is_out_of_reach(organiser, found, settings,
                                                                   monkeypatch):
    monkeypatch.setattr(theme_routes, "PAGE", 2)
    theme, other = found["saved"].themes[0], found["saved"].themes[1]
    url = f"/o/wards/1/themes/{theme.id}"
    stored = rows(settings, "SELECT doorstep_id FROM theme_members WHERE theme_id = ?"
                  " ORDER BY id", (theme.id,))
    assert len(stored) > 4
    pages = -(-len(stored) // 2)
    seen = []
    for n in range(1, pages + 1):
        ctx = organiser.get(f"{url}?page={n}").context
        assert ctx["page"] == web.Page(n, 2, len(stored)) and ctx["page"].pages == pages
        seen += [(r.doorstep_id,) for r in ctx["rows"]]
    assert seen == stored
    first = organiser.get(url)
    assert first.context["page"].number == 1 and f"Page 1 of {pages}" in first.text
    assert "next page" in first.text and "previous page" not in first.text
    beyond = organiser.get(f"{url}?page=999").context
    assert beyond["page"].number == pages and beyond["rows"]
    for bad in ("0", "abc", "-1", "²"):
        r = organiser.get(f"{url}?page={bad}")
        assert r.status_code == 400 and "Pages are numbered from 1." in r.text
    # Moving an answer from page 2 comes back to page 2.
    answer = organiser.get(f"{url}?page=2").context["rows"][0].doorstep_id
    r = organiser.submit("/o/wards/1/themes/move", {"answer": str(answer), "to": str(other.id),
                                                    "back": str(theme.id), "page": "2"})
    assert r.status_code == 303 and r.headers["location"].endswith("&page=2")


def test_past_the_first_twenty_small_themes_fold_away_but_the_shortlist_never(organiser,
                                                                               found):
    themes = found["saved"].themes
    assert len(themes) > 20
    html = organiser.get("/o/wards/1/themes").text
    shown, folded = html.split('<details id="smaller">')
    ranks = [int(n) for n in re.findall(r'aria-label="Theme (\d+)"', shown)]
    tucked = [int(n) for n in re.findall(r'aria-label="Theme (\d+)"', folded)]
    short = [n for n, t in enumerate(themes, 1) if t.shortlist]
    assert sorted(ranks + tucked) == list(range(1, len(themes) + 1))  # each once
    assert set(range(1, 21)) | set(short) == set(ranks)
    rest = [t for n, t in enumerate(themes, 1) if n > 20 and not t.shortlist]
    assert f"{len(rest)} smaller themes, {rest[0].respondents} resident" in folded


def test_moving_one_part_of_an_answer_leaves_its_other_parts(organiser, found, settings):
    two = rows(settings, "SELECT doorstep_id FROM theme_members WHERE place <> 'no demand'"
                         " GROUP BY doorstep_id HAVING COUNT(*) >= 2 ORDER BY doorstep_id")
    assert two, "the real answers hold some with two parts"
    answer = two[0][0]
    parts = rows(settings, "SELECT clause, place, theme_id FROM theme_members"
                           " WHERE doorstep_id = ? ORDER BY id", (answer,))
    part, _, theme = parts[0]
    target = next(t for t in found["saved"].themes if t.id != theme)
    r = organiser.submit("/o/wards/1/themes/move", {"answer": str(answer), "part": part,
                                                    "to": str(target.id)})
    assert r.status_code == 303
    after = rows(settings, "SELECT clause, place, theme_id FROM theme_members"
                           " WHERE doorstep_id = ? ORDER BY id", (answer,))
    assert sorted(after) == sorted([(part, "theme", target.id), *parts[1:]])
    assert f"{part[:60]!r} of answer {answer} moved" in events(settings, "answer moved")[0]
    before = snapshot(settings)
    r = organiser.submit("/o/wards/1/themes/move", {"answer": str(answer), "part": "not in it",
                                                    "to": str(target.id), "back": "waiting",
                                                    "page": "3"})
    assert r.status_code == 400 and "no longer where it was" in r.context["error"]
    assert r.template.name == "programme/theme_answers.html"  # kept on the list, not the review
    assert snapshot(settings) == before


def test_waiting_parts_of_answers_in_no_theme_come_first(organiser, found, settings):
    waiting = rows(settings, "SELECT doorstep_id FROM theme_members WHERE place = 'unsorted'")
    in_theme = {r[0] for r in rows(settings, "SELECT doorstep_id FROM theme_members"
                                             " WHERE place = 'theme'")}
    unfiled = {a for (a,) in waiting} - in_theme
    assert unfiled and {a for (a,) in waiting} & in_theme, "both kinds wait in this ward"
    assert (found["counts"]["parts"], found["counts"]["unfiled"]) == (len(waiting), len(unfiled))
    assert f"({len(unfiled)} answers in no theme at all)" in organiser.get(
        "/o/wards/1/themes").text
    r = organiser.get("/o/wards/1/themes/waiting")
    homes = [row.counted_in for row in r.context["rows"]]
    first_counted = next(i for i, h in enumerate(homes) if h is not None)
    assert all(h is None for h in homes[:first_counted])
    assert all(h is not None for h in homes[first_counted:])
    assert {row.doorstep_id for row in r.context["rows"][:first_counted]} == unfiled
    assert "This answer is in no theme yet." in r.text and "Its answer is counted under" in r.text
