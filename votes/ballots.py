"""Pure rules for cards and ballots: card codes, receipts, ranking validation."""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass

from languages import N_

# Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper survives.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_CHARS = 16  # 16 x 5 bits = 80 bits of secret, above the 64 the issue asks for
RECEIPT_CHARS = 10
_STD32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_TO_CROCKFORD = str.maketrans(_STD32, ALPHABET)
_TYPO = str.maketrans({"O": "0", "I": "1", "L": "1", "U": "V"})


def _b32(digest: bytes, chars: int) -> str:
    return base64.b32encode(digest).decode().translate(_TO_CROCKFORD)[:chars]


def card_code(card_key: bytes, meeting_id: int, serial: int) -> str:
    """The secret printed on card `serial`: derived, so the print page needs only the batch key."""
    mac = hmac.new(card_key, f"card:{meeting_id}:{serial}".encode(), hashlib.sha256)
    return _b32(mac.digest(), CODE_CHARS)


def normalise_code(text: str) -> str | None:
    """A typed or scanned code in canonical form, or None if it cannot be a card code."""
    cleaned = "".join(text.split()).replace("-", "").upper().translate(_TYPO)
    if len(cleaned) != CODE_CHARS or any(c not in ALPHABET for c in cleaned):
        return None
    return cleaned


def pretty_code(code: str) -> str:
    """Groups of four for typing: 7K3Q-9XHW-..."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def code_hash(code: str) -> str:
    return hashlib.sha256(f"hustings-card:{code}".encode()).hexdigest()


def receipt(code: str, primary_id: int) -> str:
    """The voter's receipt: only someone holding the card's code can link it to the card."""
    mac = hmac.new(code.encode(), f"receipt:{primary_id}".encode(), hashlib.sha256)
    return _b32(mac.digest(), RECEIPT_CHARS)


def normalise_receipt(text: str) -> str:
    return "".join(text.split()).replace("-", "").upper().translate(_TYPO)


def format_serial(serial: int) -> str:
    return f"{serial:04d}"


class RankingError(ValueError):
    """A ballot the voter must correct; the message says how (`text` % `values`, so a page can
    say it in the voter's language)."""

    def __init__(self, text: str, **values):
        super().__init__(text % values)
        self.text, self.values = text, values


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str


def validate_ranking(choices: list[str], candidates: list[Candidate]) -> list[Candidate]:
    """Turn the ranks filled in on a form (candidate ids as text, '' = blank) into a ranking.

    Blank ranks between filled ones close up (a voter who skips 2nd still means 3rd as next).
    """
    by_id = {str(c.id): c for c in candidates}
    ranking: list[Candidate] = []
    for text in choices:
        text = text.strip()
        if not text:
            continue
        if text not in by_id:
            raise RankingError(N_("That choice is not on this ballot. Please choose again."))
        candidate = by_id[text]
        if candidate in ranking:
            raise RankingError(N_("You ranked %(name)s more than once. Give each candidate one "
                                  "rank only."), name=candidate.name)
        ranking.append(candidate)
    if not ranking:
        raise RankingError(N_("You have not ranked anyone. Choose your 1st choice at least."))
    return ranking


def _serial(text: str) -> bool:
    """Digits a card could carry: not '²' (int() refuses it), not past what SQLite stores."""
    return text.isascii() and text.isdigit() and len(text) <= 9


def parse_serials(text: str, limit: int = 500) -> list[int]:
    """Serials a steward typed: '12', '0012', '12-20' or several separated by commas or spaces."""
    serials: list[int] = []
    for part in text.replace(",", " ").split():
        lo, sep, hi = part.partition("-")
        if not _serial(lo) or (sep and not _serial(hi)):
            raise ValueError(f"'{part}' is not a card number. Type the number printed on the card.")
        first, last = int(lo), int(hi) if sep else int(lo)
        if last < first:
            raise ValueError(f"'{part}' runs backwards. Write the smaller number first.")
        if last - first + 1 + len(serials) > limit:
            raise ValueError(f"That is more than {limit} cards at once. Activate a smaller stack.")
        serials.extend(range(first, last + 1))
    if not serials:
        raise ValueError("Type the number printed on the card.")
    return serials
