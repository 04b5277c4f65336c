"""Guided movement: which gentle movements a session holds on a day of the episode, how
many times each, what a session's pain scores mean for the next one, and when the next is
due. Pure functions over the episode, the content and an explicit `now`.

Who may move at all (the level and the standing warning signs) is `course.movement_refusal`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo

from backcare.content import Content
from backcare.episode import Episode, MovementSession
from backcare.records import Value
from backcare.window import awake, counted_from, hours_since


class PlannedMovement(Value, frozen=True, kw_only=True):
    id: str
    title: str
    steps: list[str]
    hold_seconds: int | None
    """None: done at the person's own pace."""
    per_side: bool
    reps: int
    source: str


class SessionPlan(Value, frozen=True, kw_only=True):
    """Today's session: `gentler` after a rise in pain; `notes` say what is left out and why;
    `swimming` names swimming at the end, once the first days are past."""

    day: int
    movements: list[PlannedMovement]
    gentler: bool
    notes: list[str]
    swimming: bool
    stop_signs: list[str]
    """The stop rule's signs asked of this person (labour signs only in pregnancy)."""


def episode_day(episode: Episode, now: datetime) -> int:
    """Day 1 is the day it started, counted as the ice and heat rules count an episode's
    days; for a start not known, from when the record began, the latest it can have been,
    so that the set never grows early."""
    hours = hours_since(counted_from(episode.onset, episode.onset_earliest), now)
    return int(max(0.0, hours) // 24) + 1


def completed(sessions: list[MovementSession]) -> list[MovementSession]:
    """The sessions with a score after them, oldest first."""
    return sorted((s for s in sessions if s.pain_after is not None), key=lambda s: s.at)


def rise(session: MovementSession) -> int:
    return (session.pain_after or 0) - session.pain_before if session.pain_after is not None else 0


def risen(session: MovementSession, content: Content) -> bool:
    return rise(session) >= content.movement_plan.rise_points


def since(episode: Episode, moment: datetime | None) -> list[MovementSession]:
    """The sessions recorded at or after `moment` (all of them for None), oldest first: one
    recorded at the very moment of a check counts as after it (when in doubt, route up)."""
    return sorted((s for s in episode.movement
                   if moment is None or (s.recorded_at or s.at) >= moment), key=lambda s: s.at)


def pause(episode: Episode, checked_at: datetime | None, content: Content) -> str | None:
    """Why guided movement waits, after what happened since the latest check or clinician's
    visit (`checked_at`): a session ending in severe pain, one stopped for a warning sign,
    or pain rising after session after session. None when nothing did."""
    plan = content.movement_plan
    recent = since(episode, checked_at)
    severe = [s for s in recent if s.pain_after is not None and s.pain_after >= plan.severe_pain]
    if severe:
        return content.say("move-paused-severe", score=severe[-1].pain_after)
    if any(s.stopped == "stop-sign" for s in recent):
        return content.say("move-paused-stop")
    rises = sum(1 for s in recent if risen(s, content))
    if rises >= plan.rises_before_calling:
        return content.say("move-paused-rises", count=rises)
    return None


def session_plan(episode: Episode, now: datetime, content: Content, conditions: Sequence[str],
                 gentlest_because: Sequence[str] = ()) -> SessionPlan:
    """The movements for a session at `now`, for a person with `conditions` (with those
    the age gives): each the day allows and no condition withholds. The repetitions start
    at the plan's and grow from the first session (or the first after a rise in pain).
    After a rise in pain, and for each of `gentlest_because` (messages: severe pain, a weak
    leg, pain only above the lower back), the session is the gentlest."""
    plan = content.movement_plan
    day = episode_day(episode, now)
    done = completed(episode.movement)
    gentler = bool(done) and risen(done[-1], content)
    gentlest = gentler or bool(gentlest_because)
    after_rise = [s for s in done if risen(s, content)]
    counted = since(episode, after_rise[-1].at if after_rise else None)
    moving_days = int((now - counted[0].at).total_seconds() // 86400) if counted else 0
    reps = plan.start_reps if gentlest else (
        plan.start_reps + max(0, moving_days) // plan.add_rep_every_days)
    chosen, withheld = [], []
    for movement in content.movements:
        if movement.from_day > day or (gentlest and movement.id not in plan.gentlest):
            continue
        blocked = [c for c in movement.withheld_for if c in conditions]
        if blocked:
            withheld += blocked
            continue
        chosen.append(PlannedMovement(
            id=movement.id, title=movement.title, steps=movement.step_lines,
            hold_seconds=movement.hold_seconds, per_side=movement.per_side,
            reps=min(reps, movement.reps_max), source=movement.source))
    notes = [*([content.say("move-gentler-now")] if gentler else []), *gentlest_because,
             *(content.say(f"move-withheld-{c}") for c in dict.fromkeys(withheld))]
    signs = [s.id for s in content.stop_signs
             if not s.for_conditions or set(s.for_conditions) & set(conditions)]
    return SessionPlan(day=day, movements=chosen, gentler=gentlest, notes=notes,
                       swimming=not gentlest and day >= plan.swimming_from_day,
                       stop_signs=signs)


def after_session(episode: Episode, content: Content, checked_at: datetime | None = None
                  ) -> list[str]:
    """What to say once the latest session is recorded: severe pain after it means stopping
    and calling today; a rise makes the next session the gentlest, and rises since the
    latest check (`checked_at`) mean calling the clinic."""
    plan = content.movement_plan
    done = completed(episode.movement)
    if not done:
        return []
    last = done[-1]
    if last.pain_after is not None and last.pain_after >= plan.severe_pain:
        return [content.say("move-severe-after", score=last.pain_after)]
    if not risen(last, content):
        return []
    count = sum(1 for s in since(episode, checked_at) if risen(s, content))
    return [content.say("move-gentler-next", points=rise(last)),
            content.say("move-call-now", count=count)
            if count >= plan.rises_before_calling else content.say("move-call-if-again")]


def next_session_at(episode: Episode, now: datetime, content: Content,
                    tz: tzinfo | None = None) -> datetime:
    """When the next session is due: the plan's sessions spread over waking hours (in `tz`),
    after the last one; once a day's sessions are done, the next waking day."""
    window, plan = content.window, content.movement_plan
    gap = timedelta(hours=(window.day_ends_hour - window.day_starts_hour)
                    / plan.sessions_per_day)
    last = max(episode.movement, key=lambda s: s.at, default=None)
    due = now if last is None else max(now, last.at + timedelta(minutes=last.minutes) + gap)
    if tz is not None and last is not None:
        today = [s for s in episode.movement
                 if s.at.astimezone(tz).date() == due.astimezone(tz).date()]
        if len(today) >= plan.sessions_per_day:
            local = due.astimezone(tz)
            due = (local.replace(hour=window.day_starts_hour, minute=0, second=0,
                                 microsecond=0) + timedelta(days=1))
    return awake(due, window, tz)
