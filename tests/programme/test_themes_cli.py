"""`hustings themes ANSWERS.csv`: the output shape, and what a bad file gets."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cli
from programme.themes_cli import AnswersFileError, read_answers

DATA = Path(__file__).resolve().parents[1] / "data" / "answers"


def sample(tmp_path, rows: int = 240) -> Path:
    with open(DATA / "nhs_phase1.csv", newline="", encoding="utf-8") as f:
        text = "".join(f.readline() for _ in range(rows + 1))
    path = tmp_path / "answers.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_json_output_has_exactly_the_documented_shape(tmp_path, capsys):
    path = sample(tmp_path)
    assert cli.main(["themes", str(path), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"wards", "assignments"}
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert set(out["wards"]) == {r["ward"] for r in rows}
    assert set(out["assignments"]) == {r["id"] for r in rows}
    for ward in out["wards"].values():
        assert set(ward) <= {"themes", "shortlist", "folded"} and len(ward["themes"]) <= 30
        assert len(ward["shortlist"]) <= 5 and len(set(ward["shortlist"])) == len(ward["shortlist"])
        for theme in ward["themes"]:
            assert set(theme) == {"label", "answer_ids", "respondents", "quotes"}
            assert theme["respondents"] == len(set(theme["answer_ids"]))
            assert 1 <= len(theme["quotes"]) <= 3
        assert all(0 <= i < len(ward["themes"]) for i in ward["shortlist"])
    for answer_id, index in out["assignments"].items():
        ward = next(r["ward"] for r in rows if r["id"] == answer_id)
        if index is not None:
            shown = out["wards"][ward]["themes"] + out["wards"][ward].get("folded", [])
            assert answer_id in shown[index]["answer_ids"]


def test_text_output_and_k(tmp_path, capsys):
    path = sample(tmp_path, 120)
    assert cli.main(["themes", str(path), "--k", "6"]) == 0
    text = capsys.readouterr().out
    assert "Ward W1:" in text and "6 themes" in text and "doorsteps" in text


def test_other_column_names(tmp_path, capsys):
    path = tmp_path / "a.csv"
    path.write_text("ref,area,answer\n1,North,more bins\n2,North,nothing\n", encoding="utf-8")
    assert cli.main(["themes", str(path), "--format", "json", "--id-column", "ref",
                     "--ward-column", "area", "--text-column", "answer"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["assignments"] == {"1": 0, "2": None}
    assert out["wards"]["North"]["shortlist"] == []  # one respondent is not a shortlisted theme


def test_reads_windows_1252_semicolons_and_the_apps_own_export(tmp_path, capsys):
    path = tmp_path / "excel.csv"
    path.write_bytes("id;ward;text\n1;North;More caf\u00e9s, and bins\n2;North;Bins\n"
                     .encode("cp1252"))
    assert cli.main(["themes", str(path), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert "caf\u00e9s" in str(out) and set(out["assignments"]) == {"1", "2"}
    # What /o/answers/export.csv writes: an id, and the demand in "improve", kept whole.
    path.write_text("\ufeffid,area,ward,street,date,good,improve,invited,source\n"
                    "7,Town,North,High St,2026-05-01,the park,\"Fix the lights, and the bins\","
                    "no,doorstep\n8,Town,North,Low St,2026-05-01,,Bins,no,doorstep\n",
                    encoding="utf-8")
    assert cli.main(["themes", str(path), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out["assignments"]) == {"7", "8"}
    quotes = [q for t in out["wards"]["North"]["themes"] for q in t["quotes"]]
    assert "Fix the lights, and the bins" in quotes and "the park" not in str(out)


def test_reads_latin_1_as_saved_by_an_old_spreadsheet():
    data = "id;ward;text\n1;Nord;Parking \u00e0 \u00a35 is too dear\n2;Nord;\u00c9cole bus\n"
    wards = read_answers(data.encode("latin-1"))
    assert [a.text for a in wards["Nord"]] == ["Parking \u00e0 \u00a35 is too dear",
                                              "\u00c9cole bus"]


def test_a_big_file_says_how_far_it_has_got_on_stderr(tmp_path, capsys, monkeypatch):
    from programme import themes_cli

    monkeypatch.setattr(themes_cli, "PROGRESS_FROM", 10)
    path = sample(tmp_path, 12)
    assert cli.main(["themes", str(path), "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert "Finding themes in 12 answers, 4 ward(s)…" in captured.err
    assert all(f"Ward W{n} done" in captured.err for n in (1, 2, 3, 4))
    assert "of 4): " in captured.err and "Themes found in" in captured.err
    assert json.loads(captured.out)["wards"]  # stdout stays pure JSON


@pytest.mark.parametrize(("content", "message"), [
    (b"", "line 1: the file is empty"),
    (b"id,ward\n1,W1\n", "line 1: no column named text"),
    (b"id,ward,text\n1,W1,more bins\n2,W1\n", "line 3: 2 column(s)"),
    (b"id,ward,text\n1,W1,more bins\n1,W1,less bins\n", "line 3: the id '1' is already used"),
    (b"id,ward,text\n,W1,more bins\n", "line 2: the id column is empty"),
    (b"id,ward,text\n1,W1,caf\x81\n", "line 2: the file holds bytes that are not text"),
    (b'id,ward,text\n1,W1,"unclosed\n', "not valid CSV"),
    (b"id,ward,text\n", "the file has a header but no answers"),
    (b"id,ward,text\n1,W1,a\x00b\n", "line 2: the file holds bytes that are not text"),
])
def test_bad_files_get_one_line_and_exit_2(tmp_path, capsys, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    assert cli.main(["themes", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_missing_file_and_bad_k(tmp_path, capsys):
    assert cli.main(["themes", str(tmp_path / "none.csv")]) == 2
    assert "cannot read the file" in capsys.readouterr().err
    assert cli.main(["themes", str(sample(tmp_path, 10)), "--k", "0"]) == 2
    assert "--k must be at least 1" in capsys.readouterr().err
    assert cli.main(["themes", str(sample(tmp_path, 10)), "--workers", "0"]) == 2
    assert "--workers must be at least 1" in capsys.readouterr().err


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(
    st.binary(max_size=300),
    st.lists(st.lists(st.text(max_size=12), max_size=5), max_size=8).map(
        lambda rows: _csv([["id", "ward", "text"], *rows]).encode()),
    st.text(alphabet='id,ward,text\n"\r x1', max_size=200).map(str.encode),
))
def test_reader_fuzz_returns_answers_or_a_one_line_error(data):
    try:
        wards = read_answers(data)
    except AnswersFileError as e:
        message = str(e)
        assert message and "\n" not in message
        assert message.startswith("line ")
        return
    ids = [a.id for answers in wards.values() for a in answers]
    assert len(ids) == len(set(ids)) and all(a.text for w in wards.values() for a in w)


def _csv(rows) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


def test_embeddings_without_the_extra_say_how_to_install_it(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)  # as if not installed
    assert cli.main(["themes", str(sample(tmp_path, 20)), "--embeddings"]) == 2
    err = capsys.readouterr().err
    assert "pip install 'hustings[embeddings]'" in err and "Traceback" not in err
