"""An assembly chosen by lot, in a real browser: the organiser uploads the ward's streets, draws
the doors with the room's dice, prints the walk list and the letters; three residents register on
their phones from the letter's link; the panel is drawn and its public page shows the targets,
the chances and the panel; the assembly's meeting comes with a card per member to print."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import create_ward, problems

ADDRESSES = "street,address\n" + "".join(
    f"{street},{n} {street}\n" for street in ("Acre Lane", "Railton Road", "Mayall Road")
    for n in range(1, 13))
QUOTAS = "category,value,min,max\ngender,Woman,1,1\ngender,Man,1,1\nage,Under 40,0,2\n" \
         "age,40 and over,0,2"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def register(browser, url: str, name: str, gender: str, age: str) -> None:
    phone = browser.new_context(**PHONE).new_page()
    phone.goto(url)
    phone.get_by_label("Your name").fill(name)
    phone.get_by_label("Phone or email").fill(f"{name.lower()}@example.org")
    phone.get_by_role("group", name="gender").get_by_label(gender, exact=True).check()
    phone.get_by_role("group", name="age").get_by_label(age, exact=True).check()
    phone.get_by_label("I agree").check()
    if name == "Ama":
        phone.get_by_label("my name may be shown").check()
    phone.get_by_role("button", name="Count me in").click()
    expect(phone.locator("#joined")).to_contain_text("You are registered")
    phone.context.close()


def test_streets_to_a_public_panel(server, browser, tmp_path):
    laptop = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    create_ward(laptop, server)
    laptop.get_by_role("link", name="By lot").click()
    laptop.get_by_label("Name of the assembly").fill("Tulse Hill assembly")
    laptop.get_by_label("Seats").fill("2")
    laptop.get_by_label("Español").check()
    laptop.get_by_role("button", name="Create the assembly").click()
    expect(laptop.get_by_role("heading", name="Tulse Hill assembly")).to_be_visible()

    # The streets, whole: a broken file first, then the fixed one.
    laptop.get_by_label("CSV file").set_input_files(files=[{
        "name": "streets.csv", "mimeType": "text/csv",
        "buffer": (ADDRESSES + "Acre Lane,\n").encode()}])
    laptop.get_by_role("button", name="Import the addresses").click()
    expect(laptop.locator("#report")).to_contain_text("Row 38, column address: the address is "
                                                      "missing.")
    laptop.get_by_label("CSV file").set_input_files(files=[{
        "name": "streets.csv", "mimeType": "text/csv", "buffer": ADDRESSES.encode()}])
    laptop.get_by_role("button", name="Import the addresses").click()
    expect(laptop.locator("#addresses")).to_have_text("36 addresses imported.")

    # The doors, drawn with the dice thrown in the room.
    laptop.get_by_label("Doors to knock on").fill("6")
    laptop.get_by_label("The dice for the doors, in order").fill("3141 5623")
    laptop.get_by_role("button", name="Draw the doors").click()
    expect(laptop.locator("#doors-drawn")).to_contain_text("6 doors drawn from 36 addresses "
                                                           "with the seed 31415623")
    panel_page = laptop.url.split("#")[0]

    laptop.get_by_role("link", name="Print the walk list").click()
    expect(laptop.locator("ul.walk li")).to_have_count(6)
    laptop.go_back()
    laptop.get_by_role("link", name="Print the invitation letters").click()
    expect(laptop.locator("article.letter")).to_have_count(6)
    expect(laptop.locator("article.letter svg")).to_have_count(6)  # a QR code on each
    expect(laptop.locator("article.letter [lang=es] h1")).to_have_count(6)
    expect(laptop.locator("article.letter [lang=es] h1").first).to_have_text(
        "Está invitado a la asamblea de Tulse Hill")
    laptop.emulate_media(media="print")
    pdf = laptop.pdf(path=str(tmp_path / "letters.pdf"))
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    join_url = laptop.locator(".poster-url").first.inner_text()
    assert re.fullmatch(rf"{re.escape(server.url)}/join/[\w-]+", join_url)

    # The categories and their quotas.
    laptop.goto(panel_page)
    laptop.get_by_label("Quotas").fill(QUOTAS)
    laptop.get_by_role("button", name="Save the quotas").click()

    register(browser, join_url, "Ama", "Woman", "Under 40")
    register(browser, join_url, "Ben", "Man", "40 and over")
    register(browser, join_url, "Cleo", "Woman", "40 and over")
    phone = browser.new_context(**PHONE, locale="es-ES").new_page()  # the letter's Spanish
    phone.goto(join_url)
    expect(phone.get_by_role("button", name="Cuenten conmigo")).to_be_visible()
    expect(phone.get_by_role("group", name="gender").get_by_label("Prefiero no decirlo")
           ).to_be_visible()
    assert problems(phone) == []
    phone.context.close()

    laptop.goto(panel_page)
    expect(laptop.locator("#volunteer-count")).to_have_text("3")
    laptop.get_by_label("The dice for the panel, in order").fill("6543 2112")
    laptop.get_by_role("button", name="Draw the panel of 2 seats").click()
    expect(laptop.locator("#members tbody tr")).to_have_count(2, timeout=60_000)
    expect(laptop.locator("#members")).to_contain_text("Ben")  # the only man: always drawn
    assert problems(laptop) == []

    laptop.get_by_role("link", name="public page").click()
    expect(laptop.locator("#seed")).to_have_text("65432112")
    rows = [[c.strip() for c in r.split("\t")]
            for r in laptop.locator("#targets tbody tr").all_inner_texts()]
    assert rows[:2] == [["gender", "Woman", "1", "1"], ["gender", "Man", "1", "1"]]
    expect(laptop.locator("#chances tbody tr")).to_have_count(3)
    expect(laptop.locator("#chances")).to_contain_text("100.0%")  # Ben
    expect(laptop.locator("#chances")).to_contain_text("50.0%")  # each woman
    expect(laptop.locator("#panel li")).to_have_count(2)
    expect(laptop.locator("#panel")).not_to_contain_text("Ben")  # no consent to show his name
    expect(laptop.locator("#command")).to_contain_text("--seats 2 --seed 65432112")
    assert problems(laptop) == []

    # The assembly votes: its meeting comes with a card for each member, ready to print.
    laptop.goto(panel_page)
    laptop.get_by_label("Venue").fill("St Jude's hall")
    laptop.get_by_label("Starts at").fill("2026-12-10T19:00")
    laptop.get_by_role("button", name="Create the assembly's meeting").click()
    laptop.get_by_role("link", name="Print 2 cards").click()
    expect(laptop.locator(".vcard")).to_have_count(2)
    assert problems(laptop) == []
    laptop.goto(panel_page)
    expect(laptop.locator("#members")).to_contain_text("St Jude's hall")
    expect(laptop.locator("#members")).to_contain_text("2 cards")
