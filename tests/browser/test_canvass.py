"""Doorstep answers in a real browser: a canvasser on a phone loses signal and loses nothing;
an organiser imports a paper round, broken and then fixed."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import create_ward, problems

SHOTS = Path(__file__).parents[2] / "var" / "screenshots"


def doors(server) -> list[tuple[str, str]]:
    with closing(sqlite3.connect(server.env["HUSTINGS_DB"])) as conn:
        return conn.execute("SELECT street, good FROM doorsteps ORDER BY id").fetchall()


def set_up_ward(page, server) -> str:
    """The organiser makes a ward, lists its streets and a canvasser link; returns the link."""
    create_ward(page, server)
    page.get_by_role("link", name="Doorsteps", exact=True).click()
    page.get_by_role("link", name="Brixton · Tulse Hill").click()
    expect(page.get_by_role("heading", name="Canvassing Tulse Hill")).to_be_visible()
    page.get_by_label("One street a line").fill("Acre Lane\nBrixton Water Lane\nRailton Road")
    page.get_by_role("button", name="Save the street list").click()
    page.get_by_role("button", name="New canvasser link").click()
    expect(page.locator("#new-link svg")).to_be_visible()  # the QR code to scan
    return page.get_by_label("canvasser link").input_value()


def record(phone, street: str, good: str, improve: str = "") -> None:
    phone.get_by_label("Street").fill(street)
    phone.get_by_label("What are one or two good things").fill(good)
    phone.get_by_label("What are one or two things you'd improve").fill(improve)
    phone.get_by_role("button", name="Save this door").click()


def saved_on_phone(phone) -> None:
    """Wait until the service worker runs and the page is in its cache."""
    for _ in range(100):
        if phone.evaluate("""async () => {
            await navigator.serviceWorker.ready;
            const cache = await caches.open("hustings-canvass-v1");
            return Boolean(await cache.match(location.pathname));
        }"""):
            return
        phone.wait_for_timeout(100)
    raise AssertionError("the canvasser page was not saved on the phone")


def test_a_canvasser_goes_offline_and_loses_nothing(local_server, browser, playwright):
    server = local_server  # the offline worker needs a secure context: 127.0.0.1 is one
    laptop = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    link = set_up_ward(laptop, server)

    context = browser.new_context(**playwright.devices["Pixel 5"])
    phone = context.new_page()
    phone.goto(link)
    expect(phone.get_by_role("heading", name="Doorstep answers")).to_be_visible()
    assert not problems(phone)
    queue = phone.locator("#queue")
    expect(queue).to_have_text("All sent")
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=SHOTS / "canvass-phone.png", full_page=True)

    # Online: two doors, one with consent to be contacted.
    record(phone, "Acre Lane", "The park", "Streetlights")
    expect(queue).to_have_text("All sent")
    phone.get_by_label("What are one or two good things").fill("Neighbours")
    phone.get_by_label("Invited to the meeting").check()
    phone.get_by_label("They agree we keep their name").check()
    phone.get_by_label("Their name", exact=True).fill("Jo Bloggs")
    phone.get_by_label("Phone", exact=True).fill("07700 900123")
    phone.get_by_role("button", name="Save this door").click()
    expect(queue).to_have_text("All sent")
    expect(phone.locator("#doors-today")).to_have_text("2")
    assert len(doors(server)) == 2

    # The worker has the page now: offline, it still opens, and answers wait on the phone.
    saved_on_phone(phone)
    context.set_offline(True)
    # (a slow phone learns it is offline a moment later; Chromium's offline switch misses
    # requests a service worker passes on, so the page must know before it tries to send)
    phone.wait_for_function("() => navigator.onLine === false")
    record(phone, "Railton Road", "The market", "Empty shops")
    expect(queue).to_contain_text("Answers waiting to send: 1")
    record(phone, "Railton Road", "Quiet at night")
    expect(queue).to_contain_text("Answers waiting to send: 2")
    phone.reload()  # a canvasser who reloads with no signal still has the form and the queue
    expect(phone.get_by_role("heading", name="Doorstep answers")).to_be_visible()
    expect(queue).to_contain_text("Answers waiting to send: 2")
    assert len(doors(server)) == 2

    # Back in signal: sent, and exactly once.
    context.set_offline(False)
    expect(queue).to_have_text("All sent", timeout=20_000)
    assert [good for _, good in doors(server)] == ["The park", "Neighbours", "The market",
                                                   "Quiet at night"]
    phone.evaluate("window.dispatchEvent(new Event('online'))")  # a second flush sends nothing
    phone.wait_for_timeout(500)
    assert len(doors(server)) == 4

    # The organiser sees the numbers, and the contact apart from the answers.
    laptop.goto(f"{server.url}/o/answers")
    row = laptop.locator("table.numbers tbody tr").first
    expect(row).to_contain_text(date.today().isoformat())
    expect(row.locator("td").nth(1)).to_have_text("4")
    expect(laptop.locator("figure.chart svg rect.bar-doors")).to_have_count(1)
    laptop.get_by_role("link", name="Brixton · Tulse Hill").click()
    expect(laptop.get_by_role("cell", name="Jo Bloggs", exact=True)).to_be_visible()
    context.close()


def test_without_javascript_the_form_still_saves(server, browser, playwright):
    laptop = browser.new_context().new_page()
    link = set_up_ward(laptop, server)
    phone = browser.new_context(**playwright.devices["Pixel 5"],
                                java_script_enabled=False).new_page()
    phone.goto(link)
    record(phone, "Acre Lane", "The library")
    expect(phone.get_by_text("Saved. Thank you: on to the next door.")).to_be_visible()
    phone.go_back()
    phone.go_forward()
    assert doors(server) == [("Acre Lane", "The library")]


def test_an_import_with_a_broken_row_is_refused_whole_then_the_fixed_file_imports(
        server, browser, tmp_path):
    page = browser.new_context().new_page()
    set_up_ward(page, server)
    today = date.today().isoformat()
    broken = tmp_path / "paper-round.csv"
    rows = [f"Tulse Hill,Acre Lane,{today},The park,Bins,yes",
            f"Tulse Hill,Acre Lnae,{today},Trees,,no",
            f"Tulse Hill,Railton Road,{today},Market,Shops,"]
    broken.write_text("ward,street,date,good,improve,invited\n" + "\n".join(rows) + "\n",
                      encoding="cp1252")
    page.goto(f"{server.url}/o/answers")
    page.get_by_label("CSV file").set_input_files(broken)
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing was imported: paper-round.csv "
                                                      "has 1 problem")
    expect(page.locator("#report li")).to_have_text([re.compile(
        r"^Row 3, column street: 'Acre Lnae' is not one of Tulse Hill's streets")])
    assert doors(server) == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "import-report.png", full_page=True)

    broken.write_text(broken.read_text(encoding="cp1252").replace("Lnae", "Lane")
                      .replace("Market", "Café market"), encoding="cp1252")
    page.get_by_label("CSV file").set_input_files(broken)
    page.get_by_role("button", name="Import").click()
    expect(page.locator("#imported")).to_have_text("Imported 3 answers from paper-round.csv.")
    assert [good for _, good in doors(server)] == ["The park", "Trees", "Café market"]
    page.screenshot(path=SHOTS / "answers-numbers.png", full_page=True)


def test_with_no_signal_a_page_not_saved_yet_says_so_in_the_canvassers_language(
        local_server, browser, playwright):
    laptop = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    link = set_up_ward(laptop, local_server)
    context = browser.new_context(**playwright.devices["Pixel 5"], locale="es-ES")
    phone = context.new_page()
    phone.goto(link)
    expect(phone.get_by_role("heading", name="Respuestas puerta a puerta")).to_be_visible()
    saved_on_phone(phone)
    context.set_offline(True)
    phone.goto(link + "-another")  # a link this phone has never opened
    expect(phone.get_by_role("heading", name="Sin señal")).to_be_visible()
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    context.close()
