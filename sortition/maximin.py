"""Maximin over kinds of volunteer: the distribution over panels that makes the least likely
volunteer as likely as the quotas allow (Flanigan et al. 2021, the algorithm
`sortition-algorithms` calls "maximin"), by the same column generation.

Volunteers with the same answers to every category are interchangeable to the quotas, so by
symmetry an optimal distribution gives them equal chances: panels are solved as how many of each
kind (a few hundred integer variables) rather than who (thousands of yes/no variables), and the
members of each kind are then drawn by lot. The library's own maximin, one variable per person,
had not finished 50 seats from 2,000 volunteers after 10 minutes here (docs/sortition.md);
tests/sortition/test_against_library.py checks the two agree.

HiGHS (highspy, the library's solver) is driven directly: the library's wrapper solves twice for
each objective it sets. Imported only by select(), in the draw's child process.
"""

from __future__ import annotations

from collections.abc import Sequence

import highspy
import numpy as np

EPS = 1e-7
CLOSE = 1e-3  # stop once the least chance is within 0.1% of the best any lottery could give


def _highs() -> highspy.Highs:
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("random_seed", 1)  # fixed: the same pool gives the same distribution
    h.setOptionValue("threads", 1)
    return h


def _row(h, low: float, high: float, columns: Sequence[int], values: Sequence[float]) -> None:
    h.addRow(low, high, len(columns), np.array(columns, dtype=np.int32),
             np.array(values, dtype=np.float64))


def distribution(sizes: Sequence[int], groups: dict[tuple[str, str], list[int]],
                 bounds: dict[tuple[str, str], tuple[int, int]], seats: int
                 ) -> list[tuple[tuple[int, ...], float]] | None:
    """Panels (counts per kind) with their probabilities, maximising the smallest chance of any
    volunteer; None if no panel meets the quotas. `groups` maps a (category, value) to the kinds
    that have it, `bounds` to its (min, max)."""
    n = len(sizes)
    every = np.arange(n, dtype=np.int32)
    # One thread, for the same answer on any machine; HiGHS refuses that (and solves nothing)
    # once another solve in this process started its scheduler with more, so start it afresh.
    highspy.Highs.resetThreadScheduler(True)
    pricing = _highs()
    pricing.setOptionValue("mip_rel_gap", 1e-6)  # its value bounds the best lottery: keep it exact
    pricing.addVars(n, np.zeros(n), np.array(sizes, dtype=np.float64))
    pricing.changeColsIntegrality(n, every, np.array([highspy.HighsVarType.kInteger] * n))
    _row(pricing, seats, seats, range(n), [1.0] * n)
    for key, kinds in groups.items():
        if kinds:
            _row(pricing, bounds[key][0], bounds[key][1], kinds, [1.0] * len(kinds))
        elif bounds[key][0] > 0:
            return None
    pricing.changeObjectiveSense(highspy.ObjSense.kMaximize)
    per_person = 1.0 / np.array(sizes, dtype=np.float64)

    def best(weights: np.ndarray) -> tuple[int, ...] | None:
        """The panel that gives the weighted kinds most, per person."""
        pricing.changeColsCost(n, every, weights * per_person)
        pricing.run()
        status = pricing.getModelStatus()
        if status == highspy.HighsModelStatus.kInfeasible:
            return None
        if status != highspy.HighsModelStatus.kOptimal:  # never to be read as "no panel exists"
            raise RuntimeError(f"HiGHS could not solve for a panel: {status}")
        return tuple(int(round(v)) for v in pricing.getSolution().col_value)

    found: list[tuple[int, ...]] = []
    first = best(np.ones(n))
    if first is None:
        return None
    found.append(first)
    # Every kind on at least one panel if any panel can hold it: reward the kinds not yet on
    # one, many at a time, then try each left over alone.
    while True:
        missing = np.array([0.0 if any(p[k] for p in found) else 1.0 for k in range(n)])
        panel = best(missing)
        if panel is None or panel in found or not any(panel[k] for k in range(n) if missing[k]):
            break
        found.append(panel)
    for k in range(n):
        if not any(p[k] for p in found):
            alone = np.zeros(n)
            alone[k] = 1.0
            panel = best(alone)
            if panel is not None and panel[k]:
                found.append(panel)
    served = [k for k in range(n) if any(p[k] for p in found)]
    # Column generation on the dual: weights y on the kinds (summing to 1) such that no known
    # panel gives them more than w; a panel that gives more is added, until none does.
    dual = _highs()
    dual.setOptionValue("presolve", "off")  # keep the simplex basis from one row to the next
    dual.addVars(len(served) + 1, np.zeros(len(served) + 1),
                 np.array([1.0] * len(served) + [float(seats)]))
    w = len(served)
    dual.changeColCost(w, 1.0)
    _row(dual, 1.0, 1.0, range(len(served)), [1.0] * len(served))

    def serve(panel: tuple[int, ...]) -> None:
        cols = [i for i, k in enumerate(served) if panel[k]]
        _row(dual, -highspy.kHighsInf, 0.0, [*cols, w],
             [panel[served[i]] / sizes[served[i]] for i in cols] + [-1.0])

    for panel in found:
        serve(panel)
    # No lottery gives everyone more than the seats shared equally; and for any weights, no
    # lottery gives the weighted kinds more than the best panel does.
    ceiling = seats / sum(sizes[k] for k in served)
    while True:
        dual.run()
        values = dual.getSolution().col_value
        if values[w] >= ceiling * (1 - CLOSE):
            break
        weights = np.zeros(n)
        for i, k in enumerate(served):
            weights[k] = max(0.0, values[i])
        panel = best(weights)
        if panel is None or panel in found:
            break
        ceiling = min(ceiling, sum(weights[k] * panel[k] / sizes[k] for k in served))
        if values[w] >= ceiling * (1 - CLOSE) or ceiling <= values[w] + EPS:
            break
        found.append(panel)
        serve(panel)
    return _primal(found, sizes, served)


def _primal(found: list[tuple[int, ...]], sizes: Sequence[int], served: list[int]
            ) -> list[tuple[tuple[int, ...], float]]:
    """The probabilities of the panels found: max z, every kind served at least z."""
    lp = _highs()
    m = len(found)
    lp.addVars(m + 1, np.zeros(m + 1), np.ones(m + 1))
    lp.changeColCost(m, 1.0)
    lp.changeObjectiveSense(highspy.ObjSense.kMaximize)
    _row(lp, 1.0, 1.0, range(m), [1.0] * m)
    for k in served:
        cols = [i for i, p in enumerate(found) if p[k]]
        _row(lp, 0.0, highspy.kHighsInf, [*cols, m],
             [found[i][k] / sizes[k] for i in cols] + [-1.0])
    lp.run()
    chances = [max(0.0, v) for v in lp.getSolution().col_value[:m]]
    total = sum(chances)
    return [(panel, c / total) for panel, c in zip(found, chances, strict=True) if c > EPS]
