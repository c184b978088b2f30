"""The evening through HTTP: set-up, door, votes, paper, close, count, results."""

import csv
import io
import re

import pytest

from tests.conftest import with_db
from votes import ballots


def make_evening(organiser):
    """Set up through the organiser's forms, as a person would. Returns ids and links."""
    c = organiser
    assert c.submit("/o/areas", {"name": "Brixton"}).status_code == 303
    page = c.get("/o").text
    area_id = re.search(r'name="area_id"[^>]*>\s*<option value="(\d+)"', page).group(1)
    assert c.submit("/o/wards", {"area_id": area_id, "name": "Tulse Hill",
                                 "seats": "1"}).status_code == 303
    page = c.get("/o").text
    ward_id = re.search(r'name="ward_id"[^>]*>\s*<option value="(\d+)"', page).group(1)
    r = c.submit("/o/meetings", {"ward_id": ward_id, "venue": "St Jude's",
                                 "starts_at": "2026-12-01T19:00"})
    assert r.status_code == 303
    meeting_url = r.headers["location"]
    page = c.get(meeting_url).text
    primary_url = re.search(r'href="(/o/primaries/\d+)"', page).group(1)
    for name in ("Ana", "Ben", "Cy"):
        r = c.submit(f"{primary_url}/candidates", {"name": name, "statement": f"I am {name}."})
        assert r.status_code == 303
    assert c.submit(f"{meeting_url}/cards", {"count": "10"}).status_code == 303
    page = c.submit(f"{meeting_url}/links", {"role": "steward"}).text
    steward = re.search(r'value="http://testserver(/s/[^"]+)"', page).group(1)
    tellers = []
    for _ in range(2):  # each paper ballot is entered by two tellers, each on their own link
        page = c.submit(f"{meeting_url}/links", {"role": "teller"}).text
        tellers.append(re.findall(r'value="http://testserver(/t/[^"]+)"', page)[-1])
    print_page = c.get(f"{meeting_url}/cards/print").text
    codes = [ballots.normalise_code(m) for m in re.findall(r'class="code">([^<]+)<', print_page)]
    return {"meeting": meeting_url, "primary": primary_url, "steward": steward,
            "teller": tellers[0], "second_teller": tellers[1], "codes": codes, "print": print_page}


def candidate_ids(client, code):
    page = client.get(f"/v/{code}").text
    return dict((name, cid) for cid, name in
                re.findall(r'<option value="(\d+)"\s*>([^<]+)</option>', page))


def vote(client, code, *names):
    ids = candidate_ids(client, code)
    primary_id = re.search(r'name="primary_id" value="(\d+)"', client.get(f"/v/{code}").text)
    data = {f"rank{i}": ids[n] for i, n in enumerate(names, 1)}
    data["primary_id"] = primary_id.group(1)
    confirm = client.submit(f"/v/{code}", data)
    assert confirm.status_code == 200, confirm.text
    assert confirm.template.name == "hall/confirm.html"
    return client.submit(f"/v/{code}/cast", data)


def test_whole_evening(organiser, settings):
    e = make_evening(organiser)
    c = organiser
    assert len(e["codes"]) == 10 and e["print"].count("<svg") == 10
    # the checklist says what is missing before opening
    page = c.get(e["primary"])
    checks = {ch.text: ch.ok for ch in page.context["checks"]}
    assert not checks["0 card(s) activated so far"]
    # the steward activates cards 1-5 at the door
    r = c.submit(e["steward"], {"serials": "1-5"})
    assert r.context["result"].activated == [1, 2, 3, 4, 5]
    assert r.context["cards"].issued == 5
    # not open yet: a card is told to wait
    r = c.get(f"/v/{e['codes'][0]}")
    assert "not opened yet" in r.context["message"]
    assert c.submit(f"{e['primary']}/open").status_code == 303
    # three phones vote
    for code, names in zip(e["codes"][:3], [("Ana", "Ben"), ("Ben",), ("Ana", "Cy", "Ben")],
                           strict=True):
        r = vote(c, code, *names)
        assert r.status_code == 200 and r.template.name == "hall/voted.html"
        assert r.context["receipt"] == ballots.receipt(code, r.context["primary"].id)
    receipt = r.context["receipt"]
    # the same card again is refused and shown its receipt
    again = c.get(f"/v/{e['codes'][0]}")
    assert again.context["again"] is True and again.context["receipt"]
    r = c.submit(f"/v/{e['codes'][0]}/cast", {"rank1": "1"})
    assert r.status_code == 409
    # a card nobody activated cannot vote
    r = c.get(f"/v/{e['codes'][9]}")
    assert r.status_code == 403 and "not been activated" in r.context["message"]
    # a teller enters a paper ballot for card 4, and the card cannot then vote by phone
    ids = candidate_ids(c, e["codes"][3])
    r = c.submit(e["teller"], {"code": ballots.pretty_code(e["codes"][3]), "rank1": ids["Cy"]})
    assert r.status_code == 200 and r.context["outcome"] == "waiting"
    r = c.submit(e["second_teller"], {"code": e["codes"][3], "rank1": ids["Cy"]})
    assert r.status_code == 200 and r.context["outcome"] == "agreed"
    assert c.get(f"/v/{e['codes'][3]}").context["again"] is True
    r = c.submit(e["teller"], {"code": e["codes"][3], "rank1": ids["Ben"]})
    assert r.status_code == 409
    assert c.get(f"/primaries/{e['primary'].split('/')[-1]}/turnout").json() == {
        "issued": 5, "voted": 4, "open": True, "closed": False}
    # results are not public before close
    primary_id = e["primary"].split("/")[-1]
    assert c.get(f"/results/{primary_id}").status_code == 409
    # closing needs the confirmation tick
    assert c.submit(f"{e['primary']}/close").status_code == 400
    r = c.submit(f"{e['primary']}/close", {"confirm": "yes"})
    assert r.status_code == 303 and r.headers["location"].endswith("/projector")
    # no vote after close
    r = c.submit(f"/v/{e['codes'][4]}/cast", {"rank1": ids["Ana"],
                                               "primary_id": primary_id})
    assert r.status_code == 409
    # projector reveals rounds then the winner
    p = c.get(f"{e['primary']}/projector?round=1")
    assert p.context["bars"] and p.context["round"]["round"] == 1
    last = p.context["last"]
    final = c.get(f"{e['primary']}/projector?round={last + 1}")
    assert final.context["final"] is True
    winners = final.context["winners"]
    # Ana 2 first prefs, Ben 1, Cy 1 (paper): Ben and Cy tie for last; either way Ana wins.
    assert winners == ["Ana"]
    assert c.get(f"/results/{primary_id}").status_code == 409  # not published yet
    assert c.submit(f"{e['primary']}/publish").status_code == 303
    res = c.get(f"/results/{primary_id}")
    assert res.context["result"]["winners"] == ["Ana"]
    assert res.context["turnout"].voted == 4
    assert res.context["result"]["tie_breaks"], "the Ben/Cy tie is reported"
    found = c.get(f"/results/{primary_id}", params={"receipt": receipt.lower()})
    assert found.context["found"][1] == ["Ana", "Cy", "Ben"]
    assert c.get(f"/results/{primary_id}", params={"receipt": "nope"}).context["found"] is False
    rows = list(csv.DictReader(io.StringIO(c.get(f"/results/{primary_id}/ballots.csv").text)))
    assert len(rows) == 4
    assert receipt in {r["receipt"] for r in rows}
    assert not any(code in c.get(f"/results/{primary_id}/ballots.csv").text for code in e["codes"])
    assert c.get(f"/results/{primary_id}/result.json").json()["winners"] == ["Ana"]


@pytest.mark.sqlite_file
def test_ballot_table_holds_no_card_and_no_time(organiser, settings, evening):
    async def columns(d):
        return [r["name"] for r in await d.fetchall("PRAGMA table_info(ballots)")]
    assert with_db(settings, columns) == ["primary_id", "receipt", "ranking"]


def test_wrong_code_is_a_clear_404_and_guessing_is_limited(client):
    r = client.get("/v/AAAA-BBBB-CCCC-DDDD")
    assert r.status_code == 404 and "do not recognise" in r.text
    statuses = {client.get(f"/v/{i:016d}").status_code for i in range(101)}
    assert 429 in statuses


def test_organiser_pages_need_login(client):
    for url in ("/o", "/o/meetings/1", "/o/primaries/1", "/o/primaries/1/projector"):
        r = client.get(url)
        assert r.status_code == 303 and r.headers["location"] == "/login"


def test_post_without_csrf_token_is_refused(organiser):
    r = organiser.post("/o/areas", data={"name": "Sneaky"})
    assert r.status_code == 403
    assert "Sneaky" not in organiser.get("/o").text


def test_bad_setup_input_is_explained_and_changes_nothing(organiser):
    for data in ({"name": ""}, {"name": "x" * 200}):
        r = organiser.submit("/o/areas", data)
        assert r.status_code == 400 and r.context["error"]
    assert organiser.submit("/o/areas", {"name": "Brixton"}).status_code == 303
    r = organiser.submit("/o/areas", {"name": "brixton"})
    assert r.status_code == 400 and "already" in r.context["error"]
    r = organiser.submit("/o/wards", {"area_id": "999", "name": "W", "seats": "1"})
    assert r.status_code == 400
    r = organiser.submit("/o/wards", {"area_id": "1", "name": "W", "seats": "4"})
    assert r.status_code == 400 and "1 to 3" in r.context["error"]


def test_login_link_works_once(client, settings):
    import accounts

    token = with_db(settings, lambda d: accounts.add_organiser(d, "a@example.org"))
    assert client.get(f"/login/{token}").status_code == 200  # a preview does not use it up
    assert client.submit(f"/login/{token}").status_code == 303
    assert client.get("/o").status_code == 200
    assert client.submit(f"/login/{token}").status_code == 403


def test_revoked_steward_link_stops_working(organiser):
    e = make_evening(organiser)
    assert organiser.get(e["steward"]).status_code == 200
    link_id = e["steward"].split("/")[-1].split("-")[0]
    organiser.submit(f"{e['meeting']}/links/revoke", {"link_id": link_id})
    assert organiser.get(e["steward"]).status_code == 403
    forged = e["steward"][:-4] + "abcd"
    assert organiser.get(forged).status_code == 403


def test_card_codes_are_forgotten_when_voting_opens(organiser):
    e = make_evening(organiser)
    organiser.submit(f"{e['primary']}/open")
    assert organiser.get(f"{e['meeting']}/cards/print").text.count('class="code"') == 0


def test_paper_ballots_print_for_each_vote_of_the_meeting(organiser):
    e = make_evening(organiser)
    r = organiser.get(f"{e['primary']}/paper")
    assert r.status_code == 200 and r.template.name == "organiser/paper_ballots.html"
    assert r.text.count('class="vcard paper-ballot"') == 4
    assert [c.name for c in r.context["candidates"]] == ["Ana", "Ben", "Cy"]
    assert f'href="{e["primary"]}/paper"' in organiser.get(e["primary"]).text
    # a second vote at the same meeting: the cards' own paper ballot is the first vote's, so
    # the print page points to the second vote's paper ballots
    meeting_id = e["meeting"].rsplit("/", 1)[1]
    r = organiser.submit(f"{e['meeting']}/primaries", {"title": "Second vote", "seats": "2"})
    assert r.status_code == 303
    second = [p for p in organiser.get(e["meeting"]).context["primaries"]
              if p.title == "Second vote"][0]
    assert f'href="/o/primaries/{second.id}/paper"' in organiser.get(
        f"/o/meetings/{meeting_id}/cards/print").text
    empty = organiser.get(f"/o/primaries/{second.id}/paper")
    assert empty.status_code == 200 and "nothing to rank yet" in empty.text
    assert 'class="vcard paper-ballot"' not in empty.text
    assert organiser.get("/o/primaries/999/paper").status_code == 404


def test_a_steward_activates_a_card_by_the_code_read_from_its_photo(organiser, settings):
    e = make_evening(organiser)
    r = organiser.submit(e["steward"], {"code": f"http://x/v/{e['codes'][2]}"})
    assert r.status_code == 400  # the page sends the code alone, never the whole link
    scanned = ballots.pretty_code(e["codes"][2]).lower()  # typo-tolerant, as typed codes are
    r = organiser.submit(e["steward"], {"code": scanned})
    assert r.status_code == 200 and r.context["result"].activated == [3]
    assert organiser.submit(e["steward"], {"code": scanned}).context["result"].already == [3]

    def activated():
        return with_db(settings, lambda db: db.fetchval(
            "SELECT COUNT(*) FROM cards WHERE activated_at IS NOT NULL"))
    # a real card, of another meeting
    ward_id = organiser.get(e["primary"]).context["primary"].ward_id
    other = organiser.submit("/o/meetings", {"ward_id": ward_id, "venue": "Library",
                                             "starts_at": "2026-12-08T19:00"}).headers["location"]
    assert organiser.submit(f"{other}/cards", {"count": "2"}).status_code == 303
    theirs = re.findall(r'class="code">([^<]+)<', organiser.get(f"{other}/cards/print").text)
    for bad in ("", "not a code", "0" * 16, "x" * 5000, theirs[0]):
        r = organiser.submit(e["steward"], {"code": bad})
        assert r.status_code == 400 and "not a voting card of this meeting" in r.context["error"]
    assert activated() == 1


def test_paper_ballots_print_in_english_and_the_cards_second_language(organiser):
    e = make_evening(organiser)
    meeting = e["meeting"]
    r = organiser.submit(f"{meeting}/languages", {"lang_en": "yes", "lang_es": "yes",
                                                 "card_language": "es"})
    assert r.status_code == 303
    page = organiser.get(f"{e['primary']}/paper?print=large").text
    assert page.count("Escriba 1 junto a su primera opción") == 2
    assert page.count("Write 1 by your first choice") == 2
