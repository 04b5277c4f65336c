"""The kiosk's log of results it reset without staff: counts, never answers.

`$BACKCARE_HOME/kiosk-log.json`, kept as the state file is: read strictly, replaced whole
under the same kind of lock, and never overwritten when it cannot be read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import msgspec

from backcare import paths
from backcare.errors import FileProblem
from backcare.files import atomic_write, broken_file, opened
from backcare.records import Kept, ValidationError, where
from backcare.state import locked

SCHEMA: Literal["backcare.kiosk-log/1"] = "backcare.kiosk-log/1"


class Reset(Kept):
    day: str
    """The local date, YYYY-MM-DD."""
    level: Literal["emergency", "urgent"]
    after_minutes: float
    count: int


class KioskLog(Kept):
    schema: Literal["backcare.kiosk-log/1"] = SCHEMA
    resets: list[Reset] = []


def log_path() -> Path:
    return paths.home() / "kiosk-log.json"


def _read(path: Path) -> KioskLog:
    with opened(path) as fh:
        if fh is None:
            return KioskLog()
        data = fh.read()
    try:
        return msgspec.json.decode(data, type=KioskLog)
    except ValidationError as exc:
        raise broken_file(path, where(exc)[0]) from None
    except msgspec.DecodeError as exc:
        raise broken_file(path, str(exc)) from None


def count_reset(day: str, level: Literal["emergency", "urgent"], after_minutes: float,
                path: Path | None = None) -> None:
    """One more result of `level` reset on `day`. Raises FileProblem, naming the file,
    if it cannot be read or written: the kiosk then keeps the count on screen."""
    path = path or log_path()
    with locked(path) as log:
        kept = _read(log)
        resets = list(kept.resets)
        for n, reset in enumerate(resets):
            if (reset.day, reset.level, reset.after_minutes) == (day, level, after_minutes):
                resets[n] = msgspec.structs.replace(reset, count=reset.count + 1)
                break
        else:
            resets.append(Reset(day=day, level=level, after_minutes=after_minutes, count=1))
        atomic_write(log, msgspec.json.format(msgspec.json.encode(
            KioskLog(resets=resets)), indent=2) + b"\n")


def resets_on(day: str, path: Path | None = None) -> list[Reset]:
    try:
        return [r for r in _read(path or log_path()).resets if r.day == day]
    except FileProblem:
        return []

