"""Where output goes and how it looks: plain or rich, JSON on stdout, messages on stderr."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import textwrap
from datetime import datetime
from typing import TYPE_CHECKING, Any

from backcare.language import _, ngettext, shown_time

if TYPE_CHECKING:
    from rich.console import Console


def is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def can_prompt() -> bool:
    """Prompt only when both stdin and stdout are terminals."""
    return is_terminal(sys.stdin) and is_terminal(sys.stdout)


def wants_plain(plain_flag: bool) -> bool:
    """No colour and no box drawing: asked for, NO_COLOR, TERM=dumb, or not a terminal."""
    return (
        plain_flag
        or bool(os.environ.get("NO_COLOR"))
        or os.environ.get("TERM") == "dumb"
        or not is_terminal(sys.stdout)
    )


def console(plain: bool, file: Any = None) -> Console:
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            """Let the CLI's error boundary stop quietly (rich would exit 1)."""
            self.quiet = True
            raise BrokenPipeError

    if plain:
        file = _NoTrailingSpaces(file or sys.stdout)
    width = height = None
    if os.environ.get("TERM") == "dumb":
        # rich assumes 80x25 on a dumb terminal (Emacs shell, screen readers) unless told

        width, height = shutil.get_terminal_size()
    return _Console(
        file=file,
        width=width,
        height=height,
        no_color=plain,
        color_system=None if plain else "auto",
        highlight=False,
        emoji=False,
        markup=False,
    )


class _NoTrailingSpaces:
    """A stream that drops the spaces rich leaves at the end of wrapped lines, so plain
    output reads cleanly in a screen reader, a diff or a file."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(_TRAILING.sub("\n", text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


_TRAILING = re.compile(r"[ \t]+\n")


def print_json(payload: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")


def message(text: str) -> None:
    """A note for the person, on stderr so that stdout stays clean for scripts; wrapped
    between words when stderr is a terminal."""
    if is_terminal(sys.stderr):
        width = max(20, shutil.get_terminal_size().columns - 1)
        text = "\n".join(textwrap.fill(part, width, break_long_words=False,
                                        break_on_hyphens=False) if part else ""
                         for part in text.split("\n"))
    sys.stderr.write(text + "\n")


def local(moment: datetime) -> str:
    """A moment as a person reads it: their own time zone, day and time, in their language."""
    return shown_time(moment)


def minutes(n: float) -> str:
    """'1 minute', '15 minutes'; a part of a minute in minutes and seconds: '1 min 7 s',
    '45 s'."""
    whole, seconds = divmod(round(n * 60), 60)
    if seconds == 0:
        return ngettext("{n} minute", "{n} minutes", whole).format(n=whole)
    if whole == 0:
        return _("{seconds} s").format(seconds=seconds)
    return _("{minutes} min {seconds} s").format(minutes=whole, seconds=seconds)


def printable(text: str) -> str:
    """Text a person typed, made safe to show: control characters become visible escapes,
    so a note can never move the cursor, retitle the terminal or change colours."""
    return "".join(
        ch if ch.isprintable() or ch in "\n\t" else repr(ch)[1:-1] for ch in text
    )
