"""Large text: at 200 % of the browser's text size and 320 px wide no resident page scrolls
sideways; ranking works from the keyboard alone, and a screen reader hears "Ana Okafor, ranked
1st"."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from playwright.sync_api import expect

from tests.browser.conftest import problems
from tests.browser.test_languages import open_evening
from tests.browser.test_programme import show_of_hands, sign, write_demands
from tests.phones import settings_of
from tests.programme import programme_seed

NARROW = {"viewport": {"width": 320, "height": 640}, "device_scale_factor": 2,
          "is_mobile": True, "has_touch": True}


def large_text(page):
    """The browser's own text-size setting at 200 % (16 px → 32 px), as a resident sets it."""
    page.context.new_cdp_session(page).send(
        "Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})


def sideways(page) -> str | None:
    """Why the page is wider than the phone, or None: the widest elements named."""
    width = page.evaluate("document.documentElement.scrollWidth")
    if width <= 320:
        return None
    wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().width > 320).slice(-3)
        .map(e => e.tagName + '.' + e.className)""")
    return f"{page.url}: {width} px wide ({wide})"


def test_every_resident_page_fits_320px_at_200_percent_text(server, browser, playwright):
    laptop = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    ballots = open_evening(laptop, server, browser, playwright)
    phone = browser.new_context(**NARROW).new_page()
    large_text(phone)
    wide, seen = [], []

    def check(url=None):
        if url:
            phone.goto(url)
        wide.append(sideways(phone))
        seen.append(phone.url)

    check(server.url + "/v")
    check(ballots[0])
    assert phone.evaluate("getComputedStyle(document.body).fontSize") == "36px"  # 1.125rem
    phone.get_by_role("button", name="Rank Ana Okafor").click()
    check()
    phone.get_by_role("button", name="Check my vote").click()
    check()
    phone.get_by_role("button", name="Cast this vote").click()
    expect(phone.get_by_role("heading", name="Thank you: your vote is in")).to_be_visible()
    check()
    check(ballots[-1])  # a card nobody activated: the status page
    for lang in ("es", "ar"):
        check(f"{ballots[1]}?lang={lang}")
    check(server.url + "/")
    check(server.url + "/wards/1")
    check(server.url + "/n/1")
    # the vote closes, is counted and published: the public results page
    laptop.goto(server.url + "/o/primaries/1")
    laptop.get_by_label("I am the chair").check()
    laptop.get_by_role("button", name="Close voting and count").click()
    laptop.goto(server.url + "/o/primaries/1")
    laptop.get_by_role("button", name="Publish results and anonymised ballots").click()
    check(server.url + "/results/1")
    check(server.url + "/results/1/sheet")
    expect(phone.locator("h1")).to_contain_text("Tulse Hill primary")
    assert [w for w in wide if w] == [], seen


def test_ranking_by_keyboard_alone_with_what_a_screen_reader_hears(server, browser, playwright):
    laptop = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    ballots = open_evening(laptop, server, browser, playwright)
    phone = browser.new_context(viewport={"width": 390, "height": 800}).new_page()
    phone.goto(ballots[0])
    expect(phone.get_by_role("button", name="Rank Ana Okafor 1st")).to_be_visible()
    # Tab to the first "Rank" button and press Enter; then rank Cy second, then move Cy up
    for _ in range(40):
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement.textContent") == "+ Ana Okafor":
            break
    phone.keyboard.press("Enter")
    ranked = phone.locator("#ranked li")
    expect(ranked.first.locator(".visually-hidden")).to_have_text("Ana Okafor, ranked 1st")
    for _ in range(40):
        phone.keyboard.press("Tab")
        if phone.evaluate("document.activeElement.textContent") == "+ Cy Mensah":
            break
    phone.keyboard.press("Enter")
    expect(ranked.nth(1).locator(".visually-hidden")).to_have_text("Cy Mensah, ranked 2nd")
    phone.get_by_role("button", name="Move Cy Mensah up").focus()
    phone.keyboard.press("Enter")
    expect(ranked.first.locator(".visually-hidden")).to_have_text("Cy Mensah, ranked 1st")
    # after a move the keyboard stays where it was: on a button of the ranked list
    assert phone.evaluate("document.activeElement.closest('#ranked, #unranked') !== null")
    phone.get_by_role("button", name="Check my vote").focus()
    phone.keyboard.press("Enter")
    expect(phone.locator(".confirm-list li")).to_have_text(["1 Cy Mensah", "2 Ana Okafor"])
    assert problems(phone) == []


def test_canvass_form_and_pledge_pages_fit_320px_at_200_percent_text(server, browser):
    with ThreadPoolExecutor(1) as thread:  # Playwright's event loop runs in this one
        area = thread.submit(asyncio.run, programme_seed.seed(settings_of(server))).result()
    ward = area["wards"]["Tulse Hill"]
    laptop = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    laptop.goto(server.login_link())
    laptop.get_by_role("button", name="Log in").click()
    laptop.goto(f"{server.url}/o/wards/{ward}/canvass")
    laptop.get_by_label("One street a line").fill("Acre Lane\nRailton Road")
    laptop.get_by_role("button", name="Save the street list").click()
    laptop.get_by_role("button", name="New canvasser link").click()
    canvass = laptop.get_by_label("canvasser link").input_value()
    laptop.goto(f"{server.url}/o/wards/{ward}/programme")
    show_of_hands(laptop)
    write_demands(laptop)
    laptop.get_by_label("This version is final: freeze it").check()
    laptop.get_by_role("button", name="Freeze version 1").click()
    sha = laptop.locator("code.sha").inner_text()
    winner = programme_seed.WINNERS["Tulse Hill"]
    laptop.get_by_role("button", name=f"Make signing link for {winner}").click()
    link = laptop.get_by_label(f"signing link for {winner}").input_value()

    phone = browser.new_context(**NARROW)
    page = phone.new_page()
    large_text(page)
    wide, seen = [], []
    for url in (canvass, link):
        assert page.goto(url).ok, url
        wide.append(sideways(page))
        seen.append(page.url)
    sign(phone, link, winner, sha, "Lights first.", winner)
    for url in [link] + [f"{server.url}/pledges/wards/{ward}{end}"
                         for end in ("", "/charter", "/poster")]:
        for lang in ("en", "ar"):
            assert page.goto(f"{url}?lang={lang}").ok, url
            wide.append(sideways(page))
            seen.append(page.url)
    assert [w for w in wide if w] == [], seen
