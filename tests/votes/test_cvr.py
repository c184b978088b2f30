"""Reading a big CVR CSV in two processes gives exactly what one process reads."""

from __future__ import annotations

import marshal
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from votes.counting import cvr

lines = st.lists(st.sampled_from([b"Ana,Ben", b"Ben", b"", b"Cleo,,Ana", b"Ana"]), max_size=60)


@settings(max_examples=40, deadline=None)
@given(lines, st.booleans())
def test_two_processes_count_lines_as_one_does(rows, trailing):
    data = b"\n".join(rows) + (b"\n" if trailing else b"")
    cvr.IN_TWO_FROM, before = 0, cvr.IN_TWO_FROM
    try:
        assert cvr._count_lines_in_two(data) == Counter(data.split(b"\n"))
    finally:
        cvr.IN_TWO_FROM = before


def test_if_the_second_process_fails_its_half_is_counted_here(monkeypatch):
    def broken(*args, **kwargs):
        raise MemoryError("the copy ran out of memory")

    monkeypatch.setattr(cvr, "IN_TWO_FROM", 0)
    monkeypatch.setattr(marshal, "dumps", broken)  # in the copy, sending its counts fails
    data = b"rank1\n" + b"Ana\nBen\n" * 50
    assert cvr._count_lines_in_two(data) == Counter(data.split(b"\n"))


def test_a_big_file_reads_the_same_in_one_or_two_processes():
    data = b"rank1,rank2\n" + b"Ana,Ben\nBen,\n,Cleo\nCleo|Ana,Ben\n" * 400_000
    assert len(data) > cvr.IN_TWO_FROM
    one, two = cvr.read(data), cvr.read(data, processes=2)
    assert one[0] == two[0] == ["Ana", "Ben", "Cleo"]
    assert sorted(one[1]) == sorted(two[1])
    assert sum(n for _, n in two[1]) == 1_600_000


def test_work_alongside_starts_once_whichever_way_the_file_is_read(monkeypatch):
    calls = []
    big = b"rank1\n" + b"Ana\nBen\n" * 20
    for size_to_fork, processes in ((0, 2), (1 << 30, 2), (0, 1)):
        monkeypatch.setattr(cvr, "IN_TWO_FROM", size_to_fork)
        calls.clear()
        cvr.read(big, processes, lambda: calls.append(1))
        assert calls == [1]


def test_a_big_file_seeds_its_count_with_its_own_hash(tmp_path, monkeypatch, capsys):
    import hashlib

    import cli

    monkeypatch.setattr(cvr, "IN_TWO_FROM", 0)
    data = b"rank1\n" + b"Ana\nBen\n" * 600_000  # over 1 MB: hashed on a thread
    f = tmp_path / "tie.csv"
    f.write_bytes(data)
    assert cli.main(["count", str(f)]) == 0
    assert f"seed {hashlib.sha256(data).hexdigest()[:16]}" in capsys.readouterr().out
