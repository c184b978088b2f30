"""An independent check: pyrankvote 2.0.6 agrees with us where it is known to be right, and
differs exactly where docs/counting.md says it does."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pyrankvote
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyrankvote import Ballot, Candidate

from votes import counting

DATA = Path(__file__).resolve().parents[1] / "data" / "rcv"
POOL = ["Ana", "Ben", "Cleo", "Dev", "Eli"]


def plain_irv_cases() -> list[str]:
    """IRV cases whose ballots need none of the special rules: one name per rank, no gaps, no
    repeats, nothing beyond max_rankings, nobody excluded, no write-in pseudo-candidate."""
    out = []
    for entry in json.loads((DATA / "INDEX.json").read_text())["cases"]:
        case = json.loads((DATA / entry["file"]).read_text())
        rules = case["rules"]
        if case["method"] != "irv" or rules.get("excluded") or rules.get("undeclared_write_in"):
            continue
        limit = rules.get("max_rankings") or 99
        ok = all(
            all(len(marks) == 1 and marks[0] != "#overvote" for marks in b["ranks"])
            and len({m[0] for m in b["ranks"]}) == len(b["ranks"]) <= limit
            for b in case["ballots"]
        )
        if ok:
            out.append(entry["file"])
    return out


PLAIN = plain_irv_cases()


def pyrankvote_winners(names, rankings, seats):
    people = {n: Candidate(n) for n in names}
    ballots = [Ballot(ranked_candidates=[people[n] for n in r]) for r in rankings]
    if seats == 1:
        result = pyrankvote.instant_runoff_voting(list(people.values()), ballots)
    else:
        result = pyrankvote.single_transferable_vote(list(people.values()), ballots, seats)
    return sorted(c.name for c in result.get_winners())


def test_there_are_plain_cases_to_check():
    assert len(PLAIN) >= 10


@pytest.mark.parametrize("name", PLAIN)
def test_plain_irv_reference_cases_agree_with_pyrankvote(name):
    case = json.loads((DATA / name).read_text())
    rankings = [[m[0] for m in b["ranks"]] for b in case["ballots"] for _ in range(b["count"])
                if b["ranks"]]
    ours = counting.count_primary(case["candidates"], rankings, 1, "x")
    if ours.tie_breaks:
        pytest.skip("a tie: pyrankvote would break it silently at random")
    assert ours.winners == pyrankvote_winners(case["candidates"], rankings, 1)
    assert ours.winners == case["expected"]["winners"]


ranking = st.permutations(POOL).flatmap(lambda p: st.integers(1, 5).map(lambda n: list(p[:n])))


@settings(max_examples=100, deadline=None)
@given(st.lists(ranking, min_size=1, max_size=30))
def test_random_irv_elections_agree_when_there_is_no_tie(rankings):
    ours = counting.count_primary(POOL, rankings, 1, "x")
    if ours.tie_breaks:
        return
    assert ours.winners == pyrankvote_winners(POOL, rankings, 1)


@settings(max_examples=100, deadline=None)
@given(st.lists(ranking, min_size=1, max_size=30), st.integers(2, 3))
def test_random_stv_elections_agree_when_first_preferences_decide(rankings, seats):
    # Known to agree: every winner passes our quota (floor(V/(s+1)) + 1, above pyrankvote's
    # V/(s+1)) in round 1, so no fractional ballot is ever moved or averaged before the end.
    ours = counting.count_primary(POOL, rankings, seats, "x")
    if ours.tie_breaks or len(ours.rounds[0].elected) < seats:
        return
    assert sorted(ours.winners) == pyrankvote_winners(POOL, rankings, seats)


# -- where pyrankvote differs (each claim in docs/counting.md is checked here) -------------
def test_pyrankvote_breaks_ties_silently_at_random():
    a, b, c = Candidate("A"), Candidate("B"), Candidate("C")
    ballots = [Ballot([a])] * 2 + [Ballot([b])] * 2 + [Ballot([c])] * 3
    eliminated_first = set()
    for seed in range(30):
        random.seed(seed)
        result = pyrankvote.instant_runoff_voting([a, b, c], ballots)
        first = result.rounds[0]
        eliminated_first.add(str(first).split("\n")[-2].split()[0])
        assert "tie" not in str(result).lower()
    assert eliminated_first == {"A", "B"}  # which one goes depends on the random module
    ours = counting.count_primary(["A", "B", "C"], [["A"]] * 2 + [["B"]] * 2 + [["C"]] * 3, 1,
                                  "seed-1")
    assert ours.tie_breaks and ours.tie_breaks[0].tied == ["A", "B"]


def test_pyrankvote_averages_ballot_values_when_it_eliminates_in_stv():
    a, b, c, d = (Candidate(x) for x in "ABCD")
    ballots = [Ballot([a, b, c])] * 8 + [Ballot([b, d])] * 2 + [Ballot([c])] * 4 \
        + [Ballot([d])] * 4
    result = pyrankvote.single_transferable_vote([a, b, c, d], ballots, 2)
    final = {str(cr.candidate): cr.number_of_votes for cr in result.rounds[-1].candidate_results}
    # A's surplus (8 - 6 = 2) puts 0.25 on each of A's 8 ballots, now with B. When B (4 votes
    # on 10 ballots) is eliminated, an exact count moves B's own two whole ballots to D (+2) and
    # the eight quarter-ballots to C (+2): C 6, D 6. pyrankvote gives every ballot the average
    # 0.4 instead: C 7.2, D 4.8, and elects C.
    assert final["C"] == pytest.approx(7.2) and final["D"] == pytest.approx(4.8)


def test_pyrankvote_crashes_when_candidates_do_not_outnumber_seats():
    a, b, c = Candidate("A"), Candidate("B"), Candidate("C")
    with pytest.raises(RuntimeError, match="Illegal state"):
        pyrankvote.single_transferable_vote([a, b, c], [Ballot([a]), Ballot([b]), Ballot([a])],
                                            3)
    ours = counting.count_primary(["A", "B", "C"], [["A"], ["B"], ["A"]], 3, "x")
    assert sorted(ours.winners) == ["A", "B", "C"]
