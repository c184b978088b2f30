"""How far can any clustering of these answers get? Ceilings for the themes targets (issue 13).

The targets are the fixtures' weighted demand coverage and its guards (tests/data/answers/
README.md, score_wdc.py): WDC >= 0.8, big >= 0.8, valid >= 0.8, purity >= 0.6, with mass
reported, scored as benchmarks/themes.py scores them. This prints what two methods that are
*given the answers' true labels* reach under the same scoring (WDC, big, valid, purity, mass):

- **nhs_phase1, supervised:** a logistic regression on TF-IDF words and word pairs, trained on
  the labels themselves (5-fold cross-validation, so each answer's label is predicted by a model
  that never saw it). Per ward, its themes are the demand answers (as our "no demand" rule finds
  them) grouped by predicted label; the shortlist is the five largest groups that are not
  "Couldn't be improved". Also with each group cut to its most confident half, quarter and
  tenth: smaller, purer themes (and less mass). No clustering can know which words predict a
  label better than a model trained on the labels, so this is a generous ceiling for words.
- **banking77, near-perfect clusters:** the true labels themselves, with a share of the answers
  moved to a random other label (0 %, 5 %, 10 %, 20 %, 30 %). The shortlist is the five largest
  clusters. Its per-ward top five labels differ by a handful of answers from the next ones, so
  WDC needs clusters that recover whole intents almost exactly.

    .venv/bin/python benchmarks/themes_ceiling.py [--seeds 5]
"""

from __future__ import annotations

import argparse
import random
from collections import defaultdict

import numpy as np
from themes import NOT_DEMANDS, by_ward, load, score

from programme import clustering


def as_json(result) -> dict:
    """Per ward (themes as lists of ids, shortlist) as the JSON the fixtures' scorer reads."""
    wards, assignments = {}, {}
    for ward, (themes, short) in result.items():
        wards[ward] = {"themes": [{"answer_ids": t} for t in themes], "shortlist": short}
        assignments.update({a: j for j, t in enumerate(themes) for a in t})
    return {"wards": wards, "assignments": assignments}


def figures(s) -> str:
    return " ".join(f"{k} {s[k]:.2f}" for k in ("WDC", "big", "valid", "purity", "mass"))


def supervised(rows, fractions=(1.0, 0.5, 0.25, 0.1)):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_predict

    truth = {r["id"]: r["label"] for r in rows}
    ward_of = {r["id"]: r["ward"] for r in rows}
    answers = [a for ward in by_ward(rows).values() for a in ward]
    demands, _ = clustering.sort_clauses(answers)
    asked = set(c.answer_id for c in demands)
    ids = [a.id for a in answers if a.id in asked]
    text = {a.id: a.text for a in answers}
    x = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True).fit_transform(
        [text[i] for i in ids])
    y = np.array([truth[i] for i in ids])
    proba = cross_val_predict(LogisticRegression(C=4, max_iter=2000), x, y, cv=5,
                              method="predict_proba")
    classes = sorted(set(y))
    predicted = proba.argmax(axis=1)
    print(f"nhs_phase1: supervised accuracy on the {len(ids):,} demand answers: "
          f"{(np.array(classes)[predicted] == y).mean():.2f}")
    for fraction in fractions:
        result = {}
        for ward in sorted(set(ward_of.values())):
            groups = defaultdict(list)
            for i, a in enumerate(ids):
                if ward_of[a] == ward:
                    groups[classes[predicted[i]]].append((proba[i, predicted[i]], a))
            themes = [[a for _, a in sorted(g, reverse=True)[:max(1, round(len(g) * fraction))]]
                      for label, g in sorted(groups.items()) if label not in NOT_DEMANDS]
            short = sorted(range(len(themes)), key=lambda j: -len(themes[j]))[:5]
            result[ward] = (themes, short)
        s = score("nhs_phase1", rows, as_json(result))
        sizes = [len(result[w][0][j]) for w in result for j in result[w][1]]
        print(f"  groups by predicted label, most confident {fraction:>4.0%}: {figures(s)} "
              f"(themes of {min(sizes)}-{max(sizes)} answers)")


def near_perfect(rows, seeds, shares=(0.0, 0.05, 0.1, 0.2, 0.3)):
    labels = sorted({r["label"] for r in rows})
    for share in shares:
        wdc, purity = [], []
        for seed in range(seeds):
            rng = random.Random(seed)
            result = {}
            for ward in sorted({r["ward"] for r in rows}):
                groups = defaultdict(list)
                for r in rows:
                    if r["ward"] == ward:
                        label = r["label"]
                        if rng.random() < share:
                            label = rng.choice([lab for lab in labels if lab != label])
                        groups[label].append(r["id"])
                themes = list(groups.values())
                short = sorted(range(len(themes)), key=lambda j: -len(themes[j]))[:5]
                result[ward] = (themes, short)
            s = score("banking77", rows, as_json(result))
            wdc.append(s["WDC"])
            purity.append(s["purity"])
        print(f"  true intents, {share:>4.0%} of answers moved: WDC "
              f"{np.mean(wdc):.2f} [{min(wdc):.2f}-{max(wdc):.2f}], purity "
              f"{np.mean(purity):.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args()
    supervised(load("nhs_phase1"))
    print("banking77:")
    near_perfect(load("banking77"), args.seeds)


if __name__ == "__main__":
    main()
