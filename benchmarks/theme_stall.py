"""Does a clustering run hold up the server? The event loop's lag while one ward's themes are
found, with the run on a thread (as before) and in the worker process (as the server does now).

    .venv/bin/python benchmarks/theme_stall.py [--answers 3000]

Prints, for each, how late a 10 ms timer fires on the loop (p50, p99, worst) during the run: what
every hall request waits on top of its own work while an organiser finds themes. Then the same
for the organiser's edits, each both ways: a merge, a split (the server runs these on a thread)
and sorting in new answers (the last sixth of the answers; in the worker) on a ward clustered
from the rest.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from programme import themes, worker  # noqa: E402

DATA = ROOT / "tests" / "data" / "answers" / "nhs_phase1.csv"


async def lag_during(start) -> str:
    lags: list[float] = []
    task = asyncio.ensure_future(start())
    while not task.done():
        t0 = time.perf_counter()
        await asyncio.sleep(0.01)
        lags.append(time.perf_counter() - t0 - 0.01)
    await task
    lags.sort()
    ms = [1000 * lags[int(q * (len(lags) - 1))] for q in (0.5, 0.99, 1.0)]
    return f"p50 {ms[0]:.1f} ms, p99 {ms[1]:.1f} ms, worst {ms[2]:.1f} ms ({len(lags)} ticks)"


async def main(answers: int) -> None:
    with open(DATA, newline="", encoding="utf-8") as f:
        texts = {i: row["text"] for i, row in enumerate(csv.DictReader(f)) if i < answers}
    p = themes.params({})
    themes.cluster(dict(list(texts.items())[:100]), p, 0)  # imports, here and in the child:
    await worker.run(themes.cluster, dict(list(texts.items())[:100]), p, 0)  # not timed
    print(f"loop lag while clustering {len(texts):,} answers")
    print("  on a thread:   ", await lag_during(
        lambda: asyncio.to_thread(themes.cluster, texts, p, 0)))
    print("  worker process:", await lag_during(
        lambda: worker.run(themes.cluster, texts, p, 0)))
    from programme import clustering

    answers = [clustering.Answer(str(i), t) for i, t in texts.items()]
    cut = len(answers) * 5 // 6
    ward = clustering.cluster_ward(answers[:cut])
    for name, fn, args in [("merge two themes", clustering.merge_themes, (ward, [0, 1])),
                           ("split a theme", clustering.split_theme, (ward, 0)),
                           (f"sort in {len(answers) - cut} new", clustering.assign_new,
                            (ward, answers[cut:]))]:
        t0 = time.perf_counter()
        fn(*args)
        took = time.perf_counter() - t0
        print(f"  {name} ({took:.2f} s) on a thread:",
              await lag_during(lambda fn=fn, args=args: asyncio.to_thread(fn, *args)))
        print(f"  {name} in the worker:", await lag_during(
            lambda fn=fn, args=args: worker.run(fn, *args)))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=3000)
    asyncio.run(main(parser.parse_args().answers))
