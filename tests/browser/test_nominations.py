"""Nominations in a real browser: residents nominate on their phones, the organiser merges two
spellings, the threshold is reached, one nominee accepts and is on the ballot when voting opens,
another declines and is not."""

import re
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import cards_and_steward, create_meeting

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def set_up(page, server) -> dict:
    """An organiser makes a ward and its meeting, adds one candidate by hand, and sets the
    threshold to 3 nominators. Returns the ward's public and organiser addresses."""
    meeting = create_meeting(page, server)
    steward = cards_and_steward(page, 2)
    page.goto(meeting + "/cards/print")
    code = page.locator(".vcard .code").first.inner_text()
    page.goto(meeting)
    page.get_by_role("link", name="Tulse Hill primary").click()
    primary = page.url
    page.get_by_label("Name", exact=True).fill("Ana Okafor")
    page.get_by_label("Statement").fill("Repairs done right.")
    page.get_by_role("button", name="Add candidate").click()
    page.get_by_role("link", name="Nominations in Tulse Hill").click()
    expect(page.get_by_role("heading", name="Nominations in Tulse Hill")).to_be_visible()
    review = page.url
    page.get_by_label("Distinct nominators needed to stand").fill("3")
    page.get_by_role("button", name="Save rules").click()
    form = page.get_by_role("link", name="/n/").first.get_attribute("href")
    return {"review": review, "primary": primary, "form": server.url + form,
            "steward": steward, "code": code}


def nominate(phone, url, nominee, nominator, postcode, why="Always helps people out."):
    phone.goto(url)
    phone.get_by_label("Their name").fill(nominee)
    phone.get_by_label("Why do you trust them?").fill(why)
    phone.get_by_label("Your name").fill(nominator)
    phone.get_by_label("Your postcode").fill(postcode)
    phone.get_by_label("I live or work in Tulse Hill").check()
    phone.get_by_role("button", name="Nominate").click()


def accept_invitation(phone, link, statement):
    phone.goto(link)
    expect(phone.get_by_role("heading", name="will you stand?")).to_be_visible()
    phone.get_by_label("Your statement for voters").fill(statement)
    phone.get_by_role("button", name="Accept and stand").click()


def invite(page, review, name) -> str:
    page.goto(review)
    page.get_by_role("button", name=f"Invite {name} to stand").click()
    expect(page.locator("#new-invite svg")).to_be_visible()
    return page.get_by_label("Invitation link").input_value()


def test_from_nominations_to_the_ballot(server, browser, playwright):
    laptop = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    w = set_up(laptop, server)

    # Residents nominate on their phones: one types a bad postcode first and is told so.
    pixel = playwright.devices["Pixel 5"]
    first = browser.new_context(**pixel).new_page()
    nominate(first, w["form"], "Bernadette O'Neil", "Ann Lee", "SE24")
    expect(first.get_by_role("alert")).to_contain_text("'SE24' is not a UK postcode")
    expect(first.get_by_label("Their name")).to_have_value("Bernadette O'Neil")
    first.get_by_label("Your postcode").fill("se24 0ab")
    first.get_by_label("I live or work in Tulse Hill").check()
    first.get_by_role("button", name="Nominate").click()
    expect(first.get_by_role("heading", name="Thank you: your nomination is in")).to_be_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    first.goto(w["form"])
    first.screenshot(path=str(SHOTS / "nominate-phone.png"), full_page=True)

    residents = [("Bernadette O'Neil", "Bo Diaz", "SE24 9ZZ"),
                 ("Bernie O Neill", "Cy Mensah", "SW2 1XY"),
                 ("Sam Reid", "Di Okoro", "SE24 0AB"), ("Sam Reid", "Ed Patel", "SE24 1AB"),
                 ("Sam Reid", "Flo Khan", "M1 1AE")]
    for n, (nominee, nominator, postcode) in enumerate(residents):
        # every other phone has JavaScript off: the form needs none
        context = browser.new_context(**pixel, java_script_enabled=n % 2 == 0)
        phone = context.new_page()
        nominate(phone, w["form"], nominee, nominator, postcode)
        expect(phone.get_by_role("heading", name="Thank you")).to_be_visible()
        context.close()
    again = browser.new_context(**pixel).new_page()
    nominate(again, w["form"], "bernadette o'neil", "Bo Diaz", "SE24 9ZZ")
    expect(again.get_by_role("alert")).to_contain_text("You have already nominated")

    # The organiser gives the ward's postcodes: Flo Khan's nomination, from Manchester, is
    # flagged and does not count until judged, so Sam Reid is not ready to invite yet.
    laptop.goto(w["review"])
    sam = laptop.locator(".nominee", has_text="Sam Reid")
    expect(sam.locator(".count")).to_have_text("3 of 3")
    laptop.get_by_label(re.compile("postcode districts")).fill("SE24, SW2")
    laptop.get_by_role("button", name="Save rules").click()
    expect(laptop.get_by_role("status")).to_have_text(
        "Rules saved: the counts below follow them.")
    expect(sam.locator(".count")).to_have_text("2 of 3")
    expect(sam.locator("summary")).to_contain_text("1 flagged")
    expect(sam.locator("summary")).not_to_contain_text("ready to invite")
    expect(sam.locator("tr.flagged")).to_contain_text("Not counted until you judge the flag")
    expect(laptop.get_by_role("button", name="Invite Sam Reid to stand")).to_have_count(0)
    sam.get_by_role("button", name="Count Flo Khan’s nomination").click()
    expect(laptop.get_by_role("status")).to_have_text("Nomination counted.")
    expect(sam.locator(".count")).to_have_text("3 of 3")
    expect(sam.locator("summary")).to_contain_text("ready to invite")

    # The organiser sees two spellings of one person and merges them: the threshold is reached.
    bernadette = laptop.locator(".nominee", has_text="Bernadette O'Neil")
    expect(bernadette.locator(".count")).to_have_text("2 of 3")
    expect(laptop.get_by_role("button", name="Invite Bernadette O'Neil to stand")).to_have_count(0)
    laptop.get_by_role("button", name="Merge “Bernie O Neill” into “Bernadette O'Neil”").click()
    expect(laptop.get_by_role("status")).to_have_text(
        "Names merged: their nominators now count together under the first name.")
    expect(bernadette.locator(".count")).to_have_text("3 of 3")
    expect(laptop.locator(".nominee-name")).to_have_text(["Bernadette O'Neil", "Sam Reid"])
    expect(bernadette).to_contain_text("as “Bernie O Neill”")
    expect(bernadette).to_contain_text("SW2 1XY")  # the postcode, for organisers only

    # A nomination the organiser doubts is set aside: on record, not counted; then counted again.
    sam.get_by_role("button", name="Set aside Flo Khan’s nomination").click()
    expect(laptop.get_by_role("status")).to_have_text(
        "Nomination set aside: it stays on record and no longer counts.")
    expect(sam.locator(".count")).to_have_text("2 of 3")
    expect(sam.locator("tr.set-aside")).to_contain_text("not counted")
    expect(laptop.get_by_role("button", name="Invite Sam Reid to stand")).to_have_count(0)
    sam.get_by_role("button", name="Count it again").click()
    expect(sam.locator(".count")).to_have_text("3 of 3")

    # Bernadette accepts on her phone and is on the ballot; Sam declines and is not.
    link = invite(laptop, w["review"], "Bernadette O'Neil")
    her_phone = browser.new_context(**pixel).new_page()
    accept_invitation(her_phone, link, "I run the food bank. Warm homes and open libraries.")
    expect(her_phone.get_by_text("Your name is on the ballot of Tulse Hill primary")) \
        .to_be_visible()
    sam_link = invite(laptop, w["review"], "Sam Reid")
    sams_phone = browser.new_context(**pixel).new_page()
    sams_phone.goto(sam_link)
    sams_phone.get_by_role("button", name="Decline").click()
    expect(sams_phone.get_by_text("You declined to stand")).to_be_visible()

    laptop.goto(w["primary"])
    candidates = laptop.locator(".candidates li")
    expect(candidates).to_have_count(2)
    expect(candidates.nth(0)).to_contain_text("Ana Okafor added by an organiser")
    expect(candidates.nth(1)).to_contain_text("Bernadette O'Neil accepted a nomination")

    # The public ward page: who is standing and the statements, no postcodes.
    public = browser.new_context(**pixel).new_page()
    public.goto(w["form"].replace("/n/", "/wards/"))
    expect(public.locator(".standing")).to_contain_text("Warm homes and open libraries.")
    expect(public.locator(".standing")).not_to_contain_text("Sam Reid")
    expect(public.locator("body")).not_to_contain_text("SW2 1XY")
    with public.expect_download() as download:
        public.get_by_role("link", name="Add to my calendar").click()
    assert "LOCATION:St Jude's church hall" in open(download.value.path()).read()

    # Voting opens: a voter's phone shows Bernadette on the ballot, and not Sam.
    steward = browser.new_context(**pixel).new_page()
    steward.goto(w["steward"])
    steward.get_by_label("Card number").fill("1")
    steward.get_by_role("button", name="Activate").click()
    laptop.goto(w["primary"])
    laptop.get_by_role("button", name="Open voting").click()
    expect(laptop.get_by_text("Voting is open").first).to_be_visible()
    voter = browser.new_context(**pixel).new_page()
    voter.goto(f"{server.url}/v/{w['code']}")
    expect(voter.get_by_role("button", name="Rank Bernadette O'Neil")).to_be_visible()
    expect(voter.get_by_role("button", name="Rank Ana Okafor")).to_be_visible()
    expect(voter.get_by_role("button", name="Rank Sam Reid")).to_have_count(0)

    # Too late to withdraw once voting is open.
    her_phone.goto(link)
    expect(her_phone.get_by_text("Voting has opened, so your name and statement can no longer "
                                 "change")).to_be_visible()
    expect(her_phone.get_by_role("button", name="Withdraw")).to_have_count(0)


def test_the_poster_prints_with_its_qr_code_and_the_meeting(server, browser):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    w = set_up(page, server)
    page.goto(w["form"] + "/poster")
    expect(page.locator(".poster-qr svg")).to_be_visible()
    expect(page.locator(".poster-when")).to_contain_text("Tuesday 1 December 2026, 7 pm")
    expect(page.locator(".poster-when")).to_contain_text("St Jude's church hall")
    expect(page.locator(".poster-url")).to_have_text(w["form"])
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 1, "the poster fits on one A4 page"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "poster.png"), full_page=True)
