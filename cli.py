"""The `hustings` command. Subcommands import what they need, so `hustings count` starts fast."""

from __future__ import annotations

import argparse
import os
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="hustings", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("run", help="migrate, seed a demo area if empty, print a login link, serve")
    _serve_args(p)
    p = sub.add_parser("serve", help="migrate and serve (for a PaaS: see Procfile)")
    _serve_args(p)
    sub.add_parser("migrate", help="apply database migrations")

    p = sub.add_parser("organiser", help="manage organiser accounts")
    osub = p.add_subparsers(dest="action", required=True)
    p = osub.add_parser("add", help="add an organiser and print a one-time login link")
    p.add_argument("email")
    p.add_argument("--area", metavar="NAME", help="an area organiser: this area only")
    p.add_argument("--ward", metavar="NAME", help="a ward organiser: this ward of --area only")
    p = osub.add_parser("link", help="print a new one-time login link for an organiser")
    p.add_argument("email")

    p = sub.add_parser("demo", help="create a demo area, ward, meeting, primary and 200 cards")
    p.add_argument("--cards", type=int, default=200, help="cards to generate (default 200)")
    p.add_argument("--activate", type=int, default=0, metavar="N", help="activate N cards")
    p.add_argument("--codes", metavar="FILE", help="write the activated cards' codes to a CSV")
    p.add_argument("--open", action="store_true", help="open the primary for voting")

    p = sub.add_parser("count", help="count a ranked-choice ballot file (JSON, CVR CSV or BLT)")
    p.add_argument("file")
    p.add_argument("--seats", type=int)
    p.add_argument("--method", choices=["irv", "stv"])
    p.add_argument("--format", choices=["json", "text", "rctab"], default="text")
    p.add_argument("--seed", help="seed for a tie that needs a draw (default: from the file)")
    p.add_argument("--date", help="--format rctab: the vote's date, YYYY-MM-DD")
    p.add_argument("--jurisdiction", help="--format rctab: where the vote was held")
    p.add_argument("--office", help="--format rctab: what the vote chose (default: the title)")

    p = sub.add_parser("themes", help="cluster doorstep answers (CSV) into themes per ward")
    p.add_argument("file")
    p.add_argument("--ward-column", default="ward")
    p.add_argument("--text-column", default="text")
    p.add_argument("--id-column", default="id")
    p.add_argument("--k", type=int, help="themes per ward (default: chosen per ward)")
    p.add_argument("--format", choices=["json", "text"], default="text")
    p.add_argument("--embeddings", action="store_true",
                   help="compare answers by sentence embeddings (needs hustings[embeddings])")
    p.add_argument("--workers", type=int,
                   help="processes clustering wards side by side (default: one a core, "
                   "from 2,000 answers)")

    p = sub.add_parser("sortition", help="re-run a published draw of a panel by lot")
    p.add_argument("pool", help="the anonymised pool (CSV: id, household, one column a category)")
    p.add_argument("--quotas", required=True, help="CSV: category,value,min,max")
    p.add_argument("--seats", type=int, required=True)
    p.add_argument("--seed", required=True, help="the dice thrown at the draw, as published")
    p.add_argument("--one-per-household", action="store_true",
                   help="the panel takes one person per household (as published)")
    p.add_argument("--format", choices=["json", "text"], default="text")

    p = sub.add_parser("backup", help="copy the live database to FILE (safe while serving)")
    p.add_argument("file")
    p.add_argument("--force", action="store_true", help="overwrite FILE if it exists")
    p = sub.add_parser("restore", help="replace the database with the backup in FILE (with "
                       "every server stopped; what it replaces is kept beside it)")
    p.add_argument("file")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p = sub.add_parser("migrate-data", help="copy a whole campaign into an empty database "
                       "(e.g. SQLite to PostgreSQL), checked by row counts and checksums")
    p.add_argument("--from", dest="source", required=True, help="sqlite:///FILE or postgresql://…")
    p.add_argument("--to", dest="dest", required=True, help="sqlite:///FILE or postgresql://…")

    args = parser.parse_args(argv)
    handler = {
        "run": _run,
        "serve": _serve,
        "migrate": _migrate,
        "organiser": _organiser,
        "demo": _demo,
        "count": _count,
        "themes": _themes,
        "sortition": _sortition,
        "backup": _backup,
        "restore": _restore,
        "migrate-data": _migrate_data,
    }[args.command]
    try:
        return handler(args) or 0
    except CliError as e:
        print(f"hustings: {e}", file=sys.stderr)
        return 2


class CliError(Exception):
    """A problem the user can fix; printed as one line, no traceback."""


def _serve_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this computer only)")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--hall", action="store_true",
                   help="serve the phones on this network (the hall's Wi-Fi or a phone's "
                        "hotspot): listen on every network and print this laptop's address")
    p.add_argument("--workers", type=int, default=1, help="server processes (default 1)")
    p.add_argument("--paas", action="store_true",
                   help="on a PaaS (see Procfile): refuse to start without DATABASE_URL and "
                        "HUSTINGS_SECRET, which must outlive the app's wiped disk")


def _hall_address(args) -> str:
    """Settle the address cards and links carry before anything reads the settings: the port
    served on, and with --hall this laptop's address on the network. Returns a line to print."""
    import os

    from votes import hall_address

    if args.hall:
        args.host = "0.0.0.0"
    lan = hall_address.lan_address()
    if not os.environ.get("HUSTINGS_BASE_URL"):
        if args.hall and lan is None:
            raise CliError("This laptop is on no network. Join the hall's Wi-Fi or your phone's "
                           "hotspot, then run `hustings run --hall` again.")
        os.environ["HUSTINGS_BASE_URL"] = hall_address.base_url(args.host, args.port, lan)
    url = os.environ["HUSTINGS_BASE_URL"].rstrip("/")
    if not hall_address.only_this_computer(url):
        return f"Cards, QR codes and links point at {url}."
    hint = (f" This laptop is at {lan} on its network: `hustings run --hall` serves the phones "
            f"there." if lan else " Join the hall's Wi-Fi or a phone's hotspot and run "
            "`hustings run --hall`.")
    return (f"Cards, QR codes and links point at {url}, which only this computer can open, so "
            f"voting cannot be opened.{hint} See README.md, 'Running it in a hall'.")


def _settings():
    from app import Settings

    return Settings.from_env()


def _migrate(args) -> None:
    import asyncio

    import serving

    settings = _settings()
    applied = asyncio.run(serving.migrate(settings.db_path))  # after a restore, not during
    print(f"Database {settings.db_path}: {applied} migration(s) applied.")


def _organiser(args) -> None:
    import asyncio

    import accounts

    settings = _settings()

    async def go():
        import db

        await db.migrate(settings.db_path)
        database = await db.connect(settings.db_path)
        try:
            if args.action == "add":
                return await accounts.add_organiser(database, args.email, args.area, args.ward)
            return await accounts.new_login_token(database, args.email)
        finally:
            await database.close()

    try:
        token = asyncio.run(go())
    except accounts.AccountError as e:
        raise CliError(str(e)) from None
    print(f"One-time login link for {args.email} (valid 24 hours):")
    print(f"  {settings.base_url}/login/{token}")


def _demo(args) -> None:
    import asyncio

    from primary import demo

    settings = _settings()
    report = asyncio.run(
        demo.create(settings, cards=args.cards, activate=args.activate, open_vote=args.open)
    )
    if args.codes:
        demo.write_codes(args.codes, report.activated_codes)
    print(demo.describe(report, settings.base_url))
    from programme import demo as doorsteps

    canvasser = asyncio.run(doorsteps.create(settings, report.ward_id))
    print(f"Doorstep form (a canvasser's link): {settings.base_url}/c/{canvasser}\n"
          f"Doorstep answers and the CSV import: {settings.base_url}/o/answers")


def _run(args) -> None:
    import asyncio

    from primary import demo

    where = _hall_address(args)
    settings = _settings()
    message = asyncio.run(demo.prepare_first_run(settings))
    print(message, flush=True)
    print(where, flush=True)
    _start_server(args)


def _serve(args) -> None:
    import os

    missing = [name for name in ("DATABASE_URL", "HUSTINGS_SECRET") if not os.environ.get(name)]
    if args.paas and missing:
        raise CliError(f"On a PaaS the app's disk is wiped at each deploy or restart, and with it "
                       f"the database and the key: set {' and '.join(missing)} (see README.md, "
                       "'Several workers, PostgreSQL, a PaaS').")
    print(_hall_address(args), flush=True)
    _migrate(args)
    _start_server(args)


def _start_server(args) -> None:
    import uvicorn

    # access_log off: URLs carry card codes and link tokens, which must not reach logs.
    # Forwarded headers only from the proxies named: anyone else could rotate X-Forwarded-For
    # to look like a new phone to the guessing limit.
    proxies = os.environ.get("HUSTINGS_FORWARDED_ALLOW_IPS", "").strip()
    uvicorn.run("app:create_app", factory=True, host=args.host, port=args.port,
                access_log=False, proxy_headers=bool(proxies),
                forwarded_allow_ips=proxies or None, workers=args.workers)


def _count(args) -> int:
    from votes import countfile

    try:
        return countfile.main(args)
    except countfile.BallotFileError as e:
        raise CliError(str(e)) from None


def _themes(args) -> int:
    from programme import themes_cli

    try:
        return themes_cli.main(args)
    except themes_cli.AnswersFileError as e:
        raise CliError(str(e)) from None


def _sortition(args) -> int:
    from sortition import rerun

    try:
        return rerun.main(args)
    except rerun.RerunError as e:
        raise CliError(str(e)) from None


def _backup(args) -> None:
    import asyncio

    import db
    import transfer

    settings = _settings()
    try:
        if db.is_postgres(settings.db_path):  # a backup is a SQLite file, whatever is served
            asyncio.run(transfer.backup(settings.db_path, args.file, force=args.force))
        else:
            db.backup(settings.db_path, args.file, force=args.force)
    except db.BackupError as e:
        raise CliError(str(e)) from None
    asyncio.run(_log_event(settings.db_path, "database backed up", f"to {args.file}"))
    print(f"Backed up {transfer.name(settings.db_path)} to {args.file}.")
    if _votes_open(args.file):
        print("Warning: a vote is open. This backup keeps no order of arrival by itself, but "
              "two backups taken while voting show which ballots came in between them. Keep "
              "one, delete the others after the close, and take a fresh backup then.",
              file=sys.stderr)


def _votes_open(path) -> int:
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT COUNT(*) FROM primaries"
                            " WHERE opened_at IS NOT NULL AND closed_at IS NULL").fetchone()[0]


def _restore(args) -> None:
    import asyncio

    import db
    import serving
    import transfer

    settings = _settings()
    live = transfer.name(settings.db_path)
    if not args.yes:
        print(f"This replaces everything in {live} with {args.file}. Type yes to go on: ",
              end="", flush=True)
        if sys.stdin.readline().strip().lower() != "yes":
            raise CliError("Nothing was restored.")
    try:
        applied, safety = asyncio.run(transfer.restore(args.file, settings.db_path))
    except (db.BackupError, serving.Serving) as e:
        raise CliError(str(e)) from None
    asyncio.run(_log_event(settings.db_path, "database restored", f"from {args.file}"))
    print(f"Restored {live} from {args.file} ({applied} migration(s) applied).")
    if safety:
        print(f"What it replaced is kept in {safety}.")
    print("Now restart the server: it serves the restored database from its start.")


def _migrate_data(args) -> None:
    import asyncio

    import transfer

    try:
        checks = asyncio.run(transfer.copy(transfer.target(args.source),
                                           transfer.target(args.dest)))
    except transfer.BackupError as e:
        raise CliError(str(e)) from None
    for c in checks:
        print(f"{c.table:24} {c.rows:8} rows  sha256 {c.checksum[:16]}")
    print(f"Copied {sum(c.rows for c in checks)} rows into {transfer.name(args.dest)}: every "
          "table's row count and checksum match the source.")


async def _log_event(path, kind: str, detail: str) -> None:
    import audit
    import db

    database = await db.connect(path)
    try:
        async with database.transaction() as conn:
            await audit.log(conn, "cli", kind, detail)
    finally:
        await database.close()


if __name__ == "__main__":
    sys.exit(main())
