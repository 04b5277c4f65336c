"""`backcare report`: the handout of an episode as Markdown, HTML or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from backcare.commands.common import ClinicOpt

if TYPE_CHECKING:
    from backcare.content import Content
    from backcare.handout import Handout

FormatOpt = Annotated[str | None, typer.Option(
    "--format", metavar="md|html|json", show_default=False,
    help="Output format; default from the file name, else md.")]
OutputOpt = Annotated[Path | None, typer.Option(
    "--output", "-o", metavar="FILE", show_default=False, dir_okay=False,
    help="Write to FILE instead of stdout.")]


def choose_format(fmt: str | None, path: Path | None) -> str:
    from backcare.errors import InputError
    from backcare.render.handout import FORMATS

    if fmt is None:
        suffix = path.suffix.lower() if path else ""
        return {".html": "html", ".htm": "html", ".json": "json"}.get(suffix, "md")
    if fmt not in FORMATS:
        raise InputError(f"unknown --format {fmt!r}; valid: {', '.join(FORMATS)}")
    return fmt


def write_handout(handout: Handout, content: Content, fmt: str, path: Path | None) -> None:
    from backcare import output
    from backcare.files import atomic_write
    from backcare.render.handout import render

    text = render(handout, content, fmt)
    if path is None:
        typer.echo(text, nl=False)
        return
    try:
        atomic_write(path, text)
    except OSError as exc:
        from backcare.errors import InputError

        raise InputError(f"cannot write {path}: {exc.strerror}") from None
    output.message(f"Wrote the {fmt} handout to {path}.")


def report(
    fmt: FormatOpt = None,
    out: OutputOpt = None,
    episode: Annotated[int | None, typer.Option(
        "--episode", metavar="ID", show_default=False,
        help="Which episode; default the open one, else the latest.")] = None,
    clinic: ClinicOpt = None,
) -> None:
    """A summary of the episode for the clinician or the fridge."""
    from backcare import clock, paths, state
    from backcare.commands.common import load_content
    from backcare.errors import InputError
    from backcare.handout import from_episode

    chosen = choose_format(fmt, out)
    now = clock.now()
    loaded = state.load(paths.state_file())
    found = loaded.state.episode(episode)
    if found is None:
        raise InputError(f"no episode {episode}" if episode is not None else
                         "no episodes yet; start one with 'backcare start' or "
                         "'backcare check --save'")
    content = load_content(clinic)
    write_handout(from_episode(found, now, content), content, chosen, out)
