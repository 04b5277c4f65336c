"""Planned ice and heat sessions for reminders: pure, from the episode, `now` and data/."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

from pydantic import AwareDatetime, BaseModel, ConfigDict

from backcare.content import Content
from backcare.episode import Episode, Recommendation, next_application_at, recommendation
from backcare.window import Phase, fitting_start, hours_since, phase_at


class Session(BaseModel):
    model_config = ConfigDict(frozen=True)

    start: AwareDatetime
    phase: Phase
    recommendation: Recommendation

    @property
    def kind(self) -> str:
        return self.recommendation.kind

    @property
    def minutes(self) -> int:
        return self.recommendation.minutes


def planned_sessions(episode: Episode, now: datetime, content: Content, tz: tzinfo
                     ) -> list[Session]:
    """Sessions from the next due one for `plan_days` days, switching at the phase bounds."""
    window = content.window
    first = next_application_at(episode, now, window, tz)
    if first is None:
        return []
    end = now + timedelta(days=window.plan_days)
    sessions: list[Session] = []
    moment = first
    while moment < end:
        phase = phase_at(hours_since(episode.onset, moment), window)
        rec = recommendation(phase, content)
        sessions.append(Session(start=moment, phase=phase, recommendation=rec))
        after = moment + timedelta(minutes=rec.minutes + window.min_gap_minutes)
        moment = fitting_start(after, episode.onset, window, tz)
    return sessions
