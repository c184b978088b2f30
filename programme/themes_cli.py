"""`hustings themes ANSWERS.csv`: read doorstep answers, cluster each ward, print the themes.

The reader returns plain data or raises AnswersFileError with one sentence naming the line.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

from programme import clustering
from programme.clustering import side_by_side

EXPORT_TEXT = "improve"  # the export's answer to "what would you improve around here?"
MAX_FIELD = 100_000  # characters in one answer: longer is not a doorstep answer
PROGRESS_FROM = 1_000  # answers: about two seconds of clustering on a laptop


class AnswersFileError(Exception):
    """The file cannot be read as answers; the message says where and why, in one line."""


def main(args) -> int:
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise AnswersFileError(f"{path}: cannot read the file ({e.strerror or e}).") from None
    wards = read_answers(data, args.ward_column, args.text_column, args.id_column)
    if args.k is not None and args.k < 1:
        raise AnswersFileError(f"--k must be at least 1, not {args.k}.")
    # The optional sentence-embedding extra, when asked for (--embeddings or
    # HUSTINGS_EMBEDDINGS=1); the default stays scikit-learn only.
    embeddings = bool(getattr(args, "embeddings", False)) or \
        os.environ.get("HUSTINGS_EMBEDDINGS", "") == "1"
    total = sum(len(a) for a in wards.values())
    workers = getattr(args, "workers", None)
    if workers is not None and workers < 1:
        raise AnswersFileError(f"--workers must be at least 1, not {workers}.")
    started = time.monotonic()
    say = total >= PROGRESS_FROM  # a few seconds or more: say what is happening

    def done(ward: str) -> None:
        finished.append(ward)
        print(f"Ward {ward} done ({len(finished)} of {len(wards)}): "
              f"{len(wards[ward]):,} answers, {time.monotonic() - started:.0f} s so far.",
              file=sys.stderr, flush=True)

    finished: list[str] = []
    if say:
        print(f"Finding themes in {total:,} answers, {len(wards)} ward(s)…", file=sys.stderr,
              flush=True)
    try:
        result = side_by_side.cluster_wards(wards, k=args.k, embeddings=embeddings,
                                            workers=workers, done=done if say else None)
    except RuntimeError as e:  # the extra is not installed
        raise AnswersFileError(str(e)) from None
    if say:
        print(f"Themes found in {time.monotonic() - started:.1f} s.", file=sys.stderr)
    if (args.format or "text") == "json":
        text = json.dumps(to_json(result), indent=1, ensure_ascii=False)
    else:
        text = describe(result)
    sys.stdout.write(text + "\n")
    return 0


def read_answers(data: bytes, ward_column: str = "ward", text_column: str = "text",
                 id_column: str = "id") -> dict[str, list[clustering.Answer]]:
    """Answers by ward. Blank answers are skipped; an id used twice is an error. Reads UTF-8 or
    Windows-1252 (as the web import does), commas or semicolons (as a European spreadsheet
    saves), and the app's own answers export, whose answer to "what would you improve" is in the
    column `improve`."""
    from programme.importing import decode

    text, _ = decode(data)
    bad = next((i for i, ch in enumerate(text) if ch == "\x00" or "\udc80" <= ch <= "\udcff"),
               None)
    if bad is not None:
        line = text[:bad].count("\n") + 1
        raise AnswersFileError(f"line {line}: the file holds bytes that are not text (a NUL or "
                               "a broken character); is it a CSV file?")
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True,
                        delimiter=";" if first.count(";") > first.count(",") else ",")
    try:
        header = next(reader, None)
        if not header or not any(h.strip() for h in header):
            raise AnswersFileError("line 1: the file is empty; it needs a header row with "
                                   f"the columns {id_column}, {ward_column} and {text_column}.")
        names = [h.strip().lower() for h in header]
        id_column, ward_column, text_column = (c.strip().lower() for c in
                                               (id_column, ward_column, text_column))
        if text_column == "text" and "text" not in names and EXPORT_TEXT in names:
            text_column = EXPORT_TEXT  # the app's own export
        missing = [c for c in (id_column, ward_column, text_column) if c not in names]
        if missing:
            raise AnswersFileError(
                f"line 1: no column named {', '.join(missing)} (the columns are: "
                f"{' '.join(', '.join(n for n in names if n)[:200].split())}); use --id-column, "
                "--ward-column "
                "or --text-column.")
        col = {c: names.index(c) for c in (id_column, ward_column, text_column)}
        wards: dict[str, list[clustering.Answer]] = defaultdict(list)
        seen: dict[str, int] = {}
        for row in reader:
            line = reader.line_num
            if not any(field.strip() for field in row):
                continue
            if len(row) <= max(col.values()):
                raise AnswersFileError(f"line {line}: {len(row)} column(s), but the header has "
                                       f"{len(names)}.")
            answer_id, ward, answer = (row[col[c]].strip()
                                       for c in (id_column, ward_column, text_column))
            if not answer_id:
                raise AnswersFileError(f"line {line}: the {id_column} column is empty.")
            if answer_id in seen:
                raise AnswersFileError(f"line {line}: the id {answer_id!r} is already used on "
                                       f"line {seen[answer_id]}.")
            if len(answer) > MAX_FIELD:
                raise AnswersFileError(f"line {line}: the answer is over {MAX_FIELD:,} "
                                       "characters long.")
            seen[answer_id] = line
            if answer:
                wards[ward].append(clustering.Answer(answer_id, " ".join(answer.split())))
    except csv.Error as e:
        raise AnswersFileError(f"line {reader.line_num}: not valid CSV ({e}).") from None
    if not seen:
        raise AnswersFileError("line 2: the file has a header but no answers.")
    return dict(wards)


def to_json(result: dict[str, clustering.WardThemes]) -> dict:
    """Per ward, the themes an organiser reviews (at most REVIEWED, most residents first) and
    the shortlist; smaller themes fold away under "folded" (an assignment of REVIEWED or more
    points into it, past the reviewed ones)."""
    from programme.clustering.shortlist import REVIEWED

    wards, assignments = {}, {}
    for ward, w in result.items():
        themes = [{"label": t.label, "answer_ids": list(t.answer_ids),
                   "respondents": t.respondents, "quotes": list(t.quotes)} for t in w.themes]
        wards[ward] = {"themes": themes[:REVIEWED], "shortlist": list(w.shortlist)}
        if themes[REVIEWED:]:
            wards[ward]["folded"] = themes[REVIEWED:]
        assignments.update(w.assignments())
    return {"wards": wards, "assignments": assignments}


def describe(result: dict[str, clustering.WardThemes]) -> str:
    out: list[str] = []
    for ward, w in result.items():
        total = len(w.assignments())
        waiting = sum(1 for a, i in w.assignments().items() if i is None) - len(w.no_demand)
        out.append(f"Ward {ward}: {total} answers, {len(w.themes)} themes, "
                   f"{len(w.no_demand)} with no demand, {waiting} unsorted (no theme clearly "
                   "theirs).")
        for rank, i in enumerate(w.shortlist, 1):
            t = w.themes[i]
            out.append(f"  {rank}. {t.label} ({t.respondents} doorsteps; {', '.join(t.terms)})")
            out.extend(f"       \u201c{_short(q)}\u201d" for q in t.quotes)
        out.append("")
    return "\n".join(out).rstrip()


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"
