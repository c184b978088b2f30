"""Do phones in the hall wait while an organiser imports a big answers file? Against a real
server: a 99,000-row doorstep answers CSV is uploaded while phones keep opening their ballots;
prints how long the phones waited (p50, p99, worst) during the import.

    .venv/bin/python benchmarks/import_stall.py [--rows 99000] [--phones 4]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx2

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.import_answers import answers_csv  # noqa: E402
from primary import demo  # noqa: E402
from tests.browser.conftest import Server  # noqa: E402
from tests.phones import settings_of  # noqa: E402

CSRF = re.compile(r'name="csrftoken" value="([^"]+)"')


def import_file(url: str, login: str, data: bytes) -> int:
    with httpx2.Client(base_url=url, timeout=300) as chair:
        token = CSRF.search(chair.get(login).text).group(1)
        chair.post(login, data={"csrftoken": token})
        token = CSRF.search(chair.get("/o/answers").text).group(1)
        return chair.post("/o/answers/import", data={"csrftoken": token},
                          files={"file": ("answers.csv", data, "text/csv")}).status_code


def measure(folder: Path, rows: int = 99_000, phones: int = 4) -> dict:
    """Phones' waits (seconds, sorted) while the import runs, and the import's status."""
    server = Server(folder)
    try:
        evening = asyncio.run(demo.create(settings_of(server), cards=phones,
                                          activate=phones, open_vote=True))
        data = answers_csv(rows, ["Acre Lane"]).replace("Tulse Hill", evening.ward).encode()
        login = server.login_link().replace(server.url, "")
        done, waits, status = threading.Event(), [], []

        def phone(code: str) -> None:
            with httpx2.Client(base_url=server.url, timeout=30) as http:
                while not done.is_set():
                    started = time.perf_counter()
                    assert http.get(f"/v/{code}").status_code == 200
                    waits.append(time.perf_counter() - started)
                    time.sleep(0.01)

        hall = [threading.Thread(target=phone, args=(code,)) for _, code in
                evening.activated_codes]
        for t in hall:
            t.start()
        time.sleep(0.5)
        waits.clear()
        time.sleep(5)
        quiet = sorted(waits)  # the same phones with no import: this machine's own noise
        waits.clear()  # only what the phones met during the import
        took = time.perf_counter()
        status.append(import_file(server.url, login, data))
        took = time.perf_counter() - took
        done.set()
        for t in hall:
            t.join()
    finally:
        server.stop()
    waits.sort()
    return {"status": status[0], "waits": waits, "import_seconds": took, "bytes": len(data),
            "quiet": quiet}


def quantile(waits: list[float], q: float) -> float:
    return waits[min(len(waits) - 1, int(q * len(waits)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=99_000)
    ap.add_argument("--phones", type=int, default=4)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        m = measure(Path(folder), args.rows, args.phones)
    w, q = m["waits"], m["quiet"]
    print(f"no import, 5 s: phones opened their ballots {len(q):,} times: p50 "
          f"{1000 * quantile(q, 0.5):.0f} ms, p99 {1000 * quantile(q, 0.99):.0f} ms, "
          f"worst {1000 * q[-1]:.0f} ms")
    print(f"import of {args.rows:,} rows ({m['bytes'] / 1e6:.1f} MB): HTTP {m['status']} in "
          f"{m['import_seconds']:.1f} s; {args.phones} phones opened their ballots "
          f"{len(w):,} times meanwhile: p50 {1000 * quantile(w, 0.5):.0f} ms, "
          f"p99 {1000 * quantile(w, 0.99):.0f} ms, worst {1000 * w[-1]:.0f} ms")


if __name__ == "__main__":
    main()
