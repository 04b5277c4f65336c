"""The typer app and its one error boundary.

Commands live in `backcare.commands`, one module per capability, each built only when it
is run: `--help` lists them from their summaries. backcare's own modules are imported at
the top of each file; only third-party packages a run may not need are imported late.
"""

from __future__ import annotations

import contextlib
import copy
import importlib
import os
import re
import shutil
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from backcare import language
from backcare.errors import BackcareError, ContentError, InputError
from backcare.language import N_, _
from backcare.loader import emergency_line
from backcare.output import message, wants_plain
from backcare.paths import data_dir
from backcare.translation import read_about
from backcare.version import __version__

CANCEL_EXIT = 130
BROKEN_PIPE_EXIT = 141

HELP = N_("A terminal self-care companion for back spasms: red-flag screening, tiered advice "
          "and an ice/heat clock. Not a diagnosis: in an emergency, call your emergency "
          "number.")


def _fail(text: str, code: int) -> typer.Exit:
    message(f"backcare: {text}")
    return typer.Exit(code)


def describe_language(lang: str) -> language.Described:
    """A language's name and region, from its translation file."""
    about = read_about(data_dir(), lang)
    return language.Described(about.name, about.locale)


def _speak(args: Sequence[str]) -> None:
    """Choose the language before anything is said, help included: --lang wherever it is
    given, then BACKCARE_LANG, then the locale."""
    folder = data_dir()
    if not (folder / "sources.toml").is_file():  # before a language is looked for in it
        raise ContentError(str(folder), _("the content folder is missing; reinstall backcare"),
                           "")
    language.describe_languages(describe_language)
    try:
        choice = language.choose(language.requested(args), os.environ, language.available)
    except language.UnknownLanguage as exc:
        raise InputError(_("unknown language {name!r}; available: {names}").format(
            name=str(exc), names=", ".join(language.available()))) from None
    try:
        language.use(choice)
    except OSError as exc:
        raise BackcareError(_("{path}: cannot read the message catalog ({problem})\n  "
                              "Reinstall backcare to restore it.").format(
            path=exc.filename, problem=exc.strerror or exc)) from None


def _usage_error(exc: Any) -> str:
    """click's usage errors, which it words in English only: said from the catalog when
    the person reads another language, from what the error knows (the option, the
    argument), in one line."""

    text: str = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    if language.current().lang == language.ENGLISH:
        return text
    kind = type(exc).__name__
    param = getattr(exc, "param", None)
    hint = getattr(exc, "param_hint", None) or (param.get_error_hint() if param else None)
    if isinstance(hint, list | tuple):
        hint = " / ".join(repr(h) for h in hint)
    if kind == "MissingParameter" and hint:
        return _("{what} is missing").format(what=hint)
    if kind == "BadParameter" and hint:
        return _("invalid value for {what}").format(what=hint)
    if kind == "NoSuchOption":
        said = _("no such option: {name}").format(name=exc.option_name)
        if exc.possibilities:
            said += " " + _("(did you mean {names}?)").format(
                names=", ".join(sorted(exc.possibilities)))
        return said
    if kind == "BadOptionUsage":
        return _("option {name} needs a value").format(name=exc.option_name)
    extra = re.match(r"Got unexpected extra argument(?:s|\(s\))? \((.*)\)$", text)
    if extra:
        return _("unexpected extra arguments: {words}").format(words=extra.group(1))
    if ". Did you mean " in text:
        first, rest = text.split(". Did you mean ", 1)
        return first + ". " + _("Did you mean {names}").format(names=rest)
    return text


def _translate_help(params: list[Any]) -> None:
    """Options' help is marked for the catalog where it is written, and said here."""
    for param in params:
        text = getattr(param, "help", None)
        if text:
            param.help = _(text)
        if param.metavar:  # what a person types, where it is a word (`ice|heat`)
            param.metavar = _(param.metavar)


class _Spoken:
    """Click's own words in the help, which it does not look up in a catalog: the usage
    line and the help option."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), _("Usage: "))

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = _("Show this message and exit.")
        return option


class _Unvalidated:
    """typer 0.29 builds a pydantic validator for every option before it reads the value;
    importing pydantic and building the first one is half of a short run's time. Two kinds
    of value need no validator, and get what typer's own would return: an option not given
    (None, or empty if repeatable) and text given for a text option (the text). Every other
    value is validated by typer.

    This reads typer's internals (`type_descriptor`), so pyproject.toml bounds typer's
    version; tests/test_typer_paths.py gives every option of every command each kind of
    value, both this way and typer's, and requires the same values or the same error (CI
    runs it at both ends of the range)."""

    def get_params(self, ctx: Any) -> list[Any]:
        params: list[Any] = super().get_params(ctx)  # type: ignore[misc]
        for param in params:
            if not getattr(param, "_unvalidated", False):
                param.process_value = _unvalidated(param, param.process_value)
                param._unvalidated = True
        return params


def _unvalidated(param: Any, validate: Any) -> Any:
    descriptor = getattr(param, "type_descriptor", None)
    plain_text = (descriptor is not None and descriptor.annotation is str
                  and descriptor.file_annotation is None
                  and descriptor.parameter_info.parser is None)

    def process_value(ctx: Any, value: Any) -> Any:
        if value is None and not param.required and descriptor is not None:
            value = () if param.multiple or param.nargs == -1 else None
        elif not (plain_text and isinstance(value, str)):
            return validate(ctx, value)
        return param.callback(ctx, param, value) if param.callback is not None else value

    return process_value


class BackcareCommand(_Unvalidated, _Spoken, TyperCommand):
    pass


class BackcareGroup(_Unvalidated, _Spoken, TyperGroup):
    """Turns domain errors, usage errors and Ctrl-C into a message and an exit code."""

    def __init__(self, *args: Any, table: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = _Commands(self, table)  # type: ignore[assignment]

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self.commands.listing = True  # type: ignore[attr-defined]
        try:
            super().format_help(ctx, formatter)
        finally:
            self.commands.listing = False  # type: ignore[attr-defined]

    def invoke(self, ctx: Any) -> Any:
        try:
            try:
                return super().invoke(ctx)
            finally:
                sys.stdout.flush()
        except KeyboardInterrupt:
            sys.stderr.write("\n")
            raise _fail(_("cancelled; nothing was saved"), CANCEL_EXIT) from None
        except BrokenPipeError:
            # The reader went away (`backcare history | head`): stop quietly, as Unix tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(BROKEN_PIPE_EXIT) from None
        except ContentError as exc:
            clinic = Path(exc.clinic_file) if exc.clinic_file else None
            raise _fail(f"{exc.message}\n{emergency_line(clinic)}", exc.exit_code) from None
        except BackcareError as exc:
            raise _fail(exc.message, exc.exit_code) from None

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        code: int
        try:
            _speak(sys.argv[1:] if args is None else args)
            self.help = _(HELP)
            self.options_metavar = _("[OPTIONS]")
            self.subcommand_metavar = _("COMMAND [ARGS]...")
            _translate_help(self.params)
            rv = super().main(args, prog_name or "backcare", complete_var,
                              standalone_mode=False,
                              windows_expand_args=windows_expand_args, **extra)
            code = rv if isinstance(rv, int) else 0
        except typer.Abort:
            code = CANCEL_EXIT
            sys.stderr.write("\nbackcare: " + _("cancelled; nothing was saved") + "\n")
        except typer.TyperException as exc:
            code = int(getattr(exc, "exit_code", 2))
            text = _usage_error(exc)
            ctx = getattr(exc, "ctx", None)
            if type(exc).__name__ == "NoArgsIsHelpError":
                code = 0  # plain `backcare`: the help is the answer
                if text:
                    sys.stdout.write(text + "\n")
            else:
                hint = (" " + _("(see '{command} --help')").format(command=ctx.command_path)
                        if ctx is not None else "")
                sys.stderr.write(f"backcare: {text}{hint}\n")
        except BackcareError as exc:
            code = exc.exit_code
            said = (f"{exc.message}\n{emergency_line(None)}" if isinstance(exc, ContentError)
                    else exc.message)
            sys.stderr.write(f"backcare: {said}\n")
        except OSError as exc:  # the output itself could not be written (a full disk)
            code = 1
            with contextlib.suppress(OSError):
                sys.stderr.write("backcare: " + _("cannot write the output: {problem}").format(
                    problem=exc.strerror or exc) + "\n")
        except Exception as exc:  # the last line of defence: never a traceback
            if os.environ.get("BACKCARE_DEBUG"):
                raise
            code = 1
            sys.stderr.write("backcare: " + _(
                "unexpected error ({error}); set BACKCARE_DEBUG=1 to see details").format(
                error=f"{type(exc).__name__}: {exc}") + "\n")
        if standalone_mode:
            sys.exit(code)
        return code


app = typer.Typer(
    name="backcare",
    cls=BackcareGroup,
    help=HELP,
    no_args_is_help=True,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"backcare {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True,
                     help=N_("Show the version and exit.")),
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option("--lang", metavar="LANG", show_default=False,
                     help=N_("The language to speak: en or es (also BACKCARE_LANG, or the "
                             "locale).")),
    ] = None,
) -> None:
    """backcare: red-flag screening, tiered self-care advice and an ice/heat clock."""


COMMANDS: dict[str, tuple[str, str, list[str]]] = {
    "check": (N_("Screen for warning signs, then say what to do and which self-care fits."),
              N_("Screen for warning signs, then say what to do and which self-care fits.\n\n"
                 "In a terminal it asks; with --no-input (or no terminal) it takes answers "
                 "from flags and --answers, and the red-flag screen must be answered."),
              [N_("backcare check"),
               N_("backcare check --no-input --no-red-flags --ago 6h --pain 5")]),
    "start": (N_("Open an episode at the onset, so backcare can keep time."),
              N_("Open an episode at the onset of the spasm, so backcare can keep time.\n\n"
                 "In a terminal it offers the warning-sign screen first."),
              [N_("backcare start --ago 6h")]),
    "apply": (N_("Record ice or heat; in a terminal, time it with a countdown."),
              N_("Record one ice or heat application; in a terminal, time it with a "
                 "countdown.\n\nThe countdown never runs past the safe limit for your skin. "
                 "Where a caution of yours says to ask a doctor first, it asks you to confirm "
                 "(--yes in a script)."),
              [N_("backcare apply ice"), N_("backcare apply heat --no-timer --minutes 15")]),
    "pain": (N_("Record a pain score from 0 to 10."),
             N_("Record a pain score, a whole number from 0 to 10, and where it hurts "
                "(--where, the places on the back map that 'backcare check' asks about)."),
             [N_("backcare pain 6 --note 'after work'"),
              N_("backcare pain 5 --where lower-back-right --where below-knee-right")]),
    "move": (N_("Guide one session of gentle movement for the day of your episode."),
             N_("Guide one session of gentle movement: the day's movements, their steps, "
                "and a countdown for each hold. It asks the pain before and after and keeps "
                "the session in the episode. Only after a saved check that says home care "
                "fits, and never while a warning sign stands (exit 11 or 12). Anything the "
                "stop rule names stops the session and asks the warning-sign questions "
                "again."),
             [N_("backcare move"), N_("backcare move --show")]),
    "seen": (N_("Record that a clinician has checked you."),
             N_("Record that a clinician has checked you. From then on, the episode goes by "
                "the checks you make after that moment: a warning sign found before it stops "
                "leading."),
             [N_("backcare seen --note 'urgent care, all clear'")]),
    "dose": (N_("Record a dose of a pain reliever, and say where it stands."),
             N_("Record a dose of a pain reliever you took (in mg, or tablets of the usual "
                "strength), then say where it stands against the label's limits and your "
                "cautions. A dose taken is always recorded; over a limit or beside another "
                "NSAID, it warns and exits 11. backcare keeps count; it does not prescribe."),
             [N_("backcare dose ibuprofen 400"),
              N_("backcare dose acetaminophen 2 tablets --note 'cold remedy'")]),
    "doses": (N_("Each medicine's doses in the last 24 hours against its limit."),
              N_("For each medicine of the episode: the last 24 hours' total against your "
                 "limit, the last dose, when the label allows the next and how many days you "
                 "have used it."),
              [N_("backcare doses"), N_("backcare doses --json")]),
    "undo": (N_("Take back the latest entry, after you confirm."),
             N_("Show the most recent entry of the open episode (a pain score, an ice or heat "
                "session, a dose, a check, or a clinician's visit) and remove it after you "
                "confirm."),
             [N_("backcare undo")]),
    "status": (N_("Where you are in the ice/heat window and what to do now."),
               N_("The phase, what to do now, the next session, the last one and the pain "
                  "trend."),
               [N_("backcare status"), N_("backcare status --json")]),
    "history": (N_("Every episode with its checks, sessions and pain scores."),
                N_("Every episode with its assessments, applications and pain entries."),
                [N_("backcare history --json")]),
    "end": (N_("Close the open episode."),
            N_("Close the open episode, after you confirm in a terminal (--yes in scripts). "
               "'backcare reopen' takes it back."),
            [N_("backcare end"), N_("backcare end --yes")]),
    "reopen": (N_("Open again the episode ended last."),
               N_("Open again the episode ended last, if you ended it by mistake; refused "
                  "while another episode is open."),
               [N_("backcare reopen")]),
    "report": (N_("A handout of the episode: Markdown, HTML or JSON."),
               N_("A summary of the episode for the clinician or the fridge."),
               [N_("backcare report -o summary.html")]),
    "plan": (N_("The next ice or heat sessions, on screen or as calendar reminders."),
             N_("The open episode's next ice or heat sessions: on screen, or as reminders for "
                "a phone calendar with --ics."),
             [N_("backcare plan"), N_("backcare plan --ics reminders.ics")]),
    "demo": (N_("Play a scenario without touching your data."),
             N_("Show a whole episode in two minutes without touching anyone's data."),
             [N_("backcare demo --list"), N_("backcare demo lifting-day-1")]),
    "content": (N_("Every content item with its source: a review sheet for the clinic."),
                N_("Every content item with its id and source, in English and in the chosen "
                   "language side by side, with the translation's review status: a sheet for "
                   "the clinic to review."),
                [N_("backcare content --lang es --format html -o review.html")]),
    "clinic": (N_("Set up a clinic's profile: init, check, pin."),
               N_("A clinic's profile: its name and numbers, its languages and the kiosk's "
                  "staff PIN. 'init' writes a commented template, 'check' lists every "
                  "problem at once, 'pin' sets the staff PIN."),
               [N_("backcare clinic init"), N_("backcare clinic check")]),
    "forget": (N_("Delete all of backcare's data, after you confirm."),
               N_("Delete all of backcare's data (episodes, applications, pain) after a "
                  "confirmation."),
               [N_("backcare forget")]),
}
"""Each command's one-line summary for `backcare --help`, its own help, and examples (in the
catalog too: a translation may show `apply hielo`)."""

GROUPS: dict[str, dict[str, tuple[str, str, list[str]]]] = {
    "clinic": {
        "init": (N_("Write a commented clinic profile to fill in; never overwrites."),
                 N_("Write a clinic profile template: every field, what it means and an "
                    "example, and a section for each other language. It never overwrites a "
                    "file. In a terminal, it then offers to set the staff PIN."),
                 [N_("backcare clinic init"), N_("backcare clinic init riverside.toml")]),
        "check": (N_("List every problem of a clinic profile; exit 1 if any."),
                  N_("List every problem of a clinic profile at once: missing fields, a bad "
                     "emergency number, a missing translation, escape sequences, text too "
                     "long for the screen, no staff PIN. Exits 1 if there is any. The kiosk "
                     "and the demos run it first."),
                  [N_("backcare clinic check"), N_("backcare clinic check riverside.toml")]),
        "pin": (N_("Set the kiosk's staff PIN; the profile keeps only its salted hash."),
                N_("Set the kiosk's staff PIN (4 to 12 digits). In a terminal it asks twice "
                   "without showing it; a script gives it on stdin. The profile keeps only a "
                   "salted hash; its comments and other lines stay as they were."),
                [N_("backcare clinic pin"), N_("echo 4921 | backcare clinic pin")]),
    },
}
"""Commands with commands of their own, as COMMANDS: `backcare clinic check`."""


MODULES: dict[str, str] = {
    "check": "check", "start": "lifecycle", "apply": "log", "pain": "log", "seen": "log",
    "dose": "dose", "doses": "dose", "undo": "log", "status": "status", "move": "move",
    "history": "lifecycle", "end": "lifecycle", "reopen": "lifecycle",
    "report": "report", "plan": "plan", "demo": "demo", "content": "sheet",
    "forget": "lifecycle", "clinic": "clinic",
}
"""Each command's module in `backcare.commands`, where a function of its name runs it."""


class _Commands(Mapping[str, Any]):
    """The commands, in the order a person meets them, each built when it is first asked
    for: a run imports and reads the signature of the one command it runs, not all of them
    (typer would build every command at start-up). Each is built in the language chosen for
    the run, and takes --lang as the whole program does."""

    def __init__(self, group: BackcareGroup, table: str = "") -> None:
        self.root = group
        """The group that takes --lang: the program's own, for a group's commands too."""
        self._table = GROUPS[table] if table else COMMANDS
        self._module = MODULES[table] if table else ""
        """A group's commands are functions of its one module."""
        self._built: dict[str, Any] = {}
        self.listing = False
        """True while `backcare --help` lists the commands: each is then only its summary,
        so listing them imports none of them."""

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)

    def __getitem__(self, name: str) -> Any:
        if self.listing and name not in self._built:
            summary, text, _examples = self._table[name]
            return TyperCommand(name=name, short_help=_(summary), help=_(text))
        if name in GROUPS and self._table is COMMANDS:
            return self._built.setdefault(name, self._subgroup(name))
        if name not in self._built:
            from typer.main import get_command_from_info
            from typer.models import CommandInfo

            module = importlib.import_module(
                f"backcare.commands.{self._module or MODULES[name]}")
            callback = getattr(module, name)
            summary, text, examples = self._table[name]
            # `pain -3` is a score out of range, `dose ibuprofen -200` an amount, not options
            settings = ({"ignore_unknown_options": True} if name in ("pain", "dose")
                        else None)
            info = CommandInfo(name=name, cls=BackcareCommand, short_help=_(summary),
                               help=_(text), context_settings=settings, callback=callback,
                               epilog=_("Examples:") + " " + "  |  ".join(map(_, examples)))
            command = get_command_from_info(
                info, pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode)
            _translate_help(command.params)
            command.options_metavar = _("[OPTIONS]")
            lang = next(p for p in self.root.params if p.name == "lang")
            shared = copy.copy(lang)
            shared.expose_value = False  # chosen before the command runs
            command.params.append(shared)
            self._built[name] = command
        return self._built[name]

    def _subgroup(self, name: str) -> BackcareGroup:
        summary, text, examples = COMMANDS[name]
        group = BackcareGroup(name=name, table=name, short_help=_(summary), help=_(text),
                              no_args_is_help=True, rich_markup_mode=app.rich_markup_mode,
                              epilog=_("Examples:") + " " + "  |  ".join(map(_, examples)))
        group.options_metavar = _("[OPTIONS]")
        group.subcommand_metavar = _("COMMAND [ARGS]...")
        group.context_settings = {"help_option_names": ["-h", "--help"]}
        group.commands.root = self.root  # type: ignore[attr-defined]
        return group


def main() -> None:
    if wants_plain(False):
        app.rich_markup_mode = None  # help without boxes when piped, NO_COLOR or TERM=dumb

    # help wraps to the terminal, a narrow or dumb one too (click assumes 80, at least 50)
    columns = max(20, shutil.get_terminal_size().columns)
    app(terminal_width=columns, max_content_width=columns)
