"""Whether a voting card has room for its paper ballot: the names fill the columns of the
card's paper ballot in order (as the printed CSS columns do), and must fit the height left
under the instructions. The sizes mirror `.vcard` in static/style.css, in millimetres."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass


@dataclass(frozen=True)
class PaperArea:
    columns: int
    letters: int  # letters of a name on one line of a column (wide letters counted, so fewer)
    line: float  # the height of one line of a name
    height: float  # the height the list may take on the card


BOX, GAP = 4.0, 0.7  # each name's box to write a number in, and the space under it
ONE_LANGUAGE = PaperArea(columns=2, letters=20, line=8 * 0.3528 * 1.2, height=21.5)
# the instructions twice leave less room: smaller type in three narrower columns
TWO_LANGUAGES = PaperArea(columns=3, letters=12, line=7.5 * 0.3528 * 1.15, height=12.5)


def _height(name: str, area: PaperArea) -> float:
    lines = len(textwrap.wrap(name, area.letters, break_on_hyphens=True)) or 1
    return max(BOX, lines * area.line) + GAP


def paper_fits(names: list[str], languages: int) -> bool:
    """True when every name fits on the card, a column at a time, in ballot order."""
    area = ONE_LANGUAGE if languages == 1 else TWO_LANGUAGES
    columns, filled = 1, 0.0
    for name in names:
        h = _height(name, area)
        if h > area.height:
            return False
        if filled + h > area.height:
            columns, filled = columns + 1, 0.0
        filled += h
    return columns <= area.columns
