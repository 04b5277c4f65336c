"""Episodes, applications and pain entries, and the pure rules over them.

An episode runs from the onset of a spasm until the person ends it. Everything
here takes an explicit `now`; the state file module does the I/O.
"""

from datetime import datetime, timedelta, tzinfo
from typing import Annotated, Any, Literal, cast, get_args

import msgspec

from backcare.assessment import (
    AdviceGroup,
    Assessment,
    Finding,
    Item,
    SafetyLine,
    Triage,
    fired_rules,
    highest,
    plan_allowed,
    triage_for,
)
from backcare.clock import shown
from backcare.content import LEVELS, Content, Level, Window
from backcare.errors import InputError
from backcare.keeping import (
    SavedCheck,
    Seen,
    check_reasons,
    checks_since,
    is_warning_sign,
    last_seen,
    personal_cautions,
    saved_check,
    shown_for,
    standing_finding,
)
from backcare.language import N_, _
from backcare.records import Kept, Moment, Value, replace, sane_years
from backcare.window import (
    Phase,
    fitting_start,
    hours_since,
    phase_at,
    session_minutes,
)
from backcare.words import kind_word

Kind = Literal["ice", "heat"]
AUTO_NOTE = N_("from backcare check")
"""The note of a pain score a check recorded: kept in English in the state file (`undo`
finds it by it), translated only where shown."""
Trend = Literal["improving", "steady", "worsening"]
NOTE_LIMIT = 2000
"""The most characters a note may have as it is typed. A longer note already in a log (from
before there was a limit, or written there by hand) is kept whole; screens show its start."""


class Application(Kept, kw_only=True):
    kind: Kind
    at: Moment
    recorded_at: Moment | None = None
    """When it was recorded (`at` may be earlier): `undo` takes back the last recorded."""
    minutes: Annotated[float, msgspec.Meta(ge=0)]
    planned_minutes: float | None = None
    warnings: list[str] = []

    def __post_init__(self) -> None:
        sane_years(self.at, self.recorded_at)


class PainEntry(Kept, kw_only=True):
    at: Moment
    score: Annotated[int, msgspec.Meta(ge=0, le=10)]
    note: str = ""
    recorded_at: Moment | None = None

    def __post_init__(self) -> None:
        sane_years(self.at, self.recorded_at)


class Episode(Kept, kw_only=True):
    id: Annotated[int, msgspec.Meta(ge=1)]
    onset: Moment
    ended_at: Moment | None = None
    checks: list[SavedCheck] = []
    applications: list[Application] = []
    pain: list[PainEntry] = []
    seen: list[Seen] = []

    def __post_init__(self) -> None:
        sane_years(self.onset, self.ended_at)

    @property
    def is_open(self) -> bool:
        return self.ended_at is None

    @property
    def latest_check(self) -> SavedCheck | None:
        """The check saved last; of two at the same moment, the later saved."""
        ordered = sorted(enumerate(self.checks), key=lambda pair: (pair[1].assessed_at,
                                                                   pair[0]))
        return ordered[-1][1] if ordered else None

    @property
    def speaking_check(self) -> SavedCheck | None:
        """The latest check made after a clinician last saw the person, if any."""
        since = checks_since(self.checks, self.seen)
        return since[-1] if since else None

    @property
    def seen_at(self) -> datetime | None:
        return last_seen(self.seen)


class State(Kept, kw_only=True):
    schema_version: int
    episodes: list[Episode] = []
    last_id: Annotated[int, msgspec.Meta(ge=0)] = 0
    """The highest episode id ever given, archived episodes included."""

    def __post_init__(self) -> None:
        ids = [e.id for e in self.episodes]
        if len(ids) != len(set(ids)):
            raise ValueError(_("two episodes have the same id"))

    def open_episode(self) -> Episode | None:
        return next((e for e in reversed(self.episodes) if e.is_open), None)

    def episode(self, episode_id: int | None) -> Episode | None:
        if episode_id is None:
            return self.open_episode() or (self.episodes[-1] if self.episodes else None)
        return next((e for e in self.episodes if e.id == episode_id), None)


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
    phase: Phase
    hours_since_onset: float
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


def start_episode(state: State, onset: datetime, now: datetime, new: bool, *,
                  archived: int) -> tuple[State, Episode]:
    """Open an episode; with one already open, `new` ends it first, otherwise refuse. Its id
    goes above every id given before: the log's own and `archived`, the highest id in the
    archive (`state.highest_archived`), which a log started again does not know of.

    A warning sign that stands in the latest episode, open or ended, goes on into the new
    one: a new episode never hides it, only `backcare seen` clears it."""
    current = state.open_episode()
    episodes = list(state.episodes)
    latest = current or (max(episodes, key=lambda e: e.id) if episodes else None)
    carried: list[SavedCheck] = []
    if latest is not None:
        carried = [c for c in checks_since(latest.checks, latest.seen)
                   if is_warning_sign(c.level)]
    if current is not None:
        if not new:
            raise InputError(
                _("episode {id} is still open (onset {onset}); pass --new to end it and start "
                  "another, or run 'backcare end' first").format(id=current.id,
                                                                 onset=shown(current.onset))
            )
        episodes = [e if e.id != current.id else replace(e, ended_at=now)
                    for e in episodes]
    taken = max([state.last_id, archived, *(e.id for e in episodes)])
    episode = Episode(id=taken + 1, onset=onset, checks=carried)
    return replace(state, episodes=[*episodes, episode]), episode


def end_episode(episode: Episode, at: datetime) -> Episode:
    """Close an episode; not before its onset, nor before anything recorded in it."""
    not_before_onset(episode, at)
    recorded = [*(a.at for a in episode.applications), *(p.at for p in episode.pain)]
    if recorded and at < max(recorded):
        raise InputError(_("episode {id} has entries up to {last}; it cannot end before").format(
            id=episode.id, last=shown(max(recorded))))
    return replace(episode, ended_at=at)


def replace_episode(state: State, episode: Episode) -> State:
    return replace(state, episodes=[episode if e.id == episode.id else e
                                    for e in state.episodes])


def application_warnings(
    episode: Episode, kind: Kind, at: datetime, minutes: float, content: Content
) -> list[str]:
    """Reasons this application goes against the plan. The person's record is kept anyway."""
    window = content.window
    warnings = []
    level = escalation(episode, at, content).level
    if not plan_allowed(level):
        warnings.append(content.say("emergency-standing", action=content.level_text(level).action))
    elif is_warning_sign(level) and kind == "heat":
        warnings.append(content.say("heat-before-seen"))
    phase = phase_at(hours_since(episode.onset, at), window)
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


def parse_kind(text: str) -> Kind:
    """`ice` or `heat`, or the word for it in the person's language (`hielo`)."""
    kinds = get_args(Kind)
    for kind in kinds:
        if text in (kind, kind_word(kind)):
            return cast(Kind, kind)
    raise InputError(_("unknown application {kind}; valid: {valid}").format(
        kind=repr(text), valid=", ".join(dict.fromkeys(
            [*(kind_word(k) for k in kinds), *kinds]))))


def not_before_onset(episode: Episode, at: datetime) -> None:
    if at < episode.onset:
        raise InputError(_("{at} is before the onset of episode {id} ({onset})").format(
            at=shown(at), id=episode.id, onset=shown(episode.onset)))


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


def record_pain(episode: Episode, at: datetime, score: int, note: str,
                recorded_at: datetime | None = None) -> Episode:
    not_before_onset(episode, at)
    entry = PainEntry(at=at, score=score, note=note, recorded_at=recorded_at)
    return replace(episode, pain=[*episode.pain, entry])


def record_check(episode: Episode, result: Assessment, content: Content) -> Episode:
    update: dict[str, Any] = {"checks": [*episode.checks, saved_check(result, content)]}
    if result.answers.pain is not None:
        update["pain"] = [*episode.pain, PainEntry(at=result.assessed_at,
                                                   score=result.answers.pain,
                                                   note=AUTO_NOTE)]
    return replace(episode, **update)


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
    return max(episode.pain, key=lambda p: p.at, default=None)


def escalation(episode: Episode, now: datetime, content: Content) -> Escalation:
    """Routing from the log: severe pain that is not improving, an episode lasting weeks,
    and whatever the latest check found. Time counts to the end of an ended episode."""
    end = episode.ended_at or now
    days = hours_since(episode.onset, end) / 24
    latest = latest_pain(episode)
    reasons = fired_rules(content, "log", latest.score if latest else None, days,
                          improving=pain_trend(episode) == "improving")
    finding = standing_finding(episode.checks, episode.seen, content)
    last = episode.speaking_check
    said = {r.id for r in reasons}
    for reason in [*(finding.reasons if finding else []),
                   *(check_reasons(last, content) if last else [])]:
        if reason.level != "self-care" and reason.id not in said:
            reasons.append(reason)
            said.add(reason.id)
    reasons.sort(key=lambda r: -LEVELS.index(r.level))
    routed = triage_for(highest([r.level for r in reasons]), reasons, content)
    phase = phase_at(max(0.0, hours_since(episode.onset, end)), content.window)
    answers = episode.latest_check.answers if episode.latest_check else None
    shown = shown_for(answers, routed, phase, content)
    return Escalation(
        triage=routed,
        advanced_care=[g for g in shown.advice if g.tier == "advanced"],
        safety_net=shown.safety_net,
        recheck=content.say("recheck"),
        finding=finding,
    )


LABELS = {"ice": N_("Ice"), "heat": N_("Heat"), "ice-or-heat": N_("Ice or heat")}
"""A recommendation's kind as a person reads it; translated when the recommendation is made."""


def ice_heat_advice(episode: Episode, triage: Triage, phase: Phase, content: Content
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


def recommendation(phase: Phase, content: Content, advice: Item | None) -> Recommendation | None:
    """What to put on, for how long and how; None when the advice is not to use ice or heat."""
    item = next((a for a in content.advice if a.id == advice.id), None) if advice else None
    if advice is None or item is None or not {"ice", "heat"} & set(item.recommends):
        return None
    said = set(item.recommends)
    kind: Literal["ice", "heat", "ice-or-heat"]
    if item.asks_first or not ({"ice", "heat-now"} & said):
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
    return fitting_start(due, episode.onset, window, tz)


def status(episode: Episode, now: datetime, content: Content, tz: tzinfo | None = None
           ) -> Status:
    """Everything `backcare status` shows. After an emergency finding there is no ice or
    heat plan: only what to do now."""
    end = episode.ended_at or now
    hours = max(0.0, hours_since(episode.onset, end))
    phase = phase_at(hours, content.window)
    routed = escalation(episode, now, content)
    emergency = not plan_allowed(routed.level)
    advice = None if emergency else ice_heat_advice(episode, routed.triage, phase, content)
    rec = recommendation(phase, content, advice)
    return Status(
        episode=episode,
        now=now,
        phase=phase,
        hours_since_onset=round(hours, 2),
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
    )


def travelling_cautions(episode: Episode, triage: Triage, phase: Phase, content: Content,
                        about: set[str]) -> list[Item]:
    """The cautions the latest saved check's conditions and symptoms brought in."""
    last = episode.latest_check
    return personal_cautions(last.answers if last else None, triage, phase, content, about)


class Entry(Value, frozen=True, kw_only=True):
    """One thing recorded in an episode, as `undo` names it."""

    kind: Literal["pain", "application", "check", "seen"]
    index: int
    at: datetime
    recorded: datetime
    """When it was recorded; `at`, the time it is about, may be earlier."""


UNDO_ORDER = ("seen", "pain", "application", "check")
"""Of entries at one moment, the last of these counts as the latest: a check's own pain
score is undone with the check."""


def latest_entry(episode: Episode) -> Entry | None:
    entries = [
        *(Entry(kind="pain", index=i, at=p.at, recorded=p.recorded_at or p.at)
          for i, p in enumerate(episode.pain)),
        *(Entry(kind="application", index=i, at=a.at, recorded=a.recorded_at or a.at)
          for i, a in enumerate(episode.applications)),
        *(Entry(kind="check", index=i, at=c.assessed_at, recorded=c.assessed_at)
          for i, c in enumerate(episode.checks)),
        *(Entry(kind="seen", index=i, at=s.at, recorded=s.recorded_at or s.at)
          for i, s in enumerate(episode.seen)),
    ]
    return max(entries, key=lambda e: (e.recorded, UNDO_ORDER.index(e.kind), e.index),
               default=None)


def remove_entry(episode: Episode, entry: Entry) -> Episode:
    """The episode without that entry; a check goes with the pain score it recorded."""
    def without(items: list[Any]) -> list[Any]:
        return [x for i, x in enumerate(items) if i != entry.index]

    if entry.kind == "pain":
        return replace(episode, pain=without(episode.pain))
    if entry.kind == "application":
        return replace(episode, applications=without(episode.applications))
    if entry.kind == "seen":
        return replace(episode, seen=without(episode.seen))
    check = episode.checks[entry.index]
    own_pain = [p for p in episode.pain if not (p.at == check.assessed_at
                                                and p.note == AUTO_NOTE
                                                and p.score == check.answers.pain)][:]
    if len(own_pain) < len(episode.pain) - 1:  # two alike: keep all but one
        first = next(i for i, p in enumerate(episode.pain) if p.at == check.assessed_at
                     and p.note == AUTO_NOTE and p.score == check.answers.pain)
        own_pain = [p for i, p in enumerate(episode.pain) if i != first]
    return replace(episode, checks=without(episode.checks), pain=own_pain)


def record_seen(episode: Episode, at: datetime, note: str,
                recorded_at: datetime | None = None) -> Episode:
    not_before_onset(episode, at)
    seen = Seen(at=at, note=note, recorded_at=recorded_at)
    return replace(episode, seen=[*episode.seen, seen])
