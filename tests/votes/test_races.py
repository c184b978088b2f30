"""Races against a real server: one card cast 50 times at once, casts racing the close, two
stewards activating the same stack. Truly concurrent requests, one thread per phone."""

from __future__ import annotations

import re
import threading
import time

import pytest

import accounts
from primary import demo
from tests.browser.conftest import Server
from tests.conftest import run, with_db
from tests.phones import Phone, ballot, in_parallel, organiser, phone_for, settings_of
from votes import ballots


@pytest.fixture
def server(tmp_path):
    s = Server(tmp_path)
    yield s
    s.stop()


def receipts_in_box(settings, primary_id: int) -> list[str]:
    rows = with_db(settings, lambda d: d.fetchall(
        "SELECT receipt FROM ballots WHERE primary_id = ?", (primary_id,)))
    return [r["receipt"] for r in rows]


def test_fifty_casts_of_one_card_make_one_ballot(server):
    settings = settings_of(server)
    report = run(demo.create(settings, cards=5, activate=1, open_vote=True))
    _, code = report.activated_codes[0]
    form = ballot(settings, report)
    phones = [phone_for(server.url, code) for _ in range(50)]
    start = threading.Barrier(50)

    def cast(phone: Phone) -> int:
        start.wait()
        return phone.post(f"/v/{code}/cast", form).status_code

    statuses = in_parallel(cast, phones)
    assert sorted(statuses) == [200] + [409] * 49
    assert receipts_in_box(settings, report.primary_id) == [
        ballots.receipt(code, report.primary_id)]
    voted = with_db(settings, lambda d: d.fetchval(
        "SELECT COUNT(*) FROM voted WHERE primary_id = ?", (report.primary_id,)))
    assert voted == 1


def test_no_ballot_is_accepted_after_the_close_is_acknowledged(server):
    settings = settings_of(server)
    report = run(demo.create(settings, cards=300, activate=300, open_vote=True))
    form = ballot(settings, report)
    phones = {code: phone_for(server.url, code) for _, code in report.activated_codes}
    chair = organiser(server.url, report.login_token)
    chair.get(f"/o/primaries/{report.primary_id}")
    enough = threading.Event()
    acknowledged = []
    closed = {}

    def cast(code: str) -> tuple[str, float, int]:
        sent = time.monotonic()
        status = phones[code].post(f"/v/{code}/cast", form).status_code
        if status == 200:
            acknowledged.append(code)
            if len(acknowledged) >= 60:
                enough.set()
        return code, sent, status

    def close() -> None:
        enough.wait(30)
        r = chair.post(f"/o/primaries/{report.primary_id}/close", {"confirm": "yes"})
        closed["at"], closed["status"] = time.monotonic(), r.status_code

    closer = threading.Thread(target=close)
    closer.start()
    casts = in_parallel(cast, list(phones), workers=20)
    closer.join()

    assert closed["status"] == 303
    statuses = [status for _, _, status in casts]
    assert set(statuses) <= {200, 409}
    assert 60 <= statuses.count(200) < 300, "the close landed in the middle of the casting"
    after = [status for _, sent, status in casts if sent > closed["at"]]
    assert after and set(after) == {409}, "every cast sent after the close was acknowledged"
    box = set(receipts_in_box(settings, report.primary_id))
    accepted = {ballots.receipt(code, report.primary_id) for code, _, s in casts if s == 200}
    assert box == accepted, "every acknowledged ballot is in the box, and nothing else"
    result = with_db(settings, lambda d: d.fetchval(
        "SELECT result FROM primaries WHERE id = ?", (report.primary_id,)))
    assert f'"ballots": {len(accepted)}' in result, "the count saw every acknowledged ballot"


def test_two_stewards_activating_the_same_cards_activate_each_once(server):
    settings = settings_of(server)
    report = run(demo.create(settings, cards=100, activate=0))
    second = run(_second_steward(settings, report.meeting_id))
    doors = [Phone(server.url) for _ in range(2)]
    for door, token in zip(doors, (report.steward_token, second), strict=True):
        assert door.get(f"/s/{token}").status_code == 200
    jobs = [(door, token, serial) for serial in range(1, 101)
            for door, token in zip(doors, (report.steward_token, second), strict=True)]

    def activate(job) -> bool:
        door, token, serial = job
        page = door.post(f"/s/{token}", {"serials": str(serial)})
        assert page.status_code == 200
        return bool(re.search(rf"Activated: {serial}<", page.text))

    activated = in_parallel(activate, jobs, workers=20)
    assert activated.count(True) == 100, "each card is reported activated by exactly one steward"
    issued = with_db(settings, lambda d: d.fetchval(
        "SELECT COUNT(activated_at) FROM cards WHERE meeting_id = ?", (report.meeting_id,)))
    assert issued == 100
    logged = with_db(settings, lambda d: d.fetchall(
        "SELECT detail FROM events WHERE kind = 'cards activated' AND detail LIKE ?",
        (f"meeting {report.meeting_id}:%",)))
    assert sum(int(re.search(r": (\d+) cards", e["detail"]).group(1)) for e in logged) == 100


async def _second_steward(settings, meeting_id: int) -> str:
    import db

    database = await db.connect(settings.db_path)
    try:
        link = await accounts.create_link(database, settings.secret_key, meeting_id, "steward",
                                          "test")
    finally:
        await database.close()
    return link.token
