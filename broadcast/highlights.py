"""Pure rules for highlights and responses: what a highlight form must hold, how a clip link
becomes a player that loads only when tapped, and what a comment may say. No I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from plaintext import tidy
from problems import Refused

STANCES = ("support", "oppose", "not sure")
VOTES = ("agree", "disagree", "pass")
MAX_COMMENT = 280
LIMITS = {"topic": 60, "session": 120, "title": 120, "statement": 500}
VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
# Hosts whose player a tapped facade may load; any other host's clip opens on the host itself.
PLAYERS = ("https://www.youtube-nocookie.com", "https://player.vimeo.com")


@dataclass(frozen=True)
class Highlight:
    topic: str
    session: str
    title: str
    clip_url: str
    poster_url: str
    statement: str


def _web_address(value: str, what: str, required: bool) -> str:
    value = value.strip()
    if not value and not required:
        return ""
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:  # a broken address, such as "https://[" (an unclosed IPv6 bracket)
        host = None
    if not host or parts.scheme != "https" or len(value) > 500 \
            or any(c.isspace() or ord(c) < 32 for c in value):
        raise Refused(f"The {what} must be a full https:// address, at most 500 characters.")
    return value


def read_highlight(data: dict) -> Highlight:
    """A highlight from the organiser's form, or Refused with the field to fix."""
    fields = {}
    for key, limit in LIMITS.items():
        value = tidy(data.get(key, ""))
        what = "assembly session" if key == "session" else key
        if not value:
            raise Refused(f"Please give the {what}.")
        if len(value) > limit:
            raise Refused(f"The {what} is too long: at most {limit} characters.")
        fields[key] = value
    return Highlight(fields["topic"], fields["session"], fields["title"],
                     _web_address(data.get("clip_url", ""), "clip link", True),
                     _web_address(data.get("poster_url", ""), "poster image", False),
                     fields["statement"])


def player(clip_url: str) -> str | None:
    """The embeddable player for a clip on YouTube or Vimeo, or None for another host."""
    try:
        parts = urlsplit(clip_url)
        host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    except ValueError:
        return None
    video = None
    if host == "youtu.be":
        video = parts.path.strip("/")
    elif host == "youtube.com":
        video = (parse_qs(parts.query).get("v") or [""])[0] if parts.path == "/watch" \
            else parts.path.removeprefix("/shorts/").removeprefix("/embed/")
    if video is not None:
        return f"{PLAYERS[0]}/embed/{video}?autoplay=1" if VIDEO_ID.match(video) else None
    if host == "vimeo.com" and parts.path.strip("/").isdigit():
        return f"{PLAYERS[1]}/video/{parts.path.strip('/')}?autoplay=1"
    return None


def read_stance(value: str) -> str:
    if value not in STANCES:
        raise Refused("Choose support, oppose or not sure.")
    return value


def read_comment(value: str) -> str:
    """Plain text, one line, at most 280 characters; empty means no comment."""
    text = tidy(value)
    if len(text) > MAX_COMMENT:
        raise Refused(f"Your comment is too long: at most {MAX_COMMENT} characters "
                      f"(it has {len(text)}).")
    return text


def read_vote(value: str) -> str:
    if value not in VOTES:
        raise Refused("Choose agree, disagree or pass.")
    return value


def share(part: int, whole: int) -> int:
    """A whole-number percentage, rounded half up, exact (no floats)."""
    return (200 * part + whole) // (2 * whole) if whole else 0
