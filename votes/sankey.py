"""The flow of votes between rounds as a Sankey diagram (pure): a column of candidates per round,
a band from each to where its votes went. Drawn as inline SVG by templates/hall/_flow.html."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import languages
from languages import N_
from votes.projection import EXHAUSTED, order, votes_text

WIDTH, HEIGHT = 1000, 420
NODE, GAP = 14, 10
CHAR = 9.5  # a label's letter at 15 units, bold-safe: room for names beside the outer columns


@dataclass
class Node:
    round: int
    name: str
    votes: Decimal
    x: float = 0
    y: float = 0
    h: float = 0
    out_at: float = 0  # where the next band leaves, from the top
    in_at: float = 0  # where the next band arrives


def _columns(result: dict) -> list[list[Node]]:
    names = order(result)
    columns = []
    for r in result["rounds"]:
        nodes = [Node(r["round"], name, Decimal(r["tally"][name]))
                 for name in names if name in r["tally"]]
        spent = Decimal(r.get("exhausted", "0"))
        if spent:
            nodes.append(Node(r["round"], EXHAUSTED, spent))
        columns.append(nodes)
    return columns


def _band(a: Node, b: Node, thick: float) -> str:
    x1, x2 = a.x + NODE, b.x
    y1, y2 = a.y + a.out_at, b.y + b.in_at
    mid = (x1 + x2) / 2
    a.out_at += thick
    b.in_at += thick
    return (f"M{x1:.1f} {y1:.1f} C{mid:.1f} {y1:.1f} {mid:.1f} {y2:.1f} {x2:.1f} {y2:.1f}"
            f" L{x2:.1f} {y2 + thick:.1f} C{mid:.1f} {y2 + thick:.1f} {mid:.1f} {y1 + thick:.1f}"
            f" {x1:.1f} {y1 + thick:.1f} Z")


def flow(result: dict, lang: str = languages.SOURCE) -> dict:
    """Nodes and bands in SVG units; each band's title says (in `lang`) how many votes it
    carries."""
    columns = _columns(result)
    left, right = (min(max(len(f"{_label(n.name, lang)} {votes_text(str(n.votes))}") for n in col)
                       * CHAR + 12, WIDTH / 3) for col in (columns[0], columns[-1]))
    tallest = max(sum(n.votes for n in col) for col in columns) or Decimal(1)
    most = max(len(col) for col in columns)
    scale = (HEIGHT - (GAP + 1) * most) / float(tallest)  # +1: a node is at least 1 high
    step = (WIDTH - left - right - NODE) / max(len(columns) - 1, 1)
    for i, col in enumerate(columns):
        y = 0.0
        for node in col:
            node.x, node.y, node.h = left + i * step, y, max(float(node.votes) * scale, 1.0)
            y += node.h + GAP
    bands = []
    for i, (col, nxt) in enumerate(zip(columns, columns[1:], strict=False)):
        where = {n.name: n for n in nxt}
        moves = result["rounds"][i].get("transfers") or {}
        for node in col:
            sent = moves.get(node.name, {}) if node.name != EXHAUSTED else {}
            kept = node.votes - sum(Decimal(v) for v in sent.values())
            targets = [(node.name, kept)] + [(to, Decimal(v)) for to, v in sent.items()]
            for to, amount in targets:
                if to in where and amount > 0:
                    kind = "kept" if to == node.name else "moved"
                    if to == EXHAUSTED:
                        kind = "spent" if node.name == EXHAUSTED else "moved exhausting"
                    bands.append({"d": _band(node, where[to], float(amount) * scale),
                                  "kind": kind, "title": _title(node.name, to, amount, i + 1, lang),
                                  "round": i + 1, "from": node.name, "to": to,
                                  "votes": votes_text(str(amount))})
    nodes = [{"x": round(n.x, 1), "y": round(n.y, 1), "h": round(n.h, 1), "name": n.name,
              "label": _label(n.name, lang),
              "votes": votes_text(str(n.votes)), "round": n.round, "first": i == 0,
              "last": i == len(columns) - 1}
             for i, col in enumerate(columns) for n in col]
    return {"width": WIDTH, "height": HEIGHT, "node": NODE, "nodes": nodes, "bands": bands,
            "rounds": [{"x": round(left + i * step + NODE / 2, 1), "round": i + 1}
                       for i in range(len(columns))]}


def _label(name: str, lang: str) -> str:
    return languages.gettext(lang, N_("No further choice")) if name == EXHAUSTED else name


def _title(source: str, to: str, amount: Decimal, round_number: int, lang: str) -> str:
    values = {"votes": votes_text(str(amount)), "source": source, "to": to,
              "round": round_number, "next": round_number + 1}
    if source == to == EXHAUSTED:
        text = N_("%(votes)s with no further choice")
    elif source == to:
        text = N_("%(source)s keeps %(votes)s into round %(next)s")
    elif to == EXHAUSTED:
        text = N_("%(votes)s from %(source)s have no further choice")
    else:
        text = N_("%(votes)s move from %(source)s to %(to)s after round %(round)s")
    return languages.gettext(lang, text, **values)
