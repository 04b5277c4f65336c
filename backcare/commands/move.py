"""`backcare move`: one guided session of gentle movement, kept in the episode.

Only for a person whose latest check says home care fits and who has no warning sign
standing. Each movement's steps are shown and its holds timed; after each, the stop rule
is asked: anything it names stops the session, which is kept, and the warning-sign
questions run again. The pain before and after decides whether the next session is
gentler.
"""

from typing import TYPE_CHECKING, Annotated, Literal

import msgspec
import typer

from backcare import clock, output, prompts
from backcare.commands.check import EXIT_CODES, LineModeOpt
from backcare.commands.check import check as run_check
from backcare.commands.common import (
    ClinicOpt,
    JsonOpt,
    PlainOpt,
    load_content,
    reading,
    require_open,
    updating,
)
from backcare.course import MovementGate, movement_gate
from backcare.episode import (
    MovementSession,
    drop_movement,
    finish_movement,
    record_movement,
    replace_episode,
)
from backcare.errors import InputError
from backcare.interview import SETTLE
from backcare.language import N_, _
from backcare.movement import PlannedMovement, SessionPlan, after_session, session_plan
from backcare.render.json_documents import session_plan_payload
from backcare.render.movement_screen import render_movement, render_plan, render_swimming
from backcare.timer import hold

if TYPE_CHECKING:
    from datetime import datetime

    from backcare.content import Content
    from backcare.episode import Episode

READY = (N_("Press any key when you are ready to start."),
         N_("Press Enter when you are ready to start."))
FINISHED = (N_("Press any key when you have finished."),
            N_("Press Enter when you have finished."))
"""What a pause says, in the picker and in line mode (where only Enter ends a line)."""

ShowOpt = Annotated[bool, typer.Option(
    "--show", help=N_("Show today's movements without starting a session; for scripts too."))]


class Stopped(Exception):
    """Something the stop rule names happened: `signs` are its ids."""

    def __init__(self, signs: list[str]) -> None:
        super().__init__(signs)
        self.signs = signs


def move(show: ShowOpt = False, json_out: JsonOpt = False, plain: PlainOpt = False,
         line_mode: LineModeOpt = False, clinic: ClinicOpt = None) -> None:
    if line_mode:
        prompts.use_line_mode()
    is_plain = output.wants_plain(plain) or prompts.line_mode()
    now = clock.now()
    content = load_content(clinic)
    episode = require_open(reading(to_change=not (show or json_out)).state)
    gate = movement_gate(episode, now, content)
    if not gate.allowed:
        _refuse(gate, content)
    plan = session_plan(episode, now, content, gate.conditions, gate.gentlest_because)
    if json_out:
        output.print_json(session_plan_payload(plan, content))
        return
    con = output.console(is_plain)
    if show:
        render_plan(con, plan, content, is_plain)
        return
    if not output.can_prompt():
        raise InputError(_("move guides a session in a terminal; 'backcare move --show' "
                           "lists today's movements"))
    render_plan(con, plan, content, is_plain)
    _session(plan, content, now, is_plain, [(s.id, s.label, s.detail)
                                            for s in content.stop_signs
                                            if s.id in plan.stop_signs])


def _refuse(gate: MovementGate, content: "Content") -> None:
    """Why there is no session now, and what to do instead; exit 11 or 12 for a level."""
    routed = gate.escalation
    if gate.paused:
        raise InputError(gate.paused)
    if routed is None or routed.triage.level not in ("urgent", "emergency"):
        raise InputError(content.say("move-no-check"))
    output.message(f"{routed.triage.banner}. {routed.triage.action}")
    for reason in routed.triage.reasons:
        output.message(f"- {reason.text}")
    output.message(content.say("move-refused"))
    raise typer.Exit(EXIT_CODES[routed.triage.level])


def _session(plan: SessionPlan, content: "Content", started: "datetime", plain: bool,
             signs: list[tuple[str, str, str]]) -> None:
    """The session, kept from its first score: as it begins (as stopped early), then as it
    ends, so that no lock, ended episode or closed terminal loses what was done."""
    scale = clock.move_second()
    before = prompts.number(content.say("move-pain-before"), 0, 10)
    began = clock.ticking()
    begun = _begin(plan, started, before)
    done: list[str] = []

    def ended(after: int | None, stopped: Literal["", "stop-sign", "interrupted"],
              ticked: list[str]) -> "Episode":
        session = msgspec.structs.replace(
            begun, recorded_at=clock.now(), minutes=_minutes(began, scale), movements=done,
            pain_after=after, stopped=stopped, stop_signs=ticked)
        return _finish(begun, session, content)

    try:
        for n, movement in enumerate(plan.movements, 1):
            _one(n, len(plan.movements), movement, content, scale, plain)
            done.append(movement.id)
            ticked = prompts.checklist(content.say("move-stop-question"), signs,
                                       content.questions.none_of_these, settle=SETTLE)
            if ticked:
                raise Stopped(ticked)
        after = prompts.number(content.say("move-pain-after"), 0, 10)
    except (KeyboardInterrupt, EOFError):  # as `apply` does: the part done is kept
        output.message("")
        if _minutes(began, scale) * 60 < content.movement_plan.keep_after_seconds:
            _drop(begun)
            output.message(content.say("move-not-recorded"))
            return
        ended(None, "interrupted", [])
        output.message(_("Stopped early: the part of the session done is recorded."))
        output.message(content.say("move-interrupted"))
        return
    except Stopped as stop:
        output.message(content.say("move-stopped"))
        ended(None, "stop-sign", stop.signs)
        try:
            run_check(save=True, plain=plain, line_mode=prompts.line_mode())
        except (KeyboardInterrupt, EOFError):
            raise InputError(content.say("move-paused-stop")) from None
        return
    episode = ended(after, "", [])
    output.message(content.say("move-recorded", before=before, after=after))
    check = episode.latest_check
    checked_at = (max(check.assessed_at, episode.seen_at or check.assessed_at)
                  if check is not None else None)
    for said in after_session(episode, content, checked_at):
        output.message(said)
    if plan.swimming:
        render_swimming(output.console(plain), content)


def _minutes(began: float, scale: float) -> float:
    return round((clock.ticking() - began) / scale / 60, 2)


def _one(n: int, total: int, movement: PlannedMovement, content: "Content", scale: float,
         plain: bool) -> None:
    con = output.console(plain)
    render_movement(con, n, total, movement, plain)
    _pause(READY)
    if movement.hold_seconds is None:
        if movement.reps > 1:
            con.print(content.say("move-own-pace", reps=movement.reps))
        _pause(FINISHED)
        return
    sides = [_("left"), _("right")] if movement.per_side else [""]
    for rep in range(1, movement.reps + 1):
        for side in sides:
            label = (_("{rep} of {reps}, {side}") if side else _("{rep} of {reps}")).format(
                rep=rep, reps=movement.reps, side=side)
            hold(label, movement.hold_seconds, scale, plain)
    con.print(_("Done: {title}.").format(title=movement.title))


def _pause(said: tuple[str, str]) -> None:
    prompts.pause(_(said[1] if prompts.line_mode() else said[0]))


def _begin(plan: SessionPlan, started: "datetime", before: int) -> MovementSession:
    session = MovementSession(at=started, recorded_at=clock.now(), minutes=0, movements=[],
                              pain_before=before, stopped="interrupted", gentler=plan.gentler)
    with updating() as loaded:
        episode = record_movement(require_open(loaded.state), session)
        loaded.state = replace_episode(loaded.state, episode)
    return session


def _finish(begun: MovementSession, session: MovementSession, content: "Content"
            ) -> "Episode":
    """The session as it ended, in place of how it began; the scores go to the pain log
    too, where its rules watch them."""
    with updating() as loaded:
        current = loaded.state.open_episode()
        finished = finish_movement(current, begun, session) if current is not None else None
        if finished is None:
            raise InputError(_("the episode ended during the session; it is kept as stopped "
                               "early, with the score before"))
        loaded.state = replace_episode(loaded.state, finished)
    return finished


def _drop(begun: MovementSession) -> None:
    with updating() as loaded:
        current = loaded.state.open_episode()
        if current is not None:
            loaded.state = replace_episode(loaded.state, drop_movement(current, begun))
