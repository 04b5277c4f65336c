"""Demo scenarios in `data/scenarios/*.toml`: answers, and events on a simulated clock."""

from pathlib import Path
from typing import Annotated, Literal

import msgspec

from backcare.assessment import Answers, check_answers, emergency_red_flags
from backcare.content import Age, Content
from backcare.content_files import describe, read_toml
from backcare.errors import ContentError, InputError
from backcare.language import ENGLISH, _, current, ngettext, number
from backcare.paths import data_dir
from backcare.records import Strict, ValidationError
from backcare.translation import TODO


class ScenarioAnswers(Strict, frozen=True, kw_only=True):
    red_flags: list[str]
    triggers: list[str] = []
    symptoms: list[str] = []
    conditions: list[str] = []
    pain: Annotated[int, msgspec.Meta(ge=0, le=10)] | None = None
    age: Age | None = None
    onset_hours_ago: Annotated[float, msgspec.Meta(ge=0)]
    where: list[str] = []


class Event(Strict, frozen=True, kw_only=True):
    """At `hour` after onset: an application (kind and minutes), a pain score, a dose
    (a medicine's id and mg), or a guided movement session (`move`, with the pain before
    and after)."""

    hour: Annotated[float, msgspec.Meta(ge=0)]
    kind: Literal["ice", "heat"] | None = None
    minutes: Annotated[float, msgspec.Meta(gt=0)] | None = None
    pain: Annotated[int, msgspec.Meta(ge=0, le=10)] | None = None
    note: str = ""
    medicine: str | None = None
    mg: Annotated[float, msgspec.Meta(gt=0)] | None = None
    move: bool = False
    pain_before: Annotated[int, msgspec.Meta(ge=0, le=10)] | None = None
    pain_after: Annotated[int, msgspec.Meta(ge=0, le=10)] | None = None

    def __post_init__(self) -> None:
        if [self.kind, self.pain, self.medicine, self.move or None].count(None) != 3:
            raise ValueError(_("an event is either an application (kind, minutes), a pain "
                               "score, a dose (medicine, mg) or a movement session (move)"))
        if self.move and (self.pain_before is None or self.pain_after is None):
            raise ValueError(_("a movement session needs pain_before and pain_after"))
        if self.medicine is not None and self.mg is None:
            raise ValueError(_("a dose needs mg"))
        if self.kind is not None and self.minutes is None:
            raise ValueError(_("an application needs minutes"))


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

    try:
        a = scenario.answers
        check_answers(Answers(red_flags=a.red_flags, triggers=a.triggers, symptoms=a.symptoms,
                              conditions=a.conditions, pain=a.pain, age=a.age,
                              where=a.where), content)
    except InputError as exc:
        raise ContentError(str(path), exc.message) from None
    unknown = [e.medicine for e in scenario.events
               if e.medicine is not None and e.medicine not in {m.id for m in content.medicines}]
    if unknown:
        raise ContentError(str(path), _("unknown medicine {medicine}").format(
            medicine=repr(unknown[0])))
    if scenario.source not in {s.id for s in content.sources}:
        raise ContentError(str(path), _("unknown source {source}").format(
            source=repr(scenario.source)))
    return scenario


class ScenarioWords(Strict, frozen=True, kw_only=True):
    """A scenario's words in another language: `data/<lang>/scenarios/<id>.toml`. `notes`
    are its events' notes, in order."""

    id: str
    title: Annotated[str, msgspec.Meta(min_length=1)]
    description: Annotated[str, msgspec.Meta(min_length=1)]
    notes: list[Annotated[str, msgspec.Meta(min_length=1)]] = []


def in_language(scenario: Scenario, path: Path, lang: str) -> Scenario:
    """The scenario with its words in `lang`: refused if the translation is not of it."""
    if lang == ENGLISH:
        return scenario
    words_file = data_dir() / lang / "scenarios" / path.name
    raw = read_toml(words_file)
    try:
        words = msgspec.convert(raw, ScenarioWords)
    except ValidationError as exc:
        raise ContentError(str(words_file), describe(exc, raw), _(TODO)) from None
    noted = [e for e in scenario.events if e.note]
    if words.id != scenario.id or len(words.notes) != len(noted):
        raise ContentError(str(words_file), _(
            "must translate scenario {id!r}: its id, title, description and {count} "
            "notes").format(id=scenario.id, count=len(noted)), _(TODO))
    said = iter(words.notes)
    events = [msgspec.structs.replace(e, note=next(said)) if e.note else e
              for e in scenario.events]
    return msgspec.structs.replace(scenario, title=words.title,
                                   description=words.description, events=events)


def all_scenarios(content: Content) -> list[Scenario]:
    lang = current().lang
    return [in_language(load_scenario(p, content), p, lang) for p in scenario_files()]


def scenario_pairs(content: Content, lang: str) -> list[tuple[str, str, str, str]]:
    """Each scenario's words, English beside `lang`, for the review sheet."""
    pairs = []
    for path in scenario_files():
        english = load_scenario(path, content)
        other = in_language(english, path, lang)
        pairs += [(english.id, "title", english.title, other.title),
                  (english.id, "description", english.description, other.description)]
        pairs += [(english.id, "note", a.note, b.note)
                  for a, b in zip(english.events, other.events, strict=True) if a.note]
    return pairs


def find(name: str, content: Content) -> Scenario:
    scenarios = all_scenarios(content)
    for s in scenarios:
        if s.id == name:
            return s
    raise InputError(_("unknown scenario {name}; valid: {names}").format(
        name=repr(name), names=", ".join(s.id for s in scenarios)))


def answered(scenario: Scenario, content: Content) -> list[tuple[str, str]]:
    """Each question with the answer the person chose, as the interview would ask them:
    an emergency red flag ends it after the first question."""
    a = scenario.answers
    q = content.questions

    red_flags = (q.red_flags, content.labels("red_flags", a.red_flags, q.none_of_these))

    if emergency_red_flags(content) & set(a.red_flags):
        return [red_flags]
    onset = next((o for o in content.onsets if o.from_hours is not None
                  and o.from_hours <= a.onset_hours_ago
                  and (o.to_hours is None or a.onset_hours_ago < o.to_hours)), None)
    ago = a.onset_hours_ago
    count = int(ago) if ago == int(ago) else 2  # 1.5 hours reads as plural, as 1 does not
    hours = number(ago, 6)
    if onset:
        when = ngettext("{onset} (about {hours} hour ago)", "{onset} (about {hours} hours ago)",
                        count).format(onset=onset.label, hours=hours)
    else:
        when = ngettext("about {hours} hour ago", "about {hours} hours ago", count).format(
            hours=hours)
    return [
        red_flags,
        (q.age, _("(not asked)") if a.age is None else str(a.age)),
        (q.where, "; ".join(content.region_labels(a.where)) or _("(none)")),
        (q.onset, when),
        (q.triggers, content.labels("triggers", a.triggers, _("(none)"))),
        (q.symptoms, content.labels("symptoms", a.symptoms, _("(none)"))),
        (q.pain, _("(not asked)") if a.pain is None else str(a.pain)),
        (q.conditions, content.labels("conditions", a.conditions, _("(none)"))),
    ]
