"""The one intake for nominations (nominating.py), as the poster page and the doorstep call it."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

import nominating
import nomination_rules
from nomination_rules import NominationError
from tests.conftest import with_db
from votes import store

GOOD = {"nominee": "Bernadette O'Neil", "why": "She runs the food bank.", "contact": "",
        "nominator": "Ann Lee", "postcode_text": "se24 0ab", "lives_or_works_here": True,
        "source": "poster"}


def check(**changes):
    return nomination_rules.check(**{**GOOD, **changes})


@pytest.mark.parametrize("text, shown", [
    ("SE24 0AB", "SE24 0AB"), ("se240ab", "SE24 0AB"), (" sw1a 1aa ", "SW1A 1AA"),
    ("M1 1AE", "M1 1AE"), ("B33 8TH", "B33 8TH"), ("CR2 6XH", "CR2 6XH"),
    ("DN55 1PT", "DN55 1PT"), ("W1A 0AX", "W1A 0AX"), ("EC1A 1BB", "EC1A 1BB"),
    ("GIR 0AA", "GIR 0AA"),
])
def test_uk_postcodes_are_read_in_their_usual_form(text, shown):
    assert nomination_rules.postcode(text) == shown


@pytest.mark.parametrize("text", ["", "SE24", "SE24 0A", "1234 5AB", "SE24 0ABC", "Q1 1AA A",
                                  "SE24-0AB!", "90210", "SE24 OAB", "²E24 0AB"])
def test_other_text_is_not_a_postcode(text):
    assert nomination_rules.postcode(text) is None


@given(st.text(max_size=12))
def test_a_postcode_read_is_in_its_usual_form(text):
    code = nomination_rules.postcode(text)
    if code is not None:
        assert nomination_rules.postcode(code) == code and " " in code


def test_a_good_nomination_is_tidied():
    n = check(nominee="  Bernadette\u200b  O'Neil\n", nominator="Ann\tLee")
    assert n.nominee == "Bernadette O'Neil" and n.nominator == "Ann Lee"
    assert n.postcode == "SE24 0AB" and n.nominator_key == "annlee|SE240AB"


@pytest.mark.parametrize("changes, message", [
    ({"nominee": "  "}, "Please give the name of the person you trust."),
    ({"nominee": "!!!"}, "Please write the name of the person you trust in letters."),
    ({"nominee": "x" * 81}, "The name of the person you trust is too long: at most 80"),
    ({"why": ""}, "Please give a reason why you trust them."),
    ({"why": "x" * 281}, "A reason why you trust them is too long: at most 280"),
    ({"contact": "x" * 121}, "How to reach them is too long: at most 120"),
    ({"nominator": ""}, "Please give your own name."),
    ({"postcode_text": ""}, "Please give your postcode"),
    ({"postcode_text": "London"}, "'London' is not a UK postcode."),
    ({"lives_or_works_here": False}, "Tick the box if you do."),
    ({"source": "email"}, "A nomination comes from a poster or from the doorstep."),
])
def test_bad_input_is_refused_with_a_sentence(changes, message):
    with pytest.raises(NominationError) as refused:
        check(**changes)
    assert message in str(refused.value)


def test_the_why_may_be_exactly_280_characters():
    assert len(check(why="x" * 280).why) == 280


async def _ward(db) -> int:
    area = await store.create_area(db, "Brixton", "test")
    return await store.create_ward(db, area, "Tulse Hill", 1, "test")


def test_both_paths_store_and_count_duplicates_the_same_way(settings):
    async def go(db):
        ward = await _ward(db)
        a = await nominating.nominate(db, ward, "Bernie O Neill", "Kind.", "07700 900123",
                                      "Ann Lee", "SE24 0AB", True, "poster")
        with pytest.raises(NominationError, match="already nominated Bernie O Neill"):
            await nominating.nominate(db, ward, "bernie o'neill", "Again.", "", "ANN LEE",
                                      "se240ab", True, "doorstep")
        b = await nominating.nominate(db, ward, "Bernie O Neill", "Fair.", "", "Bo Diaz",
                                      "SE24 9ZZ", True, "doorstep")
        rows = await db.fetchall("SELECT nominee_id, source FROM nominations ORDER BY id")
        return a, b, [tuple(r) for r in rows]

    a, b, rows = with_db(settings, go)
    assert a != b and [s for _, s in rows] == ["poster", "doorstep"]
    assert rows[0][0] == rows[1][0], "one nominee, two nominators"


def test_a_nomination_for_a_ward_that_does_not_exist_changes_nothing(settings):
    async def go(db):
        with pytest.raises(NominationError, match="no such ward"):
            await nominating.nominate(db, 999, "Ann", "Kind.", "", "Bo", "SE24 0AB", True,
                                      "poster")
        return await db.fetchval("SELECT COUNT(*) FROM nominees")

    assert with_db(settings, go) == 0


def test_a_merged_spelling_leads_to_the_name_it_was_merged_into(settings):
    from primary import nomination_store

    async def go(db):
        ward = await _ward(db)
        await nominating.nominate(db, ward, "Bernadette O'Neil", "Kind.", "", "Ann", "SE24 0AB",
                                  True, "poster")
        await nominating.nominate(db, ward, "Bernie O Neill", "Kind.", "", "Bo", "SE24 0AB",
                                  True, "poster")
        keep, gone = [r["id"] for r in await db.fetchall("SELECT id FROM nominees ORDER BY id")]
        await nomination_store.merge(db, ward, keep, gone, "test")
        with pytest.raises(NominationError, match="already nominated Bernadette O'Neil"):
            await nominating.nominate(db, ward, "Bernie O'Neill", "Again.", "", "Bo",
                                      "SE24 0AB", True, "doorstep")
        await nominating.nominate(db, ward, "Bernie O Neill", "Kind.", "", "Cy", "SE24 0AB",
                                  True, "doorstep")
        return [r[0] for r in await db.fetchall("SELECT nominee_id FROM nominations")], keep

    nominee_ids, keep = with_db(settings, go)
    assert nominee_ids == [keep, keep, keep]
