"""Two-teller paper entry: a paper ballot counts only when two different tellers have entered the
same ranking for the same card; a mismatch is shown to both and to the organiser, never resolved
silently."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import rows
from tests.votes.test_evening import candidate_ids, make_evening
from votes import paper
from votes.paper import Entry


def _open(organiser):
    e = make_evening(organiser)
    organiser.submit(e["steward"], {"serials": "1-5"})
    organiser.submit(f"{e['primary']}/open")
    e["ids"] = candidate_ids(organiser, e["codes"][0])
    return e


def _voted(c, e) -> int:
    return c.get(f"/primaries/{e['primary'].split('/')[-1]}/turnout").json()["voted"]


def _enter(c, teller, code, *ids):
    return c.submit(teller, {"code": code, **{f"rank{i}": v for i, v in enumerate(ids, 1)}})


def test_one_tellers_entry_waits_and_the_same_teller_twice_is_still_one(organiser):
    e = _open(organiser)
    ana, ben = e["ids"]["Ana"], e["ids"]["Ben"]
    for _ in range(2):
        r = _enter(organiser, e["teller"], e["codes"][0], ana, ben)
        assert r.context["outcome"] == "waiting"
    assert _voted(organiser, e) == 0
    page = organiser.get(e["second_teller"])
    assert [c.serial for c in page.context["unsettled"]] == [1]
    assert "Waiting for a second teller" in page.text


def test_two_tellers_agreeing_count_the_ballot_and_nothing_stays_beside_the_card(organiser,
                                                                                 settings):
    e = _open(organiser)
    ana, cy = e["ids"]["Ana"], e["ids"]["Cy"]
    _enter(organiser, e["teller"], e["codes"][1], cy, ana)
    r = _enter(organiser, e["second_teller"], e["codes"][1].lower(), cy, ana)
    assert r.context["outcome"] == "agreed" and r.context["receipt"]
    assert _voted(organiser, e) == 1
    assert rows(settings, "SELECT count(*) FROM paper_entries") == [(0,)]
    # the card has voted: neither a phone nor a third entry adds a vote
    assert organiser.get(f"/v/{e['codes'][1]}").context["again"] is True
    assert _enter(organiser, e["teller"], e["codes"][1], ana).status_code == 409
    assert _voted(organiser, e) == 1


def test_a_mismatch_is_shown_to_both_tellers_and_the_organiser_until_a_teller_reenters(
        organiser):
    e = _open(organiser)
    ana, ben, cy = e["ids"]["Ana"], e["ids"]["Ben"], e["ids"]["Cy"]
    _enter(organiser, e["teller"], e["codes"][2], ana, ben)
    r = _enter(organiser, e["second_teller"], e["codes"][2], ben, ana)
    assert r.context["outcome"] == "different"
    assert [o.names for o in r.context["others"]] == [["Ana", "Ben"]]
    assert "The two entries differ" in r.text
    assert _voted(organiser, e) == 0
    for page in (organiser.get(e["teller"]), organiser.get(e["second_teller"]),
                 organiser.get(e["primary"])):
        assert [c.different for c in page.context["unsettled"]] == [True]
        assert "Entries that differ" in page.text and "Card No. 0003" in page.text
    # a third reading that matches neither is not counted either
    assert _enter(organiser, e["teller"], e["codes"][2], cy).context["outcome"] == "different"
    # the first teller looks at the paper again and enters what the second read
    r = _enter(organiser, e["teller"], e["codes"][2], ben, ana)
    assert r.context["outcome"] == "agreed"
    assert _voted(organiser, e) == 1
    assert organiser.get(e["primary"]).context["unsettled"] == []


def test_a_bad_entry_changes_nothing(organiser, settings):
    e = _open(organiser)
    ana = e["ids"]["Ana"]
    r = _enter(organiser, e["teller"], e["codes"][0], ana, ana)
    assert r.status_code == 400 and "more than once" in r.context["error"]
    assert r.context["chosen"][:2] == [ana, ana]
    r = _enter(organiser, e["teller"], "0000-0000-0000-0000", ana)
    assert r.status_code == 400
    assert rows(settings, "SELECT count(*) FROM paper_entries") == [(0,)]


rankings = st.lists(st.integers(1, 4), max_size=4, unique=True).map(tuple)


@given(st.integers(1, 5), rankings, st.lists(st.tuples(st.integers(1, 5), rankings), max_size=4))
def test_a_ballot_counts_exactly_when_another_teller_entered_the_same_ranking(me, mine, others):
    entries = [Entry(t, r) for t, r in others]
    said = paper.outcome(Entry(me, mine), entries)
    other_tellers = [x for x in entries if x.teller != me]
    assert (said == paper.AGREED) == any(x.ranking == mine for x in other_tellers)
    assert (said == paper.WAITING) == (not other_tellers)
