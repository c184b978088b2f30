"""At the door: the short address /v for a phone that cannot scan, and the printed card."""

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import accounts
from tests.conftest import with_db
from tests.votes.test_evening import candidate_ids, make_evening, vote
from votes import ballots, store


def test_a_typed_code_opens_the_ballot_however_it_is_typed(organiser):
    e = make_evening(organiser)
    code = e["codes"][0]
    pretty = ballots.pretty_code(code)
    for typed in (code, pretty.lower(), pretty.replace("-", " "), f" {pretty.lower()} ",
                  f"http://testserver/v/{code}"):
        r = organiser.get("/v", params={"code": typed})
        assert r.status_code == 303, typed
        assert r.headers["location"] == f"/v/{code}"


def test_the_code_box_says_what_is_wrong_and_stays_filled(organiser):
    make_evening(organiser)
    assert organiser.get("/v").template.name == "hall/enter_code.html"
    r = organiser.get("/v", params={"code": "7K3Q-9XHW"})
    assert r.status_code == 400
    assert "has 8 letters and digits" in r.context["code_error"]
    assert r.context["typed"] == "7K3Q-9XHW"
    r = organiser.get("/v", params={"code": "0000-0000-0000-0000"})
    assert r.status_code == 400 and "do not recognise" in r.context["code_error"]
    assert "Type the code" in organiser.get("/v", params={"code": "  "}).context["code_error"]


def test_the_card_prints_the_short_address_and_the_whole_link(organiser):
    e = make_evening(organiser)
    page = e["print"]
    assert "testserver/v</strong>" in page
    for code in e["codes"]:
        assert f"http://testserver/v/{code}</p>" in page
    assert "/v/…" not in page
    assert "Fill in the paper ballot below" in page and "Fill in the back" not in page


@given(st.text(max_size=60))
def test_normalising_a_typed_code_never_fails_and_keeps_only_code_letters(text):
    code = ballots.normalise_code(text)
    assert code is None or (len(code) == ballots.CODE_CHARS and set(code) <= set(ballots.ALPHABET))


def test_steward_and_teller_links_last_until_a_meeting_a_week_away_has_ended(settings):
    start = (accounts.now() + timedelta(weeks=1)).replace(tzinfo=None)

    async def make_links(d):
        area = await store.create_area(d, "Brixton", "test")
        ward = await store.create_ward(d, area, "Tulse Hill", 1, "test")
        meeting = await store.create_meeting(d, ward, "St Jude's",
                                             start.isoformat(timespec="minutes"), "test")
        return [await accounts.create_link(d, settings.secret_key, meeting, role, "test",
                                           start.isoformat(timespec="minutes"))
                for role in accounts.ROLES]

    evening_over = accounts.stamp(accounts.now() + timedelta(weeks=1, hours=6))
    for link in with_db(settings, make_links):
        assert link.live and link.expires_at > evening_over


def test_the_steward_page_says_one_card_and_keeps_errors_out_of_the_green_box(organiser):
    e = make_evening(organiser)
    r = organiser.submit(e["steward"], {"serials": "3"})
    assert r.context["result"].activated == [3]
    assert ">1</strong> card issued" in r.text and "(1 cards)" not in r.text
    r = organiser.submit(e["steward"], {"serials": "99"})
    assert r.context["result"].unknown == [99]
    assert '<div class="ok"' not in r.text and "Not a card of this meeting: 99" in r.text
    r = organiser.submit(e["steward"], {"serials": "abc"})
    assert r.status_code == 400 and "'abc' is not a card number" in r.context["error"]
    assert 'value="abc"' in r.text


def test_a_teller_given_a_card_nobody_activated_stays_on_the_teller_page(organiser):
    e = make_evening(organiser)
    organiser.submit(e["primary"] + "/open")
    teller_page = organiser.get(e["teller"])
    ben = next(c.id for c in teller_page.context["candidates"] if c.name == "Ben")
    r = organiser.submit(e["teller"], {"code": e["codes"][9], "rank1": str(ben)})
    assert r.status_code == 403 and r.template.name == "hall/teller.html"
    assert "Card No. 0010 has not been activated" in r.context["error"]
    assert r.context["chosen"][0] == str(ben) and r.context["typed"]
    organiser.submit(e["steward"], {"serials": "10"})
    r = organiser.submit(e["teller"], {"code": e["codes"][9], "rank1": str(ben)})
    assert r.status_code == 200 and r.context["paper"] is True


def test_no_change_it_brings_back_the_ranking(organiser):
    e = make_evening(organiser)
    organiser.submit(e["steward"], {"serials": "1"})
    organiser.submit(e["primary"] + "/open")
    code = e["codes"][0]
    ids = candidate_ids(organiser, code)
    primary_id = e["primary"].split("/")[-1]
    ranking = {"primary_id": primary_id, "rank1": ids["Cy"], "rank2": ids["Ana"]}
    confirm = organiser.submit(f"/v/{code}", ranking)
    assert confirm.template.name == "hall/confirm.html"
    back = organiser.submit(f"/v/{code}", {**ranking, "change": "yes"})
    assert back.template.name == "hall/ballot.html"
    assert back.context["chosen"][:2] == [ids["Cy"], ids["Ana"]]


def test_a_vote_without_receipts_shows_and_publishes_none(organiser):
    e = make_evening(organiser)
    primary_id = e["primary"].split("/")[-1]
    assert organiser.get(e["primary"]).context["primary"].receipts == 1
    assert organiser.submit(f"{e['primary']}/receipts", {"receipts": "maybe"}).status_code == 400
    assert organiser.submit(f"{e['primary']}/receipts", {"receipts": "no"}).status_code == 303
    organiser.submit(e["steward"], {"serials": "1-2"})
    organiser.submit(e["primary"] + "/open")
    # once open, the choice is fixed
    assert organiser.submit(f"{e['primary']}/receipts", {"receipts": "yes"}).status_code == 409
    r = vote(organiser, e["codes"][0], "Ana", "Ben")
    assert r.context["receipt"] is None and "gives no receipts" in r.text
    assert organiser.get(f"/v/{e['codes'][0]}").context["receipt"] is None
    organiser.submit(f"{e['primary']}/close", {"confirm": "yes"})
    organiser.submit(f"{e['primary']}/publish")
    receipt = ballots.receipt(e["codes"][0], int(primary_id))
    page = organiser.get(f"/results/{primary_id}", params={"receipt": receipt})
    assert page.context["found"] is None and "Check your ballot" not in page.text
    published = organiser.get(f"/results/{primary_id}/ballots.csv").text
    assert "receipt" not in published and receipt not in published
    assert published.splitlines()[1:] == ["Ana,Ben"]


def test_a_vote_with_receipts_says_plainly_what_the_receipt_shows(organiser):
    e = make_evening(organiser)
    organiser.submit(e["steward"], {"serials": "1"})
    organiser.submit(e["primary"] + "/open")
    r = vote(organiser, e["codes"][0], "Cy")
    assert r.context["receipt"]
    assert "sees the ranking stored with it" in r.text
    assert "does not show how you voted" not in r.text


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_anything_typed_in_the_code_box_gets_a_sentence_not_an_error(client, typed):
    r = client.get("/v", params={"code": typed})
    assert r.status_code in (303, 400, 429)
    if r.status_code == 400:
        assert r.context["code_error"].endswith(".")
