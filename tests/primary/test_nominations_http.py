"""Nominations through HTTP: the public form, bad input, abuse, the organiser's review, the
nominee's answer, and what the public may and may not see."""


import pytest

from tests.conftest import Client
from tests.primary.nominees import GOOD, by_name, invite, nominate, nominate_many, review, rows


def test_a_resident_nominates_and_is_thanked(client, ward, settings):
    ward_id, _ = ward
    page = client.get(f"/n/{ward_id}")
    assert page.status_code == 200 and page.template.name == "nominations/nominate.html"
    assert page.context["meeting"].venue == "St Jude's"
    r = nominate(client, ward_id)
    assert r.status_code == 303 and r.headers["location"] == f"/n/{ward_id}/thanks"
    assert client.get(r.headers["location"]).status_code == 200
    assert rows(settings)["nominations"] == 1


@pytest.mark.parametrize("changes, message", [
    ({"nominee": ""}, "Please give the name of the person you trust."),
    ({"nominee": "x" * 81}, "at most 80 characters"),
    ({"why": "   "}, "Please give a reason why you trust them."),
    ({"why": "x" * 281}, "at most 280 characters"),
    ({"nominator": ""}, "Please give your own name."),
    ({"postcode": ""}, "Please give your postcode"),
    ({"postcode": "SE24"}, "'SE24' is not a UK postcode."),
    ({"postcode": "ABC 123"}, "is not a UK postcode"),
    ({"lives_or_works_here": ""}, "Tick the box if you do."),
])
def test_bad_input_gets_a_clear_message_and_changes_nothing(client, ward, settings, changes,
                                                           message):
    ward_id, _ = ward
    before = rows(settings)
    r = nominate(client, ward_id, **changes)
    assert r.status_code == 400 and message in r.context["error"]
    assert r.context["values"]["why"] == {**GOOD, **changes}["why"], "what was typed is kept"
    assert rows(settings) == before


def test_the_message_is_in_the_residents_language(client, ward, settings):
    ward_id, _ = ward
    client.get(f"/n/{ward_id}?lang=es")  # one tap, kept in a cookie
    r = nominate(client, ward_id, why="x" * 281)
    assert r.status_code == 400 and r.context["lang"] == "es"
    assert r.context["error"] == ("El motivo por el que confía en esa persona es demasiado largo: "
                                  "como máximo 280 caracteres, por favor (tiene 281).")
    assert rows(settings)["nominations"] == 0


def test_a_duplicate_nomination_gets_a_clear_message_and_changes_nothing(client, ward, settings):
    ward_id, _ = ward
    assert nominate(client, ward_id).status_code == 303
    before = rows(settings)
    r = nominate(client, ward_id, nominee="bernadette o'neil", nominator="ANN LEE",
                 postcode="se240ab", why="Again.")
    assert r.status_code == 400
    assert "You have already nominated Bernadette O'Neil" in r.context["error"]
    assert rows(settings) == before


def test_the_honeypot_is_refused_and_nothing_is_stored(client, ward, settings):
    ward_id, _ = ward
    before = rows(settings)
    r = nominate(client, ward_id, website="http://spam.example")
    assert r.status_code == 400 and "robot" in r.context["error"]
    assert rows(settings) == before


def test_too_many_nominations_from_one_phone_are_cut_off(client, ward, settings):
    ward_id, _ = ward
    for i in range(20):
        assert nominate(client, ward_id, nominator=f"Person {i}").status_code == 303
    before = rows(settings)
    r = nominate(client, ward_id, nominator="Person 21")
    assert r.status_code == 429 and "Too many nominations" in r.context["error"]
    assert rows(settings) == before


def test_the_limit_is_per_phone(client, ward, settings):
    ward_id, _ = ward
    for i in range(20):
        nominate(client, ward_id, nominator=f"Person {i}")
    with Client(client.app, follow_redirects=False) as other_phone:
        other_phone.csrf(f"/n/{ward_id}")
        assert nominate(other_phone, ward_id, nominator="Someone else").status_code == 303


def test_a_nomination_page_for_no_ward_is_not_found(client):
    assert client.get("/n/999").status_code == 404
    assert client.get("/n/abc").status_code == 404


# --- the organiser's review -----------------------------------------------------------------

def test_the_review_groups_counts_suggests_and_merges(organiser, ward, settings):
    ward_id, _ = ward
    nominate_many(organiser, ward_id, "Bernadette O'Neil", 3)
    nominate_many(organiser, ward_id, "Bernie O Neill", 2, start=3)
    nominate(organiser, ward_id, nominee="Bernie O Neill", nominator="Neighbour 0",
             postcode="SE24 0AB")  # one person nominated both spellings
    context = review(organiser, ward_id)
    people = by_name(context)
    assert people["Bernadette O'Neil"].count == 3 and people["Bernie O Neill"].count == 3
    assert not people["Bernadette O'Neil"].reaches
    [merge] = context["merges"]
    r = organiser.submit(f"/o/wards/{ward_id}/nominations/merge",
                         {"keep": merge.keep, "merge": merge.merge})
    assert r.status_code == 303
    people = by_name(review(organiser, ward_id))
    [person] = people.values()
    assert person.count == 5, "Neighbour 0 counts once"
    assert person.reaches and len(person.nominations) == 6
    assert organiser.get("/o/events").context["events"][0].kind == "nominees merged"


def test_a_merge_of_a_name_with_itself_or_a_stranger_changes_nothing(organiser, ward, settings):
    ward_id, _ = ward
    nominate(organiser, ward_id)
    [person] = review(organiser, ward_id)["people"]
    before = rows(settings)
    for keep, merge in ((person.id, person.id), (person.id, 999), ("x", "")):
        r = organiser.submit(f"/o/wards/{ward_id}/nominations/merge",
                             {"keep": keep, "merge": merge})
        assert r.status_code == 400 and r.context["error"].endswith(".")
    assert rows(settings) == before


def test_the_threshold_and_postcodes_are_set_per_ward_and_logged(organiser, ward):
    ward_id, _ = ward
    nominate_many(organiser, ward_id, "Sam Reid", 2)
    nominate(organiser, ward_id, nominee="Sam Reid", nominator="Far Away", postcode="M1 1AE")
    assert not by_name(review(organiser, ward_id))["Sam Reid"].reaches
    r = organiser.submit(f"/o/wards/{ward_id}/nominations/rules",
                         {"threshold": "3", "postcodes": "se24, SW2 1"})
    assert r.status_code == 303
    assert organiser.get(r.headers["location"]).context["done"].startswith("Rules saved")
    context = review(organiser, ward_id)
    sam = by_name(context)["Sam Reid"]
    # the nomination from outside the ward is flagged: not counted until it is judged
    assert (sam.count, sam.reaches, sam.flagged) == (2, False, 1)
    assert context["ward"].postcodes == "SE24, SW2 1"
    kinds = [e.kind for e in organiser.get("/o/events").context["events"][:2]]
    assert set(kinds) == {"nomination threshold changed", "ward postcodes changed"}
    r = organiser.submit(f"/o/wards/{ward_id}/nominations/invite", {"nominee": sam.id})
    assert r.status_code == 400 and "2 of the 3 nominators" in r.context["error"]
    far = next(n for n in sam.nominations if n.postcode == "M1 1AE")
    r = organiser.submit(f"/o/wards/{ward_id}/nominations/set-aside",
                         {"nomination": far.id, "aside": "no"})  # judged: it counts
    assert organiser.get(r.headers["location"]).context["done"] == "Nomination counted."
    sam = by_name(review(organiser, ward_id))["Sam Reid"]
    assert (sam.count, sam.reaches, sam.flagged) == (3, True, 0)


@pytest.mark.parametrize("threshold, postcodes, message", [
    ("0", "", "from 1 to 99"), ("100", "", "from 1 to 99"), ("", "", "from 1 to 99"),
    ("5", "SE24 0AB", "is not a postcode district"),
])
def test_bad_rules_are_refused(organiser, ward, threshold, postcodes, message):
    ward_id, _ = ward
    r = organiser.submit(f"/o/wards/{ward_id}/nominations/rules",
                         {"threshold": threshold, "postcodes": postcodes})
    assert r.status_code == 400 and message in r.context["error"]
    assert review(organiser, ward_id)["ward"].threshold == 5


def test_a_bad_invitation_link_is_not_found(client, ward):
    client.csrf(f"/n/{ward[0]}")
    for token in ("nope", "x" * 300):
        assert client.get(f"/invite/{token}").status_code == 404
        assert client.submit(f"/invite/{token}/accept", {"name": "Me"}).status_code == 404


# --- what the public sees -------------------------------------------------------------------

def test_postcodes_and_contacts_are_only_on_organiser_pages(organiser, ward, client):
    ward_id, _ = ward
    nominate_many(organiser, ward_id, "Sam Reid", 5)
    secret_contact, secret_postcode = "sam@example.org", "SE24 7QZ"
    nominate(organiser, ward_id, nominee="Sam Reid", nominator="Zed", contact=secret_contact,
             postcode=secret_postcode)
    link = invite(organiser, ward_id, "Sam Reid")
    organiser.submit(f"{link}/accept", {"name": "Sam Reid", "statement": "Lifts."})
    for url in (f"/n/{ward_id}", f"/n/{ward_id}/poster", f"/wards/{ward_id}", link,
                f"/n/{ward_id}/thanks", f"/wards/{ward_id}/primary.ics"):
        text = client.get(url).text
        assert secret_contact not in text and secret_postcode not in text, url
        assert "Zed" not in text, url
    text = organiser.get(f"/o/wards/{ward_id}/nominations").text
    assert secret_contact in text and secret_postcode in text


def test_the_poster_has_a_qr_code_to_the_form_and_the_meeting(client, ward):
    ward_id, _ = ward
    r = client.get(f"/n/{ward_id}/poster")
    assert r.context["url"] == f"http://testserver/n/{ward_id}"
    assert "<svg" in str(r.context["qr"])
    assert r.context["meeting"].venue == "St Jude's"
    assert "Tuesday 1 December 2026, 7 pm" in r.text


def test_the_ward_calendar_file_has_the_primary(client, ward):
    ward_id, _ = ward
    r = client.get(f"/wards/{ward_id}/primary.ics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/calendar")
    assert "DTSTART:20261201T190000Z" in r.text and "LOCATION:St Jude's" in r.text
    assert "SUMMARY:Tulse Hill primary (Tulse Hill)" in r.text
