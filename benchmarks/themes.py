"""How good and how fast are the themes? Our pipeline against a plain TF-IDF + k-means baseline.

Prints, in one run, for each labelled set in tests/data/answers (nhs_phase1, banking77): NMI and
ARI over all answers (clusters are per ward; no-demand answers form one more cluster), demand
coverage and purity of the shortlist as the fixtures README defines them, the number of themes
per ward, and the time to cluster the whole file (all wards). Then the time for 10,000 answers in
a single ward. Each method runs once per seed (--seeds, default 5: k-means starts and samples
differ by seed, and one seed's shortlist can move by a label or two); the scores are the mean over
seeds, with their range; the time is the best run (the machine is shared).

    .venv/bin/python benchmarks/themes.py [--seeds 5] [--sets nhs_phase1 banking77] [--embeddings]

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

from programme import clustering  # noqa: E402

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


# -- what the grader reads: per ward, themes' answer ids and a shortlist -----------------------
def ours(rows, seed=0, embeddings=False):
    result = clustering.cluster(by_ward(rows), seed=seed, embeddings=embeddings)
    out = {}
    for ward, w in result.items():
        out[ward] = ([list(t.answer_ids) for t in w.themes], list(w.shortlist), w.assignments(),
                     list(w.no_demand))
    return out


def baseline(rows, seed=0):
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    k = len({r["label"] for r in rows})
    out = {}
    for ward, answers in sorted(by_ward(rows).items()):
        x = TfidfVectorizer().fit_transform([a.text for a in answers])
        labels = KMeans(k, n_init=5, random_state=seed).fit_predict(x)
        themes = [[a.id for a, lab in zip(answers, labels, strict=True) if lab == j]
                  for j in range(k)]
        sizes = Counter(labels.tolist())
        top = [j for j, _ in sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0]))[:5]]
        out[ward] = (themes, top, {a.id: int(lab) for a, lab in zip(answers, labels,
                                                                     strict=True)})
    return out


def score(rows, result) -> dict[str, float]:
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    truth = {r["id"]: r["label"] for r in rows}
    ward_of = {r["id"]: r["ward"] for r in rows}
    coverage, purity, ks = [], [], []
    for ward, (themes, short, *_) in sorted(result.items()):
        counts = Counter(truth[i] for i in truth if ward_of[i] == ward and
                         truth[i] not in NOT_DEMANDS)
        ranked = counts.most_common()
        fifth = ranked[min(4, len(ranked) - 1)][1]
        eligible = {lab for lab, n in ranked if n >= fifth}
        covered, right, total = set(), 0, 0
        for j in short:
            labs = Counter(truth[i] for i in themes[j])
            if not labs:
                continue
            major, n = sorted(labs.items(), key=lambda kv: (-kv[1], kv[0]))[0]
            right, total = right + n, total + sum(labs.values())
            if major in eligible:
                covered.add(major)
        coverage.append(min(len(covered), 5) / 5)
        purity.append(right / total if total else 0.0)
        ks.append(len(themes))
    ids = sorted(truth)
    pred = []
    for i in ids:
        assigned = result[ward_of[i]][2]
        a = assigned.get(i)
        pred.append(f"{ward_of[i]}:{'none' if a is None else a}")
    true = [truth[i] for i in ids]
    extra = ""
    if all(len(r) > 3 for r in result.values()):
        no_demand = {i for r in result.values() for i in r[3]}
        unsorted = sum(1 for r in result.values() for i, a in r[2].items()
                       if a is None and i not in no_demand)
        extra = f"  unsorted {unsorted}, no demand {len(no_demand)} of {len(ids)}"
        nothing = {i for i in ids if truth[i] in NOT_DEMANDS}
        if nothing:
            hit = len(nothing & no_demand)
            extra += (f"; 'nothing to improve' found: precision {hit / max(1, len(no_demand)):.2f}"
                      f", recall {hit / len(nothing):.2f}")
    return {"nmi": normalized_mutual_info_score(true, pred),
            "ari": adjusted_rand_score(true, pred),
            "coverage": sum(coverage) / len(coverage), "purity": sum(purity) / len(purity),
            "k": ks, "extra": extra}


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
    args = parser.parse_args()
    methods = [("ours", ours), ("TF-IDF+KMeans", baseline)]
    if args.embeddings:
        methods.insert(1, ("ours+embeddings", lambda rows, seed: ours(rows, seed, True)))
    print(f"{'set':<11} {'method':<17} {'NMI':>6} {'ARI':>6} {'demand-cov':>16} "
          f"{'purity':>16} {'time':>7}  themes per ward (seed 0)")
    for name in args.sets:
        rows = load(name)
        for method, fn in methods:
            runs = [timed(lambda fn=fn, seed=seed, rows=rows: fn(rows, seed))
                    for seed in range(args.seeds)]
            scores = [score(rows, result) for _, result in runs]

            def mean(key, scores=scores):
                values = [s[key] for s in scores]
                return (f"{sum(values) / len(values):.2f} [{min(values):.2f}-"
                        f"{max(values):.2f}]")

            nmi = sum(s["nmi"] for s in scores) / len(scores)
            ari = sum(s["ari"] for s in scores) / len(scores)
            seconds = min(t for t, _ in runs)
            print(f"{name:<11} {method:<17} {nmi:6.3f} {ari:6.3f} {mean('coverage'):>16} "
                  f"{mean('purity'):>16} {seconds:6.2f}s  {scores[0]['k']}{scores[0]['extra']}")
    rows = load("nhs_phase1")[:10000]
    one = [clustering.Answer(r["id"], r["text"]) for r in rows]
    seconds, ward = min((timed(lambda: clustering.cluster_ward(one)) for _ in range(2)),
                        key=lambda run: run[0])
    print(f"10,000 answers in one ward (nhs_phase1): {seconds:.2f}s, "
          f"{len(ward.themes)} themes, {len(ward.no_demand)} answers with no demand, "
          f"{len(ward.unsorted)} clauses unsorted")


if __name__ == "__main__":
    main()
