"""The secret ballot on the stored file: after the close, neither the database file, its WAL nor
a backup pairs a card with its ballot better than chance (tests/raw_pages.py is the attack)."""

from __future__ import annotations

import random

import pytest

import db
from primary import demo
from tests.conftest import run
from tests.raw_pages import pair_cards_with_ballots
from votes import ballot_box, ballots, store

VOTERS = 40
# Matching two unrelated orders of 40 gets ~1 right (the fixed points of a random permutation);
# 9 or more happens about once in a million tries.
CHANCE = 8

pytestmark = pytest.mark.sqlite_file  # reads the SQLite file itself


async def _evening_voted_and_closed(settings, backup_to) -> tuple[int, dict[int, str]]:
    e = await demo.create(settings, cards=VOTERS, activate=VOTERS, open_vote=True)
    database = await db.connect(settings.db_path)
    try:
        truth = {}
        arrivals = list(e.activated_codes)
        random.shuffle(arrivals)  # phones arrive in any order, not by serial
        for _, code in arrivals:
            card = await ballot_box.card_by_code(database, code)
            receipt = ballots.receipt(code, e.primary_id)
            await ballot_box.cast(database, e.primary_id, card.id, receipt, [1, 2])
            truth[card.id] = receipt
        await store.set_phase(database, e.primary_id, "close", "test")
        db.backup(settings.db_path, backup_to)  # while the server still has the file open
        wal = settings.db_path.with_name(settings.db_path.name + "-wal")
        assert not wal.exists() or wal.stat().st_size == 0, "the WAL is emptied at the close"
    finally:
        await database.close()
    return e.primary_id, truth


def right_pairs(guess: dict[int, str], truth: dict[int, str]) -> int:
    return sum(truth.get(card) == receipt for card, receipt in guess.items())


def test_raw_pages_pair_no_card_with_its_ballot_after_the_close(settings, tmp_path):
    backup = tmp_path / "after-close.sqlite3"
    primary_id, truth = run(_evening_voted_and_closed(settings, backup))
    for path in (settings.db_path, backup):
        guess = pair_cards_with_ballots(path, primary_id)
        assert len(guess) == VOTERS, "the attack reads every row"
        assert right_pairs(guess, truth) <= CHANCE, path.name


def test_the_attack_pairs_cards_on_a_file_that_kept_arrival_order(settings, tmp_path):
    """The attack works where arrival order is left: a copy made before the close forgets it."""
    async def go():
        e = await demo.create(settings, cards=VOTERS, activate=VOTERS, open_vote=True)
        database = await db.connect(settings.db_path)
        truth = {}
        try:
            for _, code in random.sample(e.activated_codes, VOTERS):
                card = await ballot_box.card_by_code(database, code)
                truth[card.id] = ballots.receipt(code, e.primary_id)
                await ballot_box.cast(database, e.primary_id, card.id, truth[card.id],
                                      [1])
            await database.forget_old_pages()  # everything in the main file, nothing forgotten
        finally:
            await database.close()
        return e.primary_id, truth

    primary_id, truth = run(go())
    assert right_pairs(pair_cards_with_ballots(settings.db_path, primary_id), truth) == VOTERS
