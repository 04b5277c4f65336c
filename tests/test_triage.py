"""The pure assessment core: `backcare.assess(answers, now)`.

Triage levels, the reasons behind them, tiered advice, cautions and the
ice-then-heat window. Every expectation is read from the shipped content
(data/*.toml), so the tests follow the data rather than copies of it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import backcare
from backcare import Answers, assess
from backcare.assessment import fired_rules
from backcare.content import Content
from backcare.errors import InputError
from backcare.loader import load_content
from backcare.records import replace

CONTENT: Content = load_content()
NOW = datetime(2026, 3, 8, 14, 30, tzinfo=UTC)

# Highest last; written out here, not imported, so the order is checked against the issue.
ORDER = ["self-care", "soon", "urgent", "emergency"]

REQUIRED_EMERGENCY = ["bladder-bowel", "saddle-numbness", "both-legs", "progressive-weakness",
                      "major-trauma", "chest-pain", "tearing-pain", "walking-difficulty",
                      "belly-pulsing"]
REQUIRED_URGENT = ["fever", "cancer-history", "weight-loss", "suspected-fracture",
                   "immunosuppressed", "night-pain", "cough-sneeze", "foot-drop", "labour-signs"]
SOON_SYMPTOMS = ["leg-radiation", "numbness", "weakness", "not-improving", "recurrent"]
PLAIN_SYMPTOMS = ["spasm", "sharp-pain", "stiffness"]

RED_FLAGS = {r.id: r for r in CONTENT.red_flags}
EMERGENCY_FLAGS = [r.id for r in CONTENT.red_flags if r.level == "emergency"]
SYMPTOMS = [s.id for s in CONTENT.symptoms]
TRIGGERS = [t.id for t in CONTENT.triggers]
CONDITIONS = [c.id for c in CONTENT.conditions]
WINDOW = CONTENT.window
SEVERE = CONTENT.rule("severe-pain").pain_at_least or 0
CHRONIC = timedelta(days=CONTENT.rule("long-episode").days_at_least or 0)

PROPERTY = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def rank(level: str) -> int:
    return ORDER.index(level)


def level_of(**answers: Any) -> str:
    answers.setdefault("red_flags", [])
    return assess(Answers(**answers), NOW).triage.level


def reason_ids(result: backcare.Assessment) -> list[str]:
    return [r.id for r in result.triage.reasons]


def tiers(result: backcare.Assessment) -> list[str]:
    return [g.tier for g in result.advice]


def advice_ids(result: backcare.Assessment, tier: str | None = None) -> set[str]:
    return {i.id for g in result.advice if tier in (None, g.tier) for i in g.items}


def caution_ids(result: backcare.Assessment) -> set[str]:
    return {c.id for c in result.cautions}


# ------------------------------------------------------------------ the ids


def test_required_red_flags_exist_with_their_levels() -> None:
    for flag_id in REQUIRED_EMERGENCY:
        assert RED_FLAGS[flag_id].level == "emergency", flag_id
    for flag_id in REQUIRED_URGENT:
        assert RED_FLAGS[flag_id].level == "urgent", flag_id


def test_required_symptoms_triggers_and_conditions_exist() -> None:
    assert set(SOON_SYMPTOMS + PLAIN_SYMPTOMS) <= set(SYMPTOMS)
    assert {"heavy-lifting", "poor-posture", "muscle-fatigue", "dehydration",
            "prolonged-sitting", "overuse", "stress", "sudden-movement",
            "unknown"} <= set(TRIGGERS)
    assert {"diabetes", "poor-circulation", "stomach-ulcer", "kidney-disease", "liver-disease",
            "heart-disease", "blood-thinners", "pregnancy", "age-over-65", "heavy-drinking",
            "nsaid-allergy"} <= set(CONDITIONS)


# ------------------------------------------------------------ table-driven triage


def test_nothing_wrong_is_self_care_with_no_reasons() -> None:
    result = assess(Answers(red_flags=[]), NOW)
    assert result.triage.level == "self-care"
    assert result.triage.reasons == []


@pytest.mark.parametrize("flag", CONTENT.red_flags, ids=lambda f: f.id)
def test_each_red_flag_alone_gives_its_own_level(flag: Any) -> None:
    result = assess(Answers(red_flags=[flag.id]), NOW)
    assert result.triage.level == flag.level
    reason, *implied = result.triage.reasons  # and the reasons of a condition it implies
    assert [r.id for r in implied] == [c for c in flag.implies
                                       if next(x for x in CONTENT.conditions if x.id == c).reason]
    assert (reason.id, reason.source) == (flag.id, flag.source)
    assert reason.text == CONTENT.clinic.fill(flag.reason)
    assert result.triage.action == CONTENT.clinic.fill(
        CONTENT.level_text(flag.level, flag.implies).action)


@pytest.mark.parametrize("flag_id", EMERGENCY_FLAGS)
def test_emergency_says_call_the_number_and_gives_no_self_care(flag_id: str) -> None:
    result = assess(Answers(red_flags=[flag_id], triggers=["heavy-lifting"],
                            conditions=["pregnancy"], symptoms=["spasm"]), NOW)
    assert result.triage.level == "emergency"
    number = CONTENT.clinic.emergency_number
    assert number in result.triage.banner
    assert number in result.triage.action
    assert result.advice == []
    assert result.cautions == []


@pytest.mark.parametrize("symptom", SOON_SYMPTOMS)
def test_each_soon_symptom_alone_gives_soon(symptom: str) -> None:
    result = assess(Answers(red_flags=[], symptoms=[symptom]), NOW)
    assert result.triage.level == "soon"
    assert reason_ids(result) == [symptom]
    reason = result.triage.reasons[0]
    source = next(s.source for s in CONTENT.symptoms if s.id == symptom)
    assert reason.source == source
    assert reason.text


@pytest.mark.parametrize("symptom", PLAIN_SYMPTOMS)
def test_typical_spasm_symptoms_stay_self_care(symptom: str) -> None:
    assert level_of(symptoms=[symptom]) == "self-care"


def test_severe_pain_threshold_comes_from_content() -> None:
    assert level_of(pain=SEVERE - 1) == "self-care"
    result = assess(Answers(red_flags=[], pain=SEVERE), NOW)
    assert result.triage.level == CONTENT.rule("severe-pain").level
    assert reason_ids(result) == ["severe-pain"]


def test_an_episode_older_than_chronic_after_days_is_routed_up() -> None:
    recent = assess(Answers(red_flags=[], onset=NOW - CHRONIC + timedelta(hours=1)), NOW)
    old = assess(Answers(red_flags=[], onset=NOW - CHRONIC - timedelta(hours=1)), NOW)
    assert recent.triage.level == "self-care"
    assert old.triage.level == CONTENT.rule("long-episode").level
    assert reason_ids(old) == ["long-episode"]


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({"red_flags": ["chest-pain", "fever"]}, "emergency"),
        ({"red_flags": ["fever", "night-pain"]}, "urgent"),
        ({"red_flags": ["fever"], "symptoms": ["leg-radiation", "recurrent"]}, "urgent"),
        ({"red_flags": ["both-legs"], "symptoms": ["numbness"], "pain": 10}, "emergency"),
        ({"red_flags": [], "symptoms": ["spasm", "weakness"]}, "soon"),
        ({"red_flags": [], "symptoms": ["stiffness"], "pain": 10}, "soon"),
        ({"red_flags": ["cancer-history"], "triggers": ["heavy-lifting"], "pain": 1}, "urgent"),
    ],
)
def test_combinations_give_the_highest_level(answers: dict[str, Any], expected: str) -> None:
    result = assess(Answers(**answers), NOW)
    assert result.triage.level == expected


def test_reasons_list_every_rule_that_fired_most_serious_first() -> None:
    answers = Answers(red_flags=["fever", "chest-pain"], symptoms=["leg-radiation", "spasm"],
                      pain=10, onset=NOW - CHRONIC - timedelta(days=1))
    result = assess(answers, NOW)
    assert result.triage.level == "emergency"
    by_id = {r.id: r for r in result.triage.reasons}
    assert set(by_id) == {"chest-pain", "fever", "leg-radiation", "severe-pain", "long-episode"}
    for flag_id in ("chest-pain", "fever"):
        assert by_id[flag_id].source == RED_FLAGS[flag_id].source
        assert by_id[flag_id].text == CONTENT.clinic.fill(RED_FLAGS[flag_id].reason)
    source_ids = {s.id for s in CONTENT.sources}
    assert all(r.text and r.source in source_ids for r in result.triage.reasons)
    levels = [rank(r.level) for r in result.triage.reasons]
    assert levels == sorted(levels, reverse=True)
    assert result.triage.reasons[0].id == "chest-pain"


def test_unanswered_red_flag_screen_is_refused() -> None:
    with pytest.raises(InputError, match="red-flag"):
        assess(Answers(symptoms=["spasm"]), NOW)


def test_unknown_key_is_refused_with_the_valid_ones() -> None:
    with pytest.raises(InputError) as err:
        assess(Answers(red_flags=[], triggers=["juggling"]), NOW)
    assert "juggling" in err.value.message
    assert all(t in err.value.message for t in TRIGGERS)


# ------------------------------------------------------------ property tests

answers_st = st.fixed_dictionaries({
    "red_flags": st.lists(st.sampled_from(list(RED_FLAGS)), unique=True, max_size=3),
    "symptoms": st.lists(st.sampled_from(SYMPTOMS), unique=True, max_size=4),
    "triggers": st.lists(st.sampled_from(TRIGGERS), unique=True, max_size=3),
    "conditions": st.lists(st.sampled_from(CONDITIONS), unique=True, max_size=3),
    "pain": st.none() | st.integers(0, 10),
    "onset": st.none() | st.floats(0, 24 * 60).map(lambda h: NOW - timedelta(hours=h)),
    "age": st.none() | st.integers(0, 120),
}).filter(lambda a: one_person(a))


def one_person(answers: dict[str, Any]) -> bool:
    """Answers one person can give: some age fits every condition given by age, the age
    given fits them, and "Not sure / none of these" is the only trigger if it is one."""
    fits = CONTENT.age_range(answers["conditions"])
    alone = "unknown" not in answers["triggers"] or len(answers["triggers"]) == 1
    return alone and fits is not None and (answers["age"] is None
                                           or fits[0] <= answers["age"] <= fits[1])


@st.composite
def one_more_answer(draw: st.DrawFn, base: dict[str, Any]) -> dict[str, Any]:
    """The same answers with one more thing said: a new choice, more pain, an earlier onset."""
    kind = draw(st.sampled_from(["red_flags", "symptoms", "triggers", "conditions",
                                 "pain", "onset"]))
    more = dict(base)
    if kind == "pain":
        more["pain"] = draw(st.integers(base["pain"] or 0, 10))
    elif kind == "onset":
        start = base["onset"] or NOW
        more["onset"] = start - timedelta(hours=draw(st.floats(0, 24 * 60)))
    else:
        pool = {"red_flags": list(RED_FLAGS), "symptoms": SYMPTOMS, "triggers": TRIGGERS,
                "conditions": CONDITIONS}[kind]
        more[kind] = [*base[kind], draw(st.sampled_from(pool))]
        more[kind] = list(dict.fromkeys(more[kind]))
    assume(one_person(more))
    return more


@PROPERTY
@given(data=st.data(), base=answers_st)
def test_saying_more_never_lowers_the_level(data: st.DataObject, base: dict[str, Any]) -> None:
    more = data.draw(one_more_answer(base))
    before = assess(Answers(**base), NOW).triage.level
    after = assess(Answers(**more), NOW).triage.level
    assert rank(after) >= rank(before), (base, more)


@PROPERTY
@given(answers=answers_st, flag=st.sampled_from(list(RED_FLAGS)))
def test_a_red_flag_is_never_hidden(answers: dict[str, Any], flag: str) -> None:
    answers["red_flags"] = list(dict.fromkeys([*answers["red_flags"], flag]))
    result = assess(Answers(**answers), NOW)
    assert result.triage.level != "self-care"
    assert rank(result.triage.level) >= rank(RED_FLAGS[flag].level)
    reason = next(r for r in result.triage.reasons if r.id == flag)
    assert reason.source == RED_FLAGS[flag].source
    assert reason.text == CONTENT.clinic.fill(RED_FLAGS[flag].reason)


@PROPERTY
@given(answers=answers_st)
def test_level_is_the_highest_single_answer(answers: dict[str, Any]) -> None:
    """Combining answers gives exactly the highest level any one of them gives alone."""
    singles = [Answers(red_flags=[f]) for f in answers["red_flags"]]
    singles += [Answers(red_flags=[], symptoms=[s]) for s in answers["symptoms"]]
    singles += [Answers(red_flags=[], conditions=[c]) for c in answers["conditions"]]
    singles.append(Answers(red_flags=[], pain=answers["pain"], onset=answers["onset"]))
    singles.append(Answers(red_flags=[], age=answers["age"]))
    alone = max((rank(assess(a, NOW).triage.level) for a in singles), default=0)
    together = [CONTENT.rule(r.id).level for r in fired_rules(
        CONTENT, "check", None, None, answers=Answers(**answers))
        if CONTENT.rule(r.id).when is not None]  # rules of answers together, as fall at 70+
    alone = max([alone, *(rank(level) for level in together)])
    assert rank(assess(Answers(**answers), NOW).triage.level) == alone


@PROPERTY
@given(answers=answers_st)
def test_each_level_shows_only_its_tiers(answers: dict[str, Any]) -> None:
    """Emergency: nothing but what to do now. Urgent: only what is safe until seen. Soon:
    conservative care (and advanced care where a rule for it fired). Self-care: the lot."""
    result = assess(Answers(**answers), NOW)
    level = result.triage.level
    if set(answers["red_flags"]) & set(EMERGENCY_FLAGS):
        assert result.advice == [] and result.cautions == [] and result.safety_net == []
        return
    assert "skin-protection" in caution_ids(result)
    assert result.safety_net
    shown = tiers(result)
    if level == "urgent":
        assert shown == ["until-seen"]
        words = " ".join(i.text.lower() for g in result.advice for i in g.items)
        assert "exercise" not in words.replace("hold off on exercises", "")
        assert not advice_ids(result) & {"physical-therapy", "heat-now", "heat-as-needed",
                                         "continue-pt", "gradual-movement"}
    elif level == "soon":
        assert shown[0] == "conservative"
        assert set(shown) <= {"conservative", "advanced"}
    else:
        assert shown[:2] == ["conservative", "recovery"]


# ------------------------------------------------------------------- advice


def test_self_care_shows_conservative_then_recovery_care() -> None:
    result = assess(Answers(red_flags=[], symptoms=["spasm"], pain=4), NOW)
    assert tiers(result)[:2] == ["conservative", "recovery"]
    # the clinic page's conservative care: rest and activity, cold then heat, OTC medicine, PT
    assert {"rest-and-modify", "otc-medicine",
            "physical-therapy"} <= advice_ids(result, "conservative")
    # cold then heat, in the words of the phase the person is in (or the whole plan)
    assert advice_ids(result, "conservative") & {"cold-then-heat", "cold-first", "cold-or-heat",
                                                 "heat-now"}
    assert {"gradual-movement", "posture-core"} <= advice_ids(result, "recovery")
    titles = {g.tier: g.title for g in result.advice}
    assert titles["conservative"] == next(t.title for t in CONTENT.tiers
                                          if t.id == "conservative")
    source_ids = {s.id for s in CONTENT.sources}
    assert all(i.source in source_ids and i.text for g in result.advice for i in g.items)


def test_no_advanced_tier_for_a_fresh_simple_spasm() -> None:
    result = assess(Answers(red_flags=[], symptoms=["spasm", "leg-radiation"],
                            onset=NOW - timedelta(hours=6)), NOW)
    assert "advanced" not in tiers(result)


@pytest.mark.parametrize(
    "answers",
    [
        {"symptoms": ["recurrent"]},
        {"symptoms": ["not-improving"]},
        {"onset": NOW - CHRONIC - timedelta(hours=1)},
    ],
    ids=["recurrent", "not-improving", "long-lasting"],
)
def test_advanced_tier_only_where_it_applies(answers: dict[str, Any]) -> None:
    result = assess(Answers(red_flags=[], **answers), NOW)
    assert "advanced" in tiers(result)
    assert advice_ids(result, "advanced")


def test_advanced_tier_starts_exactly_at_chronic_after_days() -> None:
    before = assess(Answers(red_flags=[], onset=NOW - CHRONIC + timedelta(minutes=1)), NOW)
    at = assess(Answers(red_flags=[], onset=NOW - CHRONIC), NOW)
    assert "advanced" not in tiers(before)
    assert "advanced" in tiers(at)


@pytest.mark.parametrize("trigger", TRIGGERS)
def test_each_trigger_brings_its_prevention_tip(trigger: str) -> None:
    without = assess(Answers(red_flags=[]), NOW)
    assert "prevention" not in tiers(without)
    result = assess(Answers(red_flags=[], triggers=[trigger]), NOW)
    tips = [i for g in result.advice if g.tier == "prevention" for i in g.items]
    assert tips, f"no prevention tip for {trigger}"
    assert all(trigger in tip.because for tip in tips)


@pytest.mark.parametrize(
    ("trigger", "tip"),
    [("heavy-lifting", "lifting"), ("prolonged-sitting", "sitting-breaks"),
     ("dehydration", "hydration")],
)
def test_named_triggers_get_the_matching_tip(trigger: str, tip: str) -> None:
    result = assess(Answers(red_flags=[], triggers=["stress", trigger]), NOW)
    assert tip in advice_ids(result, "prevention")
    other = assess(Answers(red_flags=[], triggers=["stress"]), NOW)
    assert tip not in advice_ids(other)


@pytest.mark.parametrize("condition", ["stomach-ulcer", "kidney-disease", "blood-thinners",
                                       "pregnancy"])
def test_nsaid_caution_follows_the_condition(condition: str) -> None:
    plain = assess(Answers(red_flags=[]), NOW)
    result = assess(Answers(red_flags=[], conditions=[condition]), NOW)
    added = [c for c in result.cautions if c.id not in caution_ids(plain)]
    nsaid = [c for c in added if "ibuprofen" in c.text.lower() or "nsaid" in c.text.lower()]
    assert nsaid, f"no NSAID caution for {condition}"
    assert all(condition in c.because for c in nsaid)


@pytest.mark.parametrize("answers", [{"symptoms": ["numbness"]}, {"conditions": ["diabetes"]}],
                         ids=["numbness", "diabetes"])
def test_numb_skin_caution(answers: dict[str, Any]) -> None:
    assert "numb-skin" in caution_ids(assess(Answers(red_flags=[], **answers), NOW))


def test_no_numb_skin_caution_without_a_reason() -> None:
    result = assess(Answers(red_flags=[], symptoms=["spasm"], conditions=["asthma"]), NOW)
    assert "numb-skin" not in caution_ids(result)


@pytest.mark.parametrize("answers", [{}, {"red_flags": ["fever"]},
                                     {"symptoms": ["leg-radiation"], "pain": 9}])
def test_skin_protection_is_always_shown(answers: dict[str, Any]) -> None:
    answers.setdefault("red_flags", [])
    result = assess(Answers(**answers), NOW)
    assert "skin-protection" in caution_ids(result)


def test_clinic_details_are_filled_into_texts() -> None:
    result = assess(Answers(red_flags=["fever"]), NOW)
    assert CONTENT.clinic.phone in result.triage.action
    texts = [result.triage.banner, result.triage.action]
    texts += [i.text for g in result.advice for i in g.items]
    texts += [c.text for c in result.cautions]
    assert not any("{" in t for t in texts)


# ------------------------------------------------------------------- window


def at_hours(hours: float) -> str | None:
    result = assess(Answers(red_flags=[], onset=NOW - timedelta(hours=hours)), NOW)
    return result.window.phase if result.window else None


def test_phase_boundaries_come_from_content() -> None:
    minute = 1 / 60
    assert at_hours(0) == "ice"
    assert at_hours(WINDOW.ice_until_hours - minute) == "ice"
    assert at_hours(WINDOW.ice_until_hours) == "transition"
    assert at_hours(WINDOW.heat_from_hours - minute) == "transition"
    assert at_hours(WINDOW.heat_from_hours) == "heat"
    assert at_hours(WINDOW.heat_from_hours * 10) == "heat"


def test_shipped_window_is_ice_24h_then_heat_48h() -> None:
    """The issue's numbers: 23:59 ice, 24:00 transition, 47:59 transition, 48:00 heat."""
    assert (WINDOW.ice_until_hours, WINDOW.heat_from_hours) == (24, 48)
    assert [at_hours(h + m / 60) for h, m in ((23, 59), (24, 0), (47, 59), (48, 0))] == [
        "ice", "transition", "transition", "heat"]


def test_window_follows_edited_hours() -> None:
    """A clinic that edits the hours in data/ moves the boundaries."""
    window = replace(WINDOW, ice_until_hours=12, heat_from_hours=36)
    content = replace(CONTENT, window=window)

    def phase(hours: float) -> str:
        result = assess(Answers(red_flags=[], onset=NOW - timedelta(hours=hours)), NOW, content)
        assert result.window is not None
        return result.window.phase

    assert [phase(h) for h in (11.9, 12, 35.9, 36)] == ["ice", "transition", "transition", "heat"]


def test_window_reports_hours_since_onset_or_none() -> None:
    result = assess(Answers(red_flags=[], onset=NOW - timedelta(hours=30, minutes=30)), NOW)
    assert result.window is not None
    assert result.window.hours_since_onset == pytest.approx(30.5)
    assert assess(Answers(red_flags=[]), NOW).window is None


def test_onset_across_a_utc_offset_is_real_elapsed_time() -> None:
    """An onset given with another offset counts real hours, not wall-clock hours."""
    from datetime import timezone

    central = timezone(timedelta(hours=-6))
    onset = (NOW - timedelta(hours=23, minutes=59)).astimezone(central)
    result = assess(Answers(red_flags=[], onset=onset), NOW)
    assert result.window is not None
    assert result.window.phase == "ice"
