"""From ward themes to a signed programme in a real browser: an assembly votes on phones, the
shortlist of five appears, the organiser writes demands (and moves one up), two wards make an
area programme, it is frozen (hash shown), two candidates sign through their links, one
withdraws, and the public pages and the printed charter show exactly that."""

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import cards_and_steward, problems
from tests.browser.test_evening import cast_with_taps
from tests.browser.test_languages import _english_left
from tests.phones import settings_of
from tests.programme import programme_seed

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
THEMES = [label for label, _ in programme_seed.WARDS["Coldharbour"]]
# The ballot the organiser confirms: the themes page's shortlist (the first five), the first
# reworded, the 5th left off, the 6th and 7th added.
BALLOT = ["Every streetlight working", *THEMES[1:4], *THEMES[5:7]]


def confirm_ballot(page) -> None:
    """The organiser reads which themes are in and why, and confirms the options' words."""
    form = page.locator("#assembly")
    expect(form.locator(".option.ticked .label")).to_have_text(THEMES[:5])
    expect(form.locator(".option").nth(0)).to_contain_text(
        "On the themes page's shortlist, place 1.")
    expect(form.locator(".option").nth(6)).to_contain_text("Not on the themes page's shortlist")
    form.get_by_label(f"Wording on the ballot for “{THEMES[0]}”").fill(BALLOT[0])
    form.get_by_label(f"On the ballot: {THEMES[4]}").uncheck()
    for theme in THEMES[5:7]:
        form.get_by_label(f"On the ballot: {theme}").check()
    form.get_by_label("Places on the shortlist").fill("5")


def hold_assembly(page, browser, playwright, server, ward_id: int) -> None:
    """The organiser confirms the ballot and creates the assembly vote and its cards; six
    phones vote on exactly the confirmed options; it is counted."""
    page.goto(f"{server.url}/o/wards/{ward_id}/programme")
    assert not problems(page)  # the options with their checkboxes, reasons and wording
    confirm_ballot(page)
    page.get_by_label("Venue (a new meeting)").fill("Loughborough Centre")
    page.get_by_label("Starts (a new meeting)").fill("2026-12-03T19:00")
    page.get_by_role("button", name="Create the assembly vote").click()
    expect(page.get_by_role("heading", name="Coldharbour assembly: the shortlist")).to_be_visible()
    primary_url = page.url
    expect(page.locator(".candidates li")).to_have_text([
        re.compile(re.escape(name)) for name in BALLOT])
    expect(page.locator(".candidates")).to_contain_text("312 doorsteps")
    # words for a vote on demands, not on people
    expect(page.get_by_role("heading", name="Options: demands on the ballot")).to_be_visible()
    expect(page.get_by_text("5 places on the shortlist, counted by")).to_be_visible()
    expect(page.get_by_text("6 options on the ballot")).to_be_visible()
    expect(page.get_by_role("main")).not_to_contain_text(re.compile("candidate|seat", re.I))
    page.get_by_role("link", name="Coldharbour meeting").click()
    meeting_url = page.url
    steward_url = cards_and_steward(page, 6)
    page.goto(meeting_url + "/cards/print")
    codes = page.locator(".vcard .code").all_inner_texts()
    steward = browser.new_context(**playwright.devices["Pixel 5"]).new_page()
    steward.goto(steward_url)
    steward.get_by_label("Card number").fill("1-6")
    steward.get_by_role("button", name="Activate").click()
    expect(steward.locator("#issued")).to_have_text("6")
    page.goto(primary_url)
    page.get_by_role("button", name="Open voting").click()
    expect(page.get_by_text("Voting is open").first).to_be_visible()
    phones = browser.new_context(viewport={"width": 390, "height": 800})
    phone = phones.new_page()
    phone.goto(f"{server.url}/v/{codes[0]}")
    expect(phone.locator(".statements summary")).to_have_text(BALLOT)  # exactly, in order
    expect(phone.locator(".lead")).to_contain_text("Rank the demands")
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SHOTS / "assembly-ballot.png"), full_page=True)
    # Four rank the big themes; a third of the room puts the small 7th theme first.
    for code, ranking in zip(codes, [BALLOT[:5]] * 4 + [[THEMES[6], THEMES[5]]] * 2,
                             strict=True):
        cast_with_taps(phones.new_page(), f"{server.url}/v/{code}", ranking)
    page.goto(primary_url)
    page.get_by_label("I am the chair").check()
    page.get_by_role("button", name="Close voting and count").click()
    for _ in range(12):
        if page.get_by_role("heading", name="Elected").count():
            break
        page.keyboard.press("ArrowRight")
    expect(page.locator(".winners li")).to_have_count(5)
    expect(page.locator(".winners")).to_contain_text(THEMES[6])


def write_demands(page, targets: dict[int, str] | None = None) -> None:
    for n in range(1, 6):
        form = page.locator("form", has=page.get_by_role("button", name="Add demand")).first
        if targets and n in targets:
            form.get_by_label(re.compile("Measurable target")).fill(targets[n])
        form.get_by_role("button", name="Add demand").click()
        expect(page.get_by_role("status")).to_have_text("Demand added.")
    expect(page.get_by_text("This programme has 5 demands, the most it can have.")).to_be_visible()


def show_of_hands(page) -> None:
    for n in range(1, 6):
        page.get_by_label(re.compile("Place for")).nth(n - 1).fill(str(n))
    page.get_by_role("button", name="Record the shortlist").click()
    expect(page.get_by_role("status")).to_have_text("Shortlist recorded.")


def sign(context, link: str, name: str, sha: str, statement: str, on_record: str) -> None:
    page = context.new_page()
    page.goto(link)
    expect(page.locator(".sha code")).to_have_text(sha)
    assert not problems(page)
    for box in page.get_by_role("checkbox").all():
        box.check()
    page.get_by_label("Your full name").fill(name)
    page.get_by_label(re.compile("A short statement")).fill(statement)
    page.get_by_role("button", name="Sign the pledge").click()
    expect(page.get_by_role("status")).to_contain_text(f"You, {on_record}, signed version 1")


def test_from_themes_to_a_signed_programme(server, browser, playwright, tmp_path):
    with ThreadPoolExecutor(1) as thread:  # Playwright's event loop runs in this one
        area = thread.submit(asyncio.run, programme_seed.seed(settings_of(server))).result()
    wards = area["wards"]
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(server.login_link())
    page.get_by_role("button", name="Log in").click()

    hold_assembly(page, browser, playwright, server, wards["Coldharbour"])
    page.goto(f"{server.url}/o/wards/{wards['Coldharbour']}/programme")
    expect(page.locator("#shortlist-how")).to_contain_text("Chosen by the assembly vote")
    expect(page.locator(".shortlist li")).to_have_count(5)
    expect(page.locator(".shortlist")).to_contain_text(THEMES[6])
    write_demands(page, {1: "every streetlight working by March"})

    page.goto(f"{server.url}/o/wards/{wards['Tulse Hill']}/programme")
    show_of_hands(page)
    expect(page.locator("#shortlist-how")).to_contain_text("show of hands")
    write_demands(page)
    page.get_by_role("button", name="Move demand 2 up").click()  # a plain form, no script
    expect(page.get_by_role("status")).to_have_text("Demand moved.")
    expect(page.locator("form.demand textarea").first).to_have_value("More night buses")

    page.goto(f"{server.url}/o/areas/{area['area_id']}/programme")
    expect(page.locator(".wards-side .card")).to_have_count(2)
    expect(page.locator("#assembly .option").first).to_contain_text("Demanded in 2 of 2 wards.")
    show_of_hands(page)
    write_demands(page)
    page.get_by_label("This version is final: freeze it").check()
    page.get_by_role("button", name="Freeze version 1").click()
    sha = page.locator("code.sha").inner_text()
    assert re.fullmatch(r"[0-9a-f]{64}", sha)
    links = {}
    for name in ("Ana Okafor", "Ben Hughes"):
        page.get_by_role("button", name=f"Make signing link for {name}").click()
        links[name] = page.get_by_label(f"signing link for {name}").input_value()

    candidates = browser.new_context(viewport={"width": 390, "height": 800})
    sign(candidates, links["Ana Okafor"], "Ana Okafor", sha, "Lights first.", "Ana Okafor")
    sign(candidates, links["Ben Hughes"], "ben hughes", sha, "Buses all night.", "Ben Hughes")
    again = candidates.new_page()
    again.goto(links["Ana Okafor"])
    again.screenshot(path=str(tmp_path / "pledge-signed.png"), full_page=True)
    again.get_by_label("I withdraw my pledge").check()
    again.get_by_role("button", name="Withdraw my pledge").click()
    expect(again.get_by_role("status")).to_contain_text("You withdrew your pledge on")

    public = browser.new_context().new_page()
    public.goto(f"{server.url}/pledges/areas/{area['area_id']}")
    expect(public.locator(".sha").first).to_have_text(sha)
    rows = public.locator(".signers tbody tr")
    expect(rows).to_have_count(2)
    assert not problems(public)
    expect(rows.nth(0)).to_contain_text("Signed version 1 on")
    expect(rows.nth(0)).to_contain_text("Withdrawn on")
    expect(rows.nth(1)).to_contain_text("Signed version 1 on")
    expect(rows.nth(1)).to_contain_text("Ben Hughes")  # the name on record, not as typed
    expect(rows.nth(1)).not_to_contain_text("ben hughes")
    expect(rows.nth(1)).not_to_contain_text("Withdrawn")
    expect(public.locator(".tally")).to_have_text(
        "1 of 2 candidates signed and stand by it · 1 withdrew.")
    public.screenshot(path=str(SHOTS / "pledges.png"), full_page=True)
    spanish = browser.new_context(locale="es-ES").new_page()
    spanish.goto(f"{server.url}/pledges/areas/{area['area_id']}")
    expect(spanish.locator(".tally")).to_have_text(
        "1 de 2 candidatos lo firmaron y lo mantienen · 1 se retiró.")
    assert _english_left(spanish) == []

    public.goto(f"{server.url}/pledges/wards/{wards['Tulse Hill']}")
    expect(public.locator(".signers tbody tr")).to_have_count(1)
    expect(public.locator(".signers")).to_contain_text("Ben Hughes")

    public.goto(f"{server.url}/pledges/areas/{area['area_id']}/charter")
    public.emulate_media(media="print")
    charter = public.locator(".charter")
    expect(charter).to_contain_text(sha)
    expect(charter.locator(".demands li")).to_have_count(5)
    expect(charter).to_contain_text("Withdrawn on")
    expect(charter).to_contain_text("demanded in 2 of 2 wards".capitalize())
    # the ward's target came with its demand to the area programme
    expect(charter.locator(".demands li").first).to_contain_text(
        "Target: every streetlight working by March")
    expect(public.locator(".no-print")).to_be_hidden()
    public.screenshot(path=str(SHOTS / "charter.png"), full_page=True)
    public.pdf(path=str(tmp_path / "charter.pdf"), format="A4")

    public.emulate_media(media="screen")
    public.goto(f"{server.url}/pledges/areas/{area['area_id']}/poster")
    expect(public.locator(".poster-qr svg")).to_be_visible()
    expect(public.locator(".poster-url")).to_have_text(
        f"{server.url}/pledges/areas/{area['area_id']}")
    public.screenshot(path=str(tmp_path / "poster.png"), full_page=True)
