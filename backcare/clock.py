"""The one place that reads the clock, and the parsers for times and durations.

`BACKCARE_NOW` replaces the clock for every command (demos, tests). Everything is
kept as timezone-aware datetimes in UTC, so elapsed time is real elapsed time,
across daylight-saving changes too.
"""

from __future__ import annotations

import os
import re
import time
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from backcare.errors import InputError, shortened
from backcare.language import N_, _, shown_time

CLOCK_SKEW = timedelta(minutes=1)
EARLIEST, LATEST = 1900, 9000
"""Years a time may fall in: beyond them local-time arithmetic overflows."""
_DURATION = re.compile(r"(\d+(?:\.\d+)?)(w|d|h|m)", re.IGNORECASE)
_DURATIONS = re.compile(r"(?:\d+(?:\.\d+)?[wdhm])+", re.IGNORECASE)
"""The whole text, checked first in one pass: searching a long run of digits with no unit
part by part would take time that grows with the square of its length (minutes)."""
_UNITS = {"w": "weeks", "d": "days", "h": "hours", "m": "minutes"}
QUOTED = 40
"""Characters of a time or a duration an error quotes back: the longest ISO 8601 time with
seconds, fraction and offset has 32."""


def _quoted(text: str) -> str:
    return repr(shortened(text, QUOTED))


def now() -> datetime:
    """The current time in UTC, or `BACKCARE_NOW` when it is set."""
    fixed = os.environ.get("BACKCARE_NOW")
    if fixed:
        try:
            value = datetime.fromisoformat(fixed.strip())
        except ValueError:
            raise InputError(
                _("BACKCARE_NOW={value} is not an ISO 8601 time "
                  "(example: 2026-03-08T09:30:00-05:00)").format(value=_quoted(fixed))
            ) from None
        if value.tzinfo is None:
            raise InputError(
                _("BACKCARE_NOW={value} needs a UTC offset "
                  "(example: 2026-03-08T09:30:00-05:00)").format(value=_quoted(fixed))
            )
        if not EARLIEST <= value.year <= LATEST:
            raise InputError(_("BACKCARE_NOW={value} is too far from today").format(
                value=_quoted(fixed)))
        return value.astimezone(UTC)
    return datetime.now(UTC)


def parse_time(text: str, what: str = N_("time")) -> datetime:
    """An ISO 8601 time; without an offset it is read as local time. `what` names it in
    the person's words (`--at`, `onset`); it is translated where said, so a caller may mark
    it with `N_()`."""
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            _("{what} {text} is not an ISO 8601 time (example: 2026-03-08T09:30-05:00)"
              ).format(what=_(what), text=_quoted(text))
        ) from None
    try:
        if value.tzinfo is None:
            value = _local(value, text, what)
        if not EARLIEST <= value.year <= LATEST:
            raise OverflowError
        return value.astimezone(UTC)
    except (OverflowError, ValueError, OSError):
        raise InputError(_("{what} {text} is too far from today").format(
            what=_(what), text=_quoted(text))) from None


def parse_duration(text: str, what: str = N_("duration")) -> timedelta:
    """`90m`, `6h`, `2d`, `1w`, or combinations such as `1h30m`."""
    cleaned = text.strip().replace(" ", "")
    if not _DURATIONS.fullmatch(cleaned):
        raise InputError(_("{what} {text} is not a duration (examples: 90m, 6h, 2d, 1h30m)"
                           ).format(what=_(what), text=_quoted(text)))
    total = timedelta()
    try:
        for number, unit in _DURATION.findall(cleaned):
            total += timedelta(**{_UNITS[unit.lower()]: float(number)})
    except OverflowError:
        raise InputError(_too_long(what, text)) from None
    return total


def ago(text: str, current: datetime, what: str) -> datetime:
    """The moment `text` (a duration) before `current`."""
    try:
        moment = current - parse_duration(text, what)
    except OverflowError:
        raise InputError(_too_long(what, text)) from None
    if moment.year < EARLIEST:
        raise InputError(_too_long(what, text))
    return moment


def _too_long(what: str, text: str) -> str:
    return _("{what} {text} is too long").format(what=_(what), text=_quoted(text))


def _local(naive: datetime, text: str, what: str) -> datetime:
    """A wall-clock time in the local zone. One that the clock skips (a daylight-saving gap)
    is refused rather than moved; of one the clock shows twice, the first is taken."""
    zone = local_zone(datetime.now(UTC))
    aware = naive.replace(tzinfo=zone)
    if aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive:
        raise InputError(_("{what} {text} does not exist in the local time zone (the clocks "
                           "skip it when they change); give the time with its offset").format(
                               what=_(what), text=_quoted(text)))
    return aware


def shown(moment: datetime) -> str:
    """A moment as a person reads it, everywhere: their own time zone, day and time, in
    their language."""
    return shown_time(moment)


def not_in_future(moment: datetime, current: datetime, what: str) -> datetime:
    """A moment that is not in the future; within a minute of clock skew it counts as now."""
    if moment - current > CLOCK_SKEW:
        raise InputError(_("{what} {moment} is in the future").format(
            what=_(what), moment=shown(moment)))
    return min(moment, current)


def local_zone(now: datetime) -> tzinfo:
    """The local time zone with its clock changes, so that waking hours stay waking hours
    across a daylight-saving change; else the local offset at `now`.

    It is the zone the C library uses for every time shown (`shown`): the one `$TZ` names,
    else the system's zone file, both read by the standard library. tzlocal finds it where
    there is no such file (Windows); importing it (and `logging`) costs `status` about a
    tenth of its start-up, so it is not the first choice."""
    name = os.environ.get("TZ", "").removeprefix(":")
    try:
        if name:
            return ZoneInfo(name)
        with open("/etc/localtime", "rb") as fh:
            return ZoneInfo.from_file(fh)
    except (OSError, ValueError, ZoneInfoNotFoundError):
        pass
    import tzlocal

    try:
        return tzlocal.reload_localzone()  # not the cached zone: $TZ may have changed
    except (OSError, ValueError, LookupError, ZoneInfoNotFoundError):
        return now.astimezone().tzinfo or UTC


def ticking() -> float:
    """Seconds on a clock that only moves forward: for how long a screen has waited."""
    return time.monotonic()


def wait(seconds: float) -> None:
    time.sleep(seconds)


def move_second() -> float:
    """Seconds in one second of a guided movement session: 1, or `BACKCARE_MOVE_SECOND` (a
    test hook, at least 0.001) so that a test of a whole session waits a moment, not
    minutes. The holds and the session's first minute both run on it."""
    return _seconds_in("BACKCARE_MOVE_SECOND", 1.0, 0.001)


def kiosk_minute() -> float:
    """Seconds in one of the kiosk's idle minutes: 60, or `BACKCARE_KIOSK_MINUTE` (a test
    hook, at least 0.1) so that a test of the idle limits waits seconds, not minutes."""
    return _seconds_in("BACKCARE_KIOSK_MINUTE", 60.0, 0.1)


def _seconds_in(variable: str, default: float, least: float) -> float:
    said = os.environ.get(variable, "")
    try:
        return max(least, float(said)) if said else default
    except ValueError:
        raise InputError(_("{variable}={value} is not a number of seconds").format(
            variable=variable, value=_quoted(said))) from None
