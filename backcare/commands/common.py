"""Helpers the command modules share: options, loading content."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from backcare.content import Content
    from backcare.episode import Episode, State

JsonOpt = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout.")]
PlainOpt = Annotated[
    bool,
    typer.Option("--plain",
                 help="No colour and no box drawing (also NO_COLOR, or not a terminal)."),
]
ClinicOpt = Annotated[
    Path | None,
    typer.Option("--clinic", help="A clinic profile (TOML) to use instead of the default.",
                 show_default=False, dir_okay=False),
]


def load_content(clinic: Path | None = None) -> Content:
    """The shipped content with the clinic profile: --clinic, else $BACKCARE_HOME/clinic.toml."""
    from backcare.content import shipped_content
    from backcare.paths import clinic_override

    return shipped_content(clinic or clinic_override())


def when(at: str | None, ago: str | None, now: datetime, what: str) -> datetime:
    """A moment from --at or --ago (default now); never in the future."""
    from backcare.clock import not_in_future, parse_duration, parse_time
    from backcare.errors import InputError

    if at is not None and ago is not None:
        raise InputError("--at and --ago both say when; pass one")
    if at is not None:
        return not_in_future(parse_time(at, what), now, what)
    if ago is not None:
        return now - parse_duration(ago, "--ago")
    return now


def require_open(state: State) -> Episode:
    from backcare.errors import InputError

    episode = state.open_episode()
    if episode is None:
        raise InputError("no open episode; start one with 'backcare start' "
                         "(or 'backcare start --ago 6h')")
    return episode
