"""The rules of keeping a check in an episode, shared by check, status, apply, plan, report
and seen: what a check is saved as, the standing finding a warning sign leaves until a
clinician has seen the person, which cautions travel with the episode, whether a check is
kept (an emergency in a terminal without asking), and what keeping it does to the log.

Pure functions over validated data and an explicit time; the commands do the I/O.
"""

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal

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
    in_full,
    notes_for,
    plan_allowed,
    select,
    triage_for,
)
from backcare.content import LEVELS, Content, Level, Phase
from backcare.episode import (
    AUTO_NOTE,
    Episode,
    PainEntry,
    ReasonRef,
    SavedCheck,
    Seen,
    State,
    checks_since,
    first_entry,
    is_warning_sign,
    replace_episode,
    set_onset,
    start_episode,
)
from backcare.records import Value, replace
from backcare.window import hours_since, phase_at, window_state


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


def record_check(episode: Episode, result: Assessment, content: Content,
                 set_onset_from: datetime | None = None) -> Episode:
    """The episode with the check kept; `set_onset_from` is where the record of an episode
    whose start was not known began, when this check set its start (undo restores it)."""
    saved = replace(saved_check(result, content), set_onset_from=set_onset_from)
    update: dict[str, Any] = {"checks": [*episode.checks, saved]}
    if result.answers.pain is not None:
        update["pain"] = [*episode.pain, PainEntry(at=result.assessed_at,
                                                   score=result.answers.pain,
                                                   note=AUTO_NOTE)]
    return replace(episode, **update)


def check_reasons(check: SavedCheck, content: Content) -> list[Reason]:
    return reasons_of(check.reasons, content)


def reasons_of(refs: list[ReasonRef], content: Content) -> list[Reason]:
    """Saved reasons in the content's current words. A reason the content no longer lists
    keeps its level, so it can never be lost."""
    fill = content.fill
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
    triage = triage_for(check.level, check_reasons(check, content), content, check.answers)
    onset = check.answers.onset
    window = (window_state(onset, check.assessed_at, content.window)
              if onset and plan_allowed(check.level) else None)
    shown = shown_for(check.answers, triage, window.phase if window else "unknown", content)
    return Assessment(assessed_at=check.assessed_at, triage=triage, window=window,
                      advice=shown.advice, cautions=shown.cautions,
                      safety_net=shown.safety_net, answers=check.answers,
                      notes=notes_for(check.answers, content) if plan_allowed(check.level)
                      else [],
                      where=check.answers.where if plan_allowed(check.level) else [])


def shown_for(answers: Answers | None, triage: Triage, phase: Phase | Literal["unknown"],
              content: Content) -> Shown:
    facts = Facts(answers=in_full(answers or Answers(red_flags=[]), content),
                  rules=frozenset(r.id for r in triage.reasons), phase=phase,
                  level=triage.level)
    return select(facts, content)


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
    triage = triage_for(level, reasons, content, result.answers)
    if not plan_allowed(level):
        return replace(result, triage=triage, window=None, advice=[], cautions=[],
                       safety_net=[], notes=[])
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


def lead(result: Assessment, episode: Episode | None, content: Content) -> Assessment:
    """A check's result as shown: led by the open episode's standing finding, if any."""
    if episode is None:
        return result
    return with_finding(result, standing_finding(episode.checks, episode.seen, content), content)


def keeps_check(level: Level, asked: bool, interactive: bool, episode_open: bool) -> bool:
    """Whether a check is kept: when the person or the script asks (`--save`, or yes to
    the question), and an emergency answered in a terminal with an episode open, unasked."""
    return asked or keeps_without_asking(level, interactive, episode_open)


class KeptCheck(Value, frozen=True, kw_only=True):
    """What keeping a check did to the log, for the command to write and to say."""

    state: State
    episode: Episode
    started: bool
    """No episode was open: this check opened one, at its onset."""
    onset_disagrees: bool
    """The check's onset would put the person in another phase than the episode's, which
    keeps its own."""
    onset_set: bool = False
    """The episode's start was not known, and this check said it."""


def unsure(answers: Answers) -> bool:
    """The person was asked when it started and said they were not sure."""
    return answers.onset is None and answers.onset_range is not None


def episode_onset(episode: Episode) -> dict[str, Any]:
    """The answers about when it started that a check inside the episode takes from it, so
    that the check's phase is the episode's: none when its start is not known."""
    if not episode.onset_known:
        return {}
    return {"onset": episode.onset, "onset_earliest": episode.onset_earliest}


def episode_age(episode: Episode, content: Content, conditions: list[str],
                episodes: Sequence[Episode] = ()) -> dict[str, Any]:
    """The age the episode's latest check gave (before it has one, the log's latest check
    in `episodes`), for a scripted check in it that gives none: a child's episode never
    falls back to advice for adults, nor a child's dose log to an adult's limits. None
    that `conditions` rule out."""
    checks = episode.checks or sorted((c for e in episodes for c in e.checks),
                                      key=lambda c: c.assessed_at)
    ages = [c.answers.age for c in checks if c.answers.age is not None]
    fits = content.age_range(conditions)
    if not ages or fits is None or not fits[0] <= ages[-1] <= fits[1]:
        return {}
    return {"age": ages[-1]}


def keep_check(state: State, result: Assessment, content: Content, *,
               archived: int, new_spasm: bool = False) -> KeptCheck:
    """The log with the check kept in the open episode; with none open, one opens at the
    onset the check gives (else at the check, its start not known if the person was not
    sure), numbered above `archived`, the highest id in the archive.

    A check that says when it started sets the start of an open episode that did not
    know it, unless the person said it is another spasm (`new_spasm`): at the latest at
    the first thing recorded in the episode, since the spasm had begun by then."""
    answers = result.answers
    episode = state.open_episode()
    started = episode is None
    unknown_from: datetime | None = None
    if episode is None:
        state, episode = start_episode(state, answers.onset or result.assessed_at,
                                       result.assessed_at, new=False, archived=archived,
                                       onset_known=not unsure(answers),
                                       onset_earliest=answers.onset_earliest)
    elif not episode.onset_known and answers.onset is not None and not new_spasm:
        first = first_entry(episode)
        onset = answers.onset if first is None else min(answers.onset, first)
        unknown_from = episode.onset
        episode = set_onset(episode, onset, answers.onset_earliest)
    episode = record_check(episode, result, content, set_onset_from=unknown_from)
    onset_set = unknown_from is not None
    disagrees = (not started and episode.onset_known and not onset_set
                 and onset_disagrees(answers.onset, episode.onset, result.assessed_at,
                                     content))
    return KeptCheck(state=replace_episode(state, episode), episode=episode, started=started,
                     onset_disagrees=disagrees, onset_set=onset_set)
