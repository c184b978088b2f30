"""Several workers on one SQLite file take turns to write (db.Database._take_turn): a worker that
gives up waiting for its turn does not keep it from the others."""

from __future__ import annotations

import asyncio
import sys

import pytest

import db

pytestmark = [pytest.mark.sqlite_file,
              pytest.mark.skipif(sys.platform == "win32", reason="no flock: busy timeout only")]


async def two_workers(path):
    await db.migrate(path)
    return await db.connect(path), await db.connect(path)


def test_a_writer_that_gives_up_waiting_does_not_keep_the_turn(tmp_path):
    async def scenario():
        first, second = await two_workers(tmp_path / "turns.sqlite3")

        async def wait_for_turn():
            async with second.transaction() as conn:
                await conn.execute("INSERT INTO rate_hits (bucket, at) VALUES ('never', 1)")

        try:
            async with first.transaction():
                waiter = asyncio.create_task(wait_for_turn())
                await asyncio.sleep(0.1)
                waiter.cancel()  # e.g. the phone went away
                with pytest.raises(asyncio.CancelledError):
                    await waiter
            await asyncio.sleep(0.1)  # the waiting thread gets the turn, and gives it back
            async with asyncio.timeout(5):  # else the other worker would wait for ever
                async with first.transaction() as conn:
                    await conn.execute("INSERT INTO rate_hits (bucket, at) VALUES ('later', 1)")
            return [r[0] for r in await first.fetchall("SELECT bucket FROM rate_hits")]
        finally:
            await first.close()
            await second.close()

    assert asyncio.run(scenario()) == ["later"]
