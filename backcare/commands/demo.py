"""`backcare demo`: play a scenario through the real screens on a simulated clock.

It runs on a throwaway folder, never the person's state, and says so at the end.
"""

import tempfile
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from backcare import archive, clock, language, output, prompts, state
from backcare.assessment import Answers, assess, plan_allowed
from backcare.commands.common import ClinicOpt, PlainOpt, load_content, require_ready
from backcare.course import movement_gate, record_application
from backcare.course import status as episode_status
from backcare.episode import (
    MovementSession,
    record_dose,
    record_movement,
    record_pain,
    replace_episode,
    start_episode,
)
from backcare.errors import InputError
from backcare.keeping import record_check
from backcare.language import N_, _, number
from backcare.movement import after_session, session_plan
from backcare.render.demo_screen import render_answers, scene
from backcare.render.movement_screen import render_movement, render_plan, render_swimming
from backcare.render.result_screen import render_assessment
from backcare.render.status_screen import render_status
from backcare.scenarios import all_scenarios, answered, find

if TYPE_CHECKING:
    from datetime import datetime

    from rich.console import Console

    from backcare.content import Content
    from backcare.episode import Episode
    from backcare.scenarios import Event, Scenario


def demo(
    name: Annotated[str | None, typer.Argument(metavar="NAME", show_default=False,
                                               help=N_("The scenario to play."))] = None,
    list_: Annotated[bool, typer.Option("--list", help=N_("List the scenarios."))] = False,
    step: Annotated[bool, typer.Option(
        "--step", help=N_("Wait for a key between scenes (for a presenter)."))] = False,
    plain: PlainOpt = False,
    clinic: ClinicOpt = None,
) -> None:
    require_ready(clinic, kiosk=False)
    content = load_content(clinic)
    default = content.clinic.language
    if default and not language.current().chosen and default != language.current().lang:
        language.use(language.chosen_in_session(default))  # the clinic's demo language
        content = load_content(clinic)
    if list_:
        for s in all_scenarios(content):
            typer.echo(f"{s.id:<16} {s.description}")
        return
    if name is None:
        raise InputError(_("name a scenario to play, or pass --list to see them"))
    scenario = find(name, content)
    is_plain = output.wants_plain(plain)
    pause = step and output.can_prompt()
    play(scenario, content, is_plain, pause)


def play(scenario: "Scenario", content: "Content", plain: bool, pause: bool) -> None:

    con = output.console(plain)

    def next_scene() -> None:
        if pause:
            _paged(con, con.end_capture())
            prompts.pause(_("Press any key for the next scene..."))
            con.clear()
            con.begin_capture()

    if pause:
        con.begin_capture()  # each scene is drawn whole, then shown a screen at a time

    a = scenario.answers
    checked_at = clock.now()
    onset = checked_at - timedelta(hours=a.onset_hours_ago)
    scene(con, _("Demo: {title}").format(title=scenario.title), plain)
    con.print(scenario.description)
    scene(con, _("The answers, as the person chose them"), plain)
    render_answers(con, answered(scenario, content), plain)
    next_scene()
    answers = Answers(red_flags=a.red_flags, symptoms=a.symptoms, triggers=a.triggers,
                      conditions=a.conditions, pain=a.pain, age=a.age, onset=onset,
                      where=a.where)
    result = assess(answers, checked_at, content)
    scene(con, _("The result screen"), plain)
    render_assessment(con, result, content, explain=False, plain=plain)
    if not plan_allowed(result.triage.level):
        con.print()
        con.print(_("In an emergency backcare asks nothing more and keeps no clock."))
    else:
        with tempfile.TemporaryDirectory(prefix="backcare-demo-") as folder:
            path = Path(folder) / "state.json"
            with state.update(path) as loaded:
                loaded.state, episode = start_episode(loaded.state, onset, checked_at, False,
                                                      archived=archive.highest_archived(path))
            pending = sorted([(a.onset_hours_ago, None), *((e.hour, e) for e in scenario.events)],
                             key=lambda pair: pair[0])
            for hour in scenario.status_hours:
                next_scene()
                now = onset + timedelta(hours=hour)
                with state.update(path) as loaded:
                    episode = loaded.state.episodes[-1]
                    while pending and pending[0][0] <= hour:
                        at_hour, event = pending.pop(0)
                        at = onset + timedelta(hours=at_hour)
                        if event is None:
                            episode = record_check(episode, result, content)
                        elif event.kind is not None and event.minutes is not None:
                            episode = record_application(episode, event.kind, at, event.minutes,
                                                         event.minutes, content)
                        elif event.pain is not None:
                            episode = record_pain(episode, at, event.pain, event.note)
                        elif event.medicine is not None and event.mg is not None:
                            episode = record_dose(episode, at, event.medicine, event.mg,
                                                  event.note)
                        elif event.move:
                            next_scene()
                            episode = _moved(con, episode, event, at, content, plain)
                    loaded.state = replace_episode(loaded.state, episode)
                scene(con, _("backcare status at hour {hour}").format(hour=number(hour, 2)),
                      plain)
                render_status(con, episode_status(episode, now, content, clock.local_zone(now)),
                              content, plain)
    con.print()
    con.print(_("Demo over. Nothing was stored: the demo ran on a throwaway folder, "
                "now deleted, and your own backcare data was not read or changed."))
    if pause:
        _paged(con, con.end_capture())


def _moved(con: "Console", episode: "Episode", event: "Event", at: "datetime",
           content: "Content", plain: bool) -> "Episode":
    """A guided movement session as `backcare move` shows it, its holds said rather than
    timed, kept with the pain the scenario gives before and after."""
    hours = number((at - episode.onset).total_seconds() / 3600, 2)
    scene(con, _("backcare move at hour {hour}").format(hour=hours), plain)
    gate = movement_gate(episode, at, content)
    if not gate.allowed:
        con.print(content.say("move-refused"))
        return episode
    plan = session_plan(episode, at, content, gate.conditions, gate.gentlest_because)
    render_plan(con, plan, content, plain)
    for n, movement in enumerate(plan.movements, 1):
        render_movement(con, n, len(plan.movements), movement, plain)
    seconds = sum(m.reps * (m.hold_seconds or 0) * (2 if m.per_side else 1)
                  for m in plan.movements)
    session = MovementSession(at=at, minutes=round(seconds / 60, 2),
                              movements=[m.id for m in plan.movements],
                              pain_before=event.pain_before or 0, pain_after=event.pain_after,
                              gentler=plan.gentler)
    episode = record_movement(episode, session)
    con.print()
    con.print(content.say("move-recorded", before=session.pain_before,
                          after=session.pain_after))
    for said in after_session(episode, content):
        con.print(said)
    if plan.swimming:
        render_swimming(con, content)
    return episode


def _paged(con: "Console", scene_text: str) -> None:
    """A scene a screen at a time, from its top (the banner first): what does not fit waits
    for a key, so nothing scrolls away unread."""
    lines = scene_text.rstrip("\n").split("\n")
    room = max(5, con.height - 2)
    for start in range(0, len(lines), room):
        if start:
            prompts.pause(_("Press any key for more of this scene..."))
            con.clear()
        con.file.write("\n".join(lines[start:start + room]) + "\n")
        con.file.flush()
