"""Rate limits counted in the database (a moving window), so that several workers, or several
hosts, share one count: a limit held in process memory is multiplied by the number of workers."""

from __future__ import annotations

import hashlib
import time

from limits import RateLimitItem

from db import Database

FORGET_AFTER = 24 * 3600  # no limit here looks back further than a day


async def hit(db: Database, limit: RateLimitItem, *key: str) -> bool:
    """Count one attempt for `key`; False (and nothing counted) if the window is already full."""
    return await hit_each(db, [(limit, *key)])


async def hit_each(db: Database, hits: list[tuple]) -> bool:
    """Count one attempt against each `(limit, *key)`, in one transaction; each is counted unless
    its own window is full. False if any window was full."""
    now = time.time()
    room = True
    async with db.transaction() as conn:
        for limit, *key in hits:
            bucket = hashlib.sha256(limit.key_for(*key).encode()).hexdigest()
            await conn.execute("DELETE FROM rate_hits WHERE at <= ? AND (bucket = ? OR at <= ?)",
                               (now - limit.get_expiry(), bucket, now - FORGET_AFTER))
            cur = await conn.execute("SELECT COUNT(*) FROM rate_hits WHERE bucket = ?",
                                     (bucket,))
            if (await cur.fetchone())[0] >= limit.amount:
                room = False
                continue
            await conn.execute("INSERT INTO rate_hits (bucket, at) VALUES (?, ?)", (bucket, now))
    return room
