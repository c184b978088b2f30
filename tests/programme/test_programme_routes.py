"""The programme over HTTP: an assembly vote on a ward's themes through the hall's own ballot,
the shortlist it makes, demands (at most five, in every form), freezing, the area programme,
signing links, signing once, withdrawing, and the public pages."""

from __future__ import annotations

import re

import pytest

import languages
from tests.conftest import run, with_db
from tests.programme import programme_seed
from votes import ballot_box


@pytest.fixture
def area(settings):
    return run(programme_seed.seed(settings))


def ward_page(client, ward_id):
    r = client.get(f"/o/wards/{ward_id}/programme")
    assert r.status_code == 200
    return r


def ballot_form(client, url: str, keys=None, places: int = 5) -> dict:
    """The assembly form as an organiser sends it: the options with `keys` ticked (all of them
    if None) in their suggested wording, a new meeting."""
    options = client.get(f"{url}/programme").context["options"]
    form = {f"wording_{o['key']}": o["suggested"] for o in options}
    form.update({f"on_{o['key']}": "yes" for o in options if keys is None or o["key"] in keys})
    return {**form, "places": str(places), "meeting_id": "", "venue": "Library",
            "starts_at": "2026-12-02T19:00"}


def hold_assembly(client, settings, url: str, rankings: list[list[int]], host: str = "") -> int:
    """Create the assembly vote on every option at a new meeting (in ward `host` for an area),
    cards for it, and vote on phones."""
    r = client.submit(f"{url}/programme/assembly", {**ballot_form(client, url), "ward_id": host})
    assert r.status_code == 303, r.text
    primary_id = int(r.headers["location"].rsplit("/", 1)[1])
    primary = client.get(f"/o/primaries/{primary_id}")
    assert primary.status_code == 200
    meeting = int(re.search(r'href="/o/meetings/(\d+)"', primary.text).group(1))

    async def cards(db):
        first, last = await ballot_box.create_cards(db, meeting, len(rankings), "test")
        await ballot_box.activate(db, meeting, list(range(first, last + 1)), "test")
        return [c for _, c in await ballot_box.printable_cards(db, meeting)]

    codes = with_db(settings, cards)
    ids = [int(i) for i in re.findall(r'name="candidate_id" value="(\d+)"', primary.text)]
    assert client.submit(f"/o/primaries/{primary_id}/open").status_code == 303
    # phones and the projector speak of demands and a shortlist, not of people elected
    assert "The top 5 go on the shortlist" in client.get(f"/v/{codes[0]}").text
    shown = client.get(f"/o/primaries/{primary_id}/projector").context["options"]
    assert [o.id for o in shown] == ids and all("doorstep" in o.statement for o in shown)
    for code, ranking in zip(codes, rankings, strict=True):
        form = {"primary_id": str(primary_id)}
        form.update({f"rank{n}": str(ids[i]) for n, i in enumerate(ranking, 1)})
        assert client.submit(f"/v/{code}/cast", form).status_code == 200
    r = client.submit(f"/o/primaries/{primary_id}/close", {"confirm": "yes"})
    assert r.status_code == 303
    final = client.get(f"/o/primaries/{primary_id}/projector?round=99")
    assert final.context["final"] and "On the shortlist" in final.text
    return primary_id


def test_an_assembly_vote_ranks_the_themes_and_makes_the_shortlist(organiser, settings, area):
    ward = area["wards"]["Coldharbour"]
    themes = area["themes"]["Coldharbour"]
    # 7 options; 12 voters: a big minority (4) puts the 7th theme first and gets it in.
    rankings = [[0, 1, 2, 3, 4]] * 8 + [[6, 5]] * 4
    primary_id = hold_assembly(organiser, settings, f"/o/wards/{ward}", rankings)
    r = ward_page(organiser, ward)
    short = r.context["shortlisted"]
    assert len(short) == 5 and short[0]["how"] == "assembly"
    assert themes[6] in [s["item"] for s in short]
    assert r.context["assemblies"][0].id == primary_id
    # the vote is a primaries row of kind 'assembly': the primary side's pages still work
    p = with_db(settings, lambda d: d.fetchone("SELECT kind, seats FROM primaries WHERE id = ?",
                                               (primary_id,)))
    assert (p["kind"], p["seats"]) == ("assembly", 5)


def write_all(client, url: str, count: int = 5) -> None:
    for place in range(1, count + 1):
        r = client.submit(f"{url}/programme/demands", {
            "place": str(place), "text": f"Demand number {place}", "target": ""})
        assert r.status_code == 303, r.text


def record_hands(client, url: str) -> None:
    page = client.get(f"{url}/programme")
    keys = [o["key"] for o in page.context["options"]][:5]
    r = client.submit(f"{url}/programme/hands",
                      {f"place_{k}": str(n) for n, k in enumerate(keys, 1)})
    assert r.status_code == 303, r.text


def test_five_demands_at_most_in_every_form(organiser, settings, area):
    url = f"/o/wards/{area['wards']['Coldharbour']}"
    record_hands(organiser, url)
    assert ward_page(organiser, area["wards"]["Coldharbour"]).context["shortlisted"][0]["how"] \
        == "show of hands"
    write_all(organiser, url)
    before = with_db(settings, lambda d: d.fetchval("SELECT COUNT(*) FROM demands"))
    r = organiser.submit(f"{url}/programme/demands", {"place": "1", "text": "A sixth"})
    assert r.status_code == 400 and "five demands" in r.context["error"]
    assert with_db(settings, lambda d: d.fetchval("SELECT COUNT(*) FROM demands")) == before == 5


@pytest.mark.parametrize("form, says", [
    ({"place": "1", "text": "   "}, "plain words"),
    ({"place": "9", "text": "x"}, "shortlist's places"),
    ({"place": "1", "text": "x" * 301}, "too long"),
    ({"place": "1", "text": "ok", "target": "t" * 201}, "target is too long"),
])
def test_a_bad_demand_is_refused_with_a_sentence_and_nothing_changes(organiser, settings, area,
                                                                      form, says):
    url = f"/o/wards/{area['wards']['Coldharbour']}"
    record_hands(organiser, url)
    r = organiser.submit(f"{url}/programme/demands", form)
    assert r.status_code == 400 and says in r.context["error"]
    assert with_db(settings, lambda d: d.fetchval("SELECT COUNT(*) FROM versions")) == 0


def test_freezing_stores_the_hash_and_an_edit_makes_a_new_version(organiser, settings, area):
    url = f"/o/wards/{area['wards']['Coldharbour']}"
    record_hands(organiser, url)
    write_all(organiser, url, 2)
    assert organiser.submit(f"{url}/programme/freeze").status_code == 400  # not ticked
    assert organiser.submit(f"{url}/programme/freeze", {"confirm": "yes"}).status_code == 303
    v1 = ward_page(organiser, area["wards"]["Coldharbour"]).context["latest"]
    assert v1.frozen_at and re.fullmatch(r"[0-9a-f]{64}", v1.sha256)
    r = organiser.submit(f"{url}/programme/demands/edit", {"position": "1", "text": "Changed"})
    assert r.status_code == 303  # the edit goes to a new draft: version 2
    versions = ward_page(organiser, area["wards"]["Coldharbour"]).context["versions"]
    assert [v.number for v in versions] == [2, 1]
    assert versions[0].demands[0].text == "Changed"
    assert versions[1].demands[0].text == "Demand number 1"
    assert versions[1].sha256 == v1.sha256


def freeze_area(client, area) -> str:
    for ward in ("Coldharbour", "Tulse Hill"):
        url = f"/o/wards/{area['wards'][ward]}"
        record_hands(client, url)
        write_all(client, url, 5)
    url = f"/o/areas/{area['area_id']}"
    page = client.get(f"{url}/programme")
    groups = page.context["options"]
    assert groups[0]["lead"].startswith("demanded in 2 of 2 wards")
    record_hands(client, url)
    for place in range(1, 4):
        r = client.submit(f"{url}/programme/demands", {"place": str(place),
                                                        "text": f"Area {place}"})
        assert r.status_code == 303
    assert client.submit(f"{url}/programme/freeze", {"confirm": "yes"}).status_code == 303
    return url


def test_signing_once_withdrawing_and_the_public_pages(organiser, client, settings, area):
    url = freeze_area(organiser, area)
    page = organiser.get(f"{url}/programme")
    signers = page.context["signers"]
    assert [s.name for s in signers] == ["Ana Okafor", "Ben Hughes"]
    r = organiser.submit(f"{url}/programme/links",
                         {"ward_id": str(signers[0].ward_id), "name": "Ana Okafor"})
    link = r.context["new_link"]["url"].removeprefix("http://testserver")
    sha = page.context["frozen"].sha256
    sign = client.get(link)
    assert sign.status_code == 200 and sha in sign.text
    bad = client.submit(link, {"sha256": sha, "name": "Ana Okafor", "tick_1": "yes"})
    assert bad.status_code == 400 and "demand 2, 3 is not ticked" in bad.context["error"]
    ticks = {f"tick_{n}": "yes" for n in (1, 2, 3)}
    assert client.submit(link, {"sha256": sha, "name": "Ana Okafor", **ticks}).status_code == 303
    again = client.submit(link, {"sha256": sha, "name": "Someone", **ticks})
    assert again.status_code == 409
    assert client.submit(f"{link}/withdraw", {"confirm": "yes"}).status_code == 303
    public = client.get(f"/pledges/areas/{area['area_id']}")
    section = public.context["sections"][0]
    ana, ben = section["signers"]
    assert ana.pledge.signed_at and ana.pledge.withdrawn_at
    assert ben.pledge is None
    assert "Withdrawn on" in public.text and "Not signed yet" in public.text
    charter = client.get(f"/pledges/wards/{area['wards']['Coldharbour']}/charter")
    assert charter.status_code == 200 and sha in charter.text
    poster = client.get(f"/pledges/areas/{area['area_id']}/poster")
    assert poster.status_code == 200 and "<svg" in poster.text
    spanish = client.get(f"/pledges/areas/{area['area_id']}?lang=es")
    assert spanish.context["lang"] == "es" and "Retirado el" in spanish.text
    assert "Todavía sin firmar" in spanish.text and "Not signed yet" not in spanish.text
    assert "Area 1" in spanish.text  # the demands stay as residents wrote them
    for page, lang in ((public, "en"), (spanish, "es"), (client.get(f"{link}?lang=ar"), "ar"),
                       (client.get(f"{url.replace('/o/', '/pledges/')}/charter?lang=pt"), "pt")):
        # dates as the page's language writes them, never 2026-12-01
        assert not re.search(r"\d{4}-\d\d-\d\d", page.text), lang
        assert languages.day(ana.pledge.withdrawn_at, lang) in page.text, lang


def test_the_typed_name_must_be_the_candidates_name_on_record(organiser, client, settings,
                                                              area):
    url = freeze_area(organiser, area)
    page = organiser.get(f"{url}/programme")
    ben = next(s for s in page.context["signers"] if s.name == "Ben Hughes")
    r = organiser.submit(f"{url}/programme/links", {"ward_id": str(ben.ward_id),
                                                     "name": "Ben Hughes"})
    link = r.context["new_link"]["url"].removeprefix("http://testserver")
    form = {"sha256": page.context["frozen"].sha256, "statement": "Buses all night.",
            **{f"tick_{n}": "yes" for n in (1, 2, 3)}}
    for wrong in ("Benjamin Hughes", "Ana Okafor"):
        bad = client.submit(link, {**form, "name": wrong})
        assert bad.status_code == 400 and "Ben Hughes" in bad.context["error"]
        assert bad.context["data"]["name"] == wrong  # the form keeps what was typed
    unsigned = with_db(settings, lambda d: d.fetchval(
        "SELECT COUNT(*) FROM pledges WHERE signed_at IS NULL"))
    assert unsigned == 1
    assert client.submit(link, {**form, "name": " ben  HUGHES"}).status_code == 303
    signed = client.get(link)
    assert signed.context["pledge"].signed_name == "ben HUGHES"
    assert with_db(settings, lambda d: d.fetchval(
        "SELECT COUNT(*) FROM events WHERE kind = 'pledge signed'")) == 1


def test_an_unknown_signing_link_is_a_clear_404(client):
    r = client.get("/pledge/not-a-token")
    assert r.status_code == 404 and "signing link is not valid" in r.text


def both_wards_write_their_programmes(organiser, area) -> str:
    """Each ward of the seeded area records its hands and writes five demands; returns the
    area's organiser address."""
    for ward in ("Coldharbour", "Tulse Hill"):
        url = f"/o/wards/{area['wards'][ward]}"
        record_hands(organiser, url)
        write_all(organiser, url, 5)
    return f"/o/areas/{area['area_id']}"


def test_an_area_assembly_votes_the_grouped_ward_demands_down_to_five(organiser, settings, area):
    url = both_wards_write_their_programmes(organiser, area)
    options = organiser.get(f"{url}/programme").context["options"]
    assert len(options) > 5, "more grouped demands than places, so the vote decides"
    last = len(options) - 1
    rankings = [[0, 1, 2, 3, 4]] * 6 + [[last, 1]] * 4  # a large minority's first choice
    hold_assembly(organiser, settings, url, rankings, host=str(area["wards"]["Tulse Hill"]))
    page = organiser.get(f"{url}/programme")
    short = page.context["shortlisted"]
    assert len(short) == 5 and {s["how"] for s in short} == {"assembly"}
    assert options[last]["key"] in [s["key"] for s in short]
    left_out = {o["key"] for o in options} - {s["key"] for s in short}
    assert len(left_out) == 1 and left_out <= {o["key"] for o in options[2:5]}


def test_the_wards_targets_start_the_area_demands_target(organiser, settings, area):
    targets = {"Coldharbour": "every streetlight working by March",
               "Tulse Hill": "every estate light fixed by May"}
    for ward, target in targets.items():
        url = f"/o/wards/{area['wards'][ward]}"
        record_hands(organiser, url)
        r = organiser.submit(f"{url}/programme/demands", {
            "place": "1", "text": "Fix the streetlights", "target": target})
        assert r.status_code == 303
    url = f"/o/areas/{area['area_id']}"
    record_hands(organiser, url)
    page = organiser.get(f"{url}/programme")
    first = page.context["shortlisted"][0]
    assert first["lead"] == "demanded in 2 of 2 wards"
    assert first["target"] == "; ".join(targets.values())
    assert f'value="{first["target"]}"' in page.text  # the form starts from it


def test_a_candidate_signs_in_spanish_and_is_refused_in_spanish(organiser, client, settings,
                                                                 area):
    url = freeze_area(organiser, area)
    page = organiser.get(f"{url}/programme")
    ana = page.context["signers"][0]
    r = organiser.submit(f"{url}/programme/links", {"ward_id": str(ana.ward_id),
                                                     "name": ana.name})
    link = r.context["new_link"]["url"].removeprefix("http://testserver")
    sign = client.get(f"{link}?lang=es")
    assert sign.context["lang"] == "es" and "Firmar el compromiso" in sign.text
    assert "Sign the pledge" not in sign.text and "Area 1" in sign.text  # demands as written
    bad = client.submit(link, {"sha256": page.context["frozen"].sha256, "name": ana.name,
                               "tick_1": "yes"})
    assert bad.status_code == 400 and bad.context["lang"] == "es"  # the tap was kept
    assert "2, 3" in bad.context["error"] and "ticked" not in bad.context["error"]
    assert with_db(settings, lambda d: d.fetchval(
        "SELECT COUNT(*) FROM pledges WHERE signed_at IS NOT NULL")) == 0
    gone = client.get("/pledge/not-a-token?lang=ar")
    assert gone.status_code == 404 and gone.context["lang"] == "ar"
    assert "signing link" not in gone.text
