"""`hustings serve --workers 2`, for real: two uvicorn worker processes on one database (the test's
SQLite file, or PostgreSQL in the PostgreSQL run), hit by phones at the same moment. One vote per
card and the limit on wrong card codes hold across the two, and both workers take requests."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from primary import demo
from tests.conftest import ON_POSTGRES, rows, run
from votes import hall_routes

ROOT = Path(__file__).resolve().parents[1]
WRONG = hall_routes.WRONG_PER_ADDRESS.amount
PHONES = 16  # requests in flight at once, each on a connection of its own


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(settings, tmp_path):
    """The real serve command with two workers; yields (base URL, the workers' process ids)."""
    port = free_port()
    env = {**os.environ, "HUSTINGS_VAR": str(tmp_path / "var"), "HUSTINGS_DB": str(
        settings.db_path), "HUSTINGS_SECRET": settings.secret_key,
        "HUSTINGS_BASE_URL": f"http://127.0.0.1:{port}",
        "DATABASE_URL": str(settings.db_path) if ON_POSTGRES else ""}
    log = tmp_path / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "cli", "serve", "--port", str(port), "--workers", "2"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while log.read_text().count("Application startup complete") < 2:
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.05)
        pids = [int(p) for p in re.findall(r"Started server process \[(\d+)\]", log.read_text())]
        assert len(pids) == 2 and server.pid not in pids
        yield f"http://127.0.0.1:{port}", pids
    finally:
        os.killpg(server.pid, 15)
        server.wait(10)


def cpu_ticks(pid: int) -> int:
    """User and system time a process has used, in clock ticks."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def at_once(requests: list[urllib.request.Request]) -> list[int]:
    """Send every request, PHONES at a time; the status of each, in order."""
    def send(req: urllib.request.Request) -> int:
        try:
            with urllib.request.urlopen(req, timeout=20) as r:
                return r.status
        except urllib.error.HTTPError as e:
            return e.code
    with ThreadPoolExecutor(PHONES) as pool:
        return list(pool.map(send, requests))


def both_took_requests(pids: list[int], before: dict[int, int]) -> None:
    used = {pid: cpu_ticks(pid) - before[pid] for pid in pids}
    assert all(ticks >= 3 for ticks in used.values()), f"one worker did all the work: {used}"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_two_workers_count_one_vote_per_card_and_one_limit(settings, served):
    url, pids = served
    e = run(demo.create(settings, cards=12, activate=12, open_vote=True))
    first = rows(settings, "SELECT id FROM candidates WHERE primary_id = ? ORDER BY id",
                 (e.primary_id,))[0][0]
    codes = [code for _, code in e.activated_codes]
    with urllib.request.urlopen(f"{url}/v/{codes[0]}") as page:  # the CSRF cookie, as a phone
        token = re.search(r"csrftoken=([^;]+)", page.headers["set-cookie"]).group(1)
    before = {pid: cpu_ticks(pid) for pid in pids}

    wrong = at_once([urllib.request.Request(f"{url}/v/{i:016d}") for i in range(WRONG + 40)])
    assert Counter(wrong) == {404: WRONG, 429: 40}, "the limit is one count, not one a worker"

    casts = at_once([urllib.request.Request(
        f"{url}/v/{code}/cast", data=f"csrftoken={token}&primary_id={e.primary_id}"
        f"&rank1={first}".encode(), headers={"Cookie": f"csrftoken={token}"})
        for _ in range(5) for code in codes])
    each = [Counter(casts[i::len(codes)]) for i in range(len(codes))]
    assert each == [{200: 1, 409: 4}] * len(codes), "each card voted once, the rest refused"
    assert rows(settings, "SELECT COUNT(*), COUNT(DISTINCT card_id) FROM voted") == [(12, 12)]
    assert rows(settings, "SELECT COUNT(*) FROM ballots") == [(12,)]
    both_took_requests(pids, before)
