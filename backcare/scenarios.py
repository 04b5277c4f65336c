"""Demo scenarios in `data/scenarios/*.toml`: answers, and events on a simulated clock."""

from pathlib import Path
from typing import Annotated, Literal

import msgspec

from backcare.content import Content, data_dir, describe, read_toml
from backcare.errors import ContentError, InputError
from backcare.records import Strict, ValidationError


class ScenarioAnswers(Strict, frozen=True, kw_only=True):
    red_flags: list[str]
    triggers: list[str] = []
    symptoms: list[str] = []
    conditions: list[str] = []
    pain: Annotated[int, msgspec.Meta(ge=0, le=10)] | None = None
    onset_hours_ago: Annotated[float, msgspec.Meta(ge=0)]


class Event(Strict, frozen=True, kw_only=True):
    """At `hour` after onset: an application (kind and minutes) or a pain score."""

    hour: Annotated[float, msgspec.Meta(ge=0)]
    kind: Literal["ice", "heat"] | None = None
    minutes: Annotated[float, msgspec.Meta(gt=0)] | None = None
    pain: Annotated[int, msgspec.Meta(ge=0, le=10)] | None = None
    note: str = ""

    def __post_init__(self) -> None:
        if (self.kind is None) == (self.pain is None):
            raise ValueError("an event is either an application (kind, minutes) or a pain score")
        if self.kind is not None and self.minutes is None:
            raise ValueError("an application needs minutes")


class Scenario(Strict, frozen=True, kw_only=True):
    id: str
    title: str
    description: str
    source: str
    status_hours: list[float] = msgspec.field(default_factory=lambda: [2.0, 30.0, 50.0])
    answers: ScenarioAnswers
    events: list[Event] = []


def scenario_files() -> list[Path]:
    return sorted((data_dir() / "scenarios").glob("*.toml"))


def load_scenario(path: Path, content: Content) -> Scenario:
    raw = read_toml(path)
    try:
        scenario = msgspec.convert(raw, Scenario)
    except ValidationError as exc:
        raise ContentError(str(path), describe(exc, raw)) from None
    from backcare.assessment import Answers, check_answers

    try:
        a = scenario.answers
        check_answers(Answers(red_flags=a.red_flags, triggers=a.triggers, symptoms=a.symptoms,
                              conditions=a.conditions, pain=a.pain), content)
    except InputError as exc:
        raise ContentError(str(path), exc.message) from None
    if scenario.source not in {s.id for s in content.sources}:
        raise ContentError(str(path), f"unknown source {scenario.source!r}")
    return scenario


def all_scenarios(content: Content) -> list[Scenario]:
    return [load_scenario(p, content) for p in scenario_files()]


def find(name: str, content: Content) -> Scenario:
    scenarios = all_scenarios(content)
    for s in scenarios:
        if s.id == name:
            return s
    raise InputError(f"unknown scenario {name!r}; valid: {', '.join(s.id for s in scenarios)}")


def answered(scenario: Scenario, content: Content) -> list[tuple[str, str]]:
    """Each question with the answer the person chose, as the interview would ask them:
    an emergency red flag ends it after the first question."""
    a = scenario.answers
    q = content.questions

    red_flags = (q.red_flags, content.labels("red_flags", a.red_flags, q.none_of_these))
    from backcare.assessment import emergency_red_flags

    if emergency_red_flags(content) & set(a.red_flags):
        return [red_flags]
    onset = next((o for o in content.onsets if o.from_hours is not None
                  and o.from_hours <= a.onset_hours_ago
                  and (o.to_hours is None or a.onset_hours_ago < o.to_hours)), None)
    hours = f"{a.onset_hours_ago:g} {'hour' if a.onset_hours_ago == 1 else 'hours'}"
    return [
        red_flags,
        (q.onset, f"{onset.label} (about {hours} ago)" if onset else f"about {hours} ago"),
        (q.triggers, content.labels("triggers", a.triggers, "(none)")),
        (q.symptoms, content.labels("symptoms", a.symptoms, "(none)")),
        (q.pain, "(not asked)" if a.pain is None else str(a.pain)),
        (q.conditions, content.labels("conditions", a.conditions, "(none)")),
    ]
