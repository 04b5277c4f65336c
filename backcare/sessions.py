"""Planned ice and heat sessions for reminders: pure, from the episode, `now` and data/."""

from datetime import datetime, timedelta, tzinfo

from backcare.content import Content, PhaseOrUnknown
from backcare.course import (
    Recommendation,
    escalation,
    ice_heat_advice,
    movement_gate,
    next_application_at,
    phase_of,
    recommendation,
    travelling_cautions,
)
from backcare.episode import Episode, MovementSession
from backcare.movement import next_session_at
from backcare.records import Value, replace
from backcare.window import fitting_start


class Session(Value, frozen=True, kw_only=True):
    start: datetime
    phase: PhaseOrUnknown
    """`unknown` while the start of the episode is not known: a session of ice or heat,
    whichever its advice says fits how long ago it started."""
    recommendation: Recommendation
    cautions: list[str] = []
    """The person's own cautions about this session's ice or heat."""

    @property
    def kind(self) -> str:
        return self.recommendation.kind

    @property
    def minutes(self) -> int:
        return self.recommendation.minutes


def planned_sessions(episode: Episode, now: datetime, content: Content, tz: tzinfo
                     ) -> list[Session]:
    """Sessions from the next due one for `plan_days` days, switching at the phase bounds.
    While the start is not known, every session is of ice or heat, as the advice for an
    unknown phase says (`recommendation`)."""
    window = content.window
    first = next_application_at(episode, now, window, tz)
    if first is None:
        return []
    triage = escalation(episode, now, content).triage
    per_phase: dict[PhaseOrUnknown, tuple[Recommendation | None, list[str]]] = {}
    end = now + timedelta(days=window.plan_days)
    sessions: list[Session] = []
    onset = episode.onset if episode.onset_known else None
    moment = fitting_start(whole_minute(first), onset, window, tz)
    while moment < end:
        phase = phase_of(episode, moment, content)
        if phase not in per_phase:  # the advice changes with the phase only
            advice = recommendation(phase, content,
                                    ice_heat_advice(episode, triage, phase, content))
            kinds: set[str] = ({"ice", "heat"} if advice is None or advice.kind == "ice-or-heat"
                               else {advice.kind})
            per_phase[phase] = (advice, [c.text for c in travelling_cautions(
                episode, triage, phase, content, kinds)])
        rec, cautions = per_phase[phase]
        if rec is None:
            break
        sessions.append(Session(start=moment, phase=phase, recommendation=rec,
                                cautions=cautions))
        after = moment + timedelta(minutes=rec.minutes + window.min_gap_minutes)
        moment = fitting_start(whole_minute(after), onset, window, tz)
    return sessions


def planned_movement(episode: Episode, now: datetime, content: Content, tz: tzinfo
                     ) -> list[datetime]:
    """When guided movement sessions fall due over the next `plan_days` days, each taken as
    done when due; none where `move` would refuse."""
    if not episode.is_open or not movement_gate(episode, now, content).allowed:
        return []
    end = now + timedelta(days=content.window.plan_days)
    times: list[datetime] = []
    moment = whole_minute(next_session_at(episode, now, content, tz))
    while moment < end:
        times.append(moment)
        done = MovementSession(at=moment, minutes=0, movements=[], pain_before=0)
        episode = replace(episode, movement=[*episode.movement, done])
        moment = whole_minute(next_session_at(episode, moment, content, tz))
    return times


def whole_minute(moment: datetime) -> datetime:
    """A calendar time in whole minutes, rounded up: a reminder is never early."""
    if moment.second == 0 and moment.microsecond == 0:
        return moment
    return moment.replace(second=0, microsecond=0) + timedelta(minutes=1)
