"""Nominations through HTTP: the public form, bad input, abuse, the organiser's review, the
nominee's answer, and what the public may and may not see."""

import re

import pytest

from tests.conftest import Client, with_db
from tests.votes.test_evening import make_evening

GOOD = {"nominee": "Bernadette O'Neil", "why": "She runs the food bank.",
        "contact": "07700 900123", "nominator": "Ann Lee", "postcode": "SE24 0AB",
        "lives_or_works_here": "yes", "website": ""}


def rows(settings) -> dict[str, int]:
    async def go(db):
        return {t: await db.fetchval(f"SELECT COUNT(*) FROM {t}")
                for t in ("nominees", "nominations", "events", "candidates")}
    return with_db(settings, go)


@pytest.fixture
def ward(organiser):
    """A ward with a meeting and its primary (not open). Returns the ward id and the primary."""
    e = make_evening(organiser)
    page = organiser.get(e["primary"])
    return page.context["primary"]["ward_id"], e


def nominate(client, ward_id, **changes):
    return client.submit(f"/n/{ward_id}", {**GOOD, **changes})


def nominate_many(client, ward_id, nominee, count, start=0):
    for i in range(start, start + count):
        r = nominate(client, ward_id, nominee=nominee, nominator=f"Neighbour {i}",
                     postcode=f"SE24 {i % 10}AB")
        assert r.status_code == 303, r.context and r.context.get("error")


def test_a_resident_nominates_and_is_thanked(client, ward, settings):
    ward_id, _ = ward
    page = client.get(f"/n/{ward_id}")
    assert page.status_code == 200 and page.template.name == "nominations/nominate.html"
    assert page.context["meeting"]["venue"] == "St Jude's"
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

def review(organiser, ward_id):
    r = organiser.get(f"/o/wards/{ward_id}/nominations")
    assert r.status_code == 200 and r.template.name == "organiser/nominations.html"
    return r.context


def by_name(context) -> dict:
    return {p["name"]: p for p in context["people"]}


def test_the_review_groups_counts_suggests_and_merges(organiser, ward, settings):
    ward_id, _ = ward
    nominate_many(organiser, ward_id, "Bernadette O'Neil", 3)
    nominate_many(organiser, ward_id, "Bernie O Neill", 2, start=3)
    nominate(organiser, ward_id, nominee="Bernie O Neill", nominator="Neighbour 0",
             postcode="SE24 0AB")  # one person nominated both spellings
    context = review(organiser, ward_id)
    people = by_name(context)
    assert people["Bernadette O'Neil"]["count"] == 3 and people["Bernie O Neill"]["count"] == 3
    assert not people["Bernadette O'Neil"]["reaches"]
    [merge] = context["merges"]
    r = organiser.submit(f"/o/wards/{ward_id}/nominations/merge",
                         {"keep": merge.keep, "merge": merge.merge})
    assert r.status_code == 303
    people = by_name(review(organiser, ward_id))
    [person] = people.values()
    assert person["count"] == 5, "Neighbour 0 counts once"
    assert person["reaches"] and len(person["nominations"]) == 6
    assert organiser.get("/o/events").context["events"][0]["kind"] == "nominees merged"


def test_a_merge_of_a_name_with_itself_or_a_stranger_changes_nothing(organiser, ward, settings):
    ward_id, _ = ward
    nominate(organiser, ward_id)
    [person] = review(organiser, ward_id)["people"]
    before = rows(settings)
    for keep, merge in ((person["id"], person["id"]), (person["id"], 999), ("x", "")):
        r = organiser.submit(f"/o/wards/{ward_id}/nominations/merge",
                             {"keep": keep, "merge": merge})
        assert r.status_code == 400 and r.context["error"].endswith(".")
    assert rows(settings) == before


def test_the_threshold_and_postcodes_are_set_per_ward_and_logged(organiser, ward):
    ward_id, _ = ward
    nominate_many(organiser, ward_id, "Sam Reid", 2)
    nominate(organiser, ward_id, nominee="Sam Reid", nominator="Far Away", postcode="M1 1AE")
    assert not by_name(review(organiser, ward_id))["Sam Reid"]["reaches"]
    r = organiser.submit(f"/o/wards/{ward_id}/nominations/rules",
                         {"threshold": "3", "postcodes": "se24, SW2 1"})
    assert r.status_code == 303
    assert organiser.get(r.headers["location"]).context["done"].startswith("Rules saved")
    context = review(organiser, ward_id)
    sam = by_name(context)["Sam Reid"]
    # the nomination from outside the ward is flagged: not counted until it is judged
    assert (sam["count"], sam["reaches"], sam["flagged"]) == (2, False, 1)
    assert context["ward"]["postcodes"] == "SE24, SW2 1"
    kinds = [e["kind"] for e in organiser.get("/o/events").context["events"][:2]]
    assert set(kinds) == {"nomination threshold changed", "ward postcodes changed"}
    r = organiser.submit(f"/o/wards/{ward_id}/nominations/invite", {"nominee": sam["id"]})
    assert r.status_code == 400 and "2 of the 3 nominators" in r.context["error"]
    far = next(n for n in sam["nominations"] if n["postcode"] == "M1 1AE")
    r = organiser.submit(f"/o/wards/{ward_id}/nominations/set-aside",
                         {"nomination": far["id"], "aside": "no"})  # judged: it counts
    assert organiser.get(r.headers["location"]).context["done"] == "Nomination counted."
    sam = by_name(review(organiser, ward_id))["Sam Reid"]
    assert (sam["count"], sam["reaches"], sam["flagged"]) == (3, True, 0)


@pytest.mark.parametrize("threshold, postcodes, message", [
    ("0", "", "from 1 to 99"), ("100", "", "from 1 to 99"), ("", "", "from 1 to 99"),
    ("5", "SE24 0AB", "is not a postcode district"),
])
def test_bad_rules_are_refused(organiser, ward, threshold, postcodes, message):
    ward_id, _ = ward
    r = organiser.submit(f"/o/wards/{ward_id}/nominations/rules",
                         {"threshold": threshold, "postcodes": postcodes})
    assert r.status_code == 400 and message in r.context["error"]
    assert review(organiser, ward_id)["ward"]["threshold"] == 5


def invite(organiser, ward_id, name) -> str:
    person = by_name(review(organiser, ward_id))[name]
    r = organiser.submit(f"/o/wards/{ward_id}/nominations/invite", {"nominee": person["id"]})
    assert r.status_code == 200, r.context.get("error")
    url = r.context["invite"]["url"]
    assert "<svg" in str(r.context["invite"]["qr"])
    return url.removeprefix("http://testserver")


def test_only_a_nominee_over_the_threshold_is_invited(organiser, ward, settings):
    ward_id, _ = ward
    nominate_many(organiser, ward_id, "Sam Reid", 4)
    sam = by_name(review(organiser, ward_id))["Sam Reid"]
    before = rows(settings)
    r = organiser.submit(f"/o/wards/{ward_id}/nominations/invite", {"nominee": sam["id"]})
    assert r.status_code == 400 and "has 4 of the 5 nominators needed" in r.context["error"]
    assert rows(settings) == before


def test_a_nomination_set_aside_stays_on_record_but_does_not_count(organiser, ward, settings):
    ward_id, _ = ward
    nominate_many(organiser, ward_id, "Sam Reid", 5)
    sam = by_name(review(organiser, ward_id))["Sam Reid"]
    assert sam["count"] == 5 and sam["reaches"]
    first = sam["nominations"][0]["id"]
    aside = {"nomination": first, "aside": "yes"}
    for _ in range(2):  # a second click changes nothing
        r = organiser.submit(f"/o/wards/{ward_id}/nominations/set-aside", aside)
        assert r.status_code == 303
    sam = by_name(review(organiser, ward_id))["Sam Reid"]
    assert sam["count"] == 4 and not sam["reaches"] and len(sam["nominations"]) == 5
    assert sam["nominations"][0]["set_aside_at"]
    r = organiser.submit(f"/o/wards/{ward_id}/nominations/invite", {"nominee": sam["id"]})
    assert r.status_code == 400 and "has 4 of the 5 nominators needed" in r.context["error"]
    r = organiser.submit(f"/o/wards/{ward_id}/nominations/set-aside",
                         {"nomination": first, "aside": "no"})
    assert by_name(review(organiser, ward_id))["Sam Reid"]["count"] == 5
    kinds = with_db(settings, lambda db: db.fetchall(
        "SELECT kind FROM events WHERE kind LIKE 'nomination %' AND kind != 'nomination received'"
        " ORDER BY id"))
    assert [k["kind"] for k in kinds] == ["nomination set aside", "nomination counted again"]


@pytest.mark.parametrize("nomination", ["", "x", "999", "-1"])
def test_setting_aside_a_nomination_not_in_the_ward_is_refused(organiser, ward, settings,
                                                               nomination):
    ward_id, _ = ward
    nominate_many(organiser, ward_id, "Sam Reid", 1)
    before = rows(settings)
    r = organiser.submit(f"/o/wards/{ward_id}/nominations/set-aside",
                         {"nomination": nomination, "aside": "yes"})
    assert r.status_code == 400 and "not in this ward" in r.context["error"]
    assert rows(settings) == before


def test_only_a_hash_of_the_invitation_is_kept(organiser, ward, settings):
    ward_id, _ = ward
    nominate_many(organiser, ward_id, "Sam Reid", 5)
    token = invite(organiser, ward_id, "Sam Reid").split("/")[-1]
    dump = with_db(settings, lambda db: db.fetchall("SELECT * FROM nominees"))
    assert token not in str([tuple(r) for r in dump])


def test_accepting_puts_the_nominee_on_the_ballot_and_withdrawing_takes_them_off(
        organiser, ward, client, settings):
    ward_id, e = ward
    nominate_many(organiser, ward_id, "Sam Reid", 5)
    link = invite(organiser, ward_id, "Sam Reid")
    page = client.get(link)
    assert page.template.name == "nominations/invite.html"
    assert page.context["person"]["whys"] == ["She runs the food bank."] * 5
    r = client.submit(f"{link}/accept", {"name": "Sam Reid", "statement": "word " * 101})
    assert r.status_code == 400 and "101 words" in r.context["error"]
    r = client.submit(f"{link}/accept", {"name": "Sam Reid", "statement": "Lifts that work."})
    assert r.status_code == 303
    candidates = organiser.get(e["primary"]).context["candidates"]
    sam = next(c for c in candidates if c["name"] == "Sam Reid")
    assert sam["nominee_id"] and sam["statement"] == "Lifts that work."
    assert "added by an organiser" in organiser.get(e["primary"]).text
    public = client.get(f"/wards/{ward_id}")
    assert "Sam Reid" in [c["name"] for c in public.context["standing"]]
    r = client.submit(f"{link}/withdraw", {})
    assert r.status_code == 400 and "tick the box" in r.context["error"]
    assert client.submit(f"{link}/withdraw", {"confirm": "yes"}).status_code == 303
    names = [c["name"] for c in organiser.get(e["primary"]).context["candidates"]]
    assert "Sam Reid" not in names
    kinds = [ev["kind"] for ev in organiser.get("/o/events").context["events"][:5]]
    assert "nomination withdrawn" in kinds and "nomination accepted" in kinds


def test_a_nominee_the_organiser_takes_off_the_ballot_is_not_shown_as_standing(
        organiser, ward, client):
    ward_id, e = ward
    nominate_many(organiser, ward_id, "Sam Reid", 5)
    link = invite(organiser, ward_id, "Sam Reid")
    assert client.submit(f"{link}/accept", {"name": "Sam Reid", "statement": "Lifts."}) \
        .status_code == 303
    assert "standing" in review_text(organiser, ward_id, "Sam Reid")
    sam = next(c for c in organiser.get(e["primary"]).context["candidates"]
               if c["name"] == "Sam Reid")
    r = organiser.submit(f"{e['primary']}/candidates/remove", {"candidate_id": sam["id"]})
    assert r.status_code == 303
    assert "not on the ballot" in review_text(organiser, ward_id, "Sam Reid")
    public = client.get(f"/wards/{ward_id}")
    assert "Sam Reid" not in [c["name"] for c in public.context["standing"]]


def review_text(organiser, ward_id, name) -> str:
    page = organiser.get(f"/o/wards/{ward_id}/nominations").text
    start = page.index(f'<strong class="nominee-name">{name}</strong>')
    return page[start:page.index("</summary>", start)]


def test_declining_keeps_the_nominee_off_the_ballot(organiser, ward, client):
    ward_id, e = ward
    nominate_many(organiser, ward_id, "Sam Reid", 5)
    link = invite(organiser, ward_id, "Sam Reid")
    assert client.submit(f"{link}/decline", {}).status_code == 303
    r = client.submit(f"{link}/accept", {"name": "Sam Reid", "statement": ""})
    assert r.status_code == 400 and "declined already" in r.context["error"]
    names = [c["name"] for c in organiser.get(e["primary"]).context["candidates"]]
    assert names == ["Ana", "Ben", "Cy"]
    assert by_name(review(organiser, ward_id))["Sam Reid"]["answer"] == "declined"


def test_a_new_link_replaces_the_old_one(organiser, ward, client):
    ward_id, _ = ward
    nominate_many(organiser, ward_id, "Sam Reid", 5)
    old = invite(organiser, ward_id, "Sam Reid")
    new = invite(organiser, ward_id, "Sam Reid")
    replaced = client.get(old)
    assert replaced.status_code == 410
    assert "replaced by a newer link. Ask the organiser" in replaced.context["message"]
    before = by_name(review(organiser, ward_id))["Sam Reid"]["answer"]
    r = client.submit(f"{old}/accept", {"name": "Sam Reid", "statement": "Lifts."})
    assert r.status_code == 410  # and nothing changed
    assert by_name(review(organiser, ward_id))["Sam Reid"]["answer"] == before
    assert client.get(new).status_code == 200
    assert client.get("/invite/never-a-link").status_code == 404


def test_once_voting_opens_a_nominee_can_no_longer_withdraw(organiser, ward, client):
    ward_id, e = ward
    nominate_many(organiser, ward_id, "Sam Reid", 5)
    link = invite(organiser, ward_id, "Sam Reid")
    client.submit(f"{link}/accept", {"name": "Sam Reid", "statement": "Lifts."})
    assert organiser.submit(f"{e['primary']}/open").status_code == 303
    page = client.get(link)
    assert not page.context["can_change"] and "no longer change" in page.text
    r = client.submit(f"{link}/withdraw", {"confirm": "yes"})
    assert r.status_code == 400 and "Voting has opened" in r.context["error"]
    assert "Sam Reid" in [c["name"] for c in organiser.get(e["primary"]).context["candidates"]]


def test_accepting_before_any_primary_stands_in_the_next_one(organiser, settings):
    assert organiser.submit("/o/areas", {"name": "Brixton"}).status_code == 303
    area_id = re.search(r'name="area_id"[^>]*>\s*<option value="(\d+)"',
                        organiser.get("/o").text).group(1)
    organiser.submit("/o/wards", {"area_id": area_id, "name": "Herne Hill", "seats": "1"})
    ward_id = organiser.get("/o").context["areas"][0]["wards"][0]["id"]
    nominate_many(organiser, ward_id, "Sam Reid", 5)
    link = invite(organiser, ward_id, "Sam Reid")
    assert organiser.submit(f"{link}/accept", {"name": "Sam Reid",
                                                "statement": "Lifts."}).status_code == 303
    assert "as soon as the organisers set a date" in organiser.get(link).text
    assert "stands in the next primary you create" in review_text(organiser, ward_id, "Sam Reid")
    r = organiser.submit("/o/meetings", {"ward_id": ward_id, "venue": "Library",
                                         "starts_at": "2026-12-08T19:00"})
    primary = re.search(r'href="(/o/primaries/\d+)"', organiser.get(r.headers["location"]).text)
    names = [c["name"] for c in organiser.get(primary.group(1)).context["candidates"]]
    assert names == ["Sam Reid"]


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
    assert r.context["meeting"]["venue"] == "St Jude's"
    assert "Tuesday 1 December 2026, 7pm" in r.text


def test_the_ward_calendar_file_has_the_primary(client, ward):
    ward_id, _ = ward
    r = client.get(f"/wards/{ward_id}/primary.ics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/calendar")
    assert "DTSTART:20261201T190000Z" in r.text and "LOCATION:St Jude's" in r.text
    assert "SUMMARY:Tulse Hill primary (Tulse Hill)" in r.text
