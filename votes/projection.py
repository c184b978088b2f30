"""The count as the hall sees it (pure): round charts on one scale, ties in plain words, and
the flow of votes between rounds. Geometry is in floats; the numbers shown stay exact text."""

from __future__ import annotations

from decimal import Decimal

import languages
from votes import tie_words

EXHAUSTED = "exhausted"
TRACK = 1000  # a bar's full width in its SVG's units


def votes_text(text: str) -> str:
    """'12.0000' -> '12', '3.5000' -> '3.5': the room reads whole votes, the exports keep all."""
    whole, _, frac = str(text).partition(".")
    frac = frac.rstrip("0")
    return f"{whole}.{frac}" if frac else whole


def threshold(result: dict, index: int) -> Decimal:
    """Votes that are sure to win in round `index` (0-based): more than half of the round's
    votes for one seat, the Droop quota of the first round's votes for more."""
    rounds = result["rounds"]
    if "threshold" in rounds[index]:
        return Decimal(rounds[index]["threshold"])
    seats = result.get("seats", 1)
    if seats == 1:
        total = sum(Decimal(v) for v in rounds[index]["tally"].values())
    else:
        total = sum(Decimal(v) for v in rounds[0]["tally"].values())
    return Decimal(int(total // (seats + 1)) + 1)


def order(result: dict) -> list[str]:
    """Candidates in the order of their first-round votes: the rows never jump about."""
    first = result["rounds"][0]["tally"]
    return sorted(first, key=lambda name: (-Decimal(first[name]), name)) + [
        name for name in result.get("candidates", []) if name not in first]


def chart(result: dict, lang: str = languages.SOURCE) -> dict:
    """Every round's bars on one scale, for the projector and the results page (its ties said
    in `lang`)."""
    rounds = result["rounds"]
    names = order(result)
    top = max([Decimal(v) for r in rounds for v in r["tally"].values()]
              + [threshold(result, i) for i in range(len(rounds))] + [Decimal(1)])
    elected: set[str] = set()
    out: set[str] = set()
    steps = []
    for i, r in enumerate(rounds):
        bars = []
        for name in names:
            value = r["tally"].get(name)
            status = ("elected" if name in r["elected"] else "eliminated"
                      if name in r["eliminated"] else "won" if name in elected
                      else "out" if name in out or value is None else "")
            bars.append({"name": name, "votes": votes_text(value) if value is not None else "",
                         "width": round(float(Decimal(value or 0) / top) * TRACK, 1),
                         "status": status})
        elected.update(r["elected"])
        out.update(r["eliminated"])
        transfers = [{"from": source, "to": to, "votes": votes_text(amount),
                      "width": round(float(Decimal(amount) / top) * TRACK, 1)}
                     for source, moves in (r.get("transfers") or {}).items()
                     for to, amount in moves.items() if Decimal(amount)]
        limit = threshold(result, i)
        steps.append({
            "round": r["round"], "bars": bars, "transfers": transfers,
            "exhausted": votes_text(r.get("exhausted", "0")),
            "exhausted_width": round(float(Decimal(r.get("exhausted", "0")) / top) * TRACK, 1),
            "threshold": votes_text(str(limit)),
            "threshold_x": round(float(limit / top) * TRACK, 1),
            "ties": [tie_words.summary(t, lang) for t in result.get("tie_breaks", [])
                     if t.get("round") == r["round"]],
        })
    return {"rounds": steps, "winners": list(result["winners"]),
            "seats": result.get("seats", 1)}


def moves_text(step: dict) -> str:
    """'Moving on: 3 from Dee to Ana; 2 from Dee to no further choice'."""
    parts = [f"{t['votes']} from {t['from']} to "
             f"{'no further choice' if t['to'] == EXHAUSTED else t['to']}"
             for t in step["transfers"]]
    return "; ".join(parts)
