"""Published files: anonymised ballots (CVR CSV, BLT) and results (our JSON, RCTab summary JSON).

Pure: each function returns the file's text or a JSON-ready dict. The ballot files read back
with `hustings count` (votes/countfile.py), so anyone can recount a published primary.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import spreadsheet
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
    header = [f"rank{i}" for i in range(1, width + 1)]
    lines = [["receipt", *header] if with_receipts else header]
    for receipt, ranking in rows:
        cells = [_name(name) for name in ranking] + [""] * (width - len(ranking))
        lines.append([receipt or "", *cells] if with_receipts else cells)
    return spreadsheet.csv_text(lines)


def _name(name: str) -> str:
    """'|' marks an overvote in a CVR cell, so a name's own '|' is written as '¦'."""
    return name.replace("|", "\u00a6")


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
            "method": result.method, "seats": result.seats, "ballots": result.ballots,
            "blank": result.blank}


# Our names for why ballots left the count, and RCTab's.
_INACTIVE = {"exhausted_choices": "exhaustedChoices", "overvotes": "overvotes",
             "skipped_rankings": "skippedRankings", "repeated_rankings": "repeatedRankings"}


def rctab_summary(result: Result | dict[str, Any], title: str, *, date: str = "",
                  jurisdiction: str = "", office: str | None = None) -> dict[str, Any]:
    """RCTab's `summary.json`, field for field, so the result opens in tools officials use.

    Takes a Result or its saved JSON form (result_json). What older saved results lack is
    rebuilt: thresholds with our primaries' rule (Droop: floor(votes / (seats + 1)) + 1),
    and every exhausted vote counted as having run out of choices (our phones allow no
    overvotes, skipped or repeated rankings).
    """
    data = result_json(result) if isinstance(result, Result) else result
    seats = int(data.get("seats") or 0)
    rounds = data["rounds"]
    thresholds = _fill_thresholds(rounds, [r.get("threshold") for r in rounds], seats or 1)
    surpluses = data.get("method") == "stv"  # RCTab: multi-winner counts move surpluses
    results = []
    for i, (r, thr) in enumerate(zip(rounds, thresholds, strict=True)):
        inactive = r.get("inactive") or {"exhausted_choices": r.get("exhausted", "0")}
        inactive_ballots = {theirs: _text(inactive.get(ours, "0"))
                            for ours, theirs in _INACTIVE.items()}
        if surpluses and i == len(rounds) - 1:
            inactive_ballots["finalRoundSurplus"] = _text(r.get("final_surplus", "0"))
        residuals = r.get("residuals", {})
        tally_results: list[dict[str, Any]] = []
        for name in r["elected"]:
            moved = _texts(r["transfers"].get(name, {}))
            if Decimal(residuals.get(name, "0")) > 0:
                moved["residual surplus"] = _text(residuals[name])
            tally_results.append({"elected": name, "transfers": moved})
        for name in r["eliminated"]:
            tally_results.append({"eliminated": name,
                                  "transfers": _texts(r["transfers"].get(name, {}))})
        results.append({
            "inactiveBallots": inactive_ballots,
            "round": r["round"],
            "tally": _texts(r["tally"]),
            "tallyResults": tally_results,
            "threshold": _text(thr),
        })
    blank = int(data.get("blank") or 0)
    return _by_key({
        "config": {"contest": title, "date": date, "generatedBy": "hustings",
                   "jurisdiction": jurisdiction, "office": title if office is None else office},
        "jsonFormatVersion": "1",
        "results": results,
        "summary": {
            "finalThreshold": _text(thresholds[-1]) if thresholds else "0",
            "numCandidates": len(data.get("candidates") or []),
            "numWinners": seats,
            "totalNumBallots": str(int(data.get("ballots") or 0) + blank),
            "undervotes": blank,
        },
    })


def _by_key(value: Any) -> Any:
    """Every object's keys in alphabetical order, as RCTab writes them, so files diff cleanly."""
    if isinstance(value, dict):
        return {k: _by_key(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_by_key(v) for v in value]
    return value


def _fill_thresholds(rounds, thresholds, seats: int) -> list[Decimal]:
    out: list[Decimal] = []
    for i, (r, thr) in enumerate(zip(rounds, thresholds, strict=True)):
        if thr is not None:
            thr = Decimal(thr)
        elif seats > 1 and i > 0:
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
