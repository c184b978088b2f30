"""`hustings count FILE`: the three readers, the outputs, and what a bad file gets."""

from __future__ import annotations

import argparse
import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cli
from votes import countfile
from votes.countfile import BallotFileError, read_blt, read_cvr_csv
from votes.counting import cvr
from votes.counting.ballots import Columns

DATA = Path(__file__).resolve().parents[1] / "data" / "rcv"

CSV = """voter,rank1,rank2,rank3
1,Ana,Ben,
2,Ben,,Ana
3,Cleo,Ben,Ana
4,Ana,,
5,Ben|Cleo,Ana,
6,Cleo,Ana,
7,Ana,Cleo,
"""

BLT = """3 1
-3
2 1 2 0
1 2 1 0
1 3 2=1 0
1 2 - 1 0
0
"Ana"
"Ben"
"Cleo"
"Ward 4 primary"
"""


def run(path: Path, *extra: str) -> int:
    return cli.main(["count", str(path), *extra])


def args(path: Path, fmt: str = "json", seats=None, method=None, seed=None):
    return argparse.Namespace(file=str(path), seats=seats, method=method, format=fmt, seed=seed)


def test_csv_counts_with_overvotes_skips_and_sorted_candidates(tmp_path, capsys):
    f = tmp_path / "cvr.csv"
    f.write_text(CSV)
    assert countfile.main(args(f)) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["winners"] == ["Ana"]
    first = out["rounds"][0]
    # Ben|Cleo is an overvote: under our rules that ballot exhausts at once.
    assert first["tally"] == {"Ana": "3.0000", "Ben": "1.0000", "Cleo": "2.0000"}
    assert first["exhausted"] == "1.0000"
    assert set(out) == {"winners", "rounds", "tie_breaks"}
    assert set(first) == {"round", "tally", "elected", "eliminated", "transfers", "exhausted"}


def test_csv_reader_groups_identical_rows_and_handles_quotes_and_crlf():
    text = 'rank1,rank2\r\n"Ana, Jr",Ben\r\n"Ana, Jr",Ben\r\nBen,\r\n'
    parsed = read_cvr_csv(text)
    assert parsed.candidates == ["Ana, Jr", "Ben"]
    assert sorted(parsed.ballots) == [((("Ana, Jr",), ("Ben",)), 2), ((("Ben",),), 1)]


def test_blt_reads_weights_withdrawn_equal_rankings_and_names():
    parsed = read_blt(BLT)
    assert parsed.candidates == ["Ana", "Ben", "Cleo"]
    assert parsed.seats == 1 and parsed.title == "Ward 4 primary"
    assert parsed.excluded == ("Cleo",)
    assert ((("Cleo",), ("Ben", "Ana")), 1) in parsed.ballots
    assert ((("Ben",), (), ("Ana",)), 1) in parsed.ballots


def test_blt_count_excludes_withdrawn(tmp_path, capsys):
    f = tmp_path / "ward.blt"
    f.write_text(BLT)
    assert run(f, "--format", "json") == 0
    out = json.loads(capsys.readouterr().out)
    assert "Cleo" not in out["rounds"][0]["tally"]
    assert out["winners"] == ["Ana"]


def test_case_json_matches_the_reference_result(tmp_path, capsys):
    case = DATA / "rctab-minneapolis_multi_seat_threshold.json"
    assert run(case, "--format", "json") == 0
    out = json.loads(capsys.readouterr().out)
    expected = json.loads(case.read_text())["expected"]
    assert sorted(out["winners"]) == sorted(expected["winners"])
    assert len(out["rounds"]) == len(expected["rounds"])


def test_seats_override_turns_a_case_into_stv(capsys):
    case = DATA / "rctab-2015_portland_mayor_codes.json"
    assert run(case, "--format", "json", "--seats", "2") == 0
    assert len(json.loads(capsys.readouterr().out)["winners"]) == 2


def test_text_format_is_a_round_table(tmp_path, capsys):
    f = tmp_path / "cvr.csv"
    f.write_text(CSV)
    assert run(f, "--format", "text", "--seed", "abc") == 0
    out = capsys.readouterr().out
    assert "round 1" in out and "Elected: Ana" in out and "seed abc" in out


def test_rctab_format_has_the_summary_shape(tmp_path, capsys):
    f = tmp_path / "cvr.csv"
    f.write_text(CSV)
    assert run(f, "--format", "rctab") == 0
    out = json.loads(capsys.readouterr().out)
    assert out["jsonFormatVersion"] == "1"
    assert out["results"][0]["round"] == 1
    assert {"tally", "tallyResults", "threshold"} <= set(out["results"][0])
    assert out["results"][0]["tallyResults"][0]["eliminated"] == "Ben"


def test_default_seed_is_derived_from_the_file(tmp_path, capsys):
    f = tmp_path / "tie.csv"
    f.write_text("rank1\nAna\nBen\n")
    run(f, "--format", "json")
    first = capsys.readouterr().out
    run(f, "--format", "json")
    assert capsys.readouterr().out == first
    assert "drawn by lot" in json.loads(first)["tie_breaks"][0]["how"]


def test_a_big_file_is_seeded_by_its_hash_too(tmp_path, capsys):
    f = tmp_path / "big.csv"
    f.write_bytes(b"rank1\n" + b"Ana\nBen\n" * 150_000)  # over 1 MB: hashed on a thread
    run(f, "--format", "json")
    how = json.loads(capsys.readouterr().out)["tie_breaks"][0]["how"]
    assert f"seed {hashlib.sha256(f.read_bytes()).hexdigest()[:16]} " in how


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("a.csv", "rank1,rank2\nAna,Ben\nAna,Ben,Cleo\n", "line 3"),
        ("a.csv", "voter,choice\n1,Ana\n", "line 1: no rank1"),
        ("a.csv", 'rank1\nAna\n"Ben\n', "line 3"),
        ("a.csv", "", "line 1"),
        ("a.blt", "3 1\n1 1 4 0\n0\n\"A\"\n\"B\"\n\"C\"\n", "line 2"),
        ("a.blt", "3 1\n1 1 2\n0\n\"A\"\n\"B\"\n\"C\"\n", "line 2"),
        ("a.blt", "3 1\n1 1 2 0\n0\n\"A\"\n\"B\"\n", "line 5"),
        ("a.blt", "three 1\n", "line 1"),
        ("a.json", '{"candidates": ["A"],\n "ballots": [}', "line 2"),
        ("a.json", '{"candidates": ["A"], "ballots": [{"ranks": [["Z"]], "count": 1}]}',
         "'Z'"),
    ],
)
def test_bad_files_get_one_line_and_exit_2(tmp_path, capsys, name, text, message):
    f = tmp_path / name
    f.write_text(text)
    assert run(f, "--format", "json") == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert message in captured.err
    assert captured.err.count("\n") == 1 and "Traceback" not in captured.err


def test_not_utf8_names_the_line(tmp_path, capsys):
    f = tmp_path / "a.csv"
    f.write_bytes(b"rank1\nAna\n\xff\xfe\n")
    assert run(f) == 2
    assert "line 3" in capsys.readouterr().err


def test_missing_file(tmp_path, capsys):
    assert run(tmp_path / "nope.csv") == 2
    assert "cannot read" in capsys.readouterr().err


def test_irv_with_several_seats_is_refused(tmp_path, capsys):
    f = tmp_path / "a.csv"
    f.write_text(CSV)
    assert run(f, "--seats", "2", "--method", "irv") == 2
    assert "IRV elects one" in capsys.readouterr().err


FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
cell = st.sampled_from(["Ana", "Ben", "", "Ana|Ben", '"', ",", "#overvote", "x\ty", "Ben|"])


@FUZZ
@given(st.lists(st.lists(cell, max_size=5), max_size=8), st.booleans())
def test_fuzzed_csv_never_fails_any_other_way(rows, header):
    text = ("rank1,rank2,rank3\n" if header else "") + "\n".join(",".join(r) for r in rows)
    _never_anything_but_ballot_file_error(text, "f.csv")


blt_token = st.sampled_from(["0", "1", "2", "3", "-1", "1=2", "-", "x", '"A"', '"B', "\n", " "])


@FUZZ
@given(st.lists(blt_token, max_size=30))
def test_fuzzed_blt_never_fails_any_other_way(tokens):
    _never_anything_but_ballot_file_error("2 1\n" + " ".join(tokens), "f.blt")


@FUZZ
@given(st.text(max_size=80))
def test_any_text_never_fails_any_other_way(text):
    for name in ("f.csv", "f.blt", "f.json", "f"):
        _never_anything_but_ballot_file_error(text, name)


def _never_anything_but_ballot_file_error(text: str, name: str) -> None:
    try:
        parsed = countfile.read_ballot_file(text.encode(), name)
        countfile.count_file(parsed, None, None, "fuzz")
    except BallotFileError as e:
        assert str(e) and "\n" not in str(e)


def _read_both(data: bytes):
    """The CSV as the column-wise reader reads it, and as the row-by-row reader does."""
    out = []
    for columnwise in (True, False):
        with pytest.MonkeyPatch.context() as m:
            if not columnwise:
                m.setattr(cvr, "_simple_rows", lambda *args: None)
            try:
                parsed = read_cvr_csv(data)
                result = countfile.count_file(parsed, None, None, "both")
                out.append((sorted(parsed.ballots), parsed.candidates, result.to_json()))
            except BallotFileError as e:
                out.append(str(e))
    return out


csv_cell = st.sampled_from(["Ana", "Ben", " Cleo ", "", " ", "\t", "Ana|Ben", "|", "Ben|Ben",
                            "#overvote", "Dev", "É"])


@FUZZ
@given(st.integers(1, 4), st.lists(st.lists(csv_cell, max_size=5), max_size=10),
       st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_column_wise_and_row_by_row_csv_readers_agree(width, rows, newline, bom):
    header = ",".join(f"rank{i}" for i in range(1, width + 1))
    text = ("\ufeff" if bom else "") + newline.join([header] + [",".join(r) for r in rows])
    first, second = _read_both(text.encode())
    assert first == second


def test_the_column_wise_reader_is_the_one_used_for_plain_files():
    data = b"rank1,rank2,rank3\nAna,Ben,\nBen,,Ana\n,,\nAna,Ben\n"
    ballots = cvr.read(data)[1]
    assert isinstance(ballots, Columns)
    ab = (("Ana",), ("Ben",))
    assert sorted(ballots) == [((), 1), (ab, 1), (ab, 1), ((("Ben",), (), ("Ana",)), 1)]
    quoted = cvr.read(data.replace(b"Ben,,", b'"Ben",,'))[1]  # read row by row
    assert isinstance(quoted, list) and sorted(quoted) == sorted(ballots)


def test_lines_are_counted_the_same_whatever_the_chunk():
    data = b"a\nb\n\nab\na\n" * 7 + b"b"
    whole = Counter(data.split(b"\n"))
    for chunk in (1, 2, 3, 5, 64):
        assert cvr._count_lines(data, chunk) == whole


def test_a_wide_row_of_blanks_is_still_refused():
    with pytest.raises(BallotFileError, match="line 3: 4 cells but the header has 2"):
        read_cvr_csv(b"rank1,rank2\nAna,Ben\nBen,,,\n")
