"""All SQL for highlights and what residents say about them: responses, comments, agreement,
reports and moderation. Residents and their wards are in people.py."""

from __future__ import annotations

from dataclasses import dataclass

import ratelimit
from audit import log, now, stamp
from broadcast.highlights import Highlight
from broadcast.people import resident_ids
from db import Database, GroupCommit
from problems import NotFound, Refused
from rowdata import many, one


@dataclass(frozen=True)
class PublishedHighlight(Highlight):
    id: int
    published_at: str


@dataclass(frozen=True)
class Topic:
    topic: str
    highlights: int  # how many
    latest: str  # when the newest went out


async def publish(db: Database, h: Highlight, actor: str) -> int:
    async with db.transaction() as conn:
        cur = await conn.execute(
            "INSERT INTO highlights (topic, session, title, clip_url, poster_url, statement,"
            " published_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (h.topic, h.session, h.title, h.clip_url, h.poster_url, h.statement, stamp()))
        highlight_id = (await cur.fetchone())[0]
        await log(conn, actor, "highlight published", f"highlight {highlight_id}: {h.title}")
    return highlight_id


async def highlight(db: Database, highlight_id: int) -> PublishedHighlight:
    """A published highlight never changes: kept in memory after the first read, so a burst of
    responses to a shared clip does not read it again each time."""
    kept = db.cache.setdefault("highlights", {})
    if highlight_id not in kept:
        row = await db.fetchone("SELECT * FROM highlights WHERE id = ?", (highlight_id,))
        if row is None:
            raise NotFound
        kept[highlight_id] = one(PublishedHighlight, row)
    return kept[highlight_id]


async def topics(db: Database) -> list[Topic]:
    """Every topic with how many highlights it has and when the newest went out."""
    rows = await db.fetchall(
        "SELECT topic, COUNT(*) AS highlights, MAX(published_at) AS latest FROM highlights"
        " GROUP BY topic ORDER BY MAX(published_at) DESC")
    return many(Topic, rows)


async def of_topic(db: Database, topic: str) -> list[PublishedHighlight]:
    rows = await db.fetchall("SELECT * FROM highlights WHERE topic = ?"
                             " ORDER BY published_at DESC, id DESC", (topic,))
    return many(PublishedHighlight, rows)


async def newest(db: Database, limit: int = 50) -> list[PublishedHighlight]:
    rows = await db.fetchall("SELECT * FROM highlights ORDER BY published_at DESC, id DESC"
                             " LIMIT ?", (limit,))
    return many(PublishedHighlight, rows)


# --- responses: exactly one per resident per highlight ------------------------------------------

@dataclass(frozen=True)
class Response:
    key: str            # the resident's cookie
    highlight_id: int
    stance: str
    comment: str        # empty: keep any comment already made
    ward_id: int | None  # where they say they live (a confirmed ward is kept)


async def respond(db: Database, r: Response, limits: ratelimit.Hits = ()) -> None:
    """Record or change one response, counted against `limits` in the same transaction; returns
    once it is committed. Raises ratelimit.TooMany (nothing written) if a window is full.
    Concurrent responses share one transaction, so a burst costs one write to disk a batch."""
    writer = db.cache.get("responses")
    if writer is None:
        writer = db.cache["responses"] = GroupCommit(db, _apply_responses)
    await writer.submit((r, limits))


async def _apply_responses(conn, batch: list[tuple[Response, ratelimit.Hits]]) -> list:
    room = await ratelimit.count(conn, [limits for _, limits in batch])
    kept = [r for (r, _), ok in zip(batch, room, strict=True) if ok]
    if kept:
        await _upsert(conn, kept)
    return [None if ok else ratelimit.TooMany() for ok in room]


async def _upsert(conn, batch: list[Response]) -> None:
    ids = await resident_ids(conn, [(r.key, r.ward_id) for r in batch])
    at, day = stamp(), now().date().isoformat()
    latest = {(r.highlight_id, ids[r.key]): r for r in batch}  # the later of two in one batch
    await conn.execute(
        "INSERT INTO responses (highlight_id, resident_id, stance, day, at) VALUES "
        + ",".join("(?, ?, ?, ?, ?)" for _ in latest)
        + " ON CONFLICT (highlight_id, resident_id) DO UPDATE SET stance = excluded.stance,"
        " day = excluded.day, at = excluded.at",
        [v for (h, p), r in latest.items() for v in (h, p, r.stance, day, at)])
    said = {k: r for k, r in latest.items() if r.comment}
    if said:
        await conn.execute(
            "INSERT INTO comments (highlight_id, resident_id, text, at) VALUES "
            + ",".join("(?, ?, ?, ?)" for _ in said)
            + " ON CONFLICT (highlight_id, resident_id) DO UPDATE SET text = excluded.text,"
            " at = excluded.at",
            [v for (h, p), r in said.items() for v in (h, p, r.comment, at)])


@dataclass(frozen=True)
class MyResponse:
    stance: str
    comment: str  # empty: no comment


@dataclass(frozen=True)
class StanceCount:
    ward_id: int | None  # None: not said
    confirmed: bool
    stance: str
    n: int


async def mine(db: Database, highlight_id: int, resident_id: int | None) -> MyResponse | None:
    """This resident's stance and comment on the highlight (None if none yet)."""
    row = await db.fetchone(
        "SELECT responses.stance, comments.text FROM responses LEFT JOIN comments"
        " ON comments.highlight_id = responses.highlight_id"
        " AND comments.resident_id = responses.resident_id"
        " WHERE responses.highlight_id = ? AND responses.resident_id = ?",
        (highlight_id, resident_id or 0))
    return MyResponse(row["stance"], row["text"] or "") if row else None


async def counts(db: Database, highlight_id: int) -> list[StanceCount]:
    """Per ward (None: not said), confirmed and unconfirmed apart: how many chose each stance."""
    rows = await db.fetchall(
        "SELECT residents.ward_id, residents.confirmed_at IS NOT NULL AS confirmed,"
        " responses.stance, COUNT(*) AS n FROM responses"
        " JOIN residents ON residents.id = responses.resident_id"
        " WHERE responses.highlight_id = ? GROUP BY residents.ward_id, confirmed, stance",
        (highlight_id,))
    return [StanceCount(r["ward_id"], bool(r["confirmed"]), r["stance"], r["n"]) for r in rows]


# --- comments and agreement --------------------------------------------------------------------

@dataclass(frozen=True)
class Comment:
    """A shown comment with how others voted on it, as one resident sees it."""

    id: int
    text: str
    at: str
    own: bool  # the resident's own comment
    agree: int
    disagree: int
    passes: int
    my_vote: str | None


async def comments(db: Database, highlight_id: int, resident_id: int | None) -> list[Comment]:
    """Shown comments with their agree / disagree / pass counts and this resident's vote."""
    rows = await db.fetchall(
        "SELECT c.id, c.text, c.at, c.resident_id = ? AS own,"
        " SUM(CASE WHEN v.vote = 'agree' THEN 1 ELSE 0 END) AS agree,"
        " SUM(CASE WHEN v.vote = 'disagree' THEN 1 ELSE 0 END) AS disagree,"
        " SUM(CASE WHEN v.vote = 'pass' THEN 1 ELSE 0 END) AS passes,"
        " MAX(CASE WHEN v.resident_id = ? THEN v.vote END) AS my_vote"
        " FROM comments AS c LEFT JOIN comment_votes AS v ON v.comment_id = c.id"
        " WHERE c.highlight_id = ? AND c.hidden_at IS NULL GROUP BY c.id, c.text, c.at,"
        " c.resident_id ORDER BY c.at DESC, c.id DESC",
        (resident_id or 0, resident_id or 0, highlight_id))
    return [Comment(r["id"], r["text"], r["at"], bool(r["own"]), r["agree"], r["disagree"],
                    r["passes"], r["my_vote"]) for r in rows]


async def _shown_comment(conn, comment_id: int) -> dict:
    cur = await conn.execute("SELECT * FROM comments WHERE id = ? AND hidden_at IS NULL",
                             (comment_id,))
    row = await cur.fetchone()
    if row is None:
        raise NotFound
    return dict(row)


async def vote_on_comment(db: Database, key: str, comment_id: int, vote: str) -> int:
    """Agree / disagree / pass, changeable; returns the comment's highlight."""
    async with db.transaction() as conn:
        comment = await _shown_comment(conn, comment_id)
        resident = (await resident_ids(conn, [(key, None)]))[key]
        if comment["resident_id"] == resident:
            raise Refused("This is your own comment: others say whether they agree.")
        await conn.execute(
            "INSERT INTO comment_votes (comment_id, resident_id, vote, at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (comment_id, resident_id) DO UPDATE SET vote = excluded.vote,"
            " at = excluded.at", (comment_id, resident, vote, stamp()))
    return comment["highlight_id"]


async def report(db: Database, key: str, comment_id: int) -> int:
    """One report per resident per comment (a second is harmless); returns the highlight."""
    async with db.transaction() as conn:
        comment = await _shown_comment(conn, comment_id)
        resident = (await resident_ids(conn, [(key, None)]))[key]
        await conn.execute(
            "INSERT INTO comment_reports (comment_id, resident_id, at) VALUES (?, ?, ?)"
            " ON CONFLICT (comment_id, resident_id) DO NOTHING", (comment_id, resident, stamp()))
    return comment["highlight_id"]


@dataclass(frozen=True)
class ReportedComment:
    """A comment in the moderation queue: reported and not yet looked at, or hidden."""

    id: int
    text: str
    at: str
    hidden_at: str | None
    hidden_reason: str
    title: str  # of its highlight
    topic: str
    reports: int  # not yet resolved


async def queue(db: Database) -> list[ReportedComment]:
    """Comments reported and not yet looked at, and comments hidden (to restore), newest first."""
    rows = await db.fetchall(
        "SELECT c.id, c.text, c.at, c.hidden_at, c.hidden_reason, h.title, h.topic,"
        " COUNT(r.comment_id) AS reports FROM comments AS c"
        " JOIN highlights AS h ON h.id = c.highlight_id"
        " LEFT JOIN comment_reports AS r ON r.comment_id = c.id AND r.resolved_at IS NULL"
        " GROUP BY c.id, c.text, c.at, c.hidden_at, c.hidden_reason, h.title, h.topic"
        " HAVING COUNT(r.comment_id) > 0 OR c.hidden_at IS NOT NULL"
        " ORDER BY c.hidden_at IS NOT NULL, c.at DESC")
    return many(ReportedComment, rows)


async def moderate(db: Database, comment_id: int, hide: bool, reason: str, actor: str) -> None:
    """Hide or restore a comment with a reason; its reports are resolved; the log keeps it."""
    async with db.transaction() as conn:
        cur = await conn.execute(
            "UPDATE comments SET hidden_at = ?, hidden_reason = ? WHERE id = ? RETURNING id",
            (stamp() if hide else None, reason if hide else "", comment_id))
        if await cur.fetchone() is None:
            raise NotFound
        await conn.execute("UPDATE comment_reports SET resolved_at = ? WHERE comment_id = ?"
                           " AND resolved_at IS NULL", (stamp(), comment_id))
        await log(conn, actor, "comment hidden" if hide else "comment restored",
                  f"comment {comment_id}: {reason}")


# --- what the pulse and the bridging read -----------------------------------------------------

@dataclass(frozen=True)
class TopicToday:
    topic: str
    responses: int
    support: int
    oppose: int


@dataclass(frozen=True)
class ResponsesOnDay:
    ward_id: int
    day: str
    n: int


async def today_by_topic(db: Database, day: str) -> list[TopicToday]:
    rows = await db.fetchall(
        "SELECT h.topic, COUNT(*) AS responses,"
        " SUM(CASE WHEN r.stance = 'support' THEN 1 ELSE 0 END) AS support,"
        " SUM(CASE WHEN r.stance = 'oppose' THEN 1 ELSE 0 END) AS oppose"
        " FROM responses AS r JOIN highlights AS h ON h.id = r.highlight_id"
        " WHERE r.day = ? GROUP BY h.topic ORDER BY COUNT(*) DESC, h.topic", (day,))
    return many(TopicToday, rows)


async def comment_votes(db: Database, topic: str) -> list[tuple[int, int, str]]:
    """(comment, resident, vote) on the topic's shown comments: the agreement matrix."""
    rows = await db.fetchall(
        "SELECT v.comment_id, v.resident_id, v.vote FROM comment_votes AS v"
        " JOIN comments AS c ON c.id = v.comment_id JOIN highlights AS h ON h.id = c.highlight_id"
        " WHERE h.topic = ? AND c.hidden_at IS NULL", (topic,))
    return [(r[0], r[1], r[2]) for r in rows]


async def comment_texts(db: Database, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = await db.fetchall(f"SELECT id, text FROM comments WHERE id IN ({marks})"
                             " AND hidden_at IS NULL", ids)
    return {r[0]: r[1] for r in rows}


async def responses_by_ward_week(db: Database) -> list[ResponsesOnDay]:
    """Responses per resident's ward and day, for the ratios (weeks are made in Python)."""
    rows = await db.fetchall(
        "SELECT residents.ward_id, responses.day, COUNT(*) AS n FROM responses"
        " JOIN residents ON residents.id = responses.resident_id"
        " WHERE residents.ward_id IS NOT NULL GROUP BY residents.ward_id, responses.day")
    return many(ResponsesOnDay, rows)
