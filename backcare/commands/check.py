"""`backcare check`: the red-flag screen and the self-care assessment."""

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import msgspec
import typer

from backcare import archive, clock, language, output, paths, prompts, state
from backcare import kiosk as kiosk_mode
from backcare.answers_input import FILE_NAMES, FLAG_NAMES, RED_FLAG_HINT, merge, read_answers_file
from backcare.assessment import ANSWER_KINDS, Answers, assess, check_answers, plan_allowed
from backcare.commands.common import (
    ClinicOpt,
    JsonOpt,
    PlainOpt,
    check_writable,
    choose_format,
    load_content,
    onset_set_note,
    require_ready,
    updating,
    write_handout,
)
from backcare.content import Level
from backcare.errors import BackcareError, InputError
from backcare.handout import from_assessment
from backcare.interview import ask_missing
from backcare.keeping import (
    KeptCheck,
    episode_age,
    episode_onset,
    keep_check,
    keeps_check,
    lead,
)
from backcare.language import N_, _
from backcare.medication import elsewhere, log_overdose, pain_relief_chain
from backcare.records import replace
from backcare.render.dose_lines import log_note
from backcare.render.json_documents import check_payload
from backcare.render.result_screen import render_assessment

if TYPE_CHECKING:
    from datetime import datetime

    from backcare.assessment import Assessment
    from backcare.content import Content
    from backcare.episode import Episode

EXIT_CODES = {"self-care": 0, "soon": 10, "urgent": 11, "emergency": 12}
"""`--exit-code`: chosen not to clash with 1 (broken file), 2 (bad input) or 130 (cancelled)."""

RedFlagOpt = Annotated[list[str] | None, typer.Option(
    "--red-flag", metavar="KEY", show_default=False,
    help=N_("A warning sign that is present (repeatable)."))]
NoRedFlagsOpt = Annotated[bool, typer.Option(
    "--no-red-flags", help=N_("None of the warning signs is present."))]
SymptomOpt = Annotated[list[str] | None, typer.Option(
    "--symptom", metavar="KEY", show_default=False, help=N_("A symptom (repeatable)."))]
TriggerOpt = Annotated[list[str] | None, typer.Option(
    "--trigger", metavar="KEY", show_default=False, help=N_("What set it off (repeatable)."))]
ConditionOpt = Annotated[list[str] | None, typer.Option(
    "--condition", metavar="KEY", show_default=False,
    help=N_("A health condition that changes the cautions (repeatable)."))]
WhereOpt = Annotated[list[str] | None, typer.Option(
    "--where", metavar="KEY", show_default=False,
    help=N_("Where it hurts: a place on the back map (repeatable)."))]
PainOpt = Annotated[str | None, typer.Option(  # text: merge() words every bad value
    "--pain", metavar="N", show_default=False, help=N_("Pain now, 0 (none) to 10 (worst)."))]
AgeOpt = Annotated[str | None, typer.Option(  # text, as --pain
    "--age", metavar="YEARS", show_default=False,
    help=N_("The person's age in years. Without it, the advice is for adults."))]
OnsetOpt = Annotated[str | None, typer.Option(
    "--onset", metavar="TIME", show_default=False,
    help=N_("When it started, ISO 8601 (2026-03-08T09:30-05:00)."))]
StartedAgoOpt = Annotated[str | None, typer.Option(
    "--ago", metavar="DURATION", show_default=False,
    help=N_("How long ago it started: 90m, 6h, 2d."))]
AnswersOpt = Annotated[str | None, typer.Option(
    "--answers", metavar="FILE", show_default=False,
    help=N_("Answers as JSON ('-' reads stdin); flags override it."))]
NoInputOpt = Annotated[bool, typer.Option(
    "--no-input", help=N_("Never prompt: the red-flag screen must be answered by flags "
                          "or --answers; other answers not given count as none."))]
ExplainOpt = Annotated[bool, typer.Option(
    "--explain", help=N_("Show which answer selected each item, and its source."))]
ExitCodeOpt = Annotated[bool, typer.Option(
    "--exit-code", help=N_("Exit 0 self-care, 10 soon, 11 urgent, 12 emergency."))]
SaveOpt = Annotated[bool, typer.Option(
    "--save", help=N_("Keep this check in your episode (starts one if none is open)."))]
HandoutOpt = Annotated[Path | None, typer.Option(
    "--output", "-o", metavar="FILE", show_default=False,
    help=N_("Also write a handout of this check (.md, .html or .json)."))]
KioskOpt = Annotated[bool, typer.Option(
    "--kiosk", help=N_("Waiting-room mode: one person after another, nothing stored."))]
LineModeOpt = Annotated[bool, typer.Option(
    "--line-mode", help=N_("Answer line by line, by number: for screen readers and "
                           "simple terminals (also TERM=dumb or BACKCARE_LINE_MODE=1)."))]


class Asked(msgspec.Struct, frozen=True):
    """How the person or the script asked for the result: where and how to show it, and
    what to do with it after."""

    json_out: bool
    explain: bool
    plain: bool
    save: bool
    interactive: bool
    exit_code: bool
    output_file: Path | None
    handout_format: str | None
    refused: InputError | None = None
    """A bad output file in a run that asks nothing: refused once the result is shown."""


def check(
    red_flag: RedFlagOpt = None, no_red_flags: NoRedFlagsOpt = False,
    symptom: SymptomOpt = None, trigger: TriggerOpt = None, condition: ConditionOpt = None,
    where: WhereOpt = None, pain: PainOpt = None, age: AgeOpt = None, onset: OnsetOpt = None,
    ago: StartedAgoOpt = None,
    answers: AnswersOpt = None, no_input: NoInputOpt = False, json_out: JsonOpt = False,
    explain: ExplainOpt = False, plain: PlainOpt = False, exit_code: ExitCodeOpt = False,
    save: SaveOpt = False, output_file: HandoutOpt = None, kiosk: KioskOpt = False,
    line_mode: LineModeOpt = False, clinic: ClinicOpt = None,
) -> None:
    if line_mode:
        prompts.use_line_mode()
    if prompts.line_mode():
        plain = True  # no box drawing for a screen reader to read out
    if kiosk:
        preset = [red_flag, no_red_flags, symptom, trigger, condition, where,
                  pain is not None,
                  age is not None, onset,
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
    asked = Asked(json_out=json_out, explain=explain, plain=plain, save=save,
                  interactive=interactive, exit_code=exit_code, output_file=output_file,
                  handout_format=handout_format, refused=refused)
    flags: dict[str, Any] = {
        "red_flags": red_flag, "no_red_flags": no_red_flags, "symptoms": symptom,
        "triggers": trigger, "conditions": condition, "where": where, "pain": pain,
        "age": age,
        "onset": onset, "ago": ago,
    }
    content, given = _given(flags, answers, asked.interactive, clinic, now)
    log = _read_log(save)
    if asked.interactive:
        given = ask_missing(given, content, now, log.episode)
    elif log.episode is not None:  # the same person, in the same spasm
        if "onset" not in given:
            given.update(episode_onset(log.episode))  # the check's phase is the episode's
        if given.get("age") is None:
            given.update(episode_age(log.episode, content, given.get("conditions") or [],
                                     log.episodes))
    elif log.episodes and given.get("age") is None:  # the same person: their doses count
        given.update(episode_age(log.episodes[-1], content, given.get("conditions") or [],
                                 log.episodes))
    log.new_spasm = bool(given.pop("new_spasm", False))
    person = Answers(**given)
    result = assess(person, now, content, overdose=_log_overdose(person, now, log, content))
    _conclude(_with_doses(result, log, content), content, asked, log)


def _log_overdose(answers: "Answers", now: "datetime", log: "LogRead",
                  content: "Content") -> bool:
    """The open episode's dose log holds more of a medicine than its label allows (by these
    answers' cautions), where the label says to get medical help: the check routes up."""
    episode = log.episode or (log.episodes[-1] if log.episodes else None)
    if episode is None or answers.red_flags is None:
        return False
    check_answers(answers, content)  # refused here as assess would, before it is used
    return log_overdose(episode, content, now, answers, elsewhere(log.episodes, episode, now),
                        log.episodes)


def _with_doses(result: "Assessment", log: "LogRead", content: "Content") -> "Assessment":
    """Where the result gives pain relief, or the dose log routed it, and the log has doses
    that count: a note of what was taken and whether the label allows more now."""
    chain = pain_relief_chain(content)
    episode = log.episode or (log.episodes[-1] if log.episodes else None)
    from_log = {r.id for r in content.rules if r.dose_over_label}
    if episode is None or not (any(i.id in chain for g in result.advice for i in g.items)
                               or from_log & {r.id for r in result.triage.reasons}):
        return result
    note = log_note(episode, result.assessed_at, content, result.answers,
                    elsewhere(log.episodes, episode, result.assessed_at))
    return result if note is None else replace(result, notes=[*result.notes, note])


class LogRead(msgspec.Struct):
    """The open episode as read before the questions, without the log's lock: a check in
    it takes its onset, and a warning sign saved in it leads the result."""

    episode: "Episode | None" = None
    episodes: "list[Episode]" = []
    """Every episode of the log: the one ended last may have doses that still count."""
    problem: BackcareError | None = None
    """The log could not be read: said once the result is shown."""
    new_spasm: bool = False
    """The person said the check is about another spasm than the episode's."""


def _read_log(save: bool) -> LogRead:
    """The open episode, read without the lock and never waited on; a log that cannot be
    read never stops the check."""
    if not save and not os.path.lexists(paths.state_file()):
        return LogRead()  # no log: no finding to lead the result, no episode to keep it in
    try:
        kept = state.load(paths.state_file()).state
        return LogRead(episode=kept.open_episode(), episodes=kept.episodes)
    except BackcareError as exc:
        return LogRead(problem=exc)


def _conclude(result: "Assessment", content: "Content", asked: Asked, log: LogRead) -> None:
    """Show the result, then keep it, write the handout and say what happened.

    The result is shown before anything waits on a file or a lock. The log is only read
    first, never waited on, for a warning sign saved earlier that leads the result; the
    check is kept after it is shown, so a held lock or a broken file can neither delay nor
    hide it."""
    outcome = _lead(result, content, asked.save, log)
    try:
        _show(outcome.shown, content, asked.json_out, asked.explain, asked.plain)
        closed = False
    except BrokenPipeError:  # the reader went away (`| head`): what was asked is still kept
        closed = True
    _keep(result, content, asked.save, asked.interactive, outcome, log.new_spasm)
    if asked.output_file is not None and asked.handout_format is not None:
        outcome.notes += _write_handout(outcome.shown, content, asked.handout_format,
                                        asked.output_file, outcome)
    if closed:
        raise BrokenPipeError
    level = outcome.shown.triage.level
    if outcome.problem is not None:
        if asked.refused is not None:  # said too, as every error is; the file problem weighs more
            output.message(f"backcare: {asked.refused.message}")
        _fail(outcome.problem, asked, level)
    if asked.refused is not None:
        for note in outcome.notes:
            output.message(note)
        _fail(asked.refused, asked, level)
    if asked.interactive and not outcome.saved and plan_allowed(level):
        # The result is long: say the level again where the person's eyes are.
        output.message("\n" + _("Result: {level}.").format(level=outcome.shown.triage.banner))
        if prompts.confirm(content.questions.save, default=True):
            _keep(result, content, True, asked.interactive, outcome, log.new_spasm)
            if outcome.problem is not None:
                _fail(outcome.problem, asked, level)
    for note in outcome.notes:
        output.message(note)
    if asked.exit_code:
        raise typer.Exit(EXIT_CODES[level])


def _fail(problem: BackcareError, asked: Asked, level: Level) -> NoReturn:
    """A problem found after the result is shown. With --exit-code, a level above self-care
    outranks it, so that a script routing on the code never takes a warning sign for a file
    fault or a bad name; the problem is still said, on stderr."""
    if asked.exit_code and level != "self-care":
        output.message(f"backcare: {problem.message}")
        raise typer.Exit(EXIT_CODES[level])
    raise problem


class CheckOutcome(msgspec.Struct):
    """What keeping a check did: the result as shown (led by any standing finding), what to
    tell the person, and a problem to report once the result is on the screen."""

    shown: "Assessment"
    episode_open: bool = False
    saved: bool = False
    notes: list[str] = []
    problem: "BackcareError | None" = None


def _kiosk(clinic: Path | None, explain: bool, plain: bool) -> None:
    if not output.can_prompt():
        raise InputError(_("--kiosk needs a terminal: it is for a waiting-room screen"))
    require_ready(clinic, kiosk=True)
    chosen = language.current()
    first = chosen.lang if chosen.chosen else load_content(clinic).clinic.language or chosen.lang
    kiosk_mode.run(lambda: load_content(clinic), first, explain, output.wants_plain(plain))


def _handout_format(output_file: Path | None) -> str | None:
    """The handout's format, or an InputError for a bad output file."""
    if output_file is None:
        return None

    check_writable(output_file)
    return choose_format(None, output_file, flag=None)


def _given(flags: dict[str, Any], answers: str | None, interactive: bool,
           clinic: Path | None, now: "datetime") -> "tuple[Content, dict[str, Any]]":
    """The answers given without prompts, checked: the file's and the flags' together."""
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
    # Answers given together must fit each other (an age and a condition given by age)
    # before the first question, so that no one answers everything only to be refused.
    check_answers(Answers(conditions=given.get("conditions") or [], age=given.get("age")),
                  content)
    return content, given


def _why_no_questions(said: str) -> str:
    """Why backcare cannot ask: name the end that is not a terminal, when that is why."""
    if output.is_terminal(sys.stdin) and not output.is_terminal(sys.stdout):
        return _("the output is not a terminal, so backcare cannot ask its questions here; "
                 "run it without a pipe, or answer by flags: {reason}").format(reason=said)
    if output.is_terminal(sys.stdout) and not output.is_terminal(sys.stdin):
        return _("the input is not a terminal, so backcare cannot ask its questions here; "
                 "answer by flags: {reason}").format(reason=said)
    return said


def _lead(result: "Assessment", content: "Content", save: bool, log: LogRead
          ) -> CheckOutcome:
    """The result as shown: led by the open episode's standing finding. A log that could
    not be read is said after."""
    outcome = CheckOutcome(shown=result)
    if log.problem is not None:
        if save:
            outcome.problem = log.problem
            return outcome
        # Nothing was to be kept: the result stands, and the person hears what was not read.
        outcome.notes.append(_("Note: {problem}; a warning sign saved earlier could not be "
                               "read, so it is not shown here.").format(
            problem=log.problem.message.splitlines()[0]))
        return outcome
    outcome.episode_open = log.episode is not None
    outcome.shown = lead(result, log.episode, content)
    return outcome


def _keep(result: "Assessment", content: "Content", save: bool, interactive: bool,
          outcome: CheckOutcome, new_spasm: bool = False) -> None:
    """Keep the check when the rules say so, under the log's lock: only once the result is
    on the screen."""
    if outcome.problem is not None or not keeps_check(result.triage.level, save, interactive,
                                                      outcome.episode_open):
        return
    try:
        with updating() as loaded:
            kept = keep_check(loaded.state, result, content,
                              archived=archive.highest_archived(paths.state_file()),
                              new_spasm=new_spasm)
            loaded.state = kept.state
    except BackcareError as exc:
        outcome.problem = exc
        return
    outcome.saved = True
    outcome.notes[:0] = _saved_notes(outcome.shown, content, kept)


def _saved_notes(result: "Assessment", content: "Content", kept: KeptCheck) -> list[str]:
    episode = kept.episode
    if episode.onset_known:
        saved = (_("Started episode {episode} (onset {onset}).") if kept.started
                 else _("Saved to episode {episode} (onset {onset})."))
        notes = [saved.format(episode=episode.id, onset=output.local(episode.onset))]
    else:
        notes = [content.say("started-unknown" if kept.started else "saved-unknown",
                             episode=episode.id)]
    if not plan_allowed(result.triage.level):
        return [*notes, f"{result.triage.banner}. {result.triage.action}"]
    if not episode.onset_known:
        notes.append(content.say("onset-unknown"))
    elif kept.started and result.answers.onset is None:
        notes.append(content.say("onset-not-given"))
    if kept.onset_set:
        notes.append(onset_set_note(episode, result.assessed_at, content))
    if kept.onset_disagrees:
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
                   outcome: CheckOutcome) -> list[str]:
    try:
        return [write_handout(from_assessment(result, content), content, fmt, path)]
    except BackcareError as exc:
        outcome.problem = exc
        return []


def _show(result: "Assessment", content: "Content", json_out: bool, explain: bool,
          plain: bool) -> None:
    if json_out:
        output.print_json(check_payload(result, content))
        return

    is_plain = output.wants_plain(plain)
    render_assessment(output.console(is_plain), result, content, explain, is_plain)
    sys.stdout.flush()  # on the screen before anything waits on the log
