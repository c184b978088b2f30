"""How the fine cut's themes are merged (vectors.merge_same_terms): paraphrases of one ask become
one theme; themes that only share a common word ("card") do not chain into one catch-all."""

from __future__ import annotations

import numpy as np

from programme.clustering import vectors as sp

# Each theme: its clauses. The three card themes share the word "card" and nothing else.
THEMES = {
    "card payment": ["card payment declined", "my card payment was declined at the shop",
                     "card payment refused", "why was my card payment declined"],
    "card pin": ["card pin blocked", "my card pin is blocked after three tries",
                 "unblock my card pin", "card pin locked"],
    "card delivery": ["card delivery late", "my new card delivery has not arrived",
                      "card delivery tracking", "when is my card delivery due"],
    "bins smell": ["the bins smell", "bins smell in the summer", "smelly bins everywhere",
                   "the bins smell awful"],
    "bin collections": ["bin collections every week", "more bin collections",
                        "weekly bin collections please", "bin collections are missed"],
    "potholes": ["fix the potholes", "potholes on every road", "deep potholes near the school",
                 "potholes damage cars"],
    "buses": ["more buses in the evening", "buses are always late", "buses on sundays",
              "cheaper buses to town"],
    "parking": ["more parking spaces", "parking is impossible", "residents parking permits",
                "parking on the pavement"],
    "street lights": ["street lights are broken", "more street lights", "street lights off",
                      "dark street lights at night"],
    "youth club": ["a youth club", "open the youth club again", "youth club for teenagers",
                   "youth club closed"],
}


def merged() -> dict[str, int]:
    texts = [t for clauses in THEMES.values() for t in clauses]
    labels = np.repeat(np.arange(len(THEMES)), [len(c) for c in THEMES.values()])
    space = sp.embed(texts, seed=0)
    after = sp.merge_same_terms(space, labels, lo=1)
    return {name: int(after[labels == j][0]) for j, name in enumerate(THEMES)}


def test_paraphrases_of_one_ask_that_share_its_word_merge():
    theme = merged()
    assert theme["bins smell"] == theme["bin collections"]


def test_themes_linked_only_by_one_common_word_do_not_chain_into_one():
    theme = merged()
    cards = {theme["card payment"], theme["card pin"], theme["card delivery"]}
    assert len(cards) >= 2  # at most two of them pair up; never all three by the word "card"
    others = {theme[t] for t in ("potholes", "buses", "parking", "street lights", "youth club")}
    assert len(others) == 5 and not others & cards
