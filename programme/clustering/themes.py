"""Doorstep answers -> themes per ward -> a shortlist of at most five demands.

Pure: plain dataclasses in and out, no I/O. scikit-learn loads on the first call, not on import.

The pipeline, per ward: split each answer into clauses ("bins and the parking" is two demands);
set aside clauses that ask for nothing ("nothing", "don't know", praise); cut the rest into many
small themes with k-means; merge themes that are one demand cut in two; label each theme with its
most central clause and its distinctive words; rank by distinct respondents.

The review pages edit a `WardThemes` with `merge_themes`, `split_theme`, `move_answer`,
`mark_not_a_demand` and `rename_theme`; `assign_new` files new answers under the existing themes
(edits survive); `preview_recluster` shows what a fresh clustering would change.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from programme.clustering.clauses import (
    answer_asks_nothing,
    asks,
    asks_for_change,
    content_words,
    is_no_demand,
    split_clauses,
)
from programme.clustering.shortlist import shortlist

QUOTES = 3
DEFAULT_BOUNDS = (5, 100)  # themes per ward, unless the organiser asks for a number


@dataclass(frozen=True)
class Answer:
    id: str
    text: str


@dataclass(frozen=True)
class Clause:
    answer_id: str
    text: str    # the clause: what the theme is about
    answer: str  # the whole answer, for quotes


@dataclass(frozen=True)
class Theme:
    label: str
    terms: tuple[str, ...]
    clauses: tuple[Clause, ...]
    quotes: tuple[str, ...] = ()
    renamed: bool = False       # an organiser's label, kept through later edits
    not_a_demand: bool = False  # marked by an organiser: never shortlisted
    cohesion: float = 1.0       # mean cosine of its clauses to its centre: how tight it is

    @property
    def answer_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.answer_id for c in self.clauses))

    @property
    def respondents(self) -> int:
        return len(self.answer_ids)


@dataclass(frozen=True)
class WardThemes:
    themes: tuple[Theme, ...]
    no_demand: tuple[str, ...] = ()  # answers that ask for nothing
    unsorted: tuple[Clause, ...] = ()  # new clauses near no theme: for the organiser to file
    seed: int = 0
    shortlist: tuple[int, ...] = field(default=())
    embeddings: bool = False  # clustered on sentence embeddings (the optional extra), not words

    def assignments(self) -> dict[str, int | None]:
        """Each answer's theme: the one holding its longest clause; None for no demand."""
        best: dict[str, tuple[int, int]] = {}
        for index, theme in enumerate(self.themes):
            if theme.not_a_demand:
                continue
            for c in theme.clauses:
                key = (len(c.text), -index)
                if c.answer_id not in best or key > best[c.answer_id]:
                    best[c.answer_id] = key
        out: dict[str, int | None] = {i: None for i in self.no_demand}
        for c in self.unsorted:
            out.setdefault(c.answer_id, None)
        for theme in self.themes:
            for answer_id in theme.answer_ids:
                out.setdefault(answer_id, None)
        out.update({a: -key[1] for a, key in best.items()})
        return out


@dataclass(frozen=True)
class Preview:
    """What a fresh clustering would do: the new themes, and each answer that would move."""

    current: WardThemes
    proposed: WardThemes
    moves: tuple[tuple[str, int | None, int | None], ...]  # (answer id, from, to)


# -- clustering -----------------------------------------------------------------------------------
def cluster(answers: Mapping[str, Sequence[Answer]], k: int | None = None,
            bounds: tuple[int, int] = DEFAULT_BOUNDS, seed: int = 0,
            embeddings: bool = False) -> dict[str, WardThemes]:
    """Themes for each ward (a mapping ward -> its answers), wards in sorted order."""
    return {ward: cluster_ward(answers[ward], k, bounds, seed, embeddings)
            for ward in sorted(answers)}


def cluster_ward(answers: Sequence[Answer], k: int | None = None,
                 bounds: tuple[int, int] = DEFAULT_BOUNDS, seed: int = 0,
                 embeddings: bool = False) -> WardThemes:
    """Themes for one ward's answers. `k` fixes the number of themes; otherwise it is chosen
    within `bounds` by merging near-duplicate themes of a deliberately fine first cut. A theme
    keeps the clauses clearly about it; vague or mixed ones wait in `unsorted`. `embeddings`
    compares clauses by sentence embeddings (needs `pip install hustings[embeddings]`)."""
    demands, no_demand = sort_clauses(answers)
    groups, unsorted = _group(demands, k, bounds, seed, core=True, embeddings=embeddings)
    return _finish(groups, no_demand, unsorted, seed, (), embeddings)


def sort_clauses(answers: Iterable[Answer]) -> tuple[list[Clause], list[str]]:
    """Clauses that ask for something, and the ids of answers that ask for nothing."""
    demands: list[Clause] = []
    no_demand: list[str] = []
    for a in answers:
        clauses = split_clauses(a.text)
        found = [] if answer_asks_nothing(clauses) else [
            Clause(a.id, c, a.text) for c in clauses if not is_no_demand(c)]
        demands.extend(found)
        if not found:
            no_demand.append(a.id)
    return demands, no_demand


def _group(clauses: Sequence[Clause], k: int | None, bounds: tuple[int, int], seed: int,
           core: bool = False,
           embeddings: bool = False) -> tuple[list[list[Clause]], list[Clause]]:
    """Groups of clauses, and (with `core`) the clauses too vague or mixed to file."""
    import numpy as np

    from programme.clustering import vectors as sp

    if not clauses:
        return [], []
    n = len(clauses)
    # Few clauses make few themes: a theme needs a few doorsteps behind it.
    lo, hi = (min(k, n), min(k, n)) if k else (min(bounds[0], max(1, n // 4)),
                                                  min(bounds[1], max(1, n // 3)))
    if n <= lo:
        return [[c] for c in clauses], []
    space = sp.embed([c.text for c in clauses], seed, embeddings)
    # A fine first cut (about 3 sqrt(n) themes) ...
    first = min(n, 300, max(2 * hi if k else 2 * lo, round(3 * math.sqrt(n))))
    labels = sp.kmeans(space.x, first, seed)
    # ... then one demand cut in two becomes one theme again: merge while two themes are more
    # alike than two clauses of this ward are by chance; themes whose most distinctive word is
    # the same word are one demand too.
    bar = sp.chance_similarity(space.x, seed)
    labels = sp.refine(space.x, sp.merge_near(space.x, labels, lo, hi, bar))
    if not k:
        labels = sp.merge_same_terms(space, labels, lo)
    keep = np.ones(n, dtype=bool)
    if core and not k:
        keep = sp.core(space.x, labels, bar, [c.answer_id for c in clauses],
                       [len(content_words(c.text)) for c in clauses],
                       [len(content_words(c.answer)) for c in clauses])
    groups: list[list[Clause]] = [[] for _ in range(labels.max() + 1)]
    for clause, label, kept in zip(clauses, labels, keep, strict=True):
        if kept:
            groups[label].append(clause)
    return [g for g in groups if g], [c for c, kept in zip(clauses, keep, strict=True)
                                      if not kept]


def _finish(groups: Sequence[Sequence[Clause]], no_demand: Sequence[str],
            unsorted: Sequence[Clause], seed: int,
            keep: Sequence[Theme | None], embeddings: bool = False) -> WardThemes:
    """Label and quote each group (in a space fitted on all of them), order by respondents,
    shortlist. `keep[i]`, when given, is the theme group i was, whose organiser edits stay."""
    themes = _describe(groups, seed, keep)
    order = sorted(range(len(themes)), key=lambda i: (-themes[i].respondents, i))
    themes = tuple(themes[i] for i in order)
    return WardThemes(themes=themes, no_demand=tuple(dict.fromkeys(no_demand)),
                      unsorted=tuple(unsorted), seed=seed, shortlist=shortlist(themes),
                      embeddings=embeddings)


def _describe(groups: Sequence[Sequence[Clause]], seed: int,
              keep: Sequence[Theme | None]) -> list[Theme]:
    import numpy as np

    from programme.clustering import vectors as sp

    groups = [list(g) for g in groups if g]
    keep = list(keep) + [None] * (len(groups) - len(keep))
    if not groups:
        return []
    texts = [c.text for g in groups for c in g]
    labels = np.repeat(np.arange(len(groups)), [len(g) for g in groups])
    space = sp.embed(texts, seed)
    cents = sp.centroids(space.x, labels, len(groups))
    sims = np.einsum("ij,ij->i", space.x, cents[labels])
    themes: list[Theme] = []
    start = 0
    for index, group in enumerate(groups):
        own = sims[start:start + len(group)]
        start += len(group)
        order = np.argsort(-own, kind="stable")
        central = _name([group[i].text for i in order])
        quotes: list[str] = []
        quoted: set[str] = set()
        for i in order:
            quote = group[i].answer
            if quote not in quotes and group[i].answer_id not in quoted:
                quotes.append(quote)
                quoted.add(group[i].answer_id)
            if len(quotes) == QUOTES:
                break
        terms = tuple(sp.distinctive_terms(space, labels, index))
        old = keep[index]
        themes.append(Theme(label=old.label if old and old.renamed else _tidy(central),
                            terms=terms, clauses=tuple(group), quotes=tuple(quotes),
                            renamed=bool(old and old.renamed),
                            not_a_demand=bool(old and old.not_a_demand),
                            cohesion=round(float(own.mean()), 6)))
    return themes


def _name(ordered: Sequence[str]) -> str:
    """A theme's name, from its clauses nearest its centre first: of its central half (at least
    ten), the nearest that says what to do ("Fix the street lights", "More staff"); else, of its
    central quarter (at least five), the nearest that names what is wrong ("No communication"),
    then any that names it ("Street lights"). Never praise, a reason or a fragment while a clause
    that asks is there. Long clauses make poor names."""
    texts = list(dict.fromkeys(ordered))  # a clause said by many counts once
    half, quarter = texts[:max(10, len(texts) // 2)], texts[:max(5, len(texts) // 4)]

    def plain(t: str) -> bool:
        return 2 <= len(t.split()) <= 12

    for pool, test in ((half, lambda t: asks(t) == 2 and plain(t)),
                       (quarter, lambda t: asks(t) == 1 and plain(t) and asks_for_change(t)),
                       (quarter, lambda t: asks(t) == 2),
                       (quarter, lambda t: asks(t) == 1 and len(t.split()) <= 12),
                       (quarter, lambda t: asks(t) >= 1)):
        for t in pool:
            if test(t):
                return t
    return texts[0]


# "vIsIt", "servIce": a capital I inside a word is a broken keyboard's i, not the resident's
_BROKEN_I = re.compile(r"(?<=[A-Za-z])I(?=[a-z])")


def _tidy(text: str) -> str:
    text = _BROKEN_I.sub("i", " ".join(text.split()).strip(" ,;:-"))
    return text[:1].upper() + text[1:]


# -- the organiser's edits --------------------------------------------------------------------
def _groups(ward: WardThemes) -> list[list[Clause]]:
    return [list(t.clauses) for t in ward.themes]


def merge_themes(ward: WardThemes, indexes: Sequence[int]) -> WardThemes:
    """One theme from several; it keeps the first one's organiser label if it had one."""
    indexes = sorted(set(indexes))
    _check(ward, indexes)
    if len(indexes) < 2:
        return ward
    groups, keep = _groups(ward), list(ward.themes)
    for i in indexes[1:]:
        groups[indexes[0]].extend(groups[i])
    for i in reversed(indexes[1:]):
        del groups[i], keep[i]
    return _finish(groups, ward.no_demand, ward.unsorted, ward.seed, keep, ward.embeddings)


def split_theme(ward: WardThemes, index: int, k: int | None = None) -> WardThemes:
    """Re-cluster one theme into `k` (default: chosen, 2 to 5) themes."""
    _check(ward, [index])
    groups, keep = _groups(ward), list(ward.themes)
    parts = (_group(groups[index], k, (2, 5), ward.seed, embeddings=ward.embeddings)[0]
             if len(groups[index]) > 1 else [])
    if len(parts) < 2:
        return ward
    groups[index:index + 1] = parts
    keep[index:index + 1] = [None] * len(parts)
    return _finish(groups, ward.no_demand, ward.unsorted, ward.seed, keep, ward.embeddings)


def rename_theme(ward: WardThemes, index: int, label: str) -> WardThemes:
    _check(ward, [index])
    themes = list(ward.themes)
    themes[index] = replace(themes[index], label=_tidy(label), renamed=True)
    return replace(ward, themes=tuple(themes), shortlist=shortlist(themes))


def mark_not_a_demand(ward: WardThemes, index: int, value: bool = True) -> WardThemes:
    _check(ward, [index])
    themes = list(ward.themes)
    themes[index] = replace(themes[index], not_a_demand=value)
    return replace(ward, themes=tuple(themes), shortlist=shortlist(themes))


def move_answer(ward: WardThemes, answer_id: str, to: int | None,
                part: str | None = None) -> WardThemes:
    """Move one answer to theme `to`, or to "no demand" when `to` is None: every clause of it,
    or only its clauses that read `part` ("the bins and the parking" is two demands; one can be
    moved alone). A part moved to "no demand" is dropped; the answer is "no demand" once none of
    it is left in a theme or waiting."""
    if to is not None:
        _check(ward, [to])

    def moving(c: Clause) -> bool:
        return c.answer_id == answer_id and (part is None or c.text == part)

    groups, keep = _groups(ward), list(ward.themes)
    moved = [c for g in groups for c in g if moving(c)]
    moved += [c for c in ward.unsorted if moving(c)]
    if part is not None and not moved:
        raise ValueError(f"Answer {answer_id!r} has no part {part!r} to move.")
    if not moved and answer_id not in ward.no_demand:
        raise ValueError(f"There is no answer {answer_id!r} in this ward.")
    if to is not None and not moved:
        raise ValueError(f"Answer {answer_id!r} has no text to move; it asks for nothing.")
    groups = [[c for c in g if not moving(c)] for g in groups]
    unsorted = [c for c in ward.unsorted if not moving(c)]
    no_demand = [a for a in ward.no_demand if a != answer_id]
    if to is not None:
        groups[to].extend(moved)
    elif not any(c.answer_id == answer_id for c in [*unsorted, *(c for g in groups for c in g)]):
        no_demand.append(answer_id)  # nothing of it is left in a theme or waiting
    return _finish(groups, no_demand, unsorted, ward.seed, keep, ward.embeddings)


def _check(ward: WardThemes, indexes: Iterable[int]) -> None:
    for i in indexes:
        if not 0 <= i < len(ward.themes):
            raise ValueError(f"There is no theme {i} in this ward (it has {len(ward.themes)}).")


# -- new answers, and a fresh look ----------------------------------------------------------
def assign_new(ward: WardThemes, answers: Sequence[Answer]) -> WardThemes:
    """File new answers under the existing themes (organiser edits stay): each clause joins the
    nearest theme, unless it is further from it than nearly all of that theme's own clauses are,
    in which case it waits in `unsorted` for the organiser (or a re-cluster)."""
    import numpy as np

    from programme.clustering import vectors as sp

    known = {a for t in ward.themes for a in t.answer_ids} | set(ward.no_demand)
    known |= {c.answer_id for c in ward.unsorted}
    fresh = [a for a in answers if a.id not in known]
    demands, no_demand = sort_clauses(fresh)
    groups, keep = _groups(ward), list(ward.themes)
    unsorted = list(ward.unsorted)
    live = [i for i, t in enumerate(ward.themes) if not t.not_a_demand]
    if demands and live:
        old = [c for i in live for c in groups[i]]
        labels = np.repeat(np.arange(len(live)), [len(groups[i]) for i in live])
        space = sp.embed([c.text for c in old] + [c.text for c in demands], ward.seed,
                         ward.embeddings)
        x_old, x_new = space.x[:len(old)], space.x[len(old):]
        cents = sp.centroids(x_old, labels, len(live))
        own = np.einsum("ij,ij->i", x_old, cents[labels])
        # Near enough: as near as the theme's own far clauses, or at least nearer than chance.
        chance = sp.chance_similarity(space.x, ward.seed)
        floor = np.array([min(chance, np.percentile(own[labels == j], 5))
                          for j in range(len(live))])
        sims = x_new @ cents.T
        best = np.argmax(sims, axis=1)
        for clause, j, s in zip(demands, best, sims[np.arange(len(demands)), best], strict=True):
            (groups[live[j]] if s >= floor[j] else unsorted).append(clause)
    else:
        unsorted.extend(demands)
    return _finish(groups, [*ward.no_demand, *no_demand], unsorted, ward.seed, keep,
                   ward.embeddings)


def preview_recluster(ward: WardThemes, answers: Sequence[Answer], k: int | None = None,
                      bounds: tuple[int, int] = DEFAULT_BOUNDS) -> Preview:
    """Cluster `answers` (the ward's answers, all of them) afresh, and list who would move.
    Nothing changes until the organiser takes `proposed`; organiser edits are not carried over."""
    proposed = cluster_ward(answers, k, bounds, ward.seed, ward.embeddings)
    now, then = ward.assignments(), proposed.assignments()
    # Compare themes by their members: a proposed theme "is" the current theme it shares most with.
    same: dict[int, int] = {}
    for j, theme in enumerate(proposed.themes):
        votes: dict[int, int] = {}
        for a in theme.answer_ids:
            if now.get(a) is not None:
                votes[now[a]] = votes.get(now[a], 0) + 1
        if votes:
            same[j] = max(sorted(votes), key=lambda i: votes[i])
    moves = tuple((a, now.get(a), then[a]) for a in then
                  if now.get(a) != (same.get(then[a]) if then[a] is not None else None))
    return Preview(current=ward, proposed=proposed, moves=moves)


__all__ = ["Answer", "Clause", "Theme", "WardThemes", "Preview", "cluster", "cluster_ward",
           "sort_clauses", "shortlist", "merge_themes", "split_theme", "rename_theme",
           "mark_not_a_demand", "move_answer", "assign_new", "preview_recluster"]
