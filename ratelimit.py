"""Rate limits counted in the database (a moving window), so that several workers, or several
hosts, share one count: a limit held in process memory is multiplied by the number of workers.

Attempts arriving together are counted together: one write transaction and three statements for
a whole batch, not three statements per limit per attempt."""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from collections.abc import Sequence

from limits import RateLimitItem

from db import Database, GroupCommit

FORGET_AFTER = 24 * 3600  # no limit here looks back further than a day
Hits = Sequence[tuple]  # one attempt's `(limit, *key)` pairs


class TooMany(Exception):
    """A window is full: this attempt was not counted, and nothing it asked for was done."""


async def hit(db: Database, limit: RateLimitItem, *key: str) -> bool:
    """Count one attempt for `key`; False (and nothing counted) if the window is already full."""
    return await hit_each(db, [(limit, *key)])


async def hit_each(db: Database, hits: Hits) -> bool:
    """Count one attempt against each `(limit, *key)`; each is counted unless its own window is
    full. False if any window was full. Concurrent attempts share one transaction."""
    counter = db.cache.get("rate limits")
    if counter is None:
        counter = db.cache["rate limits"] = GroupCommit(db, count)
    return await counter.submit(hits)


async def count(conn, attempts: Sequence[Hits]) -> list[bool]:
    """Inside a write transaction: count each attempt's hits, in order, exactly as if they came
    one by one; for each attempt, whether all its windows had room."""
    now = time.time()
    # Hits older than any window are never read again; the index on `at` makes this cheap.
    await conn.execute("DELETE FROM rate_hits WHERE at <= ?", (now - FORGET_AFTER,))
    buckets = [[(_bucket(limit, key), limit) for limit, *key in hits] for hits in attempts]
    seen = await _recent(conn, {b: limit.get_expiry() for hits in buckets for b, limit in hits},
                         now)
    room, new = [], []
    for hits in buckets:
        ok = True
        for bucket, limit in hits:
            if seen[bucket] >= limit.amount:
                ok = False
                continue
            seen[bucket] += 1
            new.append(bucket)
        room.append(ok)
    if new:
        await conn.execute("INSERT INTO rate_hits (bucket, at) VALUES "
                           + ",".join("(?, ?)" for _ in new), [v for b in new for v in (b, now)])
    return room


def _bucket(limit: RateLimitItem, key: list[str]) -> str:
    """A hash: no address or phone is kept in the clear."""
    return hashlib.sha256(limit.key_for(*key).encode()).hexdigest()


async def _recent(conn, windows: dict[str, int], now: float) -> defaultdict[str, int]:
    """How many hits each bucket has within its window (buckets grouped by window length)."""
    by_window: defaultdict[int, list[str]] = defaultdict(list)
    for bucket, seconds in windows.items():
        by_window[seconds].append(bucket)
    seen: defaultdict[str, int] = defaultdict(int)
    for seconds, names in by_window.items():
        cur = await conn.execute(
            "SELECT bucket, COUNT(*) FROM rate_hits WHERE at > ? AND bucket IN ("
            + ",".join("?" * len(names)) + ") GROUP BY bucket", [now - seconds, *names])
        seen.update({row[0]: row[1] for row in await cur.fetchall()})
    return seen
