"""Properties every count must have, on generated elections (hypothesis)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from votes import counting
from votes.counting import piles

POOL = ["Ana", "Ben", "Cleo", "Dev", "Eli", "Fay"]
FEW = settings(max_examples=120, deadline=None)


@st.composite
def elections(draw, min_candidates=2):
    k = draw(st.integers(min_candidates, len(POOL)))
    names = POOL[:k]
    ranking = st.permutations(names).flatmap(
        lambda p: st.integers(1, len(p)).map(lambda n: list(p[:n])))
    rankings = draw(st.lists(ranking, min_size=1, max_size=40))
    seats = draw(st.integers(1, min(3, k)))
    seed = draw(st.text(alphabet="abcdef0123456789", min_size=1, max_size=8))
    return names, rankings, seats, seed


@FEW
@given(elections())
def test_every_vote_is_accounted_for_in_every_round(election):
    names, rankings, seats, seed = election
    result = counting.count_primary(names, rankings, seats, seed)
    for r in result.rounds:
        # Tallies + exhausted + what rounding down of surplus values lost = ballots, exactly.
        assert sum(r.tally.values()) + r.exhausted + r.residual_surplus == len(rankings)
        assert r.residual_surplus <= Decimal(len(result.winners)) * len(rankings) / 10**4


@FEW
@given(elections(), st.sampled_from(POOL))
def test_a_majority_of_first_preferences_wins_irv(election, favourite):
    names, rankings, _, seed = election
    if favourite not in names:
        return
    backed = [[favourite] + [n for n in r if n != favourite] for r in rankings]
    rankings = backed + rankings[: len(backed) - 1]  # favourite first on a strict majority
    result = counting.count_primary(names, rankings, 1, seed)
    assert result.winners == [favourite]
    assert len(result.rounds) == 1


@FEW
@given(elections(), st.permutations(range(6)))
def test_relabelling_candidates_does_not_change_the_outcome(election, shuffle):
    names, rankings, seats, seed = election
    new = {name: f"Z{shuffle[i]}" for i, name in enumerate(names)}
    before = counting.count_primary(names, rankings, seats, seed)
    after = counting.count_primary(
        [new[n] for n in reversed(names)], [[new[n] for n in r] for r in rankings], seats, seed)
    if before.tie_breaks or after.tie_breaks:
        return
    assert sorted(new[w] for w in before.winners) == sorted(after.winners)
    for b, a in zip(before.rounds, after.rounds, strict=True):
        assert {new[n]: v for n, v in b.tally.items()} == a.tally


@FEW
@given(elections())
def test_the_count_fills_every_seat(election):
    names, rankings, seats, seed = election
    result = counting.count_primary(names, rankings, seats, seed)
    assert len(result.winners) == seats
    assert len(set(result.winners)) == seats


@FEW
@given(elections())
def test_counting_is_deterministic_for_a_seed(election):
    names, rankings, seats, seed = election
    first = counting.count_primary(names, rankings, seats, seed).to_json()
    assert counting.count_primary(names, list(reversed(rankings)), seats, seed).to_json() == first


@FEW
@given(elections())
def test_ties_are_never_silent(election):
    names, rankings, seats, seed = election
    result = counting.count_primary(names, rankings, seats, seed)
    elected: set[str] = set()
    for r in result.rounds:
        standing = [n for n in r.tally if n not in elected]
        for loser in r.eliminated:
            level = [n for n in standing if n != loser and r.tally[n] == r.tally[loser]]
            if level and len(r.eliminated) == 1:
                tie = [t for t in result.tie_breaks if t.round == r.number]
                assert tie and tie[0].chosen == loser and tie[0].kind == "eliminate"
                assert set(level) <= set(tie[0].tied)
        elected.update(r.elected)
    for tie in result.tie_breaks:
        assert tie.how and tie.chosen in tie.tied and len(tie.tied) >= 2
        if tie.how.startswith("drawn by lot"):
            assert seed in tie.how


def test_a_draw_names_its_seed_and_reruns_the_same():
    one = counting.count_primary(["Ana", "Ben"], [["Ana"], ["Ben"]], 1, "published-seed")
    two = counting.count_primary(["Ana", "Ben"], [["Ben"], ["Ana"]], 1, "published-seed")
    assert one.winners == two.winners
    assert one.tie_breaks[0].kind == "elect"
    assert "published-seed" in one.tie_breaks[0].how


def test_an_earlier_round_breaks_a_tie_before_any_draw():
    rankings = [["Ana"]] * 6 + [["Ben"]] * 3 + [["Cleo"]] * 2 + [["Dev", "Cleo"]]
    result = counting.count_primary(["Ana", "Ben", "Cleo", "Dev"], rankings, 1, "s")
    # Round 2: Ben 3, Cleo 3; in round 1 Cleo had 2 to Ben's 3, so Cleo goes, no draw.
    assert result.rounds[1].tally["Ben"] == result.rounds[1].tally["Cleo"] == 3
    assert result.rounds[1].eliminated == ["Cleo"]
    tie = result.tie_breaks[0]
    assert (tie.round, sorted(tie.tied), tie.chosen) == (2, ["Ben", "Cleo"], "Cleo")
    assert tie.how == "Cleo had fewer votes in round 1"


@FEW
@given(elections())
def test_the_numpy_and_python_tables_agree(election):
    names, rankings, seats, seed = election
    results = []
    for arrays in (False, True):
        piles.ARRAYS = arrays
        try:
            results.append(counting.count_primary(names, rankings, seats, seed).to_json())
        finally:
            piles.ARRAYS = None
    assert results[0] == results[1]


@FEW
@given(elections(), st.lists(st.tuples(st.integers(0, 39), st.integers(0, 6), st.integers(0, 6)),
                             max_size=20), st.booleans())
def test_a_name_ranked_again_later_changes_nothing(election, repeats, arrays):
    """A repeat is passed over (its candidate has left by then), on either counting table."""
    names, rankings, seats, seed = election
    repeated = [list(r) for r in rankings]
    for which, source, at in repeats:
        ranking = repeated[which % len(repeated)]
        i = source % len(ranking)  # ranked again somewhere after its first mark
        ranking.insert(i + 1 + at % (len(ranking) - i), ranking[i])
    piles.ARRAYS = arrays
    try:
        before = counting.count_primary(names, rankings, seats, seed).to_json()
        after = counting.count_primary(names, repeated, seats, seed).to_json()
    finally:
        piles.ARRAYS = None
    assert after == before
