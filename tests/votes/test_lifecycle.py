"""A vote's lifecycle through HTTP: setup -> open -> closed -> counted -> published. One row for
every action in every phase, allowed or refused, so that removing any one rule fails a row; a
refused action says why (409) and changes nothing."""

from types import SimpleNamespace

import pytest

import db as database
from primary import demo
from tests.conftest import run, with_db
from votes import ballots, phases, store, tally

PHASES = [phases.SETUP, phases.OPEN, phases.CLOSED, phases.COUNTED, phases.PUBLISHED]

# Where each action is allowed; everywhere else it is refused.
ALLOWED = {
    "edit": {phases.SETUP},
    "open": {phases.SETUP},
    "activate": {phases.SETUP, phases.OPEN},
    "vote": {phases.OPEN},
    "close": {phases.OPEN},
    "count": {phases.CLOSED},
    "reveal": {phases.COUNTED, phases.PUBLISHED},
    "publish": {phases.COUNTED},
    "results": {phases.PUBLISHED},
}


async def _reach(settings, phase: str) -> demo.Report:
    """A demo vote driven to `phase` through the store, one card having voted. Its `closed`
    phase is what a server killed between closing and counting leaves behind."""
    report = await demo.create(settings, cards=20, activate=10)
    db = await database.connect(settings.db_path)
    try:
        vote = report.primary_id
        steps = PHASES.index(phase)
        if steps >= 1:
            await store.set_phase(db, vote, "open", "test")
            serial, code = report.activated_codes[0]
            first = (await store.candidates(db, vote))[0].id
            await _cast(db, vote, code, first)
        if steps >= 2:
            await store.set_phase(db, vote, "close", "test")
        if steps >= 3:
            await tally.count_and_save(db, vote, "test")
        if steps >= 4:
            await store.set_phase(db, vote, "publish", "test")
    finally:
        await db.close()
    return report


async def _cast(db, vote: int, code: str, option: int):
    from votes import ballot_box

    card = await ballot_box.card_by_code(db, code)
    await ballot_box.cast(db, vote, card.id, ballots.receipt(code, vote), [option])


def _state(settings, vote: int) -> tuple:
    async def read(db):
        return (phases.phase(await store.primary(db, vote)),
                await db.fetchval("SELECT COUNT(*) FROM ballots WHERE primary_id = ?", (vote,)),
                await db.fetchval("SELECT COUNT(activated_at) FROM cards"),
                await db.fetchval("SELECT COUNT(*) FROM candidates WHERE primary_id = ?",
                                  (vote,)))
    return with_db(settings, read)


def _try(action: str, c, report: demo.Report) -> tuple[bool, object]:
    """Do `action` as its user would; returns (done, response)."""
    vote = report.primary_id
    page = f"/o/primaries/{vote}"
    if action == "edit":
        r = c.submit(f"{page}/candidates", {"name": "Dee"})
        return r.status_code == 303, r
    if action in ("open", "count", "publish"):
        r = c.submit(f"{page}/{action}")
        return r.status_code == 303, r
    if action == "close":
        r = c.submit(f"{page}/close", {"confirm": "yes"})
        return r.status_code == 303, r
    if action == "activate":
        r = c.submit(f"/s/{report.steward_token}", {"serials": "15"})
        return r.status_code == 200 and r.context["result"].activated == [15], r
    if action == "vote":
        code = report.activated_codes[1][1]
        option = c.get(f"/v/{code}").context["candidates"][0].id
        r = c.submit(f"/v/{code}/cast", {"rank1": str(option), "primary_id": str(vote)})
        return r.status_code == 200 and r.template.name == "hall/voted.html", r
    if action == "reveal":
        r = c.get(f"{page}/projector?round=1")
        assert r.status_code == 200
        return "bars" in r.context, r
    if action == "results":
        pages = [c.get(f"/results/{vote}{suffix}") for suffix in
                 ("", "/result.json", "/rctab.json", "/ballots.csv", "/ballots.blt")]
        statuses = {r.status_code for r in pages}
        assert len(statuses) == 1, "the results page and its downloads agree"
        return statuses == {200}, pages[0]
    raise AssertionError(action)


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("action", list(ALLOWED))
def test_every_action_in_every_phase(organiser, settings, phase, action):
    report = run(_reach(settings, phase))
    assert _state(settings, report.primary_id)[0] == phase
    before = _state(settings, report.primary_id)
    done, r = _try(action, organiser, report)
    assert done is (phase in ALLOWED[action]), (phase, action, r.status_code)
    if not done and action != "reveal":
        assert r.status_code == 409, (phase, action, r.status_code)
        assert _state(settings, report.primary_id) == before, "a refused action changes nothing"


def test_the_table_covers_every_rule():
    assert set(ALLOWED) == set(phases._RULES)
    for action, where in ALLOWED.items():
        assert phases._RULES[action][0] == where


@pytest.mark.parametrize("phase", PHASES)
def test_phase_rules_match_the_table(phase):
    stamps = {"opened_at": None, "closed_at": None, "counted_at": None, "published_at": None}
    for column in ("opened_at", "closed_at", "counted_at", "published_at")[:PHASES.index(phase)]:
        stamps[column] = "2026-12-01T19:00:00+00:00"
    vote = SimpleNamespace(**stamps)
    assert phases.phase(vote) == phase
    for action, where in ALLOWED.items():
        assert phases.allowed(vote, action) is (phase in where)


def test_a_count_that_fails_keeps_the_vote_closed_and_can_be_retried(organiser, settings,
                                                                     monkeypatch):
    report = run(_reach(settings, phases.OPEN))
    vote = report.primary_id
    page = f"/o/primaries/{vote}"

    def broken(*args, **kw):
        raise RuntimeError("the count stopped half way")
    monkeypatch.setattr(tally.counting, "count_primary", broken)
    r = organiser.submit(f"{page}/close", {"confirm": "yes"})
    assert r.status_code == 503 and "count did not finish" in r.context["error"]
    assert r.context["phase"] == phases.CLOSED and f'action="{page}/count"' in r.text
    for url in (f"/results/{vote}", f"/results/{vote}/result.json", f"/results/{vote}/rctab.json"):
        assert organiser.get(url).status_code == 409
    assert organiser.submit(f"{page}/publish").status_code == 409
    monkeypatch.undo()
    assert organiser.submit(f"{page}/count").status_code == 303
    assert organiser.submit(f"{page}/publish").status_code == 303
    for url in (f"/results/{vote}", f"/results/{vote}/result.json", f"/results/{vote}/rctab.json"):
        assert organiser.get(url).status_code == 200
    assert organiser.get(f"/results/{vote}/result.json").json()["ballots"] == 1


def test_a_vote_stamped_published_without_a_count_is_not_shown(organiser, settings):
    """A row published but never counted (an older version allowed it): no page may 500."""
    report = run(_reach(settings, phases.CLOSED))
    vote = report.primary_id
    async def stamp_published(db):
        async with db.transaction() as conn:
            await conn.execute("UPDATE primaries SET published_at = '2026-12-01T21:00:00+00:00'"
                               " WHERE id = ?", (vote,))
    with_db(settings, stamp_published)
    assert _state(settings, vote)[0] == phases.CLOSED
    for url in (f"/results/{vote}", f"/results/{vote}/result.json", f"/results/{vote}/rctab.json",
                f"/o/primaries/{vote}/projector?round=1", f"/o/primaries/{vote}", "/"):
        assert organiser.get(url).status_code in (200, 409), url
    assert organiser.submit(f"/o/primaries/{vote}/count").status_code == 303
    assert organiser.get(f"/results/{vote}/rctab.json").status_code == 200


def test_cards_issued_never_move_once_a_vote_has_closed(organiser, settings):
    report = run(_reach(settings, phases.PUBLISHED))
    vote = report.primary_id
    issued = organiser.get(f"/results/{vote}").context["turnout"].issued
    # a second vote at the meeting lets the door open again, for that vote only
    r = organiser.submit(f"/o/meetings/{report.meeting_id}/primaries",
                         {"title": "Second vote", "seats": "1"})
    assert r.status_code == 303
    r = organiser.submit(f"/s/{report.steward_token}", {"serials": "15"})
    assert r.context["result"].activated == [15]
    assert organiser.get(f"/results/{vote}").context["turnout"].issued == issued
