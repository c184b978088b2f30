"""Ties in the reader's language: the rule the count recorded for a tie, with its figures, said
through the catalogues. A result counted before rules were recorded has only its English
sentence: the rule is read back from it, and a sentence not understood is shown as written."""

from __future__ import annotations

import re

import languages
from languages import N_

# The English sentences votes/counting/ties.py wrote before it recorded the rule (and still
# writes as "how"): each gives the rule and its figures back.
_WRITTEN = [
    (re.compile(r".+ is listed (?:last|first) of the tied candidates"), lambda m: {
        "rule": "list_order"}),
    (re.compile(r".+ comes (?:first|last) of the tied candidates in the tie-break order"),
     lambda m: {"rule": "tie_order"}),
    (re.compile(r".+ had (?:fewer|more) votes in round (\d+)"), lambda m: {
        "rule": "earlier_round", "round": int(m[1])}),
    (re.compile(r"drawn by lot with seed (.*) \(lowest SHA-256 of 'seed:\d+:name'\)"),
     lambda m: {"rule": "draw", "seed": m[1]}),
]

_HOW = {  # (rule, the tie decides who goes out) → the sentence
    ("list_order", True): N_("%(chosen)s is listed last of the tied candidates"),
    ("list_order", False): N_("%(chosen)s is listed first of the tied candidates"),
    ("tie_order", True): N_("%(chosen)s comes first of the tied candidates in the tie-break "
                            "order"),
    ("tie_order", False): N_("%(chosen)s comes last of the tied candidates in the tie-break "
                             "order"),
    ("earlier_round", True): N_("%(chosen)s had fewer votes in round %(round)s"),
    ("earlier_round", False): N_("%(chosen)s had more votes in round %(round)s"),
    ("draw", True): N_("drawn by lot with seed %(seed)s (lowest SHA-256 of "
                       "'seed:%(round)s:name')"),
}
_HOW[("draw", False)] = _HOW[("draw", True)]


def reason(tie: dict) -> dict | None:
    """The rule that broke the tie, with its figures; None if the result does not say."""
    if isinstance(tie.get("reason"), dict) and tie["reason"].get("rule") in {
            rule for rule, _ in _HOW}:
        return tie["reason"]
    for pattern, read in _WRITTEN:
        if m := pattern.fullmatch(str(tie.get("how", ""))):
            return read(m)
    return None


def how(tie: dict, lang: str) -> tuple[str, str]:
    """How the tie was broken, and the language that is said in (the recorded English
    sentence when the rule is not known)."""
    why = reason(tie)
    if why is None:
        return str(tie.get("how", "")), languages.SOURCE
    text = _HOW[(why["rule"], tie["kind"] == "eliminate")]
    return languages.gettext(lang, text, chosen=tie["chosen"], round=why.get("round", tie["round"]),
                             seed=why.get("seed", "")), lang


def summary(tie: dict, lang: str) -> str:
    """'Ben and Carmen tied; the published draw put Carmen out'."""
    tied, chosen, out = languages.listed(tie["tied"], lang), tie["chosen"], \
        tie["kind"] == "eliminate"
    if (reason(tie) or {}).get("rule") == "draw":
        text = N_("%(tied)s tied; the published draw put %(chosen)s out") if out else \
            N_("%(tied)s tied; the published draw elected %(chosen)s")
        return languages.gettext(lang, text, tied=tied, chosen=chosen)
    text = N_("%(tied)s tied; %(chosen)s went out (%(how)s)") if out else \
        N_("%(tied)s tied; %(chosen)s was elected (%(how)s)")
    return languages.gettext(lang, text, tied=tied, chosen=chosen, how=how(tie, lang)[0])
