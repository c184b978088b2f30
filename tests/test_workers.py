"""Several workers on one database keep every guarantee: each app below is one worker (its own
connections, its own memory), as uvicorn --workers or a second host would run it."""

from __future__ import annotations

from contextlib import ExitStack

import pytest

import accounts
import db
from app import create_app
from primary import demo
from programme import programme_demo
from tests.conftest import Client, run, with_db
from tests.phones import ballot
from votes import hall_routes

WRONG = hall_routes.WRONG_PER_ADDRESS.amount


def workers(stack: ExitStack, settings, n: int) -> list[Client]:
    return [stack.enter_context(Client(create_app(settings), follow_redirects=False))
            for _ in range(n)]


def test_two_workers_share_one_limit_on_wrong_card_codes(settings):
    with ExitStack() as stack:
        first, second = workers(stack, settings, 2)
        answers = [(first if i % 2 else second).get(f"/v/{i:016d}").status_code
                   for i in range(WRONG + 2)]
    assert answers[:WRONG] == [404] * WRONG
    assert answers[WRONG:] == [429, 429], "the second worker counts the first one's wrong codes"


def test_a_card_votes_once_whichever_worker_it_reaches(settings):
    e = run(demo.create(settings, cards=5, activate=5, open_vote=True))
    code = e.activated_codes[0][1]
    with ExitStack() as stack:
        phones = workers(stack, settings, 2)
        for phone in phones:
            phone.get(f"/v/{code}")
        first = phones[0].submit(f"/v/{code}/cast", ballot(settings, e))
        second = phones[1].submit(f"/v/{code}/cast", ballot(settings, e))
    assert first.status_code == 200
    assert second.status_code != 200
    assert with_db(settings, lambda d: d.fetchval("SELECT COUNT(*) FROM ballots")) == 1
    assert with_db(settings, lambda d: d.fetchval("SELECT COUNT(*) FROM voted")) == 1


def test_a_card_that_voted_on_one_worker_is_told_so_on_the_other(settings):
    e = run(demo.create(settings, cards=2, activate=2, open_vote=True))
    code = e.activated_codes[0][1]
    with ExitStack() as stack:
        first, second = workers(stack, settings, 2)
        for phone in (first, second):
            assert phone.get(f"/v/{code}").template.name == "hall/ballot.html"
        assert first.submit(f"/v/{code}/cast", ballot(settings, e)).status_code == 200
        again = second.get(f"/v/{code}")
    assert again.template.name == "hall/voted.html", "not the ballot again, to be refused"


def test_a_frozen_programme_never_changes_on_either_database(settings):
    e = run(demo.create(settings, cards=1))
    run(programme_demo.create(settings, e.ward_id))
    frozen = with_db(settings, lambda d: d.fetchval(
        "SELECT COUNT(*) FROM demands WHERE version_id IN"
        " (SELECT id FROM versions WHERE frozen_at IS NOT NULL)"))
    assert frozen > 0

    async def tamper(database, sql):
        with pytest.raises(db.IntegrityError):
            async with database.transaction() as conn:
                await conn.execute(sql)

    for sql in ("UPDATE versions SET frozen_at = NULL",
                "DELETE FROM demands",
                "UPDATE pledges SET statement = 'changed' WHERE signed_at IS NOT NULL"):
        with_db(settings, lambda d, sql=sql: tamper(d, sql))
    assert with_db(settings, lambda d: d.fetchval(
        "SELECT COUNT(*) FROM demands WHERE version_id IN"
        " (SELECT id FROM versions WHERE frozen_at IS NOT NULL)")) == frozen


def test_two_workers_share_the_limits_on_online_responses(settings, monkeypatch):
    """Per browser and per address: a refused response changes nothing, whichever worker."""
    from limits import parse

    from broadcast import public_routes
    from tests.broadcast.test_highlights_http import publish, totals

    monkeypatch.setattr(public_routes, "PER_RESIDENT", parse("3/minute"))
    monkeypatch.setattr(public_routes, "PER_ADDRESS", parse("5/minute"))
    token = with_db(settings, lambda d: accounts.add_organiser(d, "org@example.org"))
    with ExitStack() as stack:
        first, second = workers(stack, settings, 2)
        first.get(f"/login/{token}")
        first.submit(f"/login/{token}")
        highlight = publish(first)
        for worker in (first, second):
            worker.cookies.set("resident", "one-browser-on-two-workers")
        second.csrf(f"/h/{highlight}")

        def respond(worker, stance):
            return worker.submit(f"/h/{highlight}/respond", {"stance": stance}).status_code

        same_browser = [respond(w, s) for w, s in [(first, "support"), (second, "oppose"),
                                                     (first, "oppose"), (second, "support")]]
        assert same_browser == [303, 303, 303, 429]
        assert totals(first, highlight)["oppose"] == 1, "the refused 'support' was not saved"
        # Same address (the test client's), new browsers: 4 attempts counted, 1 more, then none.
        others = []
        for n, worker in enumerate([second, first, second]):
            worker.cookies.set("resident", f"another-browser-number-{n:04d}")
            others.append(respond(worker, "support"))
        assert others == [303, 429, 429]
        assert totals(first, highlight) == {"support": 1, "oppose": 1, "not sure": 0}
