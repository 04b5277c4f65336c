"""The assessment: pure functions from answers and an explicit `now` to a triage result.

No I/O and no prompts here. The level is the highest any rule gives, and every
rule that fired is listed, so a red flag can never be hidden or outweighed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from backcare.content import LEVELS, AdviceItem, Content, Level, When, shipped_content
from backcare.errors import InputError
from backcare.window import WindowState, window_state

ANSWER_KINDS = ("red_flags", "symptoms", "triggers", "conditions")


class Answers(BaseModel):
    """What a person (or a script) answered. `red_flags=None` means the screen was not answered."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    red_flags: list[str] | None = None
    symptoms: list[str] = []
    triggers: list[str] = []
    conditions: list[str] = []
    pain: int | None = Field(default=None, ge=0, le=10)
    onset: AwareDatetime | None = None


class Reason(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    level: Level
    text: str
    source: str
    because: str


class Triage(BaseModel):
    model_config = ConfigDict(frozen=True)

    level: Level
    banner: str
    action: str
    reasons: list[Reason]
    contact: str = ""


class Item(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    text: str
    source: str
    because: str


class AdviceGroup(BaseModel):
    model_config = ConfigDict(frozen=True)

    tier: str
    title: str
    items: list[Item]


class Assessment(BaseModel):
    model_config = ConfigDict(frozen=True)

    assessed_at: AwareDatetime
    triage: Triage
    window: WindowState | None
    advice: list[AdviceGroup]
    cautions: list[Item]
    answers: Answers


def valid_keys(content: Content) -> dict[str, list[str]]:
    return {
        "red_flags": [r.id for r in content.red_flags],
        "symptoms": [s.id for s in content.symptoms],
        "triggers": [t.id for t in content.triggers],
        "conditions": [c.id for c in content.conditions],
    }


def check_answers(answers: Answers, content: Content,
                  names: dict[str, str] | None = None) -> None:
    """Unknown keys are input errors that list the valid ones; `names` says what the caller
    calls each kind of answer (the CLI: its flags), with `{}` where the keys go."""
    keys = valid_keys(content)
    for kind in ANSWER_KINDS:
        given: list[str] = getattr(answers, kind) or []
        unknown = [k for k in given if k not in keys[kind]]
        if unknown:
            name = (names or {}).get(kind, kind.replace("_", " ") + " {}")
            raise InputError(f"unknown {name.format(', '.join(unknown))}; "
                             f"valid: {', '.join(keys[kind])}")


def plan_allowed(level: Level) -> bool:
    """After an emergency finding there is no ice or heat plan: only what to do now."""
    return level != "emergency"


def see_someone_today(level: Level) -> bool:
    return LEVELS.index(level) >= LEVELS.index("urgent")


def highest(levels: list[Level]) -> Level:
    return max(levels, key=LEVELS.index, default="self-care")


def _selected(when: When, answers: Answers, chronic: bool) -> str | None:
    """Why an item applies to these answers, or None when it does not."""
    if when.always:
        return "shown to everyone"
    for kind in ("symptoms", "triggers", "conditions"):
        chosen = [k for k in getattr(when, kind) if k in getattr(answers, kind)]
        if chosen:
            return f"{kind[:-1]}: {', '.join(chosen)}"
    if when.chronic and chronic:
        return "the episode has lasted for weeks"
    return None


def rule_reason(content: Content, rule_id: str, because: str) -> Reason:
    """A reason from one of the routing rules in data/ (severe pain, a long episode, ...)."""
    rule = content.rule(rule_id)
    return Reason(id=rule.id, level=rule.level, text=content.clinic.fill(rule.reason),
                  source=rule.source, because=because)


def triage(answers: Answers, now: datetime, content: Content) -> Triage:
    if answers.red_flags is None:
        raise InputError("the red-flag screen was not answered")
    check_answers(answers, content)
    fill = content.clinic.fill
    reasons: list[Reason] = []
    for flag in content.red_flags:
        if flag.id in answers.red_flags:
            reasons.append(Reason(id=flag.id, level=flag.level, text=fill(flag.reason),
                                  source=flag.source, because=f"red flag: {flag.id}"))
    for symptom in content.symptoms:
        if symptom.level != "self-care" and symptom.id in answers.symptoms:
            reasons.append(Reason(id=symptom.id, level=symptom.level, text=fill(symptom.reason),
                                  source=symptom.source, because=f"symptom: {symptom.id}"))
    if answers.pain is not None and answers.pain >= content.window.severe_pain_from:
        reasons.append(rule_reason(content, "severe-pain", f"pain {answers.pain}/10"))
    if is_chronic(answers, now, content):
        reasons.append(rule_reason(content, "long-episode", "onset more than "
                                   f"{content.window.chronic_after_days:g} days ago"))
    reasons.sort(key=lambda r: -LEVELS.index(r.level))
    return triage_for(highest([r.level for r in reasons]), reasons, content)


def triage_for(level: Level, reasons: list[Reason], content: Content) -> Triage:
    """The level's words (banner, action, contact line) in the clinic's profile."""
    text = content.level_text(level)
    fill = content.clinic.fill
    return Triage(level=level, banner=fill(text.banner), action=fill(text.action),
                  reasons=reasons, contact=fill(text.contact or content.clinic.contact))


def is_chronic(answers: Answers, now: datetime, content: Content) -> bool:
    if answers.onset is None:
        return False
    return (now - answers.onset).total_seconds() >= content.window.chronic_after_days * 86400


def advice_groups(
    content: Content, select: Callable[[AdviceItem], str | None]
) -> list[AdviceGroup]:
    """The advice items `select` picks (it says why, or None), grouped by tier in order."""
    groups = []
    for tier in content.tiers:
        items = []
        for a in content.advice:
            because = select(a) if a.tier == tier.id else None
            if because:
                items.append(Item(id=a.id, title=a.title, text=content.clinic.fill(a.text),
                                  source=a.source, because=because))
        if items:
            groups.append(AdviceGroup(tier=tier.id, title=tier.title, items=items))
    return groups


def assess(answers: Answers, now: datetime, content: Content | None = None) -> Assessment:
    """Triage, the ice/heat window, tiered advice and cautions for one set of answers.

    An emergency gets nothing but what to do now: no window, advice or cautions.
    """
    content = content or shipped_content()
    result = triage(answers, now, content)
    if not plan_allowed(result.level):
        return Assessment(assessed_at=now, triage=result, window=None, advice=[],
                          cautions=[], answers=answers)
    window = window_state(answers.onset, now, content.window) if answers.onset else None
    chronic = is_chronic(answers, now, content)
    advice = advice_groups(content, lambda a: _selected(a.when, answers, chronic))
    cautions = [Item(id=c.id, title="", text=content.clinic.fill(c.text), source=c.source,
                     because=because)
                for c in content.cautions
                if (because := _selected(c.when, answers, chronic))]
    return Assessment(assessed_at=now, triage=result, window=window, advice=advice,
                      cautions=cautions, answers=answers)
