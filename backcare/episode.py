"""Episodes, applications and pain entries, and the pure rules over them.

An episode runs from the onset of a spasm until the person ends it. Everything
here takes an explicit `now`; the state file module does the I/O.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from statistics import mean
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from backcare.assessment import AdviceGroup, Assessment, Item, Reason, highest
from backcare.content import Content, Level, Window
from backcare.errors import InputError
from backcare.window import Phase, hours_since, phase_at

Kind = Literal["ice", "heat"]
AUTO_NOTE = "from backcare check"
Trend = Literal["improving", "steady", "worsening"]


class Application(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Kind
    at: AwareDatetime
    minutes: float = Field(ge=0)
    planned_minutes: float | None = None
    warnings: list[str] = []


class PainEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    at: AwareDatetime
    score: int = Field(ge=0, le=10)
    note: str = ""


class Episode(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: int = Field(ge=1)
    onset: AwareDatetime
    ended_at: AwareDatetime | None = None
    assessments: list[Assessment] = []
    applications: list[Application] = []
    pain: list[PainEntry] = []

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


class State(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: int
    episodes: list[Episode] = []

    def open_episode(self) -> Episode | None:
        return next((e for e in reversed(self.episodes) if e.is_open), None)

    def episode(self, episode_id: int | None) -> Episode | None:
        if episode_id is None:
            return self.open_episode() or (self.episodes[-1] if self.episodes else None)
        return next((e for e in self.episodes if e.id == episode_id), None)


class Recommendation(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["ice", "heat", "ice-or-heat"]
    minutes: int
    max_minutes: int
    text: str


class Escalation(BaseModel):
    model_config = ConfigDict(frozen=True)

    level: Level
    reasons: list[Reason]
    advanced_care: AdviceGroup | None
    recheck: str


class Status(BaseModel):
    """What `backcare status` shows: all decided here, none of it by the renderer."""

    model_config = ConfigDict(frozen=True)

    episode: Episode
    now: AwareDatetime
    phase: Phase
    hours_since_onset: float
    recommendation: Recommendation
    next_application_at: AwareDatetime | None
    last_application: Application | None
    pain_latest: PainEntry | None
    pain_trend: Trend | None
    pain_by_day: list[tuple[int, float]]
    escalation: Escalation


def start_episode(state: State, onset: datetime, now: datetime, new: bool) -> tuple[State, Episode]:
    """Open an episode; with one already open, `new` ends it first, otherwise refuse."""
    current = state.open_episode()
    episodes = list(state.episodes)
    if current is not None:
        if not new:
            raise InputError(
                f"episode {current.id} is still open (onset {current.onset.isoformat()}); "
                "pass --new to end it and start another, or run 'backcare end' first"
            )
        episodes = [e if e.id != current.id else e.model_copy(update={"ended_at": now})
                    for e in episodes]
    episode = Episode(id=max((e.id for e in episodes), default=0) + 1, onset=onset)
    return state.model_copy(update={"episodes": [*episodes, episode]}), episode


def replace_episode(state: State, episode: Episode) -> State:
    return state.model_copy(update={
        "episodes": [episode if e.id == episode.id else e for e in state.episodes]
    })


def application_warnings(
    episode: Episode, kind: Kind, at: datetime, minutes: float, window: Window
) -> list[str]:
    """Reasons this application goes against the plan. The person's record is kept anyway."""
    warnings = []
    phase = phase_at(hours_since(episode.onset, at), window)
    if kind == "heat" and phase == "ice":
        warnings.append(
            f"heat in the first {window.ice_until_hours:g} hours: the plan is ice first, "
            "to calm the inflammation"
        )
    if kind == "ice" and phase == "heat":
        warnings.append(
            f"ice after {window.heat_from_hours:g} hours: the plan switches to heat now, "
            "to loosen the muscles"
        )
    if minutes > window.max_minutes:
        warnings.append(
            f"{minutes:g} minutes is longer than the safe maximum of {window.max_minutes} "
            "minutes at a time; longer risks skin damage"
        )
    previous = [a for a in episode.applications if a.at <= at]
    if previous:
        last = max(previous, key=lambda a: a.at)
        ready = last.at + timedelta(minutes=last.minutes + window.min_gap_minutes)
        if at < ready:
            warnings.append(
                f"too soon after the last {last.kind} session: let the skin return to normal, "
                f"about {window.min_gap_minutes} minutes between sessions"
            )
    return warnings


def record_application(
    episode: Episode, kind: Kind, at: datetime, minutes: float, planned: float | None,
    window: Window,
) -> Episode:
    if at < episode.onset:
        raise InputError(f"--at {at.isoformat()} is before the onset of episode {episode.id}")
    application = Application(
        kind=kind, at=at, minutes=round(minutes, 2), planned_minutes=planned,
        warnings=application_warnings(episode, kind, at, minutes, window),
    )
    return episode.model_copy(update={"applications": [*episode.applications, application]})


def record_pain(episode: Episode, at: datetime, score: int, note: str) -> Episode:
    entry = PainEntry(at=at, score=score, note=note)
    return episode.model_copy(update={"pain": [*episode.pain, entry]})


def record_assessment(episode: Episode, result: Assessment) -> Episode:
    update: dict[str, Any] = {"assessments": [*episode.assessments, result]}
    if result.answers.pain is not None:
        update["pain"] = [*episode.pain, PainEntry(at=result.assessed_at,
                                                   score=result.answers.pain,
                                                   note=AUTO_NOTE)]
    return episode.model_copy(update=update)


def pain_by_day(episode: Episode) -> list[tuple[int, float]]:
    """Average score per day of the episode (day 1 is the first 24 hours)."""
    days: dict[int, list[int]] = {}
    for entry in episode.pain:
        day = int(max(0.0, hours_since(episode.onset, entry.at)) // 24) + 1
        days.setdefault(day, []).append(entry.score)
    return [(day, round(mean(scores), 1)) for day, scores in sorted(days.items())]


def pain_trend(episode: Episode) -> Trend | None:
    """Compare the last two days that have scores, or the last two scores within one day."""
    by_day = pain_by_day(episode)
    if len(by_day) >= 2:
        change = by_day[-1][1] - by_day[-2][1]
    elif len(episode.pain) >= 2:
        ordered = sorted(episode.pain, key=lambda p: p.at)
        change = ordered[-1].score - ordered[-2].score
    else:
        return None
    if change <= -1:
        return "improving"
    if change >= 1:
        return "worsening"
    return "steady"


def latest_pain(episode: Episode) -> PainEntry | None:
    return max(episode.pain, key=lambda p: p.at, default=None)


def escalation(episode: Episode, now: datetime, content: Content) -> Escalation:
    """Routing from the log: severe pain that is not improving, an episode lasting weeks."""
    w = content.window
    fill = content.clinic.fill
    reasons: list[Reason] = []
    days = hours_since(episode.onset, now) / 24
    latest = latest_pain(episode)
    trend = pain_trend(episode)
    if (days >= w.not_improving_days and latest is not None
            and latest.score >= w.severe_pain_from and trend != "improving"):
        rule = content.rule("not-improving-log")
        reasons.append(Reason(id=rule.id, level=rule.level, text=fill(rule.reason),
                              source=rule.source,
                              because=f"pain {latest.score}/10 on day {int(days) + 1}"))
    chronic = days >= w.chronic_after_days
    if chronic:
        rule = content.rule("long-episode")
        reasons.append(Reason(id=rule.id, level=rule.level, text=fill(rule.reason),
                              source=rule.source, because=f"episode is {int(days)} days old"))
    if episode.assessments:
        last = max(episode.assessments, key=lambda a: a.assessed_at)
        reasons.extend(r for r in last.triage.reasons if r.level != "self-care")
    recheck = content.rule("new-red-flag")
    return Escalation(
        level=highest([r.level for r in reasons]),
        reasons=reasons,
        advanced_care=advanced_tier(content, "the episode has lasted for weeks") if chronic
        else None,
        recheck=fill(recheck.reason),
    )


def advanced_tier(content: Content, because: str) -> AdviceGroup | None:
    tier = next((t for t in content.tiers if t.id == "advanced"), None)
    items = [Item(id=a.id, title=a.title, text=content.clinic.fill(a.text), source=a.source,
                  because=because) for a in content.advice if a.tier == "advanced"]
    return AdviceGroup(tier=tier.id, title=tier.title, items=items) if tier and items else None


def recommendation(phase: Phase, content: Content) -> Recommendation:
    w = content.window
    text = content.clinic.fill(content.phase_text(phase).text)
    if phase == "ice":
        return Recommendation(kind="ice", minutes=w.ice_minutes, max_minutes=w.max_minutes,
                              text=text)
    if phase == "heat":
        return Recommendation(kind="heat", minutes=w.heat_minutes, max_minutes=w.max_minutes,
                              text=text)
    return Recommendation(kind="ice-or-heat", minutes=min(w.ice_minutes, w.heat_minutes),
                          max_minutes=w.max_minutes, text=text)


def next_application_at(episode: Episode, now: datetime, window: Window) -> datetime | None:
    if not episode.is_open:
        return None
    if not episode.applications:
        return now
    last = max(episode.applications, key=lambda a: a.at)
    return max(now, last.at + timedelta(minutes=last.minutes + window.min_gap_minutes))


def status(episode: Episode, now: datetime, content: Content) -> Status:
    end = episode.ended_at or now
    hours = max(0.0, hours_since(episode.onset, end))
    phase = phase_at(hours, content.window)
    return Status(
        episode=episode,
        now=now,
        phase=phase,
        hours_since_onset=round(hours, 2),
        recommendation=recommendation(phase, content),
        next_application_at=next_application_at(episode, now, content.window),
        last_application=max(episode.applications, key=lambda a: a.at, default=None),
        pain_latest=latest_pain(episode),
        pain_trend=pain_trend(episode),
        pain_by_day=pain_by_day(episode),
        escalation=escalation(episode, now, content),
    )
