"""The `backcare history` screen: every episode, oldest first."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console

from backcare.content import Content
from backcare.episode import Episode
from backcare.keeping import standing_signs
from backcare.language import _, number
from backcare.output import local
from backcare.render.dose_lines import dose_line
from backcare.render.movement_screen import session_line
from backcare.render.parts import bullet, heading, literal, note, person_note
from backcare.words import kind_word, level_word

SHOWN = {"applications": 10, "pain": 20, "doses": 20, "movement": 10}


def render_history(con: Console, episodes: Iterable[Episode], content: Content,
                   plain: bool) -> None:
    i = -1
    for i, e in enumerate(episodes):
        if e.ended_at:
            title = _("Episode {id}: onset {onset}, ended {ended}").format(
                id=e.id, onset=local(e.onset), ended=local(e.ended_at))
        else:
            title = _("Episode {id}: onset {onset}, open").format(id=e.id, onset=local(e.onset))
        heading(con, title, plain, gap=i > 0)
        signs = standing_signs(e.checks, e.seen)
        if signs is not None:
            first, refs = signs
            bullet(con, _("Standing finding ({level}), found {when}: {signs}").format(
                level=level_word(refs[0].level), when=local(first),
                signs=content.finding_signs([r.id for r in refs])), plain=plain)
        for check in sorted(e.checks, key=lambda c: c.assessed_at):
            text = _("{when} check: {level}").format(when=local(check.assessed_at),
                                                     level=level_word(check.level))
            bullet(con, _where(text, check.answers.where, content), plain=plain)
        for visit in e.seen:
            if visit.note:
                text = _("{when} seen by a clinician: {note}").format(
                    when=local(visit.at), note=person_note(visit.note))
            else:
                text = _("{when} seen by a clinician").format(when=local(visit.at))
            bullet(con, text, plain=plain)
        if e.applications:
            ice = sum(1 for a in e.applications if a.kind == "ice")
            bullet(con, _("{ice} ice and {heat} heat sessions").format(
                ice=ice, heat=len(e.applications) - ice), plain=plain)
            recent = sorted(e.applications, key=lambda a: a.at)[-SHOWN["applications"]:]
            for a in recent:
                bullet(con, _("{when} {kind} {minutes} min").format(
                    when=local(a.at), kind=kind_word(a.kind), minutes=number(a.minutes, 2)),
                    plain=plain)
            if len(e.applications) > len(recent):
                note(con, _("(the last {shown} of {total} sessions; 'backcare history --json' "
                             "has them all)").format(shown=len(recent),
                                                     total=len(e.applications)), plain)
        scores = sorted(e.pain, key=lambda p: p.at)[-SHOWN["pain"]:]
        for p in scores:
            if p.note:
                text = _("{when} pain {score}/10: {note}").format(
                    when=local(p.at), score=p.score, note=person_note(p.note))
            else:
                text = _("{when} pain {score}/10").format(when=local(p.at), score=p.score)
            bullet(con, _where(text, p.where, content), plain=plain)
        if len(e.pain) > len(scores):
            note(con, _("(the last {shown} of {total} pain scores; 'backcare history --json' "
                         "has them all)").format(shown=len(scores), total=len(e.pain)), plain)
        sessions = sorted(e.movement, key=lambda m: m.at)[-SHOWN["movement"]:]
        for session in sessions:
            bullet(con, session_line(session, content), plain=plain)
        if len(e.movement) > len(sessions):
            note(con, _("(the last {shown} of {total} movement sessions; 'backcare history "
                         "--json' has them all)").format(shown=len(sessions),
                                                         total=len(e.movement)), plain)
        doses = sorted(e.doses, key=lambda d: d.at)[-SHOWN["doses"]:]
        for d in doses:
            bullet(con, dose_line(d, content), plain=plain)
        if len(e.doses) > len(doses):
            note(con, _("(the last {shown} of {total} doses; 'backcare history --json' has "
                         "them all)").format(shown=len(doses), total=len(e.doses)), plain)
    if i < 0:
        con.print(literal(_("No episodes yet. Start one with 'backcare start'.")))


def _where(said: str, where: list[str], content: Content) -> str:
    """A line of the history with the places marked, where there are any."""
    if not where:
        return said
    return _("{said} (where it hurts: {places})").format(
        said=said, places="; ".join(content.region_labels(where)))
