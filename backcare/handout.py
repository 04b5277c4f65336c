"""The handout: one summary of an episode, or of one assessment, for the clinician or the fridge.

Built here, purely; `render.handout` only lays it out as Markdown, HTML or JSON.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict

from backcare.assessment import Assessment
from backcare.content import Content
from backcare.episode import Application, Episode, Escalation, PainEntry, Trend
from backcare.episode import status as episode_status
from backcare.window import Phase, WindowState, hours_since, window_state


class Handout(BaseModel):
    model_config = ConfigDict(frozen=True)

    generated_at: AwareDatetime
    episode_id: int | None
    onset: AwareDatetime | None
    ended_at: AwareDatetime | None
    window: WindowState | None
    assessment: Assessment | None
    applications: list[Application]
    application_hours: list[float]
    pain: list[PainEntry]
    pain_by_day: list[tuple[int, float]]
    pain_trend: Trend | None
    escalation: Escalation | None
    phase_bounds: tuple[float, float]
    phase_title: str | None


def _phase_title(content: Content, phase: Phase | None) -> str | None:
    return content.phase_text(phase).title if phase else None


def _new_from_log(escalation: Escalation, latest: Assessment | None) -> Escalation:
    """The log's reasons that the latest check does not already give, so none is said twice."""
    said = {r.id for r in latest.triage.reasons} if latest else set()
    return escalation.model_copy(
        update={"reasons": [r for r in escalation.reasons if r.id not in said]})


def from_episode(episode: Episode, now: datetime, content: Content) -> Handout:
    current = episode_status(episode, now, content)
    latest = max(episode.assessments, key=lambda a: a.assessed_at, default=None)
    apps = sorted(episode.applications, key=lambda a: a.at)
    return Handout(
        generated_at=now,
        episode_id=episode.id,
        onset=episode.onset,
        ended_at=episode.ended_at,
        window=WindowState(phase=current.phase, hours_since_onset=current.hours_since_onset),
        assessment=latest,
        applications=apps,
        application_hours=[round(hours_since(episode.onset, a.at), 2) for a in apps],
        pain=sorted(episode.pain, key=lambda p: p.at),
        pain_by_day=current.pain_by_day,
        pain_trend=current.pain_trend,
        escalation=_new_from_log(current.escalation, latest),
        phase_bounds=(content.window.ice_until_hours, content.window.heat_from_hours),
        phase_title=_phase_title(content, current.phase),
    )


def from_assessment(result: Assessment, content: Content) -> Handout:
    onset = result.answers.onset
    window = window_state(onset, result.assessed_at, content.window) if onset else None
    pain = ([PainEntry(at=result.assessed_at, score=result.answers.pain)]
            if result.answers.pain is not None else [])
    return Handout(
        generated_at=result.assessed_at,
        episode_id=None,
        onset=onset,
        ended_at=None,
        window=window,
        assessment=result,
        applications=[],
        application_hours=[],
        pain=pain,
        pain_by_day=[],
        pain_trend=None,
        escalation=None,
        phase_bounds=(content.window.ice_until_hours, content.window.heat_from_hours),
        phase_title=_phase_title(content, window.phase if window else None),
    )
