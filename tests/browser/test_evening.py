"""The whole evening in a real browser: organiser, steward, three phones, teller, projector."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import cards_and_steward, create_meeting


def set_up(page, server):
    """The organiser sets up an evening on a laptop. Returns the card codes and the links."""
    meeting_url = create_meeting(page, server)
    steward = cards_and_steward(page, 12)
    expect(page.locator("#new-link svg")).to_be_visible()
    page.get_by_role("button", name="New teller link").click()
    teller = page.get_by_label("teller link").input_value()
    page.get_by_role("button", name="New teller link").click()  # paper is entered twice
    expect(page.get_by_label("teller link")).not_to_have_value(teller)
    second_teller = page.get_by_label("teller link").input_value()
    page.get_by_role("link", name="Tulse Hill primary").click()
    primary_url = page.url
    expect(page.get_by_text("0 candidate(s) on the ballot")).to_be_visible()
    for name, words in [("Ana Okafor", "Repairs done right."), ("Ben Hughes", "Safer crossings."),
                        ("Cy Mensah", "Open the youth club.")]:
        page.get_by_label("Name", exact=True).fill(name)
        page.get_by_label("Statement").fill(words)
        page.get_by_role("button", name="Add candidate").click()
    expect(page.get_by_text("3 candidate(s) on the ballot")).to_be_visible()
    expect(page.get_by_text("0 card(s) activated so far")).to_be_visible()
    page.goto(meeting_url + "/cards/print")
    expect(page.locator(".sheet")).to_have_count(2)
    assert page.locator(".vcard svg").count() == 12
    expect(page.locator(".vcard .paper").first).to_contain_text("Cy Mensah")
    codes = page.locator(".vcard .code").all_inner_texts()
    return {"codes": codes, "steward": steward, "teller": teller, "second_teller": second_teller,
            "primary": primary_url}


def cast_with_taps(phone, url, names, tap=False):
    phone.goto(url)
    for name in names:
        button = phone.get_by_role("button", name=f"Rank {name}")
        button.tap() if tap else button.click()
    phone.get_by_role("button", name="Check my vote").click()
    expect(phone.get_by_role("heading", name="Is this your vote?")).to_be_visible()
    for i, name in enumerate(names, 1):
        expect(phone.locator(".confirm-list li").nth(i - 1)).to_have_text(f"{i} {name}")
    phone.get_by_role("button", name="Cast this vote").click()
    expect(phone.get_by_role("heading", name="Thank you: your vote is in")).to_be_visible()
    return phone.locator(".receipt").inner_text()


def test_the_whole_evening(server, browser, playwright):
    laptop = browser.new_context(viewport={"width": 1280, "height": 800})
    page = laptop.new_page()
    e = set_up(page, server)
    vote_url = [f"{server.url}/v/{c}" for c in e["codes"]]

    # The steward activates cards 1-6 on a phone at the door.
    steward = browser.new_context(**playwright.devices["Pixel 5"]).new_page()
    steward.goto(e["steward"])
    steward.get_by_label("Card number").fill("1-6")
    steward.get_by_role("button", name="Activate").click()
    expect(steward.locator("#issued")).to_have_text("6")
    expect(steward.get_by_text("Activated: 1, 2, 3, 4, 5, 6")).to_be_visible()

    # The projector is up before voting opens, and the chair opens voting.
    projector = laptop.new_page()
    projector.goto(e["primary"] + "/projector")
    expect(projector.locator("#t-issued")).to_have_text("6")
    expect(projector.locator("#t-voted")).to_have_text("0")
    projector.evaluate("window.stillTheSamePage = true")
    page.goto(e["primary"])
    page.get_by_role("button", name="Open voting").click()
    expect(page.get_by_text("Voting is open").first).to_be_visible()

    # A phone with JavaScript: tap to rank.
    phone = browser.new_context(viewport={"width": 390, "height": 800}).new_page()
    receipt = cast_with_taps(phone, vote_url[0], ["Ana Okafor", "Ben Hughes"])
    assert re.fullmatch(r"[0-9A-Z]{10}", receipt)

    # A phone with JavaScript off: a select per rank, with clear validation.
    nojs = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 640})
    plain = nojs.new_page()
    plain.goto(vote_url[1])
    plain.get_by_label("1st choice").select_option(label="Ben Hughes")
    plain.get_by_label("2nd choice").select_option(label="Ben Hughes")
    plain.get_by_role("button", name="Check my vote").click()
    expect(plain.get_by_role("alert")).to_contain_text("You ranked Ben Hughes more than once")
    plain.get_by_role("button", name="Check my vote").click()  # the form kept the choices
    expect(plain.get_by_role("alert")).to_be_visible()
    plain.get_by_label("1st choice").select_option(label="Ben Hughes")
    plain.get_by_label("2nd choice").select_option(label="Cy Mensah")
    plain.get_by_role("button", name="Check my vote").click()
    expect(plain.locator(".confirm-list")).to_contain_text("1 Ben Hughes")
    plain.get_by_role("button", name="Cast this vote").click()
    expect(plain.get_by_role("heading", name="Thank you: your vote is in")).to_be_visible()
    plain.goto(vote_url[2])
    plain.get_by_role("button", name="Check my vote").click()
    expect(plain.get_by_role("alert")).to_contain_text("You have not ranked anyone")

    # An old small Android phone with touch.
    android = browser.new_context(**playwright.devices["Galaxy S5"]).new_page()
    cast_with_taps(android, vote_url[2], ["Cy Mensah", "Ana Okafor"], tap=True)

    # The same card again is refused, and shows its receipt.
    phone.goto(vote_url[0])
    expect(phone.get_by_role("heading", name="This card has voted")).to_be_visible()
    expect(phone.locator(".receipt")).to_have_text(receipt)

    # A card nobody activated cannot vote.
    phone.goto(vote_url[9])
    expect(phone.get_by_text("This card has not been activated")).to_be_visible()
    expect(phone.get_by_role("button", name="Check my vote")).to_have_count(0)

    # Two tellers enter one paper ballot, for card 4: it counts when both agree.
    teller = browser.new_context(**playwright.devices["Pixel 5"]).new_page()
    teller.goto(e["teller"])
    teller.get_by_label("Card code").fill(e["codes"][3].lower())
    teller.get_by_label("1st choice").select_option(label="Ana Okafor")
    teller.get_by_role("button", name="Enter paper ballot").click()
    expect(teller.get_by_role("heading", name="Entered once: a second teller now")).to_be_visible()
    second = browser.new_context(**playwright.devices["Pixel 5"]).new_page()
    second.goto(e["second_teller"])
    expect(second.get_by_text("Card No. 0004, entered by teller link No.")).to_be_visible()
    second.get_by_label("Card code").fill(e["codes"][3])
    second.get_by_label("1st choice").select_option(label="Ana Okafor")
    second.get_by_role("button", name="Enter paper ballot").click()
    expect(second.get_by_role("heading", name="Paper ballot counted")).to_be_visible()

    # The projector has counted up without a reload.
    expect(projector.locator("#t-voted")).to_have_text("4", timeout=10_000)
    assert projector.evaluate("window.stillTheSamePage") is True

    # The chair closes voting; the projector reveals the count round by round.
    page.goto(e["primary"])
    page.get_by_label("I am the chair").check()
    page.get_by_role("button", name="Close voting and count").click()
    expect(page.get_by_text("Voting has closed.")).to_be_visible()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("heading", name=re.compile(r"Round 1 of \d"))).to_be_visible()
    # Round 1: Ana 2 (phone + paper), Ben 1, Cy 1: Ana has a majority of 4 and wins.
    expect(page.locator(".count-chart")).to_contain_text("Ana Okafor")
    expect(page.locator(".count-votes").first).to_contain_text("2")
    for _ in range(5):
        if page.get_by_role("heading", name="Elected").count():
            break
        page.keyboard.press("ArrowRight")
    expect(page.locator(".winners")).to_have_text("Ana Okafor")

    # Publish; the public results page matches and finds the receipt.
    page.goto(e["primary"])
    page.get_by_role("button", name="Publish results and anonymised ballots").click()
    page.get_by_role("link", name="Public results page").click()
    expect(page.locator(".winners")).to_have_text("Ana Okafor")
    expect(page.get_by_text("4 votes from 6 cards issued").or_(
        page.get_by_text("Turnout: 4 votes from 6 cards issued"))).to_have_count(1)
    public = browser.new_context().new_page()
    public.goto(page.url)
    public.get_by_label("Receipt code").fill(receipt.lower())
    public.get_by_role("button", name="Look up").click()
    expect(public.get_by_role("status")).to_contain_text(
        f"Receipt {receipt} is in the published ballots: 1 Ana Okafor, 2 Ben Hughes")
    with public.expect_download() as download:
        public.get_by_role("link", name="Anonymised ballots (CSV)").click()
    text = open(download.value.path()).read()
    assert receipt in text and len(text.strip().splitlines()) == 5
    assert not any(code.replace("-", "") in text.replace("-", "") for code in e["codes"])
