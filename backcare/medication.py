"""The dose log's arithmetic: which medicine a name means, an amount in mg, and where a
medicine's doses stand against the person's limits at `now`.

backcare keeps count; it does not prescribe. The limits are the US over-the-counter
labels' (data/medicines.toml), and whether they apply to the person comes from the
cautions their latest saved check brings in, by the same chain of `withheld_for` and
`rules_out` the check's own screen uses, so the two can never disagree. Where a caution
rules out a medicine's figures, no figure is given: the person asks their pharmacist.
"""

import math
import re
from collections.abc import Sequence
from datetime import datetime, timedelta

from backcare.assessment import Answers, Facts, Item, in_full, select
from backcare.content import Caution, Content, Medicine, Uncounted
from backcare.episode import Dose, Episode
from backcare.errors import InputError
from backcare.language import N_, _, decimal_mark, grouped
from backcare.records import Value

DAY = timedelta(hours=24)
CONFIRM_TABLETS = 10
CONFIRM_MG = 5000
"""An amount above either is far above any single dose: a typo, or an overdose. It is
recorded once the person confirms it (`--yes` in a script), never refused."""
ONE_NSAID = "one-nsaid"
"""The caution that two NSAIDs must never be combined (data/advice.toml)."""
NSAID = "nsaid"
"""What a caution that rules out every anti-inflammatory rules out (nsaid-avoid)."""
ADULT_DOSE = "adult-dose"
"""What a text that gives an adult's figure recommends (see data/medicines.toml)."""
PAIN_RELIEF = "otc-medicine"
"""The first advice item of the pain-relief chain: the check shows it, or the one in its
place that fits the person's conditions."""
TABLET_WORDS = N_("tablet, tablets, pill, pills, caplet, caplets")
"""The words an amount in tablets may use, as the person's language lists them."""
MG_WORDS = ("mg", N_("mg"))

MAX_MG = 100_000
"""No amount above this is a dose a person took: a typo, refused with exit 2."""
MIN_MG = 1
"""Nor is an amount below one mg."""

_AMOUNT = re.compile(r"(?P<n>[-+]?[0-9]+(?:[.,][0-9]+)*)\s*(?P<unit>[^\W\d_]*)")
_THOUSANDS = re.compile(r"[-+]?[1-9][0-9]{0,2}(?P<sep>[.,])[0-9]{3}(?:(?P=sep)[0-9]{3})*")
"""1,000 and 1.000 both mean a thousand, in either language: a comma or a dot followed by
exactly three digits (and groups of three) separates thousands."""
_DECIMAL = re.compile(r"[-+]?[0-9]+(?:[.,][0-9]+)?")


def _figure(text: str, said: str) -> float:
    """The number an amount gives: thousands grouped by ',' or '.', or the language's own
    decimal mark; '0.500' (half a mg, or 500?) and the other language's decimal mark
    ('3,5' in English: 35? 3.5?) are refused as ambiguous."""
    if _THOUSANDS.fullmatch(text):
        return float(re.sub(r"[.,]", "", text))
    ambiguous = _("amount {amount} is ambiguous; give it without a decimal mark (500) or in "
                  "tablets").format(amount=repr(said))
    if re.fullmatch(r"[-+]?0+[.,][0-9]{3}", text):
        raise InputError(ambiguous)
    if not _DECIMAL.fullmatch(text):
        raise InputError(_("amount {amount} is not an amount; give mg (650, 650mg) or tablets "
                           "(2 tablets)").format(amount=repr(said)))
    mark = decimal_mark()
    if ("," if mark == "." else ".") in text:
        raise InputError(ambiguous)
    return float(text.replace(mark, "."))


def mg_said(mg: float) -> str:
    """An amount as the person's language writes it: '4,500', '4.500', '1,104.5'."""
    return grouped(int(mg)) if float(mg).is_integer() else grouped(round(mg, 1))


def every_medicine(content: Content) -> list[Medicine | Uncounted]:
    """The medicines backcare counts, then those it knows by name only."""
    found: list[Medicine | Uncounted] = [*content.medicines]
    found.extend(content.uncounted)
    return found


def all_names(medicine: Medicine | Uncounted) -> list[str]:
    """Every name the medicine is known by: its id (for scripts), then the names a person
    reads."""
    return list(dict.fromkeys([medicine.id, *said_names(medicine)]))


def said_names(medicine: Medicine | Uncounted) -> list[str]:
    """The names of the medicine in the person's language, then those people use."""
    return list(dict.fromkeys([medicine.name, *medicine.names]))


def find_medicine(content: Content, text: str) -> Medicine | Uncounted:
    """The medicine a name means (its id, its name or one people use, in any case), or a
    one-line reason with the names that are close and every name backcare knows. An
    `Uncounted` one is known by name only: it has no limits."""
    wanted = text.strip().casefold()
    for medicine in every_medicine(content):
        if wanted in (n.casefold() for n in all_names(medicine)):
            return medicine
    by_first_word = [m for m in every_medicine(content)
                     if wanted == m.name.split(" ")[0].casefold()]
    if len(by_first_word) == 1:  # its ingredient without its salt: naproxen, naproxeno
        return by_first_word[0]
    import difflib  # only for a name backcare does not know

    known = [n for m in every_medicine(content) for n in said_names(m)]
    close = difflib.get_close_matches(wanted, [n.casefold() for n in known], n=1, cutoff=0.6)
    listed = ", ".join(known)
    if close:
        name = next(n for n in known if n.casefold() == close[0])
        raise InputError(_("{name} is not a medicine backcare counts; did you mean {close}? "
                           "Known: {known}").format(name=repr(text), close=name, known=listed))
    raise InputError(_("{name} is not a medicine backcare counts. Known: {known}").format(
        name=repr(text), known=listed))


def parse_amount(text: str, medicine: Medicine | Uncounted) -> float:
    """mg ('650', '650mg', '650 mg') or tablets of the usual strength ('2 tablets'); more
    than zero. A medicine without a usual strength takes mg only."""
    found = _AMOUNT.fullmatch(text.strip())
    unit = found.group("unit").casefold() if found else ""
    tablets = {w.strip().casefold() for words in (TABLET_WORDS, _(TABLET_WORDS))
               for w in words.split(",") if w.strip()}
    mgs = {w.casefold() for w in MG_WORDS} | {_(w).casefold() for w in MG_WORDS}
    strength = medicine.tablet_mg if isinstance(medicine, Medicine) else None
    if found is not None and unit in tablets and not strength:
        raise InputError(_("backcare has no tablet strength for {medicine}; give the amount "
                           "in mg (325)").format(medicine=medicine.name))
    if found is None or (unit and unit not in tablets | mgs):
        raise InputError(_("amount {amount} is not an amount; give mg (650, 650mg) or tablets "
                           "(2 tablets)").format(amount=repr(text)))
    value = _figure(found.group("n"), text)
    if unit in tablets and strength:
        value *= strength
    if not value > 0 or not math.isfinite(value):
        raise InputError(_("amount {amount} is not more than zero").format(amount=repr(text)))
    if value < MIN_MG:
        raise InputError(_("amount {amount} is less than 1 mg; give the amount in mg "
                           "(650)").format(amount=repr(text)))
    if value > MAX_MG:
        raise InputError(_("amount {amount} is more than {max} mg, more than anyone takes; "
                           "check the amount").format(amount=repr(text),
                                                      max=grouped(MAX_MG)))
    return value


def far_above(mg: float, medicine: Medicine | Uncounted) -> bool:
    """An amount to confirm before it is recorded: more than 10 tablets or 5,000 mg."""
    tablets = medicine.tablet_mg if isinstance(medicine, Medicine) else None
    return mg > CONFIRM_MG or (tablets is not None and mg > CONFIRM_TABLETS * tablets)


class Limits(Value, frozen=True, kw_only=True):
    """What the person's cautions say of the label's figures for one medicine."""

    applies: bool
    """The label's figures are the person's limits; otherwise no figure is shown."""
    ruling: list[Caution] = []
    """The cautions that rule out the medicine or its figures for this person."""
    asking: list[Caution] = []
    """The cautions that say to ask a pharmacist or doctor first."""
    avoid: bool = False
    """A caution rules out the medicine itself (an NSAID; aspirin for a child), not only its
    figures."""
    adult: bool = True
    """An adult's dose may suit the person: no caution rules one out (a child under 12)."""

    @property
    def lower(self) -> bool:
        """A caution makes the person's own limit lower than the label's (acetaminophen with
        liver disease): the label's figure is already too much for them."""
        return bool(self.ruling) and not self.avoid


def medicine_cautions(answers: Answers | None, content: Content) -> list[Caution]:
    """The cautions about medicine the check's screen shows for these answers (each resolved
    by its `withheld_for` chain), whatever the check's level: a saved check's answers with
    the conditions their age gives."""
    if answers is None:
        return []
    facts = Facts(answers=in_full(answers, content), rules=frozenset(), phase="unknown",
                  level="self-care")
    shown = {c.id for c in select(facts, content).cautions}
    return [c for c in content.cautions if c.id in shown and "medicine" in c.about]


def ingredient(medicine: Medicine | Uncounted) -> set[str]:
    """What a caution names the medicine by: what it is recommended as, its ingredient (its
    id: acetaminophen, aspirin), and 'nsaid' for an anti-inflammatory."""
    recommended = medicine.recommends_as if isinstance(medicine, Medicine) else []
    return {*recommended, medicine.id, *([NSAID] if medicine.nsaid else [])}


def gives_label(caution: Caution, medicine: Medicine) -> bool:
    """The caution gives the medicine's label figures to adults (ibuprofen-label, for
    naproxen too): it recommends what the medicine is and an adult's dose."""
    return {*medicine.recommends_as, ADULT_DOSE} <= set(caution.recommends)


def limits_for(medicine: Medicine | Uncounted, cautions: list[Caution]) -> Limits:
    """The label's figures are the person's limits where the check's screen shows them the
    caution that gives those figures, and no caution rules them out; with no saved check
    (no cautions: a check always shows one about medicine) they are the label's. A medicine
    backcare keeps no figures for (aspirin) has none, but its cautions still rule it out."""
    own = {*ingredient(medicine), ADULT_DOSE}
    ruling = [c for c in cautions if own & set(c.rules_out)]
    asking = [c for c in cautions if ingredient(medicine) & set(c.asks_first)]
    itself = {medicine.id, *([NSAID] if medicine.nsaid else [])}
    avoid = any(itself & set(c.rules_out) for c in ruling)
    adult = not any(ADULT_DOSE in c.rules_out for c in cautions)
    if not isinstance(medicine, Medicine):
        return Limits(applies=False, ruling=ruling, asking=asking, avoid=avoid, adult=adult)
    label_shown = not cautions or any(gives_label(c, medicine) for c in cautions)
    return Limits(applies=label_shown and not ruling, ruling=ruling, asking=asking,
                  avoid=avoid, adult=adult)


def person_answers(episode: Episode, episodes: Sequence[Episode] = ()) -> Answers | None:
    """The answers of the episode's latest saved check, or before it has one, of the log's
    latest (`episodes`): the same person, whose doses already count across episodes."""
    own = episode.latest_check
    if own is not None:
        return own.answers
    checks = [c for e in episodes if (c := e.latest_check) is not None]
    return max(checks, key=lambda c: c.assessed_at).answers if checks else None


def child_age(answers: Answers | None, content: Content) -> int | None:
    """The age a child's doses are counted for: the age given, or the youngest the
    conditions allow (a child 'under 12' of no given age is counted as the youngest)."""
    if answers is None:
        return None
    if answers.age is not None:
        return answers.age
    ages = content.age_range(in_full(answers, content).conditions)
    return ages[0] if ages is not None else None


def child_dose_mg(medicine: Medicine, age: int | None) -> int | None:
    """The children's label's dose for a child of `age`; None where it gives none (under
    2: ask a doctor; naproxen: under 12, ask a doctor)."""
    return next((band.mg for band in medicine.child_doses
                 if age is not None and band.age_from <= age < band.age_under), None)


def in_last_day(doses: list[Dose], medicine_id: str, now: datetime) -> list[Dose]:
    return [d for d in doses if d.medicine == medicine_id and now - DAY < d.at <= now]


def total_in_day(doses: list[Dose], medicine_id: str, now: datetime) -> float:
    """The mg of the medicine taken in the 24 hours up to `now`."""
    return sum(d.mg for d in in_last_day(doses, medicine_id, now))


def starts_course(doses: list[Dose], medicine: Medicine, dose: Dose) -> bool:
    """No other dose of the medicine in the 24 hours before `dose`: a course's first dose."""
    return not any(dose.at - DAY <= d.at < dose.at for d in doses
                   if d.medicine == medicine.id and d is not dose)


def in_first_dose(doses: list[Dose], medicine: Medicine, dose: Dose) -> bool:
    """`dose` is a later part of a course's first dose: taken within `first_dose_minutes` of
    a dose that starts a course, for a medicine whose first dose may be larger (naproxen's
    second tablet within the first hour)."""
    if medicine.first_dose_max_mg is None:
        return False
    within = timedelta(minutes=medicine.first_dose_minutes)
    return any(d.at < dose.at <= d.at + within and starts_course(doses, medicine, d)
               for d in doses if d.medicine == medicine.id and d is not dose)


class OneTime(Value, frozen=True, kw_only=True):
    """Doses close together, against what the label allows over that time."""

    mg: float = 0.0
    limit: int
    """The label's most a dose (`first_dose_max_mg` for a course's first dose), or in any
    `window_hours`."""
    hours: float = 0.0
    """How long the doses were spread over; 0 for a single dose."""
    window: bool = False
    """The limit is the most in any `hours` (naproxen's 2 tablets in 12 hours), not a dose."""

    @property
    def over(self) -> bool:
        return self.mg > self.limit


def at_one_time(doses: list[Dose], medicine: Medicine, moment: datetime) -> OneTime:
    """Of the doses that hold `moment`, those most over the label: within one shortest
    interval (`interval_hours`) doses count as one dose, of which only a course's first may
    be `first_dose_max_mg`; and within `window_hours`, no more than `window_max_mg`."""
    mine = [d for d in doses if d.medicine == medicine.id]
    found = [OneTime(limit=medicine.per_dose_max_mg)]
    spans = [(timedelta(hours=medicine.interval_hours), False)]
    if medicine.window_max_mg is not None and medicine.window_hours is not None:
        spans.append((timedelta(hours=medicine.window_hours), True))
    for gap, window in spans:
        for start in mine:
            if not moment - gap < start.at <= moment or (
                    not window and in_first_dose(mine, medicine, start)):
                continue
            limit = medicine.per_dose_max_mg
            if window and medicine.window_max_mg is not None:
                limit = medicine.window_max_mg
            elif medicine.first_dose_max_mg is not None and starts_course(mine, medicine,
                                                                          start):
                limit = medicine.first_dose_max_mg
            held = [d for d in mine if start.at <= d.at < start.at + gap]
            spread = max(d.at for d in held) - start.at
            found.append(OneTime(mg=sum(d.mg for d in held), limit=limit,
                                 hours=round(spread / timedelta(hours=1), 1), window=window))
    return max(found, key=lambda t: (t.mg - t.limit, t.mg))


def worst_day(doses: list[Dose], medicine_id: str, ends: list[datetime]
              ) -> tuple[float, datetime]:
    """The largest total of the medicine in the 24 hours up to any of `ends`, and when those
    24 hours end; the first of `ends` where totals are equal."""
    return max(((total_in_day(doses, medicine_id, end), end) for end in ends),
               key=lambda found: found[0])


def doses_in_day(doses: list[Dose], medicine_id: str, ends: list[datetime]) -> int:
    """The most doses of the medicine in the 24 hours up to any of `ends`."""
    return max(len(in_last_day(doses, medicine_id, end)) for end in ends)


def gap_after(doses: list[Dose], medicine: Medicine, dose: Dose) -> timedelta:
    """The label's shortest time after `dose` before the next: longer after a large dose
    (acetaminophen over 650 mg, counting the doses just before it: every 6 hours)."""
    above = medicine.longer_interval_above_mg
    if above is not None and at_one_time([d for d in doses if d.at <= dose.at], medicine,
                                         dose.at).mg > above:
        return timedelta(hours=medicine.interval_hours_max)
    return timedelta(hours=medicine.interval_hours)


def too_soon(doses: list[Dose], medicine: Medicine, dose: Dose) -> tuple[Dose, float] | None:
    """The nearest other dose of the medicine taken less than the label's shortest time
    between them before or after `dose`, and that time in hours; leaving out the parts of
    a course's larger first dose."""
    mine = [d for d in doses if d.medicine == medicine.id]
    near = []
    for other in mine:
        if other is dose:
            continue
        first, then = sorted((other, dose), key=lambda d: d.at)
        gap = gap_after(mine, medicine, first)
        if then.at - first.at < gap and not in_first_dose(mine, medicine, then):
            near.append((other, gap / timedelta(hours=1)))
    return min(near, key=lambda found: abs(found[0].at - dose.at), default=None)


def next_allowed(doses: list[Dose], medicine: Medicine) -> datetime | None:
    """The earliest moment the label allows another usual dose: the shortest time after
    the last dose, and no sooner than the 24-hour total, and the label's window (naproxen's
    2 tablets in 12 hours), leave room for one. None before any dose."""
    mine = sorted((d for d in doses if d.medicine == medicine.id), key=lambda d: d.at)
    if not mine:
        return None
    earliest = mine[-1].at + gap_after(mine, medicine, mine[-1])
    window = (timedelta(hours=medicine.window_hours) if medicine.window_hours is not None
              else None)
    candidates = sorted({earliest, *(d.at + DAY for d in mine if d.at + DAY > earliest),
                         *(d.at + window for d in mine
                           if window is not None and d.at + window > earliest)})
    for moment in candidates:
        in_window = sum(d.mg for d in mine if window is not None and moment - window < d.at)
        if (total_in_day(mine, medicine.id, moment) + medicine.dose_mg
                <= medicine.max_daily_mg) and (
                medicine.window_max_mg is None
                or in_window + medicine.dose_mg <= medicine.window_max_mg):
            return moment
    return candidates[-1]  # every dose has left the window by the last of them


def days_used(doses: list[Dose], medicine_id: str, now: datetime) -> int:
    """Days of use, counted as 24-hour days from the first dose to `now` (the first is day 1)."""
    first = min((d.at for d in doses if d.medicine == medicine_id), default=None)
    if first is None:
        return 0
    return int(max(now - first, timedelta()) / DAY) + 1


def acts_for(earlier: Medicine | Uncounted, later: Medicine | Uncounted) -> timedelta:
    """How long after a dose of the `earlier` NSAID the `later` must wait: the earlier's
    longest interval (`interval_hours_max`: ibuprofen 6 hours, naproxen 12), while it may
    still act; for one without label figures (aspirin), the later's."""
    lasts = [m.interval_hours_max for m in (earlier, later) if isinstance(m, Medicine)]
    return timedelta(hours=lasts[0] if lasts else 0)


def other_nsaid(doses: list[Dose], dose: Dose, content: Content) -> Dose | None:
    """The latest dose of another NSAID taken while it or `dose` may still act on the
    other: two NSAIDs must never be combined."""
    by_id = {m.id: m for m in every_medicine(content)}
    mine = by_id.get(dose.medicine)
    if mine is None or not mine.nsaid:
        return None
    for other in sorted(doses, key=lambda d: d.at, reverse=True):
        theirs = by_id.get(other.medicine)
        if theirs is None or not theirs.nsaid or other.medicine == dose.medicine:
            continue
        earlier, later = (theirs, mine) if other.at <= dose.at else (mine, theirs)
        if abs(dose.at - other.at) < acts_for(earlier, later):
            return other
    return None


def nsaid_hold(doses: list[Dose], medicine: Medicine, content: Content, now: datetime
               ) -> tuple[Dose, datetime] | None:
    """The dose of another NSAID that may still act at `now`, and when it stops: no dose of
    `medicine` before then. None for a medicine that is not an NSAID."""
    if not medicine.nsaid:
        return None
    by_id = {m.id: m for m in every_medicine(content)}
    acting = [(d, d.at + acts_for(by_id[d.medicine], medicine)) for d in doses
              if d.medicine != medicine.id and d.medicine in by_id
              and by_id[d.medicine].nsaid and d.at <= now]
    return max(((d, until) for d, until in acting if until > now), key=lambda f: f[1],
               default=None)


class Standing(Value, frozen=True, kw_only=True):
    """Where one medicine stands at `now`."""

    medicine: Medicine
    limits: Limits
    total_mg: float
    """In the 24 hours up to `now`."""
    last: Dose | None
    next_at: datetime | None
    """The earliest next dose by the label, after any other NSAID stops acting; None with no
    dose, or where no figure applies."""
    days: int
    over_daily: bool
    """More than the label allows anyone in 24 hours, in any 24 hours that ended in the
    last 48 hours (so a dose recorded late, and a day's overdose, still show)."""
    day_mg: float = 0.0
    """The most in any of those 24 hours; `total_mg` when it is the last 24 hours."""
    day_end: datetime | None = None
    """When those 24 hours ended: `now` for the last 24 hours."""
    one_time: OneTime
    """The doses close together, in the last 24 hours, most over what the label allows."""
    age: int | None = None
    """A child's age, where the person's cautions rule out an adult's dose (under 12)."""
    child_doses: int = 0
    """The most doses in any of those 24 hours."""
    other_nsaid: Dose | None = None
    """A dose of another NSAID taken while this one may still act, or this one while it
    may: shown while either may still act."""
    held_by: Dose | None = None
    """A dose of another NSAID that may still act at `now`: the next dose waits for it."""

    @property
    def over_dose(self) -> bool:
        """More at one time, or in the label's window, than the label allows anyone."""
        return self.one_time.over

    @property
    def child(self) -> bool:
        return not self.limits.adult

    @property
    def child_dose_mg(self) -> int | None:
        """The children's label's dose for the child's age; None for an adult, or where
        the label gives none."""
        return child_dose_mg(self.medicine, self.age) if self.child else None

    @property
    def child_dose(self) -> bool:
        """A child under 12 took more at one time than a children's label gives their age,
        or any dose where it gives none."""
        most = self.child_dose_mg
        return self.child and self.one_time.mg > (most or 0) and self.total_mg > 0

    @property
    def child_daily_mg(self) -> int | None:
        """The most a children's label allows the child in 24 hours."""
        most, doses = self.child_dose_mg, self.medicine.child_max_doses
        return most * doses if most is not None and doses is not None else None

    @property
    def child_count(self) -> bool:
        """A child under 12 took more in 24 hours than a children's label allows: more doses,
        or more mg than that many of their age's dose."""
        if not self.child:
            return False
        doses, daily = self.medicine.child_max_doses, self.child_daily_mg
        return ((doses is not None and self.child_doses > doses)
                or (daily is not None and self.day_mg > daily))

    @property
    def at_lower_limit(self) -> bool:
        """A caution lowers the person's limit, and they have taken what the label allows
        any adult in 24 hours."""
        return (self.limits.lower and not self.child
                and self.day_mg >= self.medicine.max_daily_mg and not self.over_daily)

    @property
    def ruled_out(self) -> bool:
        """A caution rules the medicine out, and it was taken in the last 24 hours."""
        return self.limits.avoid and self.total_mg > 0

    @property
    def max_daily_mg(self) -> int | None:
        """The person's 24-hour limit; None where their cautions give no figure."""
        return self.medicine.max_daily_mg if self.limits.applies else None

    def allowed_now(self, now: datetime) -> bool | None:
        """Whether the label allows another dose now; None where no figure applies, and
        never while a warning stands."""
        if not self.limits.applies:
            return None
        return not self.warned and (self.next_at is None or self.next_at <= now)

    @property
    def over(self) -> bool:
        """Over a limit, or taken against a caution: the dose command exits 11."""
        return (self.over_daily or self.over_dose or self.child_dose or self.child_count
                or self.at_lower_limit or self.ruled_out)

    @property
    def label_overdose(self) -> bool:
        """Over a limit where the label says to get medical help at once: far more than one
        dose of anything, or a day over the maximum (a child's label's too) of a medicine
        that `routes_overdose` (acetaminophen). Not twice an NSAID's day: a doctor may
        prescribe that much."""
        return (far_above(self.one_time.mg, self.medicine)
                or (self.medicine.routes_overdose and (self.over_daily or self.child_count)))

    @property
    def warned(self) -> bool:
        """A warning stands: over a limit, or taken with another NSAID."""
        return self.over or self.other_nsaid is not None

    @property
    def max_days(self) -> int | None:
        """The label's days of use before asking a doctor, for anyone 12 or over, whatever
        their cautions (it only ever sends them to a doctor sooner); None for a child."""
        return None if self.child else self.medicine.max_days

    @property
    def too_long(self) -> bool:
        return self.max_days is not None and self.days > self.max_days


def standing(doses: list[Dose], medicine: Medicine, cautions: list[Caution],
             now: datetime, content: Content, moment: datetime | None = None,
             age: int | None = None) -> Standing:
    """Where the medicine stands at `now` for a person with `cautions` (and a child's
    `age`). Every interval and 24 hours that hold a dose of the last 24 hours count, and
    those that hold `moment` (a dose just recorded, perhaps late), not only those up to
    `now`."""
    everyone = [d for d in doses if d.at <= now]
    mine = [d for d in everyone if d.medicine == medicine.id]
    last = max(mine, key=lambda d: (d.at, d.recorded_at or d.at), default=None)
    limits = limits_for(medicine, cautions)
    recent = [d for d in mine if now - DAY < d.at or d.at == moment]
    later = [d.at for d in mine if moment is not None and moment < d.at < moment + DAY]
    # every 24 hours that ended in the last 48, so that a day's overdose is said (and no
    # next dose offered) for 48 hours after its last dose: when harm to the liver shows
    ends = [now, *(d.at for d in mine if now - 2 * DAY < d.at < now),
            *(d.at for d in recent if d.at < now), *later]
    one_time = max((at_one_time(mine, medicine, d.at) for d in recent),
                   key=lambda t: (t.mg - t.limit, t.mg),
                   default=OneTime(limit=medicine.per_dose_max_mg))
    day_mg, day_end = worst_day(mine, medicine.id, ends)
    hold = nsaid_hold(everyone, medicine, content, now)
    mixing = [d for d in recent if d.at == moment or hold is not None]
    other = next((o for d in mixing if (o := other_nsaid(everyone, d, content))), None)
    next_at = next_allowed(mine, medicine) if limits.applies else None
    if next_at is not None and hold is not None:
        next_at = max(next_at, hold[1])
    return Standing(medicine=medicine, limits=limits, total_mg=total_in_day(mine, medicine.id,
                                                                             now),
                    last=last, next_at=next_at, days=days_used(mine, medicine.id, now),
                    over_daily=day_mg > medicine.max_daily_mg, day_mg=day_mg,
                    day_end=day_end, one_time=one_time,
                    age=None if limits.adult else age,
                    child_doses=doses_in_day(mine, medicine.id, ends), other_nsaid=other,
                    held_by=hold[0] if hold is not None else None)


def elsewhere(episodes: list[Episode], episode: Episode, now: datetime) -> list[Dose]:
    """The doses of the log's other episodes that still count at `now` (the state file
    keeps them: archive.compact): a medicine's 24 hours do not start again with a new
    episode."""
    return [d for e in episodes if e.id != episode.id for d in e.doses
            if now - 3 * DAY < d.at <= now]


def standings(episode: Episode, content: Content, now: datetime,
              answers: Answers | None = None, earlier: list[Dose] | None = None,
              episodes: Sequence[Episode] = ()) -> list[Standing]:
    """Each medicine the episode has doses of (or `earlier`, another episode's, has in the
    last 24 hours), in the order of data/medicines.toml; the limits for `answers`, by
    default the latest saved check's (of the log's `episodes` before the episode has one)."""
    person = answers or person_answers(episode, episodes)
    cautions = medicine_cautions(person, content)
    doses = [*(earlier or []), *episode.doses]
    return [standing(doses, m, cautions, now, content, age=child_age(person, content))
            for m in content.medicines if m.id in _taken(episode, earlier, now)]


def _taken(episode: Episode, earlier: list[Dose] | None, now: datetime) -> set[str]:
    return {d.medicine for d in episode.doses} | {
        d.medicine for d in earlier or [] if now - DAY < d.at <= now}


class NameOnly(Value, frozen=True, kw_only=True):
    """Where a medicine backcare keeps no figures for (aspirin) stands at `now`."""

    medicine: Uncounted
    limits: Limits
    total_mg: float
    last: Dose | None
    other_nsaid: Dose | None = None

    most_mg: float = 0.0
    """The most taken in any 24 hours that held a dose of the last 24 hours."""

    @property
    def ruled_out(self) -> bool:
        """A caution rules it out, and it was taken in the last 24 hours."""
        return self.limits.avoid and self.total_mg > 0

    @property
    def label_overdose(self) -> bool:
        """Far more than any one dose, in 24 hours: get medical help."""
        return far_above(self.most_mg, self.medicine)

    @property
    def warned(self) -> bool:
        """Against a caution, far too much, or beside another NSAID: `dose` exits 11."""
        return self.ruled_out or self.label_overdose or self.other_nsaid is not None


def by_name_only(episode: Episode, content: Content, now: datetime,
                 answers: Answers | None = None, earlier: list[Dose] | None = None,
                 episodes: Sequence[Episode] = ()) -> list[NameOnly]:
    """As `standings`, for the medicines backcare knows by name only."""
    cautions = medicine_cautions(answers or person_answers(episode, episodes), content)
    doses = [*(earlier or []), *episode.doses]
    return [name_only(doses, medicine, cautions, now, content)
            for medicine in content.uncounted if medicine.id in _taken(episode, earlier, now)]


def name_only(doses: list[Dose], medicine: Uncounted, cautions: list[Caution],
              now: datetime, content: Content, moment: datetime | None = None) -> NameOnly:
    """Where a medicine known by name only stands at `now`, counting the 24 hours that
    hold `moment` (a dose just recorded) too."""
    everyone = [d for d in doses if d.at <= now]
    mine = [d for d in everyone if d.medicine == medicine.id]
    recent = [d for d in mine if now - DAY < d.at or d.at == moment]
    return NameOnly(
        medicine=medicine, limits=limits_for(medicine, cautions),
        total_mg=total_in_day(mine, medicine.id, now),
        last=max(mine, key=lambda d: d.at, default=None),
        most_mg=max((total_in_day(mine, medicine.id, end)
                     for end in [now, *(d.at for d in recent)]), default=0.0),
        other_nsaid=next((o for d in recent if (o := other_nsaid(everyone, d, content))),
                         None))


def log_overdose(episode: Episode, content: Content, now: datetime,
                 answers: Answers | None = None, earlier: list[Dose] | None = None,
                 episodes: Sequence[Episode] = ()) -> bool:
    """The dose log holds an overdose its label says needs medical help at once, for the
    rule with `dose_over_label`: of a medicine with figures, or far more than one dose of
    one without (aspirin). Not once a clinician has seen the person after its last dose
    (`backcare seen`, after calling Poison Control)."""
    seen = max((s.at for s in episode.seen), default=None)
    if seen is not None and all(d.at <= seen for d in [*(earlier or []), *episode.doses]):
        return False
    found: list[Standing | NameOnly] = [
        *standings(episode, content, now, answers, earlier, episodes),
        *by_name_only(episode, content, now, answers, earlier, episodes)]
    return any(s.label_overdose for s in found)


def medicine_named(content: Content, medicine_id: str) -> str:
    """A medicine's name by its id; the id itself for one no longer in the data."""
    return next((m.name for m in every_medicine(content)
                 if m.id == medicine_id), medicine_id)


def pain_relief_chain(content: Content) -> list[str]:
    """The ids of the pain-relief advice: the first item and each shown in its place."""
    chain: list[str] = []
    current: str | None = PAIN_RELIEF
    by_id = {a.id: a for a in content.advice}
    while current is not None and current in by_id and current not in chain:
        chain.append(current)
        current = by_id[current].instead
    return chain


def pain_relief_item(content: Content, answers: Answers | None) -> Item | None:
    """The pain-relief advice the check shows these answers (the alternative to a medicine
    their cautions rule out), if it shows one."""
    if answers is None:
        return None
    facts = Facts(answers=in_full(answers, content), rules=frozenset(), phase="unknown",
                  level="self-care")
    chain = pain_relief_chain(content)
    shown = [i for g in select(facts, content).advice for i in g.items]
    return next((i for i in shown if i.id in chain), None)
