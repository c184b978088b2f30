"""The files of a panel by lot: quotas and addresses checked whole, and the published pool read
back as it was written."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cli
import spreadsheet
from sortition import files
from sortition.lottery import Quota, Volunteer


def test_quota_rows_with_problems_are_all_named_and_none_kept():
    quotas, problems = files.read_quotas(
        "category,value,min,max\ngender,Woman,3,2\ngender,Man,x,2\nage,Young,1,9\n"
        "Gender,woman,1,1\n", seats=5)
    assert quotas == []
    assert [str(p) for p in problems] == [
        "Row 2, column min: the minimum (3) is above the maximum (2).",
        "Row 3, column min and max: write whole numbers, like 2 and 5.",
        "Row 4, column max: the maximum (9) is more than the 5 seats.",
        "Row 5, column value: Gender – woman is listed twice."]


def test_good_quotas_keep_their_order():
    quotas, problems = files.read_quotas("category,value,min,max\nage,Old,0,2\nage,Young,1,2\n",
                                         2)
    assert problems == [] and quotas == [Quota("age", "Old", 0, 2), Quota("age", "Young", 1, 2)]
    assert files.categories(quotas) == {"age": ["Old", "Young"]}


def test_an_address_file_without_its_columns_says_which():
    rows, problems = files.read_addresses(b"road,house\nAcre Lane,1\n")
    assert rows == [] and [p.column for p in problems] == ["street", "address"]


def test_a_windows_address_file_reads():
    rows, problems = files.read_addresses("street,address\nRue Café,1 Rue Café\n".encode("cp1252"))
    assert problems == [] and rows == [("Rue Café", "1 Rue Café")]


ANSWER = st.text(st.characters(codec="utf-8", exclude_categories=("C", "Z")), min_size=1,
                 max_size=12)


def _published(pool: list[Volunteer], households: bool) -> list[Volunteer]:
    rows = files.pool_rows(pool, ["gender", "age"], households)
    back, problems = files.read_pool(spreadsheet.csv_text(rows), ["gender", "age"])
    assert problems == []
    return back


@given(st.lists(st.tuples(ANSWER, ANSWER, st.sampled_from(["", "x", "y"])), min_size=1,
                max_size=20), st.booleans())
def test_the_published_pool_is_what_the_draw_read(answers, households):
    """The server draws from the pool as published; reading the file back and publishing it
    again changes nothing, so a re-run reads what the draw read."""
    pool = [Volunteer(str(n), (("gender", g), ("age", a)), h)
            for n, (g, a, h) in enumerate(answers, start=1)]
    once = _published(pool, households)
    assert _published(once, households) == once
    assert [v.id for v in once] == [v.id for v in pool]
    if households:  # housemates share a number, and only they
        assert [[a.household == b.household for b in once] for a in once] == \
            [[(a.household or a.id) == (b.household or b.id) for b in pool] for a in pool]


@pytest.mark.parametrize("seed, message", [
    ("1234", "--seed is the dice thrown at the draw"),
    ("12345612", "quotas.csv: Row 2, column min and max"),
])
def test_the_command_says_what_to_fix(tmp_path, capsys, seed, message):
    (tmp_path / "quotas.csv").write_text("category,value,min,max\ngender,Woman,one,2\n")
    (tmp_path / "pool.csv").write_text("id,gender\n1,Woman\n")
    code = cli.main(["sortition", str(tmp_path / "pool.csv"), "--quotas",
                     str(tmp_path / "quotas.csv"), "--seats", "1", "--seed", seed])
    assert code == 2 and message in capsys.readouterr().err
