"""The migrations give PostgreSQL the same foreign keys as SQLite: a table rebuilt to change a
CHECK (links in 0003, primaries in 0005) keeps every reference other tables make to it."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import asyncpg
import pytest

import db
import transfer
from app import Settings, create_app
from primary import demo
from tests.conftest import Client, _admin, run, with_db
from tests.phones import ballot

# A foreign key: (table, its columns) -> (referenced table, its columns), what a delete does.
Key = tuple[str, tuple[str, ...], str, tuple[str, ...], str]


def sqlite_keys(path) -> set[Key]:
    with closing(sqlite3.connect(path)) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        keys = set()
        for table in tables:
            found: dict[int, list] = {}
            for key, seq, parent, column, to, _, on_delete, _ in conn.execute(
                    f"PRAGMA foreign_key_list({table})"):
                found.setdefault(key, []).append((seq, parent, column, to, on_delete))
            for parts in found.values():
                parts.sort()
                parent, on_delete = parts[0][1], parts[0][4]
                to = tuple(p[3] or _primary_key(conn, parent)[p[0]] for p in parts)
                keys.add((table, tuple(p[2] for p in parts), parent, to, on_delete))
    return keys


def _primary_key(conn: sqlite3.Connection, table: str) -> list[str]:
    rows = conn.execute(f"PRAGMA table_info({table})").fetchall()
    return [r[1] for r in sorted(rows, key=lambda r: r[5]) if r[5]]


ON_DELETE = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}


async def postgres_keys(url: str) -> set[Key]:
    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch(
            "SELECT c.conrelid::regclass::text AS tab, c.confrelid::regclass::text AS parent,"
            " c.confdeltype::text AS on_delete,"
            " ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, i)"
            "  JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i)"
            "  AS cols,"
            " ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, i)"
            "  JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i)"
            "  AS to_cols"
            " FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace"
            " WHERE c.contype = 'f' AND n.nspname = current_schema()")
    finally:
        await conn.close()
    return {(r["tab"], tuple(r["cols"]), r["parent"], tuple(r["to_cols"]),
             ON_DELETE[r["on_delete"]]) for r in rows}


def test_postgresql_has_every_foreign_key_sqlite_has(tmp_path, fresh_postgres):
    db.migrate_sync(tmp_path / "fresh.sqlite3")
    on_sqlite = sqlite_keys(tmp_path / "fresh.sqlite3")
    on_postgres = run(postgres_keys(fresh_postgres))
    assert ("voted", ("primary_id",), "primaries", ("id",), "NO ACTION") in on_sqlite
    assert ("doorsteps", ("link_id",), "links", ("id",), "NO ACTION") in on_sqlite
    assert on_sqlite - on_postgres == set(), "lost on PostgreSQL"
    assert on_postgres - on_sqlite == set(), "only on PostgreSQL"


def test_a_database_made_before_the_repair_gets_its_keys_back(fresh_postgres, monkeypatch,
                                                               tmp_path):
    """An existing campaign on PostgreSQL (migrated up to 0017, votes cast) is repaired by the
    next migration, its rows kept; a vote with ballots can no longer be deleted from under them."""
    settings = Settings(fresh_postgres, "test-secret-" + "x" * 20)
    every = db._migrations
    monkeypatch.setattr(db, "_migrations", lambda postgres=False: [
        (n, f) for n, f in every(postgres) if n <= 17])
    run(_admin(fresh_postgres, "DROP SCHEMA public CASCADE", "CREATE SCHEMA public"))
    e = run(demo.create(settings, cards=3, activate=3, open_vote=True))
    code = e.activated_codes[0][1]
    with Client(create_app(settings), follow_redirects=False) as phone:
        phone.get(f"/v/{code}")
        assert phone.submit(f"/v/{code}/cast", ballot(settings, e)).status_code == 200
    before = with_db(settings, transfer.check)
    monkeypatch.setattr(db, "_migrations", every)

    assert run(db.migrate(fresh_postgres)) == len([n for n, _ in every() if n > 17])
    db.migrate_sync(tmp_path / "fresh.sqlite3")
    assert run(postgres_keys(fresh_postgres)) == sqlite_keys(tmp_path / "fresh.sqlite3")
    assert with_db(settings, transfer.check) == before

    async def delete_the_vote(database):
        async with database.transaction() as conn:
            await conn.execute("DELETE FROM primaries")
    with pytest.raises(db.IntegrityError, match=r'on table "(candidates|voted|ballots)"'):
        with_db(settings, delete_the_vote)
