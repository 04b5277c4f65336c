"""Patient-facing content: the models that validate `data/*.toml` and the loader.

Every item carries a stable `id` and a `source` id that must exist in
`sources.toml`. A clinic changes wording or adds items by editing data alone.
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from backcare.errors import ContentError

Level = Literal["emergency", "urgent", "soon", "self-care"]
LEVELS: tuple[Level, ...] = ("self-care", "soon", "urgent", "emergency")
"""Lowest first, so that `LEVELS.index` orders them."""

Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
Text = Annotated[str, Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    id: Id
    title: Text
    publisher: Text
    url: str = ""
    note: str = ""


class Sourced(_Strict):
    id: Id
    source: Id


class Labelled(Sourced):
    """An answer choice: a short `label` fits a checklist line; `detail` says it in full."""

    label: Annotated[str, Field(min_length=1, max_length=60)]
    detail: str = ""


class RedFlag(Labelled):
    level: Literal["emergency", "urgent"]
    reason: Text


class Symptom(Labelled):
    level: Literal["soon", "self-care"] = "self-care"
    reason: str = ""

    @model_validator(mode="after")
    def _reason_when_routed(self) -> Symptom:
        if self.level != "self-care" and not self.reason:
            raise ValueError("a symptom that routes up needs a `reason`")
        return self


class Choice(Labelled):
    pass


class OnsetChoice(_Strict):
    id: Id
    label: Text
    hours: float | None = Field(default=None, ge=0)


class Questions(_Strict):
    red_flags: Text
    none_of_these: Text
    onset: Text
    triggers: Text
    symptoms: Text
    pain: Text
    conditions: Text
    save: Text


class LevelText(Sourced):
    level: Level
    banner: Text
    action: Text
    contact: str = ""
    """Replaces the clinic's contact line on this level's screen, where set."""


class Tier(_Strict):
    id: Id
    title: Text


class When(_Strict):
    """Which answers select an item. Empty means always."""

    symptoms: list[Id] = []
    triggers: list[Id] = []
    conditions: list[Id] = []
    chronic: bool = False

    @property
    def always(self) -> bool:
        return not (self.symptoms or self.triggers or self.conditions or self.chronic)


class AdviceItem(Sourced):
    tier: Id
    title: str = ""
    text: Text
    when: When = When()


class Caution(Sourced):
    text: Text
    when: When = When()


class Window(Sourced):
    """The ice-then-heat window and the application limits, in hours and minutes."""

    ice_until_hours: float = Field(gt=0)
    heat_from_hours: float = Field(gt=0)
    ice_minutes: int = Field(gt=0)
    heat_minutes: int = Field(gt=0)
    max_minutes: int = Field(gt=0)
    min_gap_minutes: int = Field(ge=0)
    severe_pain_from: int = Field(ge=0, le=10)
    not_improving_days: float = Field(gt=0)
    chronic_after_days: float = Field(gt=0)
    plan_days: int = Field(ge=1, le=14)
    day_starts_hour: int = Field(ge=0, le=23)
    day_ends_hour: int = Field(ge=1, le=24)

    @model_validator(mode="after")
    def _ordered(self) -> Window:
        if self.heat_from_hours < self.ice_until_hours:
            raise ValueError("heat_from_hours must not be before ice_until_hours")
        if self.day_ends_hour <= self.day_starts_hour:
            raise ValueError("day_ends_hour must be after day_starts_hour")
        if self.max_minutes < max(self.ice_minutes, self.heat_minutes):
            raise ValueError("max_minutes must be at least ice_minutes and heat_minutes")
        return self


class PhaseText(Sourced):
    phase: Literal["ice", "transition", "heat"]
    title: Text
    text: Text


class Message(Sourced):
    """Words said while keeping time; `{name}` placeholders are filled in when said."""

    text: Text


class Rule(Sourced):
    """A routing rule that is not an answer by itself (severe pain, a long episode)."""

    level: Level
    reason: Text


class Clinic(_Strict):
    name: Text
    phone: Text
    emergency_number: Text
    contact: Text
    telemedicine: bool = False
    source: Id = "clinic-page"

    def fill(self, text: str) -> str:
        """Put the clinic's name and numbers into a content text."""
        return (
            text.replace("{emergency_number}", self.emergency_number)
            .replace("{clinic_name}", self.name)
            .replace("{clinic_phone}", self.phone)
        )


class Content(_Strict):
    sources: list[Source]
    questions: Questions
    red_flags: list[RedFlag]
    symptoms: list[Symptom]
    triggers: list[Choice]
    conditions: list[Choice]
    onsets: list[OnsetChoice]
    levels: list[LevelText]
    tiers: list[Tier]
    advice: list[AdviceItem]
    cautions: list[Caution]
    window: Window
    phases: list[PhaseText]
    messages: list[Message]
    rules: list[Rule]
    clinic: Clinic

    def say(self, message_id: str, **values: object) -> str:
        """A message with the window's numbers, the given values and the clinic filled in."""
        text = next(m.text for m in self.messages if m.id == message_id)
        numbers = {k: v for k, v in self.window.model_dump().items()
                   if isinstance(v, int | float)}
        for name, value in {**numbers, **values}.items():
            shown = f"{value:g}" if isinstance(value, float) else str(value)
            text = text.replace("{" + name + "}", shown)
        return self.clinic.fill(text)

    def labels(self, kind: str, keys: list[str], empty: str = "none given") -> str:
        """The answers' labels, as the person saw them: `kind` is red_flags, symptoms,
        triggers or conditions."""
        items: list[Labelled] = getattr(self, kind)
        names = {i.id: i.label for i in items}
        return "; ".join(names.get(k, k) for k in keys) if keys else empty

    def level_text(self, level: Level) -> LevelText:
        return next(t for t in self.levels if t.level == level)

    def phase_text(self, phase: str) -> PhaseText:
        return next(t for t in self.phases if t.phase == phase)

    def rule(self, rule_id: str) -> Rule:
        return next(r for r in self.rules if r.id == rule_id)

    def source_title(self, source_id: str) -> str:
        source = next(s for s in self.sources if s.id == source_id)
        return f"{source.publisher}: {source.title}"

    @model_validator(mode="after")
    def _cross_references(self) -> Content:
        problems: list[str] = []
        source_ids = {s.id for s in self.sources}
        answer_ids = {
            "symptoms": {s.id for s in self.symptoms},
            "triggers": {t.id for t in self.triggers},
            "conditions": {c.id for c in self.conditions},
        }
        tier_ids = {t.id for t in self.tiers}
        named: list[tuple[str, list[str]]] = [
            ("sources", [s.id for s in self.sources]),
            ("red_flags", [r.id for r in self.red_flags]),
            ("symptoms", [s.id for s in self.symptoms]),
            ("triggers", [t.id for t in self.triggers]),
            ("conditions", [c.id for c in self.conditions]),
            ("advice", [a.id for a in self.advice]),
            ("cautions", [c.id for c in self.cautions]),
        ]
        for kind, ids in named:
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                problems.append(f"{_file(kind)}: {kind}: duplicate id {', '.join(dupes)}")
        sourced: list[tuple[str, Sourced]] = [
            *(("red_flags", r) for r in self.red_flags),
            *(("symptoms", s) for s in self.symptoms),
            *(("triggers", t) for t in self.triggers),
            *(("conditions", c) for c in self.conditions),
            *(("levels", lv) for lv in self.levels),
            *(("advice", a) for a in self.advice),
            *(("cautions", c) for c in self.cautions),
            *(("phases", p) for p in self.phases),
            *(("messages", m) for m in self.messages),
            *(("rules", r) for r in self.rules),
            ("window", self.window),
        ]
        for kind, item in sourced:
            if item.source not in source_ids:
                problems.append(f"{_file(kind)}: {kind} item {item.id!r}: "
                                f"unknown source {item.source!r}")
        if self.clinic.source not in source_ids:
            problems.append(f"clinic: unknown source {self.clinic.source!r}")
        for kind, item in sourced:
            when = getattr(item, "when", None)
            if when is None:
                continue
            for field in ("symptoms", "triggers", "conditions"):
                for key in getattr(when, field):
                    if key not in answer_ids[field]:
                        problems.append(f"{_file(kind)}: {kind} item {item.id!r}: "
                                        f"when.{field} names unknown {key!r}")
        for a in self.advice:
            if a.tier not in tier_ids:
                problems.append(f"advice.toml: advice item {a.id!r}: unknown tier {a.tier!r}")
        for lv in LEVELS:
            if not any(t.level == lv for t in self.levels):
                problems.append(f"advice.toml: levels: no text for level {lv!r}")
        for ph in ("ice", "transition", "heat"):
            if not any(p.phase == ph for p in self.phases):
                problems.append(f"window.toml: phases: no text for phase {ph!r}")
        for message_id in REQUIRED_MESSAGES:
            if not any(m.id == message_id for m in self.messages):
                problems.append(f"window.toml: messages: missing message {message_id!r}")
        for rule_id in REQUIRED_RULES:
            if not any(r.id == rule_id for r in self.rules):
                problems.append(f"advice.toml: rules: missing rule {rule_id!r}")
        if problems:
            raise ValueError("; ".join(problems))
        return self


def _file(section: str) -> str:
    return next((name for name, keys in FILES.items() if section in keys), "clinic.toml")


REQUIRED_MESSAGES = ("wrap", "heat-in-ice-phase", "ice-in-heat-phase", "too-long", "too-soon",
                     "time-up", "stopped-early")
REQUIRED_RULES = ("severe-pain", "long-episode", "not-improving-log", "new-red-flag")

FILES: dict[str, tuple[str, ...]] = {
    "sources.toml": ("sources",),
    "questions.toml": ("questions", "red_flags", "symptoms", "triggers", "conditions", "onsets"),
    "advice.toml": ("levels", "tiers", "advice", "cautions", "rules"),
    "window.toml": ("window", "phases", "messages"),
}


def data_dir() -> Path:
    """The shipped `data/` folder: inside the wheel, or at the top of a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "data", here.parent / "data"):
        if (candidate / "sources.toml").is_file():
            return candidate
    raise ContentError(str(here / "data"), "the content folder is missing; reinstall backcare")


def read_toml(path: Path) -> dict[str, object]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise ContentError(str(path), "file is missing; reinstall backcare") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ContentError(str(path), f"not valid TOML: {exc}") from None


def describe(exc: ValidationError, raw: dict[str, object]) -> str:
    """One line per problem, naming the item by its id where it has one."""
    lines = []
    for err in exc.errors():
        loc = list(err["loc"])
        where = ".".join(str(p) for p in loc) or "(top level)"
        if len(loc) >= 2 and isinstance(loc[1], int):
            items = raw.get(str(loc[0]))
            if isinstance(items, list) and loc[1] < len(items):
                item = items[loc[1]]
                if isinstance(item, dict) and "id" in item:
                    rest = ".".join(str(p) for p in loc[2:])
                    where = f"{loc[0]} item {item['id']!r}" + (f" field {rest!r}" if rest else "")
        msg = err["msg"].removeprefix("Value error, ")
        lines.append(msg if not loc else f"{where}: {msg}")
    return "; ".join(lines)


def load_clinic(path: Path, shipped: bool = False) -> Clinic:
    todo = ("Fix this content file, or reinstall backcare to restore it." if shipped else
            "Fix the clinic profile (--clinic FILE or $BACKCARE_HOME/clinic.toml), "
            "or remove it to use the default.")
    if not path.is_file():
        raise ContentError(str(path), "no such clinic profile file", todo)
    try:
        with path.open("rb") as fh:
            raw = tomllib.load(fh)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ContentError(str(path), f"not valid TOML: {exc}", todo) from None
    try:
        return Clinic.model_validate(raw.get("clinic", raw))
    except ValidationError as exc:
        raise ContentError(str(path), describe(exc, raw), todo) from None


def load_content(folder: Path | None = None, clinic_file: Path | None = None) -> Content:
    """Read and validate every content file; errors name the file, item and problem."""
    folder = folder or data_dir()
    merged: dict[str, object] = {}
    file_of: dict[str, Path] = {}
    for name, keys in FILES.items():
        path = folder / name
        raw = read_toml(path)
        unknown = sorted(set(raw) - set(keys))
        if unknown:
            raise ContentError(str(path), f"unknown section {', '.join(unknown)}")
        for key in keys:
            file_of[key] = path
            if key in raw:
                merged[key] = raw[key]
    merged["clinic"] = (load_clinic(clinic_file) if clinic_file
                        else load_clinic(folder / "clinic.toml", shipped=True))
    try:
        return Content.model_validate(merged)
    except ValidationError as exc:
        section = str(exc.errors()[0]["loc"][0]) if exc.errors()[0]["loc"] else ""
        path = file_of.get(section, folder)
        raise ContentError(str(path), describe(exc, merged)) from None


@cache
def shipped_content(clinic_file: Path | None = None) -> Content:
    return load_content(clinic_file=clinic_file)
