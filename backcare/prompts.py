"""Every prompt backcare shows. Nothing else imports questionary.

Two ways to answer. The full-screen picker (questionary) for an ordinary terminal; and
line mode, for screen readers and dumb terminals (`TERM=dumb`, `--line-mode`,
`BACKCARE_LINE_MODE=1`): numbered lists, answers typed as numbers, never a cursor move or
a redraw. Line mode does not import questionary at all.

Callers must check `output.can_prompt()` first: questionary does no TTY check of its own.
Ctrl-C raises KeyboardInterrupt in both (questionary's `unsafe_ask` way), so the CLI's
error boundary can exit 130 without writing anything, and the kiosk can start over.
"""

from __future__ import annotations

import contextlib
import os
import re
import select
import shutil
import signal
import sys
import textwrap
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from backcare.language import N_, _

NONE = "__none__"
LIST_ROWS = 12
"""Rows a list needs below a picture: the question, a few choices and the full wording."""
_MARK = re.compile(r"\[(\d+)\]")
_forced_line_mode = False
_idle_seconds: float | None = None


class Idle(Exception):
    """No key was pressed within the idle limit: the kiosk starts over."""


class GoBack(Exception):
    """The person pressed b (or typed it in line mode): back to the previous question."""


_back = False
_stop_keys = False


STOP_SIGNALS = {signal.SIGINT, signal.SIGQUIT, signal.SIGTSTP}


@contextlib.contextmanager
def stop_keys_start_over() -> Iterator[None]:
    """Inside, Ctrl-C, Ctrl-Z, Ctrl-\\ and Ctrl-D raise KeyboardInterrupt from the prompt
    they are pressed at, and nowhere else: the kiosk starts over on each.

    The picker reads them as keys. The terminal turns them into signals, which are held
    back (blocked) except while line mode waits for a line, so that a key held down
    between two prompts never interrupts backcare halfway through its own work."""
    global _stop_keys

    def start_over(_signum: int, _frame: Any) -> None:
        raise KeyboardInterrupt

    handlers = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}
    before, _stop_keys = _stop_keys, True
    for sig in STOP_SIGNALS:
        signal.signal(sig, start_over)
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    flow = _no_flow_control()
    try:
        yield
    finally:
        if flow is not None:
            import termios

            with contextlib.suppress(OSError, termios.error):
                termios.tcsetattr(sys.stdin.fileno(), termios.TCSADRAIN, flow)
        _stop_keys = before
        for sig in STOP_SIGNALS:  # a key pressed since is dropped, not delivered on the way out
            signal.signal(sig, signal.SIG_IGN)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


def _no_flow_control() -> list[Any] | None:
    """Ctrl-S would freeze the terminal's output (XON/XOFF flow control) and leave one
    person's screen up for the next: turned off for the kiosk. The settings before."""
    import termios

    try:
        fd = sys.stdin.fileno()
        before = termios.tcgetattr(fd)
        quiet = [before[0] & ~termios.IXON, *before[1:]]
        termios.tcsetattr(fd, termios.TCSADRAIN, quiet)
    except (OSError, ValueError, termios.error):
        return None
    return before


@contextlib.contextmanager
def _stop_keys_heard() -> Iterator[None]:
    """Line mode's wait for a line, the one place the stop keys arrive as signals."""
    if not _stop_keys:
        yield
        return
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)


@contextlib.contextmanager
def back_allowed(on: bool = True) -> Iterator[None]:
    """Inside, b goes back from every prompt (a number or a word only when nothing is
    typed yet), raising GoBack."""
    global _back
    before, _back = _back, on
    try:
        yield
    finally:
        _back = before


def going_back_allowed() -> bool:
    return _back


def _back_hint() -> str:
    return " " + _("(b goes back)") if _back else ""


@contextlib.contextmanager
def idle_after(seconds: float | None) -> Iterator[None]:
    """Every prompt inside raises Idle when no key comes for `seconds` (None: it waits)."""
    global _idle_seconds
    before, _idle_seconds = _idle_seconds, seconds
    try:
        yield
    finally:
        _idle_seconds = before


def _drop_typed_ahead() -> None:
    """Keys pressed before a question is on the screen are not its answer: a second Enter
    on one screen must not tick the first warning sign of the next."""
    import termios

    with contextlib.suppress(OSError, ValueError, termios.error):
        if os.isatty(sys.stdin.fileno()):
            termios.tcflush(sys.stdin.fileno(), termios.TCIFLUSH)


def _input(prompt: str) -> str:
    """A line typed, as `input()` reads it, within the idle limit if one is set."""
    _drop_typed_ahead()
    if _idle_seconds is None:
        with _stop_keys_heard():
            line = input(prompt)
        return _back_or(line)
    sys.stdout.write(prompt)
    sys.stdout.flush()
    with _stop_keys_heard():
        ready, _w, _x = select.select([sys.stdin], [], [], max(0.0, _idle_seconds))
        if not ready:
            sys.stdout.write("\n")
            raise Idle
        line = sys.stdin.readline()
    if not line:
        raise EOFError
    return _back_or(line.rstrip("\r\n"))


def _back_or(line: str) -> str:
    if _back and line.strip().lower() == "b":
        raise GoBack
    return line


def _hidden_input(prompt: str) -> str:
    """A line typed without being shown (a PIN), within the idle limit."""
    import termios

    fd = sys.stdin.fileno()
    if not os.isatty(fd):
        return _input(prompt)
    before = termios.tcgetattr(fd)
    hidden = [*before[:3], before[3] & ~termios.ECHO, *before[4:]]
    termios.tcsetattr(fd, termios.TCSAFLUSH, hidden)
    try:
        return _input(prompt)
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, before)
        sys.stdout.write("\n")
        sys.stdout.flush()


def _run(question: Any) -> Any:
    """Ask a questionary question (or run a prompt_toolkit application); within the idle
    limit, each key starting it again, if one is set."""
    app = getattr(question, "application", question)
    if _back:
        _bind_back(app)
    if _stop_keys:
        _bind_stop_keys(app)
    seconds = _idle_seconds
    if seconds is not None:
        def arm() -> None:
            import asyncio

            def expire() -> None:
                with contextlib.suppress(Exception):  # already answered as it expired
                    app.exit(exception=Idle())

            loop = asyncio.get_running_loop()
            timer = [loop.call_later(seconds, expire)]

            def restart(_processor: Any) -> None:
                timer[0].cancel()
                timer[0] = loop.call_later(seconds, expire)

            app.key_processor.before_key_press += restart

        app.pre_run_callables.append(arm)
    _drop_typed_ahead()
    from prompt_toolkit.input.typeahead import clear_typeahead

    clear_typeahead(app.input)  # keys the last prompt read but did not use
    return app.run()


def _bind_back(app: Any) -> None:
    from prompt_toolkit.filters import Condition
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    back = KeyBindings()
    nothing_typed = Condition(lambda: app.current_buffer.text == "")

    @back.add("b", filter=nothing_typed)
    @back.add("B", filter=nothing_typed)
    def go_back(event: Any) -> None:
        event.app.exit(exception=GoBack())

    app.key_bindings = merge_key_bindings([b for b in (app.key_bindings, back) if b])


def _bind_stop_keys(app: Any) -> None:
    from prompt_toolkit.key_binding import KeyBindings, merge_key_bindings

    stop = KeyBindings()

    @stop.add("c-z")
    @stop.add("c-\\")
    @stop.add("c-d")
    def start_over(event: Any) -> None:
        event.app.exit(exception=KeyboardInterrupt())

    @stop.add("c-o")  # emacs's "accept and get next": it answered a list with nothing
    def nothing(event: Any) -> None:
        """Does nothing."""

    app.key_bindings = merge_key_bindings([b for b in (app.key_bindings, stop) if b])


def use_line_mode(on: bool = True) -> None:
    global _forced_line_mode
    _forced_line_mode = on


def line_mode() -> bool:
    return (_forced_line_mode or os.environ.get("TERM") == "dumb"
            or os.environ.get("BACKCARE_LINE_MODE", "") not in ("", "0"))


def _columns() -> int:
    return shutil.get_terminal_size().columns


def _wrapped(text: str, indent: str = "", rest: str | None = None, width: int = 0) -> str:
    """Text wrapped between words to the terminal; a long word moves to the next line whole."""
    return textwrap.fill(text, width=max(20, width or _columns() - 1), initial_indent=indent,
                         subsequent_indent=indent if rest is None else rest,
                         break_long_words=False, break_on_hyphens=False)


def echo(labels: Sequence[str]) -> str:
    """The answer repeated in words, as both ways of answering say it."""
    return _("You chose: {answers}").format(
        answers="; ".join(labels) if labels else _("none of them"))


def _say(text: str) -> None:
    """A line of the conversation, wrapped between words to the terminal."""
    lines = [_wrapped(part) if part else "" for part in text.split("\n")]
    sys.stdout.write("\n".join(lines) + "\n")
    sys.stdout.flush()


# ------------------------------------------------------------------------------ line mode


def _ask_line(question: str) -> str:
    _say(_wrapped(question))
    return _input("> ").strip()


def _within(text: str, low: int, high: int) -> int | None:
    """A whole number typed from `low` to `high`, or None: ASCII digits only ("²" is a digit
    to isdigit but not to int), and never converted when too long to be in range."""
    said = text.strip()
    if not (said.isascii() and said.isdigit()) or len(said.lstrip("0")) > len(str(high)):
        return None
    value = int(said)
    return value if low <= value <= high else None


def _numbers(text: str) -> list[int] | None:
    parts = text.replace(",", " ").split()
    picked = [_within(p, 0, 999) for p in parts]
    if not parts or None in picked:
        return None
    return [n for n in picked if n is not None]


def _line_checklist(question: str, choices: Sequence[tuple[str, str, str]],
                    none_label: str | None, alone: set[str]) -> list[str]:
    """Numbers typed. "None" is 0 (or the list's own "not sure" line), and goes alone."""
    _say(_wrapped(question))
    if none_label:
        _say(_wrapped(f"0. {none_label}", rest="   "))
    for n, (_key, label, detail) in enumerate(choices, 1):
        _say(_wrapped(f"{n}. {detail or label}", rest=" " * (len(str(n)) + 2)))
    how = (_("Type the numbers that apply, separated by spaces or commas, or 0 for {none}."
             ).format(none=none_label) if none_label else
           _("Type the numbers that apply, separated by spaces or commas."))
    how += _back_hint()
    low = 0 if none_label else 1
    labels = {0: none_label or "", **{n: detail or label for n, (_k, label, detail)
                                      in enumerate(choices, 1)}}
    keys = {0: NONE, **{n: key for n, (key, _l, _d) in enumerate(choices, 1)}}
    while True:
        picked = _numbers(_input(_wrapped(how) + "\n> ").strip())
        if picked is None:
            example = " ".join(str(n) for n in range(1, min(len(choices), 2) + 1))
            _say(_wrapped(_("Please type 0 for {none}, or numbers from the list, such as "
                            "{example}.").format(none=none_label, example=example)
                          if none_label else
                          _("Please type numbers from the list, such as {example}.").format(
                              example=example)))
            continue
        wrong = [p for p in picked if not low <= p <= len(choices)]
        if wrong:
            _say(_wrapped(_("There is no choice {number}: use {low} to {high}.").format(
                number=wrong[0], low=low, high=len(choices))))
            continue
        chosen = list(dict.fromkeys(picked))
        lone = next((p for p in chosen if keys[p] in alone), None)
        if lone is not None and len(chosen) > 1:
            _say(_wrapped(_("{number} ({label}) can't go with other numbers.").format(
                number=lone, label=labels[lone])))
            continue
        _say(echo([labels[p] for p in chosen]))
        return [keys[p] for p in chosen if keys[p] != NONE]


def _line_choose(question: str, choices: Sequence[tuple[str, str]], said: bool = True,
                 hint: Callable[[str], str] = _) -> str:
    _say(_wrapped(question + _back_hint()))
    for n, (_key, label) in enumerate(choices, 1):
        _say(_wrapped(f"{n}. {label}", rest=" " * (len(str(n)) + 2)))
    while True:
        picked = _numbers(_input(hint(N_("Type one number, 1 to {high}.")).format(
            high=len(choices)) + "\n> "))
        if picked is None or len(picked) != 1 or not 1 <= picked[0] <= len(choices):
            _say(hint(N_("Please type one number from 1 to {high}.")).format(
                high=len(choices)))
            continue
        key, label = choices[picked[0] - 1]
        if said:
            _say(echo([label]))
        return key


def _line_number(question: str, low: int, high: int, default: int | None) -> int:
    while True:
        text = _ask_line(_("{question}. Type a number from {low} to {high}.").format(
            question=question.rstrip("."), low=low, high=high) + _kept_hint(default)
            + _back_hint())
        value = _within(text, low, high) if text or default is None else default
        if value is not None:
            _say(echo([str(value)]))
            return value
        _say(_("Please type a whole number from {low} to {high}.").format(low=low, high=high))


def _line_confirm(question: str, default: bool) -> bool:
    yes, no = _answers(_("yes")), _answers(_("no"))
    while True:
        text = _ask_line(f"{question} {_yes_no_hint(default)}{_back_hint()}").lower()
        if not text:
            return default
        if text in ("y", "yes", *yes):
            return True
        if text in ("n", "no", *no):
            return False
        _say(_("Please type y for yes or n for no."))


def _yes_no_hint(default: bool) -> str:
    """'(Y/n)', '(s/N)': the first letters of the person's yes and no, the default upper."""
    yes, no = _answers(_("yes"))[0], _answers(_("no"))[0]
    return f"({yes.upper()}/{no})" if default else f"({yes}/{no.upper()})"


def _answers(word: str) -> tuple[str, ...]:
    """A yes or no typed in the person's language: its first letter first, then the word,
    with and without accents ('s', 'sí', 'si')."""
    word = word.strip().lower() or "?"
    bare = "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))
    return tuple(dict.fromkeys((word[0], word, bare)))


def _line_text(question: str) -> str:
    return _ask_line(question)


# -------------------------------------------------------------------- the full-screen picker


def checklist(
    question: str,
    choices: Sequence[tuple[str, str, str]],
    none_label: str | None = None,
    exclusive: Sequence[str] = (),
    ticked: Sequence[str] | None = None,
    settle: float = 0,
    picture: str = "",
    caption: str = "",
) -> list[str]:
    """Pick any number, or the explicit none. Each choice is (key, short label, detail).

    `none_label` adds "None of these" as the last line; `exclusive` names choices of the
    list's own that mean the same ("Not sure / none of these"). Either kind is never ticked
    with a real answer. Enter with nothing ticked takes the highlighted line; `ticked` are
    ticked at the start (an answer kept when the person went back; empty, it was "none").
    `settle`: seconds before Enter takes an unticked line (the warning signs' lists).
    `picture` (the back map) is drawn above the list where the screen has room, with
    `[n]` marking the nth choice, and `caption` above it; the choices are numbered to
    match. Line mode numbers them anyway and draws nothing.
    """
    items = [*choices, *([(NONE, none_label, "")] if none_label else [])]
    labels = {key: label for key, label, _detail in items}
    if picture and not line_mode():
        choices = [(key, f"{n}. {label}", detail)
                   for n, (key, label, detail) in enumerate(choices, 1)]
        items = [*choices, *items[len(choices):]]
    if ticked is not None and not ticked and none_label:
        ticked = [NONE]
    alone = {NONE, *exclusive}
    if line_mode():
        return _line_checklist(question, choices, none_label, alone)
    picked = _run(_Checklist(question, items, alone, ticked or (), settle, picture, caption
                             ).application())
    _say(_wrapped(f"? {question}"))
    _say(_wrapped(echo([labels[p] for p in picked]), indent="  "))
    return [p for p in picked if p != NONE]


class _Checklist:
    """The full-screen checklist: the list scrolls within the screen with a count of the
    lines above and below, and the highlighted line's full wording is always shown under
    it. Up from the top reaches the last line ("None of these"), as End does."""

    def __init__(self, question: str, items: Sequence[tuple[str, str, str]],
                 alone: set[str], ticked: Sequence[str], settle: float = 0,
                 picture: str = "", caption: str = "") -> None:
        self.question, self.items, self.alone = question, list(items), alone
        self.picture = picture.strip("\n").splitlines()
        self.caption = caption
        self.ticked: list[str] = [k for k, _l, _d in items if k in ticked]
        self.at = 0
        self.top = 0
        self.settled = settle <= 0
        """Until `settle` seconds have passed, Enter takes no line that is not ticked: an
        Enter meant for the screen before never ticks the first warning sign. The hint
        says so by naming Enter only once it works."""
        self.settle = settle

    def tick(self, key: str) -> None:
        if key in self.ticked:
            self.ticked.remove(key)
        elif key in self.alone:
            self.ticked = [key]
        else:
            self.ticked = [k for k in self.ticked if k not in self.alone] + [key]

    def lines(self, columns: int, rows: int) -> list[tuple[str, str]]:
        width = max(20, columns - 1)
        how = _("(space ticks, Enter when done)") if self.settled else _("(space ticks)")
        head = [("class:question", line) for line in textwrap.wrap(
            f"? {self.question} {how}" + _back_hint(),
            width, break_long_words=False, break_on_hyphens=False)]
        _key, label, detail = self.items[self.at]
        about = [("class:detail", line) for line in textwrap.wrap(
            detail or label, width, initial_indent="  ", subsequent_indent="  ",
            break_long_words=False, break_on_hyphens=False)]
        blocks = [self._block(n, width) for n in range(len(self.items))]
        room = max(3, rows - 1 - len(head) - len(about) - 3)
        self.top = min(self.top, self.at)
        while sum(len(b) for b in blocks[self.top:self.at + 1]) > room and self.top < self.at:
            self.top += 1
        shown: list[tuple[str, str]] = []
        last = self.top - 1
        for n in range(self.top, len(blocks)):
            if len(shown) + len(blocks[n]) > room and n > self.at:
                break
            shown += blocks[n]
            last = n
        above = _("  ↑ {count} more above").format(count=self.top) if self.top else ""
        below = (_("  ↓ {count} more below").format(count=len(blocks) - last - 1)
                 if last < len(blocks) - 1 else "")
        return [*head, ("class:more", above), *shown, ("class:more", below), *about]

    def drawing(self, columns: int, rows: int) -> list[list[tuple[str, str]]]:
        """The picture, each line in parts: the highlighted choice's mark reversed, a ticked
        one as `*n*`. Nothing where it would crowd the list (fewer than LIST_ROWS rows left)
        or not fit across."""
        caption = textwrap.wrap(self.caption, max(20, columns - 1), break_long_words=False,
                                break_on_hyphens=False)
        if (not self.picture or max(map(len, self.picture)) >= columns
                or rows - len(self.picture) - len(caption) < LIST_ROWS):
            return []
        drawn = [[("class:detail", line)] for line in caption]
        for line in self.picture:
            parts: list[tuple[str, str]] = []
            at = 0
            for mark in _MARK.finditer(line):
                parts.append(("", line[at:mark.start()]))
                n = int(mark.group(1)) - 1
                key = self.items[n][0] if n < len(self.items) else ""
                text = f"*{n + 1}*" if key in self.ticked else mark.group(0)
                parts.append(("class:pointed" if n == self.at else "class:ticked"
                              if key in self.ticked else "", text))
                at = mark.end()
            drawn.append([*parts, ("", line[at:])])
        return drawn

    def _block(self, n: int, width: int) -> list[tuple[str, str]]:
        key, label, _detail = self.items[n]
        pointer = "»" if n == self.at else " "
        box = "[x]" if key in self.ticked else "[ ]"
        style = "class:pointed" if n == self.at else ""
        return [(style, line) for line in textwrap.wrap(
            label, width, initial_indent=f"{pointer} {box} ", subsequent_indent="      ",
            break_long_words=False, break_on_hyphens=False)]

    def application(self) -> Any:
        from prompt_toolkit.application import Application, get_app
        from prompt_toolkit.key_binding import KeyBindings
        from prompt_toolkit.layout import Layout, Window
        from prompt_toolkit.layout.controls import FormattedTextControl
        from prompt_toolkit.styles import Style

        def text() -> Any:
            size = get_app().output.get_size()
            fragments: list[tuple[str, str]] = []
            drawn = self.drawing(size.columns, size.rows)
            for parts in drawn:
                fragments += [*parts, ("", "\n")]
            for style, line in self.lines(size.columns, size.rows - len(drawn)):
                fragments += [(style, line), ("", "\n")]
            return fragments[:-1]

        keys = KeyBindings()
        last = len(self.items) - 1

        @keys.add("<any>")
        def other(event: Any) -> None:
            """Every key not bound below does nothing (Ctrl-Z and Ctrl-\\ included)."""

        @keys.add("up")
        @keys.add("k")
        def up(event: Any) -> None:
            self.at = self.at - 1 if self.at else last

        @keys.add("down")
        @keys.add("j")
        def down(event: Any) -> None:
            self.at = self.at + 1 if self.at < last else 0

        @keys.add("home")
        def home(event: Any) -> None:
            self.at = 0

        @keys.add("end")
        def end(event: Any) -> None:
            self.at = last

        @keys.add("pageup")
        def page_up(event: Any) -> None:
            self.at = max(0, self.at - 5)

        @keys.add("pagedown")
        def page_down(event: Any) -> None:
            self.at = min(last, self.at + 5)

        @keys.add(" ")
        def space(event: Any) -> None:
            self.tick(self.items[self.at][0])

        @keys.add("enter")
        def enter(event: Any) -> None:
            if not self.ticked:
                if not self.settled:
                    return
                self.tick(self.items[self.at][0])
            event.app.exit(result=list(self.ticked))

        @keys.add("c-c")
        @keys.add("c-d")
        def cancel(event: Any) -> None:
            event.app.exit(exception=KeyboardInterrupt())

        style = Style.from_dict({"question": "bold", "pointed": "reverse", "more": "italic",
                                 "detail": "", "ticked": "bold"})
        window = Window(FormattedTextControl(text, show_cursor=False), wrap_lines=False,
                        dont_extend_height=True)
        app: Any = Application(layout=Layout(window), key_bindings=keys, style=style,
                               erase_when_done=True, mouse_support=False)

        def settle_later() -> None:
            import asyncio

            def settled() -> None:
                self.settled = True
                app.invalidate()

            if not self.settled:
                asyncio.get_running_loop().call_later(self.settle, settled)

        app.pre_run_callables.append(settle_later)
        return app


def _said(question: str) -> str:
    """The question wrapped between words: prompt_toolkit would break it mid-word."""
    return "\n  ".join(textwrap.wrap(question, max(20, _columns() - 6),
                                     break_long_words=False, break_on_hyphens=False))


def _fit(label: str) -> str:
    """A choice wrapped between words under itself: questionary would cut it at the edge."""
    return "\n   ".join(textwrap.wrap(label, max(12, _columns() - 5), break_long_words=False,
                                      break_on_hyphens=False))


def choose(question: str, choices: Sequence[tuple[str, str]], said: bool = True,
           hint: Callable[[str], str] = _, default: str | None = None) -> str:
    """One of `choices`. For the language question, `said=False` leaves the answer unsaid
    (it changes the language an echo would be in) and `hint` gives the how-to in every
    language (`language.in_each`)."""
    if line_mode():
        return _line_choose(question, choices, said, hint)
    import questionary

    options = [questionary.Choice(title=_fit(label), value=key) for key, label in choices]
    how = hint(N_("(Use arrow keys)")) + _back_hint()  # wrapped between words with it
    answer = ""
    while answer not in dict(choices):  # a key that accepts nothing asks again
        answer = _run(questionary.select(
            _said(f"{question} {how}"), choices=options, erase_when_done=True,
            instruction=" ", default=default if default in dict(choices) else None))
    if said:
        _say(_wrapped(f"? {question}"))
        _say(_wrapped(echo([dict(choices)[answer]]), indent="  "))
    return answer


def number(question: str, low: int, high: int, default: int | None = None) -> int:
    """A whole number; with `default` (the answer given before the person went back),
    Enter alone keeps it, and the box starts empty so that b still goes back."""
    if line_mode():
        return _line_number(question, low, high, default)
    import questionary

    def validate(text: str) -> bool | str:
        if _within(text, low, high) is not None or (default is not None and not text.strip()):
            return True
        return _("Type a whole number from {low} to {high}").format(low=low, high=high)

    text: str = _run(questionary.text(
        _said(f"{question} ({low}-{high}){_kept_hint(default)}{_back_hint()}"),
        validate=validate))
    value = _within(text, low, high) if text.strip() else default
    assert value is not None  # validated above
    return value


def _kept_hint(default: int | None) -> str:
    return "" if default is None else " " + _("(Enter keeps {answer})").format(answer=default)


def confirm(question: str, default: bool = True) -> bool:
    if line_mode():
        return _line_confirm(question, default)
    import questionary

    asked = questionary.confirm(_said(question + _back_hint()), default=default,
                                erase_when_done=True,
                                instruction=_yes_no_hint(default) + " ")
    _yes_and_no_in_the_persons_language(asked)
    answer: bool = _run(asked)
    _say(_wrapped(f"? {question} " + (_("Yes") if answer else _("No"))))
    return answer


def _yes_and_no_in_the_persons_language(asked: Any) -> None:
    """questionary's confirm takes y and n; a person answers with the first letter of their
    own yes and no (`s` for sí), which the hint shows."""
    def registries(bindings: Any) -> Any:
        """prompt_toolkit nests the prompt's own bindings in merged, conditional and
        dynamic ones."""
        yield bindings
        inner = list(getattr(bindings, "registries", ()))
        if getattr(bindings, "key_bindings", None) is not None:
            inner.append(bindings.key_bindings)
        if callable(getattr(bindings, "get_key_bindings", None)):
            inner.append(bindings.get_key_bindings())
        for each in inner:
            if each is not None:
                yield from registries(each)

    own = next((r for r in registries(asked.application.key_bindings)
                if hasattr(r, "add") and r.get_bindings_for_keys(("y",))), None)
    if own is None:
        return
    for english, word in (("y", _("yes")), ("n", _("no"))):
        key = _answers(word)[0]
        if key != english:
            handler = own.get_bindings_for_keys((english,))[-1].handler
            for typed in dict.fromkeys((key, key.upper())):
                own.add(typed)(handler)


def typed(question: str) -> str:
    """A word the person types, such as 'forget' to confirm deleting everything."""
    if line_mode():
        return _line_text(question)
    import questionary

    answer: str = _run(questionary.text(_said(question)))
    return answer.strip()


def secret(question: str) -> str:
    """A PIN or password: nothing typed is shown, in either way of answering."""
    if line_mode():
        return _hidden_input(_wrapped(question) + "\n> ").strip()
    import questionary

    answer: str = _run(questionary.password(_said(question), qmark="!"))
    return answer.strip()


def pause(text: str) -> None:
    if line_mode():
        _input(_wrapped(text) + "\n> ")
        return
    import questionary

    _run(questionary.press_any_key_to_continue(_said(text)))
