"""Paper ballots in a real browser: the organiser prints one A4 sheet of four for a vote."""

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import create_meeting

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def test_the_organiser_prints_a_sheet_of_paper_ballots(server, browser):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    create_meeting(page, server)
    page.get_by_role("link", name="Tulse Hill primary").click()
    expect(page.get_by_role("link", name="Print paper ballots for this vote")).to_have_count(0)
    for name in ("Ana Okafor", "Ben Hughes", "Cy Mensah"):
        page.get_by_label("Name", exact=True).fill(name)
        page.get_by_role("button", name="Add candidate").click()
    page.get_by_role("link", name="Print paper ballots for this vote").click()
    ballots = page.locator(".paper-ballot")
    expect(ballots).to_have_count(4)
    expect(ballots.first.locator("td:not(.box)")).to_have_text(
        ["Ana Okafor", "Ben Hughes", "Cy Mensah"])
    expect(ballots.first).to_contain_text("Hand this, with your voting card, to a teller.")
    page.emulate_media(media="print")
    expect(page.get_by_role("link", name="Back to Tulse Hill primary")).to_be_hidden()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 794, "height": 1123})
    page.screenshot(path=str(SHOTS / "paper-ballots.png"))
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 1, "four ballots on one A4 page"
