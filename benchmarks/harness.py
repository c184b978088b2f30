"""What the load benchmarks share: a real server (`hustings serve`, uvicorn) started and killed,
Debian's wrk run with a Lua script (its figures printed by wrk_common.lua, read back here), and the
benchmark's database read from outside the server."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def need_wrk() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")


class Server:
    """`hustings serve` in its own process group, with `workers` uvicorn workers."""

    def __init__(self, env: dict, port: int, workers: int):
        self.env, self.port, self.workers = env, port, workers
        self.proc = None

    def start(self):
        cmd = [sys.executable, "-m", "cli", "serve", "--port", str(self.port)]
        if self.workers > 1:
            cmd += ["--workers", str(self.workers)]
        log = open(Path(self.env["HUSTINGS_VAR"]) / "server.log", "a")  # noqa: SIM115
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=self.env, stdout=log,
                                     stderr=subprocess.STDOUT, start_new_session=True)
        for _ in range(1200):  # several workers on a busy machine take a while
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/", timeout=1)
                return
            except OSError:
                time.sleep(0.05)
        raise SystemExit("server did not start")

    def kill(self):
        """SIGKILL: the whole server with one worker; with several, one worker only (uvicorn
        starts another in its place)."""
        workers = [c for c in self._children() if "multiprocessing" not in _cmdline(c)]
        if self.workers > 1 and workers:
            os.kill(workers[0], signal.SIGKILL)
            return
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def cpu_seconds(self) -> float:
        """CPU time used so far by the server and its live workers: on a shared machine, the
        cost of a request that other people's load does not change."""
        ticks = os.sysconf("SC_CLK_TCK")
        return sum(_cpu_ticks(pid) for pid in [self.proc.pid, *self._children()]) / ticks

    def stop(self):
        os.killpg(self.proc.pid, signal.SIGTERM)
        self.proc.wait(10)

    def _children(self) -> list[int]:
        return [int(p.name) for p in Path("/proc").iterdir()
                if p.name.isdigit() and _stat(p)[1:2] == [str(self.proc.pid)]]


def _stat(proc: Path) -> list[str]:
    """/proc/<pid>/stat after the command's name: state, parent, … (fields 3 onwards)."""
    try:
        return (proc / "stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return []


def _cpu_ticks(pid: int) -> int:
    fields = _stat(Path(f"/proc/{pid}"))
    return int(fields[11]) + int(fields[12]) if len(fields) > 12 else 0  # utime + stime


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text()
    except OSError:
        return ""


def wrk(script: str, url: str, args: list, connections: int, seconds: float) -> dict:
    """Run wrk with `script` (one connection a thread) and read the figures wrk_common.lua
    prints: successes and failures as the script judges them, latency in ms."""
    cmd = ["wrk", "-t", str(connections), "-c", str(connections), "-d",
           f"{max(1, round(seconds))}s", "--timeout", "5s", "-s", str(HERE / script), url, "--",
           *map(str, args)]
    env = {**os.environ, "LUA_PATH": f"{HERE}/?.lua;;"}
    out = subprocess.run(cmd, capture_output=True, text=True, env=env).stdout
    lat = re.search(r"^LAT (\d+) (\d+) (\d+) (\d+)$", out, re.M)
    summ = re.search(r"^SUMMARY (\d+) (\d+) (\d+) (\d+) (\d+)$", out, re.M)
    done = re.search(r"^DONE (\d+) (\d+)$", out, re.M)
    if not (lat and summ and done):
        raise SystemExit(f"could not read wrk's output:\n{out}")
    return {"seconds": int(summ.group(1)) / 1e6, "requests": int(summ.group(2)),
            "socket_errors": int(summ.group(3)), "status_errors": int(summ.group(4)),
            "done": int(done.group(1)), "errors": int(done.group(2)),
            "p50": int(lat.group(1)) / 1000, "p95": int(lat.group(2)) / 1000,
            "p99": int(lat.group(3)) / 1000, "max": int(lat.group(4)) / 1000}


def latency(r: dict) -> str:
    return (f"p50 {r['p50']:.1f} ms, p95 {r['p95']:.1f} ms, p99 {r['p99']:.1f} ms, "
            f"max {r['max']:.1f} ms")


def load() -> str:
    """The machine's load average, said with every figure measured on it."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def rows(env: dict, sql: str, params: tuple = ()) -> list[tuple]:
    """Read the benchmark's database, SQLite or PostgreSQL, outside the server."""
    if env.get("DATABASE_URL"):
        import asyncio

        import asyncpg

        sys.path.insert(0, str(ROOT))
        import dialect

        async def fetch():
            conn = await asyncpg.connect(env["DATABASE_URL"])
            try:
                query, values = dialect.query(sql, params)
                return [tuple(r) for r in await conn.fetch(query, *values)]
            finally:
                await conn.close()
        return asyncio.run(fetch())
    db = sqlite3.connect(env["HUSTINGS_DB"])
    try:
        return db.execute(sql, params).fetchall()
    finally:
        db.close()
