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


def test_two_tellers_who_read_a_paper_ballot_differently_both_see_it_and_so_does_the_organiser(
        server, browser, playwright):
    from tests.browser.test_languages import open_evening

    laptop = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    ballots = open_evening(laptop, server, browser, playwright)
    laptop.goto(server.url + "/o/meetings/1")
    code = ballots[0].rsplit("/", 1)[-1]
    tellers = []
    for reading in (["Ana Okafor", "Ben Hughes"], ["Ben Hughes", "Ana Okafor"]):
        laptop.get_by_role("button", name="New teller link").click()
        link = laptop.get_by_label("teller link").input_value()
        teller = browser.new_context(**playwright.devices["Pixel 5"]).new_page()
        teller.goto(link)
        teller.get_by_label("Card code").fill(code)
        for i, name in enumerate(reading, 1):
            teller.get_by_label(f"{'1st' if i == 1 else '2nd'} choice").select_option(label=name)
        teller.get_by_role("button", name="Enter paper ballot").click()
        tellers.append(teller)
    expect(tellers[1].get_by_role("heading", name="The two entries differ")).to_be_visible()
    expect(tellers[1].locator("dl.entries")).to_contain_text("1 Ana Okafor, 2 Ben Hughes")
    tellers[0].get_by_role("link", name="Enter the next paper ballot").click()
    expect(tellers[0].get_by_role("alert")).to_contain_text("1 paper ballot not counted")
    expect(tellers[0].get_by_text("Card No. 0001: you: 1 Ana Okafor")).to_be_visible()
    laptop.goto(server.url + "/o/primaries/1")
    expect(laptop.get_by_role("heading", name="Entries that differ")).to_be_visible()
    expect(laptop.locator("#voted")).to_have_text("0")
    # the first teller looks at the paper again: it was Ben first
    tellers[0].get_by_label("Card code").fill(code)
    tellers[0].get_by_label("1st choice").select_option(label="Ben Hughes")
    tellers[0].get_by_label("2nd choice").select_option(label="Ana Okafor")
    tellers[0].get_by_role("button", name="Enter paper ballot").click()
    expect(tellers[0].get_by_role("heading", name="Paper ballot counted")).to_be_visible()
    laptop.reload()
    expect(laptop.locator("#voted")).to_have_text("1")
    expect(laptop.get_by_role("heading", name="Entries that differ")).to_have_count(0)


def test_large_print_paper_ballots_come_two_to_a_sheet_in_16_point(server, browser):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    create_meeting(page, server)
    page.get_by_role("link", name="Tulse Hill primary").click()
    for name in ("Ana Okafor", "Ben Hughes", "Cy Mensah", "Dee Adeyemi", "Eli Novak"):
        page.get_by_label("Name", exact=True).fill(name)
        page.get_by_role("button", name="Add candidate").click()
    page.get_by_role("link", name="Print paper ballots for this vote").click()
    page.get_by_role("link", name="Large print, two to a sheet").click()
    ballots = page.locator(".paper-ballot")
    expect(ballots).to_have_count(2)
    size = ballots.first.locator("table.paper").evaluate("e => getComputedStyle(e).fontSize")
    assert float(size.removesuffix("px")) >= 21, size  # 16 pt
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "paper-ballots-large.png"))
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 1, "two large ballots on one page"
