"""`hustings backup` and `hustings restore`, tested while a real server is taking votes; the
append-only audit log."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import threading
from contextlib import closing

import pytest

import audit
import cli
import db
from primary import demo
from tests.browser.conftest import Server
from tests.conftest import run, with_db
from tests.phones import ballot, in_parallel, phone_for, settings_of
from votes import ballots

pytestmark = pytest.mark.sqlite_file  # reads the SQLite file itself


@pytest.fixture
def server(tmp_path):
    (tmp_path / "live").mkdir()
    s = Server(tmp_path / "live")
    yield s
    s.stop()


def rows(path, sql: str) -> list[tuple]:
    with closing(sqlite3.connect(path)) as conn:
        return [tuple(r) for r in conn.execute(sql)]


def fingerprint(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_backup_while_voting_holds_every_acknowledged_ballot_and_restores(server, tmp_path):
    settings = settings_of(server)
    report = run(demo.create(settings, cards=300, activate=300, open_vote=True))
    form = ballot(settings, report)
    codes = [code for _, code in report.activated_codes]
    first, rest = codes[:200], codes[200:]
    phones = {code: phone_for(server.url, code) for code in first}
    acknowledged: list[str] = []
    enough = threading.Event()

    backing_up = threading.Event()

    def cast(code: str) -> int:
        if enough.is_set():  # hold the rest until the backup starts, however slow the machine
            backing_up.wait(30)
        status = phones[code].post(f"/v/{code}/cast", form).status_code
        if status == 200:
            acknowledged.append(code)
            if len(acknowledged) >= 50:
                enough.set()
        return status

    voting = threading.Thread(target=lambda: statuses.extend(in_parallel(cast, first, 10)))
    statuses: list[int] = []
    voting.start()
    assert enough.wait(30)
    before = list(acknowledged)
    backup = tmp_path / "evening.sqlite3"
    backing_up.set()
    out = server.cli("backup", str(backup))  # while the phones keep casting
    voting.join()

    assert "Backed up" in out and statuses == [200] * len(first)
    assert len(before) < len(first), "the backup was taken while votes were still arriving"
    assert rows(backup, "PRAGMA integrity_check") == [("ok",)]
    assert rows(backup, "PRAGMA journal_mode") == [("delete",)], "one self-contained file"
    in_backup = {r for (r,) in rows(backup, "SELECT receipt FROM ballots")}
    assert {ballots.receipt(code, report.primary_id) for code in before} <= in_backup
    assert rows(backup, "SELECT COUNT(*) FROM voted") == [(len(in_backup),)], "a consistent cut"

    # Restore into a fresh place: the same rows, and a server there carries on the evening.
    elsewhere = tmp_path / "restored"
    assert db.restore(backup, elsewhere / "hustings.sqlite3") == 0
    for table in ("ballots", "voted", "cards", "primaries", "events"):
        sql = f"SELECT * FROM {table} ORDER BY 1, 2"
        assert rows(elsewhere / "hustings.sqlite3", sql) == rows(backup, sql), table
    again = Server(elsewhere)
    try:
        voted_code = next(c for c in first if ballots.receipt(c, report.primary_id) in in_backup)
        fresh = phone_for(again.url, rest[0])
        assert fresh.post(f"/v/{rest[0]}/cast", form).status_code == 200
        assert "This card has voted" in fresh.get(f"/v/{voted_code}").text
        assert fresh.post(f"/v/{voted_code}/cast", form).status_code == 409
    finally:
        again.stop()


@pytest.fixture
def live(tmp_path, monkeypatch, settings):
    """The CLI pointed at a database with a demo evening in it (and some votes)."""
    monkeypatch.setenv("HUSTINGS_DB", str(settings.db_path))
    monkeypatch.setenv("HUSTINGS_SECRET", settings.secret_key)
    monkeypatch.setenv("HUSTINGS_VAR", str(tmp_path))
    run(demo.create(settings, cards=10, activate=3, open_vote=True))
    return settings.db_path


def test_backup_refuses_to_overwrite_unless_forced(live, tmp_path, capsys):
    target = tmp_path / "b.sqlite3"
    target.write_text("precious")
    assert cli.main(["backup", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already exists" in err and "--force" in err
    assert target.read_text() == "precious"
    assert cli.main(["backup", str(target), "--force"]) == 0
    assert rows(target, "SELECT COUNT(*) FROM cards") == [(10,)]
    assert cli.main(["backup", str(tmp_path / "no" / "such" / "dir.sqlite3")]) == 2
    assert "no folder" in capsys.readouterr().err
    assert not list(tmp_path.glob(".*partial*")), "no half-written file is left behind"


def test_backups_and_restores_are_in_the_audit_log(live, tmp_path, capsys):
    target = tmp_path / "b.sqlite3"
    assert cli.main(["backup", str(target)]) == 0
    assert rows(live, "SELECT kind, detail FROM events ORDER BY id DESC LIMIT 1") == [
        ("database backed up", f"to {target}")]
    assert cli.main(["restore", str(target), "--yes"]) == 0
    assert "restart" in capsys.readouterr().out
    # The restored log is the backup's, plus the restore itself.
    assert rows(live, "SELECT kind, detail FROM events ORDER BY id DESC LIMIT 1") == [
        ("database restored", f"from {target}")]


def _newer(path):
    shutil.copy(path, path.with_suffix(".newer"))
    with closing(sqlite3.connect(path.with_suffix(".newer"))) as conn:
        conn.execute(f"PRAGMA user_version = {db.newest_migration() + 1}")
    return path.with_suffix(".newer")


def _text(path):
    path.write_text("serial,code\n0001,ABCD-EFGH-JKMN-PQRS\n" * 50)
    return path


def _empty(path):
    path.write_bytes(b"")
    return path


def _unrelated(path):
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE things (x)")
    return path


@pytest.mark.parametrize("make, says", [
    (_text, "not a SQLite database"),
    (_empty, "not a hustings one"),
    (_unrelated, "not a hustings one"),
    (lambda p: p.with_name("missing"), "There is no file"),
    (None, "newer version of hustings"),
], ids=["text", "empty", "unrelated-sqlite", "missing", "newer"])
def test_restoring_a_bad_file_is_refused_and_changes_nothing(live, tmp_path, capsys, make, says):
    backup = tmp_path / "b.sqlite3"
    db.backup(live, backup)
    bad = _newer(backup) if make is None else make(tmp_path / "bad")
    cards_before = rows(live, "SELECT * FROM cards ORDER BY id")
    before = fingerprint(live)
    assert cli.main(["restore", str(bad), "--yes"]) == 2
    err = capsys.readouterr().err
    assert says in err and err.count("\n") == 1
    assert fingerprint(live) == before
    assert not list(live.parent.glob(".*restoring*")), "no half-restored file is left behind"
    assert rows(live, "SELECT * FROM cards ORDER BY id") == cards_before


def test_the_event_log_is_append_only(settings, evening):
    async def try_to(database, sql):
        async with database.transaction() as conn:
            await conn.execute(sql)

    for sql in ("UPDATE events SET detail = 'nothing happened'", "DELETE FROM events"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            with_db(settings, lambda d, sql=sql: try_to(d, sql))
    kinds = with_db(settings, lambda d: d.fetchall("SELECT kind FROM events"))
    assert "cards activated" in {k["kind"] for k in kinds}


def test_organisers_see_phase_changes_in_the_log(organiser, settings, evening):
    assert organiser.submit(f"/o/primaries/{evening.primary_id}/open").status_code == 303
    page = organiser.get("/o/events")
    assert page.template.name == "organiser/events.html"
    newest = page.context["events"][0]
    assert (newest.kind, newest.detail) == ("voting opened",
                                                 f"primary {evening.primary_id}")


def test_the_whole_log_can_be_read_a_page_at_a_time(organiser, settings):
    async def write(d):
        async with d.transaction() as conn:
            for n in range(450):
                await audit.log(conn, "test", "entry", str(n))
    with_db(settings, write)
    total = with_db(settings, lambda d: d.fetchone("SELECT COUNT(*) AS n FROM events"))["n"]
    seen = []
    for number in (1, 2, 3):
        page = organiser.get(f"/o/events?page={number}")
        assert page.status_code == 200 and f"Page {number} of 3" in page.text
        seen += [e.id for e in page.context["events"]]
    assert seen == sorted(seen, reverse=True) and len(set(seen)) == total  # every entry, once
    assert "next page" in organiser.get("/o/events").text
    assert organiser.get("/o/events?page=9").context["page"].number == 3
    r = organiser.get("/o/events?page=x")
    assert r.status_code == 400 and "Pages are numbered from 1." in r.text


def test_a_backup_taken_while_a_vote_is_open_says_what_it_reveals(live, tmp_path, capsys):
    assert cli.main(["backup", str(tmp_path / "during.sqlite3")]) == 0
    assert "a vote is open" in capsys.readouterr().err
    with_db(_settings_for(live), _close_every_vote)
    assert cli.main(["backup", str(tmp_path / "after.sqlite3")]) == 0
    assert "vote is open" not in capsys.readouterr().err


def _settings_for(path):
    from app import Settings

    return Settings(path, "test-secret-" + "x" * 20)


async def _close_every_vote(database) -> None:
    from votes import store

    for p in await store.primaries(database):
        await store.set_phase(database, p.id, "close", "test")
