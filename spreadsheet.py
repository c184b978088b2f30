"""CSV files we hand out (published ballots, exported answers): one writer for all of them, so
no cell is ever run by a spreadsheet as a formula; and the one way a problem in a file handed in
is told (row and column as the spreadsheet shows them)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

FORMULA = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run a cell starting so


def cell(value: object) -> str:
    """The value as text a spreadsheet shows as text: a leading quote disarms a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA) else text


def csv_text(rows: Iterable[Iterable[object]], bom: bool = False) -> str:
    """Rows as CSV, every cell through cell(); with bom, Excel reads it as UTF-8."""
    out = io.StringIO()
    if bom:
        out.write("\ufeff")
    # CRLF ends a row (RFC 4180), which also makes the writer quote a cell holding a lone CR
    csv.writer(out, lineterminator="\r\n").writerows([cell(v) for v in row] for row in rows)
    return out.getvalue()


@dataclass(frozen=True)
class Problem:
    """A problem in a file handed in, where the organiser will find it in their spreadsheet."""

    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Row {self.row}" + (f", column {self.column}" if self.column else "")
        return f"{where}: {self.message}"
