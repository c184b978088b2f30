"""A programme's words: demands checked, the canonical text a signature is to, its SHA-256, the
name a candidate signs with checked, and similar ward demands grouped for the area. Pure: no I/O.

The canonical text (what the hash is of, and what a candidate signs):

    UTF-8, Unicode NFC; in every field each run of whitespace becomes one space, none at either
    end; lines end with "\\n", the last one too; nothing else. The lines, in this order:

        Programme: <area> · <ward>            (an area programme: "<area> · area programme")
        Version: <number>
        1. <demand>
           Target: <target>                  (only when the demand has one; three spaces)
        2. ...                               (demands in their fixed order, numbered from 1)

Evidence (doorstep counts, quotes, wards) is shown beside the demands but is not signed.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA

from plaintext import tidy
from problems import Refused

MOST = 5  # demands in a programme: the database says so too (migrations/0005)
MAX_TEXT, MAX_TARGET = 300, 200


@dataclass(frozen=True)
class Demand:
    text: str
    target: str = ""


def demand(text: str, target: str) -> Demand:
    """A demand from the organiser's form, or Refused with a sentence."""
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in text + target if not c.isspace()):
        raise Refused("The demand has a character that cannot be printed. Type it again.")
    text, target = tidy(text), tidy(target)
    if not text:
        raise Refused("Write the demand in plain words.")
    if len(text) > MAX_TEXT:
        raise Refused(f"The demand is too long: at most {MAX_TEXT} characters. Say it shorter; "
                      "the evidence stays beside it.")
    if len(target) > MAX_TARGET:
        raise Refused(f"The target is too long: at most {MAX_TARGET} characters.")
    return Demand(text, target)


def canonical(title: str, number: int, demands: Sequence[Demand]) -> str:
    lines = [f"Programme: {tidy(title)}", f"Version: {number}"]
    for i, d in enumerate(demands, 1):
        lines.append(f"{i}. {tidy(d.text)}")
        if tidy(d.target):
            lines.append(f"   Target: {tidy(d.target)}")
    return "\n".join(lines) + "\n"


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def short(sha: str) -> str:
    """The hash as people read it out: the first 16 hex digits in groups of four."""
    return " ".join(sha[i:i + 4] for i in range(0, 16, 4))


# --- the name a candidate types to sign ------------------------------------------------------

APOSTROPHES = "'\u2019\u2018\u02bc`\u00b4\u2032"


def _as_signed(name: str) -> str:
    """A name as a signature is compared: case, accents, apostrophes and punctuation aside
    ("O’Neil" is "oneil", "Zoë-Jane" is "zoe jane"). Unlike plaintext.name_key (is this one
    person?) it keeps the spaces between words, which count in the slips allowed below."""
    letters = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(c for c in letters if c not in APOSTROPHES and not unicodedata.combining(c))
    return " ".join("".join(c if c.isalnum() else " " for c in letters).split())


def same_name(typed: str, on_record: str) -> bool:
    """Whether the typed name is the name on record, allowing one slip (a letter missed, extra
    or swapped) in every ten letters: "Ana Okafro" signs for Ana Okafor, "Ben" for no one."""
    want = _as_signed(on_record) or tidy(on_record).casefold()  # a name of no letters: as is
    got = _as_signed(typed) or tidy(typed).casefold()
    return OSA.distance(want, got) <= len(want) // 10


# --- grouping similar ward demands across the area --------------------------------------------

ALIKE = 0.25  # mean cosine between two groups' demands above which they are one group


@dataclass(frozen=True)
class WardDemand:
    id: int
    ward: str
    text: str
    label: str  # the theme's label, words from the doorsteps
    doorsteps: int
    quotes: tuple[str, ...] = ()
    target: str = ""


@dataclass(frozen=True)
class Group:
    demands: tuple[WardDemand, ...]
    wards_in_area: int
    wards: tuple[str, ...] = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "wards", tuple(dict.fromkeys(d.ward for d in self.demands)))

    @property
    def label(self) -> str:
        return self.demands[0].text

    @property
    def doorsteps(self) -> int:
        return sum(d.doorsteps for d in self.demands)

    @property
    def target(self) -> str:
        """The wards' targets for the demand, each once, to start the area's from."""
        found = "; ".join(dict.fromkeys(tidy(d.target) for d in self.demands if tidy(d.target)))
        return found if len(found) <= MAX_TARGET else found[:MAX_TARGET - 1].rsplit(" ", 1)[0] + "…"

    @property
    def ids(self) -> tuple[int, ...]:
        return tuple(sorted(d.id for d in self.demands))

    def where(self) -> str:
        """'demanded in 7 of 9 wards'"""
        n, of = len(self.wards), self.wards_in_area
        return f"demanded in {n} of {of} ward{'s' if of != 1 else ''}"

    def describe(self) -> str:
        """'demanded in 7 of 9 wards · 1,840 doorsteps'"""
        return f"{self.where()} · {self.doorsteps:,} doorstep{'s' if self.doorsteps != 1 else ''}"


def similarities(texts: Sequence[str]):
    """Cosines between texts, in the clustering's own terms (programme/clustering/clauses.py):
    TF-IDF of its topic words and phrases beside TF-IDF of character 4-5-grams of the topic
    words run together, so "streetlights" meets "street lighting". Each block has unit rows, so
    words and characters weigh the same. No LSA (as `clustering.vectors.embed` does): fitted on an
    area's few dozen demands it squeezes unrelated ones together. No randomness at all."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    from programme.clustering.clauses import features, topic_words
    from programme.clustering.vectors import unit

    run_together = [(topic_words(t) or t.casefold()).replace(" ", "") for t in texts]
    blocks = []
    for vectoriser, docs in ((TfidfVectorizer(analyzer=features, sublinear_tf=True), texts),
                             (TfidfVectorizer(analyzer="char", ngram_range=(4, 5),
                                              sublinear_tf=True), run_together)):
        try:
            blocks.append(unit(vectoriser.fit_transform(docs).toarray()))
        except ValueError:  # no word (or no 4 letters) in any text: the other block speaks
            pass
    x = unit(np.hstack(blocks)) if blocks else np.zeros((len(texts), 1))
    same = np.array([tidy(t).casefold() for t in texts], dtype=object)
    return np.maximum(x @ x.T, same[:, None] == same[None, :])  # in any script, too short too


def group(demands: Sequence[WardDemand], wards_in_area: int) -> list[Group]:
    """Similar demands across wards, by their text and their theme's label: average linkage
    (the closest two groups join while the mean cosine between their demands is at least
    ALIKE). Two demands of one ward are never one group: its assembly chose them as separate
    demands, and a group counts wards and doorsteps once. Biggest first (wards, then
    doorsteps), ties by the first demand's id: the same demands in any order give the same
    groups."""
    import numpy as np

    demands = sorted(demands, key=lambda d: d.id)
    n = left = len(demands)
    link = similarities([f"{d.text} {d.label}" for d in demands]) if n > 1 else np.zeros((n, n))
    members = [[i] for i in range(n)]
    ward = np.array([d.ward for d in demands], dtype=object)
    clash = ward[:, None] == ward[None, :]  # groups that share a ward never join
    np.fill_diagonal(link, -np.inf)
    while left > 1:
        i, j = divmod(int(np.argmax(np.where(clash, -np.inf, link))), n)
        if link[i, j] < ALIKE or clash[i, j]:
            break
        i, j = min(i, j), max(i, j)
        a, b = len(members[i]), len(members[j])
        link[i] = link[:, i] = (a * link[i] + b * link[j]) / (a + b)  # mean over all pairs
        link[j] = link[:, j] = link[i, i] = -np.inf
        clash[i] = clash[:, i] = clash[i] | clash[j]
        members[i], members[j] = members[i] + members[j], []
        left -= 1
    groups = [Group(tuple(sorted((demands[k] for k in m), key=lambda d: (-d.doorsteps, d.id))),
                    wards_in_area) for m in members if m]
    return sorted(groups, key=lambda g: (-len(g.wards), -g.doorsteps, min(g.ids)))


# --- an assembly's ballot and its result -------------------------------------------------------

def ballot_names(labels: Sequence[str], limit: int = 120) -> list[str]:
    """Candidate names for the options (names are unique on a ballot, case aside)."""
    names: list[str] = []
    seen: set[str] = set()
    for label in labels:
        base = tidy(label)[:limit] or "Unnamed"
        name, n = base, 2
        while name.casefold() in seen:
            name, n = f"{base} ({n})", n + 1
        seen.add(name.casefold())
        names.append(name)
    return names


def statement(doorsteps: int, quotes: Sequence[str], lead: str = "") -> str:
    """'312 doorsteps · “quote” · “quote”', short enough for a phone."""
    parts = [lead] if lead else []
    parts.append(f"{doorsteps:,} doorstep{'s' if doorsteps != 1 else ''}")
    parts += [f"“{tidy(q)[:160]}”" for q in quotes[:2] if tidy(q)]
    return " · ".join(parts)


def places(winners: Sequence, items: dict) -> list:
    """The shortlist from a count: the winners in the order they were elected, as items."""
    return [items[w] for w in winners if w in items][:MOST]
