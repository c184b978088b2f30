"""One door, checked: what the canvasser must give, what they may, and contact only with consent."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from programme.answers import AnswerError, fingerprint, match_street, parse_day, read_doorstep

TODAY = date(2026, 3, 14)


def door(**extra) -> dict:
    return {"uid": str(uuid.uuid4()), "day": "2026-03-14", "street": "Acre Lane",
            "outcome": "talked", "good": "The park", "improve": "", **extra}


def refused(data: dict) -> str:
    with pytest.raises(AnswerError) as e:
        read_doorstep(data, [], TODAY)
    return str(e.value)


def test_a_plain_answer_is_read_and_tidied():
    d = read_doorstep(door(good="  The   park\n and the\tmarket ", invited="yes"), [], TODAY)
    assert (d.street, d.day, d.good, d.improve, d.invited) == (
        "Acre Lane", "2026-03-14", "The park and the market", "", True)
    assert d.contact is None and d.trust is None


def test_each_answer_needs_its_own_id_street_and_at_least_one_answer():
    assert "Reload the page" in refused(door(uid="1"))
    assert refused(door(street="  ")) == "Please give the street."
    assert "at least one" in refused(door(good="", improve=" "))
    assert "too long" in refused(door(good="x" * 2001))


def test_a_door_with_nobody_in_counts_without_answers_or_contacts():
    d = read_doorstep(door(outcome="no answer", good="", consent="yes", name="Jo",
                           phone="07700900123", invited="yes"), [], TODAY)
    assert d.outcome == "no answer" and not d.talked
    assert (d.good, d.contact, d.invited) == ("", None, False)
    assert "Choose what happened" in refused(door(outcome="maybe"))


def test_dates_from_the_phone_are_believed_within_reason():
    assert read_doorstep(door(day="13/03/2026"), [], TODAY).day == "2026-03-13"
    assert "in the future" in refused(door(day="2026-03-20"))
    assert "days ago" in refused(door(day=(TODAY - timedelta(days=200)).isoformat()))
    for bad in ("", "yesterday", "٢٠٢٦-٠٣-١٤"):
        assert "2026-03-14" in refused(door(day=bad)), bad
    assert "there is no 30 February 2026" in refused(door(day="2026-02-30"))
    assert "there is no 31 February 2026" in refused(door(day="31/02/2026"))


def test_contact_details_only_with_consent():
    assert "consent" in refused(door(name="Jo Bloggs"))
    assert "their name" in refused(door(consent="yes", phone="07700 900123"))
    assert "phone number or an email" in refused(door(consent="yes", name="Jo"))
    assert "phone number" in refused(door(consent="yes", name="Jo", phone="call me"))
    assert "email" in refused(door(consent="yes", name="Jo", email="jo at home"))
    d = read_doorstep(door(consent="yes", name="Jo Bloggs", email="jo@example.org"), [], TODAY)
    assert (d.contact.name, d.contact.phone, d.contact.email) == ("Jo Bloggs", "",
                                                                  "jo@example.org")


def test_who_they_trust_needs_what_a_nomination_needs():
    trust = {"trusted": "Bernadette O'Neil", "why": "Runs the food bank",
             "nominator": "Sam Reid", "postcode": "se24 0ab", "lives_here": "yes"}
    d = read_doorstep(door(**trust), [], TODAY)
    assert d.trust.nominee == "Bernadette O'Neil" and d.trust.lives_or_works_here
    assert refused(door(**{**trust, "postcode": "nowhere"})).startswith("Who they trust: ")
    assert "live or work" in refused(door(**{**trust, "lives_here": ""}))


def test_a_street_from_the_list_keeps_the_lists_spelling():
    streets = ["Acre Lane", "Brixton Water Lane"]
    assert match_street("  brixton   WATER lane", streets) == "Brixton Water Lane"
    assert match_street("Somewhere New", streets) == "Somewhere New"
    d = read_doorstep(door(street="acre lane"), streets, TODAY)
    assert d.street == "Acre Lane"


def test_the_same_words_on_the_same_street_and_day_are_one_fingerprint():
    a = fingerprint(1, "Acre Lane", "2026-03-14", "The park", "Bins")
    assert a == fingerprint(1, "acre  lane", "2026-03-14", "the PARK", " Bins ")
    assert a != fingerprint(2, "Acre Lane", "2026-03-14", "The park", "Bins")
    assert a != fingerprint(1, "Acre Lane", "2026-03-15", "The park", "Bins")
    assert a != fingerprint(1, "Acre Lane", "2026-03-14", "Bins", "The park")


def test_parse_day_accepts_two_ways_of_writing_a_date():
    assert parse_day("2026-03-14") == parse_day("14/3/2026") == TODAY
    assert parse_day("14-03-2026") is None and parse_day("2026-3-14") is None
