"""Cards and the ballot box: generating, printing and activating cards, and casting ballots."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass

from audit import log, stamp
from db import Database, GroupCommit
from problems import NotFound
from rowdata import many, one
from votes import ballots, phases
from votes.store import Vote


class AlreadyVoted(Exception):
    pass


async def create_cards(db: Database, meeting_id: int, count: int, actor: str) -> tuple[int, int]:
    """A new batch of `count` cards; returns the first and last serial."""
    key = secrets.token_bytes(32)
    async with db.transaction() as conn:
        cur = await conn.execute(
            "INSERT INTO card_batches (meeting_id, card_key, created_at) VALUES (?, ?, ?)"
            " RETURNING id",
            (meeting_id, key, stamp()),
        )
        batch_id = (await cur.fetchone())[0]
        cur = await conn.execute(
            "SELECT COALESCE(MAX(serial), 0) FROM cards WHERE meeting_id = ?", (meeting_id,)
        )
        first = (await cur.fetchone())[0] + 1
        serials = range(first, first + count)
        await conn.executemany(
            "INSERT INTO cards (batch_id, meeting_id, serial, code_hash) VALUES (?, ?, ?, ?)",
            [
                (batch_id, meeting_id, s, ballots.code_hash(ballots.card_code(key, meeting_id, s)))
                for s in serials
            ],
        )
        await log(conn, actor, "cards generated", f"meeting {meeting_id}: {first}-{serials[-1]}")
    return first, serials[-1]


async def printable_cards(db: Database, meeting_id: int) -> list[tuple[int, str]]:
    """(serial, code) for every card whose batch key has not been forgotten yet."""
    rows = await db.fetchall(
        "SELECT serial, card_key FROM cards JOIN card_batches ON card_batches.id = batch_id"
        " WHERE cards.meeting_id = ? AND card_key IS NOT NULL ORDER BY serial",
        (meeting_id,),
    )
    return [(r["serial"], ballots.card_code(r["card_key"], meeting_id, r["serial"])) for r in rows]


@dataclass(frozen=True)
class CardCounts:
    printed: int
    issued: int  # activated by a steward


async def card_counts(db: Database, meeting_id: int) -> CardCounts:
    row = await db.fetchone(
        "SELECT COUNT(*) AS printed, COUNT(activated_at) AS issued FROM cards"
        " WHERE meeting_id = ?",
        (meeting_id,),
    )
    return one(CardCounts, row)


@dataclass(frozen=True)
class Activation:
    """What a steward's list of serials did: cards switched on now, on already, not cards."""

    activated: list[int]
    already: list[int]
    unknown: list[int]


async def activate(db: Database, meeting_id: int, serials: list[int],
                   actor: str) -> Activation:
    """Activate cards by serial; reports which were new, already active or not cards at all."""
    done, already, unknown = [], [], []
    async with db.transaction() as conn:
        cur = await conn.execute("SELECT * FROM primaries WHERE meeting_id = ?", (meeting_id,))
        votes = many(Vote, await cur.fetchall())
        if votes and not any(phases.allowed(v, "activate") for v in votes):
            phases.require(votes[-1], "activate")  # every vote here has closed: say so
        for serial in serials:
            cur = await conn.execute(
                "SELECT activated_at FROM cards WHERE meeting_id = ? AND serial = ?",
                (meeting_id, serial),
            )
            row = await cur.fetchone()
            if row is None:
                unknown.append(serial)
            elif row["activated_at"]:
                already.append(serial)
            else:
                await conn.execute(
                    "UPDATE cards SET activated_at = ? WHERE meeting_id = ? AND serial = ?",
                    (stamp(), meeting_id, serial),
                )
                done.append(serial)
        if done:
            await log(conn, actor, "cards activated", f"meeting {meeting_id}: {len(done)} cards")
    return Activation(done, already, unknown)


@dataclass(frozen=True)
class Card:
    id: int
    meeting_id: int
    serial: int
    activated_at: str | None


async def card_by_code(db: Database, code: str) -> Card | None:
    row = await db.fetchone(
        "SELECT id, meeting_id, serial, activated_at FROM cards WHERE code_hash = ?",
        (ballots.code_hash(code),),
    )
    return None if row is None else one(Card, row)


async def card_languages(db: Database, card_id: int) -> tuple[str | None, str]:
    """The language kept for a card (None until its voter taps one) and its meeting's offer."""
    row = await db.fetchone("SELECT cards.language, meetings.languages FROM cards JOIN meetings"
                            " ON meetings.id = cards.meeting_id WHERE cards.id = ?", (card_id,))
    return (row["language"], row["languages"]) if row else (None, "")


async def keep_language(db: Database, card_id: int, lang: str) -> None:
    async with db.transaction() as conn:
        await conn.execute("UPDATE cards SET language = ? WHERE id = ?", (lang, card_id))


async def hall_card(db: Database, code: str) -> Card | None:
    """A card by its code. Activated cards never change again, so they are remembered: all of
    them at the first look (one query, not one per phone), later ones as they are first seen."""
    remembered = db.cache.get("cards")
    if remembered is None:
        rows = await db.fetchall("SELECT id, meeting_id, serial, activated_at, code_hash FROM cards"
                                 " WHERE activated_at IS NOT NULL")
        remembered = db.cache["cards"] = {r["code_hash"]: one(Card, r) for r in rows}
    key = ballots.code_hash(code)
    card = remembered.get(key)
    if card is None:
        card = await card_by_code(db, code)
        if card is not None and card.activated_at:
            remembered[key] = card
    return card


def _voted(db: Database) -> set[tuple[int, int]]:
    """(vote, card) pairs known to have voted. Only a yes is remembered: a card never un-votes,
    but another worker may record its vote at any moment, so a no is asked of the database.
    Casting itself never relies on it: the `voted` primary key decides (see _apply_casts)."""
    return db.cache.setdefault("voted", set())


async def has_voted(db: Database, primary_id: int, card_id: int) -> bool:
    voted = _voted(db)
    if (primary_id, card_id) in voted:
        return True
    if await db.fetchval("SELECT 1 FROM voted WHERE primary_id = ? AND card_id = ?",
                         (primary_id, card_id)) is None:
        return False
    voted.add((primary_id, card_id))
    return True


@dataclass(frozen=True)
class Turnout:
    issued: int  # cards switched on (fixed as the vote closed)
    voted: int
    opened_at: str | None
    closed_at: str | None


async def turnout(db: Database, primary_id: int) -> Turnout:
    row = await db.fetchone(
        # a closed vote's cards issued were counted as it closed: the figure never moves
        "SELECT COALESCE(p.issued, (SELECT COUNT(activated_at) FROM cards"
        " WHERE meeting_id = p.meeting_id)) AS issued,"
        " (SELECT COUNT(*) FROM voted WHERE primary_id = p.id) AS voted,"
        " p.opened_at, p.closed_at FROM primaries p WHERE p.id = ?",
        (primary_id,),
    )
    if row is None:
        raise NotFound
    return one(Turnout, row)


# --- ballots ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Cast:
    primary_id: int
    card_id: int
    receipt: str
    ranking: list[int]
    paper: bool = False


async def cast(db: Database, primary_id: int, card_id: int, receipt: str, ranking: list[int],
               paper: bool = False) -> None:
    """Record one ballot; returns once it is committed. Concurrent casts share a transaction."""
    writer = db.cache.get("casts")
    if writer is None:
        writer = db.cache["casts"] = GroupCommit(db, _apply_casts)
    voted = _voted(db)
    try:
        await writer.submit(Cast(primary_id, card_id, receipt, ranking, paper))
    except AlreadyVoted:
        voted.add((primary_id, card_id))
        raise
    voted.add((primary_id, card_id))


async def _apply_casts(conn, casts: list[Cast]) -> list[Exception | None]:
    """Inside one write transaction: the phase is checked here, and the `voted` primary key is
    the one-vote rule (a card's second cast, even in the same batch, inserts nothing)."""
    results: list[Exception | None] = [None] * len(casts)
    wanted = sorted({c.primary_id for c in casts})
    cur = await conn.execute(
        f"SELECT * FROM primaries WHERE id IN ({','.join('?' * len(wanted))})", wanted)
    primaries = {v.id: v for v in many(Vote, await cur.fetchall())}
    live = []
    for i, c in enumerate(casts):
        vote = primaries.get(c.primary_id)
        if vote is not None and phases.allowed(vote, "vote"):
            live.append(i)
        else:
            results[i] = phases.PhaseError("Voting is not open for this ballot.")
    if not live:
        return results
    cur = await conn.execute(
        "INSERT INTO voted (primary_id, card_id) VALUES "
        + ",".join("(?, ?)" for _ in live) + " ON CONFLICT DO NOTHING RETURNING *",
        [v for i in live for v in (casts[i].primary_id, casts[i].card_id)])
    fresh = {(row[0], row[1]) for row in await cur.fetchall()}
    ballots_rows = []
    for i in live:
        key = (casts[i].primary_id, casts[i].card_id)
        if key in fresh:
            fresh.discard(key)  # the first cast of this card in the batch wins
            ballots_rows.append(i)
        else:
            results[i] = AlreadyVoted()
    if ballots_rows:
        await conn.execute(
            "INSERT INTO ballots (primary_id, receipt, ranking) VALUES "
            + ",".join("(?, ?, ?)" for _ in ballots_rows),
            [v for i in ballots_rows
             for v in (casts[i].primary_id, casts[i].receipt, json.dumps(casts[i].ranking))])
    for i in ballots_rows:
        if casts[i].paper:
            await log(conn, "teller", "paper ballot entered", f"primary {casts[i].primary_id}")
    return results


async def ballots_of(db: Database, primary_id: int) -> list[tuple[str, list[int]]]:
    """(receipt, ranking of candidate ids), ordered by receipt: random, never by time."""
    rows = await db.fetchall(
        "SELECT receipt, ranking FROM ballots WHERE primary_id = ? ORDER BY receipt", (primary_id,)
    )
    return [(r["receipt"], json.loads(r["ranking"])) for r in rows]


@dataclass(frozen=True)
class MeetingNumbers:
    ward_id: int
    day: str  # the meeting's, YYYY-MM-DD
    attended: int  # cards activated
    voted: int  # cards that voted in any of its votes


async def meeting_numbers(db: Database) -> list[MeetingNumbers]:
    """Per meeting: its ward, its day, cards activated (attendance) and cards that voted in any
    of its votes, for the organisers' ratios."""
    rows = await db.fetchall(
        "SELECT m.id, m.ward_id, m.starts_at,"
        " (SELECT COUNT(*) FROM cards WHERE cards.meeting_id = m.id"
        "  AND cards.activated_at IS NOT NULL) AS attended,"
        " (SELECT COUNT(DISTINCT voted.card_id) FROM voted JOIN primaries"
        "  ON primaries.id = voted.primary_id WHERE primaries.meeting_id = m.id) AS voted"
        " FROM meetings AS m ORDER BY m.id")
    return [MeetingNumbers(r["ward_id"], r["starts_at"][:10], r["attended"], r["voted"])
            for r in rows]
