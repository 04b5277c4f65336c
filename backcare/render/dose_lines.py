"""The dose log in words: where each medicine stands, for `dose`, `doses`, `status`,
`history` and the handout. backcare keeps count; it does not prescribe."""

from __future__ import annotations

from typing import TYPE_CHECKING

from backcare.language import _
from backcare.medication import medicine_named, mg_said, standings
from backcare.output import local, printable

if TYPE_CHECKING:
    from datetime import datetime

    from backcare.assessment import Answers
    from backcare.content import Content
    from backcare.episode import Dose, Episode
    from backcare.medication import Standing


def standing_lines(stand: Standing, now: datetime, content: Content) -> list[str]:
    """The 24-hour total against the person's limit, and when the label allows the next
    dose; no figure where their cautions give none."""
    name = stand.medicine.name
    if stand.max_daily_mg is None:
        lines = [content.say("dose-total-avoid" if stand.limits.avoid
                             else "dose-total-no-figure", medicine=name,
                             total=mg_said(stand.total_mg))]
    else:
        lines = [content.say("dose-total", medicine=name, total=mg_said(stand.total_mg),
                             max=mg_said(stand.max_daily_mg))]
    warnings = []
    if stand.child_dose:  # an adult's dose for a person whose cautions rule one out
        warnings.append(content.say("dose-not-adult", mg=mg_said(stand.one_time_mg),
                                    medicine=name))
    if stand.over_dose:  # over what the label allows any adult at one time
        warnings.append(content.say("dose-over-per-dose", mg=mg_said(stand.one_time_mg),
                                    medicine=name, max=mg_said(stand.medicine.per_dose_max_mg))
                        if stand.limits.applies else
                        content.say("dose-over-per-dose-no-figure", medicine=name))
    if stand.over_daily:  # over what the label allows any adult in 24 hours
        warnings.append(
            (content.say("dose-over-daily", total=mg_said(stand.day_mg), medicine=name,
                         max=mg_said(stand.medicine.max_daily_mg))
             if stand.day_end in (None, now) else
             content.say("dose-over-daily-until", total=mg_said(stand.day_mg), medicine=name,
                         max=mg_said(stand.medicine.max_daily_mg),
                         when=local(stand.day_end)))
            if stand.limits.applies else
                        content.say("dose-over-daily-no-figure", medicine=name))
    if stand.over_dose or stand.over_daily:  # its instruction, at once
        warnings.append(content.say(stand.medicine.overdose))
    if warnings:
        return [*lines, *(_("Warning: {warning}").format(warning=w) for w in warnings)]
    if stand.max_daily_mg is None:
        return lines
    if stand.next_at is not None and stand.next_at > now:
        lines.append(content.say("dose-next", when=local(stand.next_at)))
    elif stand.last is not None:
        lines.append(content.say("dose-next-now"))
    return lines


def log_note(episode: Episode, now: datetime, content: Content,
             answers: Answers | None = None, earlier: list[Dose] | None = None
             ) -> str | None:
    """For the check's pain relief: what the episode's dose log has in the last 24 hours,
    and whether the label allows more now; None with no dose in that time."""
    recent = [s for s in standings(episode, content, now, answers, earlier)
              if s.total_mg > 0]
    if not recent:
        return None
    return content.say("dose-check-note", taken=" ".join(
        line for s in recent for line in standing_lines(s, now, content)))


def details(stand: Standing) -> list[str]:
    """The last dose and the days of use."""
    lines = []
    if stand.last is not None:
        lines.append(_("- Last dose: {mg} mg on {when}.").format(
            mg=mg_said(stand.last.mg), when=local(stand.last.at)))
    if stand.max_days is None:  # the label's figure is not the person's
        lines.append(_("- Days used: {days}.").format(days=stand.days))
    else:
        lines.append(_("- Days used: {days} (the label: ask a doctor after {max_days})."
                       ).format(days=stand.days, max_days=stand.max_days))
    return lines


def dose_line(dose: Dose, content: Content) -> str:
    """One dose as a list shows it: '400 mg of ibuprofen on Fri 20 Nov 08:00 (night dose)'."""
    said = _("{mg} mg of {medicine} on {when}").format(
        mg=mg_said(dose.mg), medicine=medicine_named(content, dose.medicine),
        when=local(dose.at))
    return (_("{dose} ({note})").format(dose=said, note=printable(dose.note)) if dose.note
            else said)
