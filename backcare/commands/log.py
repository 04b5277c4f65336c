"""`backcare apply` and `backcare pain`: recording what the person did and felt."""

from typing import TYPE_CHECKING, Annotated

import typer

from backcare.commands.common import AtOpt, ClinicOpt, PlainOpt

if TYPE_CHECKING:
    from datetime import datetime

    from backcare.content import Content
    from backcare.episode import Entry, Episode, Kind


def apply(
    kind: Annotated[str, typer.Argument(metavar="ice|heat", help="What you put on: ice or heat.",
                                        show_default=False)],
    minutes: Annotated[float | None, typer.Option(
        "--minutes", metavar="N", show_default=False,
        help="How long; default from the plan (15).")] = None,
    at: AtOpt = None,
    no_timer: Annotated[bool, typer.Option(
        "--no-timer", help="Record it without the live countdown.")] = False,
    yes: Annotated[bool, typer.Option(
        "--yes", help="You have checked with your doctor where a caution says to ask first.")
    ] = False,
    plain: PlainOpt = False,
    clinic: ClinicOpt = None,
) -> None:
    """Record one ice or heat application; in a terminal, time it with a countdown.

    The countdown never runs past the safe limit for your skin. Where a caution of yours
    says to ask a doctor first, it asks you to confirm (--yes in a script).
    """
    from backcare import clock, output
    from backcare.commands.common import load_content, reading, require_open, updating, when
    from backcare.episode import (
        application_warnings,
        not_before_onset,
        parse_kind,
        record_application,
        replace_episode,
    )
    from backcare.errors import InputError

    what = parse_kind(kind)
    if minutes is not None and not 0 < minutes <= 240:
        raise InputError(f"--minutes {minutes:g} is out of range; use more than 0, at most 240")
    now = clock.now()
    started = when(at, None, now, "--at")
    content = load_content(clinic)
    window = content.window
    planned = minutes if minutes is not None else (
        window.ice_minutes if what == "ice" else window.heat_minutes)
    timed = at is None and not no_timer and output.can_prompt()
    if timed and planned > window.max_minutes:
        raise InputError(content.say("countdown-limit", minutes=float(planned), kind=what))
    episode = require_open(reading(to_change=True).state)
    not_before_onset(episode, started)
    if not _cleared(episode, what, now, content, yes):
        output.message("Nothing was recorded.")
        return
    for warning in application_warnings(episode, what, started, planned, content):
        output.message(f"Warning: {warning.rstrip('.')}.")
    done = planned
    if timed:
        from backcare.timer import countdown

        done = countdown(what, planned, content, output.wants_plain(plain))
        if done < min(1, planned):
            output.message(content.say("stopped-too-soon", kind=what))
            return
    with updating() as loaded:
        current = require_open(loaded.state)
        updated = record_application(current, what, started, done, planned, content,
                                     recorded_at=now)
        loaded.state = replace_episode(loaded.state, updated)
    output.message(f"Recorded {what} for {output.minutes(done)} at {output.local(started)} "
                   f"(episode {current.id}).")


def _cleared(episode: "Episode", kind: "Kind", now: "datetime", content: "Content",
             yes: bool) -> bool:
    """Say what stands (a finding, no screen yet, the person's cautions about this kind);
    where a caution says to ask a doctor first, have the person confirm."""
    from backcare import output
    from backcare.episode import escalation, travelling_cautions
    from backcare.errors import InputError
    from backcare.keeping import needs_confirmation
    from backcare.window import hours_since, phase_at

    routed = escalation(episode, now, content)
    if routed.finding is not None:
        signs = content.finding_signs([r.id for r in routed.finding.reasons])
        output.message(f"{routed.triage.banner}. " + content.say(
            "finding-earlier", when=output.local(routed.finding.found_at), signs=signs))
    if not episode.checks:
        output.message(content.say("not-screened"))
    phase = phase_at(max(0.0, hours_since(episode.onset, now)), content.window)
    cautions = travelling_cautions(episode, routed.triage, phase, content, {kind})
    for caution in cautions:
        output.message(f"Caution: {caution.text}")
    asking = needs_confirmation(cautions, kind, content)
    if not asking or yes:
        return True
    if not output.can_prompt():
        raise InputError(f"a caution of yours is about using {kind} (shown above); pass --yes "
                         "once you have checked it is safe for you")
    from backcare import prompts

    return prompts.confirm(content.say("confirm-caution", kind=kind), default=False)


def pain(
    score: Annotated[str, typer.Argument(metavar="SCORE", help="Pain now, 0 (none) to 10.",
                                         show_default=False)],
    note: Annotated[str, typer.Option("--note", metavar="TEXT", help="A short note.")] = "",
    at: AtOpt = None,
) -> None:
    """Record a pain score, a whole number from 0 to 10."""
    from backcare import clock, output
    from backcare.commands.common import require_open, updating, when
    from backcare.episode import record_pain, replace_episode
    from backcare.errors import InputError

    text = score.strip()
    if not (text.isascii() and text.isdigit()) or not 0 <= int(text) <= 10:
        raise InputError(f"pain score {score!r} is not a whole number from 0 to 10")
    now = clock.now()
    moment = when(at, None, now, "--at")
    with updating() as loaded:
        episode = require_open(loaded.state)
        loaded.state = replace_episode(loaded.state,
                                       record_pain(episode, moment, int(text), note,
                                                   recorded_at=now))
    output.message(f"Recorded pain {int(text)}/10 (episode {episode.id}).")


def seen(
    at: AtOpt = None,
    note: Annotated[str, typer.Option("--note", metavar="TEXT",
                                      help="Who saw you, or what they said.")] = "",
) -> None:
    """Record that a clinician has checked you. From then on, the episode goes by the
    checks you make after that moment: a warning sign found before it stops leading."""
    from backcare import clock, output
    from backcare.commands.common import load_content, require_open, updating, when
    from backcare.episode import record_seen, replace_episode
    from backcare.keeping import Seen, standing_finding

    now = clock.now()
    moment = when(at, None, now, "--at")
    with updating() as loaded:
        episode = require_open(loaded.state)
        loaded.state = replace_episode(loaded.state,
                                       record_seen(episode, moment, note, recorded_at=now))
        content = load_content()
        finding = standing_finding(episode.checks, [*episode.seen, Seen(at=moment)], content)
    output.message(f"Recorded that a clinician saw you on {output.local(moment)} "
                   f"(episode {episode.id}). If anything changes, run 'backcare check --save'.")
    if finding is not None:
        output.message(content.say("seen-before-finding", when=output.local(finding.found_at)))


def undo(
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask; for scripts.")] = False,
) -> None:
    """Show the most recent entry of the open episode (a pain score, an ice or heat
    session, a check, or a clinician's visit) and remove it after you confirm."""
    from backcare import output
    from backcare.commands.common import reading, require_open, updating
    from backcare.episode import latest_entry, remove_entry, replace_episode
    from backcare.errors import InputError
    from backcare.keeping import is_warning_sign

    episode = require_open(reading(to_change=True).state)
    entry = latest_entry(episode)
    if entry is None:
        raise InputError(f"episode {episode.id} has nothing to undo")
    if entry.kind == "check" and is_warning_sign(episode.checks[entry.index].level):
        raise InputError("the latest entry is a check that found a warning sign, and a warning "
                         "sign is never taken back; once a clinician has seen you, record it "
                         "with 'backcare seen'")
    said = _describe(episode, entry)
    if not yes:
        if not output.can_prompt():
            raise InputError(f"undo would remove {said}; pass --yes to confirm in a script")
        from backcare import prompts

        if not prompts.confirm(f"Remove {said}?", default=False):
            output.message("Nothing removed.")
            return
    with updating() as loaded:
        current = require_open(loaded.state)
        if current.id != episode.id or latest_entry(current) != entry:
            raise InputError("the log changed while you were asked; run 'backcare undo' again")
        loaded.state = replace_episode(loaded.state, remove_entry(current, entry))
    output.message(f"Removed {said}.")


def _describe(episode: "Episode", entry: "Entry") -> str:
    from backcare import output

    when = output.local(entry.at)
    if entry.kind == "pain":
        return f"the pain score {episode.pain[entry.index].score}/10 of {when}"
    if entry.kind == "application":
        a = episode.applications[entry.index]
        return f"the {a.kind} session of {output.minutes(a.minutes)} at {when}"
    if entry.kind == "seen":
        return f"the clinician's visit recorded for {when}"
    return f"the check of {when}"
