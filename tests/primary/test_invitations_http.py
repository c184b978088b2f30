"""Nominees invited, accepting, declining and withdrawing through HTTP."""

import re

import pytest

from tests.conftest import with_db
from tests.primary.nominees import by_name, invite, nominate_many, review, review_text, rows


def test_only_a_nominee_over_the_threshold_is_invited(organiser, ward, settings):
    ward_id, _ = ward
    nominate_many(organiser, ward_id, "Sam Reid", 4)
    sam = by_name(review(organiser, ward_id))["Sam Reid"]
    before = rows(settings)
    r = organiser.submit(f"/o/wards/{ward_id}/nominations/invite", {"nominee": sam.id})
    assert r.status_code == 400 and "has 4 of the 5 nominators needed" in r.context["error"]
    assert rows(settings) == before


def test_a_nomination_set_aside_stays_on_record_but_does_not_count(organiser, ward, settings):
    ward_id, _ = ward
    nominate_many(organiser, ward_id, "Sam Reid", 5)
    sam = by_name(review(organiser, ward_id))["Sam Reid"]
    assert sam.count == 5 and sam.reaches
    first = sam.nominations[0].id
    aside = {"nomination": first, "aside": "yes"}
    for _ in range(2):  # a second click changes nothing
        r = organiser.submit(f"/o/wards/{ward_id}/nominations/set-aside", aside)
        assert r.status_code == 303
    sam = by_name(review(organiser, ward_id))["Sam Reid"]
    assert sam.count == 4 and not sam.reaches and len(sam.nominations) == 5
    assert sam.nominations[0].set_aside_at
    r = organiser.submit(f"/o/wards/{ward_id}/nominations/invite", {"nominee": sam.id})
    assert r.status_code == 400 and "has 4 of the 5 nominators needed" in r.context["error"]
    r = organiser.submit(f"/o/wards/{ward_id}/nominations/set-aside",
                         {"nomination": first, "aside": "no"})
    assert by_name(review(organiser, ward_id))["Sam Reid"].count == 5
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
    assert page.context["person"].whys == ["She runs the food bank."] * 5
    r = client.submit(f"{link}/accept", {"name": "Sam Reid", "statement": "word " * 101})
    assert r.status_code == 400 and "101 words" in r.context["error"]
    r = client.submit(f"{link}/accept", {"name": "Sam Reid", "statement": "Lifts that work."})
    assert r.status_code == 303
    candidates = organiser.get(e["primary"]).context["candidates"]
    sam = next(c for c in candidates if c.name == "Sam Reid")
    assert sam.nominee_id and sam.statement == "Lifts that work."
    assert "added by an organiser" in organiser.get(e["primary"]).text
    public = client.get(f"/wards/{ward_id}")
    assert "Sam Reid" in [c.name for c in public.context["standing"]]
    r = client.submit(f"{link}/withdraw", {})
    assert r.status_code == 400 and "tick the box" in r.context["error"]
    assert client.submit(f"{link}/withdraw", {"confirm": "yes"}).status_code == 303
    names = [c.name for c in organiser.get(e["primary"]).context["candidates"]]
    assert "Sam Reid" not in names
    kinds = [ev.kind for ev in organiser.get("/o/events").context["events"][:5]]
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
               if c.name == "Sam Reid")
    r = organiser.submit(f"{e['primary']}/candidates/remove", {"candidate_id": sam.id})
    assert r.status_code == 303
    assert "not on the ballot" in review_text(organiser, ward_id, "Sam Reid")
    public = client.get(f"/wards/{ward_id}")
    assert "Sam Reid" not in [c.name for c in public.context["standing"]]


def test_declining_keeps_the_nominee_off_the_ballot(organiser, ward, client):
    ward_id, e = ward
    nominate_many(organiser, ward_id, "Sam Reid", 5)
    link = invite(organiser, ward_id, "Sam Reid")
    assert client.submit(f"{link}/decline", {}).status_code == 303
    r = client.submit(f"{link}/accept", {"name": "Sam Reid", "statement": ""})
    assert r.status_code == 400 and "declined already" in r.context["error"]
    names = [c.name for c in organiser.get(e["primary"]).context["candidates"]]
    assert names == ["Ana", "Ben", "Cy"]
    assert by_name(review(organiser, ward_id))["Sam Reid"].answer == "declined"


def test_a_new_link_replaces_the_old_one(organiser, ward, client):
    ward_id, _ = ward
    nominate_many(organiser, ward_id, "Sam Reid", 5)
    old = invite(organiser, ward_id, "Sam Reid")
    new = invite(organiser, ward_id, "Sam Reid")
    replaced = client.get(old)
    assert replaced.status_code == 410
    assert "replaced by a newer link. Ask the organiser" in replaced.context["message"]
    before = by_name(review(organiser, ward_id))["Sam Reid"].answer
    r = client.submit(f"{old}/accept", {"name": "Sam Reid", "statement": "Lifts."})
    assert r.status_code == 410  # and nothing changed
    assert by_name(review(organiser, ward_id))["Sam Reid"].answer == before
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
    assert "Sam Reid" in [c.name for c in organiser.get(e["primary"]).context["candidates"]]


def test_accepting_before_any_primary_stands_in_the_next_one(organiser, settings):
    assert organiser.submit("/o/areas", {"name": "Brixton"}).status_code == 303
    area_id = re.search(r'name="area_id"[^>]*>\s*<option value="(\d+)"',
                        organiser.get("/o").text).group(1)
    organiser.submit("/o/wards", {"area_id": area_id, "name": "Herne Hill", "seats": "1"})
    ward_id = organiser.get("/o").context["areas"][0].wards[0].id
    nominate_many(organiser, ward_id, "Sam Reid", 5)
    link = invite(organiser, ward_id, "Sam Reid")
    assert organiser.submit(f"{link}/accept", {"name": "Sam Reid",
                                                "statement": "Lifts."}).status_code == 303
    assert "as soon as the organisers set a date" in organiser.get(link).text
    assert "stands in the next primary you create" in review_text(organiser, ward_id, "Sam Reid")
    r = organiser.submit("/o/meetings", {"ward_id": ward_id, "venue": "Library",
                                         "starts_at": "2026-12-08T19:00"})
    primary = re.search(r'href="(/o/primaries/\d+)"', organiser.get(r.headers["location"]).text)
    names = [c.name for c in organiser.get(primary.group(1)).context["candidates"]]
    assert names == ["Sam Reid"]


def test_the_invitation_says_when_and_where_the_primary_is_before_and_after_accepting(
        organiser, ward, client):
    ward_id, e = ward
    nominate_many(organiser, ward_id, "Sam Reid", 5)
    link = invite(organiser, ward_id, "Sam Reid")
    asked = client.get(link)
    line = re.search(r"<p>The primary: <strong>(.*?)</strong> at (.*?)\.</p>", asked.text)
    assert line and line.group(1).strip() and line.group(2) == "St Jude&#39;s"
    assert client.submit(f"{link}/accept", {"name": "Sam Reid", "statement": "Lifts."}) \
        .status_code == 303
    standing = client.get(link)
    assert standing.context["person"].ballot is not None  # now read from the ballot they are on
    assert re.search(r"<p>The primary: <strong>(.*?)</strong> at (.*?)\.</p>",
                     standing.text).groups() == line.groups()


def test_the_invitation_speaks_the_nominees_language(organiser, ward, client):
    ward_id, _ = ward
    nominate_many(organiser, ward_id, "Sam Reid", 5)
    link = invite(organiser, ward_id, "Sam Reid")
    page = client.get(f"{link}?lang=es")
    assert page.context["lang"] == "es" and "Sam Reid, ¿se presentará como candidato?" in page.text
    assert "will you stand" not in page.text and "She runs the food bank." in page.text
    r = client.submit(f"{link}/accept", {"name": "", "statement": "word " * 101})
    assert r.status_code == 400 and r.context["error"] == (
        "Escriba su nombre tal como debe aparecer en la papeleta.")
    r = client.submit(f"{link}/accept", {"name": "Sam Reid", "statement": "word " * 101})
    assert r.context["error"] == "Su declaración tiene 101 palabras: como máximo 100, por favor."
    r = client.submit(f"{link}/withdraw?lang=ar", {})
    assert r.status_code == 400 and r.context["dir"] == "rtl"
    assert r.context["error"].startswith("للانسحاب، ضع علامة في المربع للتأكيد")
    r = client.submit(f"{link}/withdraw?lang=ar", {"confirm": "yes"})
    assert r.context["error"] == "أنت لست مرشّحًا، فلا يوجد ما تنسحب منه."
    assert client.submit(f"{link}/decline", {}).status_code == 303
    r = client.submit(f"{link}/accept?lang=pt", {"name": "Sam Reid", "statement": "Lifts."})
    assert r.status_code == 400 and r.context["error"].startswith("Já recusou o convite.")
    assert "Recusou candidatar-se." in client.get(link).text  # the language tapped is kept
