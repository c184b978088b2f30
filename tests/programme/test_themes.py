"""The stored form of a ward's themes: ids kept through edits, the run's settings from a form."""

from __future__ import annotations

import pytest

from programme import themes
from programme.themes import Member, Refused, Run, Saved, ThemeRow

A = [("1", "bins"), ("2", "bins left out"), ("3", "bin day")]
B = [("4", "parking"), ("5", "parking bays")]
C = [("6", "buses")]


def test_a_theme_keeps_its_id_while_it_keeps_most_of_its_clauses():
    old = [(10, A), (11, B), (12, C)]
    assert themes.keep_ids([A, B, C], old) == [10, 11, 12]  # a rename: nothing moved
    assert themes.keep_ids([B, A + C], old) == [11, 10]  # a merge keeps the larger one's id
    assert themes.keep_ids([A[:2], A[2:], B, C], old) == [10, None, 11, 12]  # a split
    assert themes.keep_ids([A[:1] + B, A[1:] + C], old) == [11, 10]  # A's majority moved on
    assert themes.keep_ids([[("9", "new")]], old) == [None]


def test_the_same_clause_twice_counts_twice():
    twice = [("1", "bins"), ("1", "bins")]
    assert themes.keep_ids([twice[:1]], [(5, twice)]) == [None]  # one of two is not most


@pytest.mark.parametrize(("form", "expected"), [
    ({}, themes.Params(None, *themes.default_bounds())),
    ({"k": " 8 ", "min_themes": "5", "max_themes": "40"}, themes.Params(8, 5, 40)),
    ({"min_themes": "3", "max_themes": "3"}, themes.Params(None, 3, 3)),
])
def test_run_settings_from_a_form(form, expected):
    assert themes.params(form) == expected


@pytest.mark.parametrize("form", [{"k": "0"}, {"k": "101"}, {"k": "1.5"}, {"k": "²"},
                                  {"min_themes": "9", "max_themes": "8"},
                                  {"max_themes": "9" * 40}])
def test_bad_run_settings_are_refused(form):
    with pytest.raises(Refused):
        themes.params(form)


def test_stored_rows_and_the_clustering_api_agree():
    saved = Saved(
        Run(1, None, 5, 40, 7, 6, 10, "me", "2026-01-01T00:00:00"),
        (ThemeRow(10, "Bins", True, False, 0, 1, 3, ("bin",), ("bins",)),
         ThemeRow(11, "Parking", False, True, 1, None, 2, ("parking",), ())),
        tuple([Member(int(a), c, "theme", 10) for a, c in A]
              + [Member(int(a), c, "theme", 11) for a, c in B]
              + [Member(6, "buses", "unsorted", None), Member(7, "", "no demand", None)]))
    ward = themes.to_ward(saved, {1: "bins and more", 6: "buses"})
    assert [t.label for t in ward.themes] == ["Bins", "Parking"]
    assert ward.themes[0].renamed and ward.themes[1].not_a_demand
    assert ward.themes[0].clauses[0].answer == "bins and more" and ward.seed == 7
    assert ward.no_demand == ("7",) and [c.text for c in ward.unsorted] == ["buses"]
    assert ward.shortlist == (0,)
    rows, members = themes.to_rows(ward, saved)
    assert [(t.id, t.label, t.shortlist) for t in rows] == [(10, "Bins", 1), (11, "Parking", None)]
    assert sorted(members, key=lambda m: (m.doorstep_id, m.place)) == sorted(
        [Member(m.doorstep_id, m.clause, m.place, None if m.theme is None else m.theme - 10)
         for m in saved.members], key=lambda m: (m.doorstep_id, m.place))


def test_what_the_clustering_knows_about_a_theme_survives_storage():
    """Facts the clustering adds to a theme (its cohesion, say) come back as they were, so an
    edit decides the shortlist on the same facts; a fact this version does not know is ignored."""
    from programme.clustering import Answer, cluster_ward

    texts = {i + 1: t for i, t in enumerate(
        ["More buses at night", "Night buses", "Buses are late", "Fix the streetlights",
         "Broken streetlights", "Street lighting", "Empty shops", "Too many empty shops",
         "Shops closing", "Nothing, it's fine"])}
    ward = cluster_ward([Answer(str(i), t) for i, t in texts.items()])
    rows, members = themes.to_rows(ward)
    rows = [ThemeRow(n + 1, *list(vars(r).values())[1:]) for n, r in enumerate(rows)]
    rows[0] = ThemeRow(*list(vars(rows[0]).values())[:-1],
                       extra=rows[0].extra[:-1] + ', "from_a_later_version": 1}'
                       if rows[0].extra != "{}" else '{"from_a_later_version": 1}')
    saved = Saved(Run(1, None, 5, 40, 0, 10, 1, "me", "now"), tuple(rows),
                  tuple(Member(m.doorstep_id, m.clause, m.place,
                               None if m.theme is None else m.theme + 1) for m in members))
    again = themes.to_ward(saved, texts)
    assert again.themes == ward.themes and again.shortlist == ward.shortlist
