"""A resident finds the public pages by links alone: from the home page to their ward, to the
ward's programme and who pledged to it, to the printable charter, whose QR code (decoded by the
jsQR the steward's scanner uses) leads back to the public page. Under each demand the quotes
are the parts of answers that ask for it; a signature shows the candidate's name on record."""

import asyncio
import base64
import json
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from playwright.sync_api import expect

import db as database
from tests.browser.conftest import problems
from tests.browser.test_languages import _english_left
from tests.browser.test_large_text import NARROW, large_text, sideways
from tests.phones import settings_of
from tests.programme import programme_seed
from tests.programme.theme_data import add_answers

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
TWO_DEMANDS = "The GP never has appointments and the streetlights on our road are broken"
PART = "the streetlights on our road are broken"


async def seed_with_a_two_demand_answer(settings) -> dict:
    """The two-ward area; in Coldharbour an answer asking for two things is one of the
    streetlights theme's quotes, and only its second part is filed in that theme."""
    area = await programme_seed.seed(settings)
    ward, lights = area["wards"]["Coldharbour"], area["themes"]["Coldharbour"][0]
    db = await database.connect(settings.db_path)
    try:
        await add_answers(db, ward, [TWO_DEMANDS])
        doorstep = await db.fetchval("SELECT id FROM doorsteps WHERE improve = ?",
                                     (TWO_DEMANDS,))
        async with db.transaction() as conn:
            await conn.execute("UPDATE themes SET quotes = ? WHERE id = ?",
                               (json.dumps([TWO_DEMANDS, "Fix the lights, please"]), lights))
            await conn.execute("INSERT INTO theme_members (ward_id, doorstep_id, clause, place,"
                               " theme_id) VALUES (?, ?, ?, 'theme', ?)",
                               (ward, doorstep, PART, lights))
    finally:
        await db.close()
    return area


def decode_qr(page, locator) -> str:
    """What the QR code on the page says, read from its pixels by the vendored jsQR."""
    png = base64.b64encode(locator.screenshot()).decode()
    page.add_script_tag(url="/static/vendor/jsQR.min.js")
    return page.evaluate("""async (png) => {
        const img = new Image();
        img.src = "data:image/png;base64," + png;
        await img.decode();
        const canvas = document.createElement("canvas");
        canvas.width = img.width; canvas.height = img.height;
        const ctx = canvas.getContext("2d");
        ctx.drawImage(img, 0, 0);
        const pixels = ctx.getImageData(0, 0, img.width, img.height);
        const found = window.jsQR(pixels.data, img.width, img.height);
        return found ? found.data : null;
    }""", png)


def freeze_with_one_demand(page, server, ward_id: int) -> None:
    page.goto(f"{server.url}/o/wards/{ward_id}/programme")
    page.get_by_label(re.compile("Place for")).first.fill("1")
    page.get_by_role("button", name="Record the shortlist").click()
    page.get_by_role("button", name="Add demand").first.click()
    expect(page.get_by_role("status")).to_have_text("Demand added.")
    page.get_by_label("This version is final: freeze it").check()
    page.get_by_role("button", name="Freeze version 1").click()
    expect(page.get_by_role("status")).to_have_text("Programme frozen.")


def test_a_resident_finds_the_programme_and_the_charter_leads_back(server, browser):
    with ThreadPoolExecutor(1) as thread:  # Playwright's event loop runs in this one
        area = thread.submit(asyncio.run,
                             seed_with_a_two_demand_answer(settings_of(server))).result()
    ward = area["wards"]["Coldharbour"]
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(server.login_link())
    page.get_by_role("button", name="Log in").click()
    freeze_with_one_demand(page, server, ward)
    page.get_by_role("button", name="Make signing link for Ana Okafor").click()
    link = page.get_by_label("signing link for Ana Okafor").input_value()
    # she reads Spanish, on a phone with its text at 200 %
    candidate = browser.new_context(**NARROW, locale="es-ES").new_page()
    large_text(candidate)
    candidate.goto(link)
    expect(candidate.locator("html")).to_have_attribute("lang", "es")
    assert _english_left(candidate) == []
    assert sideways(candidate) is None
    candidate.get_by_label("Su nombre completo").fill("ana okafor")  # as she typed it
    candidate.get_by_role("button", name="Firmar el compromiso").click()
    expect(candidate.get_by_role("alert")).to_contain_text("la demanda 1 no está marcada")
    candidate.get_by_role("checkbox").first.check()
    candidate.get_by_role("button", name="Firmar el compromiso").click()
    expect(candidate.get_by_role("status")).to_contain_text(
        "Usted, Ana Okafor, firmó la versión 1")
    assert _english_left(candidate) == []

    resident = browser.new_context(viewport={"width": 390, "height": 800}).new_page()
    resident.goto(server.url)
    resident.get_by_role("link", name="Coldharbour", exact=True).click()
    expect(resident.get_by_role("heading", name="Coldharbour", exact=True)).to_be_visible()
    assert not problems(resident)
    resident.get_by_role("link", name="Coldharbour programme and pledges").click()
    heading = resident.get_by_role("heading", name=re.compile("pledged to Coldharbour"))
    expect(heading).to_be_visible()
    evidence = resident.locator(".demands li").first.locator(".evidence")
    expect(evidence).to_contain_text(f"“…{PART}”")  # the part that asks for it
    expect(evidence).not_to_contain_text("GP")
    signed = resident.locator(".signers tr.signed")
    expect(signed).to_contain_text("Ana Okafor")
    expect(signed).not_to_contain_text("ana okafor")
    assert not problems(resident)
    SHOTS.mkdir(parents=True, exist_ok=True)
    resident.screenshot(path=str(SHOTS / "pledge-page.png"), full_page=True)

    resident.get_by_role("link", name="Printable charter").click()
    public = f"{server.url}/pledges/wards/{ward}"
    expect(resident.locator(".charter-url")).to_have_text(public)
    assert decode_qr(resident, resident.locator(".charter-qr svg")) == public
    resident.emulate_media(media="print")
    expect(resident.locator(".charter-qr svg")).to_be_visible()
    resident.screenshot(path=str(SHOTS / "charter-ward.png"), full_page=True)
    resident.goto(public)  # where the QR code leads: the page the resident came from
    expect(resident.locator(".demands li")).to_have_count(1)
