"""The base classes of everything backcare builds, reads and keeps: msgspec structs.

Structs are validated where data comes in (the content files, the state file and its
archive, the demo scenarios) by `msgspec.convert` and `msgspec.json.decode`; code that
builds one from values it has already checked pays nothing. A struct class costs
microseconds to define, so importing backcare adds little to typer's own start-up.

Modules that define structs do not use `from __future__ import annotations`: msgspec
reads a struct's annotations when it first decodes one, and real annotations cost it a
fraction of what strings do (the content's decoder: 1 ms rather than 8).
"""

import re
from datetime import datetime
from typing import Annotated, Any, TypeVar

import msgspec

from backcare.language import _

EARLIEST_YEAR = 1900

Moment = Annotated[datetime, msgspec.Meta(tz=True)]
"""A time backcare keeps: with an offset, and (checked by `sane_years`) not before 1900."""

ValidationError = msgspec.ValidationError
T = TypeVar("T", bound=msgspec.Struct)


class Value(msgspec.Struct, frozen=True, kw_only=True):
    """A result the core works out (a triage, a status): built by code, never read."""


class Strict(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Read from a file: an unknown field is an error, not ignored."""


class Kept(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """Part of the log in the state file."""


def replace(item: T, **changes: Any) -> T:
    return msgspec.structs.replace(item, **changes)


def plain(item: msgspec.Struct) -> dict[str, Any]:
    """The fields as JSON-ready values (times as ISO 8601 text)."""
    return msgspec.to_builtins(item)  # type: ignore[no-any-return]


def sane_years(*moments: datetime | None) -> None:
    for moment in moments:
        if moment is not None and moment.year < EARLIEST_YEAR:
            raise ValueError(_("the year {year} is before {earliest}").format(
                year=moment.year, earliest=EARLIEST_YEAR))


def where(exc: msgspec.MsgspecError) -> tuple[str, list[str | int]]:
    """The message of a validation error and the path it names, as keys and indexes. The
    message is msgspec's own, in English, unless a check of ours raised it; the sentence
    around it is the caller's to translate."""
    message, marker, path = str(exc).rpartition(" - at `")
    if not marker:
        return str(exc), []
    steps: list[str | int] = [int(index) if index else key for key, index in
                              re.findall(r"\.([^.\[`]+)|\[(\d+)\]", path.rstrip("`"))]
    return message, steps
