"""`backcare report`: the handout of an episode as Markdown, HTML or JSON."""

import sys
from pathlib import Path
from typing import Annotated

import typer

from backcare import archive, clock, output, paths
from backcare.commands.common import (
    ClinicOpt,
    check_writable,
    choose_format,
    load_content,
    reading,
    write_handout,
)
from backcare.errors import InputError
from backcare.handout import from_episode
from backcare.language import N_, _
from backcare.render.handout_pages import render
from backcare.render.parts import markdown

FormatOpt = Annotated[str | None, typer.Option(
    "--format", metavar="md|html|json", show_default=False,
    help=N_("Output format; default from the file name, else md."))]
OutputOpt = Annotated[Path | None, typer.Option(
    "--output", "-o", metavar="FILE", show_default=False,
    help=N_("Write to FILE instead of stdout."))]


def report(
    fmt: FormatOpt = None,
    out: OutputOpt = None,
    episode: Annotated[int | None, typer.Option(
        "--episode", metavar="ID", show_default=False,
        help=N_("Which episode; default the open one, else the latest."))] = None,
    clinic: ClinicOpt = None,
) -> None:
    chosen = choose_format(fmt, out)
    if out is not None:
        check_writable(out)
    now = clock.now()
    loaded = reading()
    found = loaded.state.episode(episode)
    if found is None and episode is not None:
        with archive.archived(paths.state_file(), loaded.state) as old:
            found = next((e for e in old if e.id == episode), None)
    if found is None:
        raise InputError(_("no episode {episode}").format(episode=episode)
                         if episode is not None else
                         _("no episodes yet; start one with 'backcare start' or "
                           "'backcare check --save'"))
    content = load_content(clinic)
    handout = from_episode(found, now, content)
    if out is None and fmt is None and output.is_terminal(sys.stdout):
        # a person reading it here: the Markdown drawn, not its ** and \( marks
        markdown(output.console(output.wants_plain(False)), render(handout, content, "md"))
        return
    told = write_handout(handout, content, chosen, out)
    if told:
        output.message(told)
