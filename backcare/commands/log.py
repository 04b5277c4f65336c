"""`backcare apply` and `backcare pain`: recording what the person did and felt."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from backcare import clock, output, prompts
from backcare.answers_input import whole_number
from backcare.assessment import Answers, check_answers
from backcare.commands.common import (
    AtOpt,
    ClinicOpt,
    PlainOpt,
    check_note,
    load_content,
    reading,
    require_open,
    updating,
    when,
)
from backcare.course import (
    application_warnings,
    escalation,
    phase_of,
    record_application,
    travelling_cautions,
)
from backcare.episode import (
    Seen,
    is_warning_sign,
    latest_entry,
    not_before_onset,
    parse_kind,
    record_pain,
    record_seen,
    remove_entry,
    replace_episode,
)
from backcare.errors import InputError, shortened
from backcare.interview import confirm_from_map
from backcare.keeping import needs_confirmation, standing_finding
from backcare.language import N_, _
from backcare.medication import medicine_named, mg_said
from backcare.timer import countdown

if TYPE_CHECKING:
    from datetime import datetime

    from backcare.content import Content
    from backcare.episode import Entry, Episode, Kind


def apply(
    kind: Annotated[str, typer.Argument(metavar=N_("ice|heat"),
                                        help=N_("What you put on: ice or heat."),
                                        show_default=False)],
    minutes: Annotated[float | None, typer.Option(
        "--minutes", metavar="N", show_default=False,
        help=N_("How long; default from the plan (15)."))] = None,
    at: AtOpt = None,
    no_timer: Annotated[bool, typer.Option(
        "--no-timer", help=N_("Record it without the live countdown."))] = False,
    yes: Annotated[bool, typer.Option(
        "--yes",
        help=N_("You have checked with your doctor where a caution says to ask first."))
    ] = False,
    plain: PlainOpt = False,
    clinic: ClinicOpt = None,
) -> None:
    what = parse_kind(kind)
    if minutes is not None and not 0 < minutes <= 240:
        raise InputError(_("--minutes {minutes} is out of range; use more than 0, at most "
                           "240").format(minutes=f"{minutes:g}"))
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
        output.message(_("Nothing was recorded."))
        return
    for warning in application_warnings(episode, what, started, planned, content):
        output.message(_("Warning: {warning}.").format(warning=warning.rstrip(".")))
    done = planned
    if timed:
        done = countdown(what, planned, content, output.wants_plain(plain))
        if done < min(1, planned):
            output.message(content.say("stopped-too-soon", kind=what))
            return
    with updating() as loaded:
        current = require_open(loaded.state)
        updated = record_application(current, what, started, done, planned, content,
                                     recorded_at=now)
        loaded.state = replace_episode(loaded.state, updated)
    recorded = (_("Recorded ice for {minutes} at {when} (episode {episode}).") if what == "ice"
                else _("Recorded heat for {minutes} at {when} (episode {episode})."))
    output.message(recorded.format(minutes=output.minutes(done), when=output.local(started),
                                   episode=current.id))


def _cleared(episode: "Episode", kind: "Kind", now: "datetime", content: "Content",
             yes: bool) -> bool:
    """Say what stands (a finding, no screen yet, the person's cautions about this kind);
    where a caution says to ask a doctor first, have the person confirm."""
    routed = escalation(episode, now, content)
    if routed.finding is not None:
        signs = content.finding_signs([r.id for r in routed.finding.reasons])
        output.message(f"{routed.triage.banner}. " + content.say(
            "finding-earlier", when=output.local(routed.finding.found_at), signs=signs))
    if not episode.checks:
        output.message(content.say("not-screened"))
    cautions = travelling_cautions(episode, routed.triage, phase_of(episode, now, content),
                                   content, {kind})
    for caution in cautions:
        output.message(_("Caution: {caution}").format(caution=caution.text))
    asking = needs_confirmation(cautions, kind, content)
    if not asking or yes:
        return True
    if not output.can_prompt():
        raise InputError(
            _("a caution of yours is about using ice (shown above); pass --yes once you have "
              "checked it is safe for you") if kind == "ice" else
            _("a caution of yours is about using heat (shown above); pass --yes once you have "
              "checked it is safe for you"))

    return prompts.confirm(content.say("confirm-caution", kind=kind), default=False)


def pain(
    score: Annotated[str, typer.Argument(metavar="SCORE", help=N_("Pain now, 0 (none) to 10."),
                                         show_default=False)],
    note: Annotated[str, typer.Option("--note", metavar="TEXT",
                                      help=N_("A short note."))] = "",
    where: Annotated[list[str] | None, typer.Option(
        "--where", metavar="KEY", show_default=False,
        help=N_("Where it hurts: a place on the back map, as 'backcare check' asks "
                "(repeatable)."))
    ] = None,
    at: AtOpt = None,
) -> None:
    said = whole_number(score)
    if not isinstance(said, int) or not 0 <= said <= 10:
        raise InputError(_("pain score {score!r} is not a whole number from 0 to 10").format(
            score=shortened(score)))
    check_note(note)
    now = clock.now()
    moment = when(at, None, now, "--at")
    places = list(dict.fromkeys(where or []))
    ruled_out: list[str] = []
    if places:
        content = load_content()
        check_answers(Answers(where=places), content, {"where": "--where {keys}"})
        require_open(reading(to_change=True).state)  # before a question it could not keep
        if output.can_prompt():  # the check's question about a sign the places can go with
            asked: dict[str, Any] = {"red_flags": [], "where": places}
            confirm_from_map(asked, content, {})
            ruled_out = asked.get("ruled_out") or []
    with updating() as loaded:
        episode = require_open(loaded.state)
        episode = record_pain(episode, moment, said, note, recorded_at=now, where=places,
                              ruled_out=ruled_out)
        loaded.state = replace_episode(loaded.state, episode)
    output.message(_("Recorded pain {score}/10 (episode {episode}).").format(
        score=said, episode=episode.id))
    _routed(episode, now)


def _routed(episode: "Episode", now: "datetime") -> None:
    """Where the log routes now that the score is in, when that is above self-care: the
    same rules as `status`, said at once, with what to do and why."""
    content = load_content()
    routed = escalation(episode, now, content).triage
    if routed.level == "self-care":
        return
    output.message(f"{routed.banner}. {routed.action}")
    for reason in routed.reasons:
        output.message(f"- {reason.text}")


def seen(
    at: AtOpt = None,
    note: Annotated[str, typer.Option("--note", metavar="TEXT",
                                      help=N_("Who saw you, or what they said."))] = "",
) -> None:
    check_note(note)
    now = clock.now()
    moment = when(at, None, now, "--at")
    with updating() as loaded:
        episode = require_open(loaded.state)
        loaded.state = replace_episode(loaded.state,
                                       record_seen(episode, moment, note, recorded_at=now))
        content = load_content()
        finding = standing_finding(episode.checks, [*episode.seen, Seen(at=moment)], content)
    output.message(_("Recorded that a clinician saw you on {when} (episode {episode}). If "
                     "anything changes, run 'backcare check --save'.").format(
        when=output.local(moment), episode=episode.id))
    if finding is not None:
        output.message(content.say("seen-before-finding", when=output.local(finding.found_at)))


def undo(
    yes: Annotated[bool, typer.Option("--yes", help=N_("Do not ask; for scripts."))] = False,
) -> None:
    episode = require_open(reading(to_change=True).state)
    entry = latest_entry(episode)
    if entry is None:
        raise InputError(_("episode {episode} has nothing to undo").format(episode=episode.id))
    if entry.kind == "check" and is_warning_sign(episode.checks[entry.index].level):
        raise InputError(_("the latest entry is a check that found a warning sign, and a "
                           "warning sign is never taken back; once a clinician has seen you, "
                           "record it with 'backcare seen'"))
    said = _describe(episode, entry)
    if not yes:
        if not output.can_prompt():
            raise InputError(_("undo would remove {entry}; pass --yes to confirm in a "
                               "script").format(entry=said))

        if not prompts.confirm(_("Remove {entry}?").format(entry=said), default=False):
            output.message(_("Nothing removed."))
            return
    with updating() as loaded:
        current = require_open(loaded.state)
        if current.id != episode.id or latest_entry(current) != entry:
            raise InputError(_("the log changed while you were asked; run 'backcare undo' "
                               "again"))
        loaded.state = replace_episode(loaded.state, remove_entry(current, entry))
    output.message(_("Removed {entry}.").format(entry=said))


def _describe(episode: "Episode", entry: "Entry") -> str:
    when = output.local(entry.at)
    if entry.kind == "pain":
        return _("the pain score {score}/10 of {when}").format(
            score=episode.pain[entry.index].score, when=when)
    if entry.kind == "application":
        a = episode.applications[entry.index]
        session = (_("the ice session of {minutes} at {when}") if a.kind == "ice"
                   else _("the heat session of {minutes} at {when}"))
        return session.format(minutes=output.minutes(a.minutes), when=when)
    if entry.kind == "seen":
        return _("the clinician's visit recorded for {when}").format(when=when)
    if entry.kind == "dose":
        taken = episode.doses[entry.index]
        return _("the dose of {mg} mg of {medicine} at {when}").format(
            mg=mg_said(taken.mg), medicine=medicine_named(load_content(), taken.medicine),
            when=when)
    if entry.kind == "movement":
        return _("the movement session of {when}").format(when=when)
    if episode.checks[entry.index].set_onset_from is not None:
        return _("the check of {when}, and the start it gave the episode (when it started "
                 "is then not known again)").format(when=when)
    return _("the check of {when}").format(when=when)
