"""Who may do what: organiser accounts, one-time login links, and steward/teller links.

Shared by primary/ and programme/. Login tokens are stored only as hashes; link tokens are an
HMAC of the link's id under the app's secret key, so they can be shown again but never forged.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from audit import log, now, stamp
from db import Database, IntegrityError

LOGIN_VALID = timedelta(hours=24)
SESSION_VALID = timedelta(days=14)
LINK_VALID = timedelta(days=2)  # at least; a steward or teller link lasts until its meeting ends
AFTER_MEETING = timedelta(days=1)  # from its start: a long evening, in any time zone
CANVASSER_LINK_VALID = timedelta(weeks=8)  # a doorstep round runs six or seven weeks
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ROLES = ("steward", "teller")


class AccountError(ValueError):
    """Something the user can fix, said as a sentence."""


def token_hash(token: str) -> str:
    """What is stored of a one-time link's token (login, invitation, pledge): its SHA-256."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


async def add_organiser(db: Database, email: str, area: str | None = None,
                        ward: str | None = None) -> str:
    """A new organiser, of everything, of one area (area organiser) or of one ward of it (ward
    organiser); returns a login token."""
    email = email.strip()
    if not EMAIL.match(email):
        raise AccountError(f"'{email}' does not look like an email address.")
    if ward and not area:
        raise AccountError("Name the ward's area too: --area NAME --ward NAME.")
    async with db.transaction() as conn:
        scope = await _scope_ids(conn, area, ward) if area else None
        try:
            cur = await conn.execute("INSERT INTO organisers (email, created_at) VALUES (?, ?)"
                                     " RETURNING id", (email, stamp()))
        except IntegrityError:
            raise AccountError(
                f"{email} is already an organiser. Use `hustings organiser link {email}`."
            ) from None
        organiser_id = (await cur.fetchone())[0]
        if scope:
            await conn.execute("INSERT INTO organiser_scopes (organiser_id, area_id, ward_id)"
                               " VALUES (?, ?, ?)", (organiser_id, *scope))
        given = f"ward {ward} of {area}" if ward else f"area {area}" if area else "everything"
        await log(conn, "cli", "organiser added", f"{email}: organiser of {given}")
    return await new_login_token(db, email)


async def _scope_ids(conn, area: str, ward: str | None) -> tuple[int, int | None]:
    cur = await conn.execute("SELECT id FROM areas WHERE name = ?", (area.strip(),))
    found = await cur.fetchone()
    if found is None:
        raise AccountError(f"There is no area called '{area}'. An organiser of everything "
                           "creates it first on the organiser pages.")
    if not ward:
        return found[0], None
    cur = await conn.execute("SELECT id FROM wards WHERE area_id = ? AND name = ?",
                             (found[0], ward.strip()))
    ward_row = await cur.fetchone()
    if ward_row is None:
        raise AccountError(f"{area} has no ward called '{ward}'. Check the spelling, or create "
                           "the ward first.")
    return found[0], ward_row[0]


@dataclass(frozen=True)
class Scope:
    """What an organiser was given: (area id, ward id or None for the whole area) pairs."""

    given: tuple[tuple[int, int | None], ...]

    def covers(self, area_id: int, ward_id: int | None) -> bool:
        """An area-wide thing (ward_id None) needs the whole area; a ward's, it or its area."""
        return any(a == area_id and (w is None or w == ward_id) for a, w in self.given)


async def scope_of(db: Database, organiser_id: int) -> Scope | None:
    """The organiser's scope, or None for an organiser of everything."""
    rows = await db.fetchall("SELECT area_id, ward_id FROM organiser_scopes"
                             " WHERE organiser_id = ?", (organiser_id,))
    return Scope(tuple((r[0], r[1]) for r in rows)) if rows else None


async def place_of_area(db: Database, area_id: int) -> tuple[int, None] | None:
    row = await db.fetchone("SELECT id FROM areas WHERE id = ?", (area_id,))
    return None if row is None else (row[0], None)


async def place_of_ward(db: Database, ward_id: int) -> tuple[int, int] | None:
    row = await db.fetchone("SELECT area_id, id FROM wards WHERE id = ?", (ward_id,))
    return None if row is None else (row[0], row[1])


# Where the thing an organiser page is about lies, by /o/<kind>/<id>/...: (area id, ward id).
# The vote package adds meetings and primaries (app.py), as their tables are its own.
PLACES = {"areas": place_of_area, "wards": place_of_ward}
# Pages that check what their form names themselves (and the dashboard, which filters).
SELF_CHECKED = ("/o", "/o/wards", "/o/meetings")


async def may_reach(db: Database, scope: Scope | None, path: str, places: dict) -> bool:
    """May an organiser with this scope open this /o/ page? Deny unless the page is about one
    area, ward, meeting or primary the scope covers: the rest (the log, every ward's answers,
    new areas) is for organisers of everything."""
    if scope is None or path.rstrip("/") in SELF_CHECKED:
        return True
    kind, _, rest = path.removeprefix("/o/").partition("/")
    object_id = rest.split("/")[0]
    if kind not in places or not object_id.isascii() or not object_id.isdigit() \
            or len(object_id) > 18:
        return False
    place = await places[kind](db, int(object_id))
    return place is None or scope.covers(*place)  # nothing there: the page says so (404)


async def new_login_token(db: Database, email: str) -> str:
    token = secrets.token_urlsafe(24)
    async with db.transaction() as conn:
        cur = await conn.execute("SELECT id FROM organisers WHERE email = ?", (email.strip(),))
        row = await cur.fetchone()
        if row is None:
            raise AccountError(f"No organiser {email}. Add one with `hustings organiser add`.")
        await conn.execute(
            "INSERT INTO login_tokens (token_hash, organiser_id, expires_at) VALUES (?, ?, ?)",
            (token_hash(token), row["id"], stamp(now() + LOGIN_VALID)),
        )
    return token


async def use_login_token(db: Database, token: str) -> int | None:
    """The organiser's id if the token is valid; it can be used once."""
    async with db.transaction() as conn:
        cur = await conn.execute(
            "UPDATE login_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL"
            " AND expires_at > ? RETURNING organiser_id",
            (stamp(), token_hash(token), stamp()),
        )
        row = await cur.fetchone()
        if row is not None:
            await log(conn, f"organiser {row['organiser_id']}", "logged in")
    return None if row is None else row["organiser_id"]


async def start_session(db: Database, organiser_id: int) -> str:
    """A new session id for the organiser's cookie; only its hash is kept."""
    session_id = secrets.token_urlsafe(24)
    async with db.transaction() as conn:
        await conn.execute("INSERT INTO organiser_sessions (id_hash, organiser_id, started_at)"
                           " VALUES (?, ?, ?)", (token_hash(session_id), organiser_id, stamp()))
    return session_id


async def session_live(db: Database, organiser_id: int, session_id: str) -> bool:
    return bool(session_id) and await db.fetchval(
        "SELECT 1 FROM organiser_sessions WHERE id_hash = ? AND organiser_id = ?"
        " AND ended_at IS NULL AND started_at > ?",
        (token_hash(session_id), organiser_id, stamp(now() - SESSION_VALID))) == 1


async def end_session(db: Database, session_id: str) -> None:
    """Log out: this session id opens nothing again, whoever holds a copy of the cookie."""
    async with db.transaction() as conn:
        await conn.execute("UPDATE organiser_sessions SET ended_at = ? WHERE id_hash = ?"
                           " AND ended_at IS NULL", (stamp(), token_hash(session_id or "")))


@dataclass(frozen=True)
class Link:
    id: int
    meeting_id: int | None  # steward and teller links are for a meeting
    role: str
    created_at: str
    expires_at: str
    revoked_at: str | None
    token: str
    ward_id: int | None = None  # canvasser links are for a ward

    @property
    def live(self) -> bool:
        return self.revoked_at is None and self.expires_at > stamp()


def link_token(secret: str, link_id: int) -> str:
    mac = hmac.new(secret.encode(), f"link:{link_id}".encode(), hashlib.sha256).hexdigest()
    return f"{link_id}-{mac[:32]}"


def _link(row, secret: str) -> Link:
    return Link(
        row["id"], row["meeting_id"], row["role"], row["created_at"], row["expires_at"],
        row["revoked_at"], link_token(secret, row["id"]), row["ward_id"],
    )


async def create_link(db: Database, secret: str, meeting_id: int, role: str, actor: str,
                      meeting_starts: str = "") -> Link:
    """A steward's or teller's link, live until the meeting (starting `meeting_starts`) ends."""
    if role not in ROLES:
        raise AccountError("A link is for a steward or a teller.")
    async with db.transaction() as conn:
        expires = max(now() + LINK_VALID, meeting_ends(meeting_starts))
        cur = await conn.execute(
            "INSERT INTO links (meeting_id, role, created_at, expires_at) VALUES (?, ?, ?, ?)"
            " RETURNING *",
            (meeting_id, role, stamp(), stamp(expires)),
        )
        row = await cur.fetchone()
        await log(conn, actor, f"{role} link created", f"meeting {meeting_id}, link {row['id']}")
    return _link(row, secret)


def meeting_ends(starts_at: str) -> datetime:
    """When a meeting's links stop working: a day after it starts (its time read as UTC)."""
    try:
        start = datetime.fromisoformat(starts_at)
    except ValueError:
        return now()
    return (start if start.tzinfo else start.replace(tzinfo=UTC)) + AFTER_MEETING


async def create_canvasser_link(db: Database, secret: str, ward_id: int, actor: str) -> Link:
    async with db.transaction() as conn:
        cur = await conn.execute(
            "INSERT INTO links (ward_id, role, created_at, expires_at)"
            " VALUES (?, 'canvasser', ?, ?) RETURNING *",
            (ward_id, stamp(), stamp(now() + CANVASSER_LINK_VALID)),
        )
        row = await cur.fetchone()
        await log(conn, actor, "canvasser link created", f"ward {ward_id}, link {row['id']}")
    return _link(row, secret)


async def links_for_ward(db: Database, secret: str, ward_id: int) -> list[Link]:
    rows = await db.fetchall("SELECT * FROM links WHERE ward_id = ? ORDER BY id", (ward_id,))
    return [_link(r, secret) for r in rows]


async def revoke_link(db: Database, link_id: int, actor: str) -> None:
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE links SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
            (stamp(), link_id),
        )
        await log(conn, actor, "link revoked", f"link {link_id}")


async def links_for_meeting(db: Database, secret: str, meeting_id: int) -> list[Link]:
    rows = await db.fetchall("SELECT * FROM links WHERE meeting_id = ? ORDER BY id", (meeting_id,))
    return [_link(r, secret) for r in rows]


async def check_link(db: Database, secret: str, token: str, role: str) -> Link | None:
    """The live link this token opens, or None (unknown, forged, revoked or expired)."""
    link_id, _, _ = token.partition("-")
    # compare_digest refuses non-ASCII text, int() refuses '²' and 5,000 digits: none is a link
    if (not token.isascii() or not link_id.isdigit() or len(link_id) > 18
            or not hmac.compare_digest(token, link_token(secret, int(link_id)))):
        return None
    row = await db.fetchone("SELECT * FROM links WHERE id = ? AND role = ?", (int(link_id), role))
    if row is None:
        return None
    link = _link(row, secret)
    return link if link.live else None
