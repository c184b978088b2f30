"""An organiser turns a ward's doorstep answers into themes in a real browser: finds them,
merges two, renames one, and sees the shortlist follow."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.test_canvass import SHOTS
from tests.programme.theme_data import real_answers

ANSWERS = 300


def import_answers(page, server, folder: Path) -> None:
    """A paper round of real answers, through the CSV import."""
    path = folder / "round.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["ward", "street", "date", "good", "improve", "invited"])
        for text in real_answers(ANSWERS):
            out.writerow(["Tulse Hill", "Acre Lane", date.today().isoformat(), "", text, "no"])
    page.goto(f"{server.url}/o/answers")
    page.get_by_label("CSV file").set_input_files(path)
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#imported")).to_contain_text(f"Imported {ANSWERS} answers")


def test_an_organiser_finds_merges_and_renames_themes(server, browser, tmp_path):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(server.login_link())
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Area name").fill("Brixton")
    page.get_by_role("button", name="Create area").click()
    page.get_by_label("Ward name").fill("Tulse Hill")
    page.get_by_role("button", name="Create ward").click()
    import_answers(page, server, tmp_path)

    page.get_by_role("link", name="themes", exact=True).click()
    expect(page.get_by_role("heading", name="Themes in Tulse Hill")).to_be_visible()
    page.get_by_label("Number of themes").fill("12")
    page.get_by_role("button", name="Find themes").click()
    expect(page.get_by_role("status")).to_contain_text("Themes found", timeout=30_000)

    shortlist = page.locator("#shortlist li")
    expect(shortlist).to_have_count(5)
    themes = page.locator("article.theme")
    expect(themes).to_have_count(12)
    label = [themes.nth(i).locator(".label").inner_text() for i in range(6)]
    assert [s.split(" · ")[0] for s in shortlist.all_inner_texts()] == label[:5]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "themes-found.png", full_page=True)

    # The second theme is the first one in other words: merge it in; the sixth moves up.
    page.get_by_label("Theme to merge", exact=True).select_option(label=f"2. {label[1]}")
    page.get_by_label("Theme to merge it into").select_option(label=f"1. {label[0]}")
    page.get_by_role("button", name="Merge", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Themes merged.")
    expect(themes).to_have_count(11)
    expect(shortlist).to_have_count(5)
    expect(page.locator("#shortlist")).not_to_contain_text(label[1])
    expect(page.locator("#shortlist")).to_contain_text(label[5])

    # And the merged theme gets a name a resident would recognise.
    first = page.get_by_role("article", name="Theme 1", exact=True)
    first.get_by_text("Change this theme").click()
    first.get_by_label("New name for theme 1").fill("Roads, traffic and parking")
    first.get_by_role("button", name="Rename").click()
    expect(page.get_by_role("status")).to_have_text("Theme renamed.")
    expect(shortlist.first).to_contain_text("Roads, traffic and parking")
    expect(page.get_by_role("article", name="Theme 1", exact=True).locator(".label")).to_have_text(
        "Roads, traffic and parking")
    expect(page.get_by_role("article", name="Theme 1", exact=True)).to_contain_text("Shortlist 1")
    page.screenshot(path=SHOTS / "themes-edited.png", full_page=True)
