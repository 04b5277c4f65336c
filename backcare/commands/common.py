"""Helpers the command modules share: options, loading content."""

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from backcare import language, output, paths, state
from backcare.clinic_profile import problems
from backcare.clock import ago as before
from backcare.clock import not_in_future, parse_time
from backcare.content_files import clinic_todo, read_clinic
from backcare.episode import NOTE_LIMIT
from backcare.errors import BackcareError, ContentError, InputError
from backcare.files import atomic_write, log_file
from backcare.language import N_, _, current, ngettext
from backcare.loader import shipped_content
from backcare.paths import clinic_override
from backcare.render.handout_pages import FORMATS, render
from backcare.state import ours
from backcare.window import hours_since, phase_at

if TYPE_CHECKING:
    from backcare.content import Content
    from backcare.episode import Episode, State
    from backcare.handout import Handout
    from backcare.state import Loaded

JsonOpt = Annotated[bool, typer.Option("--json", help=N_("Print one JSON object on stdout."))]
PlainOpt = Annotated[
    bool,
    typer.Option("--plain",
                 help=N_("No colour and no box drawing (also NO_COLOR, or not a terminal).")),
]
AtOpt = Annotated[str | None, typer.Option(
    "--at", metavar="TIME", show_default=False,
    help=N_("When, ISO 8601 (2026-03-08T09:30-05:00); default now."))]
AgoOpt = Annotated[str | None, typer.Option(
    "--ago", metavar="DURATION", show_default=False, help=N_("How long ago: 90m, 6h, 2d."))]
ClinicOpt = Annotated[
    Path | None,
    typer.Option("--clinic", help=N_("A clinic profile (TOML) to use instead of the default."),
                 show_default=False, dir_okay=False),
]


def load_content(clinic: Path | None = None) -> "Content":
    """The shipped content with the clinic profile: --clinic, else $BACKCARE_HOME/clinic.toml."""
    return shipped_content(clinic or clinic_override(), current().lang)


def when(at: str | None, ago: str | None, now: datetime, what: str) -> datetime:
    """A moment from --at or --ago (default now); never in the future."""
    if at is not None and ago is not None:
        raise InputError(_("--at and --ago both say when; pass one"))
    if at is not None:
        return not_in_future(parse_time(at, what), now, what)
    if ago is not None:
        return before(ago, now, "--ago")
    return now


def onset_set_note(episode: "Episode", now: datetime, content: "Content") -> str:
    """What to say once the start of an episode that did not know it is set."""
    hours = max(0.0, hours_since(episode.onset, now))
    return content.say("onset-set", episode=episode.id, onset=output.local(episode.onset),
                       hour=f"{hours:.0f}",
                       phase=content.phase_text(phase_at(hours, content.window)).title.lower())


def require_open(state: "State") -> "Episode":
    episode = state.open_episode()
    if episode is None:
        raise InputError(_("no open episode; start one with 'backcare start' "
                           "(or 'backcare start --ago 6h')"))
    return episode


def _logs() -> list[Path]:
    """The log as the home folder names it and, if that is a symbolic link, the file it
    points to: backcare keeps its lock, archive, backups and temp files beside each."""
    link = paths.state_file()
    found = [link]
    with contextlib.suppress(BackcareError):  # a link to nothing: only the home is known
        found.append(log_file(link))
    return list(dict.fromkeys(found))


def own_files() -> list[Path]:
    """backcare's own files that exist: every file named after the log beside it (and beside
    the file a linked log points to), and the clinic profile in the home folder. Those that
    do not exist yet are backcare's too: `_is_own` says so by their names."""
    found = [paths.home() / "clinic.toml"]
    for log in _logs():
        with contextlib.suppress(OSError):
            found += sorted(p for p in log.parent.iterdir() if ours(p.name, log.name))
    return found


def check_note(note: str) -> None:
    """Refuse a note longer than a note may be, whole: cutting it would record something
    the person did not write."""
    if len(note) > NOTE_LIMIT:
        raise InputError(_("--note is {length} characters long; a note takes at most {limit}: "
                           "shorten it").format(length=len(note), limit=NOTE_LIMIT))


def _place(path: Path) -> Path:
    """Where `path` is, its folder resolved but not its own name: a link there is the link."""
    return path.parent.resolve() / path.name


def _is_own(target: Path) -> bool:
    """Whether `target` is one of backcare's own files, whether or not it exists yet: a name
    backcare keeps beside its log (the log, its lock, archive, backups and temp files, and
    anything named after it), beside the home's link or the file it points to; where an own
    file that is a link leads; or an own file under another name (a hard or symbolic link)."""

    for log in _logs():
        with contextlib.suppress(OSError, RuntimeError):  # RuntimeError: a link loop
            if target.parent == log.parent.resolve() and ours(target.name, log.name):
                return True
    for own in own_files():
        with contextlib.suppress(OSError, RuntimeError):
            if target in (_place(own), own.resolve()) or (
                    os.path.lexists(target) and os.path.samefile(target, own)):
                return True
    return False


def check_writable(path: Path, option: str = "--output") -> None:
    """Refuse an output file before doing any work, or asking anything: a missing folder, a
    folder, one of backcare's own files (the log would be replaced by a handout), and
    anything but a file at the name itself. A symbolic link is refused, not followed, so
    that writing never replaces a file the person did not name; a FIFO or a device would
    make the write wait, or send it somewhere that is not a file."""
    given = path.expanduser()
    try:
        mode: int | None = os.lstat(given).st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(_("{option} {path}: a folder on its path is a symbolic link "
                               "loop; name a file in a folder that exists").format(
                option=option, path=path)) from None
        if exc.errno not in (errno.ENOENT, errno.ENOTDIR):
            raise InputError(_("{option} {path} cannot be used: {reason}").format(
                option=option, path=path, reason=exc.strerror)) from None
        mode = None  # nothing there yet, or a file where a folder should be (said below)
    if not given.parent.is_dir():
        raise InputError(_("{option} {path}: the folder {folder} does not exist").format(
            option=option, path=path, folder=path.parent))
    if _is_own(_place(given)):
        raise InputError(_("{option} {path} is one of backcare's own files; name another "
                           "file").format(option=option, path=path))
    if mode is None or stat.S_ISREG(mode):
        return
    if stat.S_ISLNK(mode):
        try:
            given.stat()
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise InputError(_("{option} {path} is a symbolic link that loops back on "
                                   "itself; name the file itself").format(
                    option=option, path=path)) from None
        raise InputError(_("{option} {path} is a symbolic link; backcare does not write "
                           "through links: name the file itself").format(
            option=option, path=path))
    if stat.S_ISDIR(mode):
        raise InputError(_("{option} {path} is a folder; name a file").format(
            option=option, path=path))
    raise InputError(_("{option} {path} is not a regular file (a pipe, a socket or a "
                       "device); name a file").format(option=option, path=path))


def write_file(path: Path, text: str, option: str = "--output") -> None:
    """Write a file the person asked for, whole or not at all, into a folder that exists,
    at the name itself: even a link put there after the check is replaced, not followed."""
    check_writable(path, option)
    atomic_write(_place(path.expanduser()), text)


@contextlib.contextmanager
def updating() -> "Iterator[Loaded]":
    """Change the log under its lock, then say what happened on the way (an upgrade)."""
    with state.update(paths.state_file()) as loaded:
        yield loaded
    if loaded.backup is not None:
        output.message(_("Upgraded {path} from schema {old_schema} to {new_schema}; the old "
                         "file is kept at {backup}.").format(
            path=loaded.path, old_schema=loaded.migrated_from,
            new_schema=state.SCHEMA_VERSION, backup=loaded.backup))


def reading(to_change: bool = False) -> "Loaded":
    """The log as it is, saying first if this version may only read it. A command that
    will change it (`to_change`) is refused at once then, before a countdown or a question."""
    loaded = state.load(paths.state_file())
    if to_change:
        state.refuse_read_only(loaded)
    if loaded.read_only_reason:
        output.message(loaded.read_only_reason)
    return loaded


SUFFIXES = {".md": "md", ".markdown": "md", ".txt": "md", ".html": "html", ".htm": "html",
            ".json": "json"}


def choose_format(fmt: str | None, path: Path | None, flag: str | None = "--format") -> str:
    """--format if given, else from the output file's name, else Markdown. `flag` is the
    command's format option, if it has one."""
    if fmt is None:
        if path is None:
            return "md"
        suffix = path.suffix.lower()
        if suffix not in SUFFIXES:
            if flag:
                raise InputError(_("cannot tell the format of {name}: name it .md, .html or "
                                   ".json, or pass {flag} md|html|json").format(
                    name=path.name, flag=flag))
            raise InputError(_("cannot tell the format of {name}: name it .md, .html or "
                               ".json").format(name=path.name))
        return SUFFIXES[suffix]
    if fmt not in FORMATS:
        raise InputError(_("unknown --format {name!r}; valid: {names}").format(
            name=fmt, names=", ".join(FORMATS)))
    return fmt


def write_handout(handout: "Handout", content: "Content", fmt: str, path: Path | None) -> str:
    """Print the handout, or write it to `path`; returns what to tell the person."""
    text = render(handout, content, fmt)
    if path is None:
        typer.echo(text, nl=False)
        return ""
    write_file(path, text)
    return _("Wrote the {format} handout to {path}.").format(format=fmt, path=path)


# ------------------------------------------------------------------ the clinic profile


def in_use(path: Path | None) -> Path:
    """The profile a run would use: the one named, else the home folder's, else the one
    shipped with backcare."""
    return path or paths.clinic_override() or paths.data_dir() / "clinic.toml"


def profile_problems(path: Path, kiosk: bool) -> list[str]:
    """Every problem of the profile at `path`; one, naming the file, if it cannot be read."""
    raw = read_clinic(path, clinic_todo(path == paths.data_dir() / "clinic.toml"))
    sources = {s.id for s in shipped_content(None, language.ENGLISH).sources}
    return problems(raw, sources, language.available(), kiosk,
                    None if kiosk else [language.current().lang])


def require_ready(clinic: Path | None, kiosk: bool) -> None:
    """The kiosk and the demos start only on a profile with no problems, listing them all."""
    path = in_use(clinic)
    found = profile_problems(path, kiosk)
    if found:
        raise ContentError(str(path), listed(found), next_step(path, clinic, len(found)))


def listed(found: list[str]) -> str:
    return _("{count} problems:").format(count=len(found)) + "".join(
        f"\n  - {problem}" for problem in found) if len(found) > 1 else found[0]


def next_step(path: Path, clinic: Path | None, count: int) -> str:
    if path == paths.data_dir() / "clinic.toml":
        return _("This is backcare's own sample profile. Make the clinic's: "
                 "'backcare clinic init', fill it in, then 'backcare clinic check'.")
    return ngettext("Fix it, then run '{command}' again.",
                    "Fix them, then run '{command}' again.", count).format(
        command=command_line("check", clinic))


def command_line(name: str, path: Path | None) -> str:
    return f"backcare clinic {name}" + (f" {path}" if path else "")
