"""An area organiser's evening in the browser: sees only the area given, and logging out ends
the session for a copied cookie too."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import create_ward


def test_an_area_organiser_sees_only_that_area_and_log_out_ends_the_session(server, browser):
    chair = browser.new_page()
    create_ward(chair, server)  # the organiser of everything makes Brixton
    chair.get_by_label("Area name").fill("Camden")
    chair.get_by_role("button", name="Create area").click()
    expect(chair.get_by_role("strong").filter(has_text="Camden")).to_be_visible()
    link = next(w for w in server.cli("organiser", "add", "ana@example.org", "--area",
                                      "Brixton").split() if "/login/" in w)
    laptop = browser.new_context()
    page = laptop.new_page()
    page.goto(link)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Organiser")).to_be_visible()
    expect(page.get_by_role("strong").filter(has_text="Brixton")).to_be_visible()
    expect(page.get_by_text("Camden")).to_have_count(0)  # not listed, not offered
    copied = laptop.cookies()
    page.get_by_role("button", name="Log out").click()
    thief = browser.new_context()
    thief.add_cookies(copied)
    stolen = thief.new_page()
    stolen.goto(server.url + "/o")
    expect(stolen.get_by_role("heading", name="Organiser", exact=True)).to_have_count(0)
    assert stolen.url.endswith("/login")
