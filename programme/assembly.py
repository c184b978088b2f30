"""What an assembly votes on: the options an organiser confirms, each in the demand wording they
confirm (suggested from the theme), and how many places the vote fills. Pure: no I/O.

An offered option is a dict as programme_routes builds it: `key` (for the form), `label`,
`ticked` (on the ballot unless the organiser says otherwise) and `why` (in or out, and why).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from plaintext import tidy
from problems import Refused
from programme.charter import MOST

BALLOT = 12  # options on an assembly's ballot at most: a phone screen's worth
MAX_WORDING = 120  # a ballot option's name

# Words a resident opens an answer with that are not the demand: "I'd say bring back the bus".
_FILLER = re.compile(
    r"^(?:(?:i'?d say|i would say|i think|i guess|i suppose|i'd like|i would like|we need|"
    r"also|and|or|but|so|well|just|maybe|perhaps|please|probably|really|definitely|um+|er+|oh)"
    r"\b[\s,:;.-]*)+", re.IGNORECASE)
_TRAILING = re.compile(r"[\s.,;:!?…'\"-]+$")


def suggest(label: str) -> str:
    """A theme's label as a demand on a ballot: opening fillers and trailing punctuation gone,
    a capital first letter, at most MAX_WORDING characters (cut at a word)."""
    text = tidy(label.replace("\u2019", "'"))
    words = _TRAILING.sub("", _FILLER.sub("", text)) or _TRAILING.sub("", text) or text
    if len(words) > MAX_WORDING:
        words = words[:MAX_WORDING].rsplit(" ", 1)[0]
    return words[:1].upper() + words[1:]


def wording(text: str) -> str:
    """An option's wording from the organiser's form, or Refused with a sentence."""
    text = tidy(text)
    if not text:
        raise Refused("Give every option on the ballot its wording: the demand in plain words.")
    if len(text) > MAX_WORDING:
        raise Refused(f"“{text[:40]}…” is too long for a ballot: at most {MAX_WORDING} "
                      "characters. The evidence is shown beside it.")
    return text


def confirm(form: Mapping[str, str], offered: Sequence[dict]) -> tuple[list[tuple[dict, str]], int]:
    """The options the organiser ticked, in the order offered, each with its confirmed wording,
    and the number of places; or Refused, with what to change."""
    chosen = [(o, wording(form.get(f"wording_{o['key']}", ""))) for o in offered
              if form.get(f"on_{o['key']}") == "yes"]
    if len(chosen) < 2:
        raise Refused("Tick at least two options for the ballot: a vote needs a choice.")
    if len(chosen) > BALLOT:
        raise Refused(f"{len(chosen)} options are ticked; a ballot has at most {BALLOT} (a phone "
                      "screen's worth). Untick some.")
    seen: dict[str, str] = {}
    for _, text in chosen:
        if text.casefold() in seen:
            raise Refused(f"Two options are worded “{text}”. Word them differently, or untick "
                          "one.")
        seen[text.casefold()] = text
    most = min(MOST, len(chosen))
    raw = (form.get("places") or "").strip()
    if not (raw.isascii() and raw.isdigit()) or not 1 <= int(raw[:3]) <= most:
        raise Refused(f"The places on the shortlist are a whole number from 1 to {most}.")
    return chosen, int(raw)
