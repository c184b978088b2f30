"""Paper ballots entered twice: a paper ballot counts only when two different tellers have
entered the same ranking for the same card. A disagreement is never resolved here: it waits,
shown to both tellers and to the organiser, until a teller looks at the paper and enters it
again (a teller's new entry replaces their own last one)."""

from __future__ import annotations

from dataclasses import dataclass

from audit import log, stamp
from db import Database
from votes import ballot_box

WAITING, AGREED, DIFFERENT = "waiting", "agreed", "different"


@dataclass(frozen=True)
class Entry:
    teller: int  # the teller link's id: each teller has their own link
    ranking: tuple[int, ...]


def outcome(mine: Entry, others: list[Entry]) -> str:
    """What a teller's entry means, given the other tellers' entries for the same card."""
    others = [e for e in others if e.teller != mine.teller]
    if any(e.ranking == mine.ranking for e in others):
        return AGREED
    return DIFFERENT if others else WAITING


def _ranking(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(",") if part)


async def enter(db: Database, primary_id: int, card_id: int, teller: int,
                ranking: list[int]) -> tuple[str, list[Entry]]:
    """Keep this teller's entry for the card; returns the outcome and the other tellers'
    entries. Raises ballot_box.AlreadyVoted if the card has voted (by phone or on paper)."""
    async with db.transaction() as conn:
        cur = await conn.execute("SELECT 1 FROM voted WHERE primary_id = ? AND card_id = ?",
                                 (primary_id, card_id))
        if await cur.fetchone():
            raise ballot_box.AlreadyVoted
        await conn.execute(
            "INSERT INTO paper_entries (primary_id, card_id, teller_link_id, ranking, entered_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (primary_id, card_id, teller_link_id) DO UPDATE"
            " SET ranking = excluded.ranking, entered_at = excluded.entered_at",
            (primary_id, card_id, teller, ",".join(map(str, ranking)), stamp()))
        cur = await conn.execute(
            "SELECT teller_link_id, ranking FROM paper_entries WHERE primary_id = ? AND"
            " card_id = ? AND teller_link_id != ? ORDER BY entered_at", (primary_id, card_id,
                                                                         teller))
        others = [Entry(r[0], _ranking(r[1])) for r in await cur.fetchall()]
        said = outcome(Entry(teller, tuple(ranking)), others)
        if said == DIFFERENT:
            await log(conn, f"teller link {teller}", "paper entries differ",
                      f"vote {primary_id}: a card's two paper entries differ")
    return said, others


async def settle(db: Database, primary_id: int, card_id: int) -> None:
    """The ballot is cast: forget the entries, so no ranking stays beside the card."""
    async with db.transaction() as conn:
        await conn.execute("DELETE FROM paper_entries WHERE primary_id = ? AND card_id = ?",
                           (primary_id, card_id))


@dataclass(frozen=True)
class Named:
    """An entry with the candidates' names, for people to compare with the paper."""

    teller: int
    names: list[str]


@dataclass(frozen=True)
class Unsettled:
    """A card whose paper entries are not counted yet, and whether they disagree."""

    serial: int
    entries: list[Named]
    different: bool


def named(entries: list[Entry], names: dict[int, str]) -> list[Named]:
    return [Named(e.teller, [names.get(i, "?") for i in e.ranking]) for e in entries]


async def unsettled(db: Database, primary_id: int) -> list[Unsettled]:
    """Cards with paper entries not yet counted, by card number: each with its entries (teller
    link and names) and whether they disagree."""
    rows = await db.fetchall(
        "SELECT cards.serial, paper_entries.teller_link_id, paper_entries.ranking"
        " FROM paper_entries JOIN cards ON cards.id = paper_entries.card_id"
        " WHERE paper_entries.primary_id = ? ORDER BY cards.serial, paper_entries.entered_at",
        (primary_id,))
    names = {r[0]: r[1] for r in await db.fetchall(
        "SELECT id, name FROM candidates WHERE primary_id = ?", (primary_id,))}
    cards: dict[int, list[Entry]] = {}
    for r in rows:
        cards.setdefault(r[0], []).append(Entry(r[1], _ranking(r[2])))
    return [Unsettled(serial, named(entries, names), len({e.ranking for e in entries}) > 1)
            for serial, entries in cards.items()]
