"""Planned ice and heat sessions for reminders: pure, from the episode, `now` and data/."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from pydantic import AwareDatetime, BaseModel, ConfigDict

from backcare.content import Window
from backcare.episode import Episode, next_application_at
from backcare.window import Phase, hours_since, phase_at

KIND_FOR_PHASE = {"ice": "ice", "transition": "ice-or-heat", "heat": "heat"}


class Session(BaseModel):
    model_config = ConfigDict(frozen=True)

    start: AwareDatetime
    minutes: int
    phase: Phase
    kind: str


def _minutes(phase: Phase, window: Window) -> int:
    if phase == "ice":
        return window.ice_minutes
    if phase == "heat":
        return window.heat_minutes
    return min(window.ice_minutes, window.heat_minutes)


def _awake(moment: datetime, window: Window, tz: tzinfo) -> datetime:
    """The same moment if it falls in waking hours, else the start of the next waking day."""
    local = moment.astimezone(tz)
    start = local.replace(hour=window.day_starts_hour, minute=0, second=0, microsecond=0)
    if local < start:
        return start
    if local.hour >= window.day_ends_hour:
        return start + timedelta(days=1)
    return local


def planned_sessions(episode: Episode, now: datetime, window: Window, tz: tzinfo) -> list[Session]:
    """Sessions from the next due one for `plan_days` days, switching at the phase bounds."""
    first = next_application_at(episode, now, window)
    if first is None:
        return []
    end = now + timedelta(days=window.plan_days)
    sessions: list[Session] = []
    moment = _awake(first, window, tz)
    while moment < end:
        phase = phase_at(hours_since(episode.onset, moment), window)
        minutes = _minutes(phase, window)
        sessions.append(Session(start=moment, minutes=minutes, phase=phase,
                                kind=KIND_FOR_PHASE[phase]))
        moment = _awake(moment + timedelta(minutes=minutes + window.min_gap_minutes), window, tz)
    return sessions
