"""Reading a CSV of doorstep answers (paper rounds, another tool): decode it, check every row, and
say what is wrong by row and column. Pure: the caller brings the wards, streets and the answers
already recorded; nothing is stored unless every row is right."""

from __future__ import annotations

import csv
import io
import pickle
from dataclasses import dataclass, field
from datetime import date

from programme.answers import MAX_ANSWER, MAX_STREET, day_problem, fingerprint, key, parse_day
from spreadsheet import Problem

COLUMNS = ("ward", "street", "date", "good", "improve", "invited")
REQUIRED = ("ward", "street", "date", "good", "improve")
MAX_ROWS = 100_000
SHOWN = 200  # problems listed in the report; the rest are counted
YES = {"yes", "y", "true", "1", "x", "✓", "✔"}
NO = {"", "no", "n", "false", "0"}
TEMPLATE = (
    "ward,street,date,good,improve,invited\r\n"
    "Tulse Hill,Acre Lane,2026-03-14,The park and the neighbours,Fix the streetlights,yes\r\n"
    "Tulse Hill,Brixton Water Lane,14/03/2026,Quiet street,,no\r\n"
)


@dataclass(frozen=True)
class Row:
    row: int
    ward_id: int
    street: str
    day: str
    good: str
    improve: str
    invited: bool
    fingerprint: str


@dataclass
class Plan:
    """What the file would import, the problems that stop it, and the duplicates left out."""

    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    duplicates: list[Problem] = field(default_factory=list)
    encoding: str = "UTF-8"

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Ward:
    id: int
    area: str
    name: str
    streets: tuple[str, ...] = ()  # empty: any street is accepted


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was in: UTF-8 (with or without Excel's BOM) or Windows-1252.
    Bytes that are neither stay as lone surrogates, so the row and column can be named."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "surrogateescape"), "UTF-8 with BOM"
    text = data.decode("utf-8", "surrogateescape")
    stray = sum("\udc80" <= ch <= "\udcff" for ch in text)
    if not stray:
        return text, "UTF-8"
    # Windows-1252 text is rarely valid UTF-8 by chance; UTF-8 text with a few stray bytes is
    # damaged: its stray bytes are reported rather than read as something else.
    if stray <= sum(ord(ch) > 0x7F for ch in text) - stray:
        return text, "UTF-8"
    return data.decode("cp1252", "surrogateescape"), "Windows-1252"


def unreadable(text: str) -> bool:
    return "\x00" in text or any("\udc80" <= ch <= "\udcff" for ch in text)


def ward_index(wards: list[Ward]) -> dict[str, Ward | None]:
    """A ward by its name, or by 'Area / Ward'; None where two areas share the ward's name."""
    index: dict[str, Ward | None] = {}
    for w in wards:
        name = key(w.name)
        index[name] = None if name in index else w
        index[key(f"{w.area} / {w.name}")] = w
    return index


def _ward(value: str, index: dict[str, Ward | None], wards: list[Ward]) -> Ward | str:
    if not value:
        return "the ward is missing."
    found = index.get(key(value), "")
    if found is None:
        areas = " and ".join(sorted(w.area for w in wards if key(w.name) == key(value)))
        return f"there are wards called '{value}' in {areas}: write it as 'Area / Ward'."
    if found == "":
        return f"there is no ward called '{value}'. Create it first, or check the spelling."
    return found


def _invited(value: str) -> bool | None:
    value = key(value)
    return True if value in YES else False if value in NO else None


def _columns(header: list[str]) -> tuple[dict[str, int], list[Problem]]:
    names = [key(h).strip('"') for h in header]
    where = {n: i for i, n in reversed(list(enumerate(names))) if n in COLUMNS}
    missing = [c for c in REQUIRED if c not in where]
    problems = [Problem(1, c, f"the column '{c}' is missing. The template's columns are "
                        f"{', '.join(COLUMNS)}.") for c in missing]
    return where, problems


def check_row(n: int, cells: dict[str, str], index: dict[str, Ward | None], wards: list[Ward],
              streets: dict[int, dict[str, str]], today: date) -> Row | list[Problem]:
    """One row as it will be stored, or every problem with it."""
    problems = []
    for column, value in cells.items():
        if unreadable(value):
            problems.append(Problem(n, column, "has characters that are not readable text (bad "
                                    "encoding). Save the file as 'CSV UTF-8' and try again."))
    if problems:
        return problems
    cells = {c: " ".join(v.split()) for c, v in cells.items()}
    ward = _ward(cells["ward"], index, wards)
    if isinstance(ward, str):
        problems.append(Problem(n, "ward", ward))
    street = cells["street"]
    if not street:
        problems.append(Problem(n, "street", "the street is missing."))
    elif len(street) > MAX_STREET:
        problems.append(Problem(n, "street", f"the street is too long (at most {MAX_STREET})."))
    elif isinstance(ward, Ward) and ward.streets and key(street) not in streets[ward.id]:
        problems.append(Problem(n, "street", f"'{street}' is not one of {ward.name}'s streets. "
                                "Check the spelling, or add it to the ward's street list."))
    day = parse_day(cells["date"])
    problem = day_problem(day, today, cells["date"]) if cells["date"] else "the date is missing."
    if problem:
        problems.append(Problem(n, "date", str(problem)))
    good, improve = cells["good"], cells["improve"]
    if not good and not improve:
        problems.append(Problem(n, "good and improve", "both answers are empty; each row needs "
                                "at least one."))
    for column in ("good", "improve"):
        if len(cells[column]) > MAX_ANSWER:
            problems.append(Problem(n, column, f"the answer is too long (at most "
                                    f"{MAX_ANSWER:,} characters)."))
    invited = _invited(cells.get("invited", ""))
    if invited is None:
        problems.append(Problem(n, "invited", f"write yes or no, not '{cells['invited'][:20]}'."))
    if problems or not isinstance(ward, Ward) or day is None:
        return problems
    street = streets[ward.id].get(key(street), street)  # the list's spelling
    return Row(n, ward.id, street, day.isoformat(), good, improve, bool(invited),
               fingerprint(ward.id, street, day.isoformat(), good, improve))


def read(data: bytes, wards: list[Ward], today: date) -> Plan:
    """Every row checked; a problem anywhere means nothing is imported."""
    text, encoding = decode(data)
    plan = Plan(encoding=encoding)
    records = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(records, None)
        if header is None:
            plan.problems.append(Problem(1, "", "the file is empty. Start from the template."))
            return plan
        if unreadable("".join(header)):
            plan.problems.append(Problem(1, "", "the header has characters that are not "
                                         "readable text (bad encoding). Save the file as "
                                         "'CSV UTF-8' and try again."))
            return plan
        where, plan.problems = _columns(header)
        if plan.problems:
            return plan
        index = ward_index(wards)
        streets = {w.id: {key(s): s for s in w.streets} for w in wards}
        n = 1
        for n, record in enumerate(records, start=2):
            if n > MAX_ROWS + 1:
                plan.problems.append(Problem(n, "", f"the file has more than {MAX_ROWS:,} rows. "
                                             "Split it into smaller files."))
                break
            if not any(cell.strip() for cell in record):
                continue  # a blank line, as spreadsheets leave at the end
            cells = {c: record[i] if i < len(record) else "" for c, i in where.items()}
            cells.setdefault("invited", "")
            checked = check_row(n, cells, index, wards, streets, today)
            if isinstance(checked, Row):
                plan.rows.append(checked)
            else:
                plan.problems.extend(checked)
    except csv.Error as e:
        plan.problems.append(Problem(records.line_num, "", f"the file cannot be read as CSV "
                                     f"from here ({e}). Save it from a spreadsheet as CSV."))
    if not plan.rows and not plan.problems:
        plan.problems.append(Problem(2, "", "the file has no answers in it."))
    return plan


PART = 2000  # rows per pickled part: taking one back holds the interpreter for a few ms


def read_in_parts(data: bytes, wards: list[Ward], today: date) -> list[bytes]:
    """read(), for the worker process: the plan without its rows, then its rows in parts, each
    pickled, so the server can take them back a part at a time (99,000 rows unpickled at once
    held the server's interpreter for 0.3-2 s)."""
    plan = read(data, wards, today)
    rows, plan.rows = plan.rows, []
    return [pickle.dumps(plan)] + [pickle.dumps(rows[i:i + PART])
                                   for i in range(0, len(rows), PART)]


def leave_out_duplicates(plan: Plan, recorded: set[str], keep: bool) -> Plan:
    """Rows that repeat an earlier row, or an answer already recorded (same ward, street, day and
    words), are reported; they are left out unless the organiser chose to keep them."""
    seen: dict[str, int] = {}
    rows, duplicates = [], []
    for r in plan.rows:
        if r.fingerprint in recorded:
            duplicates.append(Problem(r.row, "", "the same answer, street and day is already "
                                      "recorded (was this file imported before?)."))
        elif r.fingerprint in seen:
            duplicates.append(Problem(r.row, "", f"the same answer, street and day as row "
                                      f"{seen[r.fingerprint]}."))
        else:
            seen[r.fingerprint] = r.row
            rows.append(r)
            continue
        if keep:
            rows.append(r)
    return Plan(rows, plan.problems, duplicates, plan.encoding)
