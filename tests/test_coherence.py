"""Issue 7: every result is coherent. Content declares how items relate, the loader refuses
content that could contradict itself, each level's screen shows only what fits it, and every
result below emergency ends with the safety net."""

from __future__ import annotations

import itertools
import json
import os
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backcare import Answers, assess
from backcare.assessment import Assessment
from backcare.content import Content
from backcare.errors import ContentError
from backcare.loader import load_content
from backcare.paths import data_dir

CONTENT: Content = load_content()
NOW = datetime(2026, 3, 8, 14, 30, tzinfo=UTC)
CONDITIONS = [c.id for c in CONTENT.conditions]
BY_ID = {i.id: i for i in [*CONTENT.advice, *CONTENT.cautions]}
AVOID_NSAID = ["pregnancy", "nsaid-allergy", "blood-thinners", "stomach-ulcer", "kidney-disease",
               "heart-failure", "liver-disease"]
LOWER_OR_ASK = {"blood-thinners", "liver-disease"}
"""Offered acetaminophen with no full adult amount: a lower one, or ask before regular use."""
ASK_FIRST = ["heart-disease", "high-blood-pressure", "asthma", "past-stroke", "age-over-65",
             "heavy-drinking", "other-medicines"]
# a plain spasm, a soon symptom and an urgent red flag, at each phase and with no onset
SETTINGS: list[dict[str, Any]] = [
    {"red_flags": []}, {"red_flags": [], "symptoms": ["leg-radiation"]},
    {"red_flags": ["fever"]}, {"red_flags": [], "symptoms": ["recurrent"]},
]
ONSETS = [None, 1, 30, 60]


def shown_items(result: Assessment) -> list[str]:
    return [i.id for g in result.advice for i in g.items]


def contradictions(result: Assessment) -> list[str]:
    """Every pair of a shown item and a shown caution (or the phase) that disagree."""
    advice = [BY_ID[i] for i in shown_items(result)]
    cautions = [BY_ID[c.id] for c in result.cautions]
    found = []
    for item in [*advice, *cautions]:
        for caution in cautions:
            for token in item.recommends:
                if token in getattr(caution, "rules_out", []):
                    found.append(f"{item.id} recommends {token}; {caution.id} rules it out")
                if token in caution.asks_first and token not in item.asks_first:
                    found.append(f"{item.id} recommends {token}; {caution.id} asks first")
        if result.window:
            phase = CONTENT.phase_text(result.window.phase)
            found += [f"{item.id} recommends {t} in the {phase.phase} phase"
                      for t in item.recommends if t in phase.rules_out]
    return found


def check(conditions: list[str], setting: dict[str, Any], hours: float | None) -> Assessment:
    onset = None if hours is None else NOW - timedelta(hours=hours)
    return assess(Answers(**setting, conditions=conditions, onset=onset, pain=4), NOW)


# ------------------------------------------------------- nothing shown contradicts itself


def one_person(conditions: list[str]) -> bool:
    """Conditions one person can have: some age fits every one given by age."""
    return CONTENT.age_range(conditions) is not None


@pytest.mark.parametrize("conditions", [[]] + [[c] for c in CONDITIONS]
                         + [list(p) for p in itertools.combinations(CONDITIONS, 2)
                            if one_person(list(p))],
                         ids=lambda c: "+".join(c) or "none")
def test_no_shown_item_is_ruled_out_by_a_shown_caution(conditions: list[str]) -> None:
    for setting, hours in itertools.product(SETTINGS, ONSETS):
        result = check(conditions, setting, hours)
        assert contradictions(result) == [], (conditions, setting, hours)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conditions=st.lists(st.sampled_from(CONDITIONS), unique=True, min_size=3, max_size=9
                           ).filter(one_person),
       setting=st.sampled_from(SETTINGS), hours=st.sampled_from(ONSETS))
def test_no_contradiction_for_larger_sets_of_conditions(conditions: list[str],
                                                        setting: dict[str, Any],
                                                        hours: float | None) -> None:
    assert contradictions(check(conditions, setting, hours)) == []


@pytest.mark.parametrize("condition", AVOID_NSAID)
def test_who_cannot_take_an_nsaid_is_offered_acetaminophen_with_its_maximum(
        condition: str) -> None:
    for setting in SETTINGS:
        result = check([condition], setting, 2)
        advice = [i for g in result.advice for i in g.items]
        words = " ".join(i.text.lower() for i in advice)
        assert "ibuprofen" not in words and "naproxen" not in words, (condition, setting)
        relief = [i for i in advice if i.id.startswith("pain-relief")]
        assert len(relief) == 1, relief
        assert "acetaminophen" in relief[0].text.lower()
        assert ("4,000 mg" in relief[0].text) is (condition not in LOWER_OR_ASK)
        assert "pharmacist" in relief[0].text
        assert "acetaminophen-alone" not in shown_items(result)
        assert "one-nsaid" not in {c.id for c in result.cautions}


def test_with_a_blood_thinner_acetaminophen_is_offered_with_ask_before_regular_use() -> None:
    for setting in SETTINGS:
        result = check(["blood-thinners"], setting, 2)
        relief = next(i for g in result.advice for i in g.items if i.id.startswith("pain-relief"))
        assert "before you take it regularly" in relief.text and "INR" in relief.text
        assert "acetaminophen-blood-thinner" in {c.id for c in result.cautions}


def test_heart_failure_and_liver_disease_are_never_told_an_nsaid_may_suit_them() -> None:
    for condition in ("heart-failure", "liver-disease"):
        result = check([condition], {"red_flags": []}, 2)
        cautions = {c.id for c in result.cautions}
        assert "nsaid-avoid" in cautions and "nsaid-ask-first" not in cautions
        assert "ibuprofen-label" not in cautions
        assert all("may still suit you" not in c.text for c in result.cautions)


@pytest.mark.parametrize("condition", ASK_FIRST)
def test_ask_first_conditions_see_nsaids_only_with_ask_first_in_the_same_sentence(
        condition: str) -> None:
    result = check([condition], {"red_flags": []}, 2)
    for item in (i for g in result.advice for i in g.items):
        for sentence in item.text.split(". "):
            if "ibuprofen" in sentence or "anti-inflammatory" in sentence.lower():
                assert "ask a pharmacist" in sentence.lower(), (condition, sentence)
    assert "acetaminophen-alone" not in shown_items(result)


def test_acetaminophen_alone_line_is_for_people_who_can_take_an_nsaid() -> None:
    assert "acetaminophen-alone" in shown_items(check([], {"red_flags": []}, 2))
    assert "acetaminophen-alone" in shown_items(check(["diabetes"], {"red_flags": []}, 2))


@pytest.mark.parametrize("condition", ["liver-disease", "heavy-drinking", "low-weight"])
def test_a_lower_acetaminophen_maximum_replaces_the_usual_one(condition: str) -> None:
    for others in ([], ["pregnancy"]):
        result = check([condition, *others], {"red_flags": []}, 2)
        texts = [i.text for g in result.advice for i in g.items] + [c.text for c in
                                                                    result.cautions]
        assert "acetaminophen-lower-max" in {c.id for c in result.cautions}
        assert not any("no more than 4,000 mg" in t or "up to 4,000 mg" in t for t in texts)


@pytest.mark.parametrize("condition", ["open-wound", "poor-circulation", "diabetes"])
def test_cold_and_heat_follow_the_skin_and_circulation_cautions(condition: str) -> None:
    for setting, hours in itertools.product(SETTINGS, ONSETS):
        result = check([condition], setting, hours)
        shown = shown_items(result)
        assert not {"cold-first", "cold-then-heat", "cold-or-heat", "heat-now",
                    "until-seen-cold", "heat-as-needed"} & set(shown)
        expected = "no-ice-heat" if condition == "open-wound" else "ice-heat-ask-first"
        assert expected in shown


# ------------------------------------------------------------------- the loader proves it


def edited(tmp_path: Path, name: str, change: Any) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(data_dir(), folder)
    path = folder / name
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


@pytest.mark.parametrize(("name", "old", "new", "says"), [
    ("advice.toml", 'withheld_for = ["pregnancy", "nsaid-allergy", "blood-thinners", '
     '"stomach-ulcer", "kidney-disease", "heart-failure", "liver-disease", "heart-disease"',
     'withheld_for = ["nsaid-allergy", "blood-thinners", "stomach-ulcer", "kidney-disease", '
     '"heart-failure", "liver-disease", "heart-disease"', "'otc-medicine' recommends 'nsaid', "
     "which caution 'nsaid-avoid' rules out: withhold it for pregnancy"),
    ("advice.toml", 'withheld_for = ["liver-disease", "heavy-drinking", "low-weight", '
     '"blood-thinners", "under-18"]\ninstead = "acetaminophen-lower-max"',
     'withheld_for = ["liver-disease", "heavy-drinking", "low-weight", "blood-thinners"]\n'
     'instead = "acetaminophen-lower-max"', "'acetaminophen-max' recommends 'adult-dose', "
     "which caution 'medicine-under-12' rules out: withhold it for under-12"),
    ("advice.toml", 'recommends = ["nsaid", "adult-dose"]\nwithheld_for',
     'recommends = ["nsaid"]\nwithheld_for',
     "'ibuprofen-label' gives {ibuprofen_dose_mg}, so it must recommend adult-dose"),
    ("advice.toml", "{ibuprofen_max_days}", "{ibuprofen_max_weeks}",
     "{ibuprofen_max_weeks} is not a medicine's figure"),
    ("questions.toml", 'ask_again_red_flags = ["labour-signs"]', 'ask_again_red_flags = ["fever"]',
     "'labour-signs': follow_up_only, but no answer's ask_again_red_flags names it"),
    ("questions.toml", 'ask_again_red_flags = ["progressive-weakness", "foot-drop"]',
     'ask_again_red_flags = ["progressive-weakness", "foot-slap"]',
     "ask_again_red_flags names unknown 'foot-slap'"),
    ("advice.toml", 'for_conditions = ["pregnancy"]\ntiers = ["until-seen"]',
     'for_conditions = ["pregnant"]\ntiers = ["until-seen"]',
     "for_conditions names unknown condition 'pregnant'"),
    ("advice.toml", 'when = { phases = ["transition", "heat"] }', 'when = { phases = ["ice"] }',
     "'heat-as-needed' recommends 'heat-now', which the ice phase rules out"),
    ("advice.toml", 'when = { conditions = ["open-wound"] }\nrules_out',
     'when = { symptoms = ["numbness"] }\nrules_out',
     "'broken-skin': a caution that rules something out or asks first must be selected by "
     "conditions alone"),
    ("advice.toml", 'instead = "pain-relief-acetaminophen-lower"', 'instead = "otc-medicine"',
     "instead runs in a circle"),
    ("advice.toml", 'withheld_for = ["open-wound"]\ninstead = "no-ice-heat"',
     'withheld_for = ["open-wound"]\ninstead = "no-such-item"', "instead names unknown"),
])
def test_the_loader_refuses_content_that_could_contradict_itself(
        tmp_path: Path, name: str, old: str, new: str, says: str) -> None:
    assert load_content(edited(tmp_path / "before", name, lambda text: text)).version
    assert old in (data_dir() / name).read_text(encoding="utf-8")
    folder = edited(tmp_path, name, lambda text: text.replace(old, new, 1))
    with pytest.raises(ContentError) as caught:
        load_content(folder)
    assert says in caught.value.message
    assert name in caught.value.message


def test_the_loader_refuses_an_ask_first_item_that_does_not_ask(tmp_path: Path) -> None:
    folder = edited(tmp_path, "advice.toml", lambda text: text.replace(
        'asks_first = ["nsaid"]\nwithheld_for', 'withheld_for', 1))
    with pytest.raises(ContentError) as caught:
        load_content(folder)
    assert ("'pain-relief-ask-first' recommends 'nsaid', which caution 'nsaid-ask-first' "
            "asks first about") in caught.value.message


def test_rules_in_data_drive_routing(tmp_path: Path) -> None:
    """Editing a rule's threshold in advice.toml moves the routing."""
    base = assess(Answers(red_flags=[], pain=6), NOW, CONTENT)
    assert base.triage.level == "self-care"
    folder = edited(tmp_path, "advice.toml",
                    lambda text: text.replace("pain_at_least = 8\nreason", "pain_at_least = 6"
                                              "\nreason", 1))
    moved = assess(Answers(red_flags=[], pain=6), NOW, load_content(folder))
    assert moved.triage.level == "soon"
    assert [r.id for r in moved.triage.reasons] == ["severe-pain"]


def test_levels_declare_their_tiers_in_data(tmp_path: Path) -> None:
    folder = edited(tmp_path, "advice.toml", lambda text: text.replace(
        'tiers = ["conservative", "advanced"]', 'tiers = ["conservative", "prevention"]', 1))
    result = assess(Answers(red_flags=[], symptoms=["leg-radiation"],
                            triggers=["heavy-lifting"]), NOW, load_content(folder))
    assert [g.tier for g in result.advice] == ["conservative", "prevention"]


# ----------------------------------------------------------------- screens shaped by level


def test_urgent_shows_only_what_is_safe_until_seen() -> None:
    for flag in ("fever", "suspected-fracture", "cancer-history", "infection-risk"):
        result = check([], {"red_flags": [flag], "triggers": ["heavy-lifting"],
                            "symptoms": ["recurrent"]}, 60)
        assert [g.tier for g in result.advice] == ["until-seen"]
        ids = shown_items(result)
        assert {"until-seen-rest", "until-seen-cold", "otc-medicine"} == set(ids)
        assert "heating-pad" not in {c.id for c in result.cautions}


def test_soon_shows_no_advanced_tier_unless_a_rule_for_it_fired() -> None:
    plain = check([], {"red_flags": [], "symptoms": ["leg-radiation"]}, 30)
    assert [g.tier for g in plain.advice] == ["conservative"]
    lasting = check([], {"red_flags": [], "symptoms": ["leg-radiation"]}, 24 * 30)
    assert [g.tier for g in lasting.advice] == ["conservative", "advanced"]


def test_an_urgent_reason_on_an_emergency_screen_does_not_say_today() -> None:
    result = check([], {"red_flags": ["chest-pain", "fever", "night-pain"]}, None)
    assert result.triage.level == "emergency"
    for reason in result.triage.reasons:
        assert "today" not in reason.text.lower(), reason


def test_no_reason_promises_a_time_that_its_screen_may_contradict() -> None:
    texts = [r.reason for r in CONTENT.red_flags] + [s.reason for s in CONTENT.symptoms]
    texts += [c.reason for c in CONTENT.conditions] + [r.reason for r in CONTENT.rules]
    for text in texts:
        for timing in ("today", "straight away", "as soon as", "right away"):
            assert timing not in text.lower(), text


# --------------------------------------------------------------------------- the phases


@pytest.mark.parametrize(("hours", "item"), [(None, "cold-then-heat"), (1, "cold-first"),
                                             (23.9, "cold-first"), (30, "cold-or-heat"),
                                             (60, "heat-now")])
def test_ice_and_heat_advice_follows_the_phase(hours: float | None, item: str) -> None:
    result = check([], {"red_flags": []}, hours)
    shown = shown_items(result)
    assert item in shown
    assert len(set(shown) & {"cold-then-heat", "cold-first", "cold-or-heat", "heat-now"}) == 1
    heat_now = [i for i in shown if "heat-now" in BY_ID[i].recommends]
    if hours is None or hours < CONTENT.window.ice_until_hours:
        assert heat_now == []
        assert "heat-as-needed" not in shown
        assert all("use heat whenever" not in BY_ID[i].text.lower() for i in shown)
    else:
        assert "heat-as-needed" in shown


# -------------------------------------------------------------------------- the safety net


@pytest.mark.parametrize("setting", [{"red_flags": []}, {"red_flags": ["fever"]},
                                     {"red_flags": [], "symptoms": ["numbness"]},
                                     {"red_flags": [], "pain": 9}])
def test_every_result_below_emergency_ends_with_the_safety_net(setting: dict[str, Any]) -> None:
    result = assess(Answers(**setting), NOW)
    assert result.triage.level != "emergency"
    levels = [n.level for n in result.safety_net]
    assert "emergency" in levels
    emergency = next(n for n in result.safety_net if n.level == "emergency")
    assert CONTENT.clinic.emergency_number in emergency.text
    assert any("not a diagnosis" in n.text for n in result.safety_net)
    if result.triage.level in ("self-care", "soon"):
        assert "urgent" in levels
        assert CONTENT.clinic.phone in next(n.text for n in result.safety_net
                                            if n.id == "net-urgent")


def test_pregnancy_adds_the_midwife_line_and_a_soon_reason() -> None:
    result = assess(Answers(red_flags=[], conditions=["pregnancy"]), NOW)
    assert result.triage.level == "soon"
    assert "pregnancy" in [r.id for r in result.triage.reasons]
    midwife = [n for n in result.safety_net if "midwife" in n.text]
    assert len(midwife) == 1 and "bleeding" in midwife[0].text


def test_an_emergency_has_no_safety_net_only_what_to_do_now() -> None:
    result = assess(Answers(red_flags=["tearing-pain"]), NOW)
    assert result.triage.level == "emergency"
    assert result.safety_net == [] and result.advice == []


def test_safety_net_is_in_the_json_text_and_handouts(cli, tmp_path: Path) -> None:
    out = cli("check", "--no-input", "--no-red-flags", "--json")
    doc = json.loads(out.stdout)
    assert doc["safety_net"] and all({"level", "text"} <= set(n) for n in doc["safety_net"])
    text = cli("check", "--no-input", "--no-red-flags", "--plain").stdout
    assert CONTENT.say("safety-net-title") in text
    assert "not a diagnosis" in " ".join(text.split())
    for suffix in ("md", "html", "json"):
        target = tmp_path / f"handout.{suffix}"
        cli("check", "--no-input", "--no-red-flags", "-o", str(target))
        assert "not a diagnosis" in " ".join(target.read_text(encoding="utf-8").split())
    emergency = json.loads(cli("check", "--no-input", "--red-flag", "chest-pain",
                               "--json").stdout)
    assert emergency["safety_net"] == []


def test_a_clinic_number_reaches_the_safety_net(cli, backcare_home: Path) -> None:
    from tests.helpers import OTHER_CLINIC

    backcare_home.mkdir(parents=True, exist_ok=True)
    (backcare_home / "clinic.toml").write_text(OTHER_CLINIC, encoding="utf-8")
    doc = json.loads(cli("check", "--no-input", "--no-red-flags", "--json").stdout)
    texts = " ".join(n["text"] for n in doc["safety_net"])
    assert "Call 999 now" in texts and "911" not in texts and "555-0100" in texts


def test_a_broken_content_file_names_the_clinic_emergency_number(run_backcare,
                                                                 tmp_path: Path) -> None:
    from tests.helpers import OTHER_CLINIC

    clinic = tmp_path / "clinic.toml"
    clinic.write_text(OTHER_CLINIC.replace('name = "Riverside Spine Clinic"\n', ""),
                      encoding="utf-8")
    done = run_backcare("check", "--no-input", "--no-red-flags", "--clinic", str(clinic))
    assert done.returncode == 1
    assert "call 999 now" in done.stderr and "911" not in done.stderr


# ------------------------------------------------------------------------- the wording


def test_checklist_labels_carry_the_facts_that_matter() -> None:
    labels = {r.id: r.label for r in CONTENT.red_flags}
    assert "osteoporosis" in labels["suspected-fracture"]
    assert "steroid" in labels["suspected-fracture"]
    assert "chemotherapy" in labels["immunosuppressed"]
    assert "tingling" in labels["saddle-numbness"] and "tingling" in labels["both-legs"]
    assert "hot and shivery" in labels["fever"]
    assert "antibiotics" in labels["infection-risk"]


def test_a_chosen_onset_range_is_repeated_not_made_precise() -> None:
    from io import StringIO

    from rich.console import Console

    from backcare.render.result_screen import render_assessment

    chosen = CONTENT.onset("6-24h")
    assert chosen is not None and chosen.from_hours == 6  # the clock starts at the recent end
    result = assess(Answers(red_flags=[], onset=NOW - timedelta(hours=6),
                            onset_range="6-24h",
                            onset_earliest=NOW - timedelta(hours=24)), NOW)
    screen = StringIO()
    render_assessment(Console(file=screen, width=80), result, CONTENT, False, True)
    text = " ".join(screen.getvalue().split())
    assert "You said it started 6 to 24 hours ago." in text
    assert "6 hours ago" not in text and "hour 6" not in text and "About" not in text


# ------------------------------------------------------------------------- golden screens

GOLDEN = Path(__file__).parent / "golden"
CASES = {
    "urgent": ["--red-flag", "fever", "--condition", "pregnancy", "--age", "31",
               "--trigger", "heavy-lifting",
               "--pain", "6", "--onset", "2026-03-08T10:30:00+00:00"],
    "soon": ["--no-red-flags", "--symptom", "leg-radiation", "--condition", "diabetes",
             "--trigger", "prolonged-sitting", "--pain", "5",
             "--onset", "2026-03-07T08:30:00+00:00"],
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("form", ["txt", "json"])
def test_golden_screens(cli, case: str, form: str) -> None:
    """The urgent and soon screens, whole. Regenerate with BACKCARE_GOLDEN=write after a
    content change that is meant to show, and read the diff."""
    args = ["check", "--no-input", *CASES[case], "--json" if form == "json" else "--plain"]
    out = cli(*args, env={"BACKCARE_NOW": NOW.isoformat(), "COLUMNS": "80"})
    path = GOLDEN / f"{case}.{form}"
    if os.environ.get("BACKCARE_GOLDEN") == "write":
        path.write_text(out.stdout, encoding="utf-8")
    assert out.stdout == path.read_text(encoding="utf-8")


def test_golden_screens_exist_for_the_levels_they_name() -> None:
    for case in CASES:
        doc = json.loads((GOLDEN / f"{case}.json").read_text(encoding="utf-8"))
        assert doc["triage"]["level"] == case
        assert doc["schema"] == "backcare.check/1" and doc["safety_net"]


# -------------------------------------------------------------- the new red flags, routed

@pytest.mark.parametrize(("flags", "extra", "level"), [
    (["tearing-pain"], {}, "emergency"),
    (["walking-difficulty"], {}, "emergency"),
    (["cough-sneeze"], {}, "urgent"),
    (["belly-pulsing"], {}, "emergency"),
    (["cough-sneeze", "belly-pulsing"], {}, "emergency"),
    (["belly-pulsing", "walking-difficulty"], {}, "emergency"),
    (["cough-sneeze"], {"symptoms": ["leg-radiation"], "pain": 9}, "urgent"),
    (["tearing-pain"], {"conditions": ["pregnancy"]}, "emergency"),
    ([], {"conditions": ["pregnancy"], "symptoms": ["spasm"]}, "soon"),
    (["belly-pulsing"], {"conditions": ["pregnancy"]}, "emergency"),
    (["foot-drop"], {}, "urgent"),
    (["foot-drop"], {"symptoms": ["weakness"]}, "urgent"),
    (["progressive-weakness", "foot-drop"], {}, "emergency"),
    (["labour-signs"], {"conditions": ["pregnancy"]}, "urgent"),
])
def test_new_red_flags_route_to_their_level(flags: list[str], extra: dict[str, Any],
                                            level: str) -> None:
    result = assess(Answers(red_flags=flags, **extra), NOW)
    assert result.triage.level == level
    ids = [r.id for r in result.triage.reasons]
    assert set(flags) <= set(ids)
    assert ids[0] in flags or not flags


def test_pregnancy_with_a_fever_also_sends_her_to_maternity_now() -> None:
    result = assess(Answers(red_flags=["fever"], conditions=["pregnancy"]), NOW)
    ids = [r.id for r in result.triage.reasons]
    assert result.triage.level == "urgent" and "pregnancy-fever" in ids
    maternity = next(r for r in result.triage.reasons if r.id == "pregnancy-fever")
    assert "midwife or maternity unit now" in maternity.text
    without = assess(Answers(red_flags=["fever"]), NOW)
    assert "pregnancy-fever" not in [r.id for r in without.triage.reasons]


def test_status_keeps_the_same_ice_and_heat_advice_as_the_check(cli) -> None:
    """An urgent check in the heat phase shows only a cold pack until seen: status agrees."""
    moment = NOW.isoformat()
    saved = cli("check", "--no-input", "--red-flag", "fever", "--ago", "3d", "--save", "--json",
                env={"BACKCARE_NOW": moment})
    shown = json.loads(saved.stdout)
    assert "until-seen-cold" in shown_items_json(shown)
    status = json.loads(cli("status", "--json", env={"BACKCARE_NOW": moment}).stdout)
    cold = next(a for a in CONTENT.advice if a.id == "until-seen-cold")
    assert status["recommendation"]["kind"] == "ice"
    assert status["recommendation"]["text"] == cold.text
    assert "heat" not in status["recommendation"]["label"].lower()


def shown_items_json(doc: dict[str, Any]) -> list[str]:
    return [i["id"] for g in doc["advice"] for i in g["items"]]
