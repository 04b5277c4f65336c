"""The state file: the only module that reads or writes `state.json`.

Every write is atomic (temp file in the same folder, flush, fsync, os.replace)
and every read-modify-write holds a cross-process lock. A file that does not
parse or validate is never rewritten; a file from a newer backcare is read-only.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import msgspec

from backcare.episode import Episode, State
from backcare.errors import FileProblem
from backcare.files import (
    atomic_write,
    ensure_folder,
    file_problem,
    followed,
    problems_named,
    remove_orphans,
    unique_keys,
)
from backcare.language import N_, _
from backcare.records import replace, where

SCHEMA_VERSION = 4
ARCHIVE_SUFFIX = ".archive.jsonl"
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
    """Version 3 adds `seen` (when a clinician checked the person) and version 4 `last_id`
    and the archive of ended episodes; an older file has none of them, and its ended
    episodes move to the archive on the first write."""
    return raw


MIGRATIONS: list[Migration] = [(2, "checks keep ids, not sentences", _checks_by_id),
                               (3, "episodes record when a clinician saw the person",
                                _unchanged),
                               (4, "ended episodes move to an archive", _unchanged)]
"""Ordered (to_version, name, function) steps; each takes the raw document one version up."""


class Loaded(msgspec.Struct):
    """The state as read, and what happened on the way: the caller says it to the person."""

    state: State
    path: Path
    read_only_reason: str = ""
    migrated_from: int | None = None
    backup: Path | None = None


def _broken(path: Path, problem: str) -> FileProblem:
    return FileProblem(
        str(path), problem,
        _("backcare has not changed it. Fix it by hand, or move it aside "
          "(mv '{path}' '{path}.broken') to start a new log.").format(path=path),
    )


@contextlib.contextmanager
def _opened(path: Path) -> Iterator[BinaryIO | None]:
    """The file to read, or None if there is none; a FIFO, a device or a folder is refused
    at once, never waited on, and so is a symbolic link that loops or points nowhere."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        followed(path)  # a dangling link is refused, named; a missing file is no log yet
        yield None
        return
    except OSError as exc:
        raise file_problem(path, exc, N_("cannot be read")) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _not_regular(path)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            yield fh
    except OSError as exc:
        raise file_problem(path, exc, N_("cannot be read")) from None
    finally:
        os.close(fd)


def _not_regular(path: Path) -> FileProblem:
    return FileProblem(str(path), _("is not a regular file"),
                       _("Move it aside (mv '{path}' '{path}.broken'); backcare has not "
                         "changed it.").format(path=path))


def refuse_unwritable(path: Path) -> None:
    """A file whose permissions forbid writing stays as it is, even for root, who could."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # missing, or unreadable: reading it says so
    if not mode & stat.S_IWUSR:
        raise FileProblem(str(path), _("is read-only: its permissions do not allow writing"),
                          _("backcare has not changed it. To record anything new, make it "
                            "writable (chmod u+w '{path}').").format(path=path))


def _read_bytes(path: Path) -> bytes | None:
    with _opened(path) as fh:
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
        raise _broken(path, _("is not valid JSON ({reason})").format(reason=reason)) from None
    if not isinstance(raw, dict) or type(raw.get("schema_version")) is not int:  # not bool
        raise _broken(path, _("has no integer schema_version"))
    if raw["schema_version"] < 1:
        raise _broken(path, _("has schema_version {version}, below 1").format(
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
            raise _broken(path, _("does not validate: {place}: {problem}").format(
                place=place, problem=message)) from None
        raise _broken(path, _("does not validate: {problem}").format(problem=message)) from None


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
    from msgspec import inspect

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


def log_file(path: Path) -> Path:
    """The log itself: `path`, or the file a symbolic link at `path` points to (a log kept
    in a synced folder). Its lock, archive, backups and temp files are kept beside it and
    named after it, so every home that links to one log shares one lock and one archive.
    A link that loops or points nowhere is refused, named."""
    return followed(path)


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
            raise _not_regular(lock_path)
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
        kept, moving = compact(loaded.state)
        if moving:
            _archive(path, moving, kept)
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


def archive_file(path: Path) -> Path:
    """Ended episodes, one validated JSON object a line, oldest first, beside the log itself
    (`log_file`): only `history`, `report`, `forget` and opening an episode read it, so a long
    history costs the other commands nothing."""
    log = log_file(path)
    archive = log.with_name(log.name + ARCHIVE_SUFFIX)
    _refuse_stray_archive(path, archive)
    return archive


def _refuse_stray_archive(path: Path, archive: Path) -> None:
    """An archive an earlier backcare kept beside a symbolic link to the log, not beside the
    log, is never passed over: its episodes would be hidden, and their ids given again."""
    stray = path.with_name(path.name + ARCHIVE_SUFFIX)
    if stray == archive or not os.path.lexists(stray):
        return
    with contextlib.suppress(OSError):
        if os.path.samefile(stray, archive):
            return
    raise FileProblem(str(stray), _("holds ended episodes beside the link {link}, not beside "
                                    "your log {log}").format(link=path, log=log_file(path)),
                      _("backcare has not changed it. Add its lines to the log's archive "
                        "(cat '{stray}' >> '{archive}' && rm '{stray}'), then try again."
                        ).format(stray=stray, archive=archive))


def compact(state: State) -> tuple[State, list[Episode]]:
    """The state to keep (the open episode and the one ended last) and the ended episodes
    to move to the archive."""
    ended = [e for e in state.episodes if not e.is_open]
    last = max(ended, key=lambda e: (e.ended_at or e.onset, e.id), default=None)
    moving = [e for e in ended if e is not last]
    staying = [e for e in state.episodes if e.is_open or e is last]
    last_id = max([state.last_id, *(e.id for e in state.episodes)])
    return replace(state, episodes=staying, last_id=last_id), moving


class _Clash(Exception):
    """The archive holds another episode under an id the log moves to it."""

    def __init__(self, archived: Episode, moving: Episode) -> None:
        super().__init__(archived.id)
        self.archived = archived
        self.moving = moving


def _archive(path: Path, moving: list[Episode], kept: State) -> None:
    """Rewrite the archive whole with `moving` added, streamed through in constant memory.
    It is read strictly as it is copied, and a line that does not read stops the write
    with nothing changed. An episode it already holds (the same id and onset, left in both
    files by a crash) is kept once, in the state file's copy, which readers showed; another
    episode under the same id is never replaced: the write is refused, nothing changed."""
    archive = archive_file(path)
    target = followed(archive)
    refuse_unwritable(target)
    remove_orphans(target)
    by_id = {e.id: e for e in moving}
    encode = msgspec.json.Encoder().encode

    def lines() -> Iterator[bytes]:
        with _opened(archive) as fh:
            for episode, line in _lines(archive, fh):
                same = by_id.get(episode.id)
                if same is None:
                    yield line
                elif same.onset != episode.onset:
                    raise _Clash(episode, same)
        for episode in sorted(moving, key=lambda e: e.id):
            yield encode(episode) + b"\n"

    try:
        atomic_write(target, lines())
    except _Clash as clash:
        from backcare.clock import shown

        free = max([kept.last_id, *(e.id for e in moving), highest_archived(path)]) + 1
        raise FileProblem(
            str(archive),
            _("already holds an episode {episode} that started {archived_onset}; the log's "
              "episode {episode}, which started {onset}, is another, and would replace it"
              ).format(episode=clash.moving.id, archived_onset=shown(clash.archived.onset),
                       onset=shown(clash.moving.onset)),
            _("backcare has changed neither file. In {log}, give the episode that started "
              "{onset} the id {free} and set last_id to {free}, then try again.").format(
                log=log_file(path), onset=shown(clash.moving.onset), free=free)) from None


def _lines(path: Path, fh: BinaryIO | None) -> Iterator[tuple[Episode, bytes]]:
    """Every archived episode in `fh` (the archive at `path`, or None if there is none) once,
    oldest first, with its line, each validated as it is read (one line in memory at a
    time). The file must end whole: a cut line means a write did not finish."""
    decode = msgspec.json.Decoder(Episode).decode
    seen: dict[int, bytes] = {}
    for number, line in enumerate(fh or [], 1):
        if not line.endswith(b"\n"):
            raise _broken(path, _("line {number} is cut short: a write did not "
                                  "finish").format(number=number))
        if not line.strip():
            continue
        try:
            episode = decode(line)
        except msgspec.DecodeError as exc:
            raise _broken(path, _("line {number} does not validate: {problem}").format(
                number=number, problem=where(exc)[0])) from None
        digest = hashlib.sha256(line.strip()).digest()
        if episode.id in seen:
            if seen[episode.id] != digest:
                raise _broken(path, _("line {number} holds episode {episode} again, "
                                      "with other entries").format(
                    number=number, episode=episode.id))
            continue  # the same episode kept twice by an older backcare
        seen[episode.id] = digest
        yield episode, line


@contextlib.contextmanager
def archived(path: Path, current: State) -> Iterator[Iterator[Episode]]:
    """The archived episodes, oldest first, read strictly before the first is given: a
    broken archive raises here, before the caller has shown anything. The archive is read
    twice, checked whole and then given one episode at a time, from one open file, so that
    memory stays flat and a writer's new archive cannot slip in between.

    An episode the state file also holds (the same id and onset: left in both by a crash)
    is left to it, so it is shown once. Another episode under the same id, from a log that
    started again, is shown as well: nothing archived is hidden."""
    archive = archive_file(path)
    held = {(e.id, e.onset) for e in current.episodes}

    def given(fh: BinaryIO | None) -> Iterator[Episode]:
        try:
            for episode, _line in _lines(archive, fh):
                if (episode.id, episode.onset) not in held:
                    yield episode
        except OSError as exc:
            raise file_problem(archive, exc, N_("cannot be read")) from None

    caller: BaseException | None = None
    with _opened(archive) as fh:
        for _checked in _lines(archive, fh):
            pass
        if fh is not None:
            fh.seek(0)
        try:
            yield given(fh)
        except BaseException as exc:  # the caller's own (a closed pipe): passed on as it is,
            caller = exc               # not taken for a problem reading the archive
    if caller is not None:
        raise caller


class _Numbered(msgspec.Struct):
    id: int


_ID = re.compile(rb'"id"\s*:\s*([0-9]{1,18})(?![0-9])')
"""An episode's id in a line that does not read; a longer number is no id backcare gave."""


def highest_archived(path: Path) -> int:
    """The highest episode id the archive holds (0 if none): a new episode's id goes above
    it, also in a log started again beside the archive (state.json moved aside or deleted),
    whose last_id knows nothing of it. One quick pass that reads only the ids; a line that
    does not read gives its id if it shows one, so that a broken archive never lets an id be
    given twice (writing the archive refuses it until it is mended)."""
    archive = archive_file(path)
    decode = msgspec.json.Decoder(_Numbered).decode
    highest = 0
    with _opened(archive) as fh:
        for line in fh or []:
            try:
                number = decode(line).id
            except msgspec.DecodeError:
                found = _ID.search(line)
                number = int(found.group(1)) if found else 0
            highest = max(highest, number)
    return highest


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
