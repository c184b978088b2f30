"""At the door and on the phones, in Chromium: the code box at /v, the LAN warning, the teller's
way back from a card nobody activated, and 'No, change it' keeping the ranking."""

from playwright.sync_api import expect

from tests.browser.conftest import Server, create_meeting, problems
from tests.browser.test_evening import set_up

PHONE = {"viewport": {"width": 390, "height": 800}, "is_mobile": True, "has_touch": True}


def open_voting(page, primary_url, steward, serials="1-5"):
    steward_page = page.context.new_page()
    steward_page.goto(steward)
    steward_page.get_by_label("Card number").fill(serials)
    steward_page.get_by_role("button", name="Activate").click()
    steward_page.close()
    page.goto(primary_url)
    page.get_by_role("button", name="Open voting").click()
    expect(page.get_by_text("Voting is open").first).to_be_visible()


def test_a_phone_that_cannot_scan_types_its_code_and_changes_its_mind(server, browser):
    laptop = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    e = set_up(laptop, server)
    short = laptop.locator(".vcard .short").first.inner_text()
    assert short == f"hall.test:{server.port}/v"
    link = laptop.locator(".vcard .url").first
    assert link.inner_text() == f"{server.url}/v/{e['codes'][0].replace('-', '')}"
    card = laptop.locator(".vcard").first.bounding_box()
    box = link.bounding_box()
    assert box["y"] + box["height"] <= card["y"] + card["height"], "the link is cut off"
    last = laptop.locator(".vcard").first.locator(".paper-choices li").last.bounding_box()
    assert last["y"] + last["height"] <= card["y"] + card["height"], "the paper ballot is cut off"
    open_voting(laptop, e["primary"], e["steward"])

    for js in (True, False):
        phone = browser.new_context(**PHONE, java_script_enabled=js).new_page()
        phone.goto(f"http://{short}")
        phone.get_by_label("Card code").fill("7k3q 9xhw")
        phone.get_by_role("button", name="Open my ballot").click()
        expect(phone.get_by_role("alert")).to_contain_text("a card code has 16")
        if js:  # axe needs JavaScript to run
            assert problems(phone) == []
        code = e["codes"][0 if js else 1]
        phone.get_by_label("Card code").fill(code.lower().replace("-", " "))
        phone.get_by_role("button", name="Open my ballot").click()
        expect(phone.get_by_role("heading", name="Tulse Hill primary")).to_be_visible()
        if js:
            phone.get_by_role("button", name="Rank Cy Mensah").click()
            phone.get_by_role("button", name="Rank Ana Okafor").click()
        else:
            phone.get_by_label("1st choice").select_option(label="Cy Mensah")
            phone.get_by_label("2nd choice").select_option(label="Ana Okafor")
        phone.get_by_role("button", name="Check my vote").click()
        phone.get_by_role("button", name="No, change it").click()
        if js:
            expect(phone.locator("#ranked li .name")).to_have_text(["Cy Mensah", "Ana Okafor"])
        else:
            expect(phone.get_by_label("1st choice")).to_have_value(
                phone.get_by_label("1st choice").locator("option", has_text="Cy Mensah")
                .get_attribute("value"))
            expect(phone.get_by_label("2nd choice").locator("option:checked")).to_have_text(
                "Ana Okafor")
        phone.get_by_role("button", name="Check my vote").click()
        expect(phone.locator(".confirm-list li")).to_have_text(["1 Cy Mensah", "2 Ana Okafor"])
        phone.get_by_role("button", name="Cast this vote").click()
        expect(phone.get_by_role("heading", name="Thank you: your vote is in")).to_be_visible()
        phone.context.close()

    # the teller gets card 12, which nobody activated: the teller page says so and keeps the ballot
    teller = browser.new_context(**PHONE).new_page()
    teller.goto(e["teller"])
    teller.get_by_label("Card code").fill(e["codes"][11])
    teller.get_by_label("1st choice").select_option(label="Ben Hughes")
    teller.get_by_role("button", name="Enter paper ballot").click()
    expect(teller.get_by_role("alert")).to_contain_text("Card No. 0012 has not been activated")
    expect(teller.get_by_role("heading", name="Teller: enter a paper ballot")).to_be_visible()
    expect(teller.get_by_label("1st choice").locator("option:checked")).to_have_text("Ben Hughes")
    steward = teller.context.new_page()
    steward.goto(e["steward"])
    steward.get_by_label("Card number").fill("abc")
    steward.get_by_role("button", name="Activate").click()
    expect(steward.get_by_role("alert")).to_contain_text("'abc' is not a card number")
    steward.get_by_label("Card number").fill("12")
    steward.get_by_role("button", name="Activate").click()
    expect(steward.get_by_role("status")).to_contain_text("Activated: 12")
    teller.get_by_role("button", name="Enter paper ballot").click()
    expect(teller.get_by_role("heading", name="Entered once: a second teller now")).to_be_visible()


def test_cards_pointing_at_localhost_cannot_open_voting(tmp_path, browser):
    server = Server(tmp_path)
    try:
        laptop = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
        create_meeting(laptop, server)
        laptop.get_by_role("link", name="Tulse Hill primary").click()
        laptop.get_by_label("Name", exact=True).fill("Ana Okafor")
        laptop.get_by_role("button", name="Add candidate").click()
        warning = laptop.locator(".checklist li.missing").first
        expect(warning).to_contain_text(f"Cards and QR codes point at {server.url}")
        expect(warning).to_contain_text("hustings run --hall")
        laptop.get_by_role("button", name="Open voting").click()
        expect(laptop.get_by_role("alert")).to_contain_text("Voting cannot open yet")
        expect(laptop.locator(".phase")).to_contain_text("Not open yet")
    finally:
        server.stop()


def test_text_and_buttons_grow_with_the_phones_text_size(server, browser):
    phone = browser.new_context(**PHONE).new_page()
    phone.goto(f"{server.url}/v")
    sizes = """() => ['label', 'button', 'input'].map(
        s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize))"""
    before = phone.evaluate(sizes)
    phone.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    after = phone.evaluate(sizes)
    assert [round(a / b, 2) for a, b in zip(after, before, strict=True)] == [2.0, 2.0, 2.0]
