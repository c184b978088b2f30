"""Maximin over kinds of volunteer: the distribution over panels that makes the least likely
volunteer as likely as the quotas allow (Flanigan et al. 2021, the algorithm
`sortition-algorithms` calls "maximin").

Volunteers with the same answers to every category are interchangeable to the quotas, so by
symmetry an optimal distribution gives them equal chances: the panels are solved as how many of
each kind (a few hundred integer variables) rather than who (thousands of yes/no variables), then
the members of each kind are drawn by lot. The library's own maximin, one variable per person,
did not finish 50 seats from 2,000 volunteers in 15 minutes here; this finishes in seconds.

Uses the library's solver layer (HiGHS through highspy). Imported only by select(), in the draw's
child process.
"""

from __future__ import annotations

from collections.abc import Sequence

from sortition_algorithms.committee_generation.solver import SolverSense, create_solver, solver_sum

EPS = 1e-7
SEED = 1  # the solver's own randomness: fixed, so the same pool gives the same distribution

Kind = tuple[str, ...]  # one answer per category, in the order of the categories


def _panel_solver(sizes: Sequence[int], groups: dict[tuple[int, int], list[int]],
                  bounds: dict[tuple[int, int], tuple[int, int]], seats: int):
    """An integer program whose solutions are the feasible panels, as counts per kind."""
    solver = create_solver(backend="highspy", seed=SEED)
    counts = [solver.add_integer_var(lb=0, ub=size) for size in sizes]
    solver.add_constr(solver_sum(counts) == seats)
    for key, kinds in groups.items():
        low, high = bounds[key]
        total = solver_sum(counts[k] for k in kinds)
        solver.add_constr(total >= low)
        solver.add_constr(total <= high)
    return solver, counts


def distribution(sizes: Sequence[int], groups: dict[tuple[int, int], list[int]],
                 bounds: dict[tuple[int, int], tuple[int, int]], seats: int
                 ) -> list[tuple[tuple[int, ...], float]] | None:
    """Panels (counts per kind) with their probabilities, maximising the smallest chance of any
    volunteer; None if no panel meets the quotas. `groups` maps a (category, value) to the kinds
    that have it, `bounds` to its (min, max)."""
    solver, counts = _panel_solver(sizes, groups, bounds, seats)
    n = len(sizes)
    found: list[tuple[int, ...]] = []

    def best(weights: Sequence[float]) -> tuple[int, ...] | None:
        solver.set_objective(solver_sum(w / sizes[k] * counts[k] for k, w in enumerate(weights)),
                             SolverSense.MAXIMIZE)
        if solver.optimize().name not in ("OPTIMAL", "FEASIBLE"):
            return None
        return tuple(round(solver.get_value(c)) for c in counts)

    first = best([1.0] * n)
    if first is None:
        return None
    found.append(first)
    # Every kind on at least one panel if any panel can hold it: reward the kinds not yet on one,
    # many at a time, then try each left over alone.
    while True:
        missing = [0.0 if any(p[k] for p in found) else 1.0 for k in range(n)]
        panel = best(missing)
        if panel is None or panel in found or not any(panel[k] for k in range(n) if missing[k]):
            break
        found.append(panel)
    for k in range(n):
        if not any(p[k] for p in found):
            weights = [0.0] * n
            weights[k] = 1.0
            panel = best(weights)
            if panel is not None and panel[k]:
                found.append(panel)
    # Column generation on the dual: weights on kinds that no known panel serves better than w.
    served = [k for k in range(n) if any(p[k] for p in found)]
    lp = create_solver(backend="highspy", seed=SEED)
    y = {k: lp.add_continuous_var(lb=0.0, ub=1.0) for k in served}
    w = lp.add_continuous_var(lb=0.0, ub=float(seats))
    lp.add_constr(solver_sum(y.values()) == 1)
    lp.set_objective(w, SolverSense.MINIMIZE)

    def serve(panel: tuple[int, ...]) -> None:
        lp.add_constr(solver_sum(panel[k] / sizes[k] * y[k] for k in served if panel[k]) <= w)

    for panel in found:
        serve(panel)
    while True:
        lp.optimize()
        weights = [0.0] * n
        for k, var in y.items():
            weights[k] = max(0.0, lp.get_value(var))
        panel = best(weights)
        value = sum(wk * panel[k] / sizes[k] for k, wk in enumerate(weights))
        if value <= lp.get_value(w) + EPS or panel in found:
            break
        found.append(panel)
        serve(panel)
    return _primal(found, sizes)


def _primal(found: list[tuple[int, ...]], sizes: Sequence[int]
            ) -> list[tuple[tuple[int, ...], float]]:
    """The probabilities of the panels found: max z, every kind served at least z."""
    lp = create_solver(backend="highspy", seed=SEED)
    p = [lp.add_continuous_var(lb=0.0, ub=1.0) for _ in found]
    z = lp.add_continuous_var(lb=0.0, ub=1.0)
    lp.add_constr(solver_sum(p) == 1)
    for k in range(len(sizes)):
        if any(panel[k] for panel in found):
            lp.add_constr(solver_sum(panel[k] / sizes[k] * p[i]
                                     for i, panel in enumerate(found) if panel[k]) >= z)
    lp.set_objective(z, SolverSense.MAXIMIZE)
    lp.optimize()
    chances = [max(0.0, lp.get_value(v)) for v in p]
    total = sum(chances)
    return [(panel, c / total) for panel, c in zip(found, chances, strict=True) if c > EPS]
