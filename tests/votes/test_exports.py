"""Published files read back by `hustings count` and give the same result."""

from __future__ import annotations

import json

from votes import countfile, counting, exports

NAMES = ["Ana", "Ben", "Cleo"]
RANKINGS = [["Ana", "Ben"], ["Ben"], ["Cleo", "Ben", "Ana"], ["Ana"], ["Cleo", "Ana"]] * 3


def test_csv_round_trips_through_the_reader():
    text = exports.ballots_csv(RANKINGS)
    assert text.splitlines()[0] == "rank1,rank2,rank3"
    parsed = countfile.read_cvr_csv(text)
    again = counting.count(parsed.ballots, NAMES, 1, counting.primary_rules(1), seed="s")
    assert again.to_json() == counting.count_primary(NAMES, RANKINGS, 1, "s").to_json()


def test_csv_with_receipts_keeps_them_in_a_first_column():
    text = exports.ballots_csv([("K7Q2", ["Ana", "Ben"]), ("P9X4", ["Ben"])])
    assert text.splitlines() == ["receipt,rank1,rank2", "K7Q2,Ana,Ben", "P9X4,Ben,"]
    assert countfile.read_cvr_csv(text).candidates == ["Ana", "Ben"]


def test_blt_round_trips_through_the_reader():
    text = exports.ballots_blt(NAMES, RANKINGS, 2, "Ward 4")
    assert text.splitlines()[0] == "3 2"
    parsed = countfile.read_blt(text)
    assert parsed.candidates == NAMES and parsed.seats == 2 and parsed.title == "Ward 4"
    again = counting.count(parsed.ballots, NAMES, 2, counting.primary_rules(2), seed="s")
    assert again.to_json() == counting.count_primary(NAMES, RANKINGS, 2, "s").to_json()


def test_result_json_is_json_and_names_the_seed():
    result = counting.count_primary(NAMES, RANKINGS, 1, "abc")
    data = json.loads(json.dumps(exports.result_json(result)))
    assert data["seed"] == "abc" and data["winners"] == result.winners
    assert data["rounds"][0]["tally"]["Ana"] == "6.0000"


def test_rctab_summary_from_a_result_and_from_its_saved_json_agree():
    result = counting.count_primary(NAMES, RANKINGS, 1, "abc")
    direct = exports.rctab_summary(result, "Ward 4")
    saved = exports.rctab_summary(exports.result_json(result), "Ward 4")
    assert direct == saved
    assert direct["jsonFormatVersion"] == "1"
    assert direct["config"]["contest"] == "Ward 4"
    first = direct["results"][0]
    assert first["threshold"] == "8"  # 15 ballots: floor(15 / 2) + 1
    assert first["tally"] == {"Ana": "6", "Ben": "3", "Cleo": "6"}
    assert first["tallyResults"] == [{"eliminated": "Ben", "transfers": {"exhausted": "3"}}]
    assert direct["summary"]["numWinners"] == 1
