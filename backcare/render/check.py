"""The result screen of `backcare check`, for people and for screen readers."""

from __future__ import annotations

from rich.console import Console

from backcare.assessment import Assessment, Item
from backcare.content import Content
from backcare.render.common import banner, bullet, heading, literal, since_onset


def _detail(item: Item, content: Content, explain: bool) -> str:
    if not explain:
        return ""
    return f"why: {item.because}; source: {content.source_title(item.source)}"


def render_assessment(
    con: Console, result: Assessment, content: Content, explain: bool, plain: bool
) -> None:
    triage = result.triage
    banner(con, triage.level, triage.banner, triage.action, plain)
    if triage.reasons:
        heading(con, "Why", plain)
        for reason in triage.reasons:
            detail = ""
            if explain:
                detail = (f"because of {reason.because}; "
                          f"source: {content.source_title(reason.source)}")
            bullet(con, reason.text, detail, plain)
    if result.window:
        phase = content.phase_text(result.window.phase)
        heading(con, f"Ice and heat: {phase.title}", plain)
        con.print(literal(f"{since_onset(result.window.hours_since_onset)}. "
                          f"{phase.text}"))
        if explain:
            con.print(literal(f"  source: {content.source_title(phase.source)}",
                              "" if plain else "dim"))
    for group in result.advice:
        heading(con, group.title, plain)
        for item in group.items:
            text = f"{item.title}: {item.text}" if item.title else item.text
            bullet(con, text, _detail(item, content, explain), plain)
    if result.cautions:
        heading(con, "Cautions", plain)
        for item in result.cautions:
            bullet(con, item.text, _detail(item, content, explain), plain)
    if triage.contact:
        con.print()
        con.print(literal(triage.contact, "" if plain else "bold"))
