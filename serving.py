"""Who is serving a database: each server holds a shared lock on it while it runs, and a restore
takes the lock alone, so it refuses while any worker on any host serves, and no worker starts
mid-restore. (Replacing a database under a running server lost a ballot and let a card vote twice.)

On PostgreSQL the lock is an advisory lock. On SQLite it is SQLite's own lock on an empty database
file beside the live one: a server keeps a read transaction open on it (a shared lock), a restore
asks for an exclusive one. SQLite locks files the same way on Linux, macOS and Windows, so the
guard holds on every platform the app installs on, with no flock() (which Windows lacks).
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from pathlib import Path

import asyncpg

import db
import db_postgres

SERVING_LOCK = db_postgres.WRITER_LOCK + 2  # distinct from the writer and migration locks


class Serving(Exception):
    """A server is serving the database; the message says what to do."""


def _lock_file(path: Path) -> Path:
    return path.with_name(f"{path.name}.serving")


def _lock(path: Path) -> sqlite3.Connection:
    # Rollback-journal mode (a new file's default): a reader's shared lock keeps a writer out,
    # which WAL would not.
    return sqlite3.connect(_lock_file(path), timeout=0, isolation_level=None,
                           check_same_thread=False)


async def hold(target):
    """Taken by a server as it starts (waiting while a restore runs); give it to release()."""
    if db.is_postgres(target):
        conn = await asyncpg.connect(target)
        await conn.execute("SELECT pg_advisory_lock_shared($1)", SERVING_LOCK)
        return conn
    Path(target).parent.mkdir(parents=True, exist_ok=True)  # a first start: no folder yet
    conn = _lock(Path(target))
    while True:
        try:
            conn.execute("BEGIN")
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()  # the shared lock
            return conn
        except sqlite3.OperationalError:  # a restore holds it: wait for the end
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            await asyncio.sleep(0.2)


async def migrate(target) -> int:
    """Apply the migrations once no restore runs, holding restores off meanwhile: migrating
    mid-restore would change the database the restore is replacing."""
    held = await hold(target)
    try:
        return await db.migrate(target)
    finally:
        await release(held)


async def release(held) -> None:
    if isinstance(held, asyncpg.Connection):
        await held.close()  # the lock goes with the session
    else:
        held.close()  # and this one with the read transaction


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
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    conn = _lock(Path(target))
    try:
        try:
            conn.execute("BEGIN EXCLUSIVE")
        except sqlite3.OperationalError:
            raise Serving(_busy()) from None
        yield
    finally:
        conn.close()


def _busy() -> str:
    return ("A server is serving this database: stop it (every worker) first, then restore, "
            "then start it again.")
