"""`backcare plan --ics FILE`: the next ice or heat sessions as calendar reminders."""

from pathlib import Path
from typing import Annotated

import typer

from backcare import clock, output
from backcare.assessment import plan_allowed
from backcare.commands.common import (
    ClinicOpt,
    check_writable,
    load_content,
    reading,
    require_open,
    write_file,
)
from backcare.course import escalation, status
from backcare.errors import InputError
from backcare.language import N_, _, ngettext
from backcare.render.ics import calendar
from backcare.sessions import planned_movement, planned_sessions


def plan(
    ics: Annotated[Path | None, typer.Option(
        "--ics", metavar="FILE", show_default=False,
        help=N_("Write the sessions as an iCalendar file a phone calendar imports ('-' for "
                "stdout); without it, they are listed on screen."))] = None,
    clinic: ClinicOpt = None,
) -> None:
    if ics is not None and str(ics) != "-":
        check_writable(ics, "--ics")
    now = clock.now()
    episode = require_open(reading().state)
    content = load_content(clinic)
    routed = escalation(episode, now, content).triage
    if not plan_allowed(routed.level):
        raise InputError(content.say("no-reminders-emergency", action=routed.action))
    finding = "" if routed.level == "self-care" else " ".join(
        [f"{routed.banner}. {routed.action}", *(r.text for r in routed.reasons)])
    if finding:
        output.message(finding)
    current = status(episode, now, content)
    if current.window_note:  # the start is not known: each session is ice or heat, as it says
        output.message(current.window_note)
    zone = clock.local_zone(now)
    sessions = planned_sessions(episode, now, content, zone)
    movement = planned_movement(episode, now, content, zone)
    if not sessions:
        advice = current.ice_heat_advice
        if advice is not None:  # the advice is not to use ice or heat: say why nothing is due
            output.message(advice.text)
    if ics is None:
        # the person's cautions about ice and heat head the list, as they head each reminder
        for text in dict.fromkeys(c for session in sessions for c in session.cautions):
            output.message(_("Caution: {text}").format(text=text))
        lines = [(s.start, f"{output.local(s.start)}: {s.recommendation.label.lower()}, "
                           f"{output.minutes(s.recommendation.minutes)}") for s in sessions]
        lines += [(due, _("{when}: gentle movement ('backcare move')").format(
            when=output.local(due))) for due in movement]
        for _start, line in sorted(lines, key=lambda pair: pair[0]):
            typer.echo(line)
        if not sessions and not movement:
            typer.echo(_("Nothing is due."))
        return
    lead = " ".join(said for said in (finding, current.window_note) if said)
    text = calendar(episode.id, sessions, now, content, lead, movement).decode("utf-8")
    if str(ics) == "-":
        typer.echo(text, nl=False)
        return
    write_file(ics, text, "--ics")
    starts = sorted([*(s.start for s in sessions), *movement])
    if starts:
        first, last = output.local(starts[0]), output.local(starts[-1])
        output.message(ngettext("Wrote {count} reminders to {path}, from {first} to {last}.",
                                "Wrote {count} reminders to {path}, from {first} to {last}.",
                                len(starts)).format(
            count=len(starts), path=ics, first=first, last=last))
    else:
        output.message(_("Wrote an empty calendar to {path}: nothing is due.").format(path=ics))
