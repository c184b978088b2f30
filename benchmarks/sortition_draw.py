"""How long the draw of a panel takes: 50 seats from 2,000 volunteers with 5 categories (the
issue's target: under 60 s on 2 cores), in the draw's own child process as the server runs it,
with the CPU seconds it used (the machine may be shared: CPU is the fairer figure).

    .venv/bin/python benchmarks/sortition_draw.py [--volunteers 2000] [--seats 50] [--library]

--library also times the reference: sortition-algorithms' own maximin (one variable per person)
on the same pool, in a child process, given at most --limit seconds.
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sortition import draw  # noqa: E402
from sortition.lottery import Quota, Volunteer  # noqa: E402

CATEGORIES = {
    "gender": ["Woman", "Man", "Non-binary"],
    "age": ["16-29", "30-44", "45-64", "65+"],
    "income": ["Low", "Middle", "High"],
    "ethnicity": ["Asian", "Black", "Mixed", "White"],
    "tenure": ["Own", "Private rent", "Social rent"],
}

LIBRARY = """
import sys, json
from sortition_algorithms.committee_generation import find_distribution_maximin
from sortition_algorithms.features import read_in_features
from sortition_algorithms.people import People
from sortition_algorithms.utils import set_random_provider
req = json.load(sys.stdin)
features, _, _ = read_in_features(["feature", "value", "min", "max"], [
    {"feature": c, "value": v, "min": str(lo), "max": str(hi)} for c, v, lo, hi in req["quotas"]])
people = People([])
for row, (i, answers, _) in enumerate(req["pool"], start=2):
    people.add(i, dict(answers), features, row)
set_random_provider(req["seed"])
committees, chances, _ = find_distribution_maximin(features, people, req["seats"], [])
"""


def pool_and_quotas(volunteers: int, seats: int, seed: int = 7):
    rng = random.Random(seed)
    weights = {c: [rng.uniform(0.5, 2) for _ in vs] for c, vs in CATEGORIES.items()}
    pool = [Volunteer(str(i), tuple((c, rng.choices(vs, weights[c])[0])
                                    for c, vs in CATEGORIES.items()))
            for i in range(1, volunteers + 1)]
    have = Counter(pair for v in pool for pair in v.answers)
    quotas = []
    for c, values in CATEGORIES.items():  # census-like shares: the pool's own, give or take 20%
        for v in values:
            share = have[(c, v)] / volunteers * seats
            quotas.append(Quota(c, v, int(share * 0.8), int(share * 1.2) + 1))
    return pool, quotas


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def main() -> None:
    args = argparse.ArgumentParser()
    args.add_argument("--volunteers", type=int, default=2000)
    args.add_argument("--seats", type=int, default=50)
    args.add_argument("--library", action="store_true")
    args.add_argument("--limit", type=int, default=600)
    opts = args.parse_args()
    pool, quotas = pool_and_quotas(opts.volunteers, opts.seats)
    req = draw.request(pool, quotas, opts.seats, 31415926, False)
    cpu, started = _children_cpu(), time.perf_counter()
    answer = draw.run_here(req)
    took, cpu = time.perf_counter() - started, _children_cpu() - cpu
    chances = answer["chance"].values()
    print(f"hustings: {opts.seats} seats from {opts.volunteers} volunteers, 5 categories: "
          f"{took:.1f} s ({cpu:.1f} s CPU; child process, imports included); lowest chance "
          f"{min(chances):.4f}, highest {max(chances):.4f}, panel of {len(answer['members'])}")
    if opts.library:
        import json

        cpu, started = _children_cpu(), time.perf_counter()
        try:
            subprocess.run([sys.executable, "-c", LIBRARY], input=json.dumps(req).encode(),
                           capture_output=True, timeout=opts.limit, check=True)
            outcome = "finished"
        except subprocess.TimeoutExpired:
            outcome = f"not finished after {opts.limit} s"
        took, cpu = time.perf_counter() - started, _children_cpu() - cpu
        print(f"reference, the library's maximin on the same pool: {outcome}, {took:.1f} s "
              f"({cpu:.1f} s CPU)")


if __name__ == "__main__":
    main()
