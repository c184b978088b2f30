"""`hustings migrate-data`: a whole campaign from a SQLite file to PostgreSQL and back, every
table's rows and checksum equal, triggers and ids working on the copy."""

from __future__ import annotations

from pathlib import Path

import pytest

import cli
import db
import transfer
from app import Settings
from primary import demo
from programme import programme_demo
from tests.conftest import run, with_db


@pytest.fixture
def campaign(tmp_path) -> Settings:
    """A SQLite campaign: an evening with cards, a programme with a signed pledge."""
    settings = Settings(tmp_path / "campaign.sqlite3", "test-secret-" + "x" * 20)
    e = run(demo.create(settings, cards=20, activate=10, open_vote=True))
    run(programme_demo.create(settings, e.ward_id))
    return settings


def test_a_campaign_goes_to_postgresql_and_back_unchanged(campaign, fresh_postgres, tmp_path):
    there = run(transfer.copy(campaign.db_path, fresh_postgres))
    back = run(transfer.copy(fresh_postgres, tmp_path / "back.sqlite3"))
    source = with_db(campaign, transfer.check)
    assert there == back == source
    counts = {c.table: c.rows for c in source}
    assert counts["cards"] == 20 and counts["events"] > 0 and counts["pledges"] > 0
    assert set(counts) >= {"rate_hits", "voted", "ballots", "demands", "versions"}


def test_the_copy_on_postgresql_takes_new_rows_and_keeps_its_rules(campaign, fresh_postgres):
    run(transfer.copy(campaign.db_path, fresh_postgres))

    async def add_area_then_break_the_log(database):
        async with database.transaction() as conn:
            cur = await conn.execute("INSERT INTO areas (name, created_at) VALUES ('New', 'x')"
                                     " RETURNING id")
            fresh = (await cur.fetchone())[0]
        with pytest.raises(db.IntegrityError):
            async with database.transaction() as conn:
                await conn.execute("DELETE FROM events")
        return fresh

    fresh = with_db(Settings(fresh_postgres, "x"), add_area_then_break_the_log)
    highest = with_db(campaign, lambda d: d.fetchval("SELECT MAX(id) FROM areas"))
    assert fresh == highest + 1, "ids go on after the copied ones"


def test_migrate_data_refuses_a_database_that_holds_a_campaign(campaign, tmp_path, capsys):
    other = Settings(tmp_path / "other.sqlite3", "x")
    run(demo.create(other, cards=1))
    before = with_db(other, transfer.check)
    assert cli.main(["migrate-data", "--from", f"sqlite:///{campaign.db_path}",
                     "--to", f"sqlite:///{other.db_path}"]) == 2
    assert "already holds a campaign" in capsys.readouterr().err
    assert with_db(other, transfer.check) == before


def test_migrate_data_from_the_command_line(campaign, fresh_postgres, capsys):
    assert cli.main(["migrate-data", "--from", f"sqlite:///{campaign.db_path}",
                     "--to", fresh_postgres]) == 0
    out = capsys.readouterr().out
    assert "row count and checksum match" in out and "@" not in out.splitlines()[-1]


def test_sqlite_addresses_are_files():
    assert transfer.target("sqlite:///var/h.sqlite3") == Path("var/h.sqlite3")
    assert transfer.target("sqlite:////srv/h.sqlite3") == Path("/srv/h.sqlite3")
    assert transfer.target("postgresql://u@h/db") == "postgresql://u@h/db"
