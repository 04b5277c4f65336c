"""The live countdown for `backcare apply`: a progress bar that says when to take it off.

Ctrl-C stops it early; the minutes actually done are returned so they are recorded.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from backcare.content import Content
from backcare.language import N_, _, ngettext, number
from backcare.output import console
from backcare.output import minutes as duration
from backcare.words import kind_word

if TYPE_CHECKING:
    from rich.console import Console

ON = {"ice": N_("Ice on, {how}"), "heat": N_("Heat on, {how}")}
"""What the countdown says is on, by kind; `{how}` is the content's wrap message."""


def countdown(
    kind: str,
    minutes: float,
    content: Content,
    plain: bool,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> float:
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    con = console(plain)
    total = minutes * 60
    started = clock()
    how = content.say("wrap")
    label = _(ON[kind]).format(how=how)
    count = int(minutes) if minutes == int(minutes) else 2  # 1.5 reads as plural, as 1 does not
    con.print(ngettext("{label}: {minutes} minute. Press Ctrl-C to stop early.",
                       "{label}: {minutes} minutes. Press Ctrl-C to stop early.", count).format(
                           label=label, minutes=number(minutes, 6)))
    try:
        if plain or con.is_dumb_terminal or not con.is_terminal:
            _in_lines(con, total, started, clock, sleep)
        else:
            with Progress(TextColumn("{task.description}"), BarColumn(),
                          TimeRemainingColumn(compact=True), console=con,
                          transient=False) as progress:
                task = progress.add_task(kind_word(kind), total=total)
                while (elapsed := clock() - started) < total:
                    progress.update(task, completed=elapsed)
                    sleep(min(0.25, total - elapsed))
                progress.update(task, completed=total)
    except KeyboardInterrupt:
        done = round((clock() - started) / 60, 2)
        con.print(content.say("stopped-early", duration=duration(done), kind=kind))
        return done
    con.bell()
    con.print(content.say("time-up", kind=kind))
    return minutes


def hold(label: str, seconds: float, scale: float, plain: bool,
         clock: Callable[[], float] = time.monotonic,
         sleep: Callable[[float], None] = time.sleep) -> None:
    """A movement's hold of `seconds` (each `scale` real seconds): said as it starts, timed
    by the bar `apply` uses where the terminal can redraw (plain lines where it cannot), and
    ended with the bell. Ctrl-C is left to the caller, which keeps the part of the session
    done."""
    from rich.progress import BarColumn, Progress, TextColumn

    con = console(plain)
    total = seconds * scale
    started = clock()
    said = _("{label}: hold for {seconds} s.").format(label=label, seconds=number(seconds))
    if plain or con.is_dumb_terminal or not con.is_terminal:
        con.print(said)
        while (elapsed := clock() - started) < total:
            sleep(min(0.25 * scale, total - elapsed))
        con.print(_("Release."))
    else:  # the bar goes once the hold is over: the bell says to let go
        with Progress(TextColumn("{task.description}"), BarColumn(), console=con,
                      transient=True) as progress:
            task = progress.add_task(said, total=total)
            while (elapsed := clock() - started) < total:
                progress.update(task, completed=elapsed)
                sleep(min(0.1 * scale, total - elapsed))
    con.bell()


def _in_lines(con: Console, total: float, started: float, clock: Callable[[], float],
              sleep: Callable[[float], None]) -> None:
    """A countdown for a screen that cannot redraw a bar (TERM=dumb, plain output): the
    time left, once a minute, as plain lines."""
    said = 0
    while (elapsed := clock() - started) < total:
        sleep(min(0.25, total - elapsed))
        elapsed = clock() - started
        if int(elapsed // 60) > said and total - elapsed >= 1:
            said = int(elapsed // 60)
            con.print(_("{time} left.").format(time=duration(round(total - elapsed) / 60)))
