"""`hustings restore` never replaces a database under a running server, asks first, and keeps
what it replaced; backups are readable by their owner only. On both databases."""

from __future__ import annotations

import asyncio
import io
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import cli
import db
import serving
import transfer
from app import create_app
from primary import demo
from tests.conftest import Client, run, with_db

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def live(settings, monkeypatch, tmp_path):
    monkeypatch.setenv("HUSTINGS_DB", str(settings.db_path))
    monkeypatch.setenv("HUSTINGS_SECRET", settings.secret_key)
    monkeypatch.setenv("HUSTINGS_VAR", str(tmp_path / "var"))
    run(demo.create(settings, cards=5, activate=2))
    return settings


def add_area(settings, name: str) -> None:
    async def add(database):
        async with database.transaction() as conn:
            await conn.execute("INSERT INTO areas (name, created_at) VALUES (?, 'now')", (name,))
    with_db(settings, add)


def areas(settings) -> set[str]:
    rows = with_db(settings, lambda d: d.fetchall("SELECT name FROM areas"))
    return {r[0] for r in rows}


def test_backups_are_readable_by_their_owner_only(live, tmp_path):
    assert cli.main(["backup", str(tmp_path / "b.sqlite3")]) == 0
    assert stat.S_IMODE((tmp_path / "b.sqlite3").stat().st_mode) == 0o600


def test_restore_refuses_while_a_server_serves_and_changes_nothing(live, tmp_path, capsys):
    assert cli.main(["backup", str(tmp_path / "b.sqlite3")]) == 0
    add_area(live, "After the backup")
    before = with_db(live, transfer.check)
    with Client(create_app(live)) as server:
        assert server.get("/").status_code == 200
        assert cli.main(["restore", str(tmp_path / "b.sqlite3"), "--yes"]) == 2
    assert "A server is serving this database" in capsys.readouterr().err
    assert with_db(live, transfer.check) == before


def test_restore_asks_first_and_keeps_what_it_replaced(live, tmp_path, capsys, monkeypatch):
    assert cli.main(["backup", str(tmp_path / "b.sqlite3")]) == 0
    add_area(live, "After the backup")
    monkeypatch.setattr("sys.stdin", io.StringIO("no\n"))
    assert cli.main(["restore", str(tmp_path / "b.sqlite3")]) == 2
    assert "Nothing was restored" in capsys.readouterr().err
    assert "After the backup" in areas(live)

    monkeypatch.setattr("sys.stdin", io.StringIO("yes\n"))
    assert cli.main(["restore", str(tmp_path / "b.sqlite3")]) == 0
    out = capsys.readouterr().out
    assert "After the backup" not in areas(live)
    safety = Path(out.split("What it replaced is kept in ")[1].split(".sqlite3")[0] + ".sqlite3")
    assert stat.S_IMODE(safety.stat().st_mode) == 0o600
    kept = with_db(type(live)(safety, live.secret_key), lambda d: d.fetchall(
        "SELECT name FROM areas"))
    assert "After the backup" in {r[0] for r in kept}


HOLDER = """
import sys
sys.modules["fcntl"] = None  # as on Windows: the guard must not need flock()
import asyncio, serving

async def main():
    held = await serving.hold(sys.argv[1])
    print("serving", flush=True)
    sys.stdin.read()  # until the test closes it
    await serving.release(held)

asyncio.run(main())
"""


def test_a_server_in_another_process_without_flock_stops_a_restore(live, tmp_path, capsys):
    assert cli.main(["backup", str(tmp_path / "b.sqlite3")]) == 0
    add_area(live, "After the backup")
    server = subprocess.Popen([sys.executable, "-c", HOLDER, str(live.db_path)], cwd=ROOT,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout.readline() == "serving\n"
        assert cli.main(["restore", str(tmp_path / "b.sqlite3"), "--yes"]) == 2
        assert "A server is serving this database" in capsys.readouterr().err
        assert "After the backup" in areas(live)
    finally:
        server.communicate("", timeout=20)
    assert cli.main(["restore", str(tmp_path / "b.sqlite3"), "--yes"]) == 0
    assert "After the backup" not in areas(live)


def test_a_server_starting_during_a_restore_waits_for_its_end(live):
    async def start_during_restore():
        async with serving.alone(live.db_path):
            starting = asyncio.create_task(serving.hold(live.db_path))
            await asyncio.sleep(0.5)
            assert not starting.done(), "a server started under a restore"
        held = await asyncio.wait_for(starting, 5)
        await serving.release(held)

    run(start_during_restore())


def _record_migrations(monkeypatch, happened: list[str]) -> None:
    real = db.migrate

    async def migrate(target):
        happened.append("migrate")
        return await real(target)
    monkeypatch.setattr(db, "migrate", migrate)


def test_a_server_starting_during_a_restore_migrates_only_after_it(live, monkeypatch):
    """Migrating mid-restore would change the database the restore is replacing."""
    happened: list[str] = []
    _record_migrations(monkeypatch, happened)
    app = create_app(live)

    async def start_during_restore():
        started = asyncio.Event()

        async def serve():
            async with app.router.lifespan_context(app):
                started.set()
                await asyncio.sleep(0)

        async with serving.alone(live.db_path):
            server = asyncio.create_task(serve())
            await asyncio.sleep(0.5)
            assert not started.is_set(), "a server started under a restore"
            happened.append("restore ended")
        await asyncio.wait_for(server, 10)

    run(start_during_restore())
    assert happened == ["restore ended", "migrate"]


def test_hustings_migrate_waits_for_a_restore_to_end(live, monkeypatch):
    happened: list[str] = []
    _record_migrations(monkeypatch, happened)

    async def migrate_during_restore():
        async with serving.alone(live.db_path):
            command = asyncio.create_task(asyncio.to_thread(cli.main, ["migrate"]))
            await asyncio.sleep(0.5)
            assert not command.done()
            happened.append("restore ended")
        assert await asyncio.wait_for(command, 10) == 0

    run(migrate_during_restore())
    assert happened == ["restore ended", "migrate"]
