"""Wards clustered side by side, one worker process a core: the same themes as `cluster`.

Each ward is clustered alone by `cluster_ward`, so a file of four wards on two cores takes about
half the time. The workers are started fresh ("spawn": nothing of the caller's state is copied)
and each does its arithmetic on one thread, so two workers use two cores, not four threads
fighting over them. For the command line and benchmarks: the web app clusters one ward a run,
in its one child process (programme/worker.py), and leaves the other core to the hall.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

from programme.clustering.themes import DEFAULT_BOUNDS, Answer, WardThemes, cluster_ward

SIDE_BY_SIDE_FROM = 2000  # answers: below this, starting workers (~1 s each) costs more
ONE_THREAD = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def cores() -> int:
    """The cores this process may use (a container or `taskset` may allow fewer than exist)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def cluster_wards(answers: Mapping[str, Sequence[Answer]], k: int | None = None,
                  bounds: tuple[int, int] = DEFAULT_BOUNDS, seed: int = 0,
                  embeddings: bool = False, workers: int | None = None,
                  done: Callable[[str], None] | None = None) -> dict[str, WardThemes]:
    """Themes for each ward, wards in sorted order, exactly as `cluster` gives them on one
    thread. `workers` (default: the cores, for 2,000 answers or more) processes share the
    wards, biggest first; `done(ward)` is called as each ward finishes. The sentence-embedding
    extra runs in this process only: its model would load once per worker, and it already uses
    every core."""
    wards = sorted(answers)
    if workers is None:  # a small file is done before the workers would have loaded
        workers = cores() if sum(len(a) for a in answers.values()) >= SIDE_BY_SIDE_FROM else 1
    workers = min(workers, len(wards))
    if workers <= 1 or embeddings:
        found = {}
        with one_thread():
            for ward in wards:
                found[ward] = cluster_ward(answers[ward], k, bounds, seed, embeddings)
                if done:
                    done(ward)
        return found
    found = {}
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_one_thread) as pool:
        running = {pool.submit(cluster_ward, answers[w], k, bounds, seed): w
                   for w in sorted(wards, key=lambda w: -len(answers[w]))}
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                ward = running.pop(future)
                found[ward] = future.result()
                if done:
                    done(ward)
    return {ward: found[ward] for ward in wards}


def one_thread():
    """In this process, until the `with` ends: one thread for linear algebra and k-means.
    Besides sharing the cores fairly, this makes the themes the same however many cores there
    are: on two threads the sums come in another order and, on a big ward, k-means ends in
    other themes (measured on nhs_phase1: 2,735 of 10,302 answers filed differently)."""
    import sklearn.cluster  # noqa: F401  loads OpenBLAS and OpenMP, so the limit reaches both
    from threadpoolctl import threadpool_limits

    return threadpool_limits(1)


def _one_thread() -> None:
    """In a fresh worker, before numpy loads: one thread, as `one_thread` sets."""
    for name in ONE_THREAD:
        os.environ[name] = "1"
