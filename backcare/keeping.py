"""The rules of keeping a check in an episode, shared by check, status, apply, plan, report
and seen: what a saved check holds, the standing finding a warning sign leaves until a
clinician has seen the person, which cautions travel with the episode, when an emergency is
kept without asking, and when a check's onset disagrees with the episode's.

Pure functions over validated data and an explicit time; the commands do the I/O.
"""

from datetime import datetime
from typing import Literal

from backcare.assessment import (
    EVERYONE,
    Answers,
    Assessment,
    Facts,
    Finding,
    Item,
    Reason,
    Shown,
    Triage,
    highest,
    plan_allowed,
    see_someone_today,
    select,
    triage_for,
)
from backcare.content import LEVELS, Content, Level, Phase
from backcare.records import Moment, Strict, replace, sane_years
from backcare.window import hours_since, phase_at, window_state


class ReasonRef(Strict, frozen=True, kw_only=True):
    """A reason a saved check found, by id: its words come from the content when shown."""

    id: str
    level: Level
    because: str


class SavedCheck(Strict, frozen=True, kw_only=True):
    """A check as the log keeps it: the answers, the level and the ids that fired, and the
    content version they were chosen with. No sentence is kept, so every screen shows the
    clinic's current wording."""

    assessed_at: Moment
    answers: Answers
    level: Level
    reasons: list[ReasonRef]
    advice: list[str] = []
    cautions: list[str] = []
    safety_net: list[str] = []
    content_version: str

    def __post_init__(self) -> None:
        sane_years(self.assessed_at)


class Seen(Strict, frozen=True, kw_only=True):
    """A clinician checked the person: from then on, only later checks speak for the episode."""

    at: Moment
    note: str = ""
    recorded_at: Moment | None = None

    def __post_init__(self) -> None:
        sane_years(self.at, self.recorded_at)


def saved_check(result: Assessment, content: Content) -> SavedCheck:
    return SavedCheck(
        assessed_at=result.assessed_at,
        answers=result.answers,
        level=result.triage.level,
        reasons=[ReasonRef(id=r.id, level=r.level, because=r.because)
                 for r in result.triage.reasons],
        advice=[i.id for g in result.advice for i in g.items],
        cautions=[c.id for c in result.cautions],
        safety_net=[n.id for n in result.safety_net],
        content_version=content.version,
    )


def check_reasons(check: SavedCheck, content: Content) -> list[Reason]:
    return reasons_of(check.reasons, content)


def reasons_of(refs: list[ReasonRef], content: Content) -> list[Reason]:
    """Saved reasons in the content's current words. A reason the content no longer lists
    keeps its level, so it can never be lost."""
    fill = content.clinic.fill
    texts: dict[str, tuple[str, str]] = {}
    for flag in content.red_flags:
        texts[flag.id] = (flag.reason, flag.source)
    for answer in [*content.symptoms, *content.conditions]:
        if answer.reason:
            texts[answer.id] = (answer.reason, answer.source)
    for rule in content.rules:
        texts[rule.id] = (rule.reason, rule.source)
    reasons = []
    for ref in refs:
        text, source = texts.get(ref.id) or (content.say("reason-retired", id=ref.id),
                                             "backcare-editorial")
        reasons.append(Reason(id=ref.id, level=ref.level, text=fill(text), source=source,
                              because=ref.because))
    return reasons


def recall(check: SavedCheck, content: Content) -> Assessment:
    """A saved check as it is shown now: its level and reasons, with the content's current
    words and selection for that level and the phase it was made in."""
    triage = triage_for(check.level, check_reasons(check, content), content)
    onset = check.answers.onset
    window = (window_state(onset, check.assessed_at, content.window)
              if onset and plan_allowed(check.level) else None)
    shown = shown_for(check.answers, triage, window.phase if window else "unknown", content)
    return Assessment(assessed_at=check.assessed_at, triage=triage, window=window,
                      advice=shown.advice, cautions=shown.cautions,
                      safety_net=shown.safety_net, answers=check.answers)


def shown_for(answers: Answers | None, triage: Triage, phase: Phase | Literal["unknown"],
              content: Content) -> Shown:
    facts = Facts(answers=answers or Answers(red_flags=[]),
                  rules=frozenset(r.id for r in triage.reasons), phase=phase,
                  level=triage.level)
    return select(facts, content)


def last_seen(seen: list[Seen]) -> datetime | None:
    return max((s.at for s in seen), default=None)


def checks_since(checks: list[SavedCheck], seen: list[Seen]) -> list[SavedCheck]:
    """The checks that speak for the episode: those after a clinician last saw the person,
    oldest first (of two at one moment, the one saved first)."""
    since = last_seen(seen)
    ordered = sorted(enumerate(checks), key=lambda pair: (pair[1].assessed_at, pair[0]))
    return [c for _, c in ordered if since is None or c.assessed_at > since]


def is_warning_sign(level: Level) -> bool:
    return see_someone_today(level)


def standing_signs(checks: list[SavedCheck], seen: list[Seen]
                   ) -> tuple[datetime, list[ReasonRef]] | None:
    """When the first warning sign since the person was last seen was saved, and every such
    sign (each once, as first found)."""
    found: dict[str, ReasonRef] = {}
    first: datetime | None = None
    for check in checks_since(checks, seen):
        for ref in check.reasons:
            if is_warning_sign(ref.level) and ref.id not in found:
                found[ref.id] = ref
                first = first or check.assessed_at
    if first is None:
        return None
    return first, sorted(found.values(), key=lambda r: -LEVELS.index(r.level))


def standing_finding(checks: list[SavedCheck], seen: list[Seen], content: Content
                     ) -> Finding | None:
    """Every warning sign saved since the person was last seen. A later check without the
    sign adds its own answers but never lowers this: only `seen` clears it."""
    signs = standing_signs(checks, seen)
    if signs is None:
        return None
    first, refs = signs
    reasons = reasons_of(refs, content)
    return Finding(level=highest([r.level for r in reasons]), reasons=reasons, found_at=first)


def with_finding(result: Assessment, finding: Finding | None, content: Content) -> Assessment:
    """A check's result led by the episode's standing finding: its level never drops below
    the finding's, and the finding's reasons are listed after the check's own."""
    if finding is None:
        return result
    result = replace(result, finding=finding)
    own = {r.id for r in result.triage.reasons}
    extra = [r for r in finding.reasons if r.id not in own]
    level = highest([result.triage.level, finding.level])
    if not extra and level == result.triage.level:
        return result
    reasons = sorted([*result.triage.reasons, *extra], key=lambda r: -LEVELS.index(r.level))
    triage = triage_for(level, reasons, content)
    if not plan_allowed(level):
        return replace(result, triage=triage, window=None, advice=[], cautions=[],
                       safety_net=[])
    phase = result.window.phase if result.window else "unknown"
    shown = shown_for(result.answers, triage, phase, content)
    return replace(result, triage=triage, advice=shown.advice, cautions=shown.cautions,
                   safety_net=shown.safety_net)


def keeps_without_asking(level: Level, interactive: bool, episode_open: bool) -> bool:
    """An emergency answered in a terminal is kept in an open episode without a question:
    the episode must know, and nothing more is asked of a person who must call now."""
    return interactive and not plan_allowed(level) and episode_open


def onset_disagrees(said: datetime | None, episode_onset: datetime, now: datetime,
                    content: Content) -> bool:
    """A check's onset that would put the person in another phase than the episode's."""
    if said is None:
        return False
    return (phase_at(hours_since(said, now), content.window)
            != phase_at(hours_since(episode_onset, now), content.window))


def personal_cautions(answers: Answers | None, triage: Triage, phase: Phase | Literal["unknown"],
                      content: Content, about: set[str]) -> list[Item]:
    """The cautions a person's own answers brought in that concern `about` (ice, heat,
    medicine): they travel with the episode to status, apply, plan and report."""
    if answers is None:
        return []
    concerned = {c.id for c in content.cautions if set(c.about) & about}
    shown = shown_for(answers, triage, phase, content).cautions
    return [c for c in shown if c.id in concerned and c.because != EVERYONE]


def needs_confirmation(cautions: list[Item], kind: str, content: Content) -> list[Item]:
    """The cautions that say to ask a doctor before using `kind` (ice or heat)."""
    asking = {c.id for c in content.cautions if kind in c.confirm_before}
    return [c for c in cautions if c.id in asking]
