"""How good and how fast are the themes? Our pipeline against a plain TF-IDF + k-means baseline.

Prints, in one run, for each labelled set in tests/data/answers (nhs_phase1, banking77), the
fixtures' measure as their own scorer (tests/data/answers/score_wdc.py, README.md there) computes
it from the JSON `hustings themes` writes: WDC (weighted demand coverage of the shortlist), big
(share of demands with >= 10 % of a ward's demand answers that a shortlisted theme stands for),
valid (distinct demands stood for / 5), purity, mass (of a demand's answers, the share inside the
theme that stands for it) and themes per ward for review; then NMI over all answers and the time
to cluster the whole file (all wards); then the time for 10,000 answers in one ward. Each method
runs once per seed (--seeds, default 5); scores are the mean over seeds with their range; the
time is the best run (the machine is shared).

    .venv/bin/python benchmarks/themes.py [--seeds 5] [--sets nhs_phase1 banking77] [--embeddings]
                                          [--per-seed]

Also printed: how many answers wait unsorted (no theme clearly theirs) or sit in "no demand", and
how well "no demand" recovers nhs_phase1's "Couldn't be improved" label (precision, recall; the
bucket also holds pure praise, which that file labels "Staff" or "Care received").
--embeddings adds a row for the optional sentence-embedding extra (hustings[embeddings]).

Baseline: per ward, TF-IDF (sklearn defaults) + KMeans with the true number of labels
(n_init=5, the run's seed); its shortlist is the five largest clusters.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "data" / "answers"))  # the fixtures' scorer

from programme import clustering  # noqa: E402
from programme.clustering.side_by_side import cluster_wards, one_thread  # noqa: E402

DATA = ROOT / "tests" / "data" / "answers"
NOT_DEMANDS = {"Couldn't be improved"}  # nhs_phase1's "nothing to improve" (fixtures README)


def load(name: str) -> list[dict[str, str]]:
    with open(DATA / f"{name}.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def by_ward(rows):
    wards = defaultdict(list)
    for r in rows:
        wards[r["ward"]].append(clustering.Answer(r["id"], r["text"]))
    return wards


# -- what the grader reads: per ward, themes' answer ids, a shortlist, and assignments --------
def ours(rows, seed=0, embeddings=False):
    from programme.themes_cli import to_json

    # As `hustings themes` runs: wards side by side, each on one thread (the same themes).
    result = cluster_wards(by_ward(rows), seed=seed, embeddings=embeddings)
    out = to_json(result)
    out["no_demand"] = [i for w in result.values() for i in w.no_demand]
    return out


def baseline(rows, seed=0):
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    k = len({r["label"] for r in rows})
    wards, assignments = {}, {}
    for ward, answers in sorted(by_ward(rows).items()):
        x = TfidfVectorizer().fit_transform([a.text for a in answers])
        labels = KMeans(k, n_init=5, random_state=seed).fit_predict(x)
        themes = [{"answer_ids": [a.id for a, lab in zip(answers, labels, strict=True)
                                  if lab == j]} for j in range(k)]
        sizes = Counter(labels.tolist())
        top = [j for j, _ in sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0]))[:5]]
        wards[ward] = {"themes": themes, "shortlist": top}
        assignments.update({a.id: int(lab) for a, lab in zip(answers, labels, strict=True)})
    return {"wards": wards, "assignments": assignments}


def score(name, rows, out) -> dict[str, float]:
    """The fixtures' own scorer (WDC and its guards), then NMI over all answers."""
    import json
    import tempfile

    from score_wdc import score as wdc
    from sklearn.metrics import normalized_mutual_info_score

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(out, f)
    try:
        figures = wdc(str(DATA / f"{name}.csv"), f.name, NOT_DEMANDS)
    finally:
        Path(f.name).unlink()
    ids = sorted(r["id"] for r in rows)
    ward_of = {r["id"]: r["ward"] for r in rows}
    truth = {r["id"]: r["label"] for r in rows}
    pred = [f"{ward_of[i]}:{out['assignments'].get(i)}" for i in ids]
    figures["nmi"] = normalized_mutual_info_score([truth[i] for i in ids], pred)
    figures["extra"] = ""
    if "no_demand" in out:
        no_demand = set(out["no_demand"])
        waiting = sum(1 for i, a in out["assignments"].items() if a is None and
                      i not in no_demand)
        figures["extra"] = f"  waiting {waiting}, no demand {len(no_demand)} of {len(ids)}"
        nothing = {i for i in ids if truth[i] in NOT_DEMANDS}
        if nothing:
            hit = len(nothing & no_demand)
            figures["extra"] += (f"; 'nothing to improve' found: precision "
                                 f"{hit / max(1, len(no_demand)):.2f}, recall "
                                 f"{hit / len(nothing):.2f}")
    return figures


def timed(fn):
    t0 = time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--sets", nargs="*", default=["nhs_phase1", "banking77"])
    parser.add_argument("--embeddings", action="store_true",
                        help="add a row for the optional sentence-embedding extra")
    parser.add_argument("--per-seed", action="store_true", help="also print each seed's figures")
    args = parser.parse_args()
    methods = [("TF-IDF+KMeans", baseline), ("ours", ours)]  # the quick baseline first
    if args.embeddings:
        methods.append(("ours+embeddings", lambda rows, seed: ours(rows, seed, True)))
    keys = ("WDC", "big", "valid", "purity", "mass", "themes")
    print(f"{'set':<11} {'method':<16} " + " ".join(f"{k:>16}" for k in keys) +
          f" {'NMI':>6} {'time':>7}   (means over seeds 0-{args.seeds - 1} [range])")
    for name in args.sets:
        rows = load(name)
        for method, fn in methods:
            runs, scores = [], []
            for seed in range(args.seeds):  # each seed's figures as soon as they are known
                runs.append(timed(lambda fn=fn, seed=seed, rows=rows: fn(rows, seed)))
                scores.append(score(name, rows, runs[-1][1]))
                if args.per_seed:
                    print(f"{name:<11} {method + ' seed ' + str(seed):<16} " + " ".join(
                        f"{scores[-1][k]:>16.{0 if k == 'themes' else 2}f}" for k in keys) +
                        f" {scores[-1]['nmi']:6.3f} {runs[-1][0]:6.2f}s", flush=True)

            def mean(key, scores=scores):
                values = [s[key] for s in scores]
                digits = 0 if key == "themes" else 2
                return (f"{sum(values) / len(values):.{digits}f} [{min(values):.{digits}f}-"
                        f"{max(values):.{digits}f}]")

            nmi = sum(s["nmi"] for s in scores) / len(scores)
            seconds = min(t for t, _ in runs)
            print(f"{name:<11} {method:<16} " + " ".join(f"{mean(k):>16}" for k in keys) +
                  f" {nmi:6.3f} {seconds:6.2f}s{scores[0]['extra']}", flush=True)
    rows = load("nhs_phase1")[:10000]
    one = [clustering.Answer(r["id"], r["text"]) for r in rows]
    with one_thread():
        seconds, ward = min((timed(lambda: clustering.cluster_ward(one)) for _ in range(2)),
                            key=lambda run: run[0])
    print(f"10,000 answers in one ward (nhs_phase1): {seconds:.2f}s, "
          f"{len(ward.themes)} themes, {len(ward.no_demand)} answers with no demand, "
          f"{len(ward.unsorted)} clauses unsorted")


if __name__ == "__main__":
    main()
