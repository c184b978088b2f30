"""CSV files we hand out (published ballots, exported answers): one writer for all of them, so
no cell is ever run by a spreadsheet as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

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
