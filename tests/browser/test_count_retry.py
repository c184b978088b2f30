"""A server killed between closing a vote and counting it: after a restart the vote is closed and
uncounted, nothing is public, and the chair counts it from the vote's page, then publishes."""

import signal
import sqlite3

from playwright.sync_api import expect

from tests.browser.conftest import Server, create_meeting


def test_a_vote_closed_but_never_counted_is_counted_from_its_page(server, browser, tmp_path):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    create_meeting(page, server)
    page.get_by_role("link", name="Tulse Hill primary").click()
    vote_page = page.url
    for name in ("Ana Okafor", "Ben Hughes"):
        page.get_by_label("Name", exact=True).fill(name)
        page.get_by_role("button", name="Add candidate").click()
    page.get_by_role("button", name="Open voting").click()
    expect(page.get_by_text("Voting is open", exact=True)).to_be_visible()
    vote_id = vote_page.rsplit("/", 1)[1]
    # what the close's own transaction commits, then the server dies before the count
    with sqlite3.connect(server.env["HUSTINGS_DB"]) as db:
        db.execute("UPDATE primaries SET closed_at = '2026-12-01T21:00:00+00:00', issued = 0"
                   " WHERE id = ?", (vote_id,))
    server.proc.send_signal(signal.SIGKILL)
    server.proc.wait(10)
    server.log.close()
    again = Server(tmp_path)
    try:
        for path in ("", "/result.json", "/rctab.json"):
            r = page.request.get(f"{again.url}/results/{vote_id}{path}")
            assert r.status == 409, path  # not published, and no 500
        page.goto(again.url + vote_page.split(server.url, 1)[1])
        expect(page.get_by_text("Voting closed, not counted yet")).to_be_visible()
        expect(page.get_by_role("button", name="Publish results and anonymised ballots")) \
            .to_have_count(0)
        page.get_by_role("button", name="Count the votes").click()
        expect(page.get_by_role("link", name="Reveal round 1 →")).to_be_visible()
        page.go_back()
        page.reload()
        expect(page.get_by_text("Voting closed and counted")).to_be_visible()
        page.get_by_role("button", name="Publish results and anonymised ballots").click()
        page.get_by_role("link", name="Public results page").click()
        expect(page.get_by_role("heading", name="Elected")).to_be_visible()
        assert page.request.get(f"{again.url}/results/{vote_id}/rctab.json").status == 200
    finally:
        again.stop()
