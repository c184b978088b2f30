"""Every page a resident, steward, teller or organiser meets on the evening, checked with axe-core
(WCAG 2.2 A and AA rules, target size included) in real Chromium: no serious or critical
violation."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import problems
from tests.browser.test_evening import cast_with_taps, set_up


def test_the_evening_pages_have_no_serious_accessibility_problem(server, browser, playwright):
    laptop = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    e = set_up(laptop, server)
    seen: list[str] = []
    for url in ["/o", "/o/meetings/1", e["primary"], e["primary"] + "/paper",
                "/o/wards/1/nominations", "/", "/n/1", "/wards/1"]:
        laptop.goto(server.url + url if url.startswith("/") else url)
        seen += problems(laptop)
    phone = browser.new_context(**playwright.devices["Pixel 5"]).new_page()
    phone.goto(e["steward"])
    seen += problems(phone)
    phone.get_by_label("Card number").fill("1-3")
    phone.get_by_role("button", name="Activate").click()
    seen += problems(phone)
    laptop.goto(e["primary"])
    laptop.get_by_role("button", name="Open voting").click()
    expect(laptop.get_by_text("Voting is open").first).to_be_visible()
    ballot = f"{server.url}/v/{e['codes'][0]}"
    phone.goto(ballot)
    seen += problems(phone)
    phone.get_by_role("button", name="Rank Ana Okafor").click()
    phone.get_by_role("button", name="Check my vote").click()
    seen += problems(phone)  # the confirm screen
    phone.get_by_role("button", name="Cast this vote").click()
    seen += problems(phone)  # the receipt
    # The page as a phone without JavaScript has it (axe itself needs JavaScript to run): our
    # scripts are not loaded, so the selects per rank show.
    plain = browser.new_context(**playwright.devices["Pixel 5"]).new_page()
    plain.route("**/static/*.js", lambda route: route.abort())
    plain.goto(f"{server.url}/v/{e['codes'][1]}")
    expect(plain.get_by_label("1st choice")).to_be_visible()
    seen += problems(plain)
    cast_with_taps(phone, f"{server.url}/v/{e['codes'][2]}", ["Ben Hughes"])
    phone.goto(e["teller"])
    seen += problems(phone)
    laptop.goto(e["primary"] + "/projector")
    seen += problems(laptop)
    laptop.goto(e["primary"])
    laptop.get_by_role("link", name="Log").click()  # what the evening wrote in the log
    expect(laptop.get_by_role("cell", name="voting opened")).to_be_visible()
    seen += problems(laptop)
    assert not seen, "\n".join(seen)


def test_the_check_finds_what_it_should(browser):
    page = browser.new_page()
    page.set_content("<html lang=en><title>Bad</title><main><h1>Bad</h1>"
                     "<p style='color:#ddd'>faint text</p><input name=x></main></html>")
    found = "\n".join(problems(page))
    assert "color-contrast" in found and "label" in found
    # WCAG 2.2: two 10 px buttons side by side are too small a target to tap
    page.set_content("<html lang=en><title>Tiny</title><main><h1>Tiny</h1>"
                     + "<button style='width:10px;height:10px;padding:0;margin:0'>a</button>" * 2
                     + "</main></html>")
    assert "target-size" in "\n".join(problems(page))
