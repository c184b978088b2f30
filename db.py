"""The database: connect(), transaction(), migrate(), backup(), restore(). Nothing else knows
the driver.

SQLite in WAL mode: one writer connection behind an asyncio lock (SQLite has one writer, and one
aiosqlite connection cannot interleave transactions), one reader connection for everything else.
"""

from __future__ import annotations

import asyncio
import os
import re
import sqlite3
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager, closing
from pathlib import Path
from typing import Any

import aiosqlite
import asyncpg

import db_postgres

try:
    import fcntl
except ImportError:  # Windows: workers wait through SQLite's busy timeout alone
    fcntl = None

MIGRATIONS = Path(__file__).parent / "migrations"
# A constraint refused the write, on either database.
IntegrityError = (sqlite3.IntegrityError, asyncpg.IntegrityConstraintViolationError)
is_postgres = db_postgres.is_url


class Database:
    def __init__(self, writer: aiosqlite.Connection, reader: aiosqlite.Connection, path: Path):
        self._writer = writer
        self._reader = reader
        self._lock = asyncio.Lock()
        self.path = path
        # Several workers take turns through this lock file: a waiter wakes the moment the
        # writer is done, where SQLite's busy timeout sleeps up to 100 ms between tries.
        self._turn = os.open(f"{path}-turn", os.O_RDWR | os.O_CREAT, 0o600) if fcntl else None
        # Per-process memory for hot read paths. Each worker has its own, so it keeps only what
        # never changes once seen, a yes that cannot turn to no, or for seconds what decides
        # nothing; each use says which.
        self.cache: dict[str, Any] = {}

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        return list(await self._reader.execute_fetchall(sql, tuple(params)))  # one thread hop

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Row | None:
        rows = await self._reader.execute_fetchall(sql, tuple(params))
        return rows[0] if rows else None

    async def fetchval(self, sql: str, params: Iterable[Any] = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """One write transaction (BEGIN IMMEDIATE); commits on success, rolls back on any error."""
        async with self._lock:
            await self._take_turn()
            try:
                await self._begin()
                try:
                    yield self._writer
                except BaseException:
                    await self._writer.rollback()
                    raise
                else:
                    await self._writer.commit()
            finally:
                self._end_turn()

    async def _begin(self) -> None:
        """BEGIN IMMEDIATE, which waits (busy timeout) while another process writes."""
        try:
            await self._writer.execute("BEGIN IMMEDIATE")
        except asyncio.CancelledError:
            # The BEGIN still runs on aiosqlite's thread and may open a transaction when the
            # other writer is done: a ROLLBACK queued behind it ends that transaction before the
            # connection is the next caller's (this one still holds self._lock).
            await asyncio.shield(self._writer.rollback())
            raise

    async def _take_turn(self) -> None:
        """Wait for the other workers' write transactions (a killed worker's turn ends with it)."""
        if self._turn is None:
            return
        try:
            fcntl.flock(self._turn, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:  # another worker is writing: wait in a thread
            pass
        waiting = asyncio.ensure_future(asyncio.to_thread(fcntl.flock, self._turn, fcntl.LOCK_EX))
        try:
            await asyncio.shield(waiting)
        except asyncio.CancelledError:  # the thread still gets the turn: give it back then
            waiting.add_done_callback(lambda _: self._end_turn())
            raise

    def _end_turn(self) -> None:
        if self._turn is not None:
            fcntl.flock(self._turn, fcntl.LOCK_UN)

    async def forget_old_pages(self) -> None:
        """Checkpoint and truncate the write-ahead log, so that a value just overwritten (a card
        key) is gone from the disk too, not only from the database."""
        for _ in range(100):
            async with self._lock:
                busy, _, _ = (await self._writer.execute_fetchall(
                    "PRAGMA wal_checkpoint(TRUNCATE)"))[0]
            if not busy:
                return
            await asyncio.sleep(0.01)  # a reader is mid-statement; it will not take long

    async def forget_arrival_order(self) -> None:
        """Rewrite the file in key order (VACUUM), then empty the WAL: where a row sat inside
        its page recorded when it was written, so a card's `voted` row and its ballot could be
        paired; after this every page holds its rows in key order and nothing else."""
        async with self._lock:
            await self._writer.execute("VACUUM")
        await self.forget_old_pages()

    async def close(self) -> None:
        await self._reader.close()
        await self._writer.close()
        if self._turn is not None:  # closed once: a second close() must not hit a reused fd
            os.close(self._turn)
            self._turn = None


class GroupCommit:
    """Many small writes in one transaction (one fsync): each caller waits until its own write
    is committed, so an acknowledgement always means the write is on disk.

    `apply(conn, items)` runs inside the transaction and returns one result per item, an
    Exception instance for an item that must fail alone (e.g. a card that already voted).
    """

    MAX_BATCH = 400  # keeps each statement well under SQLite's limit on bound parameters

    def __init__(self, db: Database, apply):
        self.db, self.apply = db, apply
        self.pending: list[tuple[Any, asyncio.Future]] = []
        self.draining = False

    async def submit(self, item: Any) -> Any:
        future = asyncio.get_running_loop().create_future()
        self.pending.append((item, future))
        if not self.draining:
            self.draining = True
            self._task = asyncio.create_task(self._drain())  # keep a reference while it runs
        return await future

    async def _drain(self) -> None:
        try:
            while self.pending:
                batch = self.pending[: self.MAX_BATCH]
                del self.pending[: self.MAX_BATCH]
                try:
                    async with self.db.transaction() as conn:
                        results = await self.apply(conn, [item for item, _ in batch])
                except BaseException as e:  # the whole batch failed: nobody is acknowledged
                    for _, future in batch:
                        if not future.done():
                            future.set_exception(e)
                    if not isinstance(e, Exception):
                        raise
                    continue
                for (_, future), result in zip(batch, results, strict=True):
                    if future.done():  # the caller went away; its write stands, like a crash
                        continue
                    if isinstance(result, Exception):
                        future.set_exception(result)
                    else:
                        future.set_result(result)
        finally:
            self.draining = False


async def _open(path: Path) -> aiosqlite.Connection:
    conn = await aiosqlite.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    await conn.execute("PRAGMA journal_mode=WAL")
    await conn.execute("PRAGMA synchronous=FULL")
    await conn.execute("PRAGMA foreign_keys=ON")
    await conn.execute("PRAGMA busy_timeout=5000")
    await conn.execute("PRAGMA secure_delete=ON")  # what is deleted or overwritten is zeroed
    return conn


async def connect(path: Path | str) -> Database:
    """The database at `path`: a SQLite file, or a postgresql:// URL (see db_postgres.py)."""
    if is_postgres(path):
        return await db_postgres.connect(path)
    path = Path(path)
    return Database(await _open(path), await _open(path), path)


def _migrations(postgres: bool = False) -> list[tuple[int, Path]]:
    """The numbered migrations, in order. On PostgreSQL a file of the same name in
    migrations/postgresql/ takes a migration's place, where dialect.schema cannot rewrite it."""
    found = []
    for f in sorted(MIGRATIONS.glob("*.sql")):
        m = re.match(r"(\d{4})_\w+\.sql$", f.name)
        if m:
            own = MIGRATIONS / "postgresql" / f.name
            found.append((int(m.group(1)), own if postgres and own.is_file() else f))
    return found


def migrate_sync(path: Path | str) -> int:
    """Apply migrations newer than PRAGMA user_version, each in its own transaction."""
    if is_postgres(path):
        return asyncio.run(migrate(path))
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
    if is_postgres(path):
        return await db_postgres.migrate(path, _migrations(postgres=True), _statements)
    return await asyncio.to_thread(migrate_sync, path)


# --- backup and restore -----------------------------------------------------------------------

class BackupError(ValueError):
    """A backup or restore that cannot be done; the message says why. Nothing was changed."""


def newest_migration() -> int:
    return max((number for number, _ in _migrations()), default=0)


def backup(path: Path | str, dest: Path | str, force: bool = False) -> None:
    """Copy the live database to `dest`: one consistent snapshot, safe while the server writes.

    VACUUM INTO reads inside one read transaction (WAL lets writers carry on) and writes every
    table afresh in key order, so the copy keeps no trace of the order rows arrived in (see
    Database.forget_arrival_order); it goes to a temporary file first, so `dest` is either the
    whole backup or untouched.
    """
    path, dest = Path(path), Path(dest)
    if not path.is_file():
        raise BackupError(f"There is no database at {path} to back up.")
    if dest.exists() and not force:
        raise BackupError(f"{dest} already exists. Choose a new file name, or add --force.")
    if not dest.parent.is_dir():
        raise BackupError(f"There is no folder {dest.parent} to write the backup in.")
    if dest.exists() and dest.samefile(path):
        raise BackupError(f"{dest} is the live database itself. Choose another file.")
    tmp = dest.with_name(f".{dest.name}.partial")
    _remove(tmp)  # VACUUM INTO will not write over a leftover of an interrupted backup
    private(tmp)  # postcodes and contacts: readable by this user only, from the first byte
    try:
        with closing(sqlite3.connect(path)) as live:
            live.execute("PRAGMA busy_timeout=5000")
            live.execute("VACUUM INTO ?", (str(tmp),))
        with closing(sqlite3.connect(tmp)) as copy:
            # One self-contained file: no -wal beside it to forget when copying it elsewhere.
            copy.execute("PRAGMA journal_mode=DELETE")
        _check(tmp, dest)
        os.replace(tmp, dest)
    finally:
        _remove(tmp)


def restore(src: Path | str, path: Path | str) -> int:
    """Replace the database at `path` with the backup `src`; returns migrations applied.

    The backup is checked, copied next to the target and migrated there, then written into the
    target with SQLite's backup API: one write transaction, so a crash leaves the old database or
    the new one, never a mix. (Renaming a file over a WAL database would let a stale -wal file
    replay old pages onto it.)
    """
    src, path = Path(src), Path(path)
    if not src.is_file():
        raise BackupError(f"There is no file {src} to restore from.")
    if path.exists() and path.samefile(src):
        raise BackupError(f"{src} is the live database itself: there is nothing to restore.")
    _check(src, src)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.restoring")
    try:
        with closing(_read_only(src)) as backup_file, closing(sqlite3.connect(tmp)) as copy:
            backup_file.backup(copy)
        applied = migrate_sync(tmp)
        with closing(sqlite3.connect(tmp)) as copy, closing(sqlite3.connect(path)) as live:
            live.execute("PRAGMA busy_timeout=5000")
            copy.backup(live)
    finally:
        _remove(tmp)
    return applied


def private(path: Path) -> None:
    """An empty file only this user may read (VACUUM INTO and SQLite fill an empty file)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    os.chmod(path, 0o600)


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)


def _check(path: Path, name: Path) -> None:
    """Raise BackupError unless `path` is a sound hustings database this code can open."""
    try:
        with closing(_read_only(path)) as conn:
            ok = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
            version = conn.execute("PRAGMA user_version").fetchone()[0]
    except sqlite3.DatabaseError:
        raise BackupError(f"{name} is not a hustings backup: not a SQLite database.") from None
    if ok != ["ok"]:
        raise BackupError(f"{name} is damaged (SQLite's integrity check failed): {ok[0]}")
    if "primaries" not in tables:
        raise BackupError(f"{name} is a SQLite database, but not a hustings one.")
    if version > newest_migration():
        raise BackupError(f"{name} was made by a newer version of hustings (database version "
                          f"{version}, this code knows {newest_migration()}). Upgrade first.")


def _remove(path: Path) -> None:
    for leftover in (path, *(Path(f"{path}-{end}") for end in ("wal", "shm", "journal", "turn"))):
        leftover.unlink(missing_ok=True)
