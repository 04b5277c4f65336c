"""The assessment: pure functions from answers and an explicit `now` to a triage result.

No I/O and no prompts here. The level is the highest any rule gives, and every
rule that fired is listed, so a red flag can never be hidden or outweighed.
"""

import difflib
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Annotated, Literal

import msgspec

from backcare.content import (
    LEVELS,
    AdviceItem,
    Age,
    Content,
    Level,
    Match,
    PhaseOrUnknown,
    Related,
    Rule,
    When,
)
from backcare.errors import InputError, shortened
from backcare.language import N_, _
from backcare.records import Moment, Strict, Value, replace, sane_years
from backcare.window import WindowState, counted_from, hours_since, window_state

ANSWER_KINDS = ("red_flags", "symptoms", "triggers", "conditions", "where")
KEY_QUOTED = 40
"""Characters of an unknown key an error quotes back: every valid key is shorter."""
ANSWER_NAMES = {"red_flags": N_("red flags {keys}"), "symptoms": N_("symptoms {keys}"),
                "triggers": N_("triggers {keys}"), "conditions": N_("conditions {keys}"),
                "where": N_("places {keys}")}
"""What an unknown answer is called, unless the caller says (`check_answers`)."""


class Answers(Strict, frozen=True, kw_only=True):
    """What a person (or a script) answered. `red_flags=None` means the screen was not answered.

    `onset_range` is the id of the range the person picked, when they picked one: the
    screens repeat that range. The clock starts at the range's most recent end (`onset`),
    so heat is never offered before it can be due; `onset_earliest` is its other end,
    and the days of the episode are counted from the middle of the two (`counted_from`)."""

    red_flags: list[str] | None = None
    symptoms: list[str] = []
    triggers: list[str] = []
    conditions: list[str] = []
    pain: Annotated[int, msgspec.Meta(ge=0, le=10)] | None = None
    age: Age | None = None
    """In years; None where a script gave none (the advice is then for adults)."""
    onset: Moment | None = None
    onset_range: str | None = None
    onset_earliest: Moment | None = None
    where: list[str] = []
    """Where it hurts: places on the back map."""
    ruled_out: list[str] = []
    """Warning signs the places marked can go with that the person, asked again, said do
    not apply. Without this answer such a sign counts as given: when in doubt, route up."""

    def __post_init__(self) -> None:
        sane_years(self.onset, self.onset_earliest)


class Reason(Value, frozen=True, kw_only=True):
    id: str
    level: Level
    text: str
    source: str
    because: str


class Triage(Value, frozen=True, kw_only=True):
    level: Level
    banner: str
    action: str
    reasons: list[Reason]
    contact: str = ""


class Item(Value, frozen=True, kw_only=True):
    id: str
    title: str
    text: str
    source: str
    because: str


class AdviceGroup(Value, frozen=True, kw_only=True):
    tier: str
    title: str
    items: list[Item]


class SafetyLine(Value, frozen=True, kw_only=True):
    id: str
    level: Level
    text: str
    source: str


class Shown(Value, frozen=True, kw_only=True):
    """What a screen shows below its banner and reasons, for one level and phase."""

    advice: list[AdviceGroup] = []
    cautions: list[Item] = []
    safety_net: list[SafetyLine] = []


class Finding(Value, frozen=True, kw_only=True):
    """The warning signs saved to an episode since a clinician last saw the person."""

    level: Level
    reasons: list[Reason]
    found_at: datetime
    """When the first of them was saved."""


class Assessment(Value, frozen=True, kw_only=True):
    assessed_at: datetime
    triage: Triage
    window: WindowState | None
    advice: list[AdviceGroup]
    cautions: list[Item]
    safety_net: list[SafetyLine] = []
    answers: Answers
    finding: Finding | None = None
    """The episode's standing finding, when one leads this result."""
    notes: list[str] = []
    """What the person must know about the advice itself: that it is for adults, where no
    age was given."""
    where: list[str] = []
    """The places marked on the back map, said back with the result (not on an emergency
    screen, which has only what to do now)."""


def valid_keys(content: Content) -> dict[str, list[str]]:
    return {
        "red_flags": [r.id for r in content.red_flags],
        "symptoms": [s.id for s in content.symptoms],
        "triggers": [t.id for t in content.triggers],
        "conditions": [c.id for c in content.conditions],
        "where": [r.id for r in content.regions],
    }


def emergency_red_flags(content: Content) -> set[str]:
    """The warning signs that end the questions at once: nothing more is asked."""
    return {r.id for r in content.red_flags if r.level == "emergency"}


def check_answers(answers: Answers, content: Content,
                  names: dict[str, str] | None = None) -> None:
    """Unknown keys are input errors that list the valid ones; `names` says what the caller
    calls each kind of answer (the CLI: its flags), with `{keys}` where the keys go; they are
    translated here, so a caller marks them with `N_()`."""
    keys = valid_keys(content)
    for kind in ANSWER_KINDS:
        given: list[str] = getattr(answers, kind) or []
        unknown = [k for k in given if k not in keys[kind]]
        if unknown:
            said = ", ".join(shortened(k, KEY_QUOTED) for k in unknown)
            name = _((names or {}).get(kind, ANSWER_NAMES[kind])).format(keys=said)
            near = [m for k in unknown for m in difflib.get_close_matches(k, keys[kind], n=2)]
            valid = ", ".join(keys[kind])
            if near:
                raise InputError(_("unknown {name}; did you mean {near}? valid: {valid}").format(
                    name=name, near=_either(list(dict.fromkeys(near))), valid=valid))
            raise InputError(_("unknown {name}; valid: {valid}").format(name=name, valid=valid))
    asked_about = content.map_signs(answers.where)
    for key in answers.ruled_out:
        if key in (answers.red_flags or []) or key not in asked_about:
            raise InputError(_("ruled_out {key} is not a warning sign the places in where "
                               "ask about, or it is given as a red flag; leave it out").format(
                                   key=shortened(key, KEY_QUOTED)))
    alone = [c.id for c in content.triggers if c.exclusive and c.id in answers.triggers]
    if alone and len(set(answers.triggers)) > 1:
        raise InputError(_("trigger {key} means none of the others; give it alone").format(
            key=alone[0]))
    if content.age_range(answers.conditions) is None:
        raise InputError(_("conditions {keys} cannot all hold at one age; give the ones "
                           "that do").format(keys=", ".join(
                               c.id for c in content.conditions
                               if c.by_age and c.id in answers.conditions)))
    if answers.age is not None:
        for condition in content.conditions:
            if (condition.by_age and condition.id in answers.conditions
                    and not condition.fits(answers.age)):
                raise InputError(_("condition {key} does not fit age {age}; leave it out, "
                                   "the age alone is enough").format(key=condition.id,
                                                                     age=answers.age))


def in_full(answers: Answers, content: Content) -> Answers:
    """The answers with the conditions the age gives (65 or older, under 18) and those a
    warning sign implies (labour signs: pregnancy) added, and what the places marked on the
    back map count as (a leg: pain down one leg; both legs: that warning sign, unless the
    person ruled it out): what every rule and selector tests. A result keeps the answers as
    they were given."""
    signs = [s for s in content.map_signs(answers.where) if s not in answers.ruled_out]
    red_flags = (None if answers.red_flags is None
                 else list(dict.fromkeys([*answers.red_flags, *signs])))
    symptoms = list(dict.fromkeys([*answers.symptoms, *content.map_symptoms(answers.where)]))
    conditions = content.conditions_at(answers.conditions, answers.age, red_flags or [])
    if (conditions, red_flags, symptoms) == (answers.conditions, answers.red_flags,
                                             answers.symptoms):
        return answers
    return replace(answers, conditions=conditions, red_flags=red_flags, symptoms=symptoms)


def from_the_map(key: str, answers: Answers, content: Content) -> str:
    """Why a warning sign or symptom not ticked counts: the places marked that give it."""
    both_legs = key in content.back_map.both_legs
    places = [r.id for r in content.regions if r.id in answers.where
              and (key in r.confirms or key in r.counts_as or (both_legs and r.leg))]
    return f"where: {', '.join(places)}"


def map_reasons(where: Sequence[str], ruled_out: Sequence[str], content: Content
                ) -> list[Reason]:
    """What places marked on the back map route to by themselves: the warning signs they
    can go with that were not ruled out, and the symptoms they count as that route up."""
    marked = Answers(red_flags=[], where=list(where), ruled_out=list(ruled_out))
    full = in_full(marked, content)
    items = [*((f.id, f.level, f.reason, f.source) for f in content.red_flags
               if f.id in (full.red_flags or [])),
             *((s.id, s.level, s.reason, s.source) for s in content.symptoms
               if s.level != "self-care" and s.id in full.symptoms)]
    return [Reason(id=key, level=level, text=content.fill(reason), source=source,
                   because=from_the_map(key, marked, content))
            for key, level, reason, source in items]


def _either(keys: list[str]) -> str:
    """'a or b or c'."""
    said = keys[0]
    for key in keys[1:]:
        said = _("{some} or {other}").format(some=said, other=key)
    return said


def plan_allowed(level: Level) -> bool:
    """After an emergency finding there is no ice or heat plan: only what to do now."""
    return level != "emergency"


def see_someone_today(level: Level) -> bool:
    return LEVELS.index(level) >= LEVELS.index("urgent")


def highest(levels: list[Level]) -> Level:
    return max(levels, key=LEVELS.index, default="self-care")


class Facts(Value, frozen=True, kw_only=True):
    """What selectors test: the answers, the routing rules that fired, the phase, the level."""

    answers: Answers
    rules: frozenset[str]
    phase: PhaseOrUnknown
    level: Level

    def has(self, field: str, key: str) -> bool:
        if field == "rules":
            return key in self.rules
        values: list[str] | None = getattr(self.answers, field)
        return key in (values or [])


EVERYONE = N_("shown to everyone")
"""Why an item with no selector is shown. Like every `because`, kept in English (a saved
check's reasons keep theirs in the state file); a screen says it with `because_said`."""

BECAUSE_SAID = (
    (r"^shown to everyone$", N_("shown to everyone")),
    (r"in place of (?P<item>[\w-]+) \(condition: (?P<conditions>[^)]*)\)",
     N_("in place of {item} (condition: {conditions})")),
    (r"\bred flag: (?P<ids>[\w-]+(?:, [\w-]+)*)", N_("red flag: {ids}")),
    (r"\bsymptom: (?P<ids>[\w-]+(?:, [\w-]+)*)", N_("symptom: {ids}")),
    (r"\btrigger: (?P<ids>[\w-]+(?:, [\w-]+)*)", N_("trigger: {ids}")),
    (r"(?<!\()\bcondition: (?P<ids>[\w-]+(?:, [\w-]+)*)", N_("condition: {ids}")),
    (r"\brule: (?P<ids>[\w-]+(?:, [\w-]+)*)", N_("rule: {ids}")),
    (r"\bwhere: (?P<ids>[\w-]+(?:, [\w-]+)*)", N_("where it hurts: {ids}")),
    (r"\bpain (?P<score>\d+)/10", N_("pain {score}/10")),
    (r"\bday (?P<day>\d+) since the onset", N_("day {day} since the onset")),
    (r"\bnot improving\b", N_("not improving")),
)
"""The shapes of a `because` this module writes, each with its words for a screen. A
rise in the pain log is said with the pain shape twice: "pain 3/10 → pain 7/10"."""


def because_said(because: str) -> str:
    """A `because` in the person's language: its words translated, the ids kept."""
    said = because
    for pattern, words in BECAUSE_SAID:
        template = _(words)

        def fill(match: re.Match[str], template: str = template) -> str:
            return template.format(**match.groupdict())

        said = re.sub(pattern, fill, said)
    return said

MATCH_FIELDS = ("red_flags", "symptoms", "triggers", "conditions", "rules")


def selected(when: When, facts: Facts) -> str | None:
    """Why an item applies to these facts, or None when it does not."""
    if when.phases and facts.phase not in when.phases:
        return None
    if when.levels and facts.level not in when.levels:
        return None
    for field in MATCH_FIELDS:
        if any(facts.has(field, k) for k in getattr(when.none, field)):
            return None
        if not all(facts.has(field, k) for k in getattr(when.all, field)):
            return None
    if when.empty:
        return EVERYONE if when.all.empty else _because(when.all, facts)
    return _because(when, facts)


def _because(match: Match, facts: Facts) -> str | None:
    for field in MATCH_FIELDS:
        chosen = [k for k in getattr(match, field) if facts.has(field, k)]
        if chosen:
            return f"{field[:-1]}: {', '.join(chosen)}"
    return None


def _in_place(item: Related, by_id: Mapping[str, Related], facts: Facts,
              because: str) -> tuple[Related, str] | None:
    """The item, or the one shown in its place, for the person's conditions."""
    current: Related | None = item
    while current is not None:
        withheld = [c for c in current.withheld_for if c in facts.answers.conditions]
        if not withheld:
            return current, because
        because = f"in place of {current.id} (condition: {', '.join(withheld)})"
        current = by_id.get(current.instead) if current.instead else None
    return None


def select(facts: Facts, content: Content) -> Shown:
    """The one selection every screen shares: the level's tiers of advice, the cautions and
    the safety net, each item resolved to the one that fits the person's conditions.

    An emergency shows none of it: only what to do now."""
    if not plan_allowed(facts.level):
        return Shown()
    fill = content.fill
    alternatives = content.alternatives()
    advice_by_id: dict[str, Related] = {a.id: a for a in content.advice}
    tiers = set(content.level_text(facts.level).tiers)
    groups = []
    for tier in content.tiers:
        if tier.id not in tiers:
            continue
        items: dict[str, Item] = {}
        for a in content.advice:
            if tier.id not in a.tiers or a.id in alternatives:
                continue
            because = selected(a.when, facts)
            shown = _in_place(a, advice_by_id, facts, because) if because else None
            if shown is not None:
                b = shown[0]
                title = b.title if isinstance(b, AdviceItem) else ""
                items.setdefault(b.id, Item(id=b.id, title=title, text=fill(b.text),
                                            source=b.source, because=shown[1]))
        if items:
            groups.append(AdviceGroup(tier=tier.id, title=tier.title, items=list(items.values())))
    caution_by_id: dict[str, Related] = {c.id: c for c in content.cautions}
    cautions: dict[str, Item] = {}
    for c in content.cautions:
        because = selected(c.when, facts) if c.id not in alternatives else None
        shown = _in_place(c, caution_by_id, facts, because) if because else None
        if shown is not None:
            cautions.setdefault(shown[0].id, Item(id=shown[0].id, title="",
                                                  text=fill(shown[0].text),
                                                  source=shown[0].source, because=shown[1]))
    net = [SafetyLine(id=n.id, level=n.level, text=fill(n.text), source=n.source)
           for n in content.safety_net if selected(n.when, facts)]
    return Shown(advice=groups, cautions=list(cautions.values()), safety_net=net)


def rule_reason(content: Content, rule: Rule, because: str) -> Reason:
    """A reason from one of the routing rules in data/ (severe pain, a long episode, ...)."""
    return Reason(id=rule.id, level=rule.level, text=content.fill(rule.reason),
                  source=rule.source, because=because)


Scores = Sequence[tuple[datetime, int]]
"""Pain scores with the time each is about."""


def risen(rule: Rule, scores: Scores) -> tuple[int, int] | None:
    """The lowest score recorded at least `rise_span_hours` before the latest, and the
    latest, when the latest is at least `rise_at_least` points above it."""
    if rule.rise_at_least is None or not scores:
        return None
    at, latest = max(reversed(scores), key=lambda s: s[0])  # of two at one time, the later
    earlier = [score for moment, score in scores
               if hours_since(moment, at) >= rule.rise_span_hours and moment < at]
    if not earlier or latest - min(earlier) < rule.rise_at_least:
        return None
    return min(earlier), latest


def fired_rules(content: Content, where: Literal["check", "log"], pain: int | None,
                days: float | None, improving: bool | None = None,
                answers: Answers | None = None, scores: Scores = (),
                overdose: bool = False) -> list[Reason]:
    """The routing rules in data/ that hold for a pain score, the days since the onset,
    (for the log) whether the pain is improving and how it has risen over its `scores`,
    (for a check) its answers together, and whether the dose log holds an `overdose`."""
    reasons = []
    for rule in content.rules:
        if rule.applies_to not in (where, "both"):
            continue
        said = []
        if rule.pain_at_least is not None:
            if pain is None or pain < rule.pain_at_least:
                continue
            said.append(f"pain {pain}/10")
        if rule.days_at_least is not None:
            if days is None or days < rule.days_at_least:
                continue
            said.append(f"day {int(days) + 1} since the onset")
        if rule.rise_at_least is not None:
            rise = risen(rule, scores)
            if rise is None:
                continue
            said.append(f"pain {rise[0]}/10 → pain {rise[1]}/10")
        if rule.not_improving:
            if improving is not False:
                continue
            said.append("not improving")
        if rule.dose_over_label:
            if not overdose:
                continue
            said.append("dose log over a label's limit")
        if rule.when is not None:
            facts = Facts(answers=in_full(answers or Answers(red_flags=[]), content),
                          rules=frozenset(),
                          phase="unknown", level="self-care")
            because = selected(rule.when, facts)
            if because is None:
                continue
            said.append(because)
        reasons.append(rule_reason(content, rule, ", ".join(said)))
    return reasons


def days_since(onset: datetime | None, now: datetime) -> float | None:
    return None if onset is None else (now - onset).total_seconds() / 86400


def triage(answers: Answers, now: datetime, content: Content, overdose: bool = False
           ) -> Triage:
    if answers.red_flags is None:
        raise InputError(_("the red-flag screen was not answered"))
    check_answers(answers, content)
    given = answers
    answers = in_full(answers, content)
    fill = content.fill
    reasons: list[Reason] = []
    for flag in content.red_flags:
        if flag.id in (answers.red_flags or []):
            because = (f"red flag: {flag.id}" if flag.id in (given.red_flags or [])
                       else from_the_map(flag.id, given, content))
            reasons.append(Reason(id=flag.id, level=flag.level, text=fill(flag.reason),
                                  source=flag.source, because=because))
    for kind, items in (("symptom", content.symptoms), ("condition", content.conditions)):
        chosen: list[str] = getattr(answers, kind + "s")
        for answer in items:
            if answer.level != "self-care" and answer.id in chosen:
                because = (from_the_map(answer.id, given, content)
                           if kind == "symptom" and answer.id not in given.symptoms
                           else f"{kind}: {answer.id}")
                reasons.append(Reason(id=answer.id, level=answer.level, text=fill(answer.reason),
                                      source=answer.source, because=because))
    counted = (counted_from(answers.onset, answers.onset_earliest) if answers.onset
               else None)
    reasons += fired_rules(content, "check", answers.pain, days_since(counted, now),
                           answers=answers, overdose=overdose)
    reasons.sort(key=lambda r: -LEVELS.index(r.level))
    return triage_for(highest([r.level for r in reasons]), reasons, content, answers)


def triage_for(level: Level, reasons: list[Reason], content: Content,
               answers: Answers | None = None) -> Triage:
    """The level's words (banner, action, contact line) in the clinic's profile, for the
    person the answers describe (pregnancy: her midwife as well as the clinic)."""
    conditions = in_full(answers, content).conditions if answers else []
    implied = [c for r in content.red_flags if r.id in {x.id for x in reasons}
               for c in r.implies]  # a standing sign's own: labour signs, her midwife
    text = content.level_text(level, [*conditions, *implied],
                              [r.id for r in reasons if r.level == level])
    fill = content.fill
    return Triage(level=level, banner=fill(text.banner), action=fill(text.action),
                  reasons=reasons, contact=fill(text.contact or content.clinic.contact))


def assess(answers: Answers, now: datetime, content: Content, overdose: bool = False
           ) -> Assessment:
    """Triage, the ice/heat window, tiered advice, cautions and the safety net for one set
    of answers (and whether the person's dose log holds an `overdose`). An emergency gets
    nothing but what to do now."""
    result = triage(answers, now, content, overdose)
    if not plan_allowed(result.level):
        return Assessment(assessed_at=now, triage=result, window=None, advice=[],
                          cautions=[], safety_net=[], answers=answers)
    window = window_state(answers.onset, now, content.window) if answers.onset else None
    facts = Facts(answers=in_full(answers, content),
                  rules=frozenset(r.id for r in result.reasons),
                  phase=window.phase if window else "unknown", level=result.level)
    shown = select(facts, content)
    return Assessment(assessed_at=now, triage=result, window=window, advice=shown.advice,
                      cautions=shown.cautions, safety_net=shown.safety_net, answers=answers,
                      notes=notes_for(answers, content), where=answers.where)


def notes_for(answers: Answers, content: Content) -> list[str]:
    """What a result below emergency says about its advice: for adults, where no age was
    given."""
    given_by_age = any(c.by_age and c.id in answers.conditions for c in content.conditions)
    return [content.questions.adults_only] if answers.age is None and not given_by_age else []
