"""A burst of phones voting at once, then a crash mid-vote, against the real server.

    .venv/bin/python benchmarks/burst.py [--cards 60000] [--connections 64] [--seconds 8]
    .venv/bin/python benchmarks/burst.py --compare [--cards 8000]   # SQLite vs PostgreSQL 1/2/4

Starts `hustings serve` (uvicorn, SQLite file) on a demo meeting with thousands of activated
cards. Debian's wrk (see burst.lua) casts complete ballots (ballot page, confirm, cast) and then
casts alone, while 5 projector screens poll the turnout endpoint. Then it kills the server with
SIGKILL half-way through a burst, restarts it, and checks every acknowledged ballot is present,
none twice, and the rest can still be cast. Prints the figures; targets on 2 cores: >= 1,000
complete ballots/s, >= 3,000 casts/s, p99 < 100 ms, 0 errors.
"""

from __future__ import annotations

import argparse
import csv
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.harness import Server, free_port, latency, load, need_wrk, rows  # noqa: E402
from benchmarks.harness import wrk as run_wrk  # noqa: E402
from votes.ballots import receipt  # noqa: E402


def wrk(url: str, codes: list[str], mode: str, primary: int, ranks: str, token: str,
        connections: int, seconds: float, tmp: Path, ack: str = "") -> dict:
    path = tmp / f"codes-{mode}-{len(codes)}.txt"
    path.write_text("\n".join(codes) + "\n")
    r = run_wrk("burst.lua", url, [path, connections, mode, primary, ranks, token, ack],
                connections, seconds)
    return {**r, "casts": r["done"]}


class Screens:
    """Five projector screens polling the live turnout endpoint, timing each poll."""

    def __init__(self, port: int, primary: int, screens: int = 5, every: float = 0.25):
        self.port, self.path, self.every = port, f"/primaries/{primary}/turnout", every
        self.latencies: list[float] = []
        self.errors = 0
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.poll) for _ in range(screens)]

    def poll(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        while not self.stopping.is_set():
            t = time.perf_counter()
            try:
                conn.request("GET", self.path)
                r = conn.getresponse()
                r.read()
                ok = r.status == 200
            except OSError:
                ok = False
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
            self.latencies.append((time.perf_counter() - t) * 1000)
            self.errors += not ok
            self.stopping.wait(self.every)

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for t in self.threads:
            t.join()

    def figures(self) -> str:
        q = statistics.quantiles(self.latencies, n=100) if len(self.latencies) > 1 else [0] * 99
        return (f"{len(self.latencies)} polls, p50 {q[49]:.1f} ms, p95 {q[94]:.1f} ms, "
                f"p99 {q[98]:.1f} ms, errors {self.errors}")


def csrf_token(port: int, code: str) -> str:
    r = urllib.request.urlopen(f"http://127.0.0.1:{port}/v/{code}")
    cookie = r.headers.get("set-cookie", "")
    return re.search(r"csrftoken=([^;]+)", cookie).group(1)


def cast_one(port: int, code: str, primary: int, ranks: str, token: str) -> int:
    body = f"csrftoken={token}&primary_id={primary}&{ranks}".encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}/v/{code}/cast", data=body, headers={
        "Cookie": f"csrftoken={token}", "Content-Type": "application/x-www-form-urlencoded"})
    try:
        return urllib.request.urlopen(req).status
    except urllib.error.HTTPError as e:
        return e.code


def report(name: str, r: dict, per: str, say=print) -> None:
    rate = r["casts"] / r["seconds"]
    say(f"{name}: {rate:,.0f} {per}/s ({r['casts']:,} in {r['seconds']:.1f} s; "
        f"{r['requests'] / r['seconds']:,.0f} requests/s)")
    say(f"  latency per request: {latency(r)}")
    say(f"  errors: {r['errors']} non-200, {r['socket_errors']} socket")


def run(cards: int, connections: int, seconds: float, workers: int = 1,
        keep: bool = False, say=print, database_url: str = "") -> dict:
    """Set up, burst, crash; returns the figures (and prints them through `say`)."""
    need_wrk()
    tmp = Path(tempfile.mkdtemp(prefix="hustings-burst-"))
    port = free_port()
    env = {**os.environ, "HUSTINGS_VAR": str(tmp), "HUSTINGS_DB": str(tmp / "burst.sqlite3"),
           "HUSTINGS_SECRET": "burst-" + "z" * 30, "HUSTINGS_BASE_URL": f"http://127.0.0.1:{port}",
           "DATABASE_URL": database_url}
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cli", "demo", "--cards", str(cards), "--activate",
                    str(cards), "--codes", str(tmp / "codes.csv"), "--open"],
                   cwd=ROOT, env=env, check=True, capture_output=True)
    with open(tmp / "codes.csv") as f:
        codes = [row["code"] for row in csv.DictReader(f)]
    primary = rows(env, "SELECT id FROM primaries")[0][0]
    ids = [r[0] for r in rows(env, "SELECT id FROM candidates WHERE primary_id = ? ORDER BY id",
                              (primary,))]
    ranks = "&".join(f"rank{i}={cid}" for i, cid in enumerate(ids[:3], 1))
    say(f"Demo meeting with {len(codes):,} activated cards ready in "
        f"{time.perf_counter() - t:.1f} s; {connections} concurrent phones (wrk), "
        f"{workers} server worker(s); {load()}.")

    server = Server(env, port, workers)
    server.start()
    url = f"http://127.0.0.1:{port}"
    token = csrf_token(port, codes[-1])
    quarter = len(codes) // 4
    complete_codes, cast_codes = codes[:quarter], codes[quarter : 3 * quarter]
    crash_codes = codes[3 * quarter : -1]
    figures: dict = {}
    try:
        warm = min(500, len(complete_codes) // 5)
        wrk(url, complete_codes[-warm:], "complete", primary, ranks, token, 8, 1, tmp)
        complete_codes = complete_codes[:-warm]
        with Screens(port, primary) as screens:
            r = wrk(url, complete_codes, "complete", primary, ranks, token, connections,
                    seconds, tmp)
        report("Complete ballots (ballot page + confirm + cast)", r, "ballots", say)
        say(f"  projector turnout, 5 screens meanwhile: {screens.figures()}")
        figures["complete"], figures["complete_screens"] = r, screens.errors
        with Screens(port, primary) as screens:
            r = wrk(url, cast_codes, "cast", primary, ranks, token, connections, seconds, tmp)
        report("Casts only", r, "casts", say)
        say(f"  projector turnout, 5 screens meanwhile: {screens.figures()}")
        figures["cast"], figures["cast_screens"] = r, screens.errors
        figures["crash"] = crash(server, url, port, crash_codes, primary, ranks, token,
                                 connections, seconds, tmp, say)
    finally:
        server.stop()
        if not keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return figures


def crash(server, url, port, codes, primary, ranks, token, connections, seconds, tmp, say):
    """SIGKILL the server half-way through a burst of casts, restart, and check the ballots."""
    ack = tmp / "ack"
    killer = threading.Timer(seconds / 2, server.kill)
    killer.start()
    wrk(url, codes, "cast", primary, ranks, token, connections, seconds, tmp, ack=str(ack))
    killer.join()
    acked = set()
    for f in tmp.glob("ack.*"):
        acked |= {line for line in f.read_text().split() if line}
    if not server.alive():
        server.start()
    env = server.env
    stored = {r[0] for r in rows(env, "SELECT receipt FROM ballots WHERE primary_id = ?",
                                 (primary,))}
    ballots = rows(env, "SELECT COUNT(*) FROM ballots")[0][0]
    voted = rows(env, "SELECT COUNT(*) FROM voted")[0][0]
    missing = [c for c in acked if receipt(c, primary) not in stored]
    rest = [c for c in codes if c not in acked]
    recast: dict[int, int] = {}
    for c in rest:
        status = cast_one(port, c, primary, ranks, token)
        recast[status] = recast.get(status, 0) + 1
    unacked_but_stored = sum(receipt(c, primary) in stored for c in rest)
    say(f"Crash (SIGKILL after {seconds / 2:.1f} s of casting, then restart):")
    say(f"  acknowledged before the kill: {len(acked):,}; present after restart: "
        f"{len(acked) - len(missing):,}; missing: {len(missing)}")
    say(f"  ballots {ballots:,} = cards marked voted {voted:,} (none twice: "
        f"{'yes' if ballots == voted else 'NO'})")
    say(f"  the other {len(rest):,} cards cast again: {recast.get(200, 0):,} accepted, "
        f"{recast.get(409, 0):,} refused as already voted (committed before the kill but not "
        f"acknowledged: {unacked_but_stored}), other: "
        f"{sum(v for k, v in recast.items() if k not in (200, 409))}")
    return {"acked": len(acked), "missing": len(missing), "ballots": ballots, "voted": voted,
            "recast": recast, "unacked_but_stored": unacked_but_stored}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cards", type=int, default=60000)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--seconds", type=float, default=8)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    ap.add_argument("--compare", action="store_true",
                    help="SQLite (1 worker) and PostgreSQL (1, 2, 4 workers) in one run")
    args = ap.parse_args()
    if not args.compare:
        run(args.cards, args.connections, args.seconds, args.workers, args.keep)
        return
    from tests.pg_cluster import Cluster

    table = []
    cluster = Cluster().durable()  # fsync on, as a real server: a kill -9 must lose nothing
    try:
        for n, workers in enumerate([0, 1, 2, 4]):
            url = ""
            if workers:
                url = cluster.url.replace("/postgres?", f"/burst{n}?")
                subprocess.run([*cluster.as_user, str(cluster.bin / "createdb"), "-h",
                                str(cluster.folder), "-U", cluster.user, f"burst{n}"], check=True)
            name = f"PostgreSQL, {workers} worker(s)" if workers else "SQLite, 1 worker"
            print(f"--- {name}")
            f = run(args.cards, args.connections, args.seconds, max(workers, 1), args.keep,
                    database_url=url)
            table.append((name, f))
    finally:
        cluster.stop()
    print("\n| backend | complete ballots/s | p99 ms | casts/s | p99 ms | acked at kill -9 |"
          " missing | ballots = voted |")
    print("|---|---|---|---|---|---|---|---|")
    for name, f in table:
        c, k, x = f["complete"], f["cast"], f["crash"]
        print(f"| {name} | {c['casts'] / c['seconds']:,.0f} | {c['p99']:.0f} |"
              f" {k['casts'] / k['seconds']:,.0f} | {k['p99']:.0f} | {x['acked']:,} |"
              f" {x['missing']} | {'yes' if x['ballots'] == x['voted'] else 'NO'} |")


if __name__ == "__main__":
    main()
