"""At the door: the short address /v for a phone that cannot scan, and the printed card."""

from hypothesis import given
from hypothesis import strategies as st

from primary import ballots
from tests.primary.test_evening import make_evening


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
