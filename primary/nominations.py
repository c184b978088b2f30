"""Reviewing nominations (pure): distinct nominators against the ward's threshold, names that
look like one person spelt two ways, and what looks like spam.

No I/O: the store hands in plain rows and gets plain answers back.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

from rapidfuzz import fuzz

from languages import N_, Said
from plaintext import name_key

DEFAULT_THRESHOLD = 5
MAX_THRESHOLD = 99
MAX_PER_NOMINATOR = 3  # more nominations than this from one person in a ward is worth a look
MAX_STATEMENT_WORDS = 100
MAX_STATEMENT_CHARS = 1500
DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
SECTOR = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9])$")


class ReviewError(ValueError):
    """Something an organiser or nominee can fix; the message says what. `said` is the
    message for a page to say in its language (the nominee's page speaks theirs)."""

    def __init__(self, text: str, **values):
        self.said = Said(text, **values)
        super().__init__(str(self.said))


@dataclass(frozen=True)
class Nomination:
    id: int
    nominee_id: int
    nominator: str
    nominator_key: str  # the nominator's name key and postcode: one person
    postcode: str
    set_aside: bool = False  # by an organiser: on record, but it does not count
    counted: bool = False  # an organiser judged its flag, if it has one, and counts it


@dataclass(frozen=True)
class Merge:
    """A suggestion: `merge` looks like another spelling of `keep`."""

    keep: int
    merge: int
    keep_name: str
    merge_name: str
    score: int


# --- counting ---------------------------------------------------------------------------------

def distinct_nominators(nominations: Iterable[Nomination]) -> int:
    return len({n.nominator_key for n in nominations})


def counts(nominations: Iterable[Nomination], flagged: Collection[int] = ()) -> dict[int, int]:
    """Distinct nominators for each nominee. A nomination set aside does not count, nor does a
    flagged one (its id in `flagged`) until an organiser has judged it and counts it."""
    people: dict[int, set[str]] = {}
    for n in nominations:
        if not n.set_aside and (n.counted or n.id not in flagged):
            people.setdefault(n.nominee_id, set()).add(n.nominator_key)
    return {nominee: len(keys) for nominee, keys in people.items()}


def reaches(count: int, threshold: int) -> bool:
    return count >= threshold


def threshold(text: str) -> int:
    value = text.strip()
    if not (value.isascii() and value.isdigit() and len(value) <= 2) or \
            not 1 <= int(value) <= MAX_THRESHOLD:
        raise ReviewError(f"The threshold must be a whole number of nominators from 1 to "
                          f"{MAX_THRESHOLD}.")
    return int(value)


# --- one person, two spellings ----------------------------------------------------------------

def _tokens(name: str) -> list[str]:
    """Words of a name as letters only, a lone letter joined to the next ('O Neill' -> 'oneill')."""
    words = [name_key(w) for w in re.split(r"[\s\-]+", name)]
    words = [w for w in words if w]
    joined: list[str] = []
    for w in words:
        if joined and len(joined[-1]) == 1 and len(words) > 2:
            joined[-1] += w
        else:
            joined.append(w)
    return joined


def _first_names(a: str, b: str) -> int:
    """How alike two first names are, allowing initials and short forms: 'B' and 'Bernie',
    'Sam' and 'Samuel', 'Bernie' and 'Bernadette'."""
    if len(a) == 1 or len(b) == 1:
        return 90 if a[0] == b[0] else 0
    if a.startswith(b) or b.startswith(a):
        return 90
    if a[:4] == b[:4]:
        return 88
    return int(fuzz.ratio(a, b))


def likeness(a: str, b: str) -> int:
    """0-100: how likely two written names are one person (100 for the same name key)."""
    if name_key(a) == name_key(b):
        return 100
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return 0
    whole = int(fuzz.token_sort_ratio(" ".join(ta), " ".join(tb)))
    if len(ta) > 1 and len(tb) > 1:
        surname = int(fuzz.ratio(ta[-1], tb[-1]))
        return max(whole, min(surname, _first_names(ta[0], tb[0])))
    return whole


def suggest_merges(nominees: Sequence[tuple[int, str]], counted: dict[int, int] | None = None,
                   at_least: int = 82) -> list[Merge]:
    """Pairs of nominees whose names look alike, most alike first. The one with more nominators
    (then the older one) is kept, so merging never loses the name most people used."""
    counted = counted or {}
    found = []
    for (id_a, a), (id_b, b) in combinations(nominees, 2):
        score = likeness(a, b)
        if score < at_least:
            continue
        (keep, keep_name), (drop, drop_name) = sorted(
            [(id_a, a), (id_b, b)], key=lambda x: (-counted.get(x[0], 0), x[0]))
        found.append(Merge(keep, drop, keep_name, drop_name, score))
    return sorted(found, key=lambda m: (-m.score, m.keep, m.merge))


# --- what looks like spam ---------------------------------------------------------------------

def postcode_areas(text: str) -> tuple[str, ...]:
    """The ward's postcode districts ('SE24') or sectors ('SE24 0'), comma- or line-separated."""
    areas: list[str] = []
    for part in re.split(r"[,;\n]+", text):
        plain = " ".join(part.upper().split())
        if not plain:
            continue
        if DISTRICT.match(plain):
            area = plain
        elif m := SECTOR.match(plain):
            area = f"{m.group(1)} {m.group(2)}"
        else:
            shown = plain[:12]
            raise ReviewError(f"'{shown}' is not a postcode district (like SE24) or sector (like "
                              "SE24 0). Separate them with commas.")
        if area not in areas:
            areas.append(area)
    if len(areas) > 60:
        raise ReviewError("That is a lot of postcode areas for one ward: at most 60, please.")
    return tuple(areas)


def in_ward(code: str, areas: Sequence[str]) -> bool:
    """Whether a postcode ('SE24 0AB') lies in the ward's areas; with none set, every one does."""
    if not areas:
        return True
    outward, _, inward = code.partition(" ")
    return any(a == outward or a == f"{outward} {inward[:1]}" for a in areas)


def flags(nominations: Sequence[Nomination], areas: Sequence[str]) -> dict[int, list[str]]:
    """For each nomination that looks wrong, why (for the organiser to judge, not to act on)."""
    per_nominator = Counter(n.nominator_key for n in nominations)
    same_name = Counter((n.nominee_id, name_key(n.nominator)) for n in
                        {(n.nominee_id, n.nominator_key): n for n in nominations}.values())
    found: dict[int, list[str]] = {}
    for n in nominations:
        why = []
        if per_nominator[n.nominator_key] > MAX_PER_NOMINATOR:
            why.append(f"{n.nominator} made {per_nominator[n.nominator_key]} nominations in "
                       "this ward")
        if same_name[(n.nominee_id, name_key(n.nominator))] > 1:
            why.append(f"the name {n.nominator} nominated this person from more than one "
                       "postcode")
        if not in_ward(n.postcode, areas):
            why.append(f"{n.postcode} is outside the ward's postcodes")
        if why:
            found[n.id] = why
    return found


# --- the nominee's statement ------------------------------------------------------------------

def statement(text: str) -> str:
    words = text.split()
    if len(words) > MAX_STATEMENT_WORDS:
        raise ReviewError(N_("Your statement has %(words)s words: at most %(most)s, please."),
                          words=len(words), most=MAX_STATEMENT_WORDS)
    plain = " ".join(words)
    if len(plain) > MAX_STATEMENT_CHARS:
        raise ReviewError(N_("Your statement is too long: at most %(most)s characters."),
                          most=MAX_STATEMENT_CHARS)
    return "".join(ch for ch in plain if unicodedata.category(ch)[0] != "C")

