"""What the database itself refuses, whatever a form or a script does: a sixth demand, any
change to a frozen version or its demands, any change to a signed pledge but one withdrawal.
And the migration that lets assemblies fill five places keeps every primary as it was."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import db as database
from programme import programme_store as store
from programme.charter import Demand, Refused
from tests.conftest import run
from tests.programme import programme_seed

MIGRATIONS = Path(database.__file__).parent / "migrations"


@pytest.fixture
def conn(settings):
    area = run(programme_seed.seed(settings))
    c = sqlite3.connect(settings.db_path, isolation_level=None)
    c.execute("PRAGMA foreign_keys=ON")
    c.execute("INSERT INTO versions (area_id, ward_id, number, created_at) VALUES (?, ?, 1, 'now')",
              (area["area_id"], area["wards"]["Coldharbour"]))
    yield c
    c.close()


def add(conn, version: int, position: int) -> None:
    conn.execute("INSERT INTO demands (version_id, position, text) VALUES (?, ?, 'x')",
                 (version, position))


@pytest.mark.sqlite_file
def test_the_database_refuses_a_sixth_demand(conn):
    for n in range(1, 6):
        add(conn, 1, n)
    with pytest.raises(sqlite3.IntegrityError, match="at most five demands"):
        add(conn, 1, 5)
    conn.execute("INSERT INTO versions (area_id, number, created_at) VALUES (1, 1, 'now')")
    add(conn, 2, 1)
    with pytest.raises(sqlite3.IntegrityError, match="at most five demands"):
        conn.execute("UPDATE demands SET version_id = 1 WHERE version_id = 2")
    assert conn.execute("SELECT COUNT(*) FROM demands WHERE version_id = 1").fetchone()[0] == 5


@pytest.mark.sqlite_file
def test_a_frozen_version_and_its_demands_never_change(conn):
    add(conn, 1, 1)
    conn.execute("UPDATE versions SET frozen_at = 'now', canonical = 'x', sha256 = 'y'")
    for sql in ("UPDATE versions SET sha256 = 'z'", "DELETE FROM versions",
                "UPDATE demands SET text = 'changed'", "DELETE FROM demands",
                "INSERT INTO demands (version_id, position, text) VALUES (1, 2, 'new')"):
        with pytest.raises(sqlite3.IntegrityError, match="frozen programme version"):
            conn.execute(sql)
    assert conn.execute("SELECT text FROM demands").fetchall() == [("x",)]


@pytest.mark.sqlite_file
def test_a_signed_pledge_stands_and_is_withdrawn_once(conn):
    add(conn, 1, 1)
    conn.execute("UPDATE versions SET frozen_at = 'now', canonical = 'x', sha256 = 'y'")
    conn.execute("INSERT INTO pledgers (ward_id, name, why, created_at)"
                 " VALUES (1, 'Ana Okafor', 'primary winner', 'now')")
    conn.execute("INSERT INTO pledges (pledger_id, version_id, token_hash, invited_at)"
                 " VALUES (1, 1, 'h', 'now')")
    conn.execute("UPDATE pledges SET signed_at = 'then', signed_name = 'Ana', ticked = '[1]'")
    for sql in ("UPDATE pledges SET signed_name = 'Someone'", "DELETE FROM pledges",
                "UPDATE pledges SET version_id = 2"):
        with pytest.raises(sqlite3.IntegrityError, match="stands as signed"):
            conn.execute(sql)
    conn.execute("UPDATE pledges SET withdrawn_at = 'later'")
    with pytest.raises(sqlite3.IntegrityError, match="stands as signed"):
        conn.execute("UPDATE pledges SET withdrawn_at = NULL")


def test_the_store_says_five_in_a_sentence_even_past_its_own_check(settings):
    area = run(programme_seed.seed(settings))

    async def go():
        db = await database.connect(settings.db_path)
        try:
            p = await store.place(db, ward_id=area["wards"]["Coldharbour"])
            for n in range(5):
                await store.add_demand(db, p, Demand(f"d{n}"), store.Evidence(1), "test")
            with pytest.raises(Refused, match="five demands"):
                await store.add_demand(db, p, Demand("sixth"), store.Evidence(1), "test")
            await store.freeze(db, p, "test")
            with pytest.raises(Refused, match="no draft"):
                await store.freeze(db, p, "test")
            return await store.versions(db, p)
        finally:
            await db.close()

    versions = run(go())
    assert len(versions) == 1 and len(versions[0].demands) == 5
    assert versions[0].canonical.startswith("Programme: Lambeth North · Coldharbour\n")


@pytest.mark.sqlite_file
def test_the_migration_keeps_every_primary_and_lets_assemblies_fill_five(tmp_path):
    # A database as it was before this migration (0001-0004), with a counted primary in it.
    old = tmp_path / "v4.sqlite3"
    c = sqlite3.connect(old, isolation_level=None)
    for f in sorted(MIGRATIONS.glob("000[1-4]_*.sql")):
        for statement in database._statements(f.read_text()):
            c.execute(statement)
    c.executescript("""
        PRAGMA user_version = 4;
        INSERT INTO areas VALUES (1, 'Lambeth', 'now');
        INSERT INTO wards (id, area_id, name, seats) VALUES (1, 1, 'Coldharbour', 3);
        INSERT INTO meetings VALUES (1, 1, 'Hall', '2026-12-01T19:00');
        INSERT INTO primaries VALUES (7, 1, 'Coldharbour primary', 3, 'seed', 'a', 'b', 'c',
                                      NULL, '{"winners": ["Ana"]}');
        INSERT INTO candidates (id, primary_id, name) VALUES (3, 7, 'Ana'), (4, 7, 'Ben');
        INSERT INTO card_batches VALUES (1, 1, NULL, 'now');
        INSERT INTO cards VALUES (1, 1, 1, 1, 'h', 'now');
        INSERT INTO voted VALUES (7, 1);
        INSERT INTO ballots VALUES (7, 'R1', '[3, 4]');""")
    before = c.execute("SELECT * FROM primaries").fetchall()
    c.close()
    assert database.migrate_sync(old) >= 1
    c = sqlite3.connect(old, isolation_level=None)
    c.execute("PRAGMA foreign_keys=ON")
    rows = c.execute("SELECT id, meeting_id, title, seats, seed, opened_at, closed_at,"
                     " counted_at, published_at, result FROM primaries").fetchall()
    assert rows == before
    assert c.execute("SELECT kind FROM primaries").fetchall() == [("primary",)]
    assert c.execute("SELECT id, primary_id, name FROM candidates").fetchall() == \
        [(3, 7, "Ana"), (4, 7, "Ben")]
    assert c.execute("SELECT COUNT(*) FROM ballots JOIN voted USING (primary_id)").fetchone() \
        == (1,)
    assert c.execute("PRAGMA foreign_key_check").fetchall() == []
    c.execute("INSERT INTO primaries (meeting_id, title, seats, seed, kind)"
              " VALUES (1, 'assembly', 5, 's', 'assembly')")
    with pytest.raises(sqlite3.IntegrityError):
        c.execute("INSERT INTO primaries (meeting_id, title, seats, seed) VALUES (1, 'p', 5, 's')")
    c.close()
