"""The state file: the only module that reads or writes `state.json`.

Every write is atomic (temp file in the same folder, flush, fsync, os.replace)
and every read-modify-write holds a cross-process lock. A file that does not
parse or validate is never rewritten; a file from a newer backcare is read-only.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from backcare.episode import State
from backcare.errors import FileProblem
from backcare.files import atomic_write, ensure_folder

SCHEMA_VERSION = 2
LOCK_TIMEOUT_SECONDS = 30

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


MIGRATIONS: list[Migration] = [(2, "checks keep ids, not sentences", _checks_by_id)]
"""Ordered (to_version, name, function) steps; each takes the raw document one version up."""


@dataclass
class Loaded:
    state: State
    path: Path
    read_only_reason: str = ""
    migrated_from: int | None = None
    backup: Path | None = None


def _broken(path: Path, problem: str) -> FileProblem:
    return FileProblem(
        str(path), problem,
        "backcare has not changed it. Fix it by hand, or move it aside "
        f"(mv '{path}' '{path}.broken') to start a new log.",
    )


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise FileProblem(str(path), f"cannot be read ({exc.strerror})",
                          "Check the file's permissions.") from None


def _parse(path: Path, text: bytes) -> dict[str, Any]:
    try:
        raw = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise _broken(path, f"is not valid JSON ({exc})") from None
    if not isinstance(raw, dict) or type(raw.get("schema_version")) is not int:  # not bool
        raise _broken(path, "has no integer schema_version")
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
    try:
        return State.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise _broken(path, f"does not validate: {where}: {first['msg']}{more}") from None


def load(
    path: Path, current: int = SCHEMA_VERSION, migrations: list[Migration] | None = None
) -> Loaded:
    """Read the state. Older files are migrated in memory; nothing is written here."""
    text = _read_bytes(path)
    if text is None:
        return Loaded(State(schema_version=current), path)
    try:
        fast = State.model_validate_json(text, strict=True)
        if fast.schema_version == current:
            return Loaded(fast, path)
    except ValidationError:
        pass  # the slow path below says precisely what is wrong
    raw = _parse(path, text)
    version = raw["schema_version"]
    if version > current:
        known = {"schema_version", "episodes"}
        readable = {k: v for k, v in raw.items() if k in known}
        try:
            state = State.model_validate({**readable, "schema_version": version},
                                         strict=False, extra="ignore")
        except ValidationError:
            raise FileProblem(str(path),
                              f"was written by a newer backcare (schema {version})",
                              "Upgrade backcare to use it; it has not been changed.") from None
        return Loaded(state, path, read_only_reason=(
            f"{path} was written by a newer backcare (schema {version}); "
            "this version can read it but will not change it. Upgrade backcare."))
    migrated_from = None
    if version < current:
        raw = migrate(raw, MIGRATIONS if migrations is None else migrations, current)
        migrated_from = version
    loaded = Loaded(_validate(path, raw), path, migrated_from=migrated_from)
    return loaded


def dump(state: State) -> str:
    return state.model_dump_json(indent=1) + "\n"


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    from filelock import FileLock, Timeout

    ensure_folder(path.parent)
    lock = FileLock(str(path) + ".lock", timeout=LOCK_TIMEOUT_SECONDS, mode=0o600)
    try:
        with lock:
            yield
    except Timeout:
        raise FileProblem(str(path), "is locked by another backcare command",
                          "Wait for it to finish, then try again.") from None


@contextlib.contextmanager
def update(
    path: Path, current: int = SCHEMA_VERSION, migrations: list[Migration] | None = None
) -> Iterator[Loaded]:
    """Read-modify-write under the lock. The caller sets `loaded.state`; it is saved on exit."""
    with locked(path):
        loaded = load(path, current, migrations)
        if loaded.read_only_reason:
            raise FileProblem(str(path), "was written by a newer backcare; it is read-only here",
                              "Upgrade backcare to record anything new.")
        if loaded.migrated_from is not None:
            backup = path.with_name(f"{path.name}.v{loaded.migrated_from}.bak")
            n = 1
            while backup.exists():  # never overwrite an earlier backup
                n += 1
                backup = path.with_name(f"{path.name}.v{loaded.migrated_from}.{n}.bak")
            shutil.copy2(path, backup)
            os.chmod(backup, 0o600)
            loaded.backup = backup
        yield loaded
        atomic_write(path, dump(loaded.state))
        if loaded.backup is not None:
            from backcare.output import message

            message(f"Upgraded {path} from schema {loaded.migrated_from} to {current}; "
                    f"the old file is kept at {loaded.backup}.")


def forget(folder: Path) -> list[Path]:
    """Delete backcare's own files in its home folder (state, lock, backups)."""
    removed = []
    if folder.is_dir():
        for item in sorted(folder.iterdir()):
            ours = item.name.startswith(("state.json", ".state.json"))
            if ours and item.suffix != ".lock" and item.is_file():
                item.unlink()
                removed.append(item)
    return removed
