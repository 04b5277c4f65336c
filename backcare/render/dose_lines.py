"""The dose log in words: where each medicine stands, for `dose`, `doses`, `status`,
`history` and the handout. backcare keeps count; it does not prescribe."""

from __future__ import annotations

from typing import TYPE_CHECKING

from backcare.language import _, number
from backcare.medication import (
    ONE_NSAID,
    by_name_only,
    far_above,
    medicine_named,
    mg_said,
    standings,
)
from backcare.output import local, printable

if TYPE_CHECKING:
    from datetime import datetime

    from backcare.assessment import Answers
    from backcare.content import Content
    from backcare.episode import Dose, Episode
    from backcare.medication import NameOnly, Standing


def standing_lines(stand: Standing, now: datetime, content: Content) -> list[str]:
    """The 24-hour total against the person's limit, any warning with what to do, and
    otherwise when the label allows the next dose; no figure where their cautions give
    none."""
    name = stand.medicine.name
    if stand.max_daily_mg is None:
        lines = [content.say("dose-total-avoid" if stand.limits.avoid
                             else "dose-total-no-figure", medicine=name,
                             total=mg_said(stand.total_mg))]
    else:
        lines = [content.say("dose-total", medicine=name, total=mg_said(stand.total_mg),
                             max=mg_said(stand.max_daily_mg))]
    warnings = warning_lines(stand, now, content)
    if warnings:
        return [*lines, *(_("Warning: {warning}").format(warning=w) for w in warnings)]
    if stand.max_daily_mg is None:
        return lines
    if stand.next_at is not None and stand.next_at > now and stand.held_by is not None:
        lines.append(content.say("dose-next-other", when=local(stand.next_at),
                                 other=medicine_named(content, stand.held_by.medicine),
                                 at=local(stand.held_by.at)))
    elif stand.next_at is not None and stand.next_at > now:
        lines.append(content.say("dose-next", when=local(stand.next_at)))
    elif stand.last is not None:
        lines.append(content.say("dose-next-now"))
    return lines


def warning_lines(stand: Standing, now: datetime, content: Content) -> list[str]:
    """What is over a limit or against a caution, then what to do about it, then another
    NSAID taken with it."""
    name, medicine = stand.medicine.name, stand.medicine
    warnings = []
    if stand.ruled_out:
        warnings.append(content.say("dose-ruled-out-taken", medicine=name))
    if stand.child_dose and stand.child_dose_mg is None:
        warnings.append(content.say("dose-child-no-dose", medicine=name))
    elif stand.child_dose:
        warnings.append(content.say("dose-child-over-dose", mg=mg_said(stand.one_time.mg),
                                    medicine=name, age=stand.age,
                                    dose=mg_said(stand.child_dose_mg or 0)))
    if stand.child_count:
        warnings.append(content.say("dose-child-over-daily", medicine=name,
                                    total=mg_said(stand.day_mg), count=stand.child_doses,
                                    max=medicine.child_max_doses))
    if stand.over_dose:
        warnings.append(one_time_line(stand, content))
    if stand.over_daily and not stand.limits.applies:
        warnings.append(content.say("dose-over-daily-no-figure", medicine=name))
    elif stand.over_daily and (stand.day_end is None or stand.day_end == now):
        warnings.append(content.say("dose-over-daily", total=mg_said(stand.day_mg),
                                    medicine=name, max=mg_said(medicine.max_daily_mg)))
    elif stand.over_daily and stand.day_end is not None:
        warnings.append(content.say("dose-over-daily-until", total=mg_said(stand.day_mg),
                                    medicine=name, max=mg_said(medicine.max_daily_mg),
                                    when=local(stand.day_end)))
    if stand.at_lower_limit:
        warnings.append(content.say("dose-at-lower-limit", total=mg_said(stand.day_mg),
                                    medicine=name))
    if stand.over_daily or stand.child_count or far_above(stand.one_time.mg, medicine):
        warnings.append(content.say(medicine.overdose))  # the label's instruction, at once
    elif stand.over_dose:
        warnings.append(content.say(medicine.per_dose_overdose))
    if stand.other_nsaid is not None:
        warnings.append(content.say("dose-other-nsaid", other=medicine_named(
            content, stand.other_nsaid.medicine), when=local(stand.other_nsaid.at)))
        warnings += [content.fill(c.text) for c in content.cautions if c.id == ONE_NSAID]
    return warnings


def one_time_line(stand: Standing, content: Content) -> str:
    """Doses close together over the label's most a dose, or in its window: '600 mg of
    ibuprofen at one time', or taken in doses closer than the shortest interval."""
    name, medicine, one = stand.medicine.name, stand.medicine, stand.one_time
    if not stand.limits.applies:
        return content.say("dose-over-per-dose-no-figure", medicine=name)
    if one.window:
        return content.say("dose-over-window", mg=mg_said(one.mg), medicine=name,
                           max=mg_said(one.limit), hours=number(medicine.window_hours or 0))
    said = (content.say("dose-over-per-dose", mg=mg_said(one.mg), medicine=name,
                        max=mg_said(one.limit)) if one.hours == 0 else
            content.say("dose-over-per-dose-within", mg=mg_said(one.mg), medicine=name,
                        max=mg_said(one.limit), interval=number(medicine.interval_hours)))
    if medicine.first_dose_max_mg is not None and one.limit < medicine.first_dose_max_mg:
        said += " " + content.say("dose-first-only", first=mg_said(
            medicine.first_dose_max_mg), minutes=medicine.first_dose_minutes,
            max=mg_said(medicine.per_dose_max_mg))
    return said


def name_only_lines(name_only: NameOnly, now: datetime, content: Content) -> list[str]:
    """A medicine backcare keeps no figures for: not to take more where a caution rules it
    out, else to ask the pharmacist; and another NSAID beside it."""
    name = name_only.medicine.name
    if not name_only.limits.avoid and not name_only.label_overdose:
        lines = [content.say("dose-not-counted", medicine=name)]
    elif not name_only.limits.avoid:  # far too much: which medicine, and how much
        lines = [content.say("dose-total-only", medicine=name,
                             total=mg_said(name_only.total_mg))]
    else:
        lines = [content.say("dose-total-avoid", medicine=name,
                             total=mg_said(name_only.total_mg))]
        if name_only.ruled_out:
            lines.append(_("Warning: {warning}").format(warning=content.say(
                "dose-ruled-out-taken", medicine=name)))
    if name_only.label_overdose:
        lines.append(_("Warning: {warning}").format(warning=content.say("dose-overdose")))
    if name_only.other_nsaid is not None:
        lines.append(_("Warning: {warning}").format(warning=content.say(
            "dose-other-nsaid", other=medicine_named(content, name_only.other_nsaid.medicine),
            when=local(name_only.other_nsaid.at))))
        lines += [_("Warning: {warning}").format(warning=content.fill(c.text))
                  for c in content.cautions if c.id == ONE_NSAID]
    return lines


def log_note(episode: Episode, now: datetime, content: Content,
             answers: Answers | None = None, earlier: list[Dose] | None = None
             ) -> str | None:
    """For the check's pain relief: what the episode's dose log has in the last 24 hours,
    and whether the label allows more now; None with no dose in that time."""
    recent = [s for s in standings(episode, content, now, answers, earlier)
              if s.total_mg > 0 or s.warned]
    named = [n for n in by_name_only(episode, content, now, answers, earlier)
             if n.total_mg > 0]
    if not recent and not named:
        return None
    return content.say("dose-check-note", taken=" ".join(dict.fromkeys([
        *(line for s in recent for line in standing_lines(s, now, content)),
        *(line for n in named for line in name_only_lines(n, now, content))])))


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


def doses_lines(episode: Episode, found: list[Standing], named: list[NameOnly],
                now: datetime, content: Content) -> list[str]:
    """Each medicine's 24-hour total, its last dose, the next dose the label allows and the
    days of use; then that backcare keeps count and does not prescribe."""
    lines = [_("Doses in episode {episode}:").format(episode=episode.id)]
    for stand in found:
        lines += standing_lines(stand, now, content) + details(stand)
    for name_only in named:
        lines += name_only_lines(name_only, now, content)
    known = {m.id for m in [*content.medicines, *content.uncounted]}
    for unknown in dict.fromkeys(d.medicine for d in episode.doses if d.medicine not in known):
        lines.append(content.say("dose-unknown-medicine", medicine=printable(unknown)))
    lines.append(content.say("dose-keeps-count"))
    return lines
