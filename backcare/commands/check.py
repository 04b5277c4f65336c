"""`backcare check`: the red-flag screen and the self-care assessment."""

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import msgspec
import typer

from backcare.commands.common import ClinicOpt, JsonOpt, PlainOpt
from backcare.language import N_, _

if TYPE_CHECKING:
    from datetime import datetime

    from backcare.assessment import Assessment
    from backcare.content import Content
    from backcare.episode import Episode
    from backcare.errors import BackcareError

EXIT_CODES = {"self-care": 0, "soon": 10, "urgent": 11, "emergency": 12}
"""`--exit-code`: chosen not to clash with 1 (broken file), 2 (bad input) or 130 (cancelled)."""



def check(
    red_flag: Annotated[
        list[str] | None,
        typer.Option("--red-flag", metavar="KEY", show_default=False,
                     help=N_("A warning sign that is present (repeatable).")),
    ] = None,
    no_red_flags: Annotated[
        bool, typer.Option("--no-red-flags", help=N_("None of the warning signs is present.")),
    ] = False,
    symptom: Annotated[list[str] | None, typer.Option(
        "--symptom", metavar="KEY", show_default=False, help=N_("A symptom (repeatable)."))] = None,
    trigger: Annotated[list[str] | None, typer.Option(
        "--trigger", metavar="KEY", show_default=False,
        help=N_("What set it off (repeatable)."))] = None,
    condition: Annotated[list[str] | None, typer.Option(
        "--condition", metavar="KEY", show_default=False,
        help=N_("A health condition that changes the cautions (repeatable)."))] = None,
    pain: Annotated[str | None, typer.Option(  # text: merge() words every bad value
        "--pain", metavar="N", show_default=False,
        help=N_("Pain now, 0 (none) to 10 (worst)."))] = None,
    onset: Annotated[str | None, typer.Option(
        "--onset", metavar="TIME", show_default=False,
        help=N_("When it started, ISO 8601 (2026-03-08T09:30-05:00)."))] = None,
    ago: Annotated[str | None, typer.Option(
        "--ago", metavar="DURATION", show_default=False,
        help=N_("How long ago it started: 90m, 6h, 2d."))] = None,
    answers: Annotated[str | None, typer.Option(
        "--answers", metavar="FILE", show_default=False,
        help=N_("Answers as JSON ('-' reads stdin); flags override it."))] = None,
    no_input: Annotated[bool, typer.Option(
        "--no-input", help=N_("Never prompt: the red-flag screen must be answered by flags "
                              "or --answers; other answers not given count as none."))] = False,
    json_out: JsonOpt = False,
    explain: Annotated[bool, typer.Option(
        "--explain", help=N_("Show which answer selected each item, and its source."))] = False,
    plain: PlainOpt = False,
    exit_code: Annotated[bool, typer.Option(
        "--exit-code", help=N_("Exit 0 self-care, 10 soon, 11 urgent, 12 emergency."))] = False,
    save: Annotated[bool, typer.Option(
        "--save",
        help=N_("Keep this check in your episode (starts one if none is open)."))] = False,
    output_file: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", show_default=False,
        help=N_("Also write a handout of this check (.md, .html or .json)."))] = None,
    kiosk: Annotated[bool, typer.Option(
        "--kiosk",
        help=N_("Waiting-room mode: one person after another, nothing stored."))] = False,
    line_mode: Annotated[bool, typer.Option(
        "--line-mode", help=N_("Answer line by line, by number: for screen readers and "
                               "simple terminals (also TERM=dumb or BACKCARE_LINE_MODE=1).")),
    ] = False,
    clinic: ClinicOpt = None,
) -> None:
    from backcare import clock, output, prompts  # prompts imports questionary only to ask
    from backcare.errors import InputError

    if line_mode:
        prompts.use_line_mode()
    if prompts.line_mode():
        plain = True  # no box drawing for a screen reader to read out
    if kiosk:
        preset = [red_flag, no_red_flags, symptom, trigger, condition, pain is not None, onset,
                  ago, answers, save, json_out, no_input, output_file, exit_code]
        if any(preset):
            raise InputError(_("--kiosk asks each person everything and stores nothing; it "
                               "takes only --explain, --plain, --line-mode and --clinic"))
        _kiosk(clinic, explain, plain)
        return
    now = clock.now()
    interactive = not (no_input or json_out) and output.can_prompt()
    # A bad output file is refused before the first question, so that no one answers
    # everything only to hear the name is wrong. A run that asks nothing assesses first:
    # its result is shown and kept, then the file is refused, so a name never hides it.
    refused: InputError | None = None
    try:
        handout_format = _handout_format(output_file)
    except InputError as exc:
        if interactive:
            raise
        handout_format, refused = None, exc
    flags: dict[str, Any] = {
        "red_flags": red_flag, "no_red_flags": no_red_flags, "symptoms": symptom,
        "triggers": trigger, "conditions": condition, "pain": pain,
        "onset": onset, "ago": ago,
    }
    content, given = _given(flags, answers, interactive, clinic, now)
    if interactive:
        from backcare.interview import ask_missing

        given = ask_missing(given, content, now)
    from backcare.assessment import Answers, assess, plan_allowed

    result = assess(Answers(**given), now, content)
    # The result is shown before anything waits on a file or a lock. The log is only read
    # first, never waited on, for a warning sign saved earlier that leads the result; the
    # check is kept after it is shown, so a held lock or a broken file can neither delay
    # nor hide it.
    kept = _lead(result, content, save)
    try:
        _show(kept.shown, content, json_out, explain, plain)
        closed = False
    except BrokenPipeError:  # the reader went away (`| head`): what was asked is still kept
        closed = True
    _keep(result, content, save, interactive, kept)
    if output_file is not None and handout_format is not None:
        kept.notes += _write_handout(kept.shown, content, handout_format, output_file, kept)
    if closed:
        raise BrokenPipeError
    if kept.problem is not None:
        if refused is not None:  # said too, as every error is; the file problem weighs more
            output.message(f"backcare: {refused.message}")
        raise kept.problem
    if refused is not None:
        for note in kept.notes:
            output.message(note)
        raise refused
    if interactive and not kept.saved and plan_allowed(kept.shown.triage.level):
        from backcare import prompts

        # The result is long: say the level again where the person's eyes are.
        output.message("\n" + _("Result: {level}.").format(level=kept.shown.triage.banner))
        if prompts.confirm(content.questions.save, default=True):
            _keep(result, content, True, interactive, kept)
            if kept.problem is not None:
                raise kept.problem
    for note in kept.notes:
        output.message(note)
    if exit_code:
        raise typer.Exit(EXIT_CODES[kept.shown.triage.level])


class Kept(msgspec.Struct):
    """What keeping a check did: the result as shown (led by any standing finding), what to
    tell the person, and a problem to report once the result is on the screen."""

    shown: "Assessment"
    episode_open: bool = False
    saved: bool = False
    notes: list[str] = []
    problem: "BackcareError | None" = None


def _kiosk(clinic: Path | None, explain: bool, plain: bool) -> None:
    from backcare import kiosk as kiosk_mode
    from backcare import language, output
    from backcare.commands.common import load_content
    from backcare.errors import InputError

    if not output.can_prompt():
        raise InputError(_("--kiosk needs a terminal: it is for a waiting-room screen"))
    chosen = language.current()
    first = chosen.lang if chosen.chosen else load_content(clinic).clinic.language or chosen.lang
    kiosk_mode.run(lambda: load_content(clinic), first, explain, output.wants_plain(plain))


def _handout_format(output_file: Path | None) -> str | None:
    """The handout's format, or an InputError for a bad output file."""
    if output_file is None:
        return None
    from backcare.commands.common import check_writable, choose_format

    check_writable(output_file)
    return choose_format(None, output_file, flag=None)


def _given(flags: dict[str, Any], answers: str | None, interactive: bool,
           clinic: Path | None, now: "datetime") -> "tuple[Content, dict[str, Any]]":
    """The answers given without prompts, checked: the file's and the flags' together."""
    from backcare.answers_input import (
        FILE_NAMES,
        FLAG_NAMES,
        RED_FLAG_HINT,
        merge,
        read_answers_file,
    )
    from backcare.assessment import ANSWER_KINDS, Answers, check_answers
    from backcare.commands.common import load_content
    from backcare.errors import InputError

    if not interactive and not (flags["red_flags"] or flags["no_red_flags"] or answers):
        raise InputError(_why_no_questions(_("the red-flag screen must be answered: "
                                             "{hint}").format(hint=_(RED_FLAG_HINT))))
    file_data = read_answers_file(answers) if answers else {}
    given = merge(file_data, flags, now)
    if not interactive and given.get("red_flags") is None:
        raise InputError(_("the red-flag screen must be answered: {hint}").format(
            hint=_(RED_FLAG_HINT)))
    content = load_content(clinic)
    for source, names in ((file_data, FILE_NAMES), (flags, FLAG_NAMES)):
        lists = {k: source[k] for k in ANSWER_KINDS if source.get(k)}
        check_answers(Answers(**lists), content, names)
    return content, given


def _why_no_questions(said: str) -> str:
    """Why backcare cannot ask: name the end that is not a terminal, when that is why."""
    from backcare import output

    if output.is_terminal(sys.stdin) and not output.is_terminal(sys.stdout):
        return _("the output is not a terminal, so backcare cannot ask its questions here; "
                 "run it without a pipe, or answer by flags: {reason}").format(reason=said)
    if output.is_terminal(sys.stdout) and not output.is_terminal(sys.stdin):
        return _("the input is not a terminal, so backcare cannot ask its questions here; "
                 "answer by flags: {reason}").format(reason=said)
    return said


def _lead(result: "Assessment", content: "Content", save: bool) -> Kept:
    """The result as shown: led by the open episode's standing finding. The log is read
    without its lock and never waited on; a log that cannot be read is said after."""
    from backcare import paths

    kept = Kept(shown=result)
    if not save and not os.path.lexists(paths.state_file()):
        return kept  # no log: no finding to lead the result, no open episode to keep it in
    from backcare import state
    from backcare.errors import BackcareError
    from backcare.keeping import standing_finding, with_finding

    try:
        episode = state.load(paths.state_file()).state.open_episode()
    except BackcareError as exc:
        if save:
            kept.problem = exc
            return kept
        # Nothing was to be kept: the result stands, and the person hears what was not read.
        kept.notes.append(_("Note: {problem}; a warning sign saved earlier could not be "
                            "read, so it is not shown here.").format(
            problem=exc.message.splitlines()[0]))
        return kept
    if episode is not None:
        kept.episode_open = True
        kept.shown = with_finding(result, standing_finding(episode.checks, episode.seen,
                                                           content), content)
    return kept


def _keep(result: "Assessment", content: "Content", save: bool, interactive: bool,
          kept: Kept) -> None:
    """Keep the check when asked (or, for an emergency in a terminal, when an episode is
    open), under the log's lock: only once the result is on the screen."""
    from backcare.keeping import keeps_without_asking

    if kept.problem is not None or not (
            save or keeps_without_asking(result.triage.level, interactive, kept.episode_open)):
        return
    from backcare import paths, state
    from backcare.commands.common import updating
    from backcare.episode import record_check, replace_episode, start_episode
    from backcare.errors import BackcareError

    try:
        with updating() as loaded:
            episode = loaded.state.open_episode()
            started = episode is None
            if episode is None:
                onset = result.answers.onset or result.assessed_at
                loaded.state, episode = start_episode(
                    loaded.state, onset, result.assessed_at, new=False,
                    archived=state.highest_archived(paths.state_file()))
            episode = record_check(episode, result, content)
            loaded.state = replace_episode(loaded.state, episode)
    except BackcareError as exc:
        kept.problem = exc
        return
    kept.saved = True
    kept.notes[:0] = _saved_notes(kept.shown, content, episode, started)


def _saved_notes(result: "Assessment", content: "Content", episode: "Episode",
                 started: bool) -> list[str]:
    from backcare import output
    from backcare.assessment import plan_allowed
    from backcare.keeping import onset_disagrees

    saved = (_("Started episode {episode} (onset {onset}).") if started
             else _("Saved to episode {episode} (onset {onset})."))
    notes = [saved.format(episode=episode.id, onset=output.local(episode.onset))]
    if not plan_allowed(result.triage.level):
        return [*notes, f"{result.triage.banner}. {result.triage.action}"]
    if started and result.answers.onset is None:
        unsure = result.answers.onset_range is not None
        notes.append(content.say("onset-not-sure" if unsure else "onset-not-given"))
    if not started and onset_disagrees(result.answers.onset, episode.onset,
                                       result.assessed_at, content):
        said = result.answers.onset
        assert said is not None
        notes.append(_(
            "Note: this check says it started {said_onset}, but episode {episode} started "
            "{episode_onset}; the episode keeps its onset and its ice/heat clock. If this is "
            "a new spasm, run 'backcare start --new' with when it started.").format(
            said_onset=output.local(said), episode=episode.id,
            episode_onset=output.local(episode.onset)))
    notes.append(_("'backcare status' keeps time for you."))
    return notes


def _write_handout(result: "Assessment", content: "Content", fmt: str, path: Path,
                   kept: Kept) -> list[str]:
    from backcare.commands.common import write_handout
    from backcare.errors import BackcareError
    from backcare.handout import from_assessment

    try:
        return [write_handout(from_assessment(result, content), content, fmt, path)]
    except BackcareError as exc:
        kept.problem = exc
        return []


def _show(result: "Assessment", content: "Content", json_out: bool, explain: bool,
          plain: bool) -> None:
    from backcare import output

    if json_out:
        from backcare.render.json import check_payload

        output.print_json(check_payload(result, content))
        return
    from backcare.render.check import render_assessment

    is_plain = output.wants_plain(plain)
    render_assessment(output.console(is_plain), result, content, explain, is_plain)
    sys.stdout.flush()  # on the screen before anything waits on the log
