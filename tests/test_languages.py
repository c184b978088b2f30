"""The catalogues: every shipped language translated in full and up to date with the templates
and code; ordinals, dates and Accept-Language as each language needs them."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache
from itertools import combinations

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from hypothesis import given
from hypothesis import strategies as st

import languages

PLACEHOLDER = re.compile(r"%\((\w+)\)s|\{(\w+)\}")
TRANSLATED = [lang for lang in languages.shipped() if lang != languages.SOURCE]


def _catalogue(lang: str):
    with (languages.CATALOGUES / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=lang)


def _key(message) -> tuple:
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    return (message.context, *ids)


@cache
def _extracted() -> frozenset[tuple]:
    with (languages.ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2),
                **languages.KEYWORDS}
    found = set()
    for _, _, message, _, context in extract_from_dir(
            str(languages.ROOT), method_map, options_map, keywords=keywords):
        ids = message if isinstance(message, tuple) else (message,)
        found.add((context, *ids))
    return frozenset(found)


def test_english_spanish_portuguese_and_arabic_are_shipped():
    assert {"en", "es", "pt", "ar"} <= set(languages.shipped())
    assert languages.direction("ar") == "rtl" and languages.direction("es") == "ltr"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_catalogue_entry_is_translated_with_the_same_placeholders(lang):
    catalogue = _catalogue(lang)
    untranslated, wrong = [], []
    for message in catalogue:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            untranslated.append(message.id)
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        wanted = {m for i in ids for m in PLACEHOLDER.findall(i)}
        for s in strings:
            # a plural form may leave out the number ("one person") but never invent a name
            if not {m for m in PLACEHOLDER.findall(s)} <= wanted | {("num", "")}:
                wrong.append((message.id, s))
    assert untranslated == [], f"{lang}: {len(untranslated)} untranslated"
    assert wrong == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalogues_hold_exactly_what_the_templates_and_code_say(lang):
    """`make catalogues` was run after the last change of wording."""
    extracted = _extracted()
    held = {_key(m) for m in _catalogue(lang) if m.id}
    assert extracted - held == set(), "new wording missing: run `make catalogues`"
    assert held - extracted == set(), "wording no longer used: run `make catalogues`"


def _said(message) -> str:
    """A translation's own words: its plural forms joined, placeholders left out."""
    text = " ".join(message.string) if isinstance(message.string, tuple) else message.string
    return PLACEHOLDER.sub("", text or "")


def test_no_two_catalogues_say_a_sentence_word_for_word():
    """A sentence pasted from another language passes the completeness test but leaves the
    page in that language (Portuguese and Arabic doorstep forms once spoke Spanish). Short
    phrases may coincide ('Ronda a ronda'); four words or more do not."""
    said = {lang: {_key(m): m.string for m in _catalogue(lang) if m.id} for lang in TRANSLATED}
    same = [(a, b, key) for a, b in combinations(TRANSLATED, 2)
            for key, text in said[a].items()
            if text and text == said[b].get(key)
            and len(re.findall(r"[^\W\d_]+", PLACEHOLDER.sub("", str(text)))) >= 4]
    assert same == []


def _scripts(text: str) -> list[str]:
    return [unicodedata.name(c).split()[0] for c in text if c.isalpha()]


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_sentence_is_written_in_the_catalogues_own_script(lang):
    """Arabic is written in Arabic letters: a sentence of the catalogue with none is another
    language left in it (codes like 'QR' or 'SHA-256' inside a sentence are fine)."""
    messages = [m for m in _catalogue(lang) if m.id]
    script = Counter(s for m in messages for s in _scripts(_said(m))).most_common(1)[0][0]
    wrong = [m.id for m in messages
             if len(re.findall(r"\b[a-z]{2,}\b", PLACEHOLDER.sub("", str(m.id)))) >= 2
             and script not in _scripts(_said(m))]
    assert wrong == []


@pytest.mark.parametrize(("n", "said"), [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"),
                                         (11, "11th"), (12, "12th"), (13, "13th"),
                                         (21, "21st"), (22, "22nd"), (101, "101st"),
                                         (111, "111th")])
def test_english_ordinals(n, said):
    assert languages.ordinal(n) == said


def test_ordinals_and_dates_in_other_languages():
    assert languages.ordinal(1, "es") == "1.º" and languages.ordinal(3, "pt") == "3.º"
    assert languages.ordinal(2, "ar") == "2"
    assert languages.when("2026-12-01T19:00") == "Tuesday 1 December 2026, 7 pm"
    assert languages.when("2026-12-01T19:30", "es").startswith("martes 1 de diciembre de 2026")
    assert "dezembro" in languages.when("2026-12-01T19:00", "pt")
    assert languages.when("not a date", "es") == "not a date"
    assert languages.day("2026-12-03T18:36:00+00:00") == "Thursday 3 December 2026"
    assert languages.day("2026-12-03T18:36:00+00:00", "es") == "jueves 3 de diciembre de 2026"
    assert "dezembro" in languages.day("2026-12-03", "pt")
    assert "ديسمبر" in languages.day("2026-12-03", "ar")
    assert languages.day("then", "es") == "then"


@pytest.mark.parametrize(("header", "chosen"), [
    ("es-MX,es;q=0.9,en;q=0.8", "es"), ("fr, pt-BR;q=0.5", "pt"), ("en;q=0.2, ar;q=0.9", "ar"),
    ("fr", None), ("", None), (None, None), ("es;q=0", None), ("es;q=x, ar", "ar"),
])
def test_accept_language_picks_the_first_language_offered(header, chosen):
    assert languages.from_header(header, ("en", "es", "pt", "ar")) == chosen


@given(st.text(max_size=80))
def test_any_accept_language_header_gives_an_offered_language_or_none(header):
    assert languages.from_header(header, ("en", "ar")) in ("en", "ar", None)


def test_a_meeting_offers_only_shipped_languages_and_all_of_them_by_default():
    assert languages.offered("") == languages.shipped()
    assert languages.offered("ar es xx") == ("ar", "es")
    assert languages.offered("xx") == languages.shipped()
