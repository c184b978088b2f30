"""The same Database as db.py's, on PostgreSQL through asyncpg (DATABASE_URL=postgresql://…).

Every write transaction first takes one advisory lock, so writes run one at a time across all
workers and hosts, exactly as SQLite's single writer runs them: the stores' read-then-write steps
(next card serial, next position) keep their meaning; constraints decide one vote per card.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from decimal import Decimal
from typing import Any

import asyncpg

import dialect

WRITER_LOCK = 0x4855_5354  # any fixed number: "HUST"
MIGRATION_LOCK = WRITER_LOCK + 1


def is_url(target: Any) -> bool:
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


class Cursor:
    """What a store reads after `conn.execute(...)`: the rows the statement returned."""

    def __init__(self, rows: list):
        self.rows = rows

    async def fetchone(self):
        return self.rows[0] if self.rows else None

    async def fetchall(self) -> list:
        return self.rows


class Connection:
    """The inside of a write transaction, with aiosqlite's few methods the stores use."""

    def __init__(self, conn: asyncpg.Connection):
        self._conn = conn

    async def execute(self, sql: str, params: Iterable[Any] = ()) -> Cursor:
        q, p = dialect.query(sql, tuple(params))
        # A savepoint, so a refused statement (IntegrityError) leaves the transaction usable,
        # as it does on SQLite.
        async with self._conn.transaction():
            return Cursor(await self._conn.fetch(q, *p))

    async def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> None:
        rows = [tuple(r) for r in rows]
        if not rows:
            return
        q, _ = dialect.query(sql, rows[0])
        async with self._conn.transaction():
            await self._conn.executemany(q, [dialect.query(sql, r)[1] for r in rows])

    async def renumber(self) -> None:
        await renumber(self._conn)

    async def execute_fetchall(self, sql: str, params: Iterable[Any] = ()) -> list:
        return (await self.execute(sql, params)).rows


def _number(text: str) -> int | Decimal:
    """SUM() of integers is NUMERIC on PostgreSQL: give back an int, as SQLite does."""
    value = Decimal(text)
    return int(value) if value == value.to_integral_value() else value


async def _setup(conn: asyncpg.Connection) -> None:
    await conn.set_type_codec("numeric", encoder=str, decoder=_number, schema="pg_catalog",
                              format="text")


class PostgresDatabase:
    def __init__(self, pool: asyncpg.Pool, url: str):
        self._pool = pool
        self.path = url
        self.cache: dict[str, Any] = {}  # what it may hold: see db.Database

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list:
        q, p = dialect.query(sql, tuple(params))
        async with self._pool.acquire() as conn:
            return await conn.fetch(q, *p)

    async def fetchone(self, sql: str, params: Iterable[Any] = ()):
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def fetchval(self, sql: str, params: Iterable[Any] = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Connection]:
        async with self._pool.acquire() as conn, conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock($1)", WRITER_LOCK)
            yield Connection(conn)

    async def forget_old_pages(self) -> None:
        """Nothing to do here: PostgreSQL's own storage is the server operator's to secure."""

    async def forget_arrival_order(self) -> None:
        """Nothing to do here: see forget_old_pages."""

    async def close(self) -> None:
        await self._pool.close()


async def connect(url: str) -> PostgresDatabase:
    pool = await asyncpg.create_pool(url, min_size=1, max_size=8, init=_setup)
    return PostgresDatabase(pool, url)


async def migrate(url: str, migrations: list, statements) -> int:
    """Apply migrations newer than the version recorded in `schema_version`, each in its own
    transaction; several workers starting at once take turns."""
    conn = await asyncpg.connect(url)
    try:
        await conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)")
        applied = 0
        async with conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
            await conn.execute("CREATE EXTENSION IF NOT EXISTS citext")
            await conn.execute(SUM_OF_TRUTHS)
        for number, f in migrations:
            async with conn.transaction():
                await conn.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
                current = await conn.fetchval("SELECT MAX(version) FROM schema_version") or 0
                if number <= current:
                    continue
                native = f.parent.name == "postgresql"  # written for PostgreSQL already
                for statement in statements(f.read_text()):
                    for translated in [statement] if native else dialect.schema(statement):
                        await conn.execute(translated)
                await renumber(conn)
                await conn.execute("DELETE FROM schema_version")
                await conn.execute("INSERT INTO schema_version VALUES ($1)", number)
            applied += 1
        return applied
    finally:
        await conn.close()


# SQLite adds up comparisons (`SUM(outcome = 'talked')`): so does this sum(boolean), NULL for no
# rows as SUM is.
SUM_OF_TRUTHS = """
CREATE OR REPLACE FUNCTION add_truth(bigint, boolean) RETURNS bigint LANGUAGE sql IMMUTABLE AS
  'SELECT CASE WHEN $2 IS NULL THEN $1 ELSE COALESCE($1, 0) + $2::int END';
CREATE OR REPLACE AGGREGATE sum(boolean) (SFUNC = add_truth, STYPE = bigint);
"""


async def version(url: str) -> int:
    conn = await asyncpg.connect(url)
    try:
        if await conn.fetchval("SELECT to_regclass('schema_version')") is None:
            return 0
        return await conn.fetchval("SELECT MAX(version) FROM schema_version") or 0
    finally:
        await conn.close()


async def renumber(conn: asyncpg.Connection) -> None:
    """Move every id sequence past the largest id, after rows were copied in with their ids."""
    rows = await conn.fetch(
        "SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema()"
        " AND column_name = 'id' AND is_identity = 'YES'")
    for row in rows:
        table = row["table_name"]
        await conn.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
            f" COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)")
