"""Reading a CSV of doorstep answers: every problem named by row and column, nothing half-read,
three encodings, duplicates reported. Examples first, then properties (hypothesis)."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from hypothesis import assume, given
from hypothesis import strategies as st

from programme.importing import TEMPLATE, Ward, leave_out_duplicates, read

TODAY = date(2026, 3, 14)
WARDS = [Ward(1, "Lambeth", "Tulse Hill", ("Acre Lane", "Railton Road")),
         Ward(2, "Lambeth", "Coldharbour"), Ward(3, "Southwark", "Coldharbour")]
HEADER = "ward,street,date,good,improve,invited\n"


def problems(text: str | bytes) -> list[str]:
    data = text.encode() if isinstance(text, str) else text
    return [str(p) for p in read(data, WARDS, TODAY).problems]


def test_the_template_reads_without_a_problem():
    plan = read(TEMPLATE.encode(), [Ward(1, "Lambeth", "Tulse Hill")], TODAY)
    assert plan.ok and [(r.street, r.day, r.invited) for r in plan.rows] == [
        ("Acre Lane", "2026-03-14", True), ("Brixton Water Lane", "2026-03-14", False)]


def test_each_problem_is_named_by_row_and_column():
    text = HEADER + ("Tulse Hill,Acre Lane,2026-03-14,Park,,yes\n"
                     ",Acre Lane,2026-03-14,Park,,\n"
                     "Tulse Hill,,2026-03-14,Park,,\n"
                     "Tulse Hill,Acre Lane,,Park,,\n"
                     "Tulse Hill,Acre Lane,2026-03-14,,,\n"
                     "Tulse Hill,Acre Lane,2026-03-14,Park,,perhaps\n"
                     "Tulse Hill,Acre Lane,2026-04-14,Park,,\n")
    assert problems(text) == [
        "Row 3, column ward: the ward is missing.",
        "Row 4, column street: the street is missing.",
        "Row 5, column date: the date is missing.",
        "Row 6, column good and improve: both answers are empty; each row needs at least one.",
        "Row 7, column invited: write yes or no, not 'perhaps'.",
        "Row 8, column date: 2026-04-14 is in the future.",
    ]


def test_a_day_that_does_not_exist_is_named_as_such():
    text = HEADER + ("Tulse Hill,Acre Lane,31/02/2026,Park,,\n"
                     "Tulse Hill,Acre Lane,2026-02-29,Park,,\n"
                     "Tulse Hill,Acre Lane,14/13/2026,Park,,\n"
                     "Tulse Hill,Acre Lane,last week,Park,,\n")
    assert problems(text) == [
        "Row 2, column date: there is no 31 February 2026: check the day and the month.",
        "Row 3, column date: there is no 29 February 2026: check the day and the month.",
        "Row 4, column date: there is no month 13: write the date as 2026-03-14 (or "
        "14/03/2026).",
        "Row 5, column date: write the date as 2026-03-14 (or 14/03/2026).",
    ]


def test_wards_by_name_or_by_area_when_two_areas_share_a_name():
    text = HEADER + ("Coldharbour,High St,2026-03-14,Park,,\n"
                     "Southwark / Coldharbour,High St,2026-03-14,Park,,\n"
                     "Lambeth/Coldharbour,High St,2026-03-14,Park,,\n")
    assert problems(text) == [
        "Row 2, column ward: there are wards called 'Coldharbour' in Lambeth and Southwark: "
        "write it as 'Area / Ward'.",
        "Row 4, column ward: there is no ward called 'Lambeth/Coldharbour'. Create it first, "
        "or check the spelling."]
    plan = read((HEADER + "lambeth / COLDHARBOUR,High St,14/03/2026,Park,,\n").encode(),
                WARDS, TODAY)
    assert plan.ok and plan.rows[0].ward_id == 2


def test_a_missing_column_is_named_once_not_on_every_row():
    assert problems("ward,street,when,good,improve\nTulse Hill,Acre Lane,x,Park,\n") == [
        "Row 1, column date: the column 'date' is missing. The template's columns are ward, "
        "street, date, good, improve, invited."]


def test_rows_are_counted_as_a_spreadsheet_shows_them():
    text = HEADER + ('Tulse Hill,Acre Lane,2026-03-14,"Park,\nand the ""market""",,\n'
                     "\n"
                     "Tulse Hill,Nowhere Road,2026-03-14,Park,,\n")
    assert problems(text) == [
        "Row 4, column street: 'Nowhere Road' is not one of Tulse Hill's streets. Check the "
        "spelling, or add it to the ward's street list."]
    plan = read(text.replace("Nowhere Road", "acre lane").encode(), WARDS, TODAY)
    assert [r.good for r in plan.rows] == ['Park, and the "market"', "Park"]
    assert plan.rows[1].street == "Acre Lane"  # the list's spelling


def test_three_encodings_are_read():
    text = HEADER + "Tulse Hill,Acre Lane,2026-03-14,Café and crèche – “lovely”,,\n"
    for encoding, name in (("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 with BOM"),
                           ("cp1252", "Windows-1252")):
        plan = read(text.encode(encoding), WARDS, TODAY)
        assert plan.ok and plan.encoding == name, encoding
        assert plan.rows[0].good == "Café and crèche – “lovely”"


def test_bad_encoding_is_named_by_row_and_column():
    good = (HEADER + "Tulse Hill,Acre Lane,2026-03-14,Café,,\n").encode()
    stray = good + b"Tulse Hill,Acre Lane,2026-03-14,Park,Bins \xe9,\n"  # Latin-1 in UTF-8
    assert problems(stray) == [
        "Row 3, column improve: has characters that are not readable text (bad encoding). "
        "Save the file as 'CSV UTF-8' and try again."]
    undefined = HEADER.encode() + b"Tulse Hill,Acre Lane,2026-03-14,Caf\xe9 \x81,,\n"
    assert problems(undefined)[0].startswith("Row 2, column good: has characters that are not")
    assert problems(HEADER.encode() + b"Tulse Hill,Acre\x00,2026-03-14,a,,\n")[0].startswith(
        "Row 2, column street: has characters")


def test_an_empty_or_unreadable_file_is_explained():
    assert problems(b"") == ["Row 1: the file is empty. Start from the template."]
    assert problems(HEADER) == ["Row 2: the file has no answers in it."]
    assert problems(b"\x81\x00\x00") and problems(b"\x81\x00\x00")[0].startswith("Row 1")


def test_duplicates_within_the_file_and_already_recorded_are_reported_and_left_out():
    text = HEADER + ("Tulse Hill,Acre Lane,2026-03-14,Park,Bins,\n"
                     "Tulse Hill,acre lane,14/03/2026,park, bins ,\n"
                     "Tulse Hill,Acre Lane,2026-03-13,Park,Bins,\n"
                     "Tulse Hill,Railton Road,2026-03-14,Market,,\n")
    plan = read(text.encode(), WARDS, TODAY)
    recorded = {plan.rows[3].fingerprint}
    checked = leave_out_duplicates(plan, recorded, keep=False)
    assert [r.row for r in checked.rows] == [2, 4]
    assert [str(p) for p in checked.duplicates] == [
        "Row 3: the same answer, street and day as row 2.",
        "Row 5: the same answer, street and day is already recorded (was this file imported "
        "before?)."]
    assert len(leave_out_duplicates(plan, recorded, keep=True).rows) == 4


# --- properties ---------------------------------------------------------------------------------

ANSWER = st.text(st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1,
                 max_size=40).filter(lambda s: s.split() != [])
CP1252 = st.text(st.sampled_from("abcXYZ ,;\"'éèàçñö£€–—“”‘’…ßÆ\n"), min_size=1,
                 max_size=30).filter(lambda s: s.split() != [])
ROW = st.tuples(st.sampled_from(["Tulse Hill", "tulse hill", "Lambeth / Coldharbour"]),
                st.sampled_from(["Acre Lane", "Railton Road"]),
                st.integers(0, 100).map(lambda d: TODAY - timedelta(days=d)),
                st.booleans())


def write(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows([["ward", "street", "date", "good", "improve", "invited"], *rows])
    return out.getvalue()


def cells(rows, answers) -> list[list[str]]:
    return [[ward, street, day.isoformat(), good, improve, "yes" if invited else "no"]
            for (ward, street, day, invited), (good, improve) in zip(rows, answers, strict=True)]


@st.composite
def valid_files(draw, text=ANSWER):
    rows = draw(st.lists(ROW, min_size=1, max_size=15))
    answers = draw(st.lists(st.tuples(text, text | st.just("")), min_size=len(rows),
                            max_size=len(rows)))
    return cells(rows, answers)


@given(valid_files(), st.sampled_from(["utf-8", "utf-8-sig"]))
def test_any_valid_file_reads_back_every_row_in_order(table, encoding):
    plan = read(write(table).encode(encoding), WARDS, TODAY)
    assert plan.ok, plan.problems
    assert [(r.good, r.improve, r.day) for r in plan.rows] == [
        (" ".join(good.split()), " ".join(improve.split()), day)
        for _, _, day, good, improve, _ in table]
    assert [r.row for r in plan.rows] == list(range(2, len(table) + 2))


@given(valid_files(CP1252))
def test_a_windows_1252_file_reads_as_its_utf8_twin_or_is_refused_never_misread(table):
    data = write(table).encode("cp1252")
    try:
        data.decode("utf-8")
        assume(data.isascii())  # bytes that are valid UTF-8 too are UTF-8 (Excel does the same)
    except UnicodeDecodeError:
        pass
    plan, twin = read(data, WARDS, TODAY), read(write(table).encode(), WARDS, TODAY)
    if plan.ok:
        assert [r.fingerprint for r in plan.rows] == [r.fingerprint for r in twin.rows]
    else:  # by chance more of it looks like UTF-8 than not ('Æ–' is UTF-8 for 'Ɩ')
        assert all("bad encoding" in p.message for p in plan.problems)


def test_ordinary_windows_1252_text_is_read():
    text = HEADER + "Tulse Hill,Acre Lane,2026-03-14,“Café” – £5 for À LA CARTE’s menu,,\n"
    plan = read(text.encode("cp1252"), WARDS, TODAY)
    assert plan.ok and plan.encoding == "Windows-1252"
    assert plan.rows[0].good == "“Café” – £5 for À LA CARTE’s menu"


BREAKS = {
    "ward": ("", "Nowhere"),
    "street": ("", "Acre Lnae"),
    "date": ("", "2026-02-30", "tomorrow", (TODAY + timedelta(days=9)).isoformat()),
    "invited": ("maybe",),
}
COLUMN = {"ward": 0, "street": 1, "date": 2, "invited": 5}


@given(valid_files(), st.data())
def test_one_broken_cell_refuses_the_whole_file_and_names_its_row_and_column(table, data):
    at = data.draw(st.integers(0, len(table) - 1))
    column = data.draw(st.sampled_from(sorted(BREAKS) + ["answers"]))
    if column == "answers":
        table[at][3:5] = ["", " "]
        expected = "good and improve"
    else:
        table[at][COLUMN[column]] = data.draw(st.sampled_from(BREAKS[column]))
        expected = column
        if column == "street":
            table[at][0] = "Tulse Hill"  # the ward with a street list
    plan = read(write(table).encode(), WARDS, TODAY)
    assert not plan.ok
    assert [(p.row, p.column) for p in plan.problems] == [(at + 2, expected)]


@given(st.binary(max_size=400))
def test_any_bytes_are_read_or_refused_with_a_row_to_look_at(data):
    plan = read(data, WARDS, TODAY)
    assert plan.ok or all(str(p).startswith(f"Row {p.row}") and p.row >= 1
                          for p in plan.problems)


@given(valid_files(), st.lists(st.integers(0, 14), max_size=6))
def test_repeated_rows_are_left_out_exactly_once_each(table, repeats):
    table = table + [list(table[i % len(table)]) for i in repeats]
    plan = leave_out_duplicates(read(write(table).encode(), WARDS, TODAY), set(), keep=False)
    assert len({r.fingerprint for r in plan.rows}) == len(plan.rows)
    assert len(plan.rows) + len(plan.duplicates) == len(table)
