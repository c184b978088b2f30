"""Moving a whole campaign between databases (SQLite file <-> PostgreSQL), checked table by table:
`hustings migrate-data`, and backups and restores on PostgreSQL (a backup is always a SQLite file).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import db
import serving
from db import BackupError, Database


@dataclass(frozen=True)
class TableCheck:
    table: str
    rows: int
    checksum: str  # sha256 of the table's rows, in a canonical order and form


def tables() -> list[str]:
    """The tables of the newest schema, parents before children (the order migrations made them)."""
    made, gone = [], set()
    for _, f in db._migrations():
        sql = f.read_text()
        for name in re.findall(r"CREATE TABLE (\w+)", sql):
            if name not in made:
                made.append(name)
        gone |= set(re.findall(r"DROP TABLE (\w+)", sql))
        gone -= set(re.findall(r"RENAME TO (\w+)", sql))
        gone |= set(re.findall(r"ALTER TABLE (\w+) RENAME TO", sql))
    return [t for t in made if t not in gone]


async def _columns(database: Database, table: str) -> list[str]:
    if db.is_postgres(database.path):
        rows = await database.fetchall(
            "SELECT column_name FROM information_schema.columns WHERE table_schema ="
            " current_schema() AND table_name = ? ORDER BY ordinal_position", (table,))
    else:
        rows = await database.fetchall("SELECT name FROM pragma_table_info(?)", (table,))
    return [r[0] for r in rows]


def _canonical(value) -> str:
    if isinstance(value, bytes | bytearray | memoryview):
        return "b" + bytes(value).hex()
    if isinstance(value, float):
        return "f" + value.hex()
    return repr(value)


async def check(database: Database) -> list[TableCheck]:
    """Row count and checksum of every table: equal on both sides means the same campaign."""
    found = []
    for table in tables():
        columns = await _columns(database, table)
        rows = await database.fetchall(f"SELECT {', '.join(sorted(columns))} FROM {table}")
        lines = sorted("\x1f".join(_canonical(v) for v in row) for row in rows)
        digest = hashlib.sha256("\x1e".join(lines).encode()).hexdigest()
        found.append(TableCheck(table, len(rows), digest))
    return found


async def _is_empty(database: Database) -> bool:
    for table in ("areas", "organisers", "events"):
        if await database.fetchval(f"SELECT COUNT(*) FROM {table}"):
            return False
    return True


async def copy(source: str, dest: str, *, replace: bool = False) -> list[TableCheck]:
    """Copy every row of `source` into `dest` (both migrated to the newest schema first) in one
    transaction, then compare counts and checksums. `dest` must be empty unless `replace`."""
    if str(source) == str(dest):
        raise BackupError("The source and the destination are the same database.")
    await db.migrate(source)
    await db.migrate(dest)
    src, out = await db.connect(source), await db.connect(dest)
    try:
        if not replace and not await _is_empty(out):
            raise BackupError(f"{name(dest)} already holds a campaign. Copy into an empty "
                              "database.")
        async with out.transaction() as conn:
            held = await _hold_triggers(out, conn)
            for table in reversed(tables()):
                await conn.execute(f"DELETE FROM {table}")
            for table in tables():
                columns = await _columns(src, table)
                rows = await src.fetchall(f"SELECT {', '.join(columns)} FROM {table}")
                if rows:
                    await conn.executemany(
                        f"INSERT INTO {table} ({', '.join(columns)}) VALUES"
                        f" ({', '.join('?' * len(columns))})", [tuple(r) for r in rows])
            await _release_triggers(out, conn, held)
        before, after = await check(src), await check(out)
    finally:
        await src.close()
        await out.close()
    differ = [a.table for a, b in zip(before, after, strict=True) if a != b]
    if differ:
        raise BackupError(f"The copy differs from the source in: {', '.join(differ)}.")
    return after


# The append-only and frozen-programme triggers refuse a copy's deletes and inserts: they are held
# off inside the copy's own transaction only, and are back before it commits.
async def _hold_triggers(database: Database, conn) -> list[str]:
    if db.is_postgres(database.path):
        for table in tables():
            await conn.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        return []
    cur = await conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
    triggers = [(r[0], r[1]) for r in await cur.fetchall()]
    for name, _ in triggers:
        await conn.execute(f"DROP TRIGGER {name}")
    return [sql for _, sql in triggers]


async def _release_triggers(database: Database, conn, held: list[str]) -> None:
    if db.is_postgres(database.path):
        for table in tables():
            await conn.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        await conn.renumber()  # ids were copied in: new rows take the next free ones
    for sql in held:
        await conn.execute(sql)


async def backup(url: str, dest, force: bool = False) -> None:
    """A PostgreSQL campaign into a new SQLite file (only this user may read it), checked."""
    dest = Path(dest)
    if dest.exists() and not force:
        raise BackupError(f"{dest} already exists. Choose a new file name, or add --force.")
    if not dest.parent.is_dir():
        raise BackupError(f"There is no folder {dest.parent} to write the backup in.")
    tmp = dest.with_name(f".{dest.name}.partial")
    db._remove(tmp)
    db.private(tmp)
    try:
        await copy(url, tmp)
        os.replace(tmp, dest)
    finally:
        db._remove(tmp)


async def restore(src, target) -> tuple[int, Path | None]:
    """Replace the database `target` by the backup `src`, with no server serving it; returns the
    migrations applied and where the replaced data is kept."""
    src = Path(src)
    if not src.is_file():
        raise BackupError(f"There is no file {src} to restore from.")
    db._check(src, src)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    async with serving.alone(target):
        if not db.is_postgres(target):
            target = Path(target)
            safety = target.with_name(f"{target.stem}.before-restore-{stamp}.sqlite3")
            existed = target.exists()
            if existed:
                db.backup(target, safety)
            return db.restore(src, target), (safety if existed else None)
        safety = Path(os.environ.get("HUSTINGS_VAR", Path(__file__).parent / "var"))
        safety = safety / f"before-restore-{stamp}.sqlite3"
        safety.parent.mkdir(parents=True, exist_ok=True)
        await backup(target, safety)
        with tempfile.TemporaryDirectory() as folder:  # the backup file itself stays as it was
            copied = Path(folder) / "restore.sqlite3"
            shutil.copyfile(src, copied)
            applied = db.migrate_sync(copied)
            await copy(copied, target, replace=True)
        return applied, safety


def target(url: str) -> Path | str:
    """`sqlite:///FILE` (or a plain file name) as a path; a postgresql:// URL as it is."""
    if db.is_postgres(url):
        return url
    return Path(url.removeprefix("sqlite://").removeprefix("/") if url.startswith("sqlite:///")
                else url)


def name(target) -> str:
    """A database's name for messages, without a password."""
    return re.sub(r"//[^@/]*@", "//", str(target))
