"""How long does `hustings themes` take on a 10,000-answer file? The goal: under 10 s wall on two
cores, for the default path (issue 13).

Times the command as an organiser runs it, start to finish (Python starting, imports, reading,
clustering, JSON): the whole of tests/data/answers/nhs_phase1.csv (10,302 answers, four wards),
and its first 10,000 answers as one ward. With --against, another checkout (say, main's code
copied elsewhere) runs in turn with this one, run for run, so both meet the same load on a
shared machine; each time is the best of --runs, with the CPU time of that run.

    .venv/bin/python benchmarks/themes_speed.py [--runs 3] [--against /path/to/other/checkout]
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILE = ROOT / "tests" / "data" / "answers" / "nhs_phase1.csv"


def one_ward(rows: int = 10_000) -> Path:
    """The first `rows` answers of nhs_phase1 as a single ward."""
    out = Path(tempfile.mkdtemp()) / "one_ward.csv"
    with open(FILE, newline="", encoding="utf-8") as f, open(out, "w", newline="",
                                                             encoding="utf-8") as g:
        writer = csv.writer(g)
        writer.writerow(["id", "ward", "text"])
        for n, row in enumerate(csv.DictReader(f)):
            if n == rows:
                break
            writer.writerow([row["id"], "W1", row["text"]])
    return out


def run(checkout: Path, path: Path) -> tuple[float, float]:
    """Wall and CPU seconds (this and its worker processes) of one `hustings themes` run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cli", "themes", str(path), "--format", "json"],
                   cwd=checkout, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "PYTHONPATH": str(checkout)})
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--against", type=Path, help="another checkout, timed in turn with this")
    args = parser.parse_args()
    checkouts = [("this", ROOT)] + ([("against", args.against.resolve())] if args.against else [])
    files = [("nhs_phase1.csv, 10,302 answers in 4 wards", FILE),
             ("10,000 answers in one ward", one_ward())]
    print(f"{len(os.sched_getaffinity(0))} cores; load {os.getloadavg()[0]:.1f} at the start")
    for label, path in files:
        best: dict[str, tuple[float, float]] = {}
        for _ in range(args.runs):
            for name, checkout in checkouts:  # in turn, so both see the same load
                wall, cpu = run(checkout, path)
                if name not in best or wall < best[name][0]:
                    best[name] = (wall, cpu)
        for name, checkout in checkouts:
            wall, cpu = best[name]
            print(f"{label}: {name} ({checkout}) {wall:.2f} s wall, {cpu:.2f} s CPU "
                  f"(best of {args.runs})", flush=True)
    print(f"load {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
