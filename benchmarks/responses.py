"""A highlight shared widely: a burst of residents responding online, then a crash mid-burst,
against the real server.

    .venv/bin/python benchmarks/responses.py [--connections 32] [--seconds 8] [--workers 1]

Starts `hustings serve` (uvicorn, SQLite file) with one highlight. Debian's wrk (responses.lua)
sends responses, each from a new resident (own cookie key, own address through X-Forwarded-For
from the trusted local proxy). Then it kills the server with SIGKILL half-way through a burst
and restarts it (with several workers, one worker is killed and uvicorn replaces it), checks
every acknowledged response is present with its stance, sends every response again (a phone
retrying), and checks each resident is counted exactly once. Targets on 2 cores: >= 1,000
responses/s, p99 < 100 ms, no response lost or counted twice. Prints the server's CPU time per
response too: on a shared machine, the figure other people's load changes least.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
import db  # noqa: E402
from benchmarks import harness  # noqa: E402
from broadcast import highlights, store  # noqa: E402

STANCE = {"support": "support", "oppose": "oppose", "not+sure": "not sure"}


async def one_highlight(path: Path) -> int:
    await db.migrate(path)
    database = await db.connect(path)
    try:
        return await store.publish(database, highlights.read_highlight({
            "topic": "Housing", "session": "Assembly 3", "title": "Rents on Elm Road",
            "clip_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "statement": "Should the council buy back empty flats?"}), "benchmark")
    finally:
        await database.close()


def wrk(url: str, highlight: int, token: str, prefix: str, connections: int, seconds: float,
        ack: str = "") -> dict:
    r = harness.wrk("responses.lua", url, [highlight, token, prefix, ack], connections, seconds)
    return {**r, "responses": r["done"]}


def csrf_token(port: int, highlight: int) -> str:
    r = urllib.request.urlopen(f"http://127.0.0.1:{port}/h/{highlight}")
    cookies = "; ".join(r.headers.get_all("set-cookie") or [])
    return re.search(r"csrftoken=([^;]+)", cookies).group(1)


def respond_once(port: int, highlight: int, token: str, key: str, stance: str, n: int) -> int:
    body = f"csrftoken={token}&stance={stance}".encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}/h/{highlight}/respond", data=body,
                                 headers={"Cookie": f"csrftoken={token}; resident={key}",
                                          "X-Forwarded-For": f"10.250.{n // 250 % 250}.{n % 250}",
                                          "Content-Type": "application/x-www-form-urlencoded"})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args):
            return None
    try:
        return urllib.request.build_opener(NoRedirect).open(req).status
    except urllib.error.HTTPError as e:
        return e.code


def report(name: str, r: dict, say=print) -> None:
    say(f"{name}: {r['responses'] / r['seconds']:,.0f} responses/s ({r['responses']:,} in "
        f"{r['seconds']:.1f} s)")
    say(f"  latency: {harness.latency(r)}; errors: {r['errors']} not 303, "
        f"{r['socket_errors']} socket")
    if r.get("cpu"):
        say(f"  server CPU: {r['cpu'] * 1000 / max(r['responses'], 1):.2f} ms a response "
            f"({r['cpu']:.1f} s in all)")


def run(connections: int, seconds: float, workers: int = 1, say=print) -> dict:
    harness.need_wrk()
    tmp = Path(tempfile.mkdtemp(prefix="hustings-responses-"))
    port = harness.free_port()
    path = tmp / "responses.sqlite3"
    env = {**os.environ, "HUSTINGS_VAR": str(tmp), "HUSTINGS_DB": str(path),
           "HUSTINGS_SECRET": "responses-" + "z" * 30,
           "HUSTINGS_BASE_URL": f"http://127.0.0.1:{port}",
           "HUSTINGS_FORWARDED_ALLOW_IPS": "127.0.0.1"}
    highlight = asyncio.run(one_highlight(path))
    server = harness.Server(env, port, workers)
    server.start()
    url, figures = f"http://127.0.0.1:{port}", {}
    say(f"One highlight; {connections} concurrent connections (wrk), {workers} server "
        f"worker(s); {harness.load()}.")
    try:
        token = csrf_token(port, highlight)
        wrk(url, highlight, token, "warm", 8, 1)
        cpu = server.cpu_seconds()
        r = wrk(url, highlight, token, "burst", connections, seconds)
        figures["burst"] = r = {**r, "cpu": server.cpu_seconds() - cpu}
        report("Responses", r, say)
        figures["crash"] = crash(server, url, port, highlight, token, connections, seconds,
                                 tmp, say)
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return figures


def crash(server, url, port, highlight, token, connections, seconds, tmp, say) -> dict:
    """SIGKILL half-way through a burst, restart; every acknowledged response is there, and
    every resident sending theirs again is still counted once."""
    ack = tmp / "ack"
    killer = threading.Timer(seconds / 2, server.kill)
    killer.start()
    wrk(url, highlight, token, "crash", connections, seconds, ack=str(ack))
    killer.join()
    acked: dict[str, str] = {}
    for f in tmp.glob("ack.*"):
        for line in f.read_text().splitlines():
            if line.strip():
                key, stance = line.split()
                acked[key] = STANCE[stance]
    if not server.alive():
        server.start()
    conn = sqlite3.connect(tmp / "responses.sqlite3")
    stored = dict(conn.execute(
        "SELECT residents.key_hash, responses.stance FROM responses JOIN residents"
        " ON residents.id = responses.resident_id WHERE highlight_id = ?", (highlight,)))
    missing = [k for k, s in acked.items()
               if stored.get(hashlib.sha256(k.encode()).hexdigest()) != s]
    before = conn.execute("SELECT COUNT(*) FROM responses").fetchone()[0]
    conn.close()
    # Every acknowledged resident sends theirs again (a phone retrying after the crash).
    t = time.perf_counter()
    statuses: dict[int, int] = {}
    for n, (key, stance) in enumerate(acked.items()):
        s = respond_once(port, highlight, token, key, stance.replace(" ", "+"), n)
        statuses[s] = statuses.get(s, 0) + 1
    conn = sqlite3.connect(tmp / "responses.sqlite3")
    after = conn.execute("SELECT COUNT(*) FROM responses").fetchone()[0]
    residents = conn.execute("SELECT COUNT(*) FROM residents").fetchone()[0]
    conn.close()
    killed = "one worker" if server.workers > 1 else "the server"
    say(f"Crash (SIGKILL to {killed} after {seconds / 2:.1f} s, then restart):")
    say(f"  acknowledged before the kill: {len(acked):,}; missing or wrong after restart: "
        f"{len(missing)}")
    say(f"  responses stored {before:,}; after every acknowledged resident sent theirs again "
        f"({time.perf_counter() - t:.1f} s, statuses {statuses}): {after:,} (residents "
        f"{residents:,}; counted twice: {'none' if after == before else after - before})")
    return {"acked": len(acked), "missing": len(missing), "before": before, "after": after,
            "statuses": statuses}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--connections", type=int, default=32)
    ap.add_argument("--seconds", type=float, default=8)
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args()
    run(args.connections, args.seconds, args.workers)


if __name__ == "__main__":
    main()
