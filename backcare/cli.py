"""The typer app and its one error boundary.

Commands live in `backcare.commands`, one module per capability. Each keeps its
heavy imports inside the function, so `--help` and scripted runs stay fast.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from backcare import __version__
from backcare.errors import BackcareError, ContentError

CANCEL_EXIT = 130
BROKEN_PIPE_EXIT = 141


def _fail(text: str, code: int) -> typer.Exit:
    from backcare.output import message

    message(f"backcare: {text}")
    return typer.Exit(code)


class BackcareGroup(TyperGroup):
    """Turns domain errors, usage errors and Ctrl-C into a message and an exit code."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = _Commands()  # type: ignore[assignment]

    def invoke(self, ctx: Any) -> Any:
        try:
            try:
                return super().invoke(ctx)
            finally:
                sys.stdout.flush()
        except KeyboardInterrupt:
            sys.stderr.write("\n")
            raise _fail("cancelled; nothing was saved", CANCEL_EXIT) from None
        except BrokenPipeError:
            # The reader went away (`backcare history | head`): stop quietly, as Unix tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(BROKEN_PIPE_EXIT) from None
        except ContentError as exc:
            from pathlib import Path

            from backcare.content import emergency_line

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
            rv = super().main(args, prog_name or "backcare", complete_var,
                              standalone_mode=False,
                              windows_expand_args=windows_expand_args, **extra)
            code = rv if isinstance(rv, int) else 0
        except typer.Abort:
            code = CANCEL_EXIT
            sys.stderr.write("\nbackcare: cancelled; nothing was saved\n")
        except typer.TyperException as exc:
            code = int(getattr(exc, "exit_code", 2))
            text = exc.format_message() if hasattr(exc, "format_message") else str(exc)
            ctx = getattr(exc, "ctx", None)
            if type(exc).__name__ == "NoArgsIsHelpError":
                code = 0  # plain `backcare`: the help is the answer
                if text:
                    sys.stdout.write(text + "\n")
            else:
                hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
                sys.stderr.write(f"backcare: {text}{hint}\n")
        except OSError as exc:  # the output itself could not be written (a full disk)
            code = 1
            with contextlib.suppress(OSError):
                sys.stderr.write(f"backcare: cannot write the output: "
                                 f"{exc.strerror or exc}\n")
        except Exception as exc:  # the last line of defence: never a traceback
            if os.environ.get("BACKCARE_DEBUG"):
                raise
            code = 1
            sys.stderr.write(f"backcare: unexpected error ({type(exc).__name__}: {exc}); "
                             "set BACKCARE_DEBUG=1 to see details\n")
        if standalone_mode:
            sys.exit(code)
        return code


app = typer.Typer(
    name="backcare",
    cls=BackcareGroup,
    help="A terminal self-care companion for back spasms: red-flag screening, "
    "tiered advice and an ice/heat clock. Not a diagnosis: in an emergency, call your "
    "emergency number.",
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
                     help="Show the version and exit."),
    ] = False,
) -> None:
    """backcare: red-flag screening, tiered self-care advice and an ice/heat clock."""


COMMANDS: dict[str, tuple[str, list[str]]] = {
    "check": ("Screen for warning signs, then say what to do and which self-care fits.",
              ["backcare check", "backcare check --no-input --no-red-flags --ago 6h --pain 5"]),
    "start": ("Open an episode at the onset, so backcare can keep time.",
              ["backcare start --ago 6h"]),
    "apply": ("Record ice or heat; in a terminal, time it with a countdown.",
              ["backcare apply ice", "backcare apply heat --no-timer --minutes 15"]),
    "pain": ("Record a pain score from 0 to 10.", ["backcare pain 6 --note 'after work'"]),
    "seen": ("Record that a clinician has checked you.",
             ["backcare seen --note 'urgent care, all clear'"]),
    "undo": ("Take back the latest entry, after you confirm.", ["backcare undo"]),
    "status": ("Where you are in the ice/heat window and what to do now.",
               ["backcare status", "backcare status --json"]),
    "history": ("Every episode with its checks, sessions and pain scores.",
                ["backcare history --json"]),
    "end": ("Close the open episode.", ["backcare end"]),
    "report": ("A handout of the episode: Markdown, HTML or JSON.",
               ["backcare report -o summary.html"]),
    "plan": ("The next ice or heat sessions, on screen or as calendar reminders.",
             ["backcare plan", "backcare plan --ics reminders.ics"]),
    "demo": ("Play a scenario without touching your data.",
             ["backcare demo --list", "backcare demo lifting-day-1"]),
    "forget": ("Delete all of backcare's data, after you confirm.", ["backcare forget"]),
}
"""Each command's one-line summary for `backcare --help`, and examples for its own help."""


MODULES: dict[str, str] = {
    "check": "check", "start": "episode", "apply": "log", "pain": "log", "seen": "log",
    "undo": "log", "status": "status", "history": "episode", "end": "episode",
    "report": "report", "plan": "plan", "demo": "demo", "forget": "episode",
}
"""Each command's module in `backcare.commands`, where a function of its name runs it."""


class _Commands(Mapping[str, Any]):
    """The commands, in the order a person meets them, each built when it is first asked
    for: a run imports and reads the signature of the one command it runs, not all of them
    (typer would build every command at start-up)."""

    def __init__(self) -> None:
        self._built: dict[str, Any] = {}

    def __iter__(self) -> Iterator[str]:
        return iter(COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS)

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            import importlib

            from typer.main import get_command_from_info
            from typer.models import CommandInfo

            module = importlib.import_module(f"backcare.commands.{MODULES[name]}")
            callback = getattr(module, name)
            summary, examples = COMMANDS[name]
            # `pain -3` is a score out of range, not an unknown option
            settings = {"ignore_unknown_options": True} if name == "pain" else None
            info = CommandInfo(name=name, short_help=summary, context_settings=settings,
                               epilog="Examples: " + "  |  ".join(examples), callback=callback)
            self._built[name] = get_command_from_info(
                info, pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode)
        return self._built[name]


def main() -> None:
    from backcare.output import wants_plain

    if wants_plain(False):
        app.rich_markup_mode = None  # help without boxes when piped, NO_COLOR or TERM=dumb
    import shutil

    # help wraps to the terminal, a narrow or dumb one too (click assumes 80, at least 50)
    columns = max(20, shutil.get_terminal_size().columns)
    app(terminal_width=columns, max_content_width=columns)
