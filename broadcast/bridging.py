"""Comments that draw agreement across groups that otherwise disagree (as Polis does): residents
are grouped by how they vote on comments (PCA, then k-means), and a comment's score is its
agreement in the group that likes it least. Pure; scikit-learn is imported only when run, in the
clustering worker, never at app start."""

from __future__ import annotations

from fractions import Fraction

WEIGHT = {"agree": 1, "disagree": -1, "pass": 0}
MIN_RESIDENTS = 4  # fewer than this, there are no groups to speak of: everyone is one group


def groups(votes: list[tuple[int, int, str]]) -> dict[int, int]:
    """Each resident who voted on a comment, and the group their votes put them in."""
    residents = sorted({r for _, r, _ in votes})
    comments = sorted({c for c, _, _ in votes})
    if len(residents) < MIN_RESIDENTS or len(comments) < 2:
        return dict.fromkeys(residents, 0)
    import numpy as np
    from sklearn.cluster import KMeans
    from sklearn.decomposition import PCA

    row = {r: i for i, r in enumerate(residents)}
    col = {c: j for j, c in enumerate(comments)}
    matrix = np.zeros((len(residents), len(comments)))
    for c, r, v in votes:
        matrix[row[r], col[c]] = WEIGHT[v]
    if not matrix.any(axis=0).any():
        return dict.fromkeys(residents, 0)
    points = PCA(n_components=min(2, len(comments)), random_state=0).fit_transform(matrix)
    labels = KMeans(n_clusters=2, n_init=10, random_state=0).fit_predict(points)
    return {r: int(labels[row[r]]) for r in residents}


def bridging(votes: list[tuple[int, int, str]], top: int = 3) -> list[dict]:
    """The comments agreed with in every group, best first: each with its score (the lowest
    group's agreement, smoothed as (agree + 1) / (votes + 2)) and how many groups voted."""
    group_of = groups(votes)
    tally: dict[tuple[int, int], list[int]] = {}
    for c, r, v in votes:
        counts = tally.setdefault((c, group_of[r]), [0, 0])
        counts[0] += v == "agree"
        counts[1] += v != "pass"
    every_group = set(group_of.values())
    found = []
    for c in sorted({c for c, _, _ in votes}):
        shares = {g: Fraction(tally[(c, g)][0] + 1, tally[(c, g)][1] + 2)
                  for g in every_group if (c, g) in tally and tally[(c, g)][1]}
        if len(shares) < len(every_group) or not shares:
            continue  # not voted on in some group: it has not shown it bridges
        score = min(shares.values())
        if score > Fraction(1, 2):
            found.append({"comment_id": c, "score": score, "groups": len(shares)})
    found.sort(key=lambda f: (-f["score"], f["comment_id"]))
    return found[:top]
