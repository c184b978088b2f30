"""Whole votes in Spanish and in Arabic (right to left), chosen by the browser's language or by
one tap on the ballot, kept for the card: no English left on a translated page."""

from __future__ import annotations

import re

from babel.messages.pofile import read_po
from playwright.sync_api import expect

import languages
from tests.browser.conftest import problems
from tests.browser.test_evening import set_up


def _english_left(page) -> list[str]:
    """English sentences of the catalogue still on the page (names and codes are not English)."""
    with (languages.CATALOGUES / "es" / "LC_MESSAGES" / "messages.po").open("rb") as f:
        ids = [m.id for m in read_po(f) if m.id]
    text = page.locator("body").inner_text()
    plain = [re.split(r"%\(\w+\)s", i if isinstance(i, str) else i[0]) for i in ids]
    return [" ".join(p) for p in plain
            if any(len(part.split()) >= 2 and part.strip() in text for part in p)]


def _text_box(locator) -> dict:
    """Where the words of an element sit (a heading's box is as wide as the page)."""
    return locator.evaluate("e => { const r = document.createRange(); r.selectNodeContents(e);"
                            " const b = r.getBoundingClientRect();"
                            " return {left: b.left, right: b.right}; }")


def open_evening(page, server, browser, playwright) -> list[str]:
    e = set_up(page, server)
    steward = browser.new_context(**playwright.devices["Pixel 5"]).new_page()
    steward.goto(e["steward"])
    steward.get_by_label("Card number").fill("1-4")
    steward.get_by_role("button", name="Activate").click()
    expect(steward.locator("#issued")).to_have_text("4")
    page.goto(e["primary"])
    page.get_by_role("button", name="Open voting").click()
    expect(page.get_by_text("Voting is open").first).to_be_visible()
    return [f"{server.url}/v/{c}" for c in e["codes"]]


def test_a_whole_vote_in_spanish_then_in_arabic_right_to_left(server, browser, playwright):
    laptop = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    ballots = open_evening(laptop, server, browser, playwright)

    # A phone set to Spanish gets the ballot in Spanish, and votes with taps.
    phone = browser.new_context(**playwright.devices["Pixel 5"], locale="es-ES").new_page()
    phone.goto(ballots[0])
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    expect(phone.get_by_role("heading", name="Los candidatos")).to_be_visible()
    phone.get_by_role("button", name="Poner a Ana Okafor en 1.º lugar").click()
    phone.get_by_role("button", name="Poner a Cy Mensah en 2.º lugar").click()
    expect(phone.locator("#ranked .visually-hidden").first).to_have_text(
        "Ana Okafor, en 1.º lugar")
    assert _english_left(phone) == []
    phone.get_by_role("button", name="Revisar mi voto").click()
    expect(phone.get_by_role("heading", name="¿Es este su voto?")).to_be_visible()
    assert _english_left(phone) == []
    phone.get_by_role("button", name="Emitir este voto").click()
    expect(phone.get_by_role("heading", name="Gracias: su voto está en la urna")).to_be_visible()
    assert _english_left(phone) == []

    # An English phone switches to Arabic with one tap: the page turns right to left.
    phone = browser.new_context(**playwright.devices["Pixel 5"], locale="en-GB").new_page()
    phone.goto(ballots[1])
    expect(phone.get_by_role("button", name="Check my vote")).to_be_visible()
    phone.get_by_role("link", name="العربية").click()
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    heading = phone.get_by_role("heading", name="المرشحون")
    expect(heading).to_be_visible()
    block, words = heading.bounding_box(), _text_box(heading)
    assert words["right"] > block["x"] + block["width"] - 2 and words["left"] > block["x"] + 40
    phone.get_by_role("button", name="ضع Ben Hughes في المرتبة 1").click()
    number = phone.locator("#ranked li .num").first.bounding_box()
    name = phone.locator("#ranked li .name").first.bounding_box()
    assert number["x"] > name["x"], "in Arabic the rank comes first, on the right"
    assert _english_left(phone) == []
    # the card keeps Arabic: the ballot opened afresh (no tap, no cookie) is still Arabic
    phone.context.clear_cookies()
    phone.goto(ballots[1])
    expect(phone.locator("html")).to_have_attribute("lang", "ar")
    phone.get_by_role("button", name="ضع Ben Hughes في المرتبة 1").click()
    phone.get_by_role("button", name="راجِع صوتي").click()
    expect(phone.get_by_role("heading", name="هل هذا هو صوتك؟")).to_be_visible()
    phone.get_by_role("button", name="أدلِ بهذا الصوت").click()
    expect(phone.get_by_role("heading", name="شكرًا لك: صوتك في الصندوق")).to_be_visible()
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    assert _english_left(phone) == []

    # Another card on the same phone: Portuguese with one tap, and back to English with one.
    phone.goto(ballots[2])
    phone.get_by_role("link", name="Português").click()
    expect(phone.get_by_role("button", name="Rever o meu voto")).to_be_visible()
    assert _english_left(phone) == []
    phone.get_by_role("link", name="English").click()
    expect(phone.get_by_role("button", name="Check my vote")).to_be_visible()
    expect(phone.locator("html")).to_have_attribute("dir", "ltr")
    assert "Check my vote" in " ".join(_english_left(phone))  # the check sees English

    # The public pages in Spanish too: home, ward, nomination form and the published results.
    laptop.goto(server.url + "/o/primaries/1")
    laptop.get_by_label("I am the chair").check()
    laptop.get_by_role("button", name="Close voting and count").click()
    laptop.goto(server.url + "/o/primaries/1")
    laptop.get_by_role("button", name="Publish results and anonymised ballots").click()
    spanish = browser.new_context(**playwright.devices["Pixel 5"], locale="es-ES").new_page()
    for url, heading in [("/", "Dónde vive"), ("/wards/1", "Nominar a alguien"),
                         ("/n/1", "¿En quién confía por aquí?"),
                         ("/results/1", "Adónde fueron los votos")]:
        spanish.goto(server.url + url)
        expect(spanish.get_by_role("heading", name=heading)).to_be_visible()
        assert _english_left(spanish) == [], url
    spanish.get_by_role("link", name="Ronda 1", exact=True).first.click()
    expect(spanish.locator("#count-round")).to_have_text(re.compile(r"Ronda 1 de \d"))


def test_the_organiser_offers_two_languages_and_prints_cards_in_both(server, browser):
    from tests.browser.conftest import cards_and_steward, create_meeting

    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    meeting = create_meeting(page, server)
    cards_and_steward(page, 8)
    for code in ("es", "pt"):
        page.locator(f"input[name=lang_{code}]").uncheck()
    page.get_by_label("Cards print their short instructions in English and").select_option(
        label="العربية")
    page.get_by_role("button", name="Save languages").click()
    expect(page.locator("input[name=lang_es]")).not_to_be_checked()
    expect(page.locator("input[name=lang_ar]")).to_be_checked()
    page.goto(meeting + "/cards/print")
    arabic = page.locator('.vcard [lang="ar"]').first
    expect(arabic).to_contain_text("امسح رمز QR بكاميرا هاتفك لتصوّت.")
    expect(arabic).to_have_attribute("dir", "rtl")
    expect(page.locator(".vcard").first).to_contain_text(
        "Scan the QR code with your phone's camera to vote.")


def test_a_canvasser_records_a_door_in_spanish_with_no_english_left(server, browser, playwright):
    from tests.browser.test_canvass import set_up_ward

    laptop = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    link = set_up_ward(laptop, server)
    phone = browser.new_context(**playwright.devices["Pixel 5"], locale="es-ES").new_page()
    phone.goto(link)
    expect(phone.locator("html")).to_have_attribute("lang", "es")
    assert _english_left(phone) == []
    phone.get_by_label("Calle").fill("Acre Lane")
    phone.get_by_label("¿Cuáles son una o dos cosas buenas de vivir aquí?").fill("El parque")
    phone.get_by_role("button", name="Guardar esta puerta").click()
    expect(phone.locator("#queue")).to_have_text("Todo enviado")
    expect(phone.locator("#doors-today")).to_have_text("1")
    assert _english_left(phone) == []


# Everything printed on the first card that lies outside it (the card hides what overflows).
CUT_OFF = """() => {
  const card = document.querySelector('.vcard'), c = card.getBoundingClientRect();
  return [...card.querySelectorAll('p, li, svg, strong, span, td')].filter(e => {
    const b = e.getBoundingClientRect();
    return b.bottom > c.bottom + .5 || b.top < c.top - .5 || b.left < c.left - .5
      || b.right > c.right + .5;
  }).map(e => (e.className.baseVal ?? e.className) + ': ' + e.textContent.slice(0, 40));
}"""


def test_a_card_with_its_instructions_in_two_languages_still_fits_its_card(server, browser):
    laptop = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    e = set_up(laptop, server)
    cards = laptop.url
    laptop.goto(e["primary"])  # six candidates: the card carries their paper ballot
    for name in ("Dee Okonkwo-Williams", "Eli Ward", "Fatima Begum"):
        laptop.get_by_label("Name", exact=True).fill(name)
        laptop.get_by_role("button", name="Add candidate").click()
    for second in ("ar", "es", "pt"):
        laptop.emulate_media(media="screen")
        laptop.goto(cards.removesuffix("/cards/print"))
        laptop.get_by_label("Cards print their short instructions in English and"
                            ).select_option(second)
        laptop.get_by_role("button", name="Save languages").click()
        for media in ("screen", "print"):
            laptop.emulate_media(media=media)
            laptop.goto(cards)
            expect(laptop.locator(f'.vcard .instr[lang="{second}"]').first).to_be_visible()
            expect(laptop.locator(".vcard").first.locator(".paper-choices li")).to_have_count(6)
            assert laptop.evaluate(CUT_OFF) == [], (second, media)


def test_a_ballot_too_long_for_the_card_is_handed_out_on_paper_instead(server, browser):
    laptop = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    e = set_up(laptop, server)
    cards = laptop.url
    meeting = cards.removesuffix("/cards/print")

    def add(*names):
        laptop.emulate_media(media="screen")
        laptop.goto(e["primary"])
        for name in names:
            laptop.get_by_label("Name", exact=True).fill(name)
            laptop.get_by_role("button", name="Add candidate").click()

    def card_in(second, media):
        laptop.emulate_media(media="screen")
        laptop.goto(meeting)
        laptop.get_by_label("Cards print their short instructions in English and"
                            ).select_option(second)
        laptop.get_by_role("button", name="Save languages").click()
        laptop.emulate_media(media=media)
        laptop.goto(cards)
        return laptop.locator(".vcard").first

    add("Dee Okonkwo-Williams", "Eli Ward", "Fatima Begum", "Gus Lee", "Hana Ito")
    for media in ("screen", "print"):  # eight fit in English
        expect(card_in("", media).locator(".paper-choices li")).to_have_count(8)
        assert laptop.evaluate(CUT_OFF) == [], media
    add("Ian Moss", "Jo Park", "Kay Reid", "Maria Fernanda Oliveira dos Santos Pereira")
    for second in ("", "ar", "es"):
        for media in ("screen", "print"):
            card = card_in(second, media)
            expect(card.locator(".paper-choices li")).to_have_count(0)
            expect(card).to_contain_text("No phone? Ask a teller for a paper ballot.")
            if second:
                expect(card.locator(f'.instr[lang="{second}"]').last).to_have_text(
                    languages.gettext(second, "No phone? Ask a teller for a paper ballot."))
            assert laptop.evaluate(CUT_OFF) == [], (second, media)
    laptop.emulate_media(media="screen")
    laptop.get_by_role("link", name="print its paper ballots").first.click()
    ballots = laptop.url
    for size in ("", "?print=large"):  # the separate paper ballots hold all twelve, uncut
        for media in ("screen", "print"):
            laptop.emulate_media(media=media)
            laptop.goto(ballots + size)
            ballot = laptop.locator(".paper-ballot").first
            expect(ballot.locator(".paper tr")).to_have_count(12)
            expect(ballot).to_contain_text("Maria Fernanda Oliveira dos Santos Pereira")
            assert laptop.evaluate(CUT_OFF.replace(".vcard", ".paper-ballot")) == [], (
                size, media)
    # two large-print copies too tall to share a page: one a page, neither split in two
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", laptop.pdf(format="A4"))) == 2


def test_a_nominee_answers_the_invitation_in_arabic_then_spanish(server, browser, playwright):
    from tests.browser.test_nominations import invite, nominate
    from tests.browser.test_nominations import set_up as set_up_ward

    laptop = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    w = set_up_ward(laptop, server)
    resident = browser.new_context(**playwright.devices["Pixel 5"]).new_page()
    for nominator, postcode in (("Bo Diaz", "SE24 9ZZ"), ("Cy Lee", "SW2 1XY"),
                                ("Di Okoro", "SE24 0AB")):
        nominate(resident, w["form"], "Sam Reid", nominator, postcode, "She runs the food bank.")
        expect(resident.get_by_role("heading", name="Thank you")).to_be_visible()
    link = invite(laptop, w["review"], "Sam Reid")
    phone = browser.new_context(**playwright.devices["Pixel 5"], locale="ar").new_page()
    phone.goto(link)
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    expect(phone.get_by_role("heading", name="Sam Reid، هل ستترشّح؟")).to_be_visible()
    expect(phone.locator(".whys li").first).to_have_text("“She runs the food bank.”")
    assert _english_left(phone) == []
    phone.get_by_label("بيانك للناخبين").fill("word " * 101)
    phone.get_by_role("button", name="أقبل وأترشّح").click()
    expect(phone.get_by_role("alert")).to_have_text(
        "يحتوي بيانك على 101 كلمة: 100 على الأكثر من فضلك.")
    phone.get_by_label("بيانك للناخبين").fill("Lifts that work.")
    phone.get_by_role("button", name="أقبل وأترشّح").click()
    expect(phone.get_by_role("heading", name="أنت مرشّح في Tulse Hill")).to_be_visible()
    assert _english_left(phone) == []
    from tests.browser.test_large_text import NARROW, large_text, sideways
    narrow = browser.new_context(**NARROW).new_page()
    large_text(narrow)
    for lang in ("ar", "es"):
        narrow.goto(f"{link}?lang={lang}")
        assert sideways(narrow) is None
    phone.get_by_role("link", name="Español").click()
    expect(phone.get_by_role("heading", name="Es candidato en Tulse Hill")).to_be_visible()
    phone.get_by_label("Me retiro: quiten mi nombre de la papeleta.").check()
    phone.get_by_role("button", name="Retirarme").click()
    expect(phone.get_by_role("heading", name="Gracias, Sam Reid")).to_be_visible()
    expect(phone.get_by_text("Se retiró de las primarias.")).to_be_visible()
    assert _english_left(phone) == []
    assert problems(phone) == []
    laptop.goto(w["primary"])
    expect(laptop.locator("body")).not_to_contain_text("Lifts that work.")
