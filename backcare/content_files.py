"""The content files as they are read: which sections each holds, their TOML, a clinic
profile, and a validation problem named by the item's id."""

import errno
from pathlib import Path

import msgspec

from backcare.content import Clinic
from backcare.errors import CONTENT_TODO, ContentError
from backcare.fileio import NotAFile, TooLarge, read_regular
from backcare.language import _
from backcare.records import ValidationError, where

FILES: dict[str, tuple[str, ...]] = {
    "sources.toml": ("sources",),
    "questions.toml": ("questions", "red_flags", "symptoms", "triggers", "conditions", "onsets",
                       "regions", "muscles", "back_map"),
    "advice.toml": ("levels", "tiers", "advice", "cautions", "safety_net", "rules"),
    "window.toml": ("window", "phases", "messages"),
    "medicines.toml": ("medicines", "uncounted"),
    "exercises.toml": ("movement_plan", "stop_signs", "movements"),
}


def read_toml(path: Path) -> dict[str, object]:
    import tomllib  # only when the cached copy cannot be used

    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ContentError(str(path), _("file is missing; reinstall backcare")) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ContentError(str(path), _("not valid TOML: {problem}").format(problem=exc)
                           ) from None


def describe(exc: ValidationError, raw: dict[str, object]) -> str:
    """The problem, naming the item by its id where it has one."""
    msg, loc = where(exc)
    place = ".".join(str(p) for p in loc)
    if len(loc) >= 2 and isinstance(loc[1], int):
        items = raw.get(str(loc[0]))
        if isinstance(items, list) and loc[1] < len(items):
            item = items[loc[1]]
            if isinstance(item, dict) and "id" in item:
                rest = ".".join(str(p) for p in loc[2:])
                place = (_("{section} item {id} field {field}").format(
                    section=loc[0], id=repr(item["id"]), field=repr(rest)) if rest
                    else _("{section} item {id}").format(section=loc[0], id=repr(item["id"])))
    return _("{place}: {problem}").format(place=place, problem=msg) if place else msg


def clinic_todo(shipped: bool) -> str:
    return (_(CONTENT_TODO) if shipped else
            _("Fix the clinic profile (--clinic FILE or $BACKCARE_HOME/clinic.toml), "
              "or remove it to use the default."))


TEXT_LIMIT = 1 << 20
"""A clinic profile is a few hundred bytes and window.toml a few thousand: a file a
thousand times larger is not one of them."""


def _clinic_bytes(path: Path, todo: str) -> bytes:
    """The profile's bytes, or a ContentError that names it and says what is wrong: a
    missing file, a link to nothing or in a loop, a pipe or a device are refused at once."""
    try:
        return read_regular(path, TEXT_LIMIT)
    except NotAFile:
        problem = _("not a regular file (a pipe, a device or a folder); a clinic profile is "
                    "a TOML file")
    except TooLarge:
        problem = _("larger than a clinic profile can be ({size} KiB at most)").format(
            size=TEXT_LIMIT >> 10)
    except FileNotFoundError:
        problem = (_("a symbolic link to a file that does not exist") if path.is_symlink()
                   else _("no such clinic profile file"))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            problem = _("a loop of symbolic links")
        else:
            problem = _("{what}: {reason}").format(what=_("cannot be read"),
                                                    reason=exc.strerror or str(exc))
    raise ContentError(str(path), problem, todo)


def read_clinic(path: Path, todo: str) -> dict[str, object]:
    """A profile's TOML, as written: a ContentError names the file if it cannot be read."""
    data = _clinic_bytes(path, todo)
    import tomllib

    try:
        return tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ContentError(str(path), _("not valid TOML: {problem}").format(problem=exc),
                           todo) from None


def load_clinic(path: Path, shipped: bool = False) -> Clinic:
    todo = clinic_todo(shipped)
    raw = read_clinic(path, todo)
    try:
        return msgspec.convert(raw.get("clinic", raw), Clinic)
    except ValidationError as exc:
        raise ContentError(str(path), describe(exc, raw), todo) from None
