"""`backcare clinic init|check|pin`: a clinic's profile, set up in one command and checked
in one more, with the kiosk's staff PIN kept as a salted hash."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from backcare import language, output, paths, prompts, staff_pin
from backcare.commands.common import command_line, in_use, listed, next_step, profile_problems
from backcare.content_files import clinic_todo, read_clinic
from backcare.errors import ContentError, InputError
from backcare.files import atomic_write
from backcare.language import N_, _

PathArg = Annotated[Path | None, typer.Argument(
    metavar="PATH", show_default=False, dir_okay=False,
    help=N_("The profile; default $BACKCARE_HOME/clinic.toml, which backcare uses without "
            "--clinic."))]


def own_profile(path: Path | None) -> Path:
    return path or paths.home() / "clinic.toml"


def init(path: PathArg = None) -> None:
    target = own_profile(path)
    if target.exists() or target.is_symlink():
        raise InputError(_("{path} already exists, and 'clinic init' never overwrites a "
                           "profile; check it with '{command}'").format(
            path=target, command=command_line("check", path)))
    template = paths.data_dir() / language.current().lang / "clinic-template.toml"
    if not template.is_file():
        template = paths.data_dir() / "clinic-template.toml"
    atomic_write(target, template.read_bytes())
    output.message(_("Wrote a clinic profile to {path}. Fill in its empty fields; "
                     "'{command}' lists what is still missing.").format(
        path=target, command=command_line("check", path)))
    if output.can_prompt() and prompts.confirm(_("Set the kiosk's staff PIN now?")):
        _set_pin(target)


def check(path: PathArg = None) -> None:
    target = in_use(path)
    found = profile_problems(target, kiosk=True)
    if not found:
        typer.echo(_("{path}: ready for the kiosk and the demos.").format(path=target))
        return
    typer.echo(f"{target}: " + listed(found))
    typer.echo(next_step(target, path))
    raise typer.Exit(1)


def pin(path: PathArg = None) -> None:
    """In a terminal, asks twice without showing it; in a script, reads it from stdin."""
    target = own_profile(path)
    if not (target.exists() or target.is_symlink()):
        raise InputError(_("no clinic profile at {path}; make one with '{command}'").format(
            path=target, command=command_line("init", path)))
    read_clinic(target, clinic_todo(False))
    _set_pin(target)


def _set_pin(target: Path) -> None:
    if output.can_prompt():
        chosen = prompts.secret(_("The staff PIN (4 to 12 digits):"))
        if staff_pin.is_pin(chosen) and prompts.secret(_("The same PIN again:")) != chosen:
            raise InputError(_("the two PINs differ; nothing was changed"))
    else:
        chosen = sys.stdin.readline().strip()
    if not staff_pin.is_pin(chosen):
        raise InputError(_("a staff PIN is 4 to 12 digits; nothing was changed"))
    _write_pin(target, staff_pin.stored(chosen))
    output.message(_("The staff PIN is set in {path}.").format(path=target))


def _write_pin(target: Path, kept: str) -> None:
    """Only the PIN's line changes: the clinic's comments and layout stay as written."""
    import tomlkit

    raw = read_clinic(target, clinic_todo(False))
    document = tomlkit.parse(target.read_text(encoding="utf-8"))
    table = document["clinic"] if "clinic" in raw else document
    if "kiosk" not in table:
        table["kiosk"] = tomlkit.table()
    table["kiosk"]["staff_pin"] = kept
    atomic_write(target, tomlkit.dumps(document))
    if not staff_pin.is_stored(str(_kept_pin(target))):
        raise ContentError(str(target), _("the PIN did not read back as written"))


def _kept_pin(target: Path) -> object:
    raw = read_clinic(target, clinic_todo(False))
    clinic = raw.get("clinic", raw)
    kiosk = clinic.get("kiosk", {}) if isinstance(clinic, dict) else {}
    return kiosk.get("staff_pin") if isinstance(kiosk, dict) else None
