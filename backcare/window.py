"""The ice-then-heat window: pure functions of the onset, `now` and the hours in data/."""

from datetime import UTC, datetime, timedelta, tzinfo
from typing import Literal

from backcare.content import PhaseOrUnknown, Window
from backcare.records import Value

Phase = Literal["ice", "transition", "heat"]


class WindowState(Value, frozen=True, kw_only=True):
    phase: Phase
    hours_since_onset: float


def phase_at(hours: float, window: Window) -> Phase:
    """`ice` before `ice_until_hours`, `transition` until `heat_from_hours`, then `heat`."""
    if hours < window.ice_until_hours:
        return "ice"
    if hours < window.heat_from_hours:
        return "transition"
    return "heat"


def hours_since(onset: datetime, now: datetime) -> float:
    # In UTC: two times sharing one tzinfo (a named zone) subtract as wall-clock times.
    return (now.astimezone(UTC) - onset.astimezone(UTC)).total_seconds() / 3600


def window_state(onset: datetime, now: datetime, window: Window) -> WindowState:
    hours = max(0.0, hours_since(onset, now))
    return WindowState(phase=phase_at(hours, window), hours_since_onset=round(hours, 2))


def awake(moment: datetime, window: Window, tz: tzinfo | None, minutes: float = 0) -> datetime:
    """The same moment if a session of `minutes` starting then fits in waking hours (local
    time in `tz`), else the start of the next waking day. Without a zone, every hour counts."""
    if tz is None:
        return moment
    local = moment.astimezone(tz)
    start = local.replace(hour=window.day_starts_hour, minute=0, second=0, microsecond=0)
    if local < start:
        return start
    day_end = start.replace(hour=0) + timedelta(hours=window.day_ends_hour)
    if local + timedelta(minutes=minutes) > day_end:
        return start + timedelta(days=1)
    return local


def counted_from(onset: datetime, earliest: datetime | None) -> datetime:
    """Where the days of an episode are counted from, for the rules about how long it has
    lasted: the middle of the range the person gave (`earliest` to `onset`), else the onset.
    The clock itself starts at `onset`, the latest the range allows, so that heat is never
    offered before it can be due; the days are counted from the middle, as the clock was
    before, so that a long episode is found no later than it was then."""
    if earliest is None or earliest >= onset:
        return onset
    return earliest + (onset - earliest) / 2


def session_minutes(phase: PhaseOrUnknown, window: Window) -> int:
    """How long one session lasts in a phase; in the switch window, and when the phase is
    not known, the shorter of the two."""
    if phase == "ice":
        return window.ice_minutes
    if phase == "heat":
        return window.heat_minutes
    return min(window.ice_minutes, window.heat_minutes)


def fitting_start(moment: datetime, onset: datetime | None, window: Window, tz: tzinfo | None
                  ) -> datetime:
    """The first moment from `moment` at which a whole session fits in waking hours; with
    no `onset` (not known), a session of the shorter length."""
    while True:
        phase = "unknown" if onset is None else phase_at(hours_since(onset, moment), window)
        minutes = session_minutes(phase, window)
        fitted = awake(moment, window, tz, minutes)
        if fitted == moment:
            return moment
        moment = fitted
