"""The shortlist passes over themes for stated reasons, and says which."""

from __future__ import annotations

from programme.clustering import Clause, Theme
from programme.clustering.shortlist import LOOSE, choose, shortlist


def theme(label: str, residents: int, cohesion: float = 0.6, **kw) -> Theme:
    clauses = tuple(Clause(f"{label}-{n}", label, label) for n in range(residents))
    return Theme(label=label, terms=(), clauses=clauses, cohesion=cohesion, **kw)


def test_each_theme_passed_over_says_why():
    themes = [theme("Everything mixed together", 90, cohesion=0.2),
              theme("More bins", 80, not_a_demand=True),
              theme("Nothing, it's lovely", 70),
              theme("Fix the potholes", 60),
              theme("fix the potholes", 50),
              theme("Street lights", 40),
              theme("Safer crossings", 30),
              theme("Youth club", 20),
              theme("Benches in the park", 15),
              theme("Dog mess", 12),
              theme("Noisy bars", 11, cohesion=0.3),
              theme("A lone voice", 1),
              theme("Late buses", 10)]
    picked, why = choose(themes)
    assert [themes[i].label for i in picked] == ["Fix the potholes", "Street lights",
                                                 "Safer crossings", "Youth club",
                                                 "Benches in the park"]
    assert why == {0: LOOSE, 1: "marked “not a demand”",
                   2: "its name asks for nothing (“nothing”, praise); rename it if it is a "
                      "demand",
                   4: "named like a theme above it: merge them, or rename one"}
    assert shortlist(themes) == picked


def test_few_themes_are_never_passed_over_for_being_loose():
    themes = [theme("Bins", 5, cohesion=0.1), theme("Parking", 4), theme("A lone voice", 1)]
    picked, why = choose(themes)
    assert picked == (0, 1) and why == {2: "one resident"}


def test_a_big_demand_is_never_passed_over_for_small_tight_themes():
    """Issue 13: bins (25 residents), street lights, potholes and the youth club were passed
    over as "loose" for small, tight themes such as "My mum tripped last month". Many wordings
    make a big demand a little less tight than a theme of three identical answers; only a real
    outlier (a catch-all) is loose."""
    big = [theme("Empty the bins every week", 25, cohesion=0.52),
           theme("Fix the street lights", 16, cohesion=0.55),
           theme("Fill the potholes", 13, cohesion=0.58),
           theme("Reopen the youth club", 13, cohesion=0.57)]
    catch_all = theme("Things in general", 30, cohesion=0.2)
    small = [theme(f"Small demand {n}", 3, cohesion=0.6 + 0.015 * n) for n in range(20)]
    small.append(theme("My mum tripped last month", 3, cohesion=0.9))
    themes = [catch_all, *big, *small]
    picked, why = choose(themes)
    assert [themes[i].label for i in picked[:4]] == [t.label for t in big]
    assert why == {0: LOOSE}
