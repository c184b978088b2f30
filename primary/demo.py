"""A demo area, so a newcomer (and a load test) can run an evening at once."""

from __future__ import annotations

import csv
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import accounts
import db as database
import nominating
import serving
from primary import nomination_store
from votes import ballot_box, ballots, store

DEMO_ORGANISER = "organiser@example.org"
ACTOR = "demo"
CANDIDATES = [
    ("Ana Okafor", "Twenty years on the tenants' association. I will fight for repairs done "
     "right the first time and a youth club that stays open."),
    ("Ben Hughes", "Lollipop man at the primary school. Safer crossings, cleaner streets, and a "
     "council that answers its phone."),
    ("Carmen Diaz", "I run the food bank on Saturdays. Nobody here should choose between heating "
     "and eating."),
    ("Dev Patel", "Small business owner on the high street. Let's fill the empty shops with "
     "local people's ideas."),
]


@dataclass
class Report:
    area: str
    ward: str
    meeting_id: int
    primary_id: int
    cards: int
    activated_codes: list[tuple[int, str]] = field(default_factory=list)
    steward_token: str = ""
    teller_token: str = ""
    login_token: str = ""
    invite_token: str = ""
    ward_id: int = 0
    opened: bool = False


async def create(settings, cards: int = 200, activate: int = 0, open_vote: bool = False) -> Report:
    await database.migrate(settings.db_path)
    db = await database.connect(settings.db_path)
    try:
        report = await _create(db, settings, cards, activate, open_vote)
        report.login_token = await _login_token(db)
        return report
    finally:
        await db.close()


async def _create(db, settings, cards: int, activate: int, open_vote: bool) -> Report:
    n = await db.fetchval("SELECT COUNT(*) FROM areas WHERE name LIKE 'Demo Brixton%'") or 0
    area = "Demo Brixton" + (f" {n + 1}" if n else "")
    area_id = await store.create_area(db, area, ACTOR)
    ward_id = await store.create_ward(db, area_id, "Coldharbour", 1, ACTOR)
    when = (datetime.now() + timedelta(days=7)).replace(hour=19, minute=0, second=0, microsecond=0)
    meeting_id = await store.create_meeting(db, ward_id, "St Jude's church hall",
                                            when.isoformat(timespec="minutes"), ACTOR)
    primary_id = await store.create_vote(db, meeting_id, "Coldharbour primary", 1, ACTOR)
    for name, statement in CANDIDATES:
        await store.add_candidate(db, primary_id, name, statement, ACTOR)
    report = Report(area, "Coldharbour", meeting_id, primary_id, cards)
    if cards:
        first, last = await ballot_box.create_cards(db, meeting_id, cards, ACTOR)
        if activate:
            serials = list(range(first, min(last, first + activate - 1) + 1))
            await ballot_box.activate(db, meeting_id, serials, ACTOR)
            codes = dict(await ballot_box.printable_cards(db, meeting_id))
            report.activated_codes = [(s, codes[s]) for s in serials]
    report.ward_id = ward_id
    report.invite_token = await _nominations(db, ward_id)
    secret = settings.secret_key
    starts = when.isoformat(timespec="minutes")
    report.steward_token = (await accounts.create_link(db, secret, meeting_id, "steward",
                                                       ACTOR, starts)).token
    report.teller_token = (await accounts.create_link(db, secret, meeting_id, "teller",
                                                      ACTOR, starts)).token
    if open_vote:
        await store.set_phase(db, primary_id, "open", ACTOR)
        report.opened = True
    return report


async def _nominations(db, ward_id: int) -> str:
    """Neighbours' nominations: one person over the threshold (and invited), one name that is
    another spelling of hers, one person not there yet. Returns her invitation token."""
    for i in range(5):
        await nominating.nominate(db, ward_id, "Bernadette O'Neil", "She runs the food bank.", "",
                                  f"Neighbour {chr(65 + i)}", f"SW9 {i}AB", True, "poster")
    await nominating.nominate(db, ward_id, "Bernie O Neill", "Always there for people.",
                              "07700 900123", "Neighbour F", "SW9 8PQ", True, "doorstep")
    for i in range(2):
        await nominating.nominate(db, ward_id, "Sam Reid", "Fixed the estate's lifts.", "",
                                  f"Neighbour {chr(71 + i)}", f"SW2 1{i}XY", True, "poster")
    token = secrets.token_urlsafe(18)
    bernadette = await db.fetchval("SELECT id FROM nominees WHERE ward_id = ? AND name = ?",
                                   (ward_id, "Bernadette O'Neil"))
    await nomination_store.invite(db, ward_id, bernadette, token, ACTOR)
    return token


def write_codes(path: str, codes: list[tuple[int, str]]) -> None:
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["serial", "code"])
        for serial, code in codes:
            w.writerow([ballots.format_serial(serial), code])


def describe(report: Report, base_url: str) -> str:
    lines = [
        f"Demo area '{report.area}', ward {report.ward}: a primary for 1 seat with "
        f"{len(CANDIDATES)} candidates and {report.cards} cards.",
        f"  Meeting page:  {base_url}/o/meetings/{report.meeting_id}",
        f"  Primary page:  {base_url}/o/primaries/{report.primary_id}",
        f"  Print cards:   {base_url}/o/meetings/{report.meeting_id}/cards/print",
        f"  Steward link:  {base_url}/s/{report.steward_token}",
        f"  Teller link:   {base_url}/t/{report.teller_token}",
        f"  Projector:     {base_url}/o/primaries/{report.primary_id}/projector",
    ]
    if report.activated_codes:
        serial, code = report.activated_codes[0]
        lines.append(f"  {len(report.activated_codes)} cards activated; card {serial} votes at "
                     f"{base_url}/v/{code}")
    if report.opened:
        lines.append("  Voting is open.")
    if report.invite_token:
        lines.append(f"  Nominations:   {base_url}/o/wards/{report.ward_id}/nominations"
                     f" (Bernadette's invitation: {base_url}/invite/{report.invite_token})")
    if report.login_token:
        lines.append(f"Organiser login (one-time link): {base_url}/login/{report.login_token}")
    return "\n".join(lines)


async def _login_token(db) -> str:
    """A one-time link for the first organiser, creating the demo organiser if there is none."""
    email = await db.fetchval("SELECT email FROM organisers ORDER BY id LIMIT 1")
    if email is None:
        return await accounts.add_organiser(db, DEMO_ORGANISER)
    return await accounts.new_login_token(db, email)


async def prepare_first_run(settings) -> str:
    """For `make run`: migrate, seed the demo if the database is empty, and a fresh login link."""
    await serving.migrate(settings.db_path)  # after a restore, not during
    db = await database.connect(settings.db_path)
    try:
        report = None
        if not await db.fetchval("SELECT COUNT(*) FROM areas"):
            report = await _create(db, settings, 200, 0, False)
        token = await _login_token(db)
    finally:
        await db.close()
    base = settings.base_url
    text = describe(report, base) + "\n" if report else ""
    return (f"{text}Serving on {base}\n"
            f"Organiser login (one-time link, valid 24 hours): {base}/login/{token}")
