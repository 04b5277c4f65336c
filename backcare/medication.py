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
from datetime import datetime, timedelta

from backcare.assessment import Answers, Facts, Item, in_full, select
from backcare.content import Caution, Content, Medicine, Uncounted
from backcare.episode import Dose, Episode
from backcare.errors import InputError
from backcare.language import N_, _, grouped, number
from backcare.records import Value

DAY = timedelta(hours=24)
CONFIRM_TABLETS = 10
CONFIRM_MG = 5000
"""An amount above either is far above any single dose: a typo, or an overdose. It is
recorded once the person confirms it (`--yes` in a script), never refused."""
NSAID = "nsaid"
"""What a caution that rules out every anti-inflammatory rules out (nsaid-avoid)."""
ADULT_DOSE = "adult-dose"
"""What a text that gives an adult's figure recommends (see data/medicines.toml)."""
PAIN_RELIEF = "otc-medicine"
"""The first advice item of the pain-relief chain: the check shows it, or the one in its
place that fits the person's conditions."""
TABLET_WORDS = (N_("tablet"), N_("tablets"))
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
    """The number an amount gives: thousands grouped by ',' or '.', or one decimal mark;
    '0.500' (half a mg, or 500?) is refused as ambiguous."""
    if _THOUSANDS.fullmatch(text):
        return float(re.sub(r"[.,]", "", text))
    if re.fullmatch(r"[-+]?0+[.,][0-9]{3}", text):
        raise InputError(_("amount {amount} is ambiguous; give it without a decimal mark "
                           "(500) or in tablets").format(amount=repr(said)))
    if not _DECIMAL.fullmatch(text):
        raise InputError(_("amount {amount} is not an amount; give mg (650, 650mg) or tablets "
                           "(2 tablets)").format(amount=repr(said)))
    return float(text.replace(",", "."))


def mg_said(mg: float) -> str:
    """An amount as the person's language writes it: '4,500', '4.500', '62.5'."""
    return grouped(int(mg)) if float(mg).is_integer() else number(mg, 1)


def every_medicine(content: Content) -> list[Medicine | Uncounted]:
    """The medicines backcare counts, then those it knows by name only."""
    found: list[Medicine | Uncounted] = [*content.medicines]
    found.extend(content.uncounted)
    return found


def all_names(medicine: Medicine | Uncounted) -> list[str]:
    return list(dict.fromkeys([medicine.id, medicine.name, *medicine.names]))


def find_medicine(content: Content, text: str) -> Medicine | Uncounted:
    """The medicine a name means (its id, its name or one people use, in any case), or a
    one-line reason with the names that are close and every name backcare knows. An
    `Uncounted` one is known by name only: it has no limits."""
    wanted = text.strip().casefold()
    for medicine in every_medicine(content):
        if wanted in (n.casefold() for n in all_names(medicine)):
            return medicine
    import difflib  # only for a name backcare does not know

    known = [n for m in every_medicine(content) for n in all_names(m)]
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
    tablets = {w.casefold() for w in TABLET_WORDS} | {_(w).casefold() for w in TABLET_WORDS}
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
    """A caution rules out the medicine itself (an NSAID), not only its figures."""
    adult: bool = True
    """The label's adult doses may apply: no caution rules out an adult's dose (a child)."""


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


def ingredient(medicine: Medicine) -> set[str]:
    """What a caution names the medicine by: what it is recommended as, its ingredient (its
    id: acetaminophen), and 'nsaid' for an anti-inflammatory."""
    return {*medicine.recommends_as, medicine.id, *([NSAID] if medicine.nsaid else [])}


def gives_label(caution: Caution, medicine: Medicine) -> bool:
    """The caution gives the medicine's label figures to adults (ibuprofen-label, for
    naproxen too): it recommends what the medicine is and an adult's dose."""
    return {*medicine.recommends_as, ADULT_DOSE} <= set(caution.recommends)


def limits_for(medicine: Medicine, cautions: list[Caution]) -> Limits:
    """The label's figures are the person's limits where the check's screen shows them the
    caution that gives those figures, and no caution rules them out; with no saved check
    (no cautions: a check always shows one about medicine) they are the label's."""
    own = {*ingredient(medicine), ADULT_DOSE}
    ruling = [c for c in cautions if own & set(c.rules_out)]
    label_shown = not cautions or any(gives_label(c, medicine) for c in cautions)
    asking = [c for c in cautions if ingredient(medicine) & set(c.asks_first)]
    avoid = medicine.nsaid and any(NSAID in c.rules_out for c in ruling)
    adult = not any(ADULT_DOSE in c.rules_out for c in cautions)
    return Limits(applies=label_shown and not ruling, ruling=ruling, asking=asking,
                  avoid=avoid, adult=adult)


def person_answers(episode: Episode) -> Answers | None:
    """The answers of the episode's latest saved check: what the limits are worked out from."""
    check = episode.latest_check
    return check.answers if check is not None else None


def in_last_day(doses: list[Dose], medicine_id: str, now: datetime) -> list[Dose]:
    return [d for d in doses if d.medicine == medicine_id and now - DAY < d.at <= now]


def total_in_day(doses: list[Dose], medicine_id: str, now: datetime) -> float:
    """The mg of the medicine taken in the 24 hours up to `now`."""
    return sum(d.mg for d in in_last_day(doses, medicine_id, now))


def at_one_time(doses: list[Dose], medicine: Medicine, moment: datetime) -> float:
    """The most mg of the medicine taken within one shortest interval (`interval_hours`)
    that holds `moment`: doses closer together than that count as one dose."""
    gap = timedelta(hours=medicine.interval_hours)
    mine = [d for d in doses if d.medicine == medicine.id]
    starts = [d.at for d in mine if moment - gap < d.at <= moment]
    return max((sum(d.mg for d in mine if start <= d.at < start + gap) for start in starts),
               default=0.0)


def worst_day(doses: list[Dose], medicine_id: str, moment: datetime
              ) -> tuple[float, datetime]:
    """The largest total of the medicine in any 24 hours that hold `moment`, and when those
    24 hours end: a dose recorded late (back-dated) counts in the days after it as well as
    at its own time."""
    ends = [moment, *(d.at for d in doses
                      if d.medicine == medicine_id and moment < d.at < moment + DAY)]
    return max(((total_in_day(doses, medicine_id, end), end) for end in ends),
               key=lambda found: found[0])


def too_soon(doses: list[Dose], medicine: Medicine, dose: Dose) -> Dose | None:
    """The nearest other dose of the medicine taken less than its shortest interval before
    or after `dose`."""
    gap = timedelta(hours=medicine.interval_hours)
    near = [d for d in doses if d.medicine == medicine.id and d is not dose
            and abs(d.at - dose.at) < gap]
    return min(near, key=lambda d: abs(d.at - dose.at), default=None)


def next_allowed(doses: list[Dose], medicine: Medicine) -> datetime | None:
    """The earliest moment the label allows another usual dose: the shortest interval after
    the last dose, and no sooner than the 24-hour total leaves room for one. None before
    any dose."""
    taken = sorted(d.at for d in doses if d.medicine == medicine.id)
    if not taken:
        return None
    earliest = taken[-1] + timedelta(hours=medicine.interval_hours)
    candidates = sorted({earliest, *(t + DAY for t in taken if t + DAY > earliest)})
    for moment in candidates:
        if total_in_day(doses, medicine.id, moment) + medicine.dose_mg <= medicine.max_daily_mg:
            return moment
    return candidates[-1]  # every dose has left the window by the last of them


def days_used(doses: list[Dose], medicine_id: str, now: datetime) -> int:
    """Days of use, counted as 24-hour days from the first dose to `now` (the first is day 1)."""
    first = min((d.at for d in doses if d.medicine == medicine_id), default=None)
    if first is None:
        return 0
    return int(max(now - first, timedelta()) / DAY) + 1


def other_nsaid(doses: list[Dose], dose: Dose, content: Content) -> Dose | None:
    """Another NSAID taken within the longer of the two medicines' longest intervals
    (`interval_hours_max`: naproxen's 12 hours), while either may still act: two NSAIDs
    must never be combined."""
    by_id = {m.id: m for m in every_medicine(content)}
    mine = by_id.get(dose.medicine)
    if mine is None or not mine.nsaid:
        return None
    for other in sorted(doses, key=lambda d: d.at, reverse=True):
        theirs = by_id.get(other.medicine)
        if theirs is None or not theirs.nsaid or other.medicine == dose.medicine:
            continue
        # one without label figures (aspirin): the other's
        lasts = [m.interval_hours_max for m in (mine, theirs) if isinstance(m, Medicine)]
        if lasts and abs(dose.at - other.at) < timedelta(hours=max(lasts)):
            return other
    return None


class Standing(Value, frozen=True, kw_only=True):
    """Where one medicine stands at `now`."""

    medicine: Medicine
    limits: Limits
    total_mg: float
    """In the 24 hours up to `now`."""
    last: Dose | None
    next_at: datetime | None
    """The earliest next dose by the label; None with no dose, or where no figure applies."""
    days: int
    over_daily: bool
    """More than the label allows any adult in 24 hours, in any 24 hours that ended in the
    last 24 hours (so a dose recorded late still shows)."""
    day_mg: float = 0.0
    """The most in any of those 24 hours; `total_mg` when it is the last 24 hours."""
    day_end: datetime | None = None
    """When those 24 hours ended: `now` for the last 24 hours."""
    over_dose: bool
    """Doses within one shortest interval, in the last 24 hours, come to more than the
    label allows at one time."""
    one_time_mg: float = 0.0
    """The most taken within one shortest interval in the last 24 hours."""
    child_dose: bool = False
    """The person's cautions rule out an adult's dose, and one was taken in the last 24
    hours (the label's usual dose or more within one shortest interval)."""

    @property
    def max_daily_mg(self) -> int | None:
        """The person's 24-hour limit; None where their cautions give no figure."""
        return self.medicine.max_daily_mg if self.limits.applies else None

    def allowed_now(self, now: datetime) -> bool | None:
        """Whether the label allows another dose now; None where no figure applies, and
        never after an overdose in the last 24 hours (get medical help first)."""
        if not self.limits.applies:
            return None
        return not self.over and (self.next_at is None or self.next_at <= now)

    @property
    def over(self) -> bool:
        return self.over_daily or self.over_dose or self.child_dose

    @property
    def max_days(self) -> int | None:
        """The label's days of use before asking a doctor; None where the person's
        cautions give no figure."""
        return self.medicine.max_days if self.limits.applies else None

    @property
    def too_long(self) -> bool:
        return self.max_days is not None and self.days > self.max_days


def standing(doses: list[Dose], medicine: Medicine, cautions: list[Caution],
             now: datetime) -> Standing:
    mine = [d for d in doses if d.medicine == medicine.id and d.at <= now]
    last = max(mine, key=lambda d: (d.at, d.recorded_at or d.at), default=None)
    limits = limits_for(medicine, cautions)
    total = total_in_day(mine, medicine.id, now)
    one_time = max((at_one_time(mine, medicine, d.at) for d in mine if now - DAY < d.at),
                   default=0.0)
    day_mg, day_end = max([(total_in_day(mine, medicine.id, end), end) for end in
                           [now, *(d.at for d in mine if now - DAY < d.at < now)]],
                          key=lambda found: found[0])
    return Standing(medicine=medicine, limits=limits, total_mg=total, last=last,
                    next_at=next_allowed(mine, medicine) if limits.applies else None,
                    days=days_used(mine, medicine.id, now),
                    over_daily=day_mg > medicine.max_daily_mg, day_mg=day_mg,
                    day_end=day_end, over_dose=one_time > medicine.per_dose_max_mg,
                    one_time_mg=one_time,
                    child_dose=not limits.adult and one_time >= medicine.dose_mg)


def elsewhere(episodes: list[Episode], episode: Episode, now: datetime) -> list[Dose]:
    """The doses of the log's other episodes (the one ended last) that still count at
    `now`: a medicine's 24 hours do not start again with a new episode."""
    return [d for e in episodes if e.id != episode.id for d in e.doses
            if now - 2 * DAY < d.at <= now]


def standings(episode: Episode, content: Content, now: datetime,
              answers: Answers | None = None, earlier: list[Dose] | None = None
              ) -> list[Standing]:
    """Each medicine the episode has doses of (or `earlier`, another episode's, has in the
    last 24 hours), in the order of data/medicines.toml; the limits for `answers`, by
    default the latest saved check's."""
    cautions = medicine_cautions(answers or person_answers(episode), content)
    doses = [*(earlier or []), *episode.doses]
    taken = {d.medicine for d in episode.doses} | {
        d.medicine for d in earlier or [] if now - DAY < d.at <= now}
    return [standing(doses, m, cautions, now) for m in content.medicines if m.id in taken]


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
