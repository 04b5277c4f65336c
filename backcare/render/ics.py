"""Planned sessions as an iCalendar file, written with the icalendar library."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from backcare.content import Content
from backcare.language import _, current
from backcare.sessions import Session


def calendar(episode_id: int, sessions: list[Session], now: datetime, content: Content,
             finding: str = "", movement: list[datetime] | None = None) -> bytes:
    """The sessions as events with alarms; `finding` (a level above self-care with its
    reasons, and while the start is not known, how to choose ice or heat) leads each
    event's description, so a reminder never hides it."""
    from icalendar import Alarm, Calendar, Event  # 30 ms that only --ics needs
    clinic = content.clinic
    said = {"LANGUAGE": current().lang}  # RFC 5545: the language of a text property
    cal = Calendar()
    cal.add("prodid", "-//backcare//ice and heat reminders//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("backcare: ice and heat"))
    for s in sessions:
        rec = s.recommendation
        start = s.start.astimezone(UTC)
        event = Event()
        event.add("uid", f"backcare-{episode_id}-{start:%Y%m%dT%H%M%SZ}")
        event.add("dtstamp", now)
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(minutes=rec.minutes))
        event.add("summary", _("{label}: {minutes} min, {how}").format(
            label=rec.label, minutes=rec.minutes, how=rec.how), parameters=said)
        lead = f"{finding} " if finding else ""
        cautions = "".join(_("Caution: {text}").format(text=text) + " " for text in s.cautions)
        event.add("description", lead + cautions + _(
            "{text} {how}, and never more than {max_minutes} minutes at a time. If a warning "
            "sign appears, run 'backcare check'. {contact} Emergency: {emergency_number}."
        ).format(text=rec.text, how=rec.how.capitalize(), max_minutes=rec.max_minutes,
                 contact=clinic.fill(clinic.contact), emergency_number=clinic.emergency_number),
            parameters=said)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", _("{label} now ({minutes} min)").format(
            label=rec.label, minutes=rec.minutes), parameters=said)
        alarm.add("trigger", timedelta(0))
        event.add_component(alarm)
        cal.add_component(event)
    for due in movement or []:
        start = due.astimezone(UTC)
        event = Event()
        event.add("uid", f"backcare-{episode_id}-move-{start:%Y%m%dT%H%M%SZ}")
        event.add("dtstamp", now)
        event.add("dtstart", start)
        event.add("summary", _("Gentle movement: run 'backcare move'"), parameters=said)
        lead = f"{finding} " if finding else ""
        event.add("description", lead + content.say("move-stop-rule") + " " + _(
            "{contact} Emergency: {emergency_number}.").format(
                contact=clinic.fill(clinic.contact), emergency_number=clinic.emergency_number),
            parameters=said)
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", _("Gentle movement now: run 'backcare move'"),
                  parameters=said)
        alarm.add("trigger", timedelta(0))
        event.add_component(alarm)
        cal.add_component(event)
    return bytes(cal.to_ical())
