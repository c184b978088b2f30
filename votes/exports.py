"""Published files: anonymised ballots (CVR CSV, BLT) and results (our JSON, RCTab summary JSON).

Pure: each function returns the file's text or a JSON-ready dict. The ballot files read back
with `hustings count` (votes/countfile.py), so anyone can recount a published primary.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from votes.counting.result import Result

Ranking = Sequence[str]


def ballots_csv(ballots: Iterable[Ranking | tuple[str, Ranking]]) -> str:
    """One row per ballot, columns rank1..rankN (blank = not ranked).

    Items are rankings (names, most preferred first) or (receipt, ranking) pairs; with receipts
    a first column `receipt` lets each voter find their own ballot in the published set.
    """
    rows: list[tuple[str | None, Ranking]] = []
    for item in ballots:
        if isinstance(item, tuple) and len(item) == 2 and not isinstance(item[1], str):
            rows.append((item[0], item[1]))
        else:
            rows.append((None, item))
    width = max((len(r) for _, r in rows), default=1) or 1
    with_receipts = any(receipt is not None for receipt, _ in rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    header = [f"rank{i}" for i in range(1, width + 1)]
    writer.writerow(["receipt", *header] if with_receipts else header)
    for receipt, ranking in rows:
        cells = [_cell(name) for name in ranking] + [""] * (width - len(ranking))
        writer.writerow([receipt or "", *cells] if with_receipts else cells)
    return out.getvalue()


def _cell(name: str) -> str:
    if "|" in name:
        raise ValueError(f"candidate name {name!r} contains '|', which marks an overvote")
    return name


def ballots_blt(candidates: Sequence[str], rankings: Iterable[Ranking], seats: int,
                title: str) -> str:
    """OpenSTV/OpaVote BLT: identical rankings are grouped as one weighted line."""
    number = {name: i for i, name in enumerate(candidates, start=1)}
    grouped: dict[tuple[int, ...], int] = {}
    for ranking in rankings:
        key = tuple(number[name] for name in ranking)
        grouped[key] = grouped.get(key, 0) + 1
    lines = [f"{len(candidates)} {seats}"]
    for key, weight in grouped.items():
        lines.append(" ".join(str(x) for x in (weight, *key, 0)))
    lines.append("0")
    lines.extend(_quoted(name) for name in candidates)
    lines.append(_quoted(title))
    return "\n".join(lines) + "\n"


def _quoted(text: str) -> str:
    return '"' + text.replace('"', "'") + '"'


def result_json(result: Result) -> dict[str, Any]:
    """Our result format (see Result.to_json), plus what is needed to recount it."""
    return {**result.to_json(), "seed": result.seed, "candidates": list(result.candidates),
            "method": result.method, "seats": result.seats, "ballots": result.ballots}


def rctab_summary(result: Result | dict[str, Any], title: str) -> dict[str, Any]:
    """RCTab's `summary.json` shape, so the result opens in tools election officials use.

    Takes a Result or its saved JSON form (result_json). Thresholds missing from the JSON form
    are recomputed with our primaries' rule (Droop: floor(votes / (seats + 1)) + 1).
    """
    if isinstance(result, Result):
        data = result_json(result)
        thresholds = [r.threshold for r in result.rounds]
    else:
        data = result
        thresholds = [Decimal(r["threshold"]) if r.get("threshold") else None
                      for r in data["rounds"]]
    seats = int(data.get("seats") or 1)
    rounds = data["rounds"]
    thresholds = _fill_thresholds(rounds, thresholds, seats)
    results = []
    for r, thr in zip(rounds, thresholds, strict=True):
        tally_results: list[dict[str, Any]] = []
        for name in r["elected"]:
            tally_results.append({"elected": name,
                                  "transfers": _texts(r["transfers"].get(name, {}))})
        for name in r["eliminated"]:
            tally_results.append({"eliminated": name,
                                  "transfers": _texts(r["transfers"].get(name, {}))})
        results.append({
            "inactiveBallots": {"exhaustedChoices": _text(r.get("exhausted", "0")),
                                "overvotes": "0", "repeatedRankings": "0",
                                "skippedRankings": "0"},
            "round": r["round"],
            "tally": _texts(r["tally"]),
            "tallyResults": tally_results,
            "threshold": _text(thr),
        })
    return {
        "config": {"contest": title, "date": "", "jurisdiction": "", "office": title,
                   "generatedBy": "hustings"},
        "jsonFormatVersion": "1",
        "results": results,
        "summary": {
            "finalThreshold": _text(thresholds[-1]) if thresholds else "0",
            "numCandidates": len(data.get("candidates") or []),
            "numWinners": len(data["winners"]),
            "totalNumBallots": str(data.get("ballots", "")),
            "undervotes": 0,
        },
    }


def _fill_thresholds(rounds, thresholds, seats: int) -> list[Decimal]:
    out: list[Decimal] = []
    for i, (r, thr) in enumerate(zip(rounds, thresholds, strict=True)):
        if thr is None:
            if seats > 1 and i > 0:
                thr = out[0]
            else:
                votes = sum(Decimal(v) for v in r["tally"].values())
                thr = Decimal(int(votes // (seats + 1)) + 1)
        out.append(thr)
    return out


def _text(value: Any) -> str:
    """Decimal text without trailing zeros, as RCTab writes it ('12', '3.5')."""
    d = Decimal(str(value))
    if d == d.to_integral_value():
        return str(d.quantize(Decimal(1)))
    return format(d.normalize(), "f")


def _texts(values: dict[str, Any]) -> dict[str, str]:
    return {name: _text(v) for name, v in values.items()}
