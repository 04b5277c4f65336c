"""`backcare apply` and `backcare pain`: recording what the person did and felt."""

from __future__ import annotations

from typing import Annotated

import typer

from backcare.commands.common import AtOpt, PlainOpt


def apply(
    kind: Annotated[str, typer.Argument(metavar="ice|heat", help="What you put on: ice or heat.",
                                        show_default=False)],
    minutes: Annotated[float | None, typer.Option(
        "--minutes", metavar="N", show_default=False,
        help="How long; default from the plan (15).")] = None,
    at: AtOpt = None,
    no_timer: Annotated[bool, typer.Option(
        "--no-timer", help="Record it without the live countdown.")] = False,
    plain: PlainOpt = False,
) -> None:
    """Record one ice or heat application; in a terminal, time it with a countdown."""
    from backcare import clock, output, paths, state
    from backcare.commands.common import load_content, require_open, when
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
    content = load_content()
    window = content.window
    planned = minutes if minutes is not None else (
        window.ice_minutes if what == "ice" else window.heat_minutes)
    path = paths.state_file()
    episode = require_open(state.load(path).state)
    not_before_onset(episode, started)
    for warning in application_warnings(episode, what, started, planned, content):
        output.message(f"Warning: {warning.rstrip('.')}.")
    done = planned
    timed = at is None and not no_timer and output.can_prompt()
    if timed:
        from backcare.timer import countdown

        done = countdown(what, planned, content, output.wants_plain(plain))
    with state.update(path) as loaded:
        current = require_open(loaded.state)
        updated = record_application(current, what, started, done, planned, content)
        loaded.state = replace_episode(loaded.state, updated)
    output.message(f"Recorded {kind} for {done:g} minutes at {output.local(started)} "
                   f"(episode {current.id}).")


def pain(
    score: Annotated[str, typer.Argument(metavar="SCORE", help="Pain now, 0 (none) to 10.",
                                         show_default=False)],
    note: Annotated[str, typer.Option("--note", metavar="TEXT", help="A short note.")] = "",
    at: AtOpt = None,
) -> None:
    """Record a pain score, a whole number from 0 to 10."""
    from backcare import clock, output, paths, state
    from backcare.commands.common import require_open, when
    from backcare.episode import record_pain, replace_episode
    from backcare.errors import InputError

    text = score.strip()
    if not (text.isascii() and text.isdigit()) or not 0 <= int(text) <= 10:
        raise InputError(f"pain score {score!r} is not a whole number from 0 to 10")
    now = clock.now()
    moment = when(at, None, now, "--at")
    with state.update(paths.state_file()) as loaded:
        episode = require_open(loaded.state)
        loaded.state = replace_episode(loaded.state,
                                       record_pain(episode, moment, int(text), note))
    output.message(f"Recorded pain {int(text)}/10 (episode {episode.id}).")
