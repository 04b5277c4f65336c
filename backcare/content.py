"""Patient-facing content: the models that validate `data/*.toml` and the loader.

Every item carries a stable `id` and a `source` id that must exist in
`sources.toml`. A clinic changes wording or adds items by editing data alone.
"""

import contextlib
import errno
import hashlib
import os
import re
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

import msgspec

from backcare.errors import CONTENT_TODO, ContentError
from backcare.fileio import NotAFile, TooLarge, private_folder, read_regular
from backcare.language import N_, _, number
from backcare.paths import data_dir
from backcare.records import Strict, ValidationError, where
from backcare.words import kind_word

Level = Literal["emergency", "urgent", "soon", "self-care"]
LEVELS: tuple[Level, ...] = ("self-care", "soon", "urgent", "emergency")
"""Lowest first, so that `LEVELS.index` orders them."""

Id = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9-]*$")]
Text = Annotated[str, msgspec.Meta(min_length=1)]
Phase = Literal["ice", "transition", "heat"]

PhaseOrUnknown = Literal["ice", "transition", "heat", "unknown"]
"""A selector's phase: `unknown` when the onset was not given."""


class Source(Strict, frozen=True, kw_only=True):
    id: Id
    title: Text
    publisher: Text
    url: str = ""
    note: str = ""


class Sourced(Strict, frozen=True, kw_only=True):
    id: Id
    source: Id


class Labelled(Sourced, frozen=True, kw_only=True):
    """An answer choice: a short `label` fits a checklist line; `detail` says it in full."""

    label: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]
    detail: str = ""


class RedFlag(Labelled, frozen=True, kw_only=True):
    level: Literal["emergency", "urgent"]
    reason: Text


class Routed(Labelled, frozen=True, kw_only=True):
    """A symptom or a condition; one that routes up gives a level and a reason."""

    level: Literal["soon", "self-care"] = "self-care"
    reason: str = ""

    def __post_init__(self) -> None:
        if self.level != "self-care" and not self.reason:
            raise ValueError(_("an answer that routes up needs a `reason`"))


class Choice(Labelled, frozen=True, kw_only=True):
    pass


class OnsetChoice(Strict, frozen=True, kw_only=True):
    """A range of how long ago it started; `Not sure` has none."""

    id: Id
    label: Text
    from_hours: Annotated[float, msgspec.Meta(ge=0)] | None = None
    to_hours: Annotated[float, msgspec.Meta(gt=0)] | None = None

    @property
    def hours(self) -> float | None:
        """Where the clock starts: the middle of the range, or the start of an open one."""
        if self.from_hours is None:
            return None
        if self.to_hours is None:
            return self.from_hours
        return (self.from_hours + self.to_hours) / 2

    def __post_init__(self) -> None:
        if self.to_hours is not None and (self.from_hours is None
                                          or self.to_hours <= self.from_hours):
            raise ValueError(_("to_hours needs a from_hours below it"))


class Questions(Strict, frozen=True, kw_only=True):
    red_flags: Text
    none_of_these: Text
    onset: Text
    triggers: Text
    symptoms: Text
    pain: Text
    conditions: Text
    save: Text


class LevelText(Sourced, frozen=True, kw_only=True):
    level: Level
    tiers: list[Id]
    """The advice tiers this level's screen shows."""
    banner: Text
    action: Text
    contact: str = ""
    """Replaces the clinic's contact line on this level's screen, where set."""


class Tier(Strict, frozen=True, kw_only=True):
    id: Id
    title: Text


class Match(Strict, frozen=True, kw_only=True):
    """Answers by kind, and routing rules that fired."""

    red_flags: list[Id] = []
    symptoms: list[Id] = []
    triggers: list[Id] = []
    conditions: list[Id] = []
    rules: list[Id] = []

    @property
    def empty(self) -> bool:
        return not (self.red_flags or self.symptoms or self.triggers or self.conditions
                    or self.rules)


class When(Match, frozen=True, kw_only=True):
    """Which answers select an item. The fields of `Match` are "any of"; empty means always."""

    all: Match = msgspec.field(default_factory=Match)
    none: Match = msgspec.field(default_factory=Match)
    phases: list[PhaseOrUnknown] = []
    levels: list[Level] = []

    @property
    def only_conditions(self) -> bool:
        """Selected by `conditions` alone (narrowed at most by `none` and `levels`)."""
        return (bool(self.conditions)
                and not (self.red_flags or self.symptoms or self.triggers or self.rules)
                and self.all.empty and not self.phases)


class Related(Sourced, frozen=True, kw_only=True):
    """An item that may recommend something, and how it stands to the others."""

    text: Text
    when: When = msgspec.field(default_factory=When)
    recommends: list[Id] = []
    asks_first: list[Id] = []
    withheld_for: list[Id] = []
    """Conditions for which this item is not shown; `instead` is shown in its place."""
    instead: Id | None = None


class AdviceItem(Related, frozen=True, kw_only=True):
    tier: Id
    also_in: list[Id] = []
    """Further tiers that show this item too."""
    title: str = ""

    @property
    def tiers(self) -> list[str]:
        return [self.tier, *self.also_in]


class Caution(Related, frozen=True, kw_only=True):
    rules_out: list[Id] = []
    """What no item shown beside this caution may recommend."""
    about: list[Literal["ice", "heat", "medicine"]] = []
    """What it concerns: a caution brought in by the person's answers travels with the
    episode to the screens about these."""
    confirm_before: list[Literal["ice", "heat"]] = []
    """`apply` asks the person to confirm before a countdown of these."""


class SafetyNetItem(Sourced, frozen=True, kw_only=True):
    """A line of the safety net: `level` is how urgent its action is."""

    level: Level
    text: Text
    when: When = msgspec.field(default_factory=When)


class Window(Sourced, frozen=True, kw_only=True):
    """The ice-then-heat window and the application limits, in hours and minutes."""

    ice_until_hours: Annotated[float, msgspec.Meta(gt=0)]
    heat_from_hours: Annotated[float, msgspec.Meta(gt=0)]
    ice_minutes: Annotated[int, msgspec.Meta(gt=0)]
    heat_minutes: Annotated[int, msgspec.Meta(gt=0)]
    max_minutes: Annotated[int, msgspec.Meta(gt=0)]
    min_gap_minutes: Annotated[int, msgspec.Meta(ge=0)]
    plan_days: Annotated[int, msgspec.Meta(ge=1, le=14)]
    day_starts_hour: Annotated[int, msgspec.Meta(ge=0, le=23)]
    day_ends_hour: Annotated[int, msgspec.Meta(ge=1, le=24)]

    def __post_init__(self) -> None:
        if self.heat_from_hours < self.ice_until_hours:
            raise ValueError(_("heat_from_hours must not be before ice_until_hours"))
        if self.day_ends_hour <= self.day_starts_hour:
            raise ValueError(_("day_ends_hour must be after day_starts_hour"))
        if self.max_minutes < max(self.ice_minutes, self.heat_minutes):
            raise ValueError(_("max_minutes must be at least ice_minutes and heat_minutes"))


class PhaseText(Sourced, frozen=True, kw_only=True):
    """A phase's name on the screens. What to do in it is an advice item (see advice.toml),
    so that the check, status and reminders say the same."""

    phase: Phase
    title: Text
    rules_out: list[Id] = []
    """What no item shown in this phase may recommend."""


class Message(Sourced, frozen=True, kw_only=True):
    """Words said while keeping time; `{name}` placeholders are filled in when said."""

    text: Text


class Rule(Sourced, frozen=True, kw_only=True):
    """A routing rule that is not an answer by itself (severe pain, a long episode).

    It fires when every test it sets holds."""

    level: Level
    reason: Text
    applies_to: Literal["check", "log", "both"]
    pain_at_least: Annotated[int, msgspec.Meta(ge=0, le=10)] | None = None
    days_at_least: Annotated[float, msgspec.Meta(ge=0)] | None = None
    not_improving: bool = False
    when: When | None = None
    """Answers that must be given together (a check's answers only)."""

    def __post_init__(self) -> None:
        if self.pain_at_least is None and self.days_at_least is None and self.when is None:
            raise ValueError(_("a rule needs pain_at_least, days_at_least or when"))
        if self.when is not None and (self.when.phases or self.when.levels
                                      or self.applies_to != "check"):
            raise ValueError(_("a rule's `when` tests a check's answers: applies_to 'check', "
                               "and no phases or levels"))
        if self.not_improving and self.applies_to != "log":
            raise ValueError(_("not_improving reads the log: applies_to must be 'log'"))


def _one_line(text: str) -> str:
    """A clinic profile is a file anyone may edit: its text can never move the cursor,
    retitle the terminal or add lines, on any output."""
    return "".join(ch if ch.isprintable() else " " if ch in "\r\n\t" else repr(ch)[1:-1]
                   for ch in text)


class ClinicWords(Strict, frozen=True, kw_only=True):
    """The clinic's contact line in another language."""

    contact: Text

    def __post_init__(self) -> None:
        msgspec.structs.force_setattr(self, "contact", _one_line(self.contact))


PHONE = re.compile(r"[0-9 +()-]+")


def is_phone_number(text: object) -> bool:
    """Only digits, spaces, `+`, `-` and parentheses, with 2 to 15 digits (15: the most an
    international number has, by ITU E.164): what an emergency screen may say to call."""
    return (isinstance(text, str) and PHONE.fullmatch(text) is not None
            and 2 <= sum(ch.isdigit() for ch in text) <= 15)


class Clinic(Strict, frozen=True, kw_only=True):
    name: Text
    phone: Text
    emergency_number: Text
    """Checked to be a phone number: it is the one thing every emergency screen says."""
    contact: Text
    telemedicine: bool = False
    source: Id = "clinic-page"
    language: str = ""
    """The kiosk's and the demos' language unless `--lang` or `BACKCARE_LANG` says."""
    translations: dict[str, ClinicWords] = {}
    """The contact line in each other language, by language code."""

    def __post_init__(self) -> None:
        if not is_phone_number(self.emergency_number):
            raise ValueError(_("emergency_number must be a phone number: only digits, "
                               "spaces, +, - and parentheses, with 2 to 15 digits"))
        for name in ("name", "phone", "emergency_number", "contact"):
            msgspec.structs.force_setattr(self, name, _one_line(getattr(self, name)))

    def fill(self, text: str) -> str:
        """Put the clinic's name and numbers into a content text."""
        return (
            text.replace("{emergency_number}", self.emergency_number)
            .replace("{clinic_name}", self.name)
            .replace("{clinic_phone}", self.phone)
        )


class Content(Strict, frozen=True, kw_only=True):
    sources: list[Source]
    questions: Questions
    red_flags: list[RedFlag]
    symptoms: list[Routed]
    triggers: list[Choice]
    conditions: list[Routed]
    onsets: list[OnsetChoice]
    levels: list[LevelText]
    tiers: list[Tier]
    advice: list[AdviceItem]
    cautions: list[Caution]
    safety_net: list[SafetyNetItem]
    window: Window
    phases: list[PhaseText]
    messages: list[Message]
    rules: list[Rule]
    clinic: Clinic
    version: str = ""
    """A digest of the content files: which wording a saved check was made with."""

    def say(self, message_id: str, **values: object) -> str:
        """A message with the window's numbers, the given values and the clinic filled in:
        a float as the person's language writes it, and a `kind` (`ice`) in their words."""
        text = next(m.text for m in self.messages if m.id == message_id)
        numbers = {k: v for k, v in msgspec.structs.asdict(self.window).items()
                   if isinstance(v, int | float)}
        for name, value in {**numbers, **values}.items():
            if isinstance(value, float):  # up to six decimals: in English, as `{value:g}`
                shown = number(value, 6)
            elif name == "kind" and isinstance(value, str):
                shown = kind_word(value)
            else:
                shown = str(value)
            text = text.replace("{" + name + "}", shown)
        return self.clinic.fill(text)

    def labels(self, kind: str, keys: list[str], empty: str | None = None) -> str:
        """The answers' labels, as the person saw them: `kind` is red_flags, symptoms,
        triggers or conditions. `empty` is said for none (default: 'none given')."""
        items: list[Labelled] = getattr(self, kind)
        names = {i.id: i.label for i in items}
        if not keys:
            return _("none given") if empty is None else empty
        return "; ".join(names.get(k, k) for k in keys)

    def level_text(self, level: Level) -> LevelText:
        return next(t for t in self.levels if t.level == level)

    def phase_text(self, phase: str) -> PhaseText:
        return next(t for t in self.phases if t.phase == phase)

    def rule(self, rule_id: str) -> Rule:
        return next(r for r in self.rules if r.id == rule_id)

    def finding_signs(self, finding_ids: list[str]) -> str:
        """The warning signs of a finding by their checklist labels, as the person saw them."""
        labels = {r.id: r.label for r in self.red_flags}
        return "; ".join(labels.get(i, i) for i in finding_ids)

    def onset(self, onset_id: str) -> OnsetChoice | None:
        return next((o for o in self.onsets if o.id == onset_id), None)

    def onset_said(self, onset_id: str | None) -> str | None:
        """'You said it started 6 to 24 hours ago.' for a range the person picked."""
        chosen = self.onset(onset_id) if onset_id else None
        if chosen is None or chosen.hours is None:
            return None
        return self.say("onset-said", onset=chosen.label[:1].lower() + chosen.label[1:])

    def source_title(self, source_id: str) -> str:
        source = next(s for s in self.sources if s.id == source_id)
        return _("{publisher}: {title}").format(publisher=source.publisher, title=source.title)

    def problems(self) -> list[str]:
        """What the files say that does not fit together: unknown ids and sources, missing
        texts, and any item that could be shown beside what rules it out. Checked when the
        files are loaded, and again each time the cached copy is read."""
        problems: list[str] = []
        source_ids = {s.id for s in self.sources}
        answer_ids = {
            "red_flags": {r.id for r in self.red_flags},
            "symptoms": {s.id for s in self.symptoms},
            "triggers": {t.id for t in self.triggers},
            "conditions": {c.id for c in self.conditions},
            "rules": {r.id for r in self.rules},
        }
        tier_ids = {t.id for t in self.tiers}
        named: list[tuple[str, list[str]]] = [
            ("sources", [s.id for s in self.sources]),
            ("red_flags", [r.id for r in self.red_flags]),
            ("symptoms", [s.id for s in self.symptoms]),
            ("triggers", [t.id for t in self.triggers]),
            ("conditions", [c.id for c in self.conditions]),
            ("onsets", [o.id for o in self.onsets]),
            ("advice", [a.id for a in self.advice]),
            ("cautions", [c.id for c in self.cautions]),
            ("safety_net", [n.id for n in self.safety_net]),
            ("rules", [r.id for r in self.rules]),
        ]
        for kind, ids in named:
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                problems.append(_("{file}: {section}: duplicate id {ids}").format(
                    file=_file(kind), section=kind, ids=", ".join(dupes)))
        sourced: list[tuple[str, Sourced]] = [
            *(("red_flags", r) for r in self.red_flags),
            *(("symptoms", s) for s in self.symptoms),
            *(("triggers", t) for t in self.triggers),
            *(("conditions", c) for c in self.conditions),
            *(("levels", lv) for lv in self.levels),
            *(("advice", a) for a in self.advice),
            *(("cautions", c) for c in self.cautions),
            *(("safety_net", n) for n in self.safety_net),
            *(("phases", p) for p in self.phases),
            *(("messages", m) for m in self.messages),
            *(("rules", r) for r in self.rules),
            ("window", self.window),
        ]
        for kind, item in sourced:
            if item.source not in source_ids:
                problems.append(_("{item}: unknown source {source}").format(
                    item=_item(kind, item.id), source=repr(item.source)))
        problems += self.clinic_problems()
        for kind, item in sourced:
            when = getattr(item, "when", None)
            if not isinstance(when, When):
                continue
            for part, match in (("", when), ("all.", when.all), ("none.", when.none)):
                for field, known in answer_ids.items():
                    for key in getattr(match, field):
                        if key not in known:
                            problems.append(_("{item}: when.{field} names unknown {key}").format(
                                item=_item(kind, item.id), field=part + field, key=repr(key)))
            for key in getattr(item, "withheld_for", []):
                if key not in answer_ids["conditions"]:
                    problems.append(_("{item}: withheld_for names unknown condition {key}"
                                      ).format(item=_item(kind, item.id), key=repr(key)))
        for a in self.advice:
            for tier in a.tiers:
                if tier not in tier_ids:
                    problems.append(_("{item}: unknown tier {tier}").format(
                        item=_item("advice", a.id), tier=repr(tier)))
        for lv in LEVELS:
            if not any(t.level == lv for t in self.levels):
                problems.append(_("advice.toml: levels: no text for level {level}").format(
                    level=repr(lv)))
        for text in self.levels:
            for tier in text.tiers:
                if tier not in tier_ids:
                    problems.append(_("advice.toml: level {level}: unknown tier {tier}").format(
                        level=repr(text.level), tier=repr(tier)))
        for ph in ("ice", "transition", "heat"):
            if not any(p.phase == ph for p in self.phases):
                problems.append(_("window.toml: phases: no text for phase {phase}").format(
                    phase=repr(ph)))
        for message_id in REQUIRED_MESSAGES:
            if not any(m.id == message_id for m in self.messages):
                problems.append(_("window.toml: messages: missing message {id}").format(
                    id=repr(message_id)))
        problems += _alternative_problems("advice", self.advice)
        problems += _alternative_problems("cautions", self.cautions)
        if not problems:
            problems += _conflicts(self)
        return problems

    def clinic_problems(self) -> list[str]:
        """What the clinic profile says that does not fit the shipped files."""
        if self.clinic.source in {s.id for s in self.sources}:
            return []
        return [_("clinic: unknown source {source}").format(source=repr(self.clinic.source))]

    def alternatives(self) -> set[str]:
        """Ids of the advice items and cautions shown only in another's place."""
        return {i.instead for i in [*self.advice, *self.cautions] if i.instead}


def _alternative_problems(kind: str, items: list[AdviceItem] | list[Caution]) -> list[str]:
    """`instead` names an item of the same kind, in the same tiers, with no `when` of its
    own, and no chain of them runs in a circle."""
    problems = []
    by_id: dict[str, Related] = {i.id: i for i in items}
    for item in items:
        if item.instead is None:
            continue
        where = _item(kind, item.id)
        target = by_id.get(item.instead)
        if target is None:
            problems.append(_("{item}: instead names unknown {other}").format(
                item=where, other=repr(item.instead)))
            continue
        if not item.withheld_for:
            problems.append(_("{item}: instead needs withheld_for").format(item=where))
        if target.when != When():
            problems.append(_("{item}: shown instead of {other}, so it takes no `when` of its "
                              "own").format(item=_item(kind, target.id), other=repr(item.id)))
        if isinstance(item, AdviceItem) and isinstance(target, AdviceItem):
            missing = sorted(set(item.tiers) - set(target.tiers))
            if missing:
                problems.append(_("{item}: instead {other} is not in tier {tiers}").format(
                    item=where, other=repr(target.id), tiers=", ".join(missing)))
        seen = {item.id}
        step: Related | None = target
        while step is not None:
            if step.id in seen:
                problems.append(_("{item}: instead runs in a circle through {other}").format(
                    item=where, other=repr(step.id)))
                break
            seen.add(step.id)
            step = by_id.get(step.instead) if step.instead else None
    return problems


def _conflicts(content: Content) -> list[str]:
    """Prove that no item shown can recommend what a shown caution or phase rules out.

    A caution that rules something out (or asks first about it) must be selected by
    conditions alone; every item that recommends it must be withheld for each of those
    conditions. An item shown in another's place is selected by that one's `withheld_for`."""
    problems = []
    items: list[tuple[str, Related]] = [*(("advice", a) for a in content.advice),
                                        *(("cautions", c) for c in content.cautions)]
    chosen_by: dict[str, set[str]] = {}
    for caution in content.cautions:
        if caution.instead:
            chosen_by.setdefault(caution.instead, set()).update(caution.withheld_for)
    for caution in content.cautions:
        tests = [(t, RULES_OUT) for t in caution.rules_out]
        tests += [(t, ASKS_FIRST) for t in caution.asks_first]
        if not tests:
            continue
        need = chosen_by.get(caution.id)
        if need is None and caution.when.only_conditions:
            need = set(caution.when.conditions)
        if need is None:
            problems.append(_("{item}: a caution that rules something out or asks first must be "
                              "selected by conditions alone").format(
                                  item=_item("cautions", caution.id)))
            continue
        for token, verb in tests:
            for kind, item in items:
                if item is caution or token not in item.recommends:
                    continue
                if verb == ASKS_FIRST and token in item.asks_first:
                    continue
                missing = sorted(need - set(item.withheld_for))
                if missing:
                    problems.append(_(verb).format(
                        item=_item(kind, item.id), token=repr(token), caution=repr(caution.id),
                        conditions=", ".join(missing)))
    for phase in content.phases:
        for token in phase.rules_out:
            for kind, item in items:
                if token in item.recommends and (not item.when.phases or phase.phase in
                                                 item.when.phases or
                                                 "unknown" in item.when.phases):
                    problems.append(_(
                        "{item} recommends {token}, which the {phase} phase rules out: limit "
                        "its when.phases to others").format(
                            item=_item(kind, item.id), token=repr(token), phase=phase.phase))
    return problems


RULES_OUT = N_("{item} recommends {token}, which caution {caution} rules out: withhold it for "
               "{conditions}")
ASKS_FIRST = N_("{item} recommends {token}, which caution {caution} asks first about: withhold "
                "it for {conditions}")


def _file(section: str) -> str:
    return next((name for name, keys in FILES.items() if section in keys), "clinic.toml")


def _item(section: str, item_id: str) -> str:
    """An item as a loader problem names it: `advice.toml: advice item 'rest'`."""
    return _("{file}: {section} item {id}").format(file=_file(section), section=section,
                                                   id=repr(item_id))


REQUIRED_MESSAGES = ("wrap", "heat-in-ice-phase", "ice-in-heat-phase", "too-long", "too-soon",
                     "time-up", "stopped-early", "recheck", "onset-said", "onset-not-given",
                     "onset-not-sure", "content-broken", "reason-retired", "safety-net-title",
                     "emergency-standing", "no-plan-emergency", "no-reminders-emergency",
                     "finding-earlier", "not-screened", "seen-on", "cautions-title",
                     "since-title", "countdown-limit", "stopped-too-soon", "confirm-caution",
                     "screen-first", "seen-before-finding", "heat-before-seen")

FILES: dict[str, tuple[str, ...]] = {
    "sources.toml": ("sources",),
    "questions.toml": ("questions", "red_flags", "symptoms", "triggers", "conditions", "onsets"),
    "advice.toml": ("levels", "tiers", "advice", "cautions", "safety_net", "rules"),
    "window.toml": ("window", "phases", "messages"),
}


def read_toml(path: Path) -> dict[str, object]:
    import tomllib  # only when the cached copy cannot be used

    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ContentError(str(path), _("file is missing; reinstall backcare")) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ContentError(str(path), _("not valid TOML: {problem}").format(problem=exc)
                           ) from None


def describe(exc: ValidationError, raw: dict[str, object]) -> str:
    """The problem, naming the item by its id where it has one."""
    msg, loc = where(exc)
    place = ".".join(str(p) for p in loc)
    if len(loc) >= 2 and isinstance(loc[1], int):
        items = raw.get(str(loc[0]))
        if isinstance(items, list) and loc[1] < len(items):
            item = items[loc[1]]
            if isinstance(item, dict) and "id" in item:
                rest = ".".join(str(p) for p in loc[2:])
                place = (_("{section} item {id} field {field}").format(
                    section=loc[0], id=repr(item["id"]), field=repr(rest)) if rest
                    else _("{section} item {id}").format(section=loc[0], id=repr(item["id"])))
    return _("{place}: {problem}").format(place=place, problem=msg) if place else msg


def _clinic_todo(shipped: bool) -> str:
    return (_(CONTENT_TODO) if shipped else
            _("Fix the clinic profile (--clinic FILE or $BACKCARE_HOME/clinic.toml), "
              "or remove it to use the default."))


TEXT_LIMIT = 1 << 20
"""A clinic profile is a few hundred bytes and window.toml a few thousand: a file a
thousand times larger is not one of them."""


def _clinic_bytes(path: Path, todo: str) -> bytes:
    """The profile's bytes, or a ContentError that names it and says what is wrong: a
    missing file, a link to nothing or in a loop, a pipe or a device are refused at once."""
    try:
        return read_regular(path, TEXT_LIMIT)
    except NotAFile:
        problem = _("not a regular file (a pipe, a device or a folder); a clinic profile is "
                    "a TOML file")
    except TooLarge:
        problem = _("larger than a clinic profile can be ({size} KiB at most)").format(
            size=TEXT_LIMIT >> 10)
    except FileNotFoundError:
        problem = (_("a symbolic link to a file that does not exist") if path.is_symlink()
                   else _("no such clinic profile file"))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            problem = _("a loop of symbolic links")
        else:
            problem = _("{what}: {reason}").format(what=_("cannot be read"),
                                                    reason=exc.strerror or str(exc))
    raise ContentError(str(path), problem, todo)


def load_clinic(path: Path, shipped: bool = False) -> Clinic:
    todo = _clinic_todo(shipped)
    data = _clinic_bytes(path, todo)
    import tomllib

    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ContentError(str(path), _("not valid TOML: {problem}").format(problem=exc),
                           todo) from None
    try:
        return msgspec.convert(raw.get("clinic", raw), Clinic)
    except ValidationError as exc:
        raise ContentError(str(path), describe(exc, raw), todo) from None


def load_content(folder: Path | None = None, clinic_file: Path | None = None) -> Content:
    """Read and validate every content file; errors name the file, item and problem."""
    folder = folder or data_dir()
    merged: dict[str, object] = {}
    file_of: dict[str, Path] = {}
    digest = hashlib.sha256()
    for name, keys in FILES.items():
        path = folder / name
        raw = read_toml(path)
        digest.update(path.read_bytes())
        unknown = sorted(set(raw) - set(keys))
        if unknown:
            raise ContentError(str(path), _("unknown section {names}").format(
                names=", ".join(unknown)))
        for key in keys:
            file_of[key] = path
            if key in raw:
                merged[key] = raw[key]
    merged["clinic"] = (load_clinic(clinic_file) if clinic_file
                        else load_clinic(folder / "clinic.toml", shipped=True))
    merged["version"] = digest.hexdigest()[:12]
    try:
        content = msgspec.convert(merged, Content)
    except ValidationError as exc:
        loc = where(exc)[1]
        section = str(loc[0]) if loc else ""
        path = file_of.get(section, folder)
        raise ContentError(str(path), describe(exc, merged)) from None
    of_clinic = content.clinic_problems()
    if of_clinic:  # the profile is at fault, not the shipped files
        raise ContentError(str(clinic_file or folder / "clinic.toml"), "; ".join(of_clinic),
                           _clinic_todo(clinic_file is None))
    problems = content.problems()
    if problems:
        raise ContentError(str(folder), "; ".join(problems))
    if content.clinic.language:
        from backcare.language import available

        languages = available(folder)
        if content.clinic.language not in languages:
            raise ContentError(str(clinic_file or folder / "clinic.toml"),
                               _("language {lang} is not available; available: {languages}"
                                 ).format(lang=repr(content.clinic.language),
                                          languages=", ".join(languages)),
                               _clinic_todo(clinic_file is None))
    return content


def emergency_line(clinic_file: Path | None = None) -> str:
    """What to say when the content itself cannot be loaded: read as much as can be read,
    so that even then the person hears the clinic's emergency number, in their language."""
    import tomllib

    from backcare.language import ENGLISH, current

    def read(path: Path | None) -> dict[str, Any]:
        """Never waits on a pipe put in a file's place: this is said when loading failed."""
        return tomllib.loads(read_regular(path, TEXT_LIMIT).decode("utf-8")) if path else {}

    number, text = "", ""
    for path in (clinic_file, data_dir_or_none("clinic.toml")):
        try:
            raw = read(path)
            clinic = raw.get("clinic", raw)
            said = clinic.get("emergency_number")
        except (OSError, ValueError, AttributeError):
            continue
        if is_phone_number(said):  # a profile's other words may be bad; never this one
            number = number or str(said)
    lang = current().lang
    window = data_dir_or_none("window.toml" if lang == ENGLISH else f"{lang}/window.toml")
    try:
        raw = read(window)
        text = next(str(m["text"]) for m in raw.get("messages", [])
                    if isinstance(m, dict) and m.get("id") == "content-broken")
    except (OSError, ValueError, StopIteration, KeyError, AttributeError):
        pass
    if not text:
        return _("If this may be an emergency, call your local emergency number now.")
    return text.replace("{emergency_number}", number or _("your local emergency number"))


def data_dir_or_none(name: str) -> Path | None:
    try:
        return data_dir() / name
    except ContentError:
        return None


@cache
def shipped_content(clinic_file: Path | None = None, lang: str = "en") -> Content:
    """The content in `lang`, validated once per change of its files: a copy keyed by the
    files' bytes is kept in the cache folder, so most runs skip reading the TOML."""
    try:
        cached = _cache_file(clinic_file, lang)
        kept = _from_cache(cached) if cached is not None else None
        if kept is not None:
            return kept
        content = load_content(clinic_file=clinic_file)
        if lang != "en":
            from backcare.translation import translate

            content = translate(content, data_dir(), lang)
    except ContentError as exc:
        exc.clinic_file = str(clinic_file) if clinic_file else None
        raise
    if cached is not None:
        _keep_in_cache(cached, content)
    return content


def cache_dir() -> Path:
    """`BACKCARE_CACHE`, else the platform's user cache folder."""
    override = os.environ.get("BACKCARE_CACHE")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path("backcare", appauthor=False)


def _cache_file(clinic_file: Path | None, lang: str) -> Path | None:
    """Where the validated content of exactly these files is cached; None if a file cannot
    be read, or is a pipe or a device (loading then says which and why)."""
    from backcare import __version__

    folder = data_dir()
    digest = hashlib.sha256(f"{__version__}\0{lang}".encode())
    here = Path(__file__).parent
    for models in ("content.py", "records.py", "translation.py"):  # what it was made with
        digest.update((here / models).read_bytes())
    paths = [*(folder / name for name in FILES), clinic_file or folder / "clinic.toml"]
    if lang != "en":
        paths += [folder / lang / name for name in FILES if name != "sources.toml"]
    try:
        for path in paths:
            digest.update(str(path).encode() + b"\0" + read_regular(path, TEXT_LIMIT) + b"\0")
    except OSError:
        return None
    return cache_dir() / f"content-{digest.hexdigest()[:24]}.msgpack"


CACHE_LIMIT = 1 << 22
"""The kept content is some 50 KiB in any language: a file eighty times that is not ours."""

SEAL = 32
"""A kept copy starts with the sha256 of its name and its payload, the payload being the
content in msgpack. The name is in it so that a sound copy made for other files (another
clinic profile, with another emergency number) cannot pass for this one by being renamed."""


def _seal(path: Path, payload: bytes | memoryview) -> bytes:
    digest = hashlib.sha256(path.name.encode() + b"\0")
    digest.update(payload)
    return digest.digest()


def _from_cache(path: Path) -> Content | None:
    """The content kept at `path`; None, so that it is rebuilt from the files, if anything
    is odd: not a regular file (never waited on or read if a pipe or a device), a seal that
    does not match its bytes, a payload that does not decode to the content's strict types,
    or content that fails the coherence proofs.

    The seal catches a damaged or edited copy, such as an emergency turned into "urgent",
    which every proof would pass; the proofs catch incoherent content that was sealed anew
    (levels = [] would end a check in a StopIteration). A sound seal on other coherent
    content would pass: whoever can write it in the user's private cache folder could as
    well edit backcare itself. All of `problems()` is run, not a cheaper part of it: on the
    shipped content it costs about 0.3 ms of the 2 ms a cached load takes."""
    try:
        kept = read_regular(path, CACHE_LIMIT, follow=False)
    except OSError:
        return None
    payload = memoryview(kept)[SEAL:]
    if kept[:SEAL] != _seal(path, payload):
        return None
    try:
        content = msgspec.msgpack.decode(payload, type=Content)
    except msgspec.DecodeError:  # a ValidationError too: the models' own checks
        return None
    return None if content.problems() else content


def _keep_in_cache(path: Path, content: Content) -> None:
    """Best effort: a cache that cannot be written only costs time on the next run.

    `path` is always one that `_cache_file` named: backcare's own name in its cache folder.
    The new copy takes that name in one step (os.replace), so whatever bad thing was there,
    a damaged copy, a pipe or a symbolic link, is replaced, never written through; a folder
    in the way is left alone, and each run then rebuilds. The folders are made 0700 and
    the copy 0600, whatever the umask."""
    import tempfile

    with contextlib.suppress(OSError, msgspec.EncodeError):
        private_folder(path.parent)
        payload = msgspec.msgpack.encode(content)
        fd, tmp = tempfile.mkstemp(prefix=".content.", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                os.fchmod(fh.fileno(), 0o600)
                fh.write(_seal(path, payload))
                fh.write(payload)
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
