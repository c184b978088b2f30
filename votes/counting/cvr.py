"""A CVR CSV as ballots: columns rank1..rankN (others ignored), one row per ballot, a blank
cell a skipped rank and `A|B` an overvote. Bytes in, distinct rankings with counts out: pure.

Built for a million rows: rows are counted as bytes a chunk at a time, and the distinct ones
are read column-wise in a few C-speed passes rather than one at a time.
"""

from __future__ import annotations

from collections import Counter
from itertools import accumulate, repeat

from votes.counting.ballots import Columns

Ranks = tuple[tuple[str, ...], ...]


class CsvError(Exception):
    """The file cannot be read; the message names the line, in one sentence."""


def whole_number(token: str) -> bool:
    """Digits int() takes: ASCII ('²' passes isdigit), and far short of its 4,300-digit limit."""
    return token.isascii() and token.isdigit() and len(token) <= 18


def read(data: bytes | str) -> tuple[list[str], list[tuple[Ranks, int]] | Columns]:
    """The candidates (every name seen, in alphabetical order) and the distinct rankings.

    Identical rows are counted as bytes and parsed once. CsvError names the line of the first
    problem; text that is not UTF-8 is reported before anything else, as a whole-file decode
    would (checked only when some byte is not ASCII).
    """
    if isinstance(data, str):
        data = data.encode()
    elif not data.isascii():
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as e:
            line = data[: e.start].count(b"\n") + 1
            raise CsvError(f"line {line}: the file is not UTF-8 text.") from None
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n")
    end = data.find(b"\n")
    first = data if end < 0 else data[:end]
    header_text = _utf8(first.removeprefix(b"\xef\xbb\xbf"), data)
    if not header_text.strip():
        raise CsvError("line 1: the file is empty; expected a header with rank1, rank2...")
    header = _split_row(header_text, None, first)
    columns = _rank_columns(header)
    width = len(header)
    seen = _count_lines(data)
    seen[first] -= 1
    if seen[first] <= 0:
        del seen[first]
    seen.pop(b"", None)
    if any(map(bytes.isspace, seen)):
        for line in [line for line in seen if line.isspace()]:
            del seen[line]
    marks = _MarksOf(data)
    ballots: list[tuple[Ranks, int]] | Columns
    ballots = None
    if columns == list(range(width)) and b'"' not in data:
        ballots = _simple_rows(data, seen, width, marks)
    if ballots is None:
        ballots = [(_ranks(data, line, width, columns, marks), n) for line, n in seen.items()]
    names = {m for found in marks.values() for m in found}
    names.discard("#overvote")
    return sorted(names), ballots


def _count_lines(data: bytes, chunk: int = 1 << 16) -> Counter:
    """How many times each line occurs. Split a chunk at a time: the memory of one chunk's
    lines is reused for the next while still in cache (a third faster on a million lines)."""
    seen: Counter = Counter()
    start, size = 0, len(data)
    while start < size:
        end = data.find(b"\n", start + chunk)
        if end < 0:
            end = size
        seen.update(data[start:end].split(b"\n"))
        start = end + 1
    return seen


def _simple_rows(data: bytes, seen: Counter, width: int, marks: _MarksOf) -> Columns | None:
    """No quotes, only rank columns: every distinct row read in a few C-speed passes.

    None if some cell needs the row-by-row reading."""
    lines = list(seen)
    if max(map(bytes.count, lines, repeat(b",")), default=0) >= width:
        wide = next(line for line in lines if line.count(b",") >= width)
        raise CsvError(f"line {_line_of(data, wide)}: {wide.count(b',') + 1} cells but "
                              f"the header has {width}.")
    # Trailing blank cells say nothing; a name's own spaces are trimmed by _marks anyway.
    kept = list(map(bytes.rstrip, lines, repeat(b", \t")))
    lengths = list(map((1).__add__, map(bytes.count, kept, repeat(b","))))
    if b"" in kept:  # rows of blank cells only: blank ballots, with no marks
        lengths = [n if k else 0 for k, n in zip(kept, lengths, strict=True)]
        kept = list(filter(None, kept))
    joined = b",".join(kept)
    cells = joined.split(b",") if joined else []
    for cell in set(cells):
        if not marks[cell] and cell.strip(b" \t"):
            return None  # a cell such as "|" marks nobody: rows are read one by one to drop it
    return Columns(cells, marks, list(accumulate(lengths, initial=0)), list(seen.values()))


def _ranks(data: bytes, line: bytes, width: int, columns: list[int], marks: _MarksOf) -> Ranks:
    text = _utf8(line, data)
    cells = _split_row(text, data, line) if '"' in text else text.split(",")
    if len(cells) > width:
        raise CsvError(
            f"line {_line_of(data, line)}: {len(cells)} cells but the header has {width}.")
    ranks = tuple(marks[cells[i]] if i < len(cells) else () for i in columns)
    while ranks and not ranks[-1]:  # trailing blanks say nothing
        ranks = ranks[:-1]
    return ranks


class _MarksOf(dict):
    """Cell (text or bytes) -> the names marked in it; each distinct cell is read once."""

    def __init__(self, data: bytes):
        super().__init__()
        self.data = data

    def __missing__(self, cell: str | bytes) -> tuple[str, ...]:
        found = _marks(_utf8(cell, self.data) if isinstance(cell, bytes) else cell)
        self[cell] = found
        return found


def _utf8(raw: bytes, data: bytes) -> str:
    try:
        return raw.decode()
    except UnicodeDecodeError:
        line = data[: max(data.find(raw), 0)].count(b"\n") + 1
        raise CsvError(f"line {line}: the file is not UTF-8 text.") from None


def _rank_columns(header: list[str]) -> list[int]:
    ranked = []
    for i, title in enumerate(header):
        key = title.strip().lower()
        if key.startswith("rank") and whole_number(key[4:]) and int(key[4:]) >= 1:
            ranked.append((int(key[4:]), i))
    if not ranked:
        raise CsvError("line 1: no rank1, rank2... columns in the header.")
    numbers = [n for n, _ in sorted(ranked)]
    if numbers != list(range(1, len(numbers) + 1)):
        raise CsvError("line 1: rank columns must be rank1, rank2... with none missing.")
    return [i for _, i in sorted(ranked)]


def _split_row(row: str, data: bytes | None, raw: bytes) -> list[str]:
    """One row with quotes; `data` (None for the header) finds the line number on error."""
    import csv

    try:
        cells = next(csv.reader([row], strict=True))
    except (csv.Error, StopIteration) as e:
        where = 1 if data is None else _line_of(data, raw)
        raise CsvError(f"line {where}: cannot read this CSV row ({e}).") from None
    return cells


def _marks(cell: str) -> tuple[str, ...]:
    cell = cell.strip()
    if not cell:
        return ()
    if "|" not in cell:
        return (cell,)
    return tuple(dict.fromkeys(m.strip() for m in cell.split("|") if m.strip()))


def _line_of(data: bytes, line: bytes) -> int:
    """The number of the first line after the header that reads `line` (errors only)."""
    lines = data.split(b"\n")
    return lines.index(line, 1) + 1 if line in lines[1:] else 1
