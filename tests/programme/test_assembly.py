"""An assembly votes on exactly what the organiser confirmed: the options ticked (the themes
page's shortlist unless changed), in the words the organiser confirmed; and a demand's quotes
are the parts of answers that belong to it."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from programme import assembly, theme_store
from programme.charter import Refused
from tests.conftest import run, with_db
from tests.programme import programme_seed
from tests.programme.test_programme_routes import ballot_form
from tests.programme.theme_data import add_answers


@pytest.fixture
def area(settings):
    return run(programme_seed.seed(settings))


@pytest.mark.parametrize("label, wording", [
    ("I'd say bring back the night bus", "Bring back the night bus"),
    ("Also fly-tipping by the garages…", "Fly-tipping by the garages"),
    ("  and, please, more  benches!! ", "More benches"),
    ("Fix the broken streetlights", "Fix the broken streetlights"),
    ("Or stop spending money building them", "Stop spending money building them"),
    ("Order more buses", "Order more buses"),  # a filler only as a whole word
    ("Also", "Also"),  # nothing but a filler: kept, not emptied
])
def test_a_themes_label_is_suggested_as_a_demand(label, wording):
    assert assembly.suggest(label) == wording


@given(st.text(max_size=300))
def test_a_suggestion_fits_a_ballot_and_is_stable(label):
    once = assembly.suggest(label)
    assert len(once) <= assembly.MAX_WORDING
    assert assembly.suggest(once) == once
    if any(c.isalnum() for c in label):
        assert any(c.isalnum() for c in once)


OFFERED = [{"key": str(n), "label": f"Theme {n}"} for n in range(1, 15)]


@pytest.mark.parametrize("form, sentence", [
    ({"on_1": "yes", "wording_1": "Bins", "places": "1"}, "at least two options"),
    ({**{f"on_{n}": "yes" for n in range(1, 14)},
      **{f"wording_{n}": f"W{n}" for n in range(1, 14)}, "places": "5"}, "at most 12"),
    ({"on_1": "yes", "on_2": "yes", "wording_1": "Bins", "wording_2": " bins ", "places": "2"},
     "Two options are worded “bins”"),
    ({"on_1": "yes", "on_2": "yes", "wording_1": "Bins", "wording_2": "  ", "places": "2"},
     "Give every option on the ballot its wording"),
    ({"on_1": "yes", "on_2": "yes", "wording_1": "Bins", "wording_2": "x" * 121,
      "places": "2"}, "too long for a ballot"),
    ({"on_1": "yes", "on_2": "yes", "wording_1": "Bins", "wording_2": "Buses", "places": "3"},
     "a whole number from 1 to 2"),
    ({"on_1": "yes", "on_2": "yes", "wording_1": "Bins", "wording_2": "Buses", "places": "x"},
     "a whole number from 1 to 2"),
])
def test_a_ballot_the_organiser_cannot_hold_is_refused_with_a_sentence(form, sentence):
    with pytest.raises(Refused, match=re.escape(sentence)):
        assembly.confirm(form, OFFERED)


def test_the_options_come_in_the_order_offered_with_the_confirmed_words():
    form = {"on_3": "yes", "on_1": "yes", "on_2": "", "wording_1": " Empty  the bins ",
            "wording_3": "Night buses", "wording_2": "Not ticked", "places": "2"}
    chosen, places = assembly.confirm(form, OFFERED)
    assert [(o["key"], w) for o, w in chosen] == [("1", "Empty the bins"), ("3", "Night buses")]
    assert places == 2


def test_the_ballot_is_exactly_the_confirmed_options_in_their_words(organiser, settings, area):
    ward = area["wards"]["Coldharbour"]
    url = f"/o/wards/{ward}"
    options = organiser.get(f"{url}/programme").context["options"]
    assert [o["ticked"] for o in options] == [True] * 5 + [False] * 2
    assert options[0]["why"] == "On the themes page's shortlist, place 1."
    assert options[6]["why"].startswith("Not on the themes page's shortlist")
    keep = [o["key"] for o in options[:4]] + [options[6]["key"]]  # one out, one in
    form = {**ballot_form(organiser, url, keep, places=3),
            f"wording_{options[0]['key']}": "Every streetlight working"}
    before = with_db(settings, lambda d: d.fetchval("SELECT COUNT(*) FROM primaries"))
    r = organiser.submit(f"{url}/programme/assembly", form)
    assert r.status_code == 303, r.text
    primary_id = int(r.headers["location"].rsplit("/", 1)[1])
    on_ballot = with_db(settings, lambda d: d.fetchall(
        "SELECT name, o.theme_id FROM candidates"
        " JOIN assembly_options AS o ON option_id = candidates.id"
        " WHERE primary_id = ? ORDER BY candidates.id", (primary_id,)))
    assert [(c["name"], c["theme_id"]) for c in on_ballot] == [
        ("Every streetlight working", int(options[0]["key"]))] + [
        (o["suggested"], int(o["key"])) for o in options[1:4] + [options[6]]]
    seats = with_db(settings, lambda d: d.fetchval(
        "SELECT seats FROM primaries WHERE id = ?", (primary_id,)))
    assert seats == 3 and primary_id == before + 1


def test_a_refused_ballot_changes_nothing_and_keeps_the_organisers_words(organiser, settings,
                                                                         area):
    url = f"/o/wards/{area['wards']['Coldharbour']}"
    options = organiser.get(f"{url}/programme").context["options"]
    form = {**ballot_form(organiser, url), f"wording_{options[0]['key']}": "Lights",
            f"wording_{options[1]['key']}": "lights"}
    before = with_db(settings, lambda d: d.fetchval("SELECT COUNT(*) FROM primaries"))
    r = organiser.submit(f"{url}/programme/assembly", form)
    assert r.status_code == 400 and "Two options are worded “lights”" in r.context["error"]
    assert 'value="Lights"' in r.text
    assert with_db(settings, lambda d: d.fetchval("SELECT COUNT(*) FROM primaries")) == before


def test_a_quote_under_a_theme_is_the_part_of_the_answer_in_that_theme(settings, area):
    ward = area["wards"]["Coldharbour"]
    bins = area["themes"]["Coldharbour"][5]
    answer = "The GP never has appointments and the bins are never emptied"

    async def file_it(db):
        await add_answers(db, ward, [answer])
        doorstep = await db.fetchval("SELECT id FROM doorsteps WHERE improve = ?", (answer,))
        async with db.transaction() as conn:
            await conn.execute("UPDATE themes SET quotes = ? WHERE id = ?",
                               (json.dumps([answer, "Bins, please"]), bins))
            await conn.execute("INSERT INTO theme_members (ward_id, doorstep_id, clause, place,"
                               " theme_id) VALUES (?, ?, 'the bins are never emptied', 'theme',"
                               " ?)", (ward, doorstep, bins))
        return [t for t in await theme_store.themes(db, ward) if t.id == bins][0]

    theme = with_db(settings, file_it)
    assert theme.quotes == ("…the bins are never emptied", "Bins, please")
