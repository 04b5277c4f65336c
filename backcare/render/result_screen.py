"""The result screen of `backcare check`, for people and for screen readers."""

from __future__ import annotations

from rich.console import Console

from backcare.assessment import Assessment, Finding, SafetyLine, because_said
from backcare.content import Content
from backcare.language import _
from backcare.output import local
from backcare.render.parts import (
    LEVEL_STYLE,
    banner,
    bullet,
    heading,
    literal,
    since_onset,
)


def _why(because: str, source: str, content: Content, explain: bool) -> str:
    if not explain:
        return ""

    return _("why: {because}; source: {source}").format(because=because_said(because),
                                                       source=content.source_title(source))


def render_safety_net(con: Console, lines: list[SafetyLine], content: Content, explain: bool,
                      plain: bool) -> None:
    if not lines:
        return
    heading(con, content.say("safety-net-title"), plain)
    for line in lines:
        detail = (_("source: {source}").format(source=content.source_title(line.source))
                  if explain else "")
        bullet(con, line.text, detail, plain)


def render_finding(con: Console, finding: Finding, content: Content, plain: bool) -> None:
    """A warning sign found earlier in the episode: what, when, and how to record `seen`."""
    signs = content.finding_signs([r.id for r in finding.reasons])
    con.print(literal(content.say("finding-earlier", when=local(finding.found_at), signs=signs),
                      "" if plain else "bold"))


def render_assessment(
    con: Console, result: Assessment, content: Content, explain: bool, plain: bool
) -> None:
    triage = result.triage
    banner(con, triage.banner, triage.action, plain, LEVEL_STYLE[triage.level])
    if result.finding is not None:
        con.print()
        render_finding(con, result.finding, content, plain)
    if triage.reasons:
        heading(con, _("Why"), plain)
        for reason in triage.reasons:
            bullet(con, reason.text, _why(reason.because, reason.source, content, explain), plain)
    for note in result.notes:
        con.print()
        con.print(literal(note, "" if plain else "bold"))
    if result.where:
        heading(con, _("Where it hurts"), plain)
        con.print(literal("; ".join(content.region_labels(result.where))))
    if result.window:
        heading(con, content.say("since-title"), plain)
        said = content.onset_said(result.answers.onset_range)
        con.print(literal(said or since_onset(result.window.hours_since_onset)))
    for group in result.advice:
        heading(con, group.title, plain)
        for item in group.items:
            text = (_("{title}: {text}").format(title=item.title, text=item.text)
                    if item.title else item.text)
            bullet(con, text, _why(item.because, item.source, content, explain), plain)
    if result.cautions:
        heading(con, _("Cautions"), plain)
        for item in result.cautions:
            bullet(con, item.text, _why(item.because, item.source, content, explain), plain)
    render_safety_net(con, result.safety_net, content, explain, plain)
    if triage.contact:
        con.print()
        con.print(literal(triage.contact, "" if plain else "bold"))
