"""`backcare plan --ics FILE`: the next ice or heat sessions as calendar reminders."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def plan(
    ics: Annotated[Path, typer.Option(
        "--ics", metavar="FILE", dir_okay=False, show_default=False,
        help="Write the sessions as an iCalendar file a phone calendar imports.")],
) -> None:
    """The open episode's next sessions, spaced as data/ says, switching at the phase bounds."""
    from datetime import UTC, timedelta

    from icalendar import Alarm, Calendar, Event

    from backcare import clock, output, paths, state
    from backcare.commands.common import load_content, require_open
    from backcare.files import atomic_write
    from backcare.plan import planned_sessions

    now = clock.now()
    episode = require_open(state.load(paths.state_file()).state)
    content = load_content()
    local_tz = clock.local_zone(now)
    sessions = planned_sessions(episode, now, content.window, local_tz)
    clinic = content.clinic
    words = {"ice": "Ice", "heat": "Heat", "ice-or-heat": "Ice or heat"}
    cal = Calendar()
    cal.add("prodid", "-//backcare//ice and heat reminders//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "backcare: ice and heat")
    for s in sessions:
        phase = content.phase_text(s.phase)
        event = Event()
        event.add("uid", f"backcare-{episode.id}-{s.start.astimezone(UTC):%Y%m%dT%H%M%SZ}")
        event.add("dtstamp", now)
        event.add("dtstart", s.start.astimezone(UTC))
        event.add("dtend", s.start.astimezone(UTC) + timedelta(minutes=s.minutes))
        event.add("summary", f"{words[s.kind]}: {s.minutes} min, wrapped in a cloth")
        event.add("description", (
            f"{clinic.fill(phase.text)} Never more than {content.window.max_minutes} minutes; "
            "never straight on the skin. If a warning sign appears, run 'backcare check'. "
            f"{clinic.fill(clinic.contact)} Emergency: {clinic.emergency_number}."))
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"{words[s.kind]} now ({s.minutes} min)")
        alarm.add("trigger", timedelta(0))
        event.add_component(alarm)
        cal.add_component(event)
    try:
        atomic_write(ics, cal.to_ical().decode("utf-8"))
    except OSError as exc:
        from backcare.errors import InputError

        raise InputError(f"cannot write {ics}: {exc.strerror}") from None
    if sessions:
        first, last = (f"{s.start.astimezone():%a %d %b %H:%M}"
                       for s in (sessions[0], sessions[-1]))
        output.message(f"Wrote {len(sessions)} reminders to {ics}, from {first} to {last}.")
    else:
        output.message(f"Wrote an empty calendar to {ics}: nothing is due.")
