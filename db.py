"""The database: connect(), transaction(), migrate(). Nothing else knows the driver.

SQLite in WAL mode: one writer connection behind an asyncio lock (SQLite has one writer, and one
aiosqlite connection cannot interleave transactions), one reader connection for everything else.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

MIGRATIONS = Path(__file__).parent / "migrations"
IntegrityError = sqlite3.IntegrityError


class Database:
    def __init__(self, writer: aiosqlite.Connection, reader: aiosqlite.Connection, path: Path):
        self._writer = writer
        self._reader = reader
        self._lock = asyncio.Lock()
        self.path = path

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        async with self._reader.execute(sql, tuple(params)) as cur:
            return list(await cur.fetchall())

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Row | None:
        async with self._reader.execute(sql, tuple(params)) as cur:
            return await cur.fetchone()

    async def fetchval(self, sql: str, params: Iterable[Any] = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """One write transaction (BEGIN IMMEDIATE); commits on success, rolls back on any error."""
        async with self._lock:
            await self._writer.execute("BEGIN IMMEDIATE")
            try:
                yield self._writer
            except BaseException:
                await self._writer.rollback()
                raise
            else:
                await self._writer.commit()

    async def close(self) -> None:
        await self._reader.close()
        await self._writer.close()


async def _open(path: Path) -> aiosqlite.Connection:
    conn = await aiosqlite.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    await conn.execute("PRAGMA journal_mode=WAL")
    await conn.execute("PRAGMA synchronous=FULL")
    await conn.execute("PRAGMA foreign_keys=ON")
    await conn.execute("PRAGMA busy_timeout=5000")
    return conn


async def connect(path: Path | str) -> Database:
    path = Path(path)
    return Database(await _open(path), await _open(path), path)


def _migrations() -> list[tuple[int, Path]]:
    found = []
    for f in sorted(MIGRATIONS.glob("*.sql")):
        m = re.match(r"(\d{4})_\w+\.sql$", f.name)
        if m:
            found.append((int(m.group(1)), f))
    return found


def migrate_sync(path: Path | str) -> int:
    """Apply migrations newer than PRAGMA user_version, each in its own transaction."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        current = conn.execute("PRAGMA user_version").fetchone()[0]
        applied = 0
        for number, f in _migrations():
            if number <= current:
                continue
            conn.execute("BEGIN IMMEDIATE")
            try:
                for statement in _statements(f.read_text()):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number}")
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            applied += 1
        return applied
    finally:
        conn.close()


def _statements(script: str) -> list[str]:
    statements, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            statements.append(buf.strip())
            buf = ""
    return [s for s in statements if s.strip(" ;\n")]


async def migrate(path: Path | str) -> int:
    return await asyncio.to_thread(migrate_sync, path)
