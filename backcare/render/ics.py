"""Planned sessions as an iCalendar file, written with the icalendar library."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Alarm, Calendar, Event

from backcare.content import Content
from backcare.plan import Session


def calendar(episode_id: int, sessions: list[Session], now: datetime, content: Content,
             finding: str = "") -> bytes:
    """The sessions as events with alarms; `finding` (a level above self-care) leads each
    event's description, so a reminder never hides it."""
    clinic = content.clinic
    cal = Calendar()
    cal.add("prodid", "-//backcare//ice and heat reminders//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "backcare: ice and heat")
    for s in sessions:
        rec = s.recommendation
        start = s.start.astimezone(UTC)
        event = Event()
        event.add("uid", f"backcare-{episode_id}-{start:%Y%m%dT%H%M%SZ}")
        event.add("dtstamp", now)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=rec.minutes))
        event.add("summary", f"{rec.label}: {rec.minutes} min, {rec.how}")
        lead = f"{finding} " if finding else ""
        cautions = "".join(f"Caution: {text} " for text in s.cautions)
        event.add("description", (
            f"{lead}{cautions}{rec.text} {rec.how.capitalize()}, and never more than "
            f"{rec.max_minutes} minutes at a time. "
            f"If a warning sign appears, run 'backcare check'. {clinic.fill(clinic.contact)} "
            f"Emergency: {clinic.emergency_number}."))
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{rec.label} now ({rec.minutes} min)")
        alarm.add("trigger", timedelta(0))
        event.add_component(alarm)
        cal.add_component(event)
    return bytes(cal.to_ical())
