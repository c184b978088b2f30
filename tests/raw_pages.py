"""The attack on a stored file: read SQLite's raw pages and guess which card cast which ballot.

Inside a b-tree page SQLite writes each new cell below the previous ones, so a cell's offset
records when it arrived. A cast writes its `voted` row and its `ballots` row together: ranking
both tables' cells by offset pairs each card with its ballot. This reads the file as bytes, as
anyone holding a copy could; it uses sqlite3 only to find each table's root page.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

LEAF, INTERIOR = (0x0A, 0x0D), (0x02, 0x05)


def _varint(data: bytes, at: int) -> tuple[int, int]:
    value = 0
    for i in range(8):
        byte = data[at + i]
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + i + 1
    return (value << 8) | data[at + 8], at + 9


def _record(data: bytes, at: int) -> list:
    header_size, pos = _varint(data, at)
    end, types = at + header_size, []
    while pos < end:
        kind, pos = _varint(data, pos)
        types.append(kind)
    values, pos = [], end
    for kind in types:
        if kind == 0:
            values.append(None)
        elif 1 <= kind <= 6:
            size = (1, 2, 3, 4, 6, 8)[kind - 1]
            values.append(int.from_bytes(data[pos:pos + size], "big", signed=True))
            pos += size
        elif kind in (8, 9):
            values.append(kind - 8)
        else:
            size = (kind - 12) // 2 if kind >= 12 else 8
            raw = data[pos:pos + size]
            values.append(raw.decode("utf-8", "replace") if kind % 2 and kind >= 13 else raw)
            pos += size
    return values


def cells(path: Path, table: str) -> list[tuple[int, int, list]]:
    """(page number, offset in the page, decoded record) of every row of a WITHOUT ROWID table."""
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                            (table,)).fetchone()[0]
    data = path.read_bytes()
    size = int.from_bytes(data[16:18], "big")
    size = 65536 if size == 1 else size
    found, todo = [], [root]
    while todo:
        number = todo.pop()
        page = data[(number - 1) * size:number * size]
        head = 100 if number == 1 else 0
        kind = page[head]
        count = int.from_bytes(page[head + 3:head + 5], "big")
        pointers = head + (12 if kind in INTERIOR else 8)
        if kind in INTERIOR:
            todo.append(int.from_bytes(page[head + 8:head + 12], "big"))
        for i in range(count):
            offset = int.from_bytes(page[pointers + 2 * i:pointers + 2 * i + 2], "big")
            at = offset
            if kind in INTERIOR:
                todo.append(int.from_bytes(page[at:at + 4], "big"))
                at += 4
            _, at = _varint(page, at)  # the payload's size
            found.append((number, offset, _record(page, at)))
    return found


def arrival_order(path: Path, table: str) -> list[list]:
    """The table's rows, earliest first as their offsets suggest (new cells sit lower)."""
    return [record for _, _, record in sorted(cells(path, table), key=lambda c: (c[0], -c[1]))]


def pair_cards_with_ballots(path: Path, primary_id: int) -> dict[int, str]:
    """The attacker's guess: card id -> receipt, by matching the nth card with the nth ballot."""
    voted = [r[1] for r in arrival_order(path, "voted") if r[0] == primary_id]
    ballots = [r[1] for r in arrival_order(path, "ballots") if r[0] == primary_id]
    return dict(zip(voted, ballots, strict=False))
