"""`hustings count FILE`: read a ballot file (case JSON, CVR CSV or BLT), count it, print it.

Readers return plain data or raise BallotFileError with a sentence naming the line. Heavy
imports stay out: a count of a million-line CSV should spend its time counting.
"""

from __future__ import annotations

import gc
import hashlib
import json
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from votes import counting
from votes.counting import cvr
from votes.counting.ballots import Columns
from votes.counting.cvr import whole_number
from votes.counting.rules import Rules, primary_rules, rules_from_dict, with_method

Ranks = tuple[tuple[str, ...], ...]


class BallotFileError(Exception):
    """The file cannot be counted; the message says where and why, in one line."""


@dataclass(frozen=True)
class BallotFile:
    candidates: list[str]
    ballots: list[tuple[Ranks, int]] | Columns  # Columns: read fast from a CSV
    seats: int | None      # None: not stated by the file
    rules: Rules | None    # None: our own primaries' rules
    seed: str | None = None
    title: str = ""
    excluded: tuple[str, ...] = ()  # withdrawn candidates (BLT)


# -- the command ----------------------------------------------------------------------------
def main(args) -> int:
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise BallotFileError(f"{path}: cannot read the file ({e.strerror or e}).") from None
    # A count makes many small tuples and no cycles: the cyclic collector would only add time.
    gc.disable()
    try:
        seed = _FileSeed(data)  # hashed alongside the reading
        parsed = read_ballot_file(data, path.name)
        result = count_file(parsed, args.seats, args.method,
                            args.seed or parsed.seed or seed.text())
    finally:
        gc.enable()
    fmt = getattr(args, "format", "text") or "text"
    if fmt == "json":
        text = json.dumps(result.to_json(), indent=1, ensure_ascii=False)
    elif fmt == "rctab":
        from votes import exports

        summary = exports.rctab_summary(result, parsed.title or path.name)
        text = json.dumps(summary, indent=1, ensure_ascii=False)
    else:
        text = describe(result, parsed.title or path.name)
    sys.stdout.write(text + "\n")
    return 0


class _FileSeed:
    """Default seed: the start of the file's SHA-256, so reruns agree (a case file has its own).

    Big files are hashed on a thread while the main one reads them: hashlib releases the GIL.
    (_thread, not threading: nothing more is needed, and it costs no import time.)
    """

    def __init__(self, data: bytes):
        self._digest = ""
        self._done = None
        if len(data) < 1 << 20:
            self._hash(data)
        else:
            import _thread

            self._done = _thread.allocate_lock()
            self._done.acquire()
            _thread.start_new_thread(self._hash, (data,))

    def _hash(self, data: bytes) -> None:
        try:
            self._digest = hashlib.sha256(data).hexdigest()[:16]
        finally:
            if self._done is not None:
                self._done.release()

    def text(self) -> str:
        if self._done is not None:
            with self._done:  # held until the hash is done
                pass
        return self._digest


def count_file(parsed: BallotFile, seats: int | None, method: str | None,
               seed: str) -> counting.Result:
    """Count a parsed file; --seats and --method override what the file says."""
    seats = seats if seats is not None else (parsed.seats or 1)
    if seats < 1:
        raise BallotFileError(f"--seats must be at least 1, not {seats}.")
    rules = parsed.rules or replace(primary_rules(seats), excluded=parsed.excluded)
    if method is None and rules.method == "irv" and seats > 1:
        method = "stv"  # more seats asked of a one-seat file
    try:
        rules = with_method(rules, method, seats)
        if rules.method == "irv" and seats != 1:
            raise ValueError(f"IRV elects one candidate, but {seats} seats were asked for")
        return counting.count(parsed.ballots, parsed.candidates, seats, rules, seed=seed)
    except ValueError as e:
        raise BallotFileError(f"cannot count this file: {e}.") from None


def read_ballot_file(data: bytes, name: str = "") -> BallotFile:
    """Recognise the format by extension, else by content."""
    if name.lower().endswith(".csv"):
        return read_cvr_csv(data)
    text = _decode(data)
    lower = name.lower()
    head = text.lstrip()[:1]
    if lower.endswith(".json") or (not lower.endswith((".csv", ".blt")) and head in "{["
                                   and head):
        return read_case_json(text)
    if lower.endswith(".blt") or (not lower.endswith(".csv") and _looks_like_blt(text)):
        return read_blt(text)
    return read_cvr_csv(data)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0  # e.start counts from after it
        line = data[: e.start + bom].count(b"\n") + 1
        raise BallotFileError(f"line {line}: the file is not UTF-8 text.") from None


def _looks_like_blt(text: str) -> bool:
    first = text.lstrip().split("\n", 1)[0].split()
    return len(first) == 2 and all(whole_number(t) for t in first)


# -- case JSON ------------------------------------------------------------------------------
def read_case_json(text: str) -> BallotFile:
    try:
        case = json.loads(text)
    except json.JSONDecodeError as e:
        raise BallotFileError(f"line {e.lineno}: not valid JSON ({e.msg}).") from None
    if not isinstance(case, dict):
        raise BallotFileError("line 1: expected a JSON object with candidates and ballots.")
    candidates = case.get("candidates")
    if not isinstance(candidates, list) or not all(isinstance(c, str) for c in candidates):
        raise BallotFileError("'candidates' must be a list of names.")
    raw_ballots = case.get("ballots")
    if not isinstance(raw_ballots, list):
        raise BallotFileError("'ballots' must be a list of {ranks, count} objects.")
    ballots = [_case_ballot(b, i) for i, b in enumerate(raw_ballots, start=1)]
    seats = case.get("seats", 1)
    if not isinstance(seats, int) or isinstance(seats, bool):
        raise BallotFileError("'seats' must be a whole number.")
    raw_rules = case.get("rules") or {}
    if not isinstance(raw_rules, dict):
        raise BallotFileError("'rules' must be an object.")
    try:
        rules = rules_from_dict(case.get("method", "irv" if seats == 1 else "stv"), raw_rules)
    except (ValueError, TypeError) as e:
        raise BallotFileError(f"'rules': {e}.") from None
    seed = raw_rules.get("random_seed")
    return BallotFile(candidates, ballots, seats, rules, None if seed is None else str(seed),
                      str(case.get("id", "")))


def _case_ballot(b, i: int) -> tuple[Ranks, int]:
    ranks = b.get("ranks") if isinstance(b, dict) else None
    n = b.get("count", 1) if isinstance(b, dict) else None
    if (not isinstance(ranks, list) or not isinstance(n, int) or isinstance(n, bool) or n < 0
            or not all(isinstance(r, list) and all(isinstance(m, str) for m in r)
                       for r in ranks)):
        raise BallotFileError(f"ballot {i}: expected {{\"ranks\": [[name], ...], \"count\": n}}.")
    return tuple(tuple(r) for r in ranks), n


# -- CVR CSV --------------------------------------------------------------------------------
def read_cvr_csv(data: bytes | str) -> BallotFile:
    """Columns rank1..rankN (others ignored), one row per ballot; blank = skipped, A|B = overvote.

    Candidates are every name seen, in alphabetical order (reader: counting/cvr.py).
    """
    try:
        candidates, ballots = cvr.read(data)
    except cvr.CsvError as e:
        raise BallotFileError(str(e)) from None
    return BallotFile(candidates, ballots, None, None)


# -- BLT ------------------------------------------------------------------------------------
def read_blt(text: str) -> BallotFile:
    """OpenSTV/OpaVote BLT: "<candidates> <seats>", optional "-k" withdrawn line, ballot lines
    "weight pref pref ... 0" ('=' joins equal preferences: an overvote; '-' a skipped rank),
    a "0" line, the candidate names in quotes, then the title."""
    lines = text.split("\n")
    numbered = [(i, ln.split("#", 1)[0].strip()) for i, ln in enumerate(lines, start=1)]
    numbered = [(i, ln) for i, ln in numbered if ln]
    if not numbered:
        raise BallotFileError("line 1: the file is empty.")
    first_no, first = numbered[0]
    head = first.split()
    if len(head) != 2 or not all(whole_number(t) for t in head):
        raise BallotFileError(f"line {first_no}: expected '<candidates> <seats>'.")
    n, seats = int(head[0]), int(head[1])
    if n < 1 or seats < 1:
        raise BallotFileError(f"line {first_no}: need at least one candidate and one seat.")
    k = 1
    withdrawn: set[int] = set()
    if k < len(numbered) and numbered[k][1].startswith("-"):
        no, ln = numbered[k]
        withdrawn = {_blt_number(t.lstrip("-"), n, no) for t in ln.split()}
        k += 1
    raw: list[tuple[tuple[tuple[int, ...], ...], int]] = []
    while True:
        if k >= len(numbered):
            raise BallotFileError("end of file: the ballots must end with a line '0'.")
        no, ln = numbered[k]
        k += 1
        if ln == "0":
            break
        raw.append(_blt_ballot(ln, n, no))
    rest = [(no, ln) for no, ln in numbered[k:]]
    names = _blt_strings(rest)
    if len(names) < n:
        where = rest[-1][0] if rest else numbered[-1][0]
        raise BallotFileError(f"line {where}: expected {n} candidate names in quotes, "
                              f"found {len(names)}.")
    candidates = names[:n]
    if len(set(candidates)) != n:
        raise BallotFileError("the candidate names are not all different.")
    title = names[n] if len(names) > n else ""
    ballots = [(tuple(tuple(candidates[c - 1] for c in marks) for marks in ranks), w)
               for ranks, w in raw]
    excluded = tuple(candidates[c - 1] for c in sorted(withdrawn))
    return BallotFile(candidates, ballots, seats, None, None, title, excluded)


def _blt_ballot(line: str, n: int, no: int) -> tuple[tuple[tuple[int, ...], ...], int]:
    tokens = line.split()
    if tokens[0].startswith("("):  # optional ballot id: "(id) weight prefs 0"
        tokens = tokens[1:]
    if len(tokens) < 2 or tokens[-1] != "0":
        raise BallotFileError(f"line {no}: a ballot line is 'weight pref pref ... 0'.")
    if not whole_number(tokens[0]):
        raise BallotFileError(f"line {no}: the weight {tokens[0]!r} is not a whole number.")
    ranks = []
    for token in tokens[1:-1]:
        if token == "-":
            ranks.append(())
            continue
        ranks.append(tuple(dict.fromkeys(_blt_number(t, n, no) for t in token.split("="))))
    return tuple(ranks), int(tokens[0])


def _blt_number(token: str, n: int, no: int) -> int:
    if not whole_number(token) or not 1 <= int(token) <= n:
        raise BallotFileError(f"line {no}: {token!r} is not a candidate number from 1 to {n}.")
    return int(token)


def _blt_strings(rows: list[tuple[int, str]]) -> list[str]:
    out = []
    for no, ln in rows:
        parts = ln.split('"')
        if len(parts) % 2 == 0:
            raise BallotFileError(f"line {no}: unmatched quote.")
        if any(p.strip() for p in parts[0::2]):
            raise BallotFileError(f"line {no}: names and the title must be in double quotes.")
        out.extend(parts[1::2])
    return out


# -- text output ----------------------------------------------------------------------------
def describe(result: counting.Result, title: str) -> str:
    """A readable round table: candidates down, one column per round."""
    kind = "IRV" if result.seats == 1 and result.method == "irv" else result.method.upper()
    seats = f"{result.seats} seat{'s' if result.seats != 1 else ''}"
    lines = [f"{title}: {len(result.candidates)} candidates, {result.ballots} ballots, "
             f"{seats} ({kind}), seed {result.seed}"]
    names = [c for c in result.candidates if any(c in r.tally for r in result.rounds)]
    width = max([len(n) for n in names] + [9])
    cells = [[_cell(r, name) for r in result.rounds] for name in names]
    exhausted = [str(r.exhausted) for r in result.rounds]
    col = max([len(c) for row in cells for c in row] + [len(e) for e in exhausted] + [8])
    lines.append(" " * width + "".join(f"  {'round ' + str(r.number):>{col}}"
                                       for r in result.rounds))
    for name, row in zip(names, cells, strict=True):
        lines.append(f"{name:<{width}}" + "".join(f"  {c:>{col}}" for c in row))
    lines.append(f"{'exhausted':<{width}}" + "".join(f"  {e:>{col}}" for e in exhausted))
    lines.append("(* elected, x eliminated after that round's count)")
    for tie in result.tie_breaks:
        verb = "eliminated" if tie.kind == "eliminate" else "elected"
        lines.append(f"Tie in round {tie.round} between {', '.join(tie.tied)}: "
                     f"{tie.chosen} {verb}; {tie.how}.")
    lines.append(f"Elected: {', '.join(result.winners) or 'nobody'}")
    return "\n".join(lines)


def _cell(r: counting.Round, name: str) -> str:
    if name not in r.tally:
        return ""
    mark = "*" if name in r.elected else "x" if name in r.eliminated else " "
    return f"{r.tally[name]}{mark}"
