"""A steward at the door photographs each card's QR code instead of typing its number."""

from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import cards_and_steward, create_meeting

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def test_a_steward_photographs_a_card_and_it_is_activated(server, browser, playwright, tmp_path):
    laptop = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    meeting = create_meeting(laptop, server)
    steward_link = cards_and_steward(laptop, 3)
    laptop.goto(meeting + "/cards/print")
    card = laptop.locator(".vcard").nth(1)  # card No. 0002, as the steward's camera sees it
    expect(card).to_contain_text("No. 0002")
    card.screenshot(path=tmp_path / "card.png")
    laptop.locator("h1").screenshot(path=tmp_path / "no-card.png")

    steward = browser.new_context(**playwright.devices["Pixel 5"]).new_page()
    steward.goto(steward_link)
    SHOTS.mkdir(parents=True, exist_ok=True)
    steward.screenshot(path=SHOTS / "steward-phone.png", full_page=True)
    steward.locator("#scan-photo").set_input_files(tmp_path / "no-card.png")
    expect(steward.locator("#scan-note")).to_contain_text("No card code found in that photo")
    steward.locator("#scan-photo").set_input_files(tmp_path / "card.png")
    expect(steward.get_by_role("status").first).to_contain_text("Activated: 2")
    expect(steward.locator("#issued")).to_have_text("1")
    steward.locator("#scan-photo").set_input_files(tmp_path / "card.png")
    expect(steward.get_by_role("status").first).to_contain_text("Already active: 2")
    expect(steward.locator("#issued")).to_have_text("1")


def test_without_javascript_the_steward_types_numbers_and_sees_no_scanner(server, browser,
                                                                           playwright):
    laptop = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    create_meeting(laptop, server)
    steward_link = cards_and_steward(laptop, 2)
    steward = browser.new_context(**playwright.devices["Pixel 5"],
                                  java_script_enabled=False).new_page()
    steward.goto(steward_link)
    expect(steward.locator("#scan")).to_be_hidden()
    steward.get_by_label("Card number").fill("1-2")
    steward.get_by_role("button", name="Activate").click()
    expect(steward.locator("#issued")).to_have_text("2")
