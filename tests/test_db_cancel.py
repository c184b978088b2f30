"""A write that is cancelled while it waits for another process's write (a CLI command, another
host) leaves the app's writer connection clean: the next write works, and holds no lock after.
On both databases."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import asynccontextmanager, closing

import asyncpg
import pytest

import db
import db_postgres
from tests.conftest import run


@asynccontextmanager
async def another_writer(target):
    """Another process's write transaction on `target`, held open until the block ends."""
    if db.is_postgres(target):
        conn = await asyncpg.connect(target)
        try:
            async with conn.transaction():
                await conn.execute("SELECT pg_advisory_xact_lock($1)", db_postgres.WRITER_LOCK)
                await conn.execute("INSERT INTO rate_hits (bucket, at) VALUES ('cli', 1)")
                yield
        finally:
            await conn.close()
        return
    with closing(sqlite3.connect(target, isolation_level=None)) as conn:  # as `hustings` does
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT INTO rate_hits (bucket, at) VALUES ('cli', 1)")
        yield
        conn.execute("COMMIT")


async def write(database, bucket: str) -> None:
    async with asyncio.timeout(10):  # a stuck writer would wait for ever
        async with database.transaction() as conn:
            await conn.execute("INSERT INTO rate_hits (bucket, at) VALUES (?, 1)", (bucket,))


def test_a_write_cancelled_while_another_process_writes_leaves_no_transaction_open(settings):
    async def scenario():
        await db.migrate(settings.db_path)
        app = await db.connect(settings.db_path)
        try:
            async with another_writer(settings.db_path):
                waiting = asyncio.create_task(write(app, "cancelled"))
                await asyncio.sleep(0.3)  # inside BEGIN IMMEDIATE / the writer lock's wait
                assert not waiting.done()
                waiting.cancel()  # e.g. the phone went away
                with pytest.raises(asyncio.CancelledError):
                    await waiting
            await asyncio.sleep(0.3)  # the abandoned BEGIN gets the lock now, if still pending
            await write(app, "later")
            async with another_writer(settings.db_path):  # the app holds no lock after it
                pass
            return sorted(r[0] for r in await app.fetchall("SELECT bucket FROM rate_hits"))
        finally:
            await app.close()

    assert run(scenario()) == ["cli", "cli", "later"]
