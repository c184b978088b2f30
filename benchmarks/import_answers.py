"""How fast is the doorstep answers import? 50,000 rows (the issue asks for under 10 s), uploaded
through the organiser's form on a fresh database: multipart upload, decoding, checking every row,
looking for duplicates, and storing them all in one transaction. A script that prints numbers:

    .venv/bin/python benchmarks/import_answers.py [--rows 50000] [--encoding utf-8|utf-8-sig|cp1252]
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import random
import sqlite3
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import accounts  # noqa: E402
import db  # noqa: E402
from app import Settings, create_app  # noqa: E402
from tests.conftest import Client  # noqa: E402

GOOD = ["The park", "Friendly neighbours", "The market on Saturdays", "Quiet streets",
        "Good schools", "The library", "Buses into town", "Community café"]
IMPROVE = ["Fix the streetlights", "Empty the bins more often", "Safer crossings", "Potholes",
           "Youth club opening hours", "Damp in the flats", "Rents are too high", ""]


def answers_csv(rows: int, streets: list[str], seed: int = 7) -> str:
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["ward", "street", "date", "good", "improve", "invited"])
    today = date.today()
    for i in range(rows):
        writer.writerow(["Tulse Hill", rng.choice(streets),
                         (today - timedelta(days=rng.randrange(45))).isoformat(),
                         f"{rng.choice(GOOD)} (door {i})", rng.choice(IMPROVE),
                         rng.choice(("yes", "no", ""))])
    return out.getvalue()


async def organiser_and_ward(settings: Settings, streets: list[str]) -> str:
    await db.migrate(settings.db_path)
    database = await db.connect(settings.db_path)
    try:
        token = await accounts.add_organiser(database, "bench@example.org")
        async with database.transaction() as conn:
            await conn.execute("INSERT INTO areas (name, created_at) VALUES ('Lambeth', '')")
            await conn.execute(
                "INSERT INTO wards (area_id, name, seats) VALUES (1, 'Tulse Hill', 1)")
            await conn.executemany("INSERT INTO streets (ward_id, name) VALUES (1, ?)",
                                   [(s,) for s in streets])
        return token
    finally:
        await database.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--encoding", default="utf-8-sig",
                        choices=("utf-8", "utf-8-sig", "cp1252"))
    args = parser.parse_args()
    streets = [f"{name} {kind}" for name in ("Acre", "Railton", "Brixton Water", "Mayall",
                                              "Shakespeare", "Dalberg", "Effra", "Tulse")
               for kind in ("Lane", "Road", "Street", "Avenue", "Close", "Place")]
    data = answers_csv(args.rows, streets).encode(args.encoding)
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(Path(folder) / "bench.sqlite3", "bench-secret-" + "x" * 20,
                            base_url="http://testserver")
        token = asyncio.run(organiser_and_ward(settings, streets))
        with Client(create_app(settings), follow_redirects=False) as client:
            client.get(f"/login/{token}")
            client.submit(f"/login/{token}")
            started = time.perf_counter()
            r = client.post("/o/answers/import", data={"csrftoken": client.csrf()},
                            files={"file": ("answers.csv", data, "text/csv")})
            took = time.perf_counter() - started
        assert r.status_code == 303, r.text[:500]
        with sqlite3.connect(settings.db_path) as conn:
            stored = conn.execute("SELECT COUNT(*) FROM doorsteps").fetchone()[0]
    print(f"import of {args.rows:,} rows ({len(data) / 1e6:.1f} MB, {args.encoding}): "
          f"{took:.2f} s through the organiser's form, {stored:,} answers stored"
          f" ({'under' if took < 10 else 'OVER'} the 10 s the issue asks for)")


if __name__ == "__main__":
    main()
