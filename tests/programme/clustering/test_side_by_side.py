"""Wards clustered side by side in worker processes: the same themes as one after the other."""

from __future__ import annotations

import csv
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from programme.clustering import Answer, cluster
from programme.clustering.side_by_side import _one_thread, cluster_wards, one_thread

DATA = Path(__file__).resolve().parents[2] / "data" / "answers"


def wards(per_ward: int = 100) -> dict[str, list[Answer]]:
    """The first answers of each ward of nhs_phase1, the wards of different sizes."""
    found: dict[str, list[Answer]] = defaultdict(list)
    with open(DATA / "nhs_phase1.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            size = per_ward + 40 * int(row["ward"][1:])
            if len(found[row["ward"]]) < size:
                found[row["ward"]].append(Answer(row["id"], row["text"]))
    return dict(found)


def test_side_by_side_gives_exactly_the_themes_of_one_ward_after_another():
    answers, bounds = wards(), (3, 40)
    finished: list[str] = []
    with one_thread():
        alone = cluster(answers, bounds=bounds, seed=3)
        other_seed = cluster(answers, bounds=bounds, seed=0)
    together = cluster_wards(answers, bounds=bounds, seed=3, workers=2, done=finished.append)
    assert list(together) == sorted(answers) and sorted(finished) == sorted(answers)
    assert together == alone  # every theme, label, quote, answer and the shortlist
    assert other_seed != alone  # so the seed did reach the workers
    assert cluster_wards(answers, bounds=bounds, seed=3, workers=1) == alone


def threads() -> int:
    import sklearn.cluster  # noqa: F401
    from threadpoolctl import threadpool_info

    return max(info["num_threads"] for info in threadpool_info())


def test_a_worker_and_a_serial_run_compute_on_one_thread():
    with ProcessPoolExecutor(1, mp_context=get_context("spawn"), initializer=_one_thread) as pool:
        assert pool.submit(threads).result() == 1
    free = threads()
    with one_thread():
        assert threads() == 1
    assert threads() == free  # the limit ends with the `with`
