"""The broadcast in Chromium: an organiser publishes a highlight; three residents respond (one
confirmed through a one-time link), comment and agree or disagree; a comment is reported and
hidden; the projector's pulse updates without a reload; the ratios page shows the week."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import problems
from tests.browser.test_canvass import record, set_up_ward

CLIP = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def publish(laptop, server) -> str:
    laptop.get_by_role("link", name="Highlights", exact=True).click()
    laptop.get_by_label("Topic").fill("Housing")
    laptop.get_by_label("Assembly session").fill("Assembly 3, 2 December")
    laptop.get_by_label("Title").fill("Rents on Elm Road")
    laptop.get_by_label("Clip link").fill(CLIP)
    laptop.get_by_label("The statement or question it raises").fill(
        "Should the council buy back empty flats?")
    laptop.get_by_role("button", name="Publish").click()
    expect(laptop.get_by_role("heading", name="Rents on Elm Road")).to_be_visible()
    return laptop.url


def respond(page, url: str, stance: str, comment: str = "", ward: str | None = None) -> None:
    page.goto(url)
    page.get_by_label(stance.capitalize(), exact=True).check()
    if comment:
        page.get_by_label("A comment").fill(comment)
    if ward:
        page.get_by_label("Your ward").select_option(label=ward)
    page.get_by_role("button", name="Send my response").click()
    expect(page.get_by_role("status")).to_contain_text("your response is saved")


def test_highlight_responses_moderation_pulse_and_ratios(local_server, browser, playwright):
    server = local_server
    laptop = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    canvasser_link = set_up_ward(laptop, server)
    url = publish(laptop, server)

    # A door knocked with nobody in, two with answers asking for something.
    phone = browser.new_context(**playwright.devices["Pixel 5"]).new_page()
    phone.goto(canvasser_link)
    record(phone, "Acre Lane", "The park", "Streetlights")
    record(phone, "Railton Road", "The market", "Cheaper rents")
    phone.get_by_label("Nobody answered").check()
    phone.get_by_label("Street").fill("Acre Lane")
    phone.get_by_role("button", name="Save this door").click()
    expect(phone.locator("#queue")).to_have_text("All sent")

    # A one-time link for a resident the organisers know lives in Tulse Hill.
    laptop.goto(server.url + "/o")
    laptop.get_by_role("link", name="confirmation links").click()
    laptop.get_by_label("How many links?").fill("1")
    laptop.get_by_role("button", name="Make links").click()
    confirm_link = laptop.get_by_label("New links").input_value().strip()

    residents = [browser.new_context(**playwright.devices["Pixel 5"]).new_page()
                 for _ in range(3)]
    ada, ben, cy = residents
    ada.goto(confirm_link)
    ada.get_by_role("button", name="Yes, I live in Tulse Hill").click()
    expect(ada.get_by_role("status")).to_contain_text("confirmed residents of Tulse Hill")

    # Nothing from the video host loads until play is tapped.
    ada.goto(url)
    assert ada.locator("iframe").count() == 0
    assert not problems(ada)
    respond(ada, url, "support", "Empty flats should house local families")
    respond(ben, url, "oppose", "The council cannot afford it, idiots", ward="Tulse Hill")
    respond(cy, url, "not sure")
    ada.get_by_role("link", name="▶ Play the clip").click()
    expect(ada.locator("iframe.clip-frame")).to_have_attribute(
        "src", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1")

    cy.reload()
    cy.get_by_role("button", name="Agree with “Empty flats should house local families”",
                   exact=True).click()
    cy.get_by_role("button", name="Disagree with “The council cannot afford it, idiots”",
                   exact=True).click()
    cy.get_by_role("button", name="Report “The council cannot afford it, idiots”").click()
    expect(cy.locator("article.comment", has_text="Empty flats")).to_contain_text("1 agree")
    # Ben changes his mind: still one response from him.
    ben.goto(url)
    ben.get_by_label("Not sure", exact=True).check()
    ben.get_by_role("button", name="Change my response").click()
    expect(ben.get_by_text("3 responses: 1 support, 0 oppose, 2 not sure.")).to_be_visible()
    confirmed = ben.get_by_role("row", name="Tulse Hill confirmed")
    expect(confirmed).to_contain_text("1")
    expect(ben.get_by_role("row", name="Tulse Hill unconfirmed")).to_be_visible()

    # The organiser hides the reported comment, with a reason.
    laptop.goto(server.url + "/o/highlights/moderation")
    laptop.get_by_label("Reason to hide").fill("Insults people")
    laptop.get_by_role("button", name="Hide").click()
    expect(laptop.get_by_text("hidden: Insults people")).to_be_visible()
    cy.reload()
    expect(cy.get_by_text("The council cannot afford it")).to_have_count(0)

    # The pulse on the projector: a fourth response arrives and the screen follows, no reload.
    projector = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    projector.context.add_cookies(laptop.context.cookies())  # the organiser's session
    projector.goto(server.url + "/o/pulse")
    expect(projector.locator(".pulse-responses")).to_have_text("3")
    projector.evaluate("window.stillHere = true")
    dee = browser.new_context().new_page()
    respond(dee, url, "support")
    expect(projector.locator(".pulse-responses")).to_have_text("4", timeout=15000)
    expect(projector.locator(".pulse-support")).to_have_text("50%")
    assert projector.evaluate("window.stillHere") is True

    # The ratios: 3 doors, 2 answered, 2 asking for something; 2 responses from the ward.
    laptop.get_by_role("link", name="Ratios").click()
    table = laptop.locator("table.ratios").first

    def cells(step: str) -> list[str]:  # how many, per 100 of the step before, change
        return table.get_by_role("row", name=step).get_by_role("cell")

    expect(cells("Doors knocked")).to_have_text(["3", "–", "–"])
    expect(cells("Doors answered")).to_have_text(["2", "67", "–"])
    expect(cells("Answers with a demand")).to_have_text(["2", "100", "–"])
    expect(cells("Online responses")).to_have_text(["2", "–", "–"])  # no pledges before it
    assert not problems(laptop)
