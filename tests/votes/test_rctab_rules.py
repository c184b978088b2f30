"""Two RCTab rules on small ballot sets built here: batch elimination leaves elected
candidates out, and a tie-break mode we do not know stops the count at the tie it cannot break."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

import cli
from votes import counting
from votes.counting.rules import rules_from_dict

IRV_TWO = {"continue_until_two_remain": True, "batch_elimination": True,
           "tiebreak": "use_candidate_order", "decimal_places": 0}


def ballots(*groups: tuple[str, int]):
    return [(tuple((name,) for name in names.split()), n) for names, n in groups]


def test_batch_elimination_ignores_a_winner_kept_in_the_count():
    # Wen wins round 1 with 10 of 17; the count goes on until two remain.
    box = ballots(("Wen", 10), ("Ada", 4), ("Bo", 2), ("Cy", 1))
    result = counting.count(box, ["Wen", "Ada", "Bo", "Cy"], 1, rules_from_dict("irv", IRV_TWO))
    assert result.rounds[0].elected == ["Wen"]
    # Cy 1 + Bo 2 < Ada 4: Cy and Bo go together. Wen's 10 is not "the next candidate"
    # above Ada's 7-vote running total, so Ada is not swept away with them.
    assert sorted(result.rounds[1].eliminated) == ["Bo", "Cy"]
    assert set(result.rounds[2].tally) == {"Wen", "Ada"}
    assert result.winners == ["Wen"] and len(result.rounds) == 3


def test_interactive_is_accepted_and_counts_as_usual_while_no_tie_needs_breaking():
    box = ballots(("Ana", 4), ("Ben Ana", 3), ("Cleo Ben", 2))
    names = ["Ana", "Ben", "Cleo"]
    asked = counting.count(box, names, 1, rules_from_dict("irv", {"tiebreak": "interactive"}))
    usual = counting.count(box, names, 1, rules_from_dict("irv", {}))
    assert asked.unbroken is None
    assert asked.to_json() == usual.to_json()


def test_a_tie_the_rules_leave_to_people_stops_the_count_and_names_it():
    box = ballots(("Ana", 3), ("Dev", 2), ("Ben Ana", 1), ("Cleo Dev", 1))
    rules = rules_from_dict("irv", {"tiebreak": "interactive"})
    result = counting.count(box, ["Ana", "Ben", "Cleo", "Dev"], 1, rules)
    assert result.winners == [] and result.tie_breaks == []
    assert len(result.rounds) == 1
    assert result.rounds[0].eliminated == [] and result.rounds[0].elected == []
    tie = result.unbroken
    assert (tie.round, tie.tied, tie.kind) == (1, ["Ben", "Cleo"], "eliminate")
    assert "Round 1: Ben and Cleo are tied" in tie.how and "'interactive'" in tie.how
    assert result.to_json()["stopped"]["tied"] == ["Ben", "Cleo"]


def test_any_unknown_mode_counts_until_a_tie_needs_breaking_in_whichever_round():
    box = ballots(("Ana", 3), ("Ben", 3), ("Cleo Ana", 1), ("Dev Ben", 1), ("Dev Ben", 1))
    rules = rules_from_dict("irv", {"tiebreak": "previous_round_counts_then_ask"})
    result = counting.count(box, ["Ana", "Ben", "Cleo", "Dev"], 1, rules)
    # No tie at any point: Cleo (1) goes, then Dev (2), and Ben beats Ana 5 to 4.
    last = result.rounds[-1]
    assert result.unbroken is None and result.winners == ["Ben"] and last.elected == ["Ben"]
    even = ballots(("Ana", 3), ("Ben", 3), ("Cleo Ana", 1), ("Dev Ben", 1))
    result = counting.count(even, ["Ana", "Ben", "Cleo", "Dev"], 1, rules_from_dict(
        "irv", {"tiebreak": "previous_round_counts_then_ask", "decimal_places": 0}))
    # Cleo and Dev tie in round 1 too: that tie stops the count first.
    assert result.unbroken.round == 1 and result.unbroken.tied == ["Cleo", "Dev"]
    final = ballots(("Ana", 3), ("Ben", 3), ("Cleo Ana", 2), ("Dev Ben", 2), ("Eve", 1))
    result = counting.count(final, ["Ana", "Ben", "Cleo", "Dev", "Eve"], 1,
                            rules_from_dict("irv", {"tiebreak": "interactive",
                                                    "batch_elimination": False}))
    tie = result.unbroken
    assert tie.kind == "eliminate" and tie.tied == ["Cleo", "Dev"] and tie.round == 2


def test_the_command_line_shows_the_rounds_so_far_and_the_tie(tmp_path, capsys):
    case = {"candidates": ["Ana", "Ben", "Cleo", "Dev"], "seats": 1, "method": "irv",
            "rules": {"tiebreak": "interactive"},
            "ballots": [{"ranks": [["Ana"]], "count": 3}, {"ranks": [["Dev"]], "count": 2},
                        {"ranks": [["Ben"], ["Ana"]], "count": 1},
                        {"ranks": [["Cleo"], ["Dev"]], "count": 1}]}
    f = tmp_path / "case.json"
    f.write_text(json.dumps(case))
    assert cli.main(["count", str(f)]) == 1
    out = capsys.readouterr().out
    assert "round 1" in out
    assert "Round 1: Ben and Cleo are tied" in out and "Elected:" not in out


def test_an_sb1288_count_stops_at_the_tie_it_cannot_break_too():
    box = ballots(("Ana", 5), ("Ben", 2), ("Cleo", 1), ("Dev", 1))
    rules = rules_from_dict("stv", {"stv_style": "sb1288", "tiebreak": "interactive",
                                    "decimal_places": 5})
    result = counting.count(box, ["Ana", "Ben", "Cleo", "Dev"], 2, rules)
    assert result.winners == ["Ana"]
    tie = result.unbroken
    assert tie.tied == ["Cleo", "Dev"] and tie.round == len(result.rounds)
    assert result.rounds[-1].eliminated == []


names = ["Ana", "Ben", "Cleo", "Dev", "Eve", "Fin"]
rankings = st.lists(st.tuples(st.permutations(names).flatmap(
    lambda p: st.integers(1, len(p)).map(lambda n: " ".join(p[:n]))), st.integers(1, 9)),
    min_size=1, max_size=20)


@settings(max_examples=150, deadline=None)
@given(rankings, st.booleans())
def test_batch_elimination_never_changes_the_winner_nor_removes_one(box, until_two):
    """Candidates whose votes together are below the next one's can never catch up, so
    removing them at once changes nobody's fate, whether or not a winner stays in the count."""
    raw = {"continue_until_two_remain": until_two, "tiebreak": "use_candidate_order"}
    one = counting.count(ballots(*box), names, 1, rules_from_dict("irv", raw))
    batch = counting.count(ballots(*box), names, 1,
                           rules_from_dict("irv", {**raw, "batch_elimination": True}))
    assert batch.winners == one.winners
    assert not {c for r in batch.rounds for c in r.eliminated} & set(batch.winners)


def test_a_tiebreak_rule_that_is_not_a_name_is_refused(tmp_path, capsys):
    case = {"candidates": ["Ana", "Ben"], "seats": 1, "rules": {"tiebreak": 3},
            "ballots": [{"ranks": [["Ana"]], "count": 1}]}
    f = tmp_path / "case.json"
    f.write_text(json.dumps(case))
    assert cli.main(["count", str(f)]) == 2
    assert "the tiebreak rule must be a name" in capsys.readouterr().err


@settings(max_examples=150, deadline=None)
@given(rankings, st.integers(1, 3))
def test_an_unknown_mode_counts_as_any_other_until_the_first_tie_and_stops_there(box, seats):
    method = "irv" if seats == 1 else "stv"
    asked = counting.count(ballots(*box), names, seats,
                           rules_from_dict(method, {"tiebreak": "interactive"}))
    usual = counting.count(ballots(*box), names, seats,
                           rules_from_dict(method, {"tiebreak": "use_candidate_order"}))
    if asked.unbroken is None:
        assert not usual.tie_breaks and asked.to_json() == usual.to_json()
        return
    first = usual.tie_breaks[0]
    tie = asked.unbroken
    assert (tie.round, tie.tied, tie.kind) == (first.round, first.tied, first.kind)
    assert len(asked.rounds) == tie.round and asked.tie_breaks == []
    same = [r.to_json() for r in usual.rounds[:tie.round - 1]]
    assert [r.to_json() for r in asked.rounds[:-1]] == same
    assert asked.rounds[-1].tally == usual.rounds[tie.round - 1].tally
