"""The RCTab summary JSON export against every RCTab reference case, field for field."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

import cli
from tests.conftest import with_db
from tests.votes.test_counting import CASES, DATA, count_case, load_case
from votes import ballot_box, counting, exports, store, tally

RCTAB = [name for name in CASES if name.startswith("rctab-")]


def _numbers(values: dict[str, str]) -> dict[str, Decimal]:
    return {k: Decimal(v) for k, v in values.items() if Decimal(v) != 0}


def test_every_rctab_case_is_checked():
    assert len(RCTAB) == 38  # every rctab-* file in tests/data/rcv


@pytest.mark.parametrize("name", RCTAB, ids=[c.removesuffix(".json") for c in RCTAB])
def test_summary_matches_rctab(name):
    case = load_case(name)
    result = count_case(case)
    summary = json.loads(json.dumps(exports.rctab_summary(
        result, case["id"], date="2013-11-05", jurisdiction="Minneapolis")))
    assert set(summary) == {"config", "jsonFormatVersion", "results", "summary"}
    assert summary["config"] == {"contest": case["id"], "date": "2013-11-05",
                                 "generatedBy": "hustings", "jurisdiction": "Minneapolis",
                                 "office": case["id"]}
    expected = case["expected"]["rounds"]
    assert len(summary["results"]) == len(expected)
    for ours, theirs in zip(summary["results"], expected, strict=True):
        where = f"round {theirs['round']}"
        assert set(ours) == {"inactiveBallots", "round", "tally", "tallyResults", "threshold"}
        assert ours["round"] == theirs["round"]
        # every category RCTab writes, and no other; all of them computed from the ballots
        assert set(ours["inactiveBallots"]) == set(theirs["inactive"]), where
        assert ({k: Decimal(v) for k, v in ours["inactiveBallots"].items()}
                == {k: Decimal(v) for k, v in theirs["inactive"].items()}), where
        assert _numbers(ours["tally"]) == _numbers(theirs["tally"]), where
        assert Decimal(ours["threshold"]) == Decimal(theirs["threshold"]), where
        elected = [a["elected"] for a in ours["tallyResults"] if "elected" in a]
        eliminated = [a["eliminated"] for a in ours["tallyResults"] if "eliminated" in a]
        assert sorted(elected) == sorted(theirs["elected"]), where
        assert sorted(eliminated) == sorted(theirs["eliminated"]), where
        assert all(set(a) in ({"elected", "transfers"}, {"eliminated", "transfers"})
                   for a in ours["tallyResults"])
    blank = sum(b["count"] for b in case["ballots"] if not any(b["ranks"]))
    assert summary["summary"] == {
        "finalThreshold": summary["results"][-1]["threshold"],
        "numCandidates": len(result.candidates),
        "numWinners": case["seats"],
        "totalNumBallots": str(sum(b["count"] for b in case["ballots"])),
        "undervotes": blank,
    }


def test_surplus_transfers_name_the_votes_lost_to_rounding():
    """RCTab's multi-winner whole-threshold case: C's surplus of 1 moves at 0.1111 a ballot."""
    case = load_case("rctab-test_set_multi_winner_whole_threshold.json")
    first = exports.rctab_summary(count_case(case), "x")["results"][0]
    assert first["tallyResults"] == [{"elected": "Candidate C Name", "transfers": {
        "Candidate D Name": "0.1111", "Candidate E Name": "0.7777",
        "Candidate F Name": "0.1111", "residual surplus": "0.0001"}}]


def test_saved_json_gives_the_same_summary_as_the_result():
    for name in RCTAB:
        result = count_case(load_case(name))
        saved = json.loads(json.dumps(exports.result_json(result)))
        assert exports.rctab_summary(saved, "x") == exports.rctab_summary(result, "x"), name


def test_an_older_saved_result_without_categories_counts_exhausted_as_run_out():
    result = counting.count_primary(["Ana", "Ben", "Cleo"],
                                    [["Ana"], ["Ben"], ["Cleo"], ["Ana"], ["Ben"]], 1,
                                    "s")
    saved = json.loads(json.dumps(exports.result_json(result)))
    for r in saved["rounds"]:
        del r["inactive"], r["threshold"]
    old = exports.rctab_summary(saved, "x")
    assert old == exports.rctab_summary(result, "x")
    assert old["results"][-1]["inactiveBallots"]["exhaustedChoices"] == "1"


def test_the_published_summary_names_the_meeting_date_and_ward(client, settings, evening):
    async def vote_count_publish(db):
        pid = evening.primary_id
        await store.set_phase(db, pid, "open", "test")
        names = {c.name: c.id for c in await store.candidates(db, pid)}
        first = list(names)
        for i, (_, code) in enumerate(evening.activated_codes[:5]):
            card = await ballot_box.card_by_code(db, code)
            ranking = [names[first[i % 2]], names[first[2]]]
            await ballot_box.cast(db, pid, card.id, f"R{i}", ranking)
        await store.set_phase(db, pid, "close", "test")
        await tally.count_and_save(db, pid, "test")
        await store.set_phase(db, pid, "publish", "test")
        return await store.primary(db, pid)

    primary = with_db(settings, vote_count_publish)
    summary = client.get(f"/results/{primary.id}/rctab.json").json()
    assert summary["config"]["date"] == primary.starts_at[:10]
    assert summary["config"]["jurisdiction"] == "Coldharbour, " + evening.area
    assert summary["config"]["contest"] == primary.title
    assert summary["summary"]["totalNumBallots"] == "5"
    assert summary["results"][0]["inactiveBallots"] == {
        "exhaustedChoices": "0", "overvotes": "0", "repeatedRankings": "0",
        "skippedRankings": "0"}


def test_the_command_line_fills_date_jurisdiction_and_office(tmp_path, capsys):
    f = tmp_path / "cvr.csv"
    f.write_text("rank1,rank2\nAna,Ben\nBen,\n,\nAna|Ben,\n")
    assert cli.main(["count", str(f), "--format", "rctab", "--date", "2026-12-01",
                     "--jurisdiction", "Tulse Hill, Brixton", "--office", "Councillor"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["config"]["date"] == "2026-12-01"
    assert out["config"]["jurisdiction"] == "Tulse Hill, Brixton"
    assert out["config"]["office"] == "Councillor"
    assert out["summary"]["undervotes"] == 1 and out["summary"]["totalNumBallots"] == "4"
    assert out["results"][0]["inactiveBallots"]["overvotes"] == "1"


def test_a_date_that_is_not_a_date_is_refused_before_counting(tmp_path, capsys):
    f = tmp_path / "cvr.csv"
    f.write_text("rank1\nAna\n")
    assert cli.main(["count", str(f), "--format", "rctab", "--date", "1/12/2026"]) != 0
    err = capsys.readouterr().err
    assert "YYYY-MM-DD" in err and "Traceback" not in err


def _same(ours, theirs) -> bool:
    """Equal as RCTab means it: numbers by value ('654.0000' is '654'), a zero tally = absent."""
    if isinstance(theirs, dict):
        keys = set(ours) | set(theirs)
        zero = {k for k in keys if k not in ours or k not in theirs}
        return all(_same(ours.get(k, "0"), theirs.get(k, "0")) for k in keys) and all(
            Decimal(str(ours.get(k, theirs.get(k)))) == 0 for k in zero)
    if isinstance(theirs, list):
        key = json.dumps
        return len(ours) == len(theirs) and all(
            _same(a, b) for a, b in zip(sorted(ours, key=key), sorted(theirs, key=key),
                                        strict=True))
    if isinstance(theirs, str) and theirs.replace(".", "").isdigit():
        return Decimal(str(ours)) == Decimal(theirs)
    return ours == theirs


@pytest.mark.parametrize("case", ["2013_minneapolis_park", "exhaust_if_multiple_continuing",
                                  "test_set_multi_winner_whole_threshold"])
def test_our_export_is_rctabs_own_summary_transfers_and_all(case):
    theirs = json.loads((DATA / "rctab-summaries" / f"{case}.json").read_text())
    result = count_case(load_case(f"rctab-{case}.json"))
    config = theirs["config"]
    ours = exports.rctab_summary(result, config["contest"], date=config["date"],
                                 jurisdiction=config["jurisdiction"], office=config["office"])
    assert ours["config"] == {**config, "generatedBy": "hustings"}
    assert ours["summary"] == {**theirs["summary"], "finalThreshold": ours["summary"][
        "finalThreshold"]} and _same(ours["summary"], theirs["summary"])
    assert len(ours["results"]) == len(theirs["results"])
    for a, b in zip(ours["results"], theirs["results"], strict=True):
        assert set(a) == set(b) and set(a["inactiveBallots"]) == set(b["inactiveBallots"])
        assert _same(a, b), f"round {b['round']}"
    assert _key_orders(ours) == _key_orders(theirs)  # RCTab writes keys alphabetically


def _key_orders(value) -> list:
    """Every object's keys in the order written, zero tallies left out (RCTab lists them)."""
    if isinstance(value, dict):
        keys = [k for k, v in value.items() if not (isinstance(v, str) and v == "0"
                                                     and k not in ("overvotes", "skippedRankings",
                                                                   "repeatedRankings",
                                                                   "exhaustedChoices",
                                                                   "finalRoundSurplus"))]
        return [keys] + [_key_orders(value[k]) for k in keys]
    if isinstance(value, list):
        return [_key_orders(v) for v in value]
    return []
