"""The files of a panel by lot, read and written: the ward's addresses (uploaded), the quotas, and
the anonymised pool (published, and read back by `hustings sortition`). Pure. Like the doorstep
import, a file is taken whole or not at all: every problem is listed by row and column.
"""

from __future__ import annotations

import csv
import io
import random

from plaintext import tidy
from sortition.lottery import HOUSEHOLD, Quota, Volunteer
from spreadsheet import Problem

MAX_ROWS = 100_000
MAX_TEXT = 200
SHOWN = 50  # problems listed; the rest are counted
ADDRESS_TEMPLATE = "street,address\r\nAcre Lane,12 Acre Lane SW2 5SG\r\nAcre Lane,14 Acre Lane\r\n"
QUOTA_COLUMNS = ("category", "value", "min", "max")


def decode(data: bytes) -> str | None:
    """UTF-8 (with or without Excel's BOM) or Windows-1252; None if it is not text."""
    if b"\x00" in data:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def _table(text: str, required: tuple[str, ...]
           ) -> tuple[list[str], list[tuple[int, dict[str, str]]], list[Problem]]:
    """The header and the non-blank rows as dicts, or the problems with the header."""
    records = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [tidy(h).casefold() for h in next(records, [])]
        if not header:
            return [], [], [Problem(1, "", "the file is empty. Start from the template.")]
        missing = [c for c in required if c not in header]
        if missing:
            return header, [], [Problem(1, c, f"the column '{c}' is missing. The columns are "
                                        f"{', '.join(required)}.") for c in missing]
        rows = []
        for n, record in enumerate(records, start=2):
            if n > MAX_ROWS + 1:
                return header, rows, [Problem(n, "", f"more than {MAX_ROWS:,} rows: split the "
                                              "file.")]
            if any(cell.strip() for cell in record):
                rows.append((n, {h: tidy(record[i]) if i < len(record) else ""
                                 for i, h in enumerate(header)}))
    except csv.Error as e:
        return header, [], [Problem(records.line_num, "", f"the file cannot be read as CSV ({e}).")]
    return header, rows, []


def read_addresses(data: bytes) -> tuple[list[tuple[str, str]], list[Problem]]:
    """(street, address) for every row, or the problems; a repeated address is a problem."""
    text = decode(data)
    if text is None:
        return [], [Problem(1, "", "this is not a text file. Save it as 'CSV UTF-8'.")]
    _, rows, problems = _table(text, ("street", "address"))
    seen: dict[str, int] = {}
    found = []
    for n, cells in rows:
        street, address = cells["street"], cells["address"]
        for column, value in (("street", street), ("address", address)):
            if not value:
                problems.append(Problem(n, column, f"the {column} is missing."))
            elif len(value) > MAX_TEXT:
                problems.append(Problem(n, column, f"too long (at most {MAX_TEXT} characters)."))
        key = address.casefold()
        if address and key in seen:
            problems.append(Problem(n, "address", f"the same address as row {seen[key]}."))
        seen.setdefault(key, n)
        found.append((street, address))
    if not found and not problems:
        problems.append(Problem(2, "", "the file has no addresses in it."))
    return ([] if problems else found), problems


def draw_doors(address_ids: list[int], doors: int, seed: int) -> list[int]:
    """The addresses drawn, in the order drawn: the same ids, number and seed give the same
    doors on any computer."""
    return random.Random(seed).sample(sorted(address_ids), min(doors, len(address_ids)))


def _whole(value: str) -> int | None:
    return int(value) if value.isascii() and value.isdigit() and len(value) < 5 else None


def read_quotas(text: str, seats: int) -> tuple[list[Quota], list[Problem]]:
    """category,value,min,max rows: whole numbers, min ≤ max ≤ seats, each pair once."""
    _, rows, problems = _table(text, QUOTA_COLUMNS)
    found, seen = [], set()
    for n, cells in rows:
        low, high = _whole(cells["min"]), _whole(cells["max"])
        for column in ("category", "value"):
            if not cells[column]:
                problems.append(Problem(n, column, f"the {column} is missing."))
            elif len(cells[column]) > 60:
                problems.append(Problem(n, column, "too long (at most 60 characters)."))
        if low is None or high is None:
            problems.append(Problem(n, "min and max", "write whole numbers, like 2 and 5."))
        elif low > high:
            problems.append(Problem(n, "min", f"the minimum ({low}) is above the maximum "
                                    f"({high})."))
        elif high > seats:
            problems.append(Problem(n, "max", f"the maximum ({high}) is more than the {seats} "
                                    "seats."))
        pair = (cells["category"].casefold(), cells["value"].casefold())
        if pair in seen:
            problems.append(Problem(n, "value", f"{cells['category']} – {cells['value']} is "
                                    "listed twice."))
        seen.add(pair)
        if low is not None and high is not None:
            found.append(Quota(cells["category"], cells["value"], low, high))
    if not rows and not problems:
        problems.append(Problem(2, "", "there are no quotas in it: one row per answer, like "
                                "'gender,Woman,2,3'."))
    return ([] if problems else found), problems


def categories(quotas: list[Quota]) -> dict[str, list[str]]:
    """Each category's values, in the order the quotas list them."""
    found: dict[str, list[str]] = {}
    for q in quotas:
        found.setdefault(q.category, []).append(q.value)
    return found


def quotas_rows(quotas: list[Quota]) -> list[list]:
    return [list(QUOTA_COLUMNS)] + [[q.category, q.value, q.min, q.max] for q in quotas]


def pool_rows(pool: list[Volunteer], names: list[str], households: bool) -> list[list]:
    """The anonymised pool: a number, (a household number), and the answers."""
    numbers: dict[str, int] = {}
    header = ["id"] + ([HOUSEHOLD] if households else []) + names
    rows = [header]
    for v in pool:
        answers = dict(v.answers)
        house = [numbers.setdefault(v.household or f"#{v.id}", len(numbers) + 1)] \
            if households else []
        rows.append([v.id, *house, *(answers.get(c, "") for c in names)])
    return rows


def read_pool(text: str, names: list[str]) -> tuple[list[Volunteer], list[Problem]]:
    """A published pool back: the id, an optional household, and one column per category."""
    header, rows, problems = _table(text, ("id", *[c.casefold() for c in names]))
    found, seen = [], set()
    for n, cells in rows:
        if not cells["id"]:
            problems.append(Problem(n, "id", "the id is missing."))
        elif cells["id"] in seen:
            problems.append(Problem(n, "id", f"the id {cells['id']} is listed twice."))
        seen.add(cells["id"])
        found.append(Volunteer(cells["id"], tuple((c, cells[c.casefold()]) for c in names),
                               cells.get(HOUSEHOLD, "")))
    return ([] if problems else found), problems
