"""How fast is the count? One million ballots, 12 candidates, IRV and 3-seat STV.

Prints, in one run: our core count (ballots already in memory), the full `hustings count` CLI on a
CVR CSV, and pyrankvote 2.0.6 on the same ballots, core (Ballot objects built) and end to end
(read the CSV, build Ballot objects, count). A script that prints numbers, not a timed test:

    .venv/bin/python benchmarks/count.py [--ballots 1000000] [--pyrankvote-ballots N]
        [--repeat 5] [--repeat-pyrankvote 3] [--only irv|stv]

With --pyrankvote-ballots N < ballots, pyrankvote runs on the first N and its times are scaled
up linearly, and the output says so.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from votes import counting  # noqa: E402
from votes.counting import cvr, piles  # noqa: E402
from votes.counting.ballots import compile_ballots  # noqa: E402
from votes.counting.rules import primary_rules  # noqa: E402

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


def repeated(times: int, fn, *args) -> tuple[list[float], object]:
    """Run `fn` `times` times; the sorted timings and the last value."""
    runs = []
    for _ in range(times):
        t, value = timed(fn, *args)
        runs.append(t)
    return sorted(runs), value


def show(label: str, runs: list[float]) -> str:
    spread = f"(best of {len(runs)}; worst {runs[-1]:.3f})" if len(runs) > 1 else "(one run)"
    return f"  {label:<66}{runs[0]:7.3f} s  {spread}"


def ours_core(grouped, seats: int, arrays: bool | None):
    piles.ARRAYS = arrays
    try:
        return counting.count(grouped, NAMES, seats, primary_rules(seats), seed="bench")
    finally:
        piles.ARRAYS = None


def ours_raw(ballots: list[list[str]], seats: int):
    return counting.count_primary(NAMES, ballots, seats, "bench")


def ours_rounds(patterns, seats: int):
    return counting._Count(patterns, NAMES, seats, primary_rules(seats), "bench").run()


def ours_cli(path: Path, seats: int, env: dict) -> list[str]:
    import json

    exe = ROOT / ".venv" / "bin" / "hustings"
    cmd = [str(exe), "count", str(path), "--format", "json", "--seats", str(seats)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(out)["winners"]


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
    with path.open(newline="") as f:
        reader = csv.reader(f)
        next(reader)
        rankings = []
        for row in reader:
            rankings.append([c for c in row if c])
            if len(rankings) >= limit:
                break
    candidates, ballots = prv_build(rankings)
    return prv_count(candidates, ballots, seats)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ballots", type=int, default=1_000_000)
    parser.add_argument("--pyrankvote-ballots", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each of our timings")
    parser.add_argument("--repeat-pyrankvote", type=int, default=3)
    parser.add_argument("--only", choices=("irv", "stv"), help="one method (default: both)")
    args = parser.parse_args()
    n = args.ballots
    m = args.pyrankvote_ballots or n
    scale = n / m
    t, ballots = timed(make_ballots, n)
    grouped: dict[tuple, int] = {}
    for b in ballots:
        key = tuple((name,) for name in b)
        grouped[key] = grouped.get(key, 0) + 1
    distinct = list(grouped.items())
    print(f"{n:,} ballots, {len(NAMES)} candidates, {len(grouped):,} distinct rankings "
          f"(generated in {t:.1f} s). Best of several runs; the machine may be shared.")
    if m != n:
        print(f"NOTE: pyrankvote runs on the first {m:,} ballots; its times are scaled x{scale:g}"
              " (linear) to estimate 1,000,000.")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cvr.csv"
        write_csv(path, ballots)
        print(f"CVR CSV: {path.stat().st_size / 1e6:.1f} MB")
        names, columns = cvr.read(path.read_bytes())  # what `hustings count` reads
        assert sorted(names) == sorted(NAMES)
        # The CLI as installed: bytecode compiled once (a warm-up run, not timed), kept in tmp.
        warm = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        warm["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        cold = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
        ours_cli(path, 1, warm)
        for seats, label in ((1, "IRV"), (3, "STV, 3 seats")):
            if args.only and args.only != label[:3].lower():
                continue
            r = args.repeat
            core, result = repeated(r, ours_core, distinct, seats, None)
            table = ("numpy" if piles.use_arrays(compile_ballots(
                distinct, NAMES, primary_rules(seats)), 10**4) else "plain Python")
            core_py, _ = repeated(r, ours_core, distinct, seats, False)
            rows, _ = repeated(r, ours_core, columns, seats, None)
            rows_py, _ = repeated(r, ours_core, columns, seats, False)
            raw, _ = repeated(r, ours_raw, ballots, seats)
            patterns = compile_ballots(distinct, NAMES, primary_rules(seats))
            rounds, _ = repeated(r, ours_rounds, patterns, seats)
            cli, cli_winners = repeated(r, ours_cli, path, seats, warm)
            cli_cold, _ = repeated(3, ours_cli, path, seats, cold)
            build, (cands, prv_ballots) = timed(prv_build, ballots[:m])
            rp = args.repeat_pyrankvote
            prv_core, prv_result = repeated(rp, prv_count, cands, prv_ballots, seats)
            del prv_ballots
            prv_e2e, _ = repeated(rp, prv_end_to_end, path, seats, m)
            prv_core = [x * scale for x in prv_core]
            prv_e2e = [x * scale for x in prv_e2e]
            prv_winners = sorted(str(c) for c in prv_result.get_winners())
            print(f"\n{label}: winners ours {sorted(result.winners)}, CLI {sorted(cli_winners)}, "
                  f"pyrankvote {prv_winners}")
            print("  ours core = compile (names to candidate numbers, ballot rules) + every round:")
            print(show(f"  from the CSV reader's distinct rows (Columns), {table} table", rows))
            print(show("  the same, plain Python table", rows_py))
            print(show(f"  from (ranking of names, count) pairs, {table} table", core))
            print(show("  the same, plain Python table", core_py))
            print(show(f"ours from {n:,} raw rankings in memory (grouped, then counted)", raw))
            print(show("ours rounds only (patterns compiled to candidate numbers)", rounds))
            print(show("ours CLI end to end: hustings count CSV --format json", cli))
            print(show("  the same with no bytecode cache (compiles our modules each run)",
                       cli_cold))
            print(show("pyrankvote core: its Ballot objects built, in memory", prv_core))
            print(show("pyrankvote end to end: read CSV, build Ballots, count (in-process)",
                       prv_e2e))
            print(f"  speed-up (best v best): core {prv_core[0] / rows[0]:5.1f}x from the reader's "
                  f"rows, {prv_core[0] / core[0]:5.1f}x from pairs (plain Python table "
                  f"{prv_core[0] / rows_py[0]:5.1f}x / {prv_core[0] / core_py[0]:5.1f}x; rounds "
                  f"only {prv_core[0] / rounds[0]:5.1f}x); CLI end to end "
                  f"{prv_e2e[0] / cli[0]:5.1f}x")

if __name__ == "__main__":
    main()
