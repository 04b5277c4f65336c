"""The handout as Markdown, self-contained HTML (inline CSS and SVG, no scripts) or JSON."""

from __future__ import annotations

import json
import re
from html import escape
from typing import TYPE_CHECKING, Any

from backcare import language
from backcare.content import Content
from backcare.episode import NOTE_LIMIT
from backcare.handout import Handout
from backcare.language import N_, _, ngettext, number
from backcare.output import local, printable
from backcare.records import plain
from backcare.render.back_map import svg_back_map
from backcare.render.dose_lines import dose_line
from backcare.render.json_documents import (
    application_payload,
    assessment_payload,
    clinic_payload,
    dose_payload,
    finding_payload,
    group_payload,
    item_payload,
    movement_payload,
    pain_payload,
    safety_net_payload,
    triage_payload,
)
from backcare.render.movement_screen import session_line
from backcare.words import kind_word

if TYPE_CHECKING:
    from datetime import datetime

REPORT_SCHEMA = "backcare.report/1"
FORMATS = ("md", "html", "json")
TITLE = N_("Back spasm self-care summary")
LEVEL_COLOUR = {"emergency": "#b00020", "urgent": "#c0392b", "soon": "#b8860b",
                "self-care": "#2e7d32"}
PHASE_COLOUR = {"ice": "#cfe8fc", "transition": "#ead7f5", "heat": "#fde0cf"}
MAX_LISTED = 12
MAX_MOVEMENT = 2
"""Movement sessions a printed handout lists, the latest: it must fit on two pages."""
NO_CHECK = N_("No check has been saved for this episode, so there is no home-care advice "
              "here and backcare cannot say whether home care fits: run 'backcare check "
              "--save'.")
MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")


def _md(text: str) -> str:
    """A person's or a clinic's text as Markdown that shows it literally, on one line."""
    return MD_SPECIAL.sub(r"\\\1", printable(text).replace("\n", " "))


NOTE_CHARS = 160
"""The most of a pain score's note a page shows; the clinician's visit shows up to
NOTE_LIMIT, all a person can type."""


def _short(note: str, limit: int = NOTE_CHARS) -> str:
    """A note shortened for the page; the JSON report keeps every word."""
    return note if len(note) <= limit else note[:limit - 1].rstrip() + "…"


def _warnings(h: Handout) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for a in h.applications:
        for w in a.warnings:
            counts[w] = counts.get(w, 0) + 1
    return list(counts.items())


def _session(hour: float, at: datetime, kind: str, minutes: float) -> str:
    """One session in the list: 'hour 30 (Sat 07 Mar 14:30): ice, 15 min'."""
    return _("hour {hour} ({when}): {kind}, {minutes} min").format(
        hour=f"{hour:.0f}", when=local(at), kind=kind_word(kind), minutes=number(minutes, 2))


def _sessions(h: Handout) -> list[str]:
    """The latest sessions, each with its hour since the onset; where the onset is not
    known, with its time alone, as `history` lists them."""
    recent = h.applications[-MAX_LISTED:]
    if len(h.application_hours) != len(h.applications):
        return [_("{when} {kind} {minutes} min").format(
            when=local(a.at), kind=kind_word(a.kind), minutes=number(a.minutes, 2))
            for a in recent]
    return [_session(hr, a.at, a.kind, a.minutes)
            for hr, a in zip(h.application_hours[-MAX_LISTED:], recent, strict=True)]


def _times(warning: str, n: int) -> str:
    """A warning and how often it was given: 'too long (2 times)'."""
    return ngettext("{warning} ({n} time)", "{warning} ({n} times)", n).format(warning=warning,
                                                                              n=n)


def _facts(h: Handout, content: Content) -> list[tuple[str, str]]:
    facts = []
    if h.finding is not None:
        facts.append((_("Warning sign found"), f"{local(h.finding.found_at)}: "
                      + content.finding_signs([r.id for r in h.finding.reasons])))
    if h.seen_at is not None:
        facts.append((_("Seen by a clinician"), local(h.seen_at)
                      + (f": {_short(h.seen_note, NOTE_LIMIT)}" if h.seen_note else "")))
    if h.episode_id is not None:
        facts.append((_("Episode"), str(h.episode_id)))
    if h.onset:
        facts.append((_("Onset"), local(h.onset)))
    if h.ended_at:
        facts.append((_("Ended"), local(h.ended_at)))
    return facts + h.facts


def to_json(h: Handout, content: Content) -> dict[str, Any]:
    return {
        "schema": REPORT_SCHEMA,
        "lang": language.current().lang,
        "generated_at": h.generated_at.isoformat(),
        "episode": h.episode_id,
        "onset": h.onset.isoformat() if h.onset else None,
        "ended_at": h.ended_at.isoformat() if h.ended_at else None,
        "triage": triage_payload(h.triage) if h.triage else None,
        "window": plain(h.window) if h.window else None,
        "assessment": assessment_payload(h.assessment) if h.assessment else None,
        "advice": [group_payload(g) for g in h.advice],
        "cautions": [item_payload(c) for c in h.cautions],
        "safety_net": safety_net_payload(h.safety_net),
        "standing_finding": finding_payload(h.finding),
        "seen_at": h.seen_at.isoformat() if h.seen_at else None,
        "applications": [application_payload(a) for a in h.applications],
        "doses": [dose_payload(d, content) for d in h.doses],
        "where": h.where,
        "movement": [movement_payload(m) for m in h.movement],
        "pain": {
            "entries": [pain_payload(p) for p in h.pain],
            "by_day": [{"day": d, "average": avg} for d, avg in h.pain_by_day],
            "trend": h.pain_trend,
        },
        "clinic": clinic_payload(content),
    }


def to_markdown(h: Handout, content: Content) -> str:
    clinic = content.clinic
    out = ["# " + _(TITLE), "",
           _("{clinic}, {phone}. Made by backcare on {when}.").format(
               clinic=_md(clinic.name), phone=_md(clinic.phone), when=local(h.generated_at)),
           ""]
    if h.triage:
        out += [f"## {_md(h.triage.banner)}", "", _md(h.triage.action), ""]
        out += [f"- {_md(r.text)}" for r in h.triage.reasons]
        out.append("")
    if h.assessment is None:
        out += [_md(_(NO_CHECK)), ""]
    out += ["## " + _("Summary"), ""]
    out += [f"- **{k}:** {_md(v)}" for k, v in _facts(h, content)]
    out.append("")
    if h.where:
        out += ["## " + _("Where it hurts"), ""]
        out += [f"- {_md(place)}" for place in _places(h, content)]
        out.append("")
    if h.applications:
        out += ["## " + _("Ice and heat"), ""]
        listed = _sessions(h)
        if len(h.applications) > len(listed):
            out.append(_("The last {shown} of {total} sessions:").format(
                shown=len(listed), total=len(h.applications)))
            out.append("")
        out += ["- " + line for line in listed]
        warned = _warnings(h)
        if warned:
            out += ["", _("Warnings backcare gave when these were recorded:"), ""]
            out += ["- " + _times(_md(w), n) for w, n in warned]
        out.append("")
    if h.pain_by_day:
        out += ["## " + _("Pain by day"), ""]
        out += ["- " + _("Day {day}: {bar} {average}/10").format(
                    day=d, bar="#" * round(avg), average=number(avg))
                for d, avg in h.pain_by_day]
        out.append("")
    if h.notes:
        out += [_("Notes:"), ""] + [f"- {local(p.at)}: {_md(_short(p.note))}"
                                    for p in h.notes] + [""]
    if h.movement:
        out += ["## " + _("Gentle movement"), ""]
        out += ["- " + _md(session_line(m, content)) for m in h.movement[-MAX_LISTED:]]
        out.append("")
    if h.doses:
        out += ["## " + _("Doses"), ""]
        out += ["- " + _md(_short(dose_line(d, content))) for d in h.doses]
        out += ["", _md(content.say("dose-keeps-count")), ""]
    for group in h.advice:
        out += [f"## {_md(group.title)}", ""]
        out += [f"- **{_md(i.title)}:** {_md(i.text)}" if i.title else f"- {_md(i.text)}"
                for i in group.items]
        out.append("")
    if h.cautions:
        out += ["## " + _("Cautions"), ""]
        out += [f"- {_md(c.text)}" for c in h.cautions]
        out.append("")
    if h.safety_net:
        out += [f"## {_md(content.say('safety-net-title'))}", ""]
        out += [f"- {_md(n.text)}" for n in h.safety_net]
        out.append("")
    out += ["---", "", _md(h.triage.contact if h.triage else clinic.fill(clinic.contact)), ""]
    return "\n".join(out)


def _places(h: Handout, content: Content) -> list[str]:
    """Each place marked, with the back muscles there."""
    names = {m.id: m.label for m in content.muscles}
    said = []
    for region in content.regions:
        if region.id not in h.where:
            continue
        muscles = ", ".join(names[m] for m in region.muscles if m in names)
        said.append(_("{place} ({muscles})").format(place=region.label, muscles=muscles)
                    if muscles else region.label)
    return said


def _svg_timeline(h: Handout) -> str:
    if h.window is None:
        return ""
    ice, heat = h.phase_bounds
    span = max(heat * 1.5, h.window.hours_since_onset * 1.05, 1.0)
    width, height = 640, 56

    def x(hour: float) -> float:
        return round(min(hour, span) / span * width, 1)

    label = escape(_("Ice and heat timeline"))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 {width} '
             f'{height}" role="img" aria-label="{label}">']
    for start, end, phase in ((0, ice, "ice"), (ice, heat, "transition"), (heat, span, "heat")):
        parts.append(f'<rect x="{x(start)}" y="8" width="{x(end) - x(start)}" height="22" '
                     f'fill="{PHASE_COLOUR[phase]}"/>')
    for hour, a in zip(h.application_hours, h.applications, strict=True):
        colour = "#1565c0" if a.kind == "ice" else "#c62828"
        parts.append(f'<rect x="{x(hour)}" y="8" width="3" height="22" fill="{colour}"/>')
    here = x(h.window.hours_since_onset)
    parts.append(f'<polygon points="{here - 6},44 {here + 6},44 {here},32" fill="#000"/>')
    for hour in (0, ice, heat):
        label = escape(_("{hours} h").format(hours=number(hour, 2)))
        parts.append(f'<text x="{x(hour) + 2}" y="54" font-size="10">{label}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _pain_table(days: list[tuple[int, float]], label: str) -> str:
    """The chart's numbers as a table, which a screen reader reads (the image it cannot);
    hidden from sight only, so the printed handout keeps its length."""
    day_word, average = escape(_("Day")), escape(_("Average pain, 0 to 10"))
    rows = "".join('<tr><th scope="row">' + escape(_("Day {day}").format(day=day))
                   + f"</th><td>{escape(number(avg))}</td></tr>" for day, avg in days)
    return (f'<table class="pain-table"><caption>{label}</caption><thead><tr>'
            f'<th scope="col">{day_word}</th><th scope="col">{average}</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>")


def _svg_pain(h: Handout) -> str:
    if not h.pain_by_day:
        return ""
    days = h.pain_by_day[-21:]
    bar, gap, height = 22, 8, 120
    width = len(days) * (bar + gap) + 30
    label = escape(_("Pain by day"))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{min(width, 640)}" '
             f'viewBox="0 -14 {width} {height + 44}" aria-hidden="true">']
    parts.append(f'<line x1="24" y1="{height}" x2="{width}" y2="{height}" stroke="#444"/>')
    for tick in (0, 5, 10):
        y = height - tick * height / 10
        parts.append(f'<text x="0" y="{y + 4}" font-size="10">{tick}</text>')
    for i, (day, avg) in enumerate(days):
        bx = 30 + i * (bar + gap)
        bh = avg * height / 10
        colour = "#c62828" if avg >= 7 else "#f9a825" if avg >= 4 else "#2e7d32"
        parts.append(f'<rect x="{bx}" y="{height - bh}" width="{bar}" height="{bh}" '
                     f'fill="{colour}"/>')
        # Translators: the short label of day {day} under a bar of the pain chart
        short = _("D{day}").format(day=day)
        parts.append(f'<text x="{bx}" y="{height + 14}" font-size="10">{escape(short)}</text>')
        parts.append(f'<text x="{bx}" y="{height - bh - 3}" font-size="10">'
                     f"{escape(number(avg))}</text>")
    parts.append("</svg>")
    return "".join(parts) + _pain_table(days, label)


CSS = """
@page { margin: 10mm; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 9.5pt; color: #111;
       max-width: 46em; margin: 0 auto; line-height: 1.25; }
h1 { font-size: 16pt; margin: 0 0 2pt; }
h2 { font-size: 12pt; margin: 9pt 0 3pt; border-bottom: 1px solid #999; }
.clinic { margin: 0 0 8pt; }
.banner { border: 2px solid; padding: 6pt 8pt; margin: 8pt 0; page-break-inside: avoid; }
.banner strong { display: block; font-size: 12pt; }
ul { margin: 2pt 0; padding-left: 16pt; }
ul.notes { columns: 2; column-gap: 16pt; }
li { margin: 1pt 0; }
dl { display: grid; grid-template-columns: max-content auto; gap: 1pt 10pt; margin: 0; }
dt { font-weight: bold; }
dd { margin: 0; }
h2 { break-after: avoid; page-break-after: avoid; }
li, dt, dd, svg { break-inside: avoid; page-break-inside: avoid; }
footer { margin-top: 8pt; border-top: 1px solid #999; padding-top: 4pt; font-size: 9.5pt; }
section > svg ~ ul { columns: 2; column-gap: 16pt; }
table.pain-table { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
.care { columns: 2; column-gap: 14pt; }
div.summary { display: flex; gap: 12pt; align-items: flex-start; }
div.summary dl { flex: 1; }
section.map { flex: none; width: 20em; break-inside: avoid; }
section.map ul { columns: 1; }
section.map h3 { font-size: 10pt; margin: 0 0 2pt; }
section.map svg { width: 100%; height: auto; }
.care h2:first-child { margin-top: 0; }
@media print { body { max-width: none; } }
"""


def _h2(text: str) -> str:
    return f"<h2>{escape(text)}</h2>"


def _p(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def to_html(h: Handout, content: Content) -> str:
    e = escape
    clinic = content.clinic
    title = _(TITLE)
    made = _("made by backcare on {when}").format(when=local(h.generated_at))
    body = [f"<h1>{e(title)}</h1>",
            f'<p class="clinic">{e(clinic.name)} &middot; {e(clinic.phone)} &middot; '
            f"{e(made)}</p>"]
    if h.triage:
        t = h.triage
        colour = LEVEL_COLOUR[t.level]
        reasons = "".join(f"<li>{e(r.text)}</li>" for r in t.reasons)
        body.append(f'<div class="banner" style="border-color:{colour}">'
                    f'<strong style="color:{colour}">{e(t.banner)}</strong>{e(t.action)}'
                    + (f"<ul>{reasons}</ul>" if reasons else "") + "</div>")
    if h.assessment is None:
        no_check = _(NO_CHECK)
        body.append(f'<div class="banner">{e(no_check)}</div>')
    facts = "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in _facts(h, content))
    where = ""
    if h.where:  # beside the summary, so that the map costs the printed page no height
        places = "".join(f"<li>{e(place)}</li>" for place in _places(h, content))
        where = ('<section class="map">' + f"<h3>{e(_('Where it hurts'))}</h3>"
                 + svg_back_map(content, h.where, _("Back map: the places marked are "
                                                    "filled in"))
                 + f"<ul>{places}</ul></section>")
    body.append("<section>" + _h2(_("Summary")) + f'<div class="summary"><dl>{facts}</dl>'
                + where + "</div></section>")
    if h.window or h.applications:
        listed = _sessions(h)
        items = "".join(f"<li>{e(line)}</li>" for line in listed)
        warned = "".join(f"<li>{e(_times(w, n))}</li>" for w, n in _warnings(h))
        if warned:
            items += "</ul>" + _p(_("Warnings given when these were recorded:")) + "<ul>" + warned
        more = (_p(_("The last {shown} of {total} sessions.").format(
                    shown=len(listed), total=len(h.applications)))
                if len(h.applications) > len(listed) else "")
        key = _p(_("Pale blue: ice; lilac: switch window; peach: heat. Dark marks are sessions "
                   "(blue ice, red heat); the triangle is now.")) if h.window else ""
        body.append("<section>" + _h2(_("Ice and heat")) + _svg_timeline(h) + key
                    + more + (f"<ul>{items}</ul>" if items else "") + "</section>")
    if h.pain_by_day or h.notes:
        notes = "".join(f"<li>{e(local(p.at))}: {e(printable(_short(p.note)))}</li>"
                        for p in h.notes)
        noted = _p(_("Notes:")) + f'<ul class="notes">{notes}</ul>' if notes else ""
        body.append("<section>" + _h2(_("Pain by day")) + f"{_svg_pain(h)}{noted}</section>")
    moves = ""
    if h.movement:  # the latest few, in the columns: the printed handout stays at two pages
        shown = h.movement[-MAX_MOVEMENT:]
        items = "".join(f"<li>{e(session_line(m, content))}</li>" for m in shown)
        named = ngettext("Gentle movement: {total} session", "Gentle movement: {total} sessions",
                         len(h.movement)).format(total=len(h.movement))
        moves = f"<section><h2>{e(named)}</h2><ul>{items}</ul></section>"
    if h.doses:
        items = "".join(f"<li>{e(_short(dose_line(d, content)))}</li>" for d in h.doses)
        body.append("<section>" + _h2(_("Doses")) + f"<ul>{items}</ul>"
                    + _p(content.say("dose-keeps-count")) + "</section>")
    care = [moves] if moves else []
    for group in h.advice:
        items = "".join(
            f"<li><b>{e(i.title)}:</b> {e(i.text)}</li>" if i.title else f"<li>{e(i.text)}</li>"
            for i in group.items)
        care.append(f"<section><h2>{e(group.title)}</h2><ul>{items}</ul></section>")
    if h.cautions:
        items = "".join(f"<li>{e(c.text)}</li>" for c in h.cautions)
        care.append("<section>" + _h2(_("Cautions")) + f"<ul>{items}</ul></section>")
    if care:
        body.append('<div class="care">' + "".join(care) + "</div>")
    if h.safety_net:
        items = "".join(f"<li>{e(n.text)}</li>" for n in h.safety_net)
        body.append(f'<section class="net"><h2>{e(content.say("safety-net-title"))}</h2>'
                    f"<ul>{items}</ul></section>")
    contact = h.triage.contact if h.triage else clinic.fill(clinic.contact)
    body.append(f"<footer>{e(contact)}</footer>")
    return (f'<!DOCTYPE html>\n<html lang="{e(language.current().lang)}"><head>'
            '<meta charset="utf-8">'
            f"<title>{e(title)}</title><style>{CSS}</style></head><body>"
            + "\n".join(body) + "</body></html>\n")


def render(h: Handout, content: Content, fmt: str) -> str:
    if fmt == "html":
        return to_html(h, content)
    if fmt == "json":
        return json.dumps(to_json(h, content), indent=2, ensure_ascii=False) + "\n"
    return to_markdown(h, content)
