"""The `backcare status` screen: the window as a timeline, the pain as a chart."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from backcare.content import Content
from backcare.course import Status
from backcare.language import N_, _, ngettext, number
from backcare.output import local
from backcare.render.dose_lines import details, name_only_lines, standing_lines
from backcare.render.json_documents import NO_EPISODE
from backcare.render.movement_screen import session_line
from backcare.render.parts import (
    LEVEL_STYLE,
    PHASE_STYLE,
    banner,
    bullet,
    episode_age,
    heading,
    literal,
    person_note,
)
from backcare.render.result_screen import render_finding, render_safety_net
from backcare.window import hours_since, phase_at
from backcare.words import kind_word, trend_word

PHASE_WORDS = {"ice": N_("ice phase"), "transition": N_("switch window"),
               "heat": N_("heat phase")}
# Translators: the one-letter marks of an ice and a heat session on the timeline; the
# legend "I = ice session, H = heat session" names the same letters.
MARKS = {"ice": N_("I"), "heat": N_("H")}


def span(minutes: float) -> str:
    minutes = round(minutes)
    if minutes < 60:
        return _("{minutes} min").format(minutes=minutes)
    hours, rest = divmod(minutes, 60)
    if rest:
        return _("{hours} h {minutes} min").format(hours=hours, minutes=rest)
    return _("{hours} h").format(hours=hours)


def render_timeline(con: Console, current: Status, content: Content, plain: bool) -> None:
    if current.hours_since_onset is None:  # the start is not known: how to choose instead
        con.print(literal(current.window_note or ""))
        return
    hours_now = current.hours_since_onset
    w = content.window
    onset = current.episode.onset
    marks = [(hours_since(onset, a.at), a.kind) for a in current.episode.applications]
    if plain:
        con.print(literal(_(
            "Timeline: ice until hour {ice_until}, switch window until hour {heat_from}, heat "
            "after that. You are at hour {hour}.").format(
                ice_until=number(w.ice_until_hours, 2), heat_from=number(w.heat_from_hours, 2),
                hour=f"{hours_now:.0f}")))
        if marks:
            recent = marks[-8:]
            words = ", ".join(_("{kind} at hour {hour}").format(kind=kind_word(kind),
                                                                hour=f"{h:.0f}")
                              for h, kind in recent)
            if len(marks) > len(recent):
                con.print(literal(_("Sessions (last {shown} of {total}): {sessions}.").format(
                    shown=len(recent), total=len(marks), sessions=words)))
            else:
                con.print(literal(_("Sessions: {sessions}.").format(sessions=words)))
        return
    total = max(w.heat_from_hours * 1.5, hours_now * 1.1)
    width = max(20, min(con.width - 2, 64))
    per_col = total / width
    bar = Text()
    for col in range(width):
        bar.append("━", PHASE_STYLE[phase_at(col * per_col, w)])
    for hour, kind in marks:
        col = min(width - 1, int(hour / per_col))
        mark = _(MARKS["ice" if kind == "ice" else "heat"])[:1]  # one column of the bar
        bar = Text.assemble(bar[:col], (mark, f"bold reverse {PHASE_STYLE[kind]}"),
                            bar[col + 1:])
    here = min(width - 1, int(hours_now / per_col))
    you = _("you are here")
    pointer = Text(" " * here + "▲ " + you, "bold")
    if here + len(you) + 3 > width:
        pointer = Text(" " * max(0, here - len(you) - 2) + you + " ▲", "bold")
    labels = [" "] * width
    free = 0
    for hour in (0, w.ice_until_hours, w.heat_from_hours):
        col = min(width - 1, int(hour / per_col))
        text = _("{hours}h").format(hours=number(hour, 2))
        if col < free or col + len(text) > width:
            continue  # a long episode squeezes the early marks together: keep the first
        labels[col:col + len(text)] = text
        free = col + len(text) + 1
    con.print(literal("".join(labels), "dim"))
    con.print(bar)
    con.print(pointer)
    con.print(literal(_("I = ice session, H = heat session"), "dim"))


def render_pain_chart(con: Console, by_day: list[tuple[int, float]], plain: bool) -> None:
    shown = by_day[-14:]
    for day, average in shown:
        if plain:
            con.print(literal(_("Day {day}: {average} out of 10").format(
                day=day, average=number(average))))
            continue
        line = Text(_("Day {day}").format(day=f"{day:>3}") + " ")
        filled = round(average * 2)
        line.append("█" * filled, "red" if average >= 7 else "yellow" if average >= 4 else "green")
        line.append("·" * (20 - filled), "dim")
        line.append(" " + number(average))
        con.print(line)


def render_status(con: Console, current: Status | None, content: Content, plain: bool) -> None:
    if current is None:
        con.print(literal(_(NO_EPISODE)))
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
    if current.hours_since_onset is None or current.phase == "unknown":
        title = content.say("window-unknown", episode=episode.id)
    else:
        title = _("Episode {id}: {age}, {phase}").format(
            id=episode.id, age=episode_age(current.hours_since_onset),
            phase=_(PHASE_WORDS[current.phase]))
    rec = current.recommendation
    if episode.ended_at:
        body = _("This episode ended on {when}.").format(when=local(episode.ended_at))
    elif rec is None and current.ice_heat_advice is not None:
        body = current.ice_heat_advice.text
    elif rec is None:
        body = content.say("no-plan-emergency")
    else:
        body = ngettext(
            "{label} for {minutes} minute at a time (never more than {max_minutes}), {how}. "
            "{text}",
            "{label} for {minutes} minutes at a time (never more than {max_minutes}), {how}. "
            "{text}", rec.minutes).format(label=rec.label, minutes=rec.minutes,
                                          max_minutes=rec.max_minutes, how=rec.how,
                                          text=rec.text)
    banner(con, title, body, plain, PHASE_STYLE[current.phase])
    if current.next_application_at is not None:
        due = current.next_application_at
        wait = (due - current.now).total_seconds() / 60
        reminder = current.next_reminder_at
        again = reminder is not None and reminder != due
        if wait <= 0 and again:
            text = _("Next session: now; reminders start again at {reminder}")
        elif wait <= 0:
            text = _("Next session: now")
        elif again:
            text = _("Next session: {when} (in {wait}); reminders start again at {reminder}")
        else:
            text = _("Next session: {when} (in {wait})")
        bullet(con, text.format(when=local(due), wait=span(max(0.0, wait)),
                                reminder=local(reminder) if reminder is not None else ""),
               plain=plain)
    if current.last_application is not None:
        last = current.last_application
        ago = (current.now - last.at).total_seconds() / 60
        bullet(con, _("Last session: {kind} for {minutes} min on {when} ({ago} ago)").format(
            kind=kind_word(last.kind), minutes=number(last.minutes, 2), when=local(last.at),
            ago=span(ago)), plain=plain)
    elif rec is not None:
        first = "heat" if rec.kind == "heat" else "ice"
        bullet(con, _("No ice or heat recorded yet: 'backcare apply {kind}' records one.").format(
            kind=kind_word(first)), plain=plain)
    if current.hours_since_onset is not None or current.window_note:
        heading(con, _("Ice and heat timeline"), plain)
        render_timeline(con, current, content, plain)
    heading(con, _("Pain"), plain)
    if current.pain_latest is None:
        con.print(literal(_("No pain scores yet: 'backcare pain 6' records one.")))
    else:
        latest = current.pain_latest
        if current.pain_trend:
            said = _("Latest {score}/10 on {when}, {trend}.").format(
                score=latest.score, when=local(latest.at), trend=trend_word(current.pain_trend))
        else:
            said = _("Latest {score}/10 on {when}.").format(score=latest.score,
                                                             when=local(latest.at))
        con.print(literal(said))
        if latest.note:
            con.print(literal(_("Note: {note}").format(note=person_note(latest.note))))
    if current.where:
        con.print(literal(_("Where it hurts: {places}").format(
            places="; ".join(content.region_labels(current.where)))))
    if current.pain_latest is not None:
        render_pain_chart(con, current.pain_by_day, plain)
    if current.next_movement_at is not None or episode.movement or current.movement_paused:
        heading(con, _("Gentle movement"), plain)
        if current.movement_paused:
            con.print(literal(current.movement_paused, "" if plain else "bold"))
        last_move = max(episode.movement, key=lambda s: s.at, default=None)
        if last_move is not None:
            bullet(con, session_line(last_move, content), plain=plain)
        if current.next_movement_at is not None:
            due = current.next_movement_at
            bullet(con, _("Next session: now; 'backcare move' guides it") if due <= current.now
                   else _("Next session: {when}; 'backcare move' guides it").format(
                       when=local(due)), plain=plain)
    if current.doses or current.by_name_only:
        heading(con, _("Doses"), plain)
        for stand in current.doses:
            for line in [*standing_lines(stand, current.now, content), *details(stand)]:
                con.print(literal(line))
        for named in current.by_name_only:
            for line in name_only_lines(named, current.now, content):
                con.print(literal(line))
        con.print(literal(content.say("dose-keeps-count")))
    if current.cautions:
        heading(con, content.say("cautions-title"), plain)
        for item in current.cautions:
            bullet(con, item.text, plain=plain)
    for group in current.escalation.advanced_care:
        heading(con, group.title, plain)
        for a in group.items:
            bullet(con, _("{title}: {text}").format(title=a.title, text=a.text)
                   if a.title else a.text, plain=plain)
    render_safety_net(con, current.escalation.safety_net, content, False, plain)
    con.print()
    if current.screened:
        con.print(literal(current.escalation.recheck, "" if plain else "bold"))
    con.print(literal(routed.contact))
