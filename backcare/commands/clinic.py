"""`backcare clinic init|check|pin`: a clinic's profile, set up in one command and checked
in one more, with the kiosk's staff PIN kept as a salted hash."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import Annotated

import typer

from backcare import language, output, paths, prompts, staff_pin
from backcare.commands.common import command_line, in_use, listed, next_step, profile_problems
from backcare.content_files import clinic_todo, read_clinic
from backcare.errors import ContentError, FileProblem, InputError
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
    elif output.can_prompt():
        output.message(_("Set it later with '{command}'.").format(
            command=command_line("pin", path)))


def check(path: PathArg = None) -> None:
    target = in_use(path)
    found = profile_problems(target, kiosk=True)
    if not found:
        typer.echo(_("{path}: ready for the kiosk and the demos.").format(path=target))
        return
    typer.echo(f"{target}: " + listed(found))
    typer.echo(next_step(target, path, len(found)))
    raise typer.Exit(1)


def pin(path: PathArg = None) -> None:
    """In a terminal, asks twice without showing it; in a script, reads it from stdin."""
    target = own_profile(path)
    if not (target.exists() or target.is_symlink()):
        raise InputError(_("no clinic profile at {path}; make one with '{command}'").format(
            path=target, command=command_line("init", path)))
    _writable_profile(target)
    _set_pin(target)


def _writable_profile(target: Path) -> None:
    """A profile `clinic pin` can change in place: its own file, writable, with a [clinic]
    table whose `kiosk`, if any, is a table. Anything else is refused before the PIN is
    asked, naming the file."""
    if target.is_symlink():
        raise InputError(_("{path} is a symbolic link; set the PIN in the file it points to "
                           "({target})").format(path=target, target=os.path.realpath(target)))
    raw = read_clinic(target, clinic_todo(False))
    if not os.access(target, os.W_OK):
        raise FileProblem(str(target), _("is read-only"),
                          _("Make it writable (chmod u+w) to set the PIN."))
    clinic = raw.get("clinic", raw)
    kiosk = clinic.get("kiosk", {}) if isinstance(clinic, dict) else None
    if not isinstance(clinic, dict) or not isinstance(kiosk, dict):
        raise ContentError(str(target), _("its [clinic] and [clinic.kiosk] must be tables; "
                                          "'backcare clinic check' lists what to fix"),
                           clinic_todo(False))


def _set_pin(target: Path) -> None:
    """A PIN typed twice in a terminal, asked again until it is 4 to 12 digits and the two
    agree; in a script, one line of stdin."""
    if output.can_prompt():
        while True:
            chosen = prompts.secret(_("The staff PIN (4 to 12 digits):"))
            if not staff_pin.is_pin(chosen):
                output.message(_("A staff PIN is 4 to 12 digits."))
            elif prompts.secret(_("The same PIN again:")) != chosen:
                output.message(_("The two PINs differ."))
            else:
                break
    else:
        chosen = sys.stdin.readline().strip()
    if not staff_pin.is_pin(chosen):
        raise InputError(_("a staff PIN is 4 to 12 digits; the PIN was not set"))
    _write_pin(target, staff_pin.stored(chosen))
    output.message(_("The staff PIN is set in {path}.").format(path=target))


def _write_pin(target: Path, kept: str) -> None:
    """Only the PIN's line changes: the clinic's comments, layout, line endings and file
    permissions stay as they were."""
    import tomlkit

    raw = read_clinic(target, clinic_todo(False))
    before = target.read_bytes()
    text = before.decode("utf-8")
    try:
        document = tomlkit.parse(text)
        table = document["clinic"] if "clinic" in raw else document
        if "kiosk" not in table:
            table["kiosk"] = tomlkit.table()
        table["kiosk"]["staff_pin"] = kept
        written = tomlkit.dumps(document)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise ContentError(str(target), _("the PIN cannot be added to this layout ({problem}); "
                                          "give the profile a [clinic.kiosk] table").format(
            problem=exc), clinic_todo(False)) from None
    if b"\r\n" in before:
        written = written.replace("\r\n", "\n").replace("\n", "\r\n")
    atomic_write(target, written, mode=stat.S_IMODE(os.stat(target).st_mode))
    if not staff_pin.is_stored(str(_kept_pin(target))):
        raise ContentError(str(target), _("the PIN did not read back as written"))


def _kept_pin(target: Path) -> object:
    raw = read_clinic(target, clinic_todo(False))
    clinic = raw.get("clinic", raw)
    kiosk = clinic.get("kiosk", {}) if isinstance(clinic, dict) else {}
    return kiosk.get("staff_pin") if isinstance(kiosk, dict) else None
