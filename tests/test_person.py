"""The person behind the answers: age, pregnancy, leg weakness and what they take, scripted.

Each case is one a careful clinician would route by the person, not by a list of signs;
every expected word comes from data/, so a clinic's edit never breaks a test.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backcare import Answers, assess
from backcare.loader import load_content
from tests.helpers import iso

CONTENT = load_content()
NOW = datetime(2026, 3, 8, 14, 30, tzinfo=UTC)
ENV = {"BACKCARE_NOW": iso(NOW), "COLUMNS": "80"}
ADULT_FIGURES = re.compile(r"\b(4,000|1,200|1,000|660) mg")
"""The adult label limits as a screen writes them."""
CHECK = ("check", "--no-input", "--json")


def json_check(cli: Any, *args: str) -> dict[str, Any]:
    result = cli(*CHECK, *args, env=ENV)
    assert result.exit_code == 0, result.stderr
    doc: dict[str, Any] = json.loads(result.stdout)
    return doc


def words(doc: dict[str, Any]) -> str:
    """Everything a result says below its banner, in one string."""
    items = [i["text"] for g in doc["advice"] for i in g["items"]]
    return " ".join([*items, *(c["text"] for c in doc["cautions"])])


def item_ids(doc: dict[str, Any]) -> set[str]:
    return ({i["id"] for g in doc["advice"] for i in g["items"]}
            | {c["id"] for c in doc["cautions"]})


# -------------------------------------------------------------------------------- age


@pytest.mark.parametrize("age", ["9", "15", "17"])
def test_a_child_is_sent_to_a_doctor_with_no_adult_dose(cli: Any, age: str) -> None:
    doc = json_check(cli, "--no-red-flags", "--symptom", "spasm", "--age", age)
    assert doc["triage"]["level"] == "soon"
    assert doc["triage"]["banner"] == CONTENT.level_text("soon", ["under-18"]).banner
    assert "under-18" in [r["id"] for r in doc["triage"]["reasons"]]
    said = words(doc)
    assert not ADULT_FIGURES.search(said), said
    assert {"pain-relief-child", "medicine-child"} <= item_ids(doc)
    assert not item_ids(doc) & {"otc-medicine", "acetaminophen-max", "ibuprofen-label",
                                "acetaminophen-alone", "pain-relief-acetaminophen"}
    assert doc["answers"]["age"] == int(age) and doc["notes"] == []


def test_at_18_the_adult_advice_and_label_limits_are_shown(cli: Any) -> None:
    doc = json_check(cli, "--no-red-flags", "--symptom", "spasm", "--age", "18")
    assert doc["triage"]["level"] == "self-care"
    assert {"otc-medicine", "acetaminophen-max", "ibuprofen-label"} <= item_ids(doc)
    assert "4,000 mg" in words(doc) and "1,200 mg" in words(doc)


@pytest.mark.parametrize(("age", "level"), [("78", "urgent"), ("70", "urgent"),
                                            ("69", "self-care"), ("40", "self-care")])
def test_a_slip_or_fall_at_70_or_over_is_a_possible_fracture(cli: Any, age: str,
                                                            level: str) -> None:
    doc = json_check(cli, "--no-red-flags", "--trigger", "fall", "--age", age)
    assert doc["triage"]["level"] == level
    fired = "fall-over-70" in [r["id"] for r in doc["triage"]["reasons"]]
    assert fired is (level == "urgent")


def test_age_alone_at_78_does_not_route_up_but_brings_the_ask_first_caution(cli: Any) -> None:
    doc = json_check(cli, "--no-red-flags", "--trigger", "heavy-lifting", "--age", "78")
    assert doc["triage"]["level"] == "self-care"
    assert "nsaid-ask-first" in item_ids(doc)
    assert doc["answers"]["conditions"] == []  # the answers stay as given


def test_without_an_age_the_advice_says_it_is_for_adults(cli: Any) -> None:
    doc = json_check(cli, "--no-red-flags")
    assert doc["answers"]["age"] is None
    assert doc["notes"] == [CONTENT.questions.adults_only]
    text = cli("check", "--no-input", "--no-red-flags", "--plain", env=ENV).stdout
    assert " ".join(CONTENT.questions.adults_only.split()) in " ".join(text.split())


def test_an_emergency_needs_no_age_and_says_nothing_about_adults(cli: Any) -> None:
    doc = json.loads(cli(*CHECK, "--red-flag", "bladder-bowel", env=ENV).stdout)
    assert doc["triage"]["level"] == "emergency" and doc["notes"] == []


@pytest.mark.parametrize("value", ["-1", "121", "ten", "4.5", "", "1" + "0" * 40])
def test_a_bad_age_is_one_line_and_exit_2(cli: Any, value: str) -> None:
    result = cli(*CHECK, "--no-red-flags", "--age", value, env=ENV)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--age" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("value", ['"9"', "true", "-3", "200", "9.5"])
def test_a_bad_age_in_an_answers_file_is_one_line_and_exit_2(cli: Any, tmp_path: Path,
                                                              value: str) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(f'{{"red_flags": [], "age": {value}}}', encoding="utf-8")
    result = cli(*CHECK, "--answers", str(answers), env=ENV)
    assert result.exit_code == 2, result.stdout
    assert "age" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_the_age_in_an_answers_file_counts_and_must_agree_with_the_flag(
        cli: Any, tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text('{"red_flags": [], "age": 9}', encoding="utf-8")
    assert json.loads(cli(*CHECK, "--answers", str(answers), env=ENV).stdout)[
        "triage"]["level"] == "soon"
    same = cli(*CHECK, "--answers", str(answers), "--age", "9", env=ENV)
    assert same.exit_code == 0
    differ = cli(*CHECK, "--answers", str(answers), "--age", "40", env=ENV)
    assert differ.exit_code == 2 and "disagree" in differ.stderr


def test_a_condition_the_age_contradicts_is_refused(cli: Any) -> None:
    result = cli(*CHECK, "--no-red-flags", "--age", "40", "--condition", "age-over-65",
                 env=ENV)
    assert result.exit_code == 2 and "age-over-65" in result.stderr
    fits = cli(*CHECK, "--no-red-flags", "--age", "70", "--condition", "age-over-65", env=ENV)
    assert fits.exit_code == 0


def test_a_script_without_an_age_can_still_say_a_child_by_condition(cli: Any) -> None:
    doc = json_check(cli, "--no-red-flags", "--condition", "under-18")
    assert doc["triage"]["level"] == "soon" and not ADULT_FIGURES.search(words(doc))


@settings(max_examples=150, deadline=None)
@given(age=st.integers(0, 17), conditions=st.lists(st.sampled_from(
    [c.id for c in CONTENT.conditions if not c.by_age]), unique=True),
       red_flags=st.lists(st.sampled_from([r.id for r in CONTENT.red_flags
                                           if r.level == "urgent"]), max_size=2, unique=True))
def test_no_child_is_ever_shown_an_adult_dose_or_left_at_self_care(
        age: int, conditions: list[str], red_flags: list[str]) -> None:
    result = assess(Answers(red_flags=red_flags, conditions=conditions, age=age), NOW, CONTENT)
    assert result.triage.level != "self-care"
    said = " ".join([i.text for g in result.advice for i in g.items]
                    + [c.text for c in result.cautions])
    assert not ADULT_FIGURES.search(said), said


# ------------------------------------------------------------------- red flags by source


@pytest.mark.parametrize(("flags", "level"), [
    (["belly-pulsing"], "emergency"),
    (["foot-drop"], "urgent"),
    (["progressive-weakness"], "emergency"),
])
def test_each_sign_routes_to_the_level_its_source_gives(cli: Any, flags: list[str],
                                                       level: str) -> None:
    args = [a for f in flags for a in ("--red-flag", f)]
    result = cli("check", "--no-input", "--exit-code", "--plain", *args, env=ENV)
    assert result.exit_code == {"urgent": 11, "emergency": 12}[level]


def test_a_pulsing_belly_lump_gets_nothing_to_wait_with(cli: Any) -> None:
    doc = json.loads(cli(*CHECK, "--red-flag", "belly-pulsing", env=ENV).stdout)
    assert doc["triage"]["level"] == "emergency"
    assert doc["advice"] == [] and doc["cautions"] == []


def test_weakness_alone_is_soon_and_foot_drop_is_urgent(cli: Any) -> None:
    alone = json_check(cli, "--no-red-flags", "--symptom", "weakness")
    assert alone["triage"]["level"] == "soon"
    drop = json.loads(cli(*CHECK, "--red-flag", "foot-drop", "--symptom", "weakness",
                          env=ENV).stdout)
    assert drop["triage"]["level"] == "urgent"


def test_both_legs_says_new_so_long_standing_neuropathy_is_not_ticked_by_mistake() -> None:
    both = next(r for r in CONTENT.red_flags if r.id == "both-legs")
    assert both.label.lower().startswith("new ")
    net = next(n.text for n in CONTENT.safety_net if n.id == "net-emergency")
    assert "new pain, numbness or weakness in both legs" in net


# ---------------------------------------------------------------------------- pregnancy


def test_labour_signs_send_her_to_the_maternity_unit_now(cli: Any) -> None:
    doc = json.loads(cli(*CHECK, "--red-flag", "labour-signs", "--condition", "pregnancy",
                         "--age", "29", env=ENV).stdout)
    assert doc["triage"]["level"] == "urgent"
    assert doc["triage"]["action"] == CONTENT.fill(
        CONTENT.level_text("urgent", ["pregnancy"]).action)
    assert "maternity unit" in doc["triage"]["action"]


def test_her_soon_action_names_her_midwife_or_obstetrician(cli: Any) -> None:
    doc = json_check(cli, "--no-red-flags", "--condition", "pregnancy", "--age", "29")
    assert doc["triage"]["level"] == "soon"
    assert "midwife or obstetrician" in doc["triage"]["action"]
    other = json_check(cli, "--no-red-flags", "--symptom", "leg-radiation", "--age", "29")
    assert "midwife" not in other["triage"]["action"]


def test_injections_and_manual_therapy_are_withheld_in_pregnancy(cli: Any) -> None:
    recurrent = ("--no-red-flags", "--symptom", "recurrent", "--age", "29")
    everyone = item_ids(json_check(cli, *recurrent))
    assert {"injections", "manual-therapy"} <= everyone
    pregnant = item_ids(json_check(cli, *recurrent, "--condition", "pregnancy"))
    assert not pregnant & {"injections", "manual-therapy"}
    assert "pregnancy-treatments" in pregnant


def test_labour_signs_are_asked_only_after_pregnancy_in_a_terminal() -> None:
    follow_up = [r.id for r in CONTENT.red_flags if r.follow_up_only]
    assert follow_up == ["labour-signs"]
    pregnancy = next(c for c in CONTENT.conditions if c.id == "pregnancy")
    assert pregnancy.ask_again and pregnancy.ask_again_red_flags == ["labour-signs"]
    weakness = next(s for s in CONTENT.symptoms if s.id == "weakness")
    assert set(weakness.ask_again_red_flags) == {"foot-drop", "progressive-weakness"}


# ---------------------------------------------------------------------------- medicines


def test_heart_failure_rules_nsaids_out_with_the_acetaminophen_alternative(cli: Any) -> None:
    doc = json_check(cli, "--no-red-flags", "--condition", "heart-failure", "--age", "60")
    ids = item_ids(doc)
    assert "nsaid-avoid" in ids and "nsaid-ask-first" not in ids
    relief = next(i for g in doc["advice"] for i in g["items"] if i["id"].startswith("pain-"))
    assert relief["id"] == "pain-relief-acetaminophen"


def test_a_blood_thinner_brings_ask_before_regular_acetaminophen_and_why(cli: Any) -> None:
    doc = json_check(cli, "--no-red-flags", "--condition", "blood-thinners", "--age", "60")
    relief = next(i for g in doc["advice"] for i in g["items"] if i["id"].startswith("pain-"))
    assert relief["id"] == "pain-relief-blood-thinner" and "INR" in relief["text"]
    assert "acetaminophen-blood-thinner" in item_ids(doc)


def test_every_label_figure_on_a_screen_comes_from_the_medicines_file(cli: Any) -> None:
    doc = json_check(cli, "--no-red-flags", "--age", "40")
    said = words(doc)
    for medicine in CONTENT.medicines:
        if medicine.id == "naproxen":
            continue  # kept for the medicine log; no screen names its limits
        assert f"{medicine.max_daily_mg:,} mg in 24 hours" in said, medicine.id
    assert "{" not in said


def test_the_label_limits_are_the_us_otc_figures() -> None:
    by_id = {m.id: m for m in CONTENT.medicines}
    ibu, nap, apap = by_id["ibuprofen"], by_id["naproxen"], by_id["acetaminophen"]
    assert (ibu.per_dose_max_mg, ibu.interval_hours, ibu.max_daily_mg, ibu.max_days) == (
        400, 4, 1200, 10)
    assert (nap.dose_mg, nap.interval_hours, nap.max_daily_mg) == (220, 8, 660)
    assert (apap.per_dose_max_mg, apap.max_daily_mg) == (1000, 4000)
    assert all(m.source.startswith("fda-otc-") for m in CONTENT.medicines)


# ------------------------------------------------------------------------------ Spanish


def test_the_spanish_fixes_read_as_a_clinician_would_say_them() -> None:
    from backcare.paths import data_dir
    from backcare.translation import translate

    spanish = translate(CONTENT, data_dir(), "es")
    cold = next(c.text for c in spanish.cautions if c.id == "cold-session-length")
    assert not cold.startswith("Deje")
    weak = next(r for r in spanish.red_flags if r.id == "progressive-weakness")
    assert "fuerte" not in weak.label + weak.detail + weak.reason
    stroke = next(c.label for c in spanish.conditions if c.id == "past-stroke")
    assert "ictus" in stroke and "embolia" in stroke
    assert "nhs-cauda-equina" not in {s.id for s in CONTENT.sources}
    assert all("NHS" not in s.publisher for s in CONTENT.sources if "backes" in s.url)


# ------------------------------------------------------- from the clinician's review


def test_a_child_under_4_is_seen_without_delay(cli: Any) -> None:
    for age, level in (("3", "urgent"), ("0", "urgent"), ("4", "soon")):
        doc = json_check(cli, "--no-red-flags", "--symptom", "stiffness", "--age", age)
        assert doc["triage"]["level"] == level, age


def test_a_child_is_never_offered_injections_or_manipulation(cli: Any) -> None:
    doc = json_check(cli, "--no-red-flags", "--symptom", "recurrent", "--age", "11")
    ids = item_ids(doc)
    assert not ids & {"injections", "manual-therapy"} and "child-treatments" in ids


def test_labour_signs_never_send_her_to_urgent_care_and_name_the_emergency_number(
        cli: Any) -> None:
    doc = json.loads(cli(*CHECK, "--red-flag", "labour-signs", "--condition", "pregnancy",
                         "--age", "16", env=ENV).stdout)
    action = doc["triage"]["action"]
    assert "urgent care" not in action and CONTENT.clinic.emergency_number in action


def test_in_pregnancy_a_fever_goes_to_the_maternity_unit_only(cli: Any) -> None:
    doc = json_check(cli, "--no-red-flags", "--condition", "pregnancy", "--age", "31")
    lines = {n["id"]: n["text"] for n in doc["safety_net"]}
    assert "net-urgent" not in lines and "net-pregnancy" in lines
    assert "fever" not in lines["net-urgent-pregnancy"].split(".")[0]


def test_with_a_blood_thinner_no_full_adult_acetaminophen_amount_is_shown(cli: Any) -> None:
    doc = json_check(cli, "--no-red-flags", "--condition", "blood-thinners", "--age", "70")
    assert "4,000 mg" not in words(doc)
    assert "acetaminophen-lower-max" in item_ids(doc)


def test_the_foot_drop_line_says_when_it_is_an_emergency() -> None:
    urgent = next(n.text for n in CONTENT.safety_net if n.id == "net-urgent")
    assert "drag" in urgent and "{emergency_number} if the weakness is getting worse" in urgent


def test_answers_that_cannot_fit_one_age_are_refused_before_any_question(cli: Any) -> None:
    both = cli("check", "--no-red-flags", "--condition", "under-18", "--condition",
               "age-over-65", env=ENV)
    assert both.exit_code == 2 and "under-18" in both.stderr and "age-over-65" in both.stderr
    assert CONTENT.age_range(["age-over-65"]) == (65, 120)
    assert CONTENT.age_range(["under-18", "under-4"]) == (0, 3)


def test_labour_signs_given_alone_by_a_script_count_as_pregnancy(cli: Any) -> None:
    doc = json.loads(cli(*CHECK, "--red-flag", "labour-signs", "--age", "30", env=ENV).stdout)
    assert doc["triage"]["action"] == CONTENT.fill(
        CONTENT.level_text("urgent", ["pregnancy"]).action)
    assert "nsaid-pregnancy" in item_ids(doc)


# --------------------------------------------------------- from the hostile tester


def test_under_4_given_without_an_age_is_a_child_with_no_adult_dose(cli: Any) -> None:
    doc = json_check(cli, "--no-red-flags", "--condition", "under-4")
    assert doc["triage"]["level"] == "urgent"
    assert not ADULT_FIGURES.search(words(doc)) and "medicine-child" in item_ids(doc)
    assert doc["notes"] == []  # a child: the advice does not say it is for adults
    older = json_check(cli, "--no-red-flags", "--condition", "age-over-70", "--trigger", "fall")
    assert older["triage"]["level"] == "urgent" and "nsaid-ask-first" in item_ids(older)


def test_a_standing_labour_sign_keeps_the_maternity_unit_on_status(at: Any) -> None:
    from tests.helpers import status_json

    assert at(NOW, "check", "--no-input", "--red-flag", "labour-signs", "--save",
              "--exit-code").exit_code == 11
    later = NOW.replace(hour=NOW.hour + 1)
    assert at(later, "check", "--no-input", "--no-red-flags", "--save").exit_code == 0
    escalation = status_json(at, later)["escalation"]
    assert escalation["level"] == "urgent"
    assert escalation["action"] == CONTENT.fill(
        CONTENT.level_text("urgent", ["pregnancy"]).action)


def test_of_two_scores_about_the_same_time_the_one_recorded_last_counts(at: Any) -> None:
    from tests.helpers import status_json

    assert at(NOW, "start", "--ago", "2d").exit_code == 0
    moment = iso(NOW.replace(hour=NOW.hour - 1))
    at(NOW, "pain", "2", "--at", moment)
    nine = at(NOW, "pain", "9", "--at", moment)
    assert CONTENT.fill(CONTENT.level_text("soon").banner) in nine.stdout + nine.stderr
    data = status_json(at, NOW)
    assert data["pain"]["latest"]["score"] == 9 and data["escalation"]["level"] == "soon"


def test_a_finding_from_answers_together_is_named_in_words(at: Any) -> None:
    assert at(NOW, "check", "--no-input", "--no-red-flags", "--age", "2", "--save"
              ).exit_code == 0
    shown = at(NOW, "status", "--plain").stdout
    label = next(r.label for r in CONTENT.rules if r.id == "under-4-seen")
    assert label in " ".join(shown.split()) and "under-4-seen" not in shown
    assert all(r.label for r in CONTENT.rules if r.level in ("urgent", "emergency"))


def test_a_scripted_check_in_a_childs_episode_keeps_the_childs_age(at: Any) -> None:
    from tests.helpers import status_json

    assert at(NOW, "check", "--no-input", "--no-red-flags", "--age", "10", "--ago", "6h",
              "--save").exit_code == 0
    later = NOW.replace(hour=NOW.hour + 2)
    again = at(later, "check", "--no-input", "--no-red-flags", "--save", "--json")
    doc = json.loads(again.stdout)
    assert doc["answers"]["age"] == 10 and doc["triage"]["level"] == "soon"
    assert status_json(at, later)["escalation"]["level"] == "soon"
