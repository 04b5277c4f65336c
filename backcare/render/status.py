"""The `backcare status` screen: the window as a timeline, the pain as a chart."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from backcare.content import Content
from backcare.episode import Status
from backcare.output import local
from backcare.render.check import render_finding, render_safety_net
from backcare.render.common import (
    LEVEL_STYLE,
    PHASE_STYLE,
    banner,
    bullet,
    episode_age,
    heading,
    literal,
)
from backcare.render.json import NO_EPISODE
from backcare.window import hours_since, phase_at

PHASE_WORDS = {"ice": "ice phase", "transition": "switch window", "heat": "heat phase"}


def span(minutes: float) -> str:
    minutes = round(minutes)
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def render_timeline(con: Console, current: Status, content: Content, plain: bool) -> None:
    w = content.window
    onset = current.episode.onset
    marks = [(hours_since(onset, a.at), a.kind) for a in current.episode.applications]
    if plain:
        con.print(literal(
            f"Timeline: ice until hour {w.ice_until_hours:g}, switch window until hour "
            f"{w.heat_from_hours:g}, heat after that. You are at hour "
            f"{current.hours_since_onset:.0f}."))
        if marks:
            recent = marks[-8:]
            words = ", ".join(f"{kind} at hour {h:.0f}" for h, kind in recent)
            more = f" (last {len(recent)} of {len(marks)})" if len(marks) > len(recent) else ""
            con.print(literal(f"Sessions{more}: {words}."))
        return
    total = max(w.heat_from_hours * 1.5, current.hours_since_onset * 1.1)
    width = max(20, min(con.width - 2, 64))
    per_col = total / width
    bar = Text()
    for col in range(width):
        bar.append("━", PHASE_STYLE[phase_at(col * per_col, w)])
    for hour, kind in marks:
        col = min(width - 1, int(hour / per_col))
        bar = Text.assemble(bar[:col], ("I" if kind == "ice" else "H",
                                        f"bold reverse {PHASE_STYLE[kind]}"), bar[col + 1:])
    here = min(width - 1, int(current.hours_since_onset / per_col))
    pointer = Text(" " * here + "▲ you are here", "bold")
    if here + 15 > width:
        pointer = Text(" " * max(0, here - 14) + "you are here ▲", "bold")
    labels = [" "] * width
    free = 0
    for hour in (0, w.ice_until_hours, w.heat_from_hours):
        col = min(width - 1, int(hour / per_col))
        text = f"{hour:g}h"
        if col < free or col + len(text) > width:
            continue  # a long episode squeezes the early marks together: keep the first
        labels[col:col + len(text)] = text
        free = col + len(text) + 1
    con.print(literal("".join(labels), "dim"))
    con.print(bar)
    con.print(pointer)
    con.print(literal("I = ice session, H = heat session", "dim"))


def render_pain_chart(con: Console, by_day: list[tuple[int, float]], plain: bool) -> None:
    shown = by_day[-14:]
    for day, average in shown:
        if plain:
            con.print(literal(f"Day {day}: {average:g} out of 10"))
            continue
        line = Text(f"Day {day:>3} ")
        filled = round(average * 2)
        line.append("█" * filled, "red" if average >= 7 else "yellow" if average >= 4 else "green")
        line.append("·" * (20 - filled), "dim")
        line.append(f" {average:g}")
        con.print(line)


def render_status(con: Console, current: Status | None, content: Content, plain: bool) -> None:
    if current is None:
        con.print(literal(NO_EPISODE))
        return
    episode = current.episode
    routed = current.escalation.triage
    if routed.level != "self-care":
        banner(con, routed.banner, routed.action, plain, LEVEL_STYLE[routed.level])
        if current.escalation.finding is not None:
            render_finding(con, current.escalation.finding, content, plain)
        for reason in routed.reasons:
            bullet(con, reason.text, plain=plain)
        con.print()
    if not current.screened:
        con.print(literal(content.say("not-screened"), "" if plain else "bold"))
        con.print()
    if episode.seen_at is not None:
        con.print(literal(content.say("seen-on", when=local(episode.seen_at))))
        con.print()
    title = (f"Episode {episode.id}: {episode_age(current.hours_since_onset)}, "
             f"{PHASE_WORDS[current.phase]}")
    rec = current.recommendation
    if episode.ended_at:
        body = f"This episode ended on {local(episode.ended_at)}."
    elif rec is None and current.ice_heat_advice is not None:
        body = current.ice_heat_advice.text
    elif rec is None:
        body = content.say("no-plan-emergency")
    else:
        body = (f"{rec.label} for {rec.minutes} minutes at a time (never more than "
                f"{rec.max_minutes}), {rec.how}. {rec.text}")
    banner(con, title, body, plain, PHASE_STYLE[current.phase])
    if current.next_application_at is not None:
        due = current.next_application_at
        wait = (due - current.now).total_seconds() / 60
        when = "now" if wait <= 0 else f"{local(due)} (in {span(wait)})"
        reminder = current.next_reminder_at
        if reminder is not None and reminder != due:
            when += f"; reminders start again at {local(reminder)}"
        bullet(con, f"Next session: {when}", plain=plain)
    if current.last_application is not None:
        last = current.last_application
        ago = (current.now - last.at).total_seconds() / 60
        bullet(con, f"Last session: {last.kind} for {last.minutes:g} min on {local(last.at)} "
               f"({span(ago)} ago)", plain=plain)
    elif rec is not None:
        first = "heat" if rec.kind == "heat" else "ice"
        bullet(con, f"No ice or heat recorded yet: 'backcare apply {first}' records one.",
               plain=plain)
    heading(con, "Ice and heat timeline", plain)
    render_timeline(con, current, content, plain)
    heading(con, "Pain", plain)
    if current.pain_latest is None:
        con.print(literal("No pain scores yet: 'backcare pain 6' records one."))
    else:
        latest = current.pain_latest
        trend = f", {current.pain_trend}" if current.pain_trend else ""
        con.print(literal(f"Latest {latest.score}/10 on {local(latest.at)}{trend}."))
        if latest.note:
            con.print(Text("Note: ").append_text(literal(latest.note)))
        render_pain_chart(con, current.pain_by_day, plain)
    if current.cautions:
        heading(con, content.say("cautions-title"), plain)
        for item in current.cautions:
            bullet(con, item.text, plain=plain)
    for group in current.escalation.advanced_care:
        heading(con, group.title, plain)
        for a in group.items:
            bullet(con, f"{a.title}: {a.text}" if a.title else a.text, plain=plain)
    render_safety_net(con, current.escalation.safety_net, content, False, plain)
    con.print()
    if current.screened:
        con.print(literal(current.escalation.recheck, "" if plain else "bold"))
    con.print(literal(routed.contact))
