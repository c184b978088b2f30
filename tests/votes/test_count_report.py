"""The text report of `hustings count`: whole votes as whole numbers, long counts wrapped,
every column (the exhausted row too) lined up under its round."""

from __future__ import annotations

import re

from tests.votes.test_counting import count_case, load_case
from votes import countfile, counting


def _ends(line: str, pattern: str) -> list[int]:
    return [m.end() for m in re.finditer(pattern, line)]


def test_a_single_seat_count_of_whole_ballots_shows_whole_numbers():
    text = countfile.describe(count_case(load_case("rctab-2013_minneapolis_mayor_scale.json")),
                              "Minneapolis")
    assert "TROY BENJEGERDES                 1937 " in text
    assert ".0000" not in text


def test_a_long_count_is_wrapped_and_every_round_shown_once():
    result = count_case(load_case("rctab-2013_minneapolis_mayor_scale.json"))
    text = countfile.describe(result, "Minneapolis")
    lines = text.splitlines()
    assert len(result.rounds) == 33
    assert max(map(len, lines[1:])) <= countfile.WIDTH
    shown = [int(n) for n in re.findall(r"round (\d+)", text)]
    assert shown == list(range(1, 34))
    # a candidate out before a block is not listed in it
    last_block = text.split("\n\n")[-1]
    assert "TROY BENJEGERDES" not in last_block and "BETSY HODGES" in last_block


def test_numbers_and_the_exhausted_row_line_up_under_their_round():
    result = count_case(load_case("rctab-test_set_multi_winner_whole_threshold.json"))
    lines = countfile.describe(result, "x").splitlines()
    heads = _ends(lines[1], r"round \d+")
    rows = lines[2:9]
    assert rows[-1].startswith("exhausted")
    for row in rows:
        ends = _ends(row, r"\d+\.\d{4}")  # fractional votes keep their 4 places
        assert ends == heads[:len(ends)], row


def test_a_narrow_width_still_gives_one_round_per_block():
    result = counting.count_primary(["Ana", "Ben", "Cleo"],
                                    [["Ana"], ["Ana"], ["Ben"], ["Cleo", "Ana"], ["Ben"]], 1, "s")
    text = countfile.describe(result, "t", width=10)
    assert text.count("round 1") == 1 and text.count("round 2") == 1
    assert re.search(r"^Ana +2$", text, re.M) and re.search(r"^Ana +3\*$", text, re.M)
    assert "Elected: Ana" in text
