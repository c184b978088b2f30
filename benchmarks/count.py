"""How fast is the count? One million ballots, 12 candidates, IRV and 3-seat STV.

Prints, in one run: our core count (ballots already in memory), the full `hustings count` CLI on a
CVR CSV, and pyrankvote 2.0.6 on the same ballots, core (Ballot objects built) and end to end
(read the CSV, build Ballot objects, count). A script that prints numbers, not a timed test:

    .venv/bin/python benchmarks/count.py [--ballots 1000000] [--pyrankvote-ballots N]

With --pyrankvote-ballots N < ballots, pyrankvote runs on the first N and its times are scaled
up linearly, and the output says so.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from primary import counting  # noqa: E402
from primary.counting_ballots import compile_ballots  # noqa: E402
from primary.counting_rules import primary_rules  # noqa: E402

NAMES = ["Ana", "Ben", "Cleo", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jo", "Kai", "Lena"]


def make_ballots(n: int, seed: int = 2024) -> list[list[str]]:
    """Realistic partial rankings: Zipf-ish first preferences, 1-6 ranks, later choices near the
    earlier ones on a left-right line (voters rank like-minded candidates together)."""
    rng = np.random.default_rng(seed)
    k = len(NAMES)
    zipf = 1.0 / np.arange(1, k + 1) ** 1.1
    order = rng.permutation(k)  # who is popular is unrelated to where they stand
    first_p = np.empty(k)
    first_p[order] = zipf / zipf.sum()
    position = np.arange(k, dtype=float)
    lengths = rng.choice(np.arange(1, 7), size=n, p=[0.22, 0.22, 0.2, 0.14, 0.1, 0.12])
    chosen = np.full((n, 6), -1, dtype=np.int64)
    chosen[:, 0] = rng.choice(k, size=n, p=first_p)
    taken = np.zeros((n, k), dtype=bool)
    taken[np.arange(n), chosen[:, 0]] = True
    for r in range(1, 6):
        last = position[chosen[:, r - 1]][:, None]
        weights = np.exp(-np.abs(position[None, :] - last) / 1.5) * (first_p[None, :] + 0.02)
        weights[taken] = 0.0
        cum = np.cumsum(weights, axis=1)
        pick = (cum < rng.random(n)[:, None] * cum[:, -1:]).sum(axis=1)
        pick = np.minimum(pick, k - 1)
        active = lengths > r
        chosen[active, r] = pick[active]
        taken[np.arange(n)[active], pick[active]] = True
    return [[NAMES[c] for c in row[:length]] for row, length in
            zip(chosen.tolist(), lengths.tolist(), strict=True)]


def write_csv(path: Path, ballots: list[list[str]]) -> None:
    with path.open("w", newline="") as f:
        f.write(",".join(f"rank{i}" for i in range(1, 7)) + "\n")
        f.writelines(",".join(b + [""] * (6 - len(b))) + "\n" for b in ballots)


def timed(fn, *args):
    start = time.perf_counter()
    value = fn(*args)
    return time.perf_counter() - start, value


def ours_core(ballots: list[list[str]], seats: int):
    return counting.count_primary(NAMES, ballots, seats, "bench")


def ours_grouped(grouped, seats: int):
    return counting.count(grouped, NAMES, seats, primary_rules(seats), seed="bench")


def ours_compiled(patterns, seats: int):
    """The round-by-round count alone, from ballots held as numbered patterns with weights
    (what pyrankvote's built Ballot objects are to pyrankvote)."""
    return counting._Count(patterns, NAMES, seats, primary_rules(seats), "bench").run()


def ours_cli(path: Path, seats: int) -> tuple[float, list[str]]:
    import json

    exe = ROOT / ".venv" / "bin" / "hustings"
    cmd = [str(exe), "count", str(path), "--format", "json", "--seats", str(seats)]
    start = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return time.perf_counter() - start, json.loads(out)["winners"]


def prv_build(rankings: list[list[str]]):
    import pyrankvote

    people = {name: pyrankvote.Candidate(name) for name in NAMES}
    return list(people.values()), [pyrankvote.Ballot(ranked_candidates=[people[n] for n in r])
                                   for r in rankings]


def prv_count(candidates, ballots, seats: int):
    import pyrankvote

    if seats == 1:
        return pyrankvote.instant_runoff_voting(candidates, ballots)
    return pyrankvote.single_transferable_vote(candidates, ballots, number_of_seats=seats)


def prv_end_to_end(path: Path, seats: int, limit: int):
    start = time.perf_counter()
    with path.open(newline="") as f:
        reader = csv.reader(f)
        next(reader)
        rankings = []
        for row in reader:
            rankings.append([c for c in row if c])
            if len(rankings) >= limit:
                break
    candidates, ballots = prv_build(rankings)
    result = prv_count(candidates, ballots, seats)
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ballots", type=int, default=1_000_000)
    parser.add_argument("--pyrankvote-ballots", type=int, default=None)
    args = parser.parse_args()
    n = args.ballots
    m = args.pyrankvote_ballots or n
    scale = n / m
    t, ballots = timed(make_ballots, n)
    grouped: dict[tuple, int] = {}
    for b in ballots:
        key = tuple((name,) for name in b)
        grouped[key] = grouped.get(key, 0) + 1
    print(f"{n:,} ballots, {len(NAMES)} candidates, {len(grouped):,} distinct rankings "
          f"(generated in {t:.1f} s)")
    if m != n:
        print(f"NOTE: pyrankvote runs on the first {m:,} ballots; its times are scaled x{scale:g}"
              " (linear) to estimate 1,000,000.")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cvr.csv"
        write_csv(path, ballots)
        print(f"CVR CSV: {path.stat().st_size / 1e6:.1f} MB")
        for seats, label in ((1, "IRV"), (3, "STV, 3 seats")):
            core, result = timed(ours_core, ballots, seats)
            core_g, _ = timed(ours_grouped, list(grouped.items()), seats)
            patterns = compile_ballots(list(grouped.items()), NAMES, primary_rules(seats))
            core_c = min(timed(ours_compiled, patterns, seats)[0] for _ in range(3))
            cli, cli_winners = ours_cli(path, seats)
            build, (cands, prv_ballots) = timed(prv_build, ballots[:m])
            prv_core, prv_result = timed(prv_count, cands, prv_ballots, seats)
            del prv_ballots
            prv_e2e, _ = prv_end_to_end(path, seats, m)
            prv_core, prv_e2e = prv_core * scale, prv_e2e * scale
            prv_winners = sorted(str(c) for c in prv_result.get_winners())
            print(f"\n{label}: winners ours {sorted(result.winners)}, CLI {sorted(cli_winners)}, "
                  f"pyrankvote {prv_winners}")
            print(f"  ours core (1M rankings in memory, grouped + counted) {core:8.3f} s")
            print(f"  ours core (distinct rankings with weights)          {core_g:8.3f} s")
            print(f"  ours core (rounds only, numbered patterns in memory){core_c:8.3f} s")
            print(f"  ours CLI end to end (hustings count CSV --format json){cli:7.3f} s")
            print(f"  pyrankvote core (Ballot objects built)              {prv_core:8.3f} s")
            print(f"  pyrankvote end to end (read CSV, build, count)       {prv_e2e:8.3f} s")
            print(f"  speed-up: core {prv_core / core:5.1f}x (grouped {prv_core / core_g:5.1f}x,"
                  f" rounds only {prv_core / core_c:5.1f}x), end to end {prv_e2e / cli:5.1f}x")


if __name__ == "__main__":
    main()
