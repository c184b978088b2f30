"""A ward's themes as stored, and the organiser's settings for a clustering run. Pure.

The clustering API (programme/clustering/) works on a frozen `WardThemes`; the database keeps
rows. `to_ward` and `to_rows` turn one into the other; `to_rows` also decides which stored theme
each new theme *is*, so a theme keeps its id (and what refers to it) through the organiser's edits.
scikit-learn is never imported here: programme.clustering is imported inside the functions
that need it.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING

from problems import Refused

if TYPE_CHECKING:
    from programme.clustering import WardThemes

MAX_THEMES = 100
SEED = 0


@dataclass(frozen=True)
class Run:
    id: int
    k: int | None
    min_themes: int
    max_themes: int
    seed: int
    answers: int
    millis: int
    actor: str
    at: str
    version: int = 0  # raised by every edit (programme/theme_store.save)


@dataclass(frozen=True)
class ThemeRow:
    id: int | None  # None: a theme not stored yet
    label: str
    renamed: bool
    not_a_demand: bool
    position: int
    shortlist: int | None  # place on the shortlist, 1 first
    respondents: int
    terms: tuple[str, ...]
    quotes: tuple[str, ...]
    extra: str = "{}"  # JSON: the clustering's other facts about the theme (e.g. cohesion)

    @property
    def passed_over(self) -> str | None:
        """Why the theme is not on the shortlist, when one ranked below it is."""
        return json.loads(self.extra).get("passed_over")


@dataclass(frozen=True)
class Member:
    doorstep_id: int
    clause: str
    place: str  # 'theme', 'unsorted' or 'no demand'
    theme: int | None  # stored: the theme's id; from to_rows: an index into its themes


@dataclass(frozen=True)
class Saved:
    """One ward's review as stored: the run, the current themes by position, every member."""

    run: Run
    themes: tuple[ThemeRow, ...]
    members: tuple[Member, ...]

    def theme(self, theme_id: int) -> ThemeRow | None:
        return next((t for t in self.themes if t.id == theme_id), None)

    def index(self, theme_id: int | None) -> int:
        """The theme's index in the clustering's list, or Refused if it is not current."""
        for i, t in enumerate(self.themes):
            if t.id == theme_id:
                return i
        raise Refused("That theme is no longer one of this ward's themes (it was merged, split "
                      "or re-clustered). Look at the page again and choose another.")


@dataclass(frozen=True)
class Params:
    k: int | None
    min_themes: int
    max_themes: int


def default_bounds() -> tuple[int, int]:
    """The clustering's own bounds on the number of themes (programme.clustering loads no
    scikit-learn on import; it is imported here only when a page needs the numbers)."""
    from programme.clustering import DEFAULT_BOUNDS
    return DEFAULT_BOUNDS


def params(form: Mapping[str, str]) -> Params:
    """The number of themes (blank: chosen within the bounds) and the bounds, from a form."""
    def number(name: str, default: int | None, what: str) -> int | None:
        raw = (form.get(name) or "").strip()
        if not raw:
            return default
        if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw[:6]) <= MAX_THEMES:
            raise Refused(f"The {what} must be a whole number from 1 to {MAX_THEMES}, or left "
                          "blank.")
        return int(raw)

    low, high = default_bounds()
    k = number("k", None, "number of themes")
    lo = number("min_themes", low, "fewest themes")
    hi = number("max_themes", min(high, MAX_THEMES), "most themes")
    assert lo is not None and hi is not None
    if lo > hi:
        raise Refused(f"The fewest themes ({lo}) is more than the most themes ({hi}). Swap them "
                      "or change one.")
    return Params(k, lo, hi)


def cluster(texts: Mapping[int, str], p: Params, seed: int) -> tuple[WardThemes, int]:
    """A clustering run on the ward's answers (by doorstep id), and how long it took in ms.
    Seconds of CPU on thousands of answers: call it on a thread."""
    from programme.clustering import Answer, cluster_ward

    start = time.perf_counter()
    ward = cluster_ward([Answer(str(i), t) for i, t in texts.items()], p.k,
                        (p.min_themes, p.max_themes), seed)
    return ward, round((time.perf_counter() - start) * 1000)


def preview(saved: Saved, texts: dict[int, str], p: Params) -> dict:
    """What a fresh clustering of `texts` would change, for the page; nothing is stored."""
    from programme.clustering import Answer, preview_recluster

    current = to_ward(saved, texts)
    start = time.perf_counter()
    pv = preview_recluster(current, [Answer(str(i), t) for i, t in texts.items()], p.k,
                           (p.min_themes, p.max_themes))
    millis = round((time.perf_counter() - start) * 1000)
    lost = [t.label for t in current.themes if t.renamed or t.not_a_demand]
    return {"proposed": [(t.label, t.respondents, i in pv.proposed.shortlist)
                         for i, t in enumerate(pv.proposed.themes)],
            "shortlist": [pv.proposed.themes[i].label for i in pv.proposed.shortlist],
            "moves": len(pv.moves), "answers": len(texts), "edits_lost": lost,
            "millis": millis, "params": p, "upto": max(texts)}


def sort_new(saved: Saved, texts: Mapping[int, str], fresh: Mapping[int, str]):
    """The stored themes with the `fresh` answers sorted in (the nearest theme, or waiting), as
    rows to store, and a line for the log."""
    from programme.clustering import Answer, assign_new

    new = assign_new(to_ward(saved, texts), [Answer(str(i), t) for i, t in fresh.items()])
    return to_rows(new, saved), f"{len(fresh)} new answers sorted, {len(new.unsorted)} waiting"


def to_ward(saved: Saved, texts: Mapping[int, str]) -> WardThemes:
    """The stored review as the clustering API's `WardThemes`; `texts` holds each answer."""
    from programme.clustering import Clause, Theme, WardThemes

    by_theme: dict[int, list[Clause]] = {t.id: [] for t in saved.themes if t.id is not None}
    unsorted: list[Clause] = []
    no_demand: list[str] = []
    for m in saved.members:
        if m.place == "no demand":
            no_demand.append(str(m.doorstep_id))
            continue
        clause = Clause(str(m.doorstep_id), m.clause, texts.get(m.doorstep_id, m.clause))
        if m.place == "theme" and m.theme in by_theme:
            by_theme[m.theme].append(clause)
        else:
            unsorted.append(clause)
    known = {f.name for f in fields(Theme)}
    themes = tuple(Theme(**{k: tuple(v) if isinstance(v, list) else v
                            for k, v in json.loads(t.extra).items() if k in known},
                         label=t.label, terms=t.terms, clauses=tuple(by_theme[t.id or 0]),
                         quotes=t.quotes, renamed=t.renamed, not_a_demand=t.not_a_demand)
                   for t in saved.themes)
    shortlist = tuple(i for _, i in sorted((t.shortlist, i) for i, t in enumerate(saved.themes)
                                           if t.shortlist))
    return WardThemes(themes=themes, no_demand=tuple(dict.fromkeys(no_demand)),
                      unsorted=tuple(unsorted), seed=saved.run.seed, shortlist=shortlist)


def to_rows(ward: WardThemes, before: Saved | None = None) -> tuple[list[ThemeRow], list[Member]]:
    """Rows for `ward`. A theme that holds more than half the clauses of a stored theme is that
    theme (a merge keeps the larger one's id, a rename or a move keeps its own); others are new.
    A stored theme whose clauses did not change keeps its label, words and quotes: an edit
    elsewhere in the ward does not rename it under the organiser's eyes."""
    new = [[(c.answer_id, c.text) for c in t.clauses] for t in ward.themes]
    old = [] if before is None else [
        (t, [(str(m.doorstep_id), m.clause) for m in before.members
             if m.place == "theme" and m.theme == t.id]) for t in before.themes]
    ids = keep_ids(new, [(t.id, clauses) for t, clauses in old])
    stored = {t.id: (t, Counter(clauses)) for t, clauses in old}
    described = list(ward.themes)
    for i, t in enumerate(described):
        was, clauses = stored.get(ids[i], (None, None))
        if was is not None and not t.renamed and clauses == Counter(new[i]):
            described[i] = replace(t, label=was.label, terms=was.terms, quotes=was.quotes)
    from programme.clustering.shortlist import choose

    picked, why = choose(described)  # again: kept labels may differ from the clustering's
    place = {index: n + 1 for n, index in enumerate(picked)}
    themes = [ThemeRow(ids[i], t.label, t.renamed, t.not_a_demand, i, place.get(i),
                       t.respondents, tuple(t.terms), tuple(t.quotes), _extra(t, why.get(i)))
              for i, t in enumerate(described)]
    members = [Member(int(c.answer_id), c.text, "theme", i)
               for i, t in enumerate(ward.themes) for c in t.clauses]
    members += [Member(int(c.answer_id), c.text, "unsorted", None) for c in ward.unsorted]
    members += [Member(int(a), "", "no demand", None) for a in ward.no_demand]
    return themes, members


MODELLED = {"label", "terms", "clauses", "quotes", "renamed", "not_a_demand"}


def _extra(theme, passed_over: str | None) -> str:
    facts = {f.name: getattr(theme, f.name) for f in fields(theme) if f.name not in MODELLED}
    if passed_over:
        facts["passed_over"] = passed_over  # why it is not on the shortlist, for the page
    return json.dumps(facts, sort_keys=True)


def keep_ids(new: Sequence[Sequence[tuple]], old: Sequence[tuple[int | None, Sequence[tuple]]]
             ) -> list[int | None]:
    """For each new theme (its clauses), the id of the stored theme it continues, or None."""
    held = [Counter(clauses) for _, clauses in old]
    pairs = []
    for j, clauses in enumerate(new):
        mine = Counter(clauses)
        for i, theirs in enumerate(held):
            shared = sum((mine & theirs).values())
            if shared * 2 > sum(theirs.values()):
                pairs.append((-shared, j, i))
    ids: list[int | None] = [None] * len(new)
    taken: set[int] = set()
    for _, j, i in sorted(pairs):
        if ids[j] is None and i not in taken:
            ids[j] = old[i][0]
            taken.add(i)
    return ids
