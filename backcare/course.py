"""Where an episode stands: its pain trend, the level the log routes to, and what to do now
(the phase, the next session, the cautions that travel with it), all decided here from the
log and an explicit time; `status`, `plan` and the handouts only show it."""

from collections.abc import Sequence
from datetime import datetime, timedelta, tzinfo
from typing import Literal

from backcare.assessment import (
    AdviceGroup,
    Finding,
    Item,
    Reason,
    SafetyLine,
    Triage,
    fired_rules,
    highest,
    in_full,
    map_reasons,
    plan_allowed,
    triage_for,
)
from backcare.content import LEVELS, Content, Level, PhaseOrUnknown, Window
from backcare.episode import (
    Application,
    Dose,
    Episode,
    Kind,
    PainEntry,
    is_warning_sign,
    not_before_onset,
)
from backcare.keeping import (
    check_reasons,
    personal_cautions,
    shown_for,
    standing_finding,
)
from backcare.language import N_, _
from backcare.medication import NameOnly, Standing, by_name_only, log_overdose, standings
from backcare.movement import next_session_at, pause
from backcare.records import Value, replace
from backcare.window import (
    counted_from,
    fitting_start,
    hours_since,
    phase_at,
    session_minutes,
)

Trend = Literal["improving", "steady", "worsening"]


class Recommendation(Value, frozen=True, kw_only=True):
    """What to put on in a phase, for how long, and how."""

    kind: Literal["ice", "heat", "ice-or-heat"]
    label: str
    minutes: int
    max_minutes: int
    text: str
    how: str


class Escalation(Value, frozen=True, kw_only=True):
    """Where the log routes: its level and words, and what it adds to self-care."""

    triage: Triage
    advanced_care: list[AdviceGroup]
    safety_net: list[SafetyLine]
    recheck: str
    finding: Finding | None
    """The warning signs that stand until a clinician has seen the person."""

    @property
    def level(self) -> Level:
        return self.triage.level


class Status(Value, frozen=True, kw_only=True):
    """What `backcare status` shows: all decided here, none of it by the renderer."""

    episode: Episode
    now: datetime
    phase: PhaseOrUnknown
    """`unknown` when the person was not sure when it started."""
    hours_since_onset: float | None
    """None when the onset is not known."""
    recommendation: Recommendation | None
    """None after an emergency finding, and where the advice is not to use ice or heat."""
    ice_heat_advice: Item | None
    """The ice or heat advice the check screen shows for this level and phase."""
    next_application_at: datetime | None
    """When the next session is due: a person who is awake can do it then."""
    next_reminder_at: datetime | None
    """When `plan` would remind them: the first time a whole session fits in waking hours."""
    last_application: Application | None
    pain_latest: PainEntry | None
    pain_trend: Trend | None
    pain_by_day: list[tuple[int, float]]
    escalation: Escalation
    cautions: list[Item]
    """The cautions the person's own answers brought in, about ice, heat and medicine."""
    screened: bool
    """Whether a warning-sign screen (a check) was ever saved to this episode."""
    doses: list[Standing] = []
    by_name_only: list[NameOnly] = []
    """Each medicine the episode has doses of, where it stands at `now`."""
    window_note: str | None = None
    """While an open episode's start is not known and the advice is ice or heat: which one
    to use, and how to say when it started."""
    where: list[str] = []
    """Where it hurts, as last said (`where_now`)."""
    next_movement_at: datetime | None = None
    """When the next guided movement session is due; None where `move` would refuse."""
    movement_paused: str = ""
    """Why guided movement waits after what happened since the check, and what to do."""


def pain_by_day(episode: Episode) -> list[tuple[int, float]]:
    """Average score per day of the episode (day 1 is the first 24 hours)."""
    days: dict[int, list[int]] = {}
    for entry in episode.pain:
        day = int(max(0.0, hours_since(episode.onset, entry.at)) // 24) + 1
        days.setdefault(day, []).append(entry.score)
    return [(day, round(sum(scores) / len(scores), 1)) for day, scores in sorted(days.items())]


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
    """The score about the latest time; of two about the same time, the one recorded last."""
    return max(reversed(episode.pain), key=lambda p: p.at, default=None)


def phase_of(episode: Episode, at: datetime, content: Content) -> PhaseOrUnknown:
    """The episode's phase at a moment: `unknown` when its start is not known."""
    if not episode.onset_known:
        return "unknown"
    return phase_at(max(0.0, hours_since(episode.onset, at)), content.window)


def days_of(episode: Episode, at: datetime) -> float:
    """How many days the episode has lasted at a moment, for the rules about a long one:
    from the middle of the range the person gave, or from the onset (when it is not known,
    from when the record began, the latest it can have started)."""
    return hours_since(counted_from(episode.onset, episode.onset_earliest), at) / 24


def escalation(episode: Episode, now: datetime, content: Content,
               overdose: bool | None = None) -> Escalation:
    """Routing from the log, by the rules a check goes through too: a severe latest score,
    pain getting worse, severe pain that is not improving, an episode lasting weeks, and
    whatever the latest check found, and an `overdose` in the dose log (by default, in the
    episode's own doses). Time counts to the end of an ended episode."""
    end = episode.ended_at or now
    latest = latest_pain(episode)
    reasons = fired_rules(content, "log", latest.score if latest else None,
                          days_of(episode, end), improving=pain_trend(episode) == "improving",
                          scores=[(p.at, p.score) for p in episode.pain],
                          overdose=log_overdose(episode, content, now) if overdose is None
                          else overdose)
    finding = standing_finding(episode.checks, episode.seen, content)
    last = episode.speaking_check
    said = {r.id for r in reasons}
    for reason in [*(finding.reasons if finding else []),
                   *(check_reasons(last, content) if last else []),
                   *marked_since_check(episode, content)]:
        if reason.level != "self-care" and reason.id not in said:
            reasons.append(reason)
            said.add(reason.id)
    reasons.sort(key=lambda r: -LEVELS.index(r.level))
    answers = episode.latest_check.answers if episode.latest_check else None
    routed = triage_for(highest([r.level for r in reasons]), reasons, content, answers)
    shown = shown_for(answers, routed, phase_of(episode, end, content), content)
    return Escalation(
        triage=routed,
        advanced_care=[g for g in shown.advice if g.tier == "advanced"],
        safety_net=shown.safety_net,
        recheck=content.say("recheck"),
        finding=finding,
    )


def marked_since_check(episode: Episode, content: Content) -> list[Reason]:
    """Where the pain scores with places marked route, each recorded since the latest
    check and the latest clinician's visit (a score recorded at the same moment counts:
    when in doubt, route up): a check asks again about any warning sign, and answers it.
    What the check ruled out stays ruled out for the same places or fewer."""
    check = episode.latest_check
    after = max([m for m in (check.assessed_at if check else None, episode.seen_at) if m],
                default=None)
    reasons: dict[str, Reason] = {}
    for entry in episode.pain:
        if not entry.where or (after is not None and (entry.recorded_at or entry.at) < after):
            continue
        ruled_out = list(entry.ruled_out)
        if check is not None and set(entry.where) <= set(check.answers.where):
            ruled_out += check.answers.ruled_out
        for reason in map_reasons(entry.where, ruled_out, content):
            reasons.setdefault(reason.id, reason)
    return list(reasons.values())


class MovementGate(Value, frozen=True, kw_only=True):
    """Whether guided movement fits the person now: only after a saved check that says home
    care fits (self-care or soon), with no warning sign standing, the log routing no higher
    than soon, and nothing since the check that pauses it. `escalation` says why not, where
    a level does; `paused`, where what happened since the check does."""

    allowed: bool
    escalation: Escalation | None = None
    paused: str = ""
    conditions: list[str] = []
    """The person's conditions at the latest check, with those the age gives: what
    withholds a movement, and which stop signs are asked."""
    gentlest_because: list[str] = []
    """Why the session is the gentlest (severe pain, a weak leg, pain only above the
    lower back), in words."""


def movement_gate(episode: Episode, now: datetime, content: Content,
                  routed: Escalation | None = None) -> MovementGate:
    """`routed` is where the log routes now, where the caller has it already."""
    check = episode.latest_check
    if check is None:
        return MovementGate(allowed=False)
    routed = routed or escalation(episode, now, content)
    if (routed.finding is not None or is_warning_sign(routed.triage.level)
            or is_warning_sign(check.level)):
        return MovementGate(allowed=False, escalation=routed)
    checked_at = max(check.assessed_at, episode.seen_at or check.assessed_at)
    paused = pause(episode, checked_at, content)
    if paused is not None:
        return MovementGate(allowed=False, escalation=routed, paused=paused)
    plan = content.movement_plan
    answers = in_full(check.answers, content)
    latest = latest_pain(episode)
    where = where_now(episode)
    because = [
        *([content.say("move-gentlest-severe")]
          if latest is not None and latest.score >= plan.severe_pain else []),
        *([content.say("move-gentlest-weakness")]
          if set(plan.gentlest_for) & set(answers.symptoms) else []),
        *([content.say("move-gentlest-places")]
          if where and not set(where) & set(plan.for_places) else []),
    ]
    return MovementGate(allowed=True, escalation=routed, conditions=answers.conditions,
                        gentlest_because=because)


def where_now(episode: Episode) -> list[str]:
    """Where it hurts as last said: the latest pain score's places, or the latest
    check's, whichever is newer."""
    marked = [p for p in episode.pain if p.where]
    entry = max(reversed(marked), key=lambda p: p.recorded_at or p.at, default=None)
    check = episode.latest_check
    if entry is not None and (check is None or not check.answers.where
                              or (entry.recorded_at or entry.at) >= check.assessed_at):
        return entry.where
    return check.answers.where if check is not None else []


LABELS = {"ice": N_("Ice"), "heat": N_("Heat"), "ice-or-heat": N_("Ice or heat")}
"""A recommendation's kind as a person reads it; translated when the recommendation is made."""


def ice_heat_advice(episode: Episode, triage: Triage, phase: PhaseOrUnknown, content: Content
                    ) -> Item | None:
    """The ice or heat advice the episode's latest check, its level and the phase select:
    the same item the check screen shows, so that status, plan and check agree."""
    last = episode.latest_check
    shown = shown_for(last.answers if last else None, triage, phase, content)
    family = ice_heat_family(content)
    return next((i for g in shown.advice for i in g.items if i.id in family), None)


def ice_heat_family(content: Content) -> set[str]:
    """Advice items that recommend ice or heat, and those shown in their place."""
    by_id = {a.id: a for a in content.advice}
    family: set[str] = set()
    for item in content.advice:
        current = item if {"ice", "heat"} & set(item.recommends) else None
        while current is not None and current.id not in family:
            family.add(current.id)
            current = by_id.get(current.instead) if current.instead else None
    return family


def recommendation(phase: PhaseOrUnknown, content: Content, advice: Item | None
                   ) -> Recommendation | None:
    """What to put on, for how long and how; None when the advice is not to use ice or heat.
    When the phase is not known, advice that names both is "ice or heat": which one fits
    depends on when it started, which the advice and the screens say."""
    item = next((a for a in content.advice if a.id == advice.id), None) if advice else None
    if advice is None or item is None or not {"ice", "heat"} & set(item.recommends):
        return None
    said = set(item.recommends)
    kind: Literal["ice", "heat", "ice-or-heat"]
    if phase == "unknown" and {"ice", "heat"} <= said:
        kind = "ice-or-heat"
    elif item.asks_first or not ({"ice", "heat-now"} & said):
        kind = "ice" if phase == "ice" else "heat" if phase == "heat" else "ice-or-heat"
    elif "heat-now" in said:
        kind = "ice-or-heat" if "ice" in said else "heat"
    else:
        kind = "ice"
    w = content.window
    return Recommendation(kind=kind, label=_(LABELS[kind]), minutes=session_minutes(phase, w),
                          max_minutes=w.max_minutes, text=advice.text, how=content.say("wrap"))


def next_application_at(
    episode: Episode, now: datetime, window: Window, tz: tzinfo | None = None
) -> datetime | None:
    """When the next session is due: the gap after the last one, within waking hours in `tz`."""
    if not episode.is_open:
        return None
    due = now
    if episode.applications:
        last = max(episode.applications, key=lambda a: a.at)
        due = max(now, last.at + timedelta(minutes=last.minutes + window.min_gap_minutes))
    return fitting_start(due, episode.onset if episode.onset_known else None, window, tz)


def status(episode: Episode, now: datetime, content: Content, tz: tzinfo | None = None,
           earlier: list[Dose] | None = None, episodes: Sequence[Episode] = ()) -> Status:
    """Everything `backcare status` shows. After an emergency finding there is no ice or
    heat plan: only what to do now. `earlier` are the doses of the log's other episodes
    that still count (`medication.elsewhere`); `episodes` the log's, whose latest check
    gives the limits before the episode has one."""
    end = episode.ended_at or now
    hours = max(0.0, hours_since(episode.onset, end))
    phase = phase_of(episode, end, content)
    doses = standings(episode, content, now, earlier=earlier, episodes=episodes)
    routed = escalation(episode, now, content, log_overdose(
        episode, content, now, earlier=earlier, episodes=episodes))
    emergency = not plan_allowed(routed.level)
    advice = None if emergency else ice_heat_advice(episode, routed.triage, phase, content)
    rec = recommendation(phase, content, advice)
    gate = movement_gate(episode, now, content, routed)
    return Status(
        episode=episode,
        now=now,
        phase=phase,
        hours_since_onset=round(hours, 2) if episode.onset_known else None,
        recommendation=rec,
        ice_heat_advice=advice,
        next_application_at=None if rec is None
        else next_application_at(episode, now, content.window),
        next_reminder_at=None if rec is None
        else next_application_at(episode, now, content.window, tz),
        last_application=max(episode.applications, key=lambda a: a.at, default=None),
        pain_latest=latest_pain(episode),
        pain_trend=pain_trend(episode),
        pain_by_day=pain_by_day(episode),
        escalation=routed,
        cautions=[] if emergency else travelling_cautions(episode, routed.triage, phase, content,
                                                          {"ice", "heat", "medicine"}),
        screened=bool(episode.checks),
        doses=doses,
        by_name_only=by_name_only(episode, content, now, earlier=earlier, episodes=episodes),
        window_note=(content.say("onset-unknown")
                     if phase == "unknown" and episode.is_open and rec is not None else None),
        where=where_now(episode),
        next_movement_at=(next_session_at(episode, now, content, tz)
                          if episode.is_open and gate.allowed else None),
        movement_paused=gate.paused if episode.is_open else "",
    )


def travelling_cautions(episode: Episode, triage: Triage, phase: PhaseOrUnknown,
                        content: Content, about: set[str]) -> list[Item]:
    """The cautions the latest saved check's conditions and symptoms brought in."""
    last = episode.latest_check
    return personal_cautions(last.answers if last else None, triage, phase, content, about)


def application_warnings(
    episode: Episode, kind: Kind, at: datetime, minutes: float, content: Content
) -> list[str]:
    """Reasons this application goes against the plan. The person's record is kept anyway.
    While the start is not known, neither ice nor heat goes against the phase."""
    window = content.window
    warnings = []
    level = escalation(episode, at, content).level
    if not plan_allowed(level):
        warnings.append(content.say("emergency-standing", action=content.level_text(level).action))
    elif is_warning_sign(level) and kind == "heat":
        warnings.append(content.say("heat-before-seen"))
    phase = phase_of(episode, at, content)
    if kind == "heat" and phase == "ice":
        warnings.append(content.say("heat-in-ice-phase"))
    if kind == "ice" and phase == "heat":
        warnings.append(content.say("ice-in-heat-phase"))
    if minutes > window.max_minutes:
        warnings.append(content.say("too-long", minutes=float(minutes)))
    previous = [a for a in episode.applications if a.at <= at]
    if previous:
        last = max(previous, key=lambda a: a.at)
        ready = last.at + timedelta(minutes=last.minutes + window.min_gap_minutes)
        if at < ready:
            warnings.append(content.say("too-soon", kind=last.kind))
    return warnings


def record_application(
    episode: Episode, kind: Kind, at: datetime, minutes: float, planned: float | None,
    content: Content, recorded_at: datetime | None = None,
) -> Episode:
    not_before_onset(episode, at)
    application = Application(
        kind=kind, at=at, minutes=round(float(minutes), 2),
        planned_minutes=None if planned is None else float(planned),
        warnings=application_warnings(episode, kind, at, minutes, content),
        recorded_at=recorded_at,
    )
    return replace(episode, applications=[*episode.applications, application])
