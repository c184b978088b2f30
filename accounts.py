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
from datetime import timedelta

from audit import log, now, stamp
from db import Database, IntegrityError

LOGIN_VALID = timedelta(hours=24)
LINK_VALID = timedelta(days=2)
CANVASSER_LINK_VALID = timedelta(weeks=8)  # a doorstep round runs six or seven weeks
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ROLES = ("steward", "teller")


class AccountError(ValueError):
    """Something the user can fix, said as a sentence."""


def token_hash(token: str) -> str:
    """What is stored of a one-time link's token (login, invitation, pledge): its SHA-256."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


async def add_organiser(db: Database, email: str) -> str:
    email = email.strip()
    if not EMAIL.match(email):
        raise AccountError(f"'{email}' does not look like an email address.")
    async with db.transaction() as conn:
        try:
            await conn.execute(
                "INSERT INTO organisers (email, created_at) VALUES (?, ?)", (email, stamp())
            )
        except IntegrityError:
            raise AccountError(
                f"{email} is already an organiser. Use `hustings organiser link {email}`."
            ) from None
        await log(conn, "cli", "organiser added", email)
    return await new_login_token(db, email)


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


async def organiser(db: Database, organiser_id: int):
    return await db.fetchone("SELECT * FROM organisers WHERE id = ?", (organiser_id,))


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


async def create_link(db: Database, secret: str, meeting_id: int, role: str, actor: str) -> Link:
    if role not in ROLES:
        raise AccountError("A link is for a steward or a teller.")
    async with db.transaction() as conn:
        cur = await conn.execute(
            "INSERT INTO links (meeting_id, role, created_at, expires_at) VALUES (?, ?, ?, ?)"
            " RETURNING *",
            (meeting_id, role, stamp(), stamp(now() + LINK_VALID)),
        )
        row = await cur.fetchone()
        await log(conn, actor, f"{role} link created", f"meeting {meeting_id}, link {row['id']}")
    return _link(row, secret)


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
