"""The screens of `backcare move`: the day's set, and each movement's steps."""

from __future__ import annotations

from rich.console import Console

from backcare.content import Content
from backcare.episode import MovementSession
from backcare.language import _, ngettext
from backcare.movement import PlannedMovement, SessionPlan
from backcare.output import local
from backcare.render.parts import bullet, heading, literal, step


def how_many(movement: PlannedMovement) -> str:
    """'Knee rolls: 5 times, holding 2 s on each side.'"""
    if movement.hold_seconds is not None and movement.per_side:
        said = ngettext("{title}: {reps} time, holding {seconds} s on each side",
                        "{title}: {reps} times, holding {seconds} s on each side",
                        movement.reps)
    elif movement.hold_seconds is not None:
        said = ngettext("{title}: {reps} time, holding {seconds} s",
                        "{title}: {reps} times, holding {seconds} s", movement.reps)
    elif movement.reps > 1:
        said = ngettext("{title}: {reps} time, at your own pace",
                        "{title}: {reps} times, at your own pace", movement.reps)
    else:
        said = "{title}"
    return said.format(title=movement.title, reps=movement.reps,
                       seconds=movement.hold_seconds)


def render_plan(con: Console, plan: SessionPlan, content: Content, plain: bool) -> None:
    con.print(literal(content.say("move-day", day=plan.day), "" if plain else "bold"))
    for said in plan.notes:
        con.print(literal(said, "" if plain else "bold"))
    for movement in plan.movements:
        bullet(con, how_many(movement), plain=plain)
    con.print()
    con.print(literal(content.say("move-stop-rule"), "" if plain else "bold"))


def render_movement(con: Console, n: int, total: int, movement: PlannedMovement,
                    plain: bool) -> None:
    heading(con, _("{n} of {total}: {title}").format(n=n, total=total, title=movement.title),
            plain)
    for n_step, line in enumerate(movement.steps, 1):
        step(con, n_step, line)
    if movement.reps > 1 or movement.hold_seconds is not None:
        con.print(literal(how_many(movement), "" if plain else "bold"))


def session_line(session: MovementSession, content: Content) -> str:
    """A session as status, history and the handout name it."""
    titles = {m.id: m.title for m in content.movements}
    done = "; ".join(titles.get(m, m) for m in session.movements) or _("none finished")
    when = local(session.at)
    if session.pain_after is not None:
        return _("{when} movement: {movements}; pain {before} before, {after} after").format(
            when=when, movements=done, before=session.pain_before, after=session.pain_after)
    if session.stopped == "stop-sign":
        signs = {s.id: s.label for s in content.stop_signs}
        return _("{when} movement: {movements}; pain {before} before; stopped for: {signs}"
                 ).format(when=when, movements=done, before=session.pain_before,
                          signs="; ".join(signs.get(s, s) for s in session.stop_signs))
    return _("{when} movement: {movements}; pain {before} before; stopped early").format(
        when=when, movements=done, before=session.pain_before)


def render_swimming(con: Console, content: Content) -> None:
    con.print(literal(content.say("move-swimming")))
