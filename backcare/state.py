"""The state file: the only module that reads or writes `state.json`.

Every write is atomic (temp file in the same folder, flush, fsync, os.replace)
and every read-modify-write holds a cross-process lock. A file that does not
parse or validate is never rewritten; a file from a newer backcare is read-only.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import msgspec
from msgspec import inspect

from backcare import clock
from backcare.archive import archive_episodes, compact
from backcare.episode import State
from backcare.errors import FileProblem
from backcare.files import (
    atomic_write,
    broken_file,
    ensure_folder,
    file_problem,
    log_file,
    not_regular,
    opened,
    problems_named,
    refuse_unwritable,
    remove_orphans,
    unique_keys,
)
from backcare.language import N_, _
from backcare.records import where

SCHEMA_VERSION = 7
LOCK_SUFFIX = ".lock"
LOCK_TIMEOUT_SECONDS = 10
"""How long a command waits for another backcare to finish with the log."""

Migration = tuple[int, str, Callable[[dict[str, Any]], dict[str, Any]]]


def _checks_by_id(raw: dict[str, Any]) -> dict[str, Any]:
    """Version 2 keeps a check's answers and the ids that fired, not the sentences shown,
    so that every screen renders it in the clinic's current words."""
    for episode in raw.get("episodes") or []:
        if not isinstance(episode, dict) or "assessments" not in episode:
            continue
        checks = []
        for old in episode.pop("assessments") or []:
            triage = old.get("triage") or {}
            checks.append({
                "assessed_at": old.get("assessed_at"),
                "answers": old.get("answers"),
                "level": triage.get("level"),
                "reasons": [{"id": r.get("id"), "level": r.get("level"),
                             "because": r.get("because", "")}
                            for r in triage.get("reasons") or []],
                "advice": [i.get("id") for g in old.get("advice") or []
                           for i in g.get("items") or []],
                "cautions": [c.get("id") for c in old.get("cautions") or []],
                "safety_net": [],
                "content_version": "schema-1",
            })
        episode["checks"] = checks
    return raw


def _unchanged(raw: dict[str, Any]) -> dict[str, Any]:
    """Version 3 adds `seen` (when a clinician checked the person), version 4 `last_id`
    and the archive of ended episodes, version 5 a check's `age` and an episode's
    `onset_known` and `onset_earliest`, version 6 an episode's `doses`, and version 7 where it
    hurts (a check's `where` and `ruled_out`, and a pain score's) and an episode's guided
    `movement` sessions; an older file
    has none of them (each has a default that reads as before), and its ended episodes
    move to the archive on the first write."""
    return raw


MIGRATIONS: list[Migration] = [(2, "checks keep ids, not sentences", _checks_by_id),
                               (3, "episodes record when a clinician saw the person",
                                _unchanged),
                               (4, "ended episodes move to an archive", _unchanged),
                               (5, "checks keep the age; an episode may not know when it "
                                "started", _unchanged),
                               (6, "episodes record doses", _unchanged),
                               (7, "where it hurts, and guided movement sessions",
                                _unchanged)]
"""Ordered (to_version, name, function) steps; each takes the raw document one version up."""


class Loaded(msgspec.Struct):
    """The state as read, and what happened on the way: the caller says it to the person."""

    state: State
    path: Path
    read_only_reason: str = ""
    migrated_from: int | None = None
    backup: Path | None = None


def _read_bytes(path: Path) -> bytes | None:
    with opened(path) as fh:
        return None if fh is None else fh.read()


def _finite(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(_("the number {number} is out of range").format(number=text))
    return value


def _no_constant(name: str) -> float:
    raise ValueError(_("{name} is not a number JSON can keep").format(name=name))


def _parse(path: Path, text: bytes) -> dict[str, Any]:
    try:
        raw = json.loads(text, parse_float=_finite, parse_constant=_no_constant,
                         object_pairs_hook=unique_keys)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError and UnicodeDecodeError too
        reason = _("it is nested too deeply") if isinstance(exc, RecursionError) else exc
        raise broken_file(path, _("is not valid JSON ({reason})").format(reason=reason)) from None
    if not isinstance(raw, dict) or type(raw.get("schema_version")) is not int:  # not bool
        raise broken_file(path, _("has no integer schema_version"))
    if raw["schema_version"] < 1:
        raise broken_file(path, _("has schema_version {version}, below 1").format(
            version=raw["schema_version"]))
    return raw


def migrate(raw: dict[str, Any], migrations: list[Migration], current: int) -> dict[str, Any]:
    """Run the steps above the file's version, in order; the result is at `current`."""
    version = raw["schema_version"]
    for to_version, _name, step in migrations:
        if version < to_version <= current:
            raw = step(raw)
            raw["schema_version"] = version = to_version
    raw["schema_version"] = current
    return raw


def _validate(path: Path, raw: dict[str, Any]) -> State:
    """Strictly, as the JSON it came from: no value is coerced to another type."""
    try:
        return msgspec.json.decode(json.dumps(raw), type=State)
    except msgspec.DecodeError as exc:  # a ValidationError too
        message, loc = where(exc)
        place = ".".join(str(p) for p in loc)
        if place:
            raise broken_file(path, _("does not validate: {place}: {problem}").format(
                place=place, problem=message)) from None
        raise broken_file(path, _("does not validate: {problem}").format(problem=message)) from None


def load(
    path: Path, current: int = SCHEMA_VERSION, migrations: list[Migration] | None = None
) -> Loaded:
    """Read the state. Older files are migrated in memory; nothing is written here."""
    text = _read_bytes(path)
    if text is None:
        return Loaded(State(schema_version=current), path)
    raw = _parse(path, text)  # refuses what JSON cannot round-trip (NaN, Infinity, 1e400)
    if raw["schema_version"] == current:
        try:
            return Loaded(msgspec.json.decode(text, type=State), path)
        except msgspec.DecodeError:
            pass  # the slow path below says precisely what is wrong
    version = raw["schema_version"]
    if version > current:
        try:
            state = msgspec.convert(_known_fields(raw, State), State, strict=False)
        except msgspec.ValidationError:
            raise FileProblem(str(path),
                              _("was written by a newer backcare (schema {version})").format(
                                  version=version),
                              _("Upgrade backcare to use it; it has not been changed.")) from None
        return Loaded(state, path, read_only_reason=_(
            "{path} was written by a newer backcare (schema {version}); this version can read "
            "it but will not change it. Upgrade backcare.").format(path=path, version=version))
    migrated_from = None
    if version < current:
        raw = migrate(raw, MIGRATIONS if migrations is None else migrations, current)
        migrated_from = version
    loaded = Loaded(_validate(path, raw), path, migrated_from=migrated_from)
    return loaded


def _known_fields(value: Any, kind: Any) -> Any:
    """Only the fields this version knows, at every depth: what a newer backcare added is
    left out of what is read (and the file is read-only then, so nothing is lost)."""
    if isinstance(kind, type):
        kind = inspect.type_info(kind)
    if isinstance(kind, inspect.UnionType):
        kind = next((t for t in kind.types if isinstance(t, inspect.StructType)), kind)
    if isinstance(kind, inspect.StructType) and isinstance(value, dict):
        fields = {f.encode_name: f.type for f in kind.fields}
        return {k: _known_fields(v, fields[k]) for k, v in value.items() if k in fields}
    if isinstance(kind, inspect.ListType) and isinstance(value, list):
        return [_known_fields(v, kind.item_type) for v in value]
    return value


def dump(state: State) -> str:
    return msgspec.json.format(msgspec.json.encode(state), indent=1).decode("utf-8") + "\n"


def lock_file(log: Path) -> Path:
    return log.with_name(log.name + LOCK_SUFFIX)


@contextlib.contextmanager
def locked(path: Path) -> Iterator[Path]:
    """Hold the log's lock, beside the log itself; another backcare waits at most
    LOCK_TIMEOUT_SECONDS for it. Gives the log's own path (`log_file`)."""
    from filelock import FileLock, Timeout

    log = log_file(path)
    ensure_folder(log.parent)
    lock_path = lock_file(log)
    with contextlib.suppress(FileNotFoundError):
        if not stat.S_ISREG(os.lstat(lock_path).st_mode):  # never wait on a FIFO or a link
            raise not_regular(lock_path)
    lock = FileLock(str(lock_path), timeout=LOCK_TIMEOUT_SECONDS, mode=0o600)
    try:
        lock.acquire()
    except Timeout:  # an OSError too: said apart from the file's own problems
        raise FileProblem(str(path), _("another backcare command is using your log; try "
                                       "again in a moment")) from None
    except OSError as exc:
        raise file_problem(lock_path, exc, N_("cannot be locked")) from None
    try:
        yield log
    finally:
        lock.release()


def refuse_read_only(loaded: Loaded) -> None:
    """A file from a newer backcare, or one whose permissions forbid writing, records
    nothing: say so before any work is done."""
    if loaded.read_only_reason:
        raise FileProblem(str(loaded.path), _("was written by a newer backcare; it is "
                                              "read-only here"),
                          _("Upgrade backcare to record anything new."))
    refuse_unwritable(loaded.path)


@contextlib.contextmanager
def update(
    path: Path, current: int = SCHEMA_VERSION, migrations: list[Migration] | None = None
) -> Iterator[Loaded]:
    """Read-modify-write under the lock. The caller sets `loaded.state`; it is saved on exit.

    The order makes every crash safe: a backup before an upgrade, then the archive with
    the episodes that move to it, then the state file without them. Each is replaced
    whole, so a crash leaves each file old or new; an episode in both is read once."""
    with locked(path) as log:
        loaded = load(path, current, migrations)
        refuse_read_only(loaded)
        if loaded.migrated_from is not None:
            loaded.backup = _keep_backup(log, loaded.migrated_from)
        yield loaded
        remove_orphans(log)
        kept, moving = compact(loaded.state, clock.now())
        if moving:
            archive_episodes(path, moving, kept)
        atomic_write(log, dump(kept))
        loaded.state = kept


def _keep_backup(log: Path, version: int) -> Path:
    """A copy of the file as it was before an upgrade, beside it, never over an earlier one."""
    original = _read_bytes(log) or b""
    backup = log.with_name(f"{log.name}.v{version}.bak")
    n = 1
    while os.path.lexists(backup):
        n += 1
        backup = log.with_name(f"{log.name}.v{version}.{n}.bak")
    with problems_named(backup, N_("cannot keep a backup before the upgrade")):
        atomic_write(backup, original)
    return backup


def ours(name: str, log: str) -> bool:
    """Whether `name` is one backcare keeps (or a person keeps of it) beside the log named
    `log`: the log, its lock, archive and backups, anything named after it (a log moved aside,
    state.json.broken), and the temp files of its writes."""
    return name == log or name.startswith((log + ".", "." + log + "."))


def forget(path: Path) -> list[Path]:
    """Delete the log and every file kept beside it but the lock (the caller holds it): the
    archive, backups and temp files. A symbolic link at `path` goes, and so do the file it
    points to and the files beside that: they are the person's backcare data."""
    log = log_file(path)
    removed = []
    for folder, name in dict.fromkeys([(log.parent, log.name), (path.parent, path.name)]):
        if not folder.is_dir():
            continue
        for item in sorted(folder.iterdir()):
            if (ours(item.name, name) and item.name != name + LOCK_SUFFIX
                    and (item.is_symlink() or item.is_file())):
                with problems_named(item, N_("cannot be deleted")):
                    item.unlink()
                removed.append(item)
    return removed
