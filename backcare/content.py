"""Patient-facing content: the models that validate `data/*.toml`.

Every item carries a stable `id` and a `source` id that must exist in
`sources.toml`. A clinic changes wording or adds items by editing data alone. The proofs
that the files fit together are in `coherence`, the reading of the files in
`content_files`, and the loading with its cache in `loader`.
"""

import re
from collections.abc import Sequence
from typing import Annotated, ClassVar, Literal

import msgspec

from backcare.language import _, grouped, number
from backcare.records import Strict
from backcare.staff_pin import is_stored
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
    follow_up_only: bool = False
    """Asked in a terminal only as another answer's follow-up (labour signs, after
    pregnancy), not on the warning-sign list; a script gives it like any warning sign."""
    implies: list[Id] = []
    """Conditions the sign cannot be without (labour signs: pregnancy), which count as
    given with it, so that a script that gives the sign alone gets her cautions too."""


OLDEST = 120
"""The oldest age in years an answer may give."""
Age = Annotated[int, msgspec.Meta(ge=0, le=OLDEST)]


class Routed(Labelled, frozen=True, kw_only=True):
    """A symptom or a condition; one that routes up gives a level and a reason.

    `ask_again` asks the warning signs `ask_again_red_flags` once more, in plain words,
    when this answer is given in a terminal: people miss a sign on a long list. A
    condition with `age_at_least` or `age_under` is given by the person's age."""

    level: Literal["soon", "self-care"] = "self-care"
    reason: str = ""
    ask_again: str = ""
    ask_again_red_flags: list[Id] = []
    age_at_least: Age | None = None
    age_under: Age | None = None

    def __post_init__(self) -> None:
        if self.level != "self-care" and not self.reason:
            raise ValueError(_("an answer that routes up needs a `reason`"))
        if bool(self.ask_again) != bool(self.ask_again_red_flags):
            raise ValueError(_("ask_again and ask_again_red_flags go together"))

    @property
    def by_age(self) -> bool:
        return self.age_at_least is not None or self.age_under is not None

    def fits(self, age: int) -> bool:
        """Whether a condition given by age holds at `age`."""
        return ((self.age_at_least is None or age >= self.age_at_least)
                and (self.age_under is None or age < self.age_under))


class Choice(Labelled, frozen=True, kw_only=True):
    exclusive: bool = False
    """A "not sure / none of these" answer: never ticked together with another."""


class Region(Labelled, frozen=True, kw_only=True):
    """A place on the back map. `leg` is the side of a place on a leg; `counts_as` are
    symptoms the place counts as, and `confirms` warning signs a check asks about again
    when the place is marked and the sign was not ticked."""

    muscles: list[Id] = []
    leg: Literal["left", "right"] | None = None
    counts_as: list[Id] = []
    confirms: list[Id] = []


class Muscle(Sourced, frozen=True, kw_only=True):
    """A back muscle the clinic's diagram labels."""

    label: Text


class BackMap(Sourced, frozen=True, kw_only=True):
    """The drawing of the back: `[n]` marks the nth place of `regions`. `both_legs` are the
    warning signs asked again when places on both legs are marked."""

    picture: Text
    both_legs: list[Id] = []

    MARK: ClassVar[re.Pattern[str]] = re.compile(r"\[(\d+)\]")


class MovementPlan(Sourced, frozen=True, kw_only=True):
    """How guided movement grows over an episode (`[movement_plan]` in exercises.toml)."""

    start_reps: Annotated[int, msgspec.Meta(ge=1)]
    add_rep_every_days: Annotated[int, msgspec.Meta(ge=1)]
    sessions_per_day: Annotated[int, msgspec.Meta(ge=1, le=12)]
    rise_points: Annotated[int, msgspec.Meta(ge=1, le=10)]
    rises_before_calling: Annotated[int, msgspec.Meta(ge=1)]
    severe_pain: Annotated[int, msgspec.Meta(ge=1, le=10)]
    keep_after_seconds: Annotated[int, msgspec.Meta(ge=0)]
    swimming_from_day: Annotated[int, msgspec.Meta(ge=1)]
    gentlest: list[Id]
    """The movements of the gentlest session."""
    for_places: list[Id]
    """Places on the back map the movements are for."""
    gentlest_for: list[Id] = []
    """Symptoms that keep a session to the gentlest movements."""
    also_sources: list[Id] = []


class StopSign(Labelled, frozen=True, kw_only=True):
    """What stops a movement session at once, and runs the warning-sign screen again;
    one with `for_conditions` is asked only of a person with one of them."""

    for_conditions: list[Id] = []


class Movement(Sourced, frozen=True, kw_only=True):
    """A gentle movement: its steps (one per line), the hold the countdown times (none: at
    the person's own pace), the most repetitions, and the first day of the episode it is
    offered."""

    title: Text
    steps: Text
    hold_seconds: Annotated[int, msgspec.Meta(gt=0, le=120)] | None = None
    per_side: bool = False
    reps_max: Annotated[int, msgspec.Meta(ge=1, le=50)] = 1
    from_day: Annotated[int, msgspec.Meta(ge=1)] = 1
    withheld_for: list[Id] = []

    @property
    def step_lines(self) -> list[str]:
        return [line.strip() for line in self.steps.strip().splitlines() if line.strip()]


class OnsetChoice(Strict, frozen=True, kw_only=True):
    """A range of how long ago it started; `Not sure` has none."""

    id: Id
    label: Text
    from_hours: Annotated[float, msgspec.Meta(ge=0)] | None = None
    to_hours: Annotated[float, msgspec.Meta(gt=0)] | None = None

    @property
    def known(self) -> bool:
        """Whether the choice says when it started (`Not sure` does not)."""
        return self.from_hours is not None

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
    age: Text
    adults_only: Text
    """Said where no age was given: the advice is for adults."""
    same_spasm: Text
    """Asked instead of `onset` inside an open episode; `{onset}` is when it started."""
    same_spasm_unknown: Text
    """The same, for an episode whose start is not known; `{onset}` is when it was saved."""
    where: Text
    """The back map's question."""
    where_drawing: Text
    """Said above the back map's drawing, where a terminal shows it."""
    where_confirm: Text
    """Asked when the places marked can go with a warning sign that was not ticked."""


class LevelText(Sourced, frozen=True, kw_only=True):
    level: Level
    tiers: list[Id]
    """The advice tiers this level's screen shows."""
    banner: Text
    action: Text
    contact: str = ""
    """Replaces the clinic's contact line on this level's screen, where set."""
    for_conditions: list[Id] = []
    """This level's words for a person with any of these conditions (pregnancy: her
    midwife as well as the clinic); each level also has words for everyone else."""
    for_reasons: list[Id] = []
    """This level's words where only rules with these ids routed the person to it (too
    much acetaminophen: Poison Control); before those `for_conditions` picks."""


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


class ChildDose(Strict, frozen=True, kw_only=True):
    """A children's label's dose for an age band, when the child's weight is not known."""

    age_from: Age
    age_under: Age
    mg: Annotated[int, msgspec.Meta(gt=0)]


class Medicine(Sourced, frozen=True, kw_only=True):
    """A pain reliever's limits for adults, from its US over-the-counter label. A text
    uses them as `{ibuprofen_max_daily_mg}` (the id, then the field), so that every
    figure a person reads comes from here; such a text must recommend `recommends_as`
    and "adult-dose", so that no caution that rules those out is shown beside it."""

    name: Text
    nsaid: bool
    recommends_as: list[Id]
    tablet_mg: Annotated[int, msgspec.Meta(gt=0)]
    dose_mg: Annotated[int, msgspec.Meta(gt=0)]
    """The usual single dose."""
    per_dose_max_mg: Annotated[int, msgspec.Meta(gt=0)]
    interval_hours: Annotated[float, msgspec.Meta(gt=0)]
    """The shortest time between doses, up to `interval_hours_max`."""
    interval_hours_max: Annotated[float, msgspec.Meta(gt=0)]
    max_daily_mg: Annotated[int, msgspec.Meta(gt=0)]
    max_days: Annotated[int, msgspec.Meta(gt=0)]
    """Days of use for pain before asking a doctor."""
    names: list[Text] = []
    """Other names people know it by."""
    first_dose_max_mg: Annotated[int, msgspec.Meta(gt=0)] | None = None
    """The most for the first dose of a course, taken within `first_dose_minutes`
    (naproxen: a second tablet within the first hour); every later dose is at most
    `per_dose_max_mg`."""
    first_dose_minutes: Annotated[int, msgspec.Meta(gt=0)] = 60
    longer_interval_above_mg: Annotated[int, msgspec.Meta(gt=0)] | None = None
    """A dose above this waits `interval_hours_max` (acetaminophen: 1,000 mg every 6 hours)."""
    window_max_mg: Annotated[int, msgspec.Meta(gt=0)] | None = None
    """The most in any `window_hours` (naproxen: 2 tablets in any 8 to 12 hours)."""
    window_hours: Annotated[float, msgspec.Meta(gt=0)] | None = None
    child_max_doses: Annotated[int, msgspec.Meta(gt=0)] | None = None
    """The most doses in 24 hours a children's label allows, whatever the child's weight."""
    child_doses: list[ChildDose] = []
    """A children's label's dose for each age band; none for an age outside them."""
    child_source: Id | None = None
    """The source of `child_max_doses` and `child_doses`."""
    overdose: Id = "dose-overdose"
    """The message (data/window.toml) said when a dose goes over the label's 24-hour limit."""
    per_dose_overdose: Id = "dose-overdose-advice"
    """The message said when doses at one time go over the label's most a dose."""
    routes_overdose: bool = False
    """A day over the label's maximum (or a children's label's) routes a check and status
    by the rule with `dose_over_label` (acetaminophen: early treatment matters)."""

    FIGURES: ClassVar[tuple[str, ...]] = (
        "tablet_mg", "dose_mg", "per_dose_max_mg", "interval_hours", "interval_hours_max",
        "max_daily_mg", "max_days")

    def __post_init__(self) -> None:
        if not self.dose_mg <= self.per_dose_max_mg <= self.max_daily_mg:
            raise ValueError(_("dose_mg, per_dose_max_mg and max_daily_mg must not decrease"))
        if self.first_dose_max_mg is not None and not (
                self.per_dose_max_mg <= self.first_dose_max_mg <= self.max_daily_mg):
            raise ValueError(_("first_dose_max_mg must lie between per_dose_max_mg and "
                               "max_daily_mg"))
        if (self.child_max_doses is None) != (self.child_source is None):
            raise ValueError(_("child_max_doses and child_source go together"))
        if (self.window_max_mg is None) != (self.window_hours is None):
            raise ValueError(_("window_max_mg and window_hours go together"))
        if self.interval_hours_max < self.interval_hours:
            raise ValueError(_("interval_hours_max must not be below interval_hours"))

    def figures(self) -> dict[str, float]:
        return {f"{self.id.replace('-', '_')}_{name}": getattr(self, name)
                for name in self.FIGURES}


class Uncounted(Sourced, frozen=True, kw_only=True):
    """A pain reliever backcare knows by name but keeps no limits for (no verified label
    figure): a dose of it is recorded, and the person is told to ask their pharmacist."""

    name: Text
    nsaid: bool
    names: list[Text] = []


MEDICINE_FIGURE = re.compile(r"\{[a-z0-9_]+\}")
"""A placeholder in a text; a medicine's figure where it names one (`Medicine.figures`)."""


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
    rise_at_least: Annotated[int, msgspec.Meta(ge=1, le=10)] | None = None
    """Points the log's latest score is above the lowest score recorded at least
    `rise_span_hours` before it (the log only: a check has one score)."""
    rise_span_hours: Annotated[float, msgspec.Meta(ge=0)] = 0
    when: When | None = None
    """Answers that must be given together (a check's answers only)."""
    dose_over_label: bool = False
    """The dose log holds more of a medicine in the last 24 hours than its label allows:
    the label says to get medical help."""
    label: str = ""
    """What the answers together were, in a few words: how a finding names the rule."""

    def __post_init__(self) -> None:
        if (self.pain_at_least is None and self.days_at_least is None and self.when is None
                and self.rise_at_least is None and not self.dose_over_label):
            raise ValueError(_("a rule needs pain_at_least, days_at_least or when"))
        if self.when is not None and (self.when.phases or self.when.levels
                                      or self.applies_to != "check"):
            raise ValueError(_("a rule's `when` tests a check's answers: applies_to 'check', "
                               "and no phases or levels"))
        if self.not_improving and self.applies_to != "log":
            raise ValueError(_("not_improving reads the log: applies_to must be 'log'"))
        if self.rise_at_least is not None and self.applies_to != "log":
            raise ValueError(_("rise_at_least reads the log: applies_to must be 'log'"))


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


Minutes = Annotated[float, msgspec.Meta(ge=0.5, le=60)]
"""Half a minute at least: a result or a question must stay long enough to be read."""


class KioskSettings(Strict, frozen=True, kw_only=True):
    """How the waiting-room kiosk behaves: `[clinic.kiosk]` in the profile."""

    idle_on_question: Minutes = 3
    """Minutes without a key on a question before the screen starts over."""
    idle_on_result: Minutes = 5
    """Minutes a result stays without a key; an urgent result stays until staff dismiss it
    or this passes."""
    staff_pin: str = ""
    """The staff PIN's salted hash (`backcare clinic pin`); empty until one is set."""

    def __post_init__(self) -> None:
        if self.staff_pin and not is_stored(self.staff_pin):
            raise ValueError(_("staff_pin must be set with 'backcare clinic pin', not typed"))


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
    kiosk: KioskSettings = KioskSettings()

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
    regions: list[Region]
    muscles: list[Muscle]
    back_map: BackMap
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
    medicines: list[Medicine] = []
    uncounted: list[Uncounted] = []
    movement_plan: MovementPlan
    stop_signs: list[StopSign]
    movements: list[Movement]
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

    def fill(self, text: str) -> str:
        """A text with the clinic's name and numbers and the medicines' label figures."""
        if "{" in text:
            figures = {k: v for m in self.medicines for k, v in m.figures().items()}
            text = MEDICINE_FIGURE.sub(
                lambda found: grouped(figures[found.group(0)[1:-1]])
                if found.group(0)[1:-1] in figures else found.group(0), text)
        return self.clinic.fill(text)

    def labels(self, kind: str, keys: list[str], empty: str | None = None) -> str:
        """The answers' labels, as the person saw them: `kind` is red_flags, symptoms,
        triggers or conditions. `empty` is said for none (default: 'none given')."""
        items: list[Labelled] = getattr(self, kind)
        names = {i.id: i.label for i in items}
        if not keys:
            return _("none given") if empty is None else empty
        return "; ".join(names.get(k, k) for k in keys)

    def level_text(self, level: Level, conditions: Sequence[str] = (),
                   reasons: Sequence[str] = ()) -> LevelText:
        """The level's words, where the `reasons` at the level are all rules it has words
        for (never a warning sign's 911 screen), or a person with `conditions` has."""
        texts = [t for t in self.levels if t.level == level]
        return next((t for t in texts if reasons and set(reasons) <= set(t.for_reasons)),
                    next((t for t in texts if set(t.for_conditions) & set(conditions)),
                         next(t for t in texts if not t.for_conditions
                              and not t.for_reasons)))

    def conditions_at(self, conditions: Sequence[str], age: int | None,
                      red_flags: Sequence[str] = ()) -> list[str]:
        """The conditions given, with those the age and the warning signs give added."""
        implied = [c for r in self.red_flags if r.id in red_flags for c in r.implies]
        ages = self.age_range(conditions) if age is None else (age, age)
        by_age = [] if ages is None else [  # every one that holds at each age they allow
            c.id for c in self.conditions
            if c.by_age and c.fits(ages[0]) and c.fits(ages[1]) and (
                age is not None or ages != (0, OLDEST))]
        return list(dict.fromkeys([*conditions, *implied, *by_age]))

    def age_range(self, conditions: Sequence[str]) -> tuple[int, int] | None:
        """The ages (lowest, highest) that fit every condition given by age among
        `conditions`; None when no age fits them all."""
        low, high = 0, OLDEST
        for condition in self.conditions:
            if condition.by_age and condition.id in conditions:
                low = max(low, condition.age_at_least or 0)
                high = min(high, (condition.age_under or OLDEST + 1) - 1)
        return (low, high) if low <= high else None

    def phase_text(self, phase: str) -> PhaseText:
        return next(t for t in self.phases if t.phase == phase)

    def rule(self, rule_id: str) -> Rule:
        return next(r for r in self.rules if r.id == rule_id)

    def finding_signs(self, finding_ids: list[str]) -> str:
        """The warning signs of a finding by their checklist labels, as the person saw them;
        a routing rule (answers together) by its label."""
        labels: dict[str, str] = {r.id: r.label for r in self.rules if r.label}
        labels |= {r.id: r.label for r in self.red_flags}
        return "; ".join(labels.get(i, i) for i in finding_ids)

    def map_signs(self, where: Sequence[str]) -> list[str]:
        """The warning signs the places marked can go with: each place's own, and those of
        places on both legs."""
        chosen = [r for r in self.regions if r.id in where]
        signs = [s for r in chosen for s in r.confirms]
        if {r.leg for r in chosen} >= {"left", "right"}:
            signs += self.back_map.both_legs
        return list(dict.fromkeys(signs))

    def map_symptoms(self, where: Sequence[str]) -> list[str]:
        """The symptoms the places marked count as (a leg: pain spreading down one leg)."""
        return list(dict.fromkeys(s for r in self.regions if r.id in where
                                  for s in r.counts_as))

    def region_labels(self, where: Sequence[str]) -> list[str]:
        """The places' labels, in the map's order; a key the map no longer has (a log
        kept with older content) as it is."""
        known = {r.id for r in self.regions}
        return [*(r.label for r in self.regions if r.id in where),
                *(key for key in dict.fromkeys(where) if key not in known)]

    def onset(self, onset_id: str) -> OnsetChoice | None:
        return next((o for o in self.onsets if o.id == onset_id), None)

    def onset_said(self, onset_id: str | None) -> str | None:
        """'You said it started 6 to 24 hours ago.' for a range the person picked."""
        chosen = self.onset(onset_id) if onset_id else None
        if chosen is None or not chosen.known:
            return None
        return self.say("onset-said", onset=chosen.label[:1].lower() + chosen.label[1:])

    def source_title(self, source_id: str) -> str:
        source = next(s for s in self.sources if s.id == source_id)
        return _("{publisher}: {title}").format(publisher=source.publisher, title=source.title)

    def alternatives(self) -> set[str]:
        """Ids of the advice items and cautions shown only in another's place."""
        return {i.instead for i in [*self.advice, *self.cautions] if i.instead}
