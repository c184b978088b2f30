"""A meeting as an .ics file, for a resident's calendar (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

if TYPE_CHECKING:
    from votes.store import Meeting

LONDON = ZoneInfo("Europe/London")
LENGTH = timedelta(hours=2)  # a meeting has no end time; two hours is a typical evening


def meeting_ics(meeting: Meeting, title: str, url: str, stamp: datetime) -> bytes:
    # UTC in the file (no VTIMEZONE block): calendars show it in the reader's own time
    starts = datetime.fromisoformat(meeting.starts_at).replace(tzinfo=LONDON).astimezone(UTC)
    cal = Calendar()
    cal.add("prodid", "-//hustings//open primaries//EN")
    cal.add("version", "2.0")
    event = Event()
    event.add("uid", f"meeting-{meeting.id}@hustings")
    event.add("dtstamp", stamp)
    event.add("dtstart", starts)
    event.add("dtend", starts + LENGTH)
    event.add("summary", title)
    event.add("location", meeting.venue)
    event.add("url", url)
    event.add("description", f"Come and choose who stands for your ward. Details: {url}")
    cal.add_component(event)
    return cal.to_ical()
