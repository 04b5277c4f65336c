"""The `backcare history` screen: every episode, oldest first."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console

from backcare.episode import Episode
from backcare.keeping import standing_signs
from backcare.output import local
from backcare.render.common import bullet, heading, literal, note

SHOWN = {"applications": 10, "pain": 20}


def _more(con: Console, shown: int, total: int, what: str, plain: bool) -> None:
    if total > shown:
        note(con, f"(the last {shown} of {total} {what}; 'backcare history --json' has them all)",
             plain)


def render_history(con: Console, episodes: Iterable[Episode], plain: bool) -> None:
    i = -1
    for i, e in enumerate(episodes):
        ended = f", ended {local(e.ended_at)}" if e.ended_at else ", open"
        heading(con, f"Episode {e.id}: onset {local(e.onset)}{ended}", plain, gap=i > 0)
        signs = standing_signs(e.checks, e.seen)
        if signs is not None:
            first, refs = signs
            bullet(con, f"Standing finding ({refs[0].level}), found {local(first)}: "
                   + ", ".join(r.id for r in refs), plain=plain)
        for check in sorted(e.checks, key=lambda c: c.assessed_at):
            bullet(con, f"{local(check.assessed_at)} check: {check.level}", plain=plain)
        for visit in e.seen:
            note_text = f": {visit.note}" if visit.note else ""
            bullet(con, f"{local(visit.at)} seen by a clinician{note_text}", plain=plain)
        if e.applications:
            ice = sum(1 for a in e.applications if a.kind == "ice")
            bullet(con, f"{ice} ice and {len(e.applications) - ice} heat sessions", plain=plain)
            recent = sorted(e.applications, key=lambda a: a.at)[-SHOWN["applications"]:]
            for a in recent:
                bullet(con, f"{local(a.at)} {a.kind} {a.minutes:g} min", plain=plain)
            _more(con, len(recent), len(e.applications), "sessions", plain)
        scores = sorted(e.pain, key=lambda p: p.at)[-SHOWN["pain"]:]
        for p in scores:
            bullet(con, f"{local(p.at)} pain {p.score}/10" + (f": {p.note}" if p.note else ""),
                   plain=plain)
        _more(con, len(scores), len(e.pain), "pain scores", plain)
    if i < 0:
        con.print(literal("No episodes yet. Start one with 'backcare start'."))
