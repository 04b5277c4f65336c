"""The live countdown for `backcare apply`: a progress bar that says when to take it off.

Ctrl-C stops it early; the minutes actually done are returned so they are recorded.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from backcare.content import Content
from backcare.output import console


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
    label = f"{kind.capitalize()} on, {content.say('wrap')}"
    con.print(f"{label}: {minutes:g} {'minute' if minutes == 1 else 'minutes'}. "
              "Press Ctrl-C to stop early.")
    try:
        with Progress(TextColumn("{task.description}"), BarColumn(),
                      TimeRemainingColumn(compact=True), console=con,
                      transient=False) as progress:
            task = progress.add_task(kind, total=total)
            while (elapsed := clock() - started) < total:
                progress.update(task, completed=elapsed)
                sleep(min(0.25, total - elapsed))
            progress.update(task, completed=total)
    except KeyboardInterrupt:
        done = round((clock() - started) / 60, 2)
        con.print(content.say("stopped-early", minutes=f"{done:g}", kind=kind))
        return done
    con.bell()
    con.print(content.say("time-up", kind=kind))
    return minutes
