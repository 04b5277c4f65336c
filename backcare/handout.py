"""The handout: one summary of an episode, or of one assessment, for the clinician or the fridge.

Built here, purely; `render.handout_pages` only lays it out as Markdown, HTML or JSON.
"""

from datetime import datetime

from backcare.assessment import (
    AdviceGroup,
    Assessment,
    Finding,
    Item,
    SafetyLine,
    Shown,
    Triage,
    plan_allowed,
)
from backcare.content import Content
from backcare.course import Trend
from backcare.course import status as episode_status
from backcare.episode import (
    OWN_NOTES,
    Application,
    Dose,
    Episode,
    MovementSession,
    PainEntry,
)
from backcare.keeping import recall, shown_for
from backcare.language import _
from backcare.records import Value, replace
from backcare.window import WindowState, hours_since, window_state
from backcare.words import trend_word

MAX_NOTES = 4


class Handout(Value, frozen=True, kw_only=True):
    """Everything a handout shows, decided: the renderers only lay it out."""

    generated_at: datetime
    episode_id: int | None
    onset: datetime | None
    ended_at: datetime | None
    triage: Triage | None
    """The level now, with every reason (the latest check's and the log's), in the words of
    today's clinic profile; None when no check was saved and the log routes nowhere, since
    without the red-flag screen backcare cannot say that home care fits."""
    window: WindowState | None
    """None without an onset (or one not known), and for an emergency: that screen has
    only what to do now."""
    phase_bounds: tuple[float, float]
    phase_title: str | None
    facts: list[tuple[str, str]]
    assessment: Assessment | None
    advice: list[AdviceGroup]
    cautions: list[Item]
    safety_net: list[SafetyLine]
    applications: list[Application]
    application_hours: list[float]
    pain: list[PainEntry]
    pain_by_day: list[tuple[int, float]]
    pain_trend: Trend | None
    notes: list[PainEntry]
    """The person's own notes on their pain scores, the newest few, as they typed them."""
    finding: Finding | None = None
    """The warning signs that stand until a clinician has seen the person."""
    where: list[str] = []
    """Where it hurts, as last said: the places marked on the back map (none on an
    emergency handout, which has only what to do now)."""
    movement: list[MovementSession] = []
    """The episode's guided movement sessions, oldest first."""
    seen_at: datetime | None = None
    """When a clinician last saw the person, as recorded with `backcare seen`."""
    seen_note: str = ""
    doses: list[Dose] = []
    """The episode's doses, oldest first."""


def _facts(content: Content, window: WindowState | None,
           assessment: Assessment | None, trend: Trend | None) -> list[tuple[str, str]]:
    facts = []
    said = content.onset_said(assessment.answers.onset_range) if assessment else None
    if window and said:
        facts.append((_("Where in the window"), content.phase_text(window.phase).title))
        facts.append((_("When it started, as said at the check"), said))
    elif window:
        facts.append((_("Where in the window"), _("hour {hour}: {phase}").format(
            hour=f"{window.hours_since_onset:.0f}",
            phase=content.phase_text(window.phase).title)))
    if assessment:
        a = assessment.answers
        facts.append((_("Warning signs at the latest check"), content.labels(
            "red_flags", a.red_flags or [], content.questions.none_of_these.lower())))
        facts.append((_("Age"), _("{years} years").format(years=a.age) if a.age is not None
                       else _("not given")))
        for note in assessment.notes:
            facts.append((_("Note"), note))
        if a.pain is not None:
            facts.append((_("Pain at the check"), f"{a.pain}/10"))
        facts.append((_("Triggers"), content.labels("triggers", a.triggers)))
        facts.append((_("Symptoms"), content.labels("symptoms", a.symptoms)))
        if a.conditions:
            facts.append((_("Health conditions"), content.labels("conditions", a.conditions)))
    if trend:
        facts.append((_("Pain trend"), trend_word(trend)))
    return facts


def _handout(content: Content, *, generated_at: datetime, episode_id: int | None,
             onset: datetime | None, ended_at: datetime | None, triage: Triage | None,
             window: WindowState | None, assessment: Assessment | None,
             shown: Shown, applications: list[Application],
             pain: list[PainEntry], pain_by_day: list[tuple[int, float]],
             trend: Trend | None, where: list[str]) -> Handout:
    emergency = triage is not None and not plan_allowed(triage.level)
    window = None if emergency else window
    apps = [] if emergency else sorted(applications, key=lambda a: a.at)
    return Handout(
        generated_at=generated_at,
        episode_id=episode_id,
        onset=onset,
        ended_at=ended_at,
        triage=triage,
        window=window,
        phase_bounds=(content.window.ice_until_hours, content.window.heat_from_hours),
        phase_title=content.phase_text(window.phase).title if window else None,
        facts=_facts(content, window, assessment, trend),
        assessment=assessment,
        advice=[] if emergency else shown.advice,
        cautions=[] if emergency else shown.cautions,
        safety_net=[] if emergency else shown.safety_net,
        applications=apps,
        application_hours=[round(hours_since(onset, a.at), 2) for a in apps] if onset else [],
        pain=sorted(pain, key=lambda p: p.at),
        pain_by_day=pain_by_day,
        pain_trend=trend,
        notes=[p for p in sorted(pain, key=lambda p: p.at)
               if p.note and p.note not in OWN_NOTES][-MAX_NOTES:],
        where=[] if emergency else where,
    )


def from_episode(episode: Episode, now: datetime, content: Content) -> Handout:
    current = episode_status(episode, now, content)
    latest = episode.latest_check
    routed = current.escalation.triage
    shown = shown_for(latest.answers if latest else None, routed, current.phase, content)
    if latest is None:  # without the red-flag screen there is no home-care advice to give
        shown = Shown(safety_net=shown.safety_net)
    made = _handout(
        content,
        generated_at=now,
        episode_id=episode.id,
        onset=episode.onset if episode.onset_known else None,
        ended_at=episode.ended_at,
        triage=routed if latest or routed.reasons else None,
        window=(None if current.phase == "unknown" or current.hours_since_onset is None
                else WindowState(phase=current.phase,
                                 hours_since_onset=current.hours_since_onset)),
        assessment=recall(latest, content) if latest else None,
        shown=shown,
        applications=episode.applications,
        pain=episode.pain,
        pain_by_day=current.pain_by_day,
        trend=current.pain_trend,
        where=current.where,
    )
    last_visit = max(episode.seen, key=lambda s: s.at, default=None)
    unknown = ([(_("Where in the window"), current.window_note)]
               if current.window_note and current.recommendation is not None else [])
    return replace(made, finding=current.escalation.finding, seen_at=episode.seen_at,
                   seen_note=last_visit.note if last_visit else "", facts=unknown + made.facts,
                   doses=sorted(episode.doses, key=lambda d: d.at),
                   movement=sorted(episode.movement, key=lambda m: m.at))


def from_assessment(result: Assessment, content: Content) -> Handout:
    onset = result.answers.onset
    pain = ([PainEntry(at=result.assessed_at, score=result.answers.pain)]
            if result.answers.pain is not None else [])
    return _handout(
        content,
        generated_at=result.assessed_at,
        episode_id=None,
        onset=onset,
        ended_at=None,
        triage=result.triage,
        window=window_state(onset, result.assessed_at, content.window) if onset else None,
        assessment=result,
        shown=Shown(advice=result.advice, cautions=result.cautions,
                    safety_net=result.safety_net),
        applications=[],
        pain=pain,
        pain_by_day=[],
        trend=None,
        where=result.where,
    )
