"""How long the draw of a panel takes: 50 seats from 2,000 volunteers with 5 categories (the
issue's target: under 60 s on 2 cores), in the draw's own child process as the server runs it.

    .venv/bin/python benchmarks/sortition_draw.py [--volunteers 2000] [--seats 50]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sortition import draw  # noqa: E402
from sortition.lottery import Quota, Volunteer  # noqa: E402

CATEGORIES = {
    "gender": ["Woman", "Man", "Non-binary"],
    "age": ["16-29", "30-44", "45-64", "65+"],
    "income": ["Low", "Middle", "High"],
    "ethnicity": ["Asian", "Black", "Mixed", "White"],
    "tenure": ["Own", "Private rent", "Social rent"],
}


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


def main() -> None:
    args = argparse.ArgumentParser()
    args.add_argument("--volunteers", type=int, default=2000)
    args.add_argument("--seats", type=int, default=50)
    opts = args.parse_args()
    pool, quotas = pool_and_quotas(opts.volunteers, opts.seats)
    started = time.perf_counter()
    answer = draw.run_here(draw.request(pool, quotas, opts.seats, 31415926, False))
    took = time.perf_counter() - started
    chances = answer["chance"].values()
    print(f"{opts.seats} seats from {opts.volunteers} volunteers, 5 categories: {took:.1f} s "
          f"(child process, imports included); lowest chance {min(chances):.4f}, highest "
          f"{max(chances):.4f}, panel of {len(answer['members'])}")


if __name__ == "__main__":
    main()
