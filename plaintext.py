"""Plain text as every form takes it, one rule for the whole app: tidy() for what is stored and
shown, name_key() for telling whether two spellings are one name. Pure."""

from __future__ import annotations

import unicodedata


def tidy(text: str) -> str:
    """One line of plain text: no control or invisible characters, single spaces."""
    text = unicodedata.normalize("NFC", text)
    kept = "".join(" " if ch.isspace() else ch for ch in text
                   if ch.isspace() or unicodedata.category(ch)[0] != "C")
    return " ".join(kept.split())


def name_key(name: str) -> str:
    """What two spellings share if they are the same name: letters and digits, no accents, any
    case ("Bernadette O'Neil" and "bernadette oneil" are one person)."""
    plain = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in plain.casefold() if ch.isalnum() and not unicodedata.combining(ch))
