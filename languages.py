"""The languages pages speak: gettext catalogues read from translations/<lang>/LC_MESSAGES/*.po,
which language a request gets, and numbers, ordinals and dates as each language writes them.

A volunteer adds a language by adding a catalogue (docs/translating.md): nothing here names one.
"""

from __future__ import annotations

import io
from datetime import datetime
from functools import cache  # catalogues ship with the code: they change only with a restart
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

ROOT = Path(__file__).parent
CATALOGUES = ROOT / "translations"
SOURCE = "en"  # the language the templates and code are written in
# What pybabel extracts besides _() and friends: N_("...") marks a message shown later, and
# web.translate(request, "...") translates one for a request, translated(lang, "...") in a
# template for a given language (the cards' second language).
KEYWORDS = {"N_": None, "NP_": ((1, "c"), 2), "translate": (2,), "translated": (2,)}


def N_(text: str) -> str:
    """Mark a message for the catalogues; the page that shows it translates it."""
    return text


class Said:
    """A message and its values, said later in the page's language (values may be Said too)."""

    def __init__(self, text: str, **values):
        self.text, self.values = text, values

    def into(self, lang: str) -> str:
        return gettext(lang, self.text, **{k: v.into(lang) if isinstance(v, Said) else v
                                           for k, v in self.values.items()})

    def __str__(self) -> str:
        return self.into(SOURCE)


def NP_(context: str, text: str) -> tuple[str, str]:
    """Mark a message with a context (the same English said two ways) for the catalogues."""
    return context, text


@cache
def shipped() -> tuple[str, ...]:
    """Every language with a catalogue, English first."""
    found = sorted(p.parent.parent.name for p in CATALOGUES.glob("*/LC_MESSAGES/messages.po"))
    return (SOURCE, *[lang for lang in found if lang != SOURCE])


@cache
def translations(lang: str) -> NullTranslations:
    """The catalogue of `lang`, compiled in memory from its .po (so there is no compile step)."""
    po = CATALOGUES / lang / "LC_MESSAGES" / "messages.po"
    if lang == SOURCE or not po.is_file():
        return NullTranslations()
    with po.open("rb") as f:
        catalog = read_po(f, locale=lang)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return Translations(buf)


@cache
def locale(lang: str) -> Locale:
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return Locale.parse(SOURCE)


def name(lang: str) -> str:
    """The language as its own speakers write it: 'Español', 'العربية'."""
    shown = locale(lang).get_language_name(lang.replace("-", "_")) or lang
    return shown[:1].upper() + shown[1:]


def direction(lang: str) -> str:
    return locale(lang).text_direction


def offered(chosen: str | None) -> tuple[str, ...]:
    """The languages a meeting offers: the organiser's choice (space-separated codes, of the
    shipped ones), or all shipped languages when the organiser has not chosen."""
    wanted = [lang for lang in (chosen or "").split() if lang in shipped()]
    return tuple(wanted) or shipped()


def from_header(header: str | None, among: tuple[str, ...]) -> str | None:
    """The first language of an Accept-Language header that we offer ('es-MX' finds 'es')."""
    weighted = []
    for i, part in enumerate((header or "").split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        weighted.append((-q, i, tag.strip().lower()))
    for q, _, tag in sorted(weighted):
        if q >= 0:
            continue
        base = tag.split("-")[0]
        for lang in among:
            if tag == lang.lower() or base == lang.lower():
                return lang
    return None


def gettext(lang: str, text: str, **values) -> str:
    said = translations(lang).gettext(text)
    return said % values if values else said


def ngettext(lang: str, singular: str, plural: str, n: int, **values) -> str:
    said = translations(lang).ngettext(singular, plural, n)
    return said % {"num": n, **values}


# Ordinals follow the language's CLDR ordinal categories; each category's wording is in the
# catalogue ('{n}st' in English, '{n}.º' in Spanish), so a new language needs no code.
_ORDINALS = {
    "zero": NP_("ordinal zero", "{n}th"), "one": NP_("ordinal one", "{n}st"),
    "two": NP_("ordinal two", "{n}nd"), "few": NP_("ordinal few", "{n}rd"),
    "many": NP_("ordinal many", "{n}th"), "other": NP_("ordinal other", "{n}th"),
}


def ordinal(n: int, lang: str = SOURCE) -> str:
    """1 → '1st' in English, '1.º' in Spanish and Portuguese, '1' in Arabic."""
    context, text = _ORDINALS.get(locale(lang).ordinal_form(n), _ORDINALS["other"])
    return translations(lang).pgettext(context, text).replace("{n}", str(n))


def when(starts_at: str, lang: str = SOURCE) -> str:
    """'2026-12-01T19:00' as a resident says it: 'Tuesday 1 December 2026, 7 pm'."""
    try:
        at = datetime.fromisoformat(starts_at)
    except (TypeError, ValueError):
        return starts_at
    hour = format_skeleton("hm" if at.minute else "h", at, locale=_formats(lang))
    return gettext(lang, N_("%(day)s, %(hour)s"), day=day(starts_at, lang), hour=hour)


def day(at: str, lang: str = SOURCE) -> str:
    """'2026-12-01T19:00:00+00:00' as the day a resident says: 'Tuesday 1 December 2026'."""
    try:
        when_ = datetime.fromisoformat(at)
    except (TypeError, ValueError):
        return at
    # Translators: a CLDR date pattern (EEEE weekday, d day, MMMM month, y year; 'quoted' words)
    return format_date(when_, gettext(lang, N_("EEEE d MMMM y")), locale=_formats(lang))


def number(n: int, lang: str = SOURCE) -> str:
    return format_decimal(n, locale=_formats(lang))


def listed(names, lang: str = SOURCE) -> str:
    """['Ana', 'Ben', 'Cy'] → 'Ana, Ben and Cy', 'Ana, Ben y Cy'."""
    return format_list(list(names), locale=_formats(lang)) if names else ""


def _formats(lang: str) -> Locale:
    """Whose conventions numbers and times follow: British for the English pages."""
    return locale("en_GB" if lang == SOURCE else lang)
