"""Who is serving a database: each server holds a shared lock on it while it runs, and a restore
takes the lock alone, so it refuses while any worker on any host serves, and no worker starts
mid-restore. (Replacing a database under a running server lost a ballot and let a card vote twice.)

On SQLite the lock is flock() on a file beside the database; on PostgreSQL an advisory lock.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

import asyncpg

import db
import db_postgres

try:
    import fcntl
except ImportError:  # Windows: no flock(); a laptop there serves one worker and runs no restore
    fcntl = None

SERVING_LOCK = db_postgres.WRITER_LOCK + 2  # distinct from the writer and migration locks


class Serving(Exception):
    """A server is serving the database; the message says what to do."""


def _lock_file(path: Path) -> Path:
    return path.with_name(f"{path.name}.serving")


async def hold(target):
    """Taken by a server as it starts (waiting while a restore runs); give it to release()."""
    if db.is_postgres(target):
        conn = await asyncpg.connect(target)
        await conn.execute("SELECT pg_advisory_lock_shared($1)", SERVING_LOCK)
        return conn
    if fcntl is None:
        return None
    fd = os.open(_lock_file(Path(target)), os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_SH)
    return fd


async def release(held) -> None:
    if isinstance(held, asyncpg.Connection):
        await held.close()  # the lock goes with the session
    elif held is not None:
        os.close(held)


@contextlib.asynccontextmanager
async def alone(target):
    """Nobody serves `target` while inside; raises Serving at once if somebody does."""
    if db.is_postgres(target):
        conn = await asyncpg.connect(target)
        try:
            if not await conn.fetchval("SELECT pg_try_advisory_lock($1)", SERVING_LOCK):
                raise Serving(_busy())
            yield
        finally:
            await conn.close()
        return
    if fcntl is None:
        yield
        return
    fd = os.open(_lock_file(Path(target)), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Serving(_busy()) from None
        yield
    finally:
        os.close(fd)


def _busy() -> str:
    return ("A server is serving this database: stop it (every worker) first, then restore, "
            "then start it again.")
