"""Choosing a panel by lot from the volunteers, with quotas per category, by maximin (the least
likely volunteer is as likely as the quotas allow): ours over kinds of volunteer (maximin.py),
checked against the Sortition Foundation's `sortition-algorithms`, whose relaxation advises on
infeasible quotas. Pure: plain data in, plain data out. The library and its solver are imported
only inside select(), which runs in a child process (sortition/draw.py), never in the server.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field

ALGORITHM = "maximin"
PREFER_NOT = "Prefer not to say"
OWN_WORDS = "In my own words"
HOUSEHOLD = "household"  # the pool column that names a volunteer's household


@dataclass(frozen=True)
class Volunteer:
    id: str  # anonymous: a number, never a name
    answers: tuple[tuple[str, str], ...]  # (category, value), one per category
    household: str = ""


@dataclass(frozen=True)
class Quota:
    category: str
    value: str
    min: int
    max: int


@dataclass
class Panel:
    members: tuple[str, ...]  # volunteer ids, sorted
    chance: dict[str, float]  # each volunteer's probability of selection
    achieved: dict[tuple[str, str], int]  # (category, value) -> members with that answer
    seed: int
    algorithm: str = ALGORITHM
    version: str = ""


@dataclass
class Infeasible(Exception):
    """The quotas cannot all be met by this pool; `advice` says which to relax and by how much."""

    advice: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return " ".join(self.advice)


def seed_from_dice(text: str) -> int | None:
    """The public seed: the dice thrown in the room, read left to right (spaces allowed), at least
    eight throws; None if anything else was typed."""
    throws = "".join(text.split())
    if len(throws) < 8 or len(throws) > 40 or any(ch not in "123456" for ch in throws):
        return None
    return int(throws)


def check(pool: list[Volunteer], quotas: list[Quota], seats: int) -> list[str]:
    """Problems a resident can fix before any solver runs: every sentence says what to change."""
    problems = []
    if seats < 1:
        problems.append("The panel needs at least one seat.")
    if len(pool) < seats:
        problems.append(f"{len(pool)} volunteers cannot fill {seats} seats: invite more people.")
    by_category: dict[str, list[Quota]] = {}
    for q in quotas:
        by_category.setdefault(q.category, []).append(q)
        if q.min > q.max:
            problems.append(f"{q.category} – {q.value}: the minimum ({q.min}) is above the "
                            f"maximum ({q.max}).")
    have = Counter(pair for v in pool for pair in v.answers)
    for q in quotas:
        if have[(q.category, q.value)] < q.min:
            problems.append(f"{q.category} – {q.value}: the minimum is {q.min} but only "
                            f"{have[(q.category, q.value)]} volunteers gave that answer. Lower "
                            f"the minimum by {q.min - have[(q.category, q.value)]}.")
    for category, rows in by_category.items():
        low, high = sum(q.min for q in rows), sum(q.max for q in rows)
        if low > seats:
            problems.append(f"{category}: the minimums add up to {low}, more than the {seats} "
                            f"seats. Lower them by {low - seats} in all.")
        if high < seats:
            problems.append(f"{category}: the maximums add up to {high}, fewer than the {seats} "
                            f"seats. Raise them by {seats - high} in all.")
    return problems


def _advice(quotas: list[Quota], relaxed) -> list[str]:
    """One sentence per quota the library had to relax, from its relaxed quotas."""
    advice = []
    for q in quotas:
        new = relaxed[q.category][q.value]
        if new.min < q.min:
            advice.append(f"Lower the minimum for {q.category} – {q.value} by {q.min - new.min} "
                          f"(from {q.min} to {new.min}).")
        if new.max > q.max:
            advice.append(f"Raise the maximum for {q.category} – {q.value} by {new.max - q.max} "
                          f"(from {q.max} to {new.max}).")
    return advice or ["The quotas cannot all be met by this pool. Widen the ranges."]


def one_per_household(pool: list[Volunteer], rng: random.Random) -> list[Volunteer]:
    """One volunteer per household, drawn by lot where several signed up (registration keeps
    one per household already; this is for a pool file that has more)."""
    households: dict[str, list[Volunteer]] = {}
    for v in sorted(pool, key=lambda v: v.id):
        households.setdefault(v.household or f"#{v.id}", []).append(v)
    return [households[name][0] if len(households[name]) == 1 else rng.choice(households[name])
            for name in sorted(households)]


def _bounds(pool: list[Volunteer], quotas: list[Quota], seats: int
            ) -> tuple[list[str], dict[tuple[str, str], tuple[int, int]], list[str]]:
    """The categories, every (category, value) a volunteer gave with its (min, max), and the
    answers that have no quota. Unquoted "prefer not to say" and "in my own words" may fill any
    number of seats."""
    categories = sorted({q.category for q in quotas})
    bounds = {(q.category, q.value): (q.min, q.max) for q in quotas}
    missing = []
    for v in pool:
        answers = dict(v.answers)
        for c in categories:
            value = answers.get(c, PREFER_NOT)
            if (c, value) not in bounds:
                if value in (PREFER_NOT, OWN_WORDS):
                    bounds[(c, value)] = (0, seats)
                else:
                    missing.append(f"{c} – {value} (volunteer {v.id}) has no quota: add a row "
                                   "for it to the quotas.")
                    bounds[(c, value)] = (0, seats)
    return categories, bounds, missing


def select(pool: list[Volunteer], quotas: list[Quota], seats: int, seed: int,
           one_per_house: bool = False) -> Panel:
    """The panel, drawn reproducibly from the seed; Infeasible with advice if it cannot be."""
    problems = check(pool, quotas, seats)
    categories, bounds, missing = _bounds(pool, quotas, seats)
    if problems or missing:
        raise Infeasible(problems + missing[:5])
    from importlib.metadata import version

    from sortition.maximin import distribution

    rng = random.Random(seed)
    everyone = pool
    if one_per_house:  # the first stage of the lot; chances below are given its outcome
        pool = one_per_household(pool, rng)
    kinds: dict[tuple[str, ...], list[str]] = {}
    for v in sorted(pool, key=lambda v: v.id):
        answers = dict(v.answers)
        kinds.setdefault(tuple(answers.get(c, PREFER_NOT) for c in categories), []).append(v.id)
    order = sorted(kinds)
    keys = sorted(bounds)
    groups = {key: [k for k, kind in enumerate(order) if kind[categories.index(key[0])] == key[1]]
              for key in keys}
    panels = distribution([len(kinds[kind]) for kind in order], groups, bounds, seats)
    if panels is None:
        raise Infeasible(_relax(everyone, quotas, bounds, categories, seats))
    panels.sort()
    chance = dict.fromkeys(sorted(v.id for v in everyone), 0.0)
    for counts, p in panels:
        for k, n in enumerate(counts):
            for member in kinds[order[k]]:
                chance[member] += p * n / len(kinds[order[k]])
    pick, running = rng.random(), 0.0
    counts = panels[-1][0]
    for panel, p in panels:
        running += p
        if pick < running:
            counts = panel
            break
    members = tuple(sorted(m for k, n in enumerate(counts) for m in rng.sample(kinds[order[k]], n)))
    answers = {v.id: v.answers for v in everyone}
    achieved = Counter(pair for m in members for pair in answers[m])
    return Panel(members, {k: round(p, 6) for k, p in chance.items()},
                 {(q.category, q.value): achieved[(q.category, q.value)] for q in quotas},
                 seed, ALGORITHM, f"sortition-algorithms {version('sortition-algorithms')}"
                 " (maximin over kinds of volunteer)")


def _relax(pool: list[Volunteer], quotas: list[Quota],
           bounds: dict[tuple[str, str], tuple[int, int]], categories: list[str],
           seats: int) -> list[str]:
    """The library's advice: the smallest change to the quotas that lets a panel exist."""
    from sortition_algorithms import errors
    from sortition_algorithms.committee_generation import setup_committee_generation
    from sortition_algorithms.features import read_in_features
    from sortition_algorithms.people import People

    features, _, _ = read_in_features(
        ["feature", "value", "min", "max"],
        [{"feature": c, "value": v, "min": str(lo), "max": str(hi)}
         for (c, v), (lo, hi) in sorted(bounds.items())])
    people = People([])
    for row, v in enumerate(sorted(pool, key=lambda v: v.id), start=2):
        answers = dict(v.answers)
        people.add(v.id, {c: answers.get(c, PREFER_NOT) for c in categories}, features, row)
    try:
        setup_committee_generation(features, people, seats, [])
    except errors.InfeasibleQuotasError as e:
        return _advice(quotas, e.features)
    except errors.InfeasibleQuotasCantRelaxError:
        pass
    return ["No change to the quotas alone makes this pool work: invite more people."]
