"""The audit log: an append-only `events` table every store writes to inside its own transaction,
and the clock its entries are stamped with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from db import Database
from rowdata import many


def now() -> datetime:
    return datetime.now(UTC)


def stamp(when: datetime | None = None) -> str:
    return (when or now()).isoformat(timespec="seconds")


async def log(conn, actor: str, kind: str, detail: str = "") -> None:
    """Append to the audit log, inside the caller's transaction."""
    await conn.execute(
        "INSERT INTO events (at, actor, kind, detail) VALUES (?, ?, ?, ?)",
        (stamp(), actor, kind, detail),
    )


@dataclass(frozen=True)
class Event:
    """One entry of the log: who did what, when."""

    id: int
    at: str
    actor: str
    kind: str
    detail: str


async def events(db: Database, limit: int = 200, offset: int = 0) -> tuple[list[Event], int]:
    """One page of the log, newest first, and how many entries it has in all."""
    rows = await db.fetchall("SELECT * FROM events ORDER BY id DESC LIMIT ? OFFSET ?",
                             (limit, offset))
    total = await db.fetchone("SELECT COUNT(*) AS n FROM events")
    return many(Event, rows), total["n"]
