"""The voter's language: the browser's first, then one tap on the ballot, kept for the card;
only the languages the meeting offers."""

from __future__ import annotations

from tests.conftest import with_db
from tests.votes.test_evening import make_evening, vote


def _open(organiser):
    e = make_evening(organiser)
    organiser.submit(e["steward"], {"serials": "1-3"})
    organiser.submit(f"{e['primary']}/open")
    return e


def test_the_browser_language_decides_the_first_page(organiser):
    code = _open(organiser)["codes"][0]
    r = organiser.get(f"/v/{code}", headers={"Accept-Language": "es-ES,es;q=0.9"})
    assert r.context["lang"] == "es" and '<html lang="es" dir="ltr">' in r.text
    assert "Revisar mi voto" in r.text and "Check my vote" not in r.text
    assert "1.º lugar" in r.text
    r = organiser.get(f"/v/{code}", headers={"Accept-Language": "fr"})
    assert r.context["lang"] == "en" and "1st choice" in r.text


def test_one_tap_keeps_the_language_for_the_card_and_only_that_card(organiser):
    e = _open(organiser)
    first, second = e["codes"][:2]
    r = organiser.get(f"/v/{first}", params={"lang": "ar"})
    assert '<html lang="ar" dir="rtl">' in r.text and "ورقة اقتراعك" in r.text
    organiser.cookies.delete("lang")  # another phone, or the cookie gone: the card remembers
    assert organiser.get(f"/v/{first}", headers={"Accept-Language": "es"}).context["lang"] == "ar"
    assert organiser.get(f"/v/{second}", headers={"Accept-Language": "es"}).context["lang"] == "es"
    r = vote(organiser, first, "Ana", "Ben")
    assert r.template.name == "hall/voted.html" and r.context["lang"] == "ar"
    assert "شكرًا لك" in r.text


def test_a_mistake_is_said_in_the_voters_language(organiser):
    e = _open(organiser)
    code = e["codes"][0]
    organiser.get(f"/v/{code}", params={"lang": "pt"})
    r = organiser.submit(f"/v/{code}", {"rank1": "", "primary_id": "1"})
    assert r.status_code == 400 and r.context["error"].startswith("Não ordenou ninguém")


def test_a_language_the_meeting_does_not_offer_is_not_kept(organiser, settings):
    e = _open(organiser)
    code = e["codes"][0]

    async def offer(d):
        async with d.transaction() as conn:
            await conn.execute("UPDATE meetings SET languages = 'en es'")

    with_db(settings, offer)
    r = organiser.get(f"/v/{code}", params={"lang": "ar"},
                      headers={"Accept-Language": "pt, es;q=0.5"})
    assert r.context["lang"] == "es"
    assert [c for c, _ in r.context["languages"]] == ["en", "es"]
    r = organiser.get(f"/v/{code}", params={"lang": "xx"})
    assert r.status_code == 200 and r.context["lang"] == "en"


def test_the_organiser_chooses_the_languages_and_the_cards_second_language(organiser):
    e = make_evening(organiser)
    url = f"{e['meeting']}/languages"
    r = organiser.submit(url, {"lang_en": "yes", "lang_es": "yes", "card_language": "es"})
    assert r.status_code == 303
    printed = organiser.get(f"{e['meeting']}/cards/print").text
    assert printed.count('lang="es" dir="ltr"') >= 10
    assert "Escanee el código QR con la cámara de su teléfono para votar." in printed
    assert "Scan the QR code with your phone's camera to vote." in printed
    organiser.submit(e["steward"], {"serials": "1"})
    r = organiser.get(f"/v/{e['codes'][0]}", headers={"Accept-Language": "ar"})
    assert r.context["lang"] == "en" and [c for c, _ in r.context["languages"]] == ["en", "es"]
    # refused, and nothing changes: no language, or a card language the ballot does not offer
    for bad in ({"card_language": ""}, {"lang_en": "yes", "card_language": "ar"},
                {"lang_en": "yes", "card_language": "en"}):
        r = organiser.submit(url, bad)
        assert r.status_code == 400 and r.context["error"]
    page = organiser.get(e["meeting"])
    assert page.context["offered"] == ("en", "es") and page.context["meeting"].card_language == "es"


def test_a_refused_form_and_a_vote_not_yet_published_are_said_in_the_voters_language(
        organiser, client):
    e = _open(organiser)
    code = e["codes"][0]
    client.get(f"/v/{code}", params={"lang": "ar"})  # the voter tapped Arabic
    r = client.post(f"/v/{code}", data={"csrftoken": "stale"})  # the form had expired
    assert r.status_code == 403 and '<html lang="ar" dir="rtl">' in r.text
    assert "انتهت صلاحية هذا النموذج" in r.text and "expired" not in r.text
    client.cookies.delete("lang")
    r = client.post(f"/v/{code}", data={}, headers={"Accept-Language": "es"})
    assert r.status_code == 403 and "Inténtelo de nuevo" in r.text
    results = e["primary"].replace("/o/primaries/", "/results/")
    r = client.get(results, params={"lang": "pt"})
    assert r.status_code == 409 and r.context["title"] == "Agora não"
    assert "not" not in r.context["message"]


def test_a_mistyped_address_is_said_in_the_visitors_language(client):
    r = client.get("/v0te", headers={"Accept-Language": "es"})
    assert r.status_code == 404 and r.context["title"] == "Aquí no hay nada"
    assert "Compruebe el enlace" in r.text and "Check the link" not in r.text
    assert client.get("/v0te").context["title"] == "Not here"
