"""An organiser turns a ward's doorstep answers into themes in a real browser: finds them,
merges two, renames one, and sees the shortlist follow."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import create_ward, problems
from tests.browser.test_canvass import SHOTS
from tests.programme.theme_data import real_answers

ANSWERS = 300


def import_answers(page, server, folder: Path, answers: int = ANSWERS) -> None:
    """A paper round of real answers, through the CSV import."""
    path = folder / "round.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["ward", "street", "date", "good", "improve", "invited"])
        for text in real_answers(answers):
            out.writerow(["Tulse Hill", "Acre Lane", date.today().isoformat(), "", text, "no"])
    page.goto(f"{server.url}/o/answers")
    page.get_by_label("CSV file").set_input_files(path)
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#imported")).to_contain_text(f"Imported {answers} answers")


def test_an_organiser_finds_merges_and_renames_themes(server, browser, tmp_path):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    create_ward(page, server)
    import_answers(page, server, tmp_path)

    page.get_by_role("link", name="themes", exact=True).click()
    expect(page.get_by_role("heading", name="Themes in Tulse Hill")).to_be_visible()
    assert not problems(page)
    page.get_by_label("Number of themes").fill("12")
    # Hold the first submit back, as a slow big ward would: the page says it is working and a
    # second click cannot start a second run; then send it.
    page.evaluate("window.held = e => e.preventDefault(); document.querySelector('form.finds')"
                  ".addEventListener('submit', window.held, {capture: true, once: true})")
    page.get_by_role("button", name="Find themes").click()
    expect(page.get_by_role("status")).to_contain_text("Finding themes in 300 answers")
    expect(page.get_by_role("button", name="Find themes")).to_have_attribute("aria-disabled",
                                                                             "true")
    page.evaluate("document.querySelector('form.finds').submit()")
    expect(page.get_by_role("status")).to_contain_text("Themes found", timeout=30_000)

    shortlist = page.locator("#shortlist li")
    expect(shortlist).to_have_count(5)
    themes = page.locator("article.theme")
    expect(themes).to_have_count(12)
    before = [s.split(" · ")[0] for s in shortlist.all_inner_texts()]
    first, second = (themes.filter(has=page.locator(".shortlisted", has_text=f"Shortlist {n}"))
                     for n in (1, 2))
    assert first.locator(".label").inner_text() == before[0]
    assert second.locator(".label").inner_text() == before[1]
    first_name = first.get_attribute("aria-label")  # "Theme 3": its rank among all themes
    assert not problems(page)  # the themes, the shortlist and the forms
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "themes-found.png", full_page=True)
    page.screenshot(path=SHOTS / "themes-page.png")  # the top of it, for the docs

    # The second demand on the shortlist is the first in other words: merge them; another
    # theme moves up into the shortlist.
    page.get_by_label("Theme to merge", exact=True).select_option(
        label=f"{second.get_attribute('aria-label')[6:]}. {before[1]}")
    page.get_by_label("Theme to merge it into").select_option(
        label=f"{first_name[6:]}. {before[0]}")
    page.get_by_role("button", name="Merge", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Themes merged.")
    expect(themes).to_have_count(11)
    expect(shortlist).to_have_count(5)
    after = [s.split(" · ")[0] for s in shortlist.all_inner_texts()]
    assert set(before[2:]) <= set(after)  # the others stay ...
    assert len(set(after) - set(before)) >= 1  # ... and one moves up

    # And the merged theme, first on the shortlist, gets a name a resident would recognise.
    merged = themes.filter(has=page.locator(".shortlisted", has_text="Shortlist 1"))
    number = merged.get_attribute("aria-label")[6:]
    merged.get_by_text("Change this theme").click()
    merged.get_by_label(f"New name for theme {number}").fill("Roads, traffic and parking")
    merged.get_by_role("button", name="Rename").click()
    expect(page.get_by_role("status")).to_have_text("Theme renamed.")
    expect(shortlist).to_have_count(5)
    expect(shortlist.first).to_contain_text("Roads, traffic and parking")
    renamed = page.get_by_role("article", name=f"Theme {number}", exact=True)
    expect(renamed.locator(".label")).to_have_text("Roads, traffic and parking")
    expect(renamed).to_contain_text("Shortlist 1")
    expect(renamed).to_contain_text("renamed by an organiser")
    page.screenshot(path=SHOTS / "themes-edited.png", full_page=True)

    # A re-cluster is only a preview until confirmed: keeping the themes keeps the edits.
    page.get_by_role("button", name="Preview a re-cluster").click()
    preview = page.locator("#preview")
    expect(preview).to_contain_text("Your names and marks would be lost on: Roads, traffic",
                                    timeout=30_000)
    preview.screenshot(path=SHOTS / "themes-preview.png")
    page.get_by_role("link", name="Keep the themes as they are").click()
    expect(shortlist.first).to_contain_text("Roads, traffic and parking")

    # One answer of the second theme is about something else: move it.
    renamed.get_by_role("link", name="residents").click()
    first_answer = page.locator("tbody tr").first
    moved = first_answer.locator("td").first.inner_text()
    first_answer.get_by_role("combobox").select_option(label="No demand")
    first_answer.get_by_role("button", name="Move").click()
    expect(page.get_by_role("status")).to_have_text("Answer moved.")
    assert not problems(page)  # a theme's answers, each with its own move form
    # The part moved is no row's part any more (its answer's other parts may stay, quoted whole).
    parts = [cell.splitlines()[0] for cell in
             page.locator("tbody tr").locator("td:first-child").all_inner_texts()]
    assert moved.splitlines()[0] not in parts
    page.screenshot(path=SHOTS / "theme-answers.png", full_page=False)


def test_an_edit_from_a_page_another_organiser_has_changed_since_is_refused(server, browser,
                                                                          tmp_path):
    """Two organisers have the themes open; the first renames a theme. The second's change, made
    from the page as it was, is not saved: the page says why and shows the first one's name."""
    first = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    create_ward(first, server)
    import_answers(first, server, tmp_path, 60)
    first.get_by_role("link", name="themes", exact=True).click()
    first.get_by_role("button", name="Find themes").click()
    expect(first.get_by_role("status")).to_contain_text("Themes found", timeout=30_000)
    second = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    second.goto(server.login_link("second@example.org"))
    second.get_by_role("button", name="Log in").click()
    second.goto(first.url)

    def rename(page, name: str) -> None:
        theme = page.get_by_role("article", name="Theme 1", exact=True)
        theme.get_by_text("Change this theme").click()
        theme.get_by_label("New name for theme 1").fill(name)
        theme.get_by_role("button", name="Rename").click()

    rename(first, "Safer crossings")
    expect(first.get_by_role("status")).to_have_text("Theme renamed.")
    rename(second, "Street lights")
    expect(second.get_by_role("alert")).to_contain_text(
        "Someone else changed this ward's themes after you opened this page")
    label = second.get_by_role("article", name="Theme 1", exact=True).locator(".label")
    expect(label).to_have_text("Safer crossings")  # the themes as they now are
    assert not problems(second)
    SHOTS.mkdir(parents=True, exist_ok=True)
    second.screenshot(path=SHOTS / "themes-changed-meanwhile.png")
    rename(second, "Safer crossings and street lights")  # from the page as it now is
    expect(second.get_by_role("status")).to_have_text("Theme renamed.")
    expect(label).to_have_text("Safer crossings and street lights")
