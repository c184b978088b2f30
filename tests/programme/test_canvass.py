"""The doorstep intake through the app: canvasser links, the form with and without JavaScript,
answers stored once, contacts kept apart, the numbers, the import and the export."""

from __future__ import annotations

import csv
import io
import re
import uuid
from datetime import date

import pytest

from tests.conftest import rows, with_db

TODAY = date.today().isoformat()


def count(settings, table: str) -> int:
    return rows(settings, f"SELECT COUNT(*) FROM {table}")[0][0]


@pytest.fixture
def ward(organiser) -> int:
    assert organiser.submit("/o/areas", {"name": "Lambeth"}).status_code == 303
    assert organiser.submit("/o/wards", {"area_id": "1", "name": "Tulse Hill",
                                         "seats": "1"}).status_code == 303
    return 1


@pytest.fixture
def link(organiser, ward) -> str:
    r = organiser.submit(f"/o/wards/{ward}/canvass/links")
    assert r.status_code == 200 and r.context["new_link"].role == "canvasser"
    assert "<svg" in r.text  # the QR code for the canvasser's phone
    return r.context["new_link"].token


def door(**extra) -> dict:
    return {"uid": str(uuid.uuid4()), "day": TODAY, "street": "Acre Lane", "outcome": "talked",
            "good": "The park", "improve": "Streetlights", **extra}


def send(client, token: str, data: dict, json: bool = True):
    headers = {"accept": "application/json"} if json else {}
    return client.submit(f"/c/{token}", data, headers=headers)


def test_a_canvasser_link_opens_the_wards_form(client, link, organiser):
    r = client.get(f"/c/{link}")
    assert r.status_code == 200 and r.template.name == "programme/canvass.html"
    assert r.context["ward"].name == "Tulse Hill"
    assert re.search(r'<script src="/static/canvass.js"', r.text)


def test_without_javascript_the_form_posts_and_says_saved(client, link, settings):
    r = send(client, link, door(), json=False)
    assert r.status_code == 303 and r.headers["location"] == f"/c/{link}?saved=1"
    page = client.get(r.headers["location"])
    assert "Saved" in page.text and page.context["doors_today"] == 1
    assert 'Doors recorded today with this link: <strong id="doors-today">1</strong>' in page.text
    assert count(settings, "doorsteps") == 1


def test_an_answer_sent_again_is_stored_once(client, link, settings):
    answer = door()
    first, again = send(client, link, answer), send(client, link, answer)
    assert first.json() == {"saved": True, "already": False, "note": None}
    assert again.status_code == 200 and again.json()["already"] is True
    assert count(settings, "doorsteps") == 1


def test_a_bad_answer_is_explained_and_nothing_is_stored(client, link, settings):
    r = send(client, link, door(good="", improve=""))
    assert r.status_code == 400 and "at least one" in r.json()["error"]
    r = send(client, link, door(street=""), json=False)
    assert r.status_code == 400 and r.context["error"] == "Please give the street."
    assert r.context["values"]["good"] == "The park"  # what was typed is still there
    assert count(settings, "doorsteps") == 0


def test_contact_details_need_consent_and_are_kept_apart(client, link, organiser, settings,
                                                         ward):
    r = send(client, link, door(name="Jo Bloggs", phone="07700 900123"))
    assert r.status_code == 400 and "consent" in r.json()["error"]
    assert count(settings, "contacts") == 0
    r = send(client, link, door(consent="yes", name="Jo Bloggs", phone="07700 900123",
                                invited="yes"))
    assert r.status_code == 200 and count(settings, "contacts") == 1
    columns = with_db(settings, lambda d: d.fetchone("SELECT * FROM doorsteps")).keys()
    assert not {"name", "phone", "email"} & set(columns)
    page = organiser.get(f"/o/wards/{ward}/canvass")
    assert [c.name for c in page.context["contacts"]] == ["Jo Bloggs"]
    assert "Jo Bloggs" not in client.get(f"/c/{link}").text  # canvassers never see them again


def test_a_contact_is_deleted_on_request_and_the_deletion_logged(organiser, client, link,
                                                                 settings, ward):
    send(client, link, door(consent="yes", name="Jo Bloggs", email="jo@example.org"))
    contact_id = organiser.get(f"/o/wards/{ward}/canvass").context["contacts"][0].id
    r = organiser.submit(f"/o/wards/{ward}/contacts/delete", {"contact_id": str(contact_id)})
    assert r.status_code == 303 and count(settings, "contacts") == 0
    assert count(settings, "doorsteps") == 1  # the answers stay
    again = organiser.submit(f"/o/wards/{ward}/contacts/delete", {"contact_id": str(contact_id)})
    assert again.status_code == 400 and "deleted already" in again.context["error"]
    events = [e.kind for e in organiser.get("/o/events").context["events"]]
    assert "contact deleted" in events
    assert "Jo Bloggs" not in organiser.get("/o/events").text


def test_who_they_trust_becomes_a_doorstep_nomination(client, link, settings):
    r = send(client, link, door(trusted="Bernadette O'Neil", why="Runs the food bank",
                                nominator="Sam Reid", postcode="SE24 0AB", lives_here="yes"))
    assert r.status_code == 200 and r.json()["note"] is None
    assert rows(settings, "SELECT source FROM nominations") == [("doorstep",)]
    assert count(settings, "doorstep_nominations") == 1


def test_a_nomination_that_is_not_taken_never_loses_the_queued_answer(client, link, settings):
    trust = {"trusted": "Bernadette O'Neil", "why": "Food bank", "nominator": "Sam Reid",
             "postcode": "SE24 0AB", "lives_here": "yes"}
    send(client, link, door(**trust))
    r = send(client, link, door(**trust))  # the same resident names the same person again
    assert r.status_code == 200 and "already nominated" in r.json()["note"]
    assert count(settings, "doorsteps") == 2 and count(settings, "nominations") == 1
    # without JavaScript the canvasser is at the door, so they are asked to fix it instead
    r = send(client, link, door(**trust), json=False)
    assert r.status_code == 400 and "already nominated" in r.context["error"]
    assert count(settings, "doorsteps") == 2


def test_a_revoked_link_stops_working(organiser, client, link, ward, settings):
    link_id = link.split("-")[0]
    r = organiser.submit(f"/o/wards/{ward}/canvass/links/revoke", {"link_id": link_id})
    assert r.status_code == 303
    assert client.get(f"/c/{link}").status_code == 403
    r = send(client, link, door())
    assert r.status_code == 403 and "revoked" in r.json()["error"]
    assert count(settings, "doorsteps") == 0


def test_canvasser_links_do_not_open_steward_or_teller_pages(client, link):
    assert client.get(f"/s/{link}").status_code == 403
    assert client.get(f"/t/{link}").status_code == 403


def test_the_numbers_per_ward_and_day(organiser, client, link, ward):
    send(client, link, door(invited="yes", consent="yes", name="Jo", email="jo@example.org"))
    send(client, link, door())
    send(client, link, door(outcome="no answer", good="", improve=""))
    r = organiser.get("/o/answers")
    (w,) = r.context["wards"]
    assert w.days == [{"day": TODAY, "doors": 3, "answers": 2, "nominations": 0, "consents": 1,
                       "invited": 1}]
    assert '<svg viewBox="0 0 600 160"' in r.text and 'class="bar-doors"' in r.text
    assert organiser.get(f"/o/wards/{ward}/canvass").context["numbers"].totals["doors"] == 3


def test_the_export_has_the_answers_and_no_contact_details(organiser, client, link, settings):
    send(client, link, door(consent="yes", name="Jo Bloggs", email="jo@example.org",
                            good="=HYPERLINK(\"x\")"))
    send(client, link, door(outcome="declined", good="", improve=""))
    r = organiser.get("/o/answers/export.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0] == ["id", "area", "ward", "street", "date", "good", "improve", "invited",
                       "source"]
    assert len(rows) == 2 and rows[1][5] == "'=HYPERLINK(\"x\")"  # not run as a formula
    assert rows[1][0].isdigit()
    assert "Jo Bloggs" not in r.text and "jo@example.org" not in r.text
    assert "answers exported" in [e.kind for e in organiser.get("/o/events").context["events"]]


def test_hustings_themes_reads_the_export_as_it_is(organiser, client, link):
    from programme.themes_cli import read_answers

    send(client, link, door(improve="Fix the lights, and the bins; more buses"))
    send(client, link, door(improve="Caf\u00e9s open later"))
    send(client, link, door(improve=""))  # only what is good: no demand to cluster
    wards = read_answers(organiser.get("/o/answers/export.csv").content)
    (answers,) = wards.values()
    assert sorted(a.text for a in answers) == ["Caf\u00e9s open later",
                                               "Fix the lights, and the bins; more buses"]
    assert all(a.id.isdigit() for a in answers)


def test_street_list_is_offered_and_normalises_what_is_typed(organiser, client, link, ward,
                                                            settings):
    r = organiser.submit(f"/o/wards/{ward}/streets",
                         {"streets": "Acre Lane\n  Brixton  Water Lane \n\nacre lane\n"})
    assert r.status_code == 303
    page = client.get(f"/c/{link}")
    assert page.context["streets"] == ["Acre Lane", "Brixton Water Lane"]
    send(client, link, door(street="brixton water LANE"))
    assert rows(settings, "SELECT street FROM doorsteps") == [("Brixton Water Lane",)]


def upload(organiser, data: bytes, name: str = "answers.csv", **fields):
    return organiser.post("/o/answers/import", data={"csrftoken": organiser.csrf(), **fields},
                          files={"file": (name, data, "text/csv")})


def test_a_broken_import_is_refused_whole_and_the_fixed_file_imports(organiser, ward, settings):
    broken = ("ward,street,date,good,improve,invited\n"
              f"Tulse Hill,Acre Lane,{TODAY},The park,Bins,yes\n"
              f"Tulse Hill,Acre Lane,{TODAY},,,no\n"
              f"Nowhere,Acre Lane,{TODAY},Trees,,\n").encode()
    r = upload(organiser, broken)
    assert r.status_code == 400 and "Nothing was imported" in r.context["error"]
    assert [str(p) for p in r.context["plan"].problems] == [
        "Row 3, column good and improve: both answers are empty; each row needs at least one.",
        "Row 4, column ward: there is no ward called 'Nowhere'. Create it first, or check the "
        "spelling."]
    assert count(settings, "doorsteps") == 0 and count(settings, "imports") == 0
    fixed = broken.replace(b",,,no", b",Quiet,,no").replace(b"Nowhere", b"Tulse Hill")
    r = upload(organiser, fixed)
    assert r.status_code == 303
    page = organiser.get(r.headers["location"])
    assert "Imported 3 answers from answers.csv" in page.text
    assert count(settings, "doorsteps") == 3
    assert "answers imported" in [e.kind for e in organiser.get("/o/events").context["events"]]


def test_importing_the_same_file_twice_is_reported(organiser, ward, settings):
    data = f"ward,street,date,good,improve\nTulse Hill,Acre Lane,{TODAY},Park,Bins\n".encode()
    assert upload(organiser, data).status_code == 303
    r = upload(organiser, data)
    assert r.status_code == 400 and "already recorded" in r.context["error"]
    assert "imported before" in str(r.context["plan"].duplicates[0])
    assert upload(organiser, data, keep_duplicates="yes").status_code == 303
    assert count(settings, "doorsteps") == 2


def test_the_template_imports_as_it_is_once_its_ward_exists(organiser, ward):
    template = organiser.get("/o/answers/template.csv")
    assert template.headers["content-disposition"].startswith("attachment")
    r = upload(organiser, template.content.replace(b"2026-03-14", TODAY.encode())
               .replace(b"14/03/2026", "/".join(reversed(TODAY.split("-"))).encode()))
    assert r.status_code == 303, r.context["plan"].problems


def test_an_upload_without_a_file_or_not_multipart_is_explained(organiser, ward):
    r = organiser.post("/o/answers/import", data={"csrftoken": organiser.csrf()},
                       files={"file": ("", b"", "text/csv")})
    assert r.status_code == 400 and r.context["error"] == "Choose a CSV file to import."
    r = organiser.submit("/o/answers/import", {"file": "x"})
    assert r.status_code == 415 and "Choose a CSV file" in r.context["error"]


def test_a_multipart_post_needs_its_token_first(organiser, ward, settings):
    data = f"ward,street,date,good,improve\nTulse Hill,Acre Lane,{TODAY},Park,Bins\n".encode()
    r = organiser.post("/o/answers/import", files={"file": ("a.csv", data, "text/csv")})
    assert r.status_code == 403  # no token at all
    token = organiser.csrf()
    r = organiser.post("/o/answers/import", files=[("file", ("a.csv", data, "text/csv")),
                                                   ("csrftoken", (None, token))])
    assert r.status_code == 403  # the token after the file is not looked for
    r = organiser.post("/o/answers/import", data={"csrftoken": "forged" + token[6:]},
                       files={"file": ("a.csv", data, "text/csv")})
    assert r.status_code == 403
    r = organiser.post("/o/answers/import", files={"file": ("a.csv", data, "text/csv")},
                       headers={"x-csrftoken": token})
    assert r.status_code == 303  # a script may send the token as a header instead
    assert count(settings, "doorsteps") == 1


def test_doorstep_pages_have_nothing_inline(organiser, client, link, ward):
    send(client, link, door())
    for page in (client.get(f"/c/{link}").text, organiser.get("/o/answers").text,
                 organiser.get(f"/o/wards/{ward}/canvass").text):
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>|\sstyle\s*=|\son[a-z]+\s*=", page)


def test_the_service_worker_is_served_for_the_canvasser_pages(client):
    r = client.get("/c/sw.js")
    assert r.status_code == 200 and "javascript" in r.headers["content-type"]
    assert "worker-src 'self'" in r.headers["content-security-policy"]


def test_migration_keeps_steward_and_teller_links(settings, evening):
    async def roles(d):
        return [tuple(r) for r in await d.fetchall(
            "SELECT role, meeting_id IS NOT NULL, ward_id IS NULL FROM links ORDER BY id")]
    assert with_db(settings, roles) == [("steward", 1, 1), ("teller", 1, 1)]


def test_a_file_is_read_in_the_worker_not_on_the_servers_event_loop(organiser, ward, settings,
                                                                   monkeypatch):
    def on_the_loop(*args):
        raise AssertionError("a 99,000-row file read here would stall every phone for seconds")

    monkeypatch.setattr("programme.importing.read", on_the_loop)  # this process only
    data = "".join(["ward,street,date,good,improve\n"] + [
        f"Tulse Hill,Acre Lane,{TODAY},Park {i},Bins\n" for i in range(4500)]).encode()
    assert upload(organiser, data).status_code == 303
    assert count(settings, "doorsteps") == 4500, "every part of the plan came back"


def test_the_form_and_its_refusals_speak_the_canvassers_language(client, link, settings):
    page = client.get(f"/c/{link}?lang=es")
    assert page.context["lang"] == "es" and "Guardar esta puerta" in page.text
    assert "Save this door" not in page.text
    r = send(client, link, door(day="2026-02-31", consent="yes", name="Ana"), json=False)
    assert r.status_code == 400
    assert "no existe el 31 de febrero de 2026" in r.context["error"]
    r = send(client, link, door(street="", good="x"))
    assert r.status_code == 400 and r.json()["error"] == "Indique la calle, por favor."
    assert count(settings, "doorsteps") == 0


def test_the_workers_no_signal_page_speaks_the_doorstep_pages_language(client):
    r = client.get("/c/sw.js", params={"lang": "ar"})
    assert '"lang": "ar"' in r.text and '"dir": "rtl"' in r.text
    assert "لا توجد إشارة" in r.text and "not saved on this phone" not in r.text
    assert '"lang": "en"' in client.get("/c/sw.js", params={"lang": "<x>"}).text
