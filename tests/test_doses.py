"""Issue 20: the dose log. `dose` records what was taken, never refusing it, and says at once
where it stands against the label and the person's cautions; `doses` keeps the count; `undo`
takes a dose back; the log moves to schema 6 with a backup."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from backcare import state
from backcare.assessment import Answers
from backcare.episode import Dose
from backcare.errors import InputError
from backcare.loader import load_content
from backcare.medication import (
    find_medicine,
    limits_for,
    medicine_cautions,
    next_allowed,
    other_nsaid,
    parse_amount,
    standing,
    total_in_day,
)
from tests.helpers import spawn_backcare

CONTENT = load_content()
MEDICINES = {m.id: m for m in CONTENT.medicines}
T0 = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)  # 08:00 in Chicago


def hours(n: float) -> datetime:
    return T0 + timedelta(hours=n)


def at(cli: Any, moment: datetime, *args: str) -> Any:
    return cli(*args, env={"BACKCARE_NOW": moment.isoformat()})


def doses_json(cli: Any, moment: datetime) -> dict[str, Any]:
    done = at(cli, moment, "doses", "--json")
    assert done.exit_code == 0, done.stderr
    return json.loads(done.stdout)


# ---------------------------------------------------------------------- the commands


def test_acetaminophen_over_the_daily_maximum_warns_and_exits_11(cli: Any) -> None:
    for n in (0, 6, 12, 18):
        done = at(cli, hours(n), "dose", "acetaminophen", "1000")
        assert done.exit_code == 0, done.stderr
    last = at(cli, hours(22), "dose", "acetaminophen", "500")
    assert last.exit_code == 11
    assert "4,500 mg of acetaminophen in the last 24 hours" in last.stderr
    assert "4,000 mg" in last.stderr
    assert "Poison Control (1-800-222-1222)" in last.stderr
    assert "even if you feel well" in last.stderr
    (med,) = doses_json(cli, hours(22))["medicines"]
    assert (med["total_24h_mg"], med["max_daily_mg"]) == (4500, 4000)
    assert med["over_daily"] is True and med["allowed_now"] is False
    text = at(cli, hours(22), "doses")
    assert "4,500 of 4,000 mg" in text.stdout


def test_a_dose_under_the_limit_says_the_total_and_the_next_time(cli: Any) -> None:
    done = at(cli, T0, "dose", "Tylenol", "2", "tablets", "--note", "cold remedy")
    assert done.exit_code == 0, done.stderr
    assert "Recorded 1,000 mg of acetaminophen" in done.stderr
    assert "1,000 of 4,000 mg in the last 24 hours" in done.stderr
    assert "next dose is not before" in done.stderr
    (med,) = doses_json(cli, T0)["medicines"]
    assert med["next_allowed"] == hours(6).isoformat()  # 1,000 mg: every 6 hours
    assert med["last_dose"]["note"] == "cold remedy"
    assert doses_json(cli, hours(5))["medicines"][0]["allowed_now"] is False
    assert doses_json(cli, hours(6))["medicines"][0]["allowed_now"] is True


def test_a_second_nsaid_inside_the_first_ones_window_warns(cli: Any) -> None:
    assert at(cli, T0, "dose", "ibuprofen", "400").exit_code == 0
    done = at(cli, hours(2), "dose", "naproxen", "220")
    assert done.exit_code == 11  # scripts watching for a warning see the one that says never
    assert "You also took ibuprofen" in done.stderr
    assert "Never take two anti-inflammatory pain relievers" in done.stderr
    assert "next dose" not in done.stderr  # nothing that reads as 'carry on'
    apart = at(cli, hours(26), "dose", "Advil", "200")
    assert apart.exit_code == 0 and "You also took" not in apart.stderr


def test_with_kidney_disease_an_nsaid_shows_the_caution_and_the_alternative(cli: Any) -> None:
    saved = at(cli, T0, "check", "--no-input", "--no-red-flags", "--condition",
               "kidney-disease", "--save")
    assert saved.exit_code == 0, saved.stderr
    done = at(cli, hours(1), "dose", "ibuprofen", "200")
    assert done.exit_code == 11  # taken against a caution
    assert "do not take ibuprofen" in done.stderr  # the nsaid-avoid caution
    assert "Acetaminophen (also called paracetamol) is the pain reliever to use" in done.stderr
    assert "of 1,200 mg" not in done.stderr  # no figure where the cautions rule it out
    assert "rules it out" in done.stderr and "what you can take instead" in done.stderr
    (med,) = doses_json(cli, hours(1))["medicines"]
    assert med["max_daily_mg"] is None and med["limits_apply"] is False
    assert med["ruled_out"] is True
    assert "nsaid-avoid" in med["cautions"]


def test_under_18_acetaminophen_gets_no_figure(cli: Any) -> None:
    at(cli, T0, "check", "--no-input", "--no-red-flags", "--age", "15", "--save")
    done = at(cli, hours(1), "dose", "acetaminophen", "250")  # below an adult's dose
    assert done.exit_code == 0
    assert "4,000" not in done.stderr and "ask your pharmacist" in done.stderr


def test_bad_input_is_one_line_and_exit_2(cli: Any) -> None:
    for args in (["ibuprofen", "-200"], ["ibuprofen", "0"], ["ibuprofen", "lots"],
                 ["ibuprofn", "200"], ["ibuprofen", "200", "--at", hours(2).isoformat()]):
        done = at(cli, T0, "dose", *args)
        assert done.exit_code == 2, (args, done.stderr)
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "did you mean ibuprofen?" in at(cli, T0, "dose", "ibuprofn", "200").stderr
    gap = cli("dose", "ibuprofen", "200", "--at", "2026-03-08T02:30",
              env={"BACKCARE_NOW": "2026-03-09T12:00:00-05:00", "TZ": "America/Chicago"})
    assert gap.exit_code == 2
    assert not (Path.cwd() / "state.json").exists()


def test_an_amount_far_above_one_dose_needs_yes_in_a_script(cli: Any,
                                                            backcare_home: Path) -> None:
    refused = at(cli, T0, "dose", "ibuprofen", "20 tablets")
    assert refused.exit_code == 2 and "--yes" in refused.stderr
    assert not (backcare_home / "state.json").exists()
    done = at(cli, T0, "dose", "ibuprofen", "20 tablets", "--yes")
    assert done.exit_code == 11
    assert "Recorded 4,000 mg of ibuprofen" in done.stderr
    assert "more than the label's 400 mg a dose" in done.stderr


def test_a_dose_starts_an_episode_whose_start_is_not_known(cli: Any) -> None:
    done = at(cli, T0, "dose", "ibuprofen", "200")
    assert "Started episode 1" in done.stderr
    shown = json.loads(at(cli, T0, "status", "--json").stdout)
    assert shown["episode"]["id"] == 1


def test_undo_takes_back_the_last_dose(cli: Any) -> None:
    at(cli, T0, "start", "--ago", "2h")
    at(cli, T0, "pain", "6")
    at(cli, hours(1), "dose", "acetaminophen", "1000")
    done = at(cli, hours(1), "undo", "--yes")
    assert done.exit_code == 0, done.stderr
    assert "Removed the dose of 1,000 mg of acetaminophen" in done.stderr
    assert doses_json(cli, hours(1))["doses"] == []
    again = at(cli, hours(1), "undo", "--yes")
    assert "pain score 6/10" in again.stderr


def test_a_version_5_log_moves_to_the_current_version_with_a_backup(
        cli: Any, backcare_home: Path) -> None:
    backcare_home.mkdir(mode=0o700, parents=True)
    log = backcare_home / "state.json"
    log.write_text(json.dumps({"schema_version": 5, "last_id": 1, "episodes": [
        {"id": 1, "onset": T0.isoformat(), "pain": [{"at": T0.isoformat(), "score": 4}]}]}))
    original = log.read_bytes()
    done = at(cli, hours(1), "dose", "ibuprofen", "200")
    assert done.exit_code == 0, done.stderr
    assert (backcare_home / "state.json.v5.bak").read_bytes() == original
    data = json.loads(log.read_text())
    assert data["schema_version"] == state.SCHEMA_VERSION == 7
    assert data["episodes"][0]["pain"][0]["score"] == 4
    assert data["episodes"][0]["doses"][0]["mg"] == 200


# ---------------------------------------------------------------------- the core


def test_names_and_amounts() -> None:
    assert find_medicine(CONTENT, "PARACETAMOL").id == "acetaminophen"
    assert find_medicine(CONTENT, "aleve").id == "naproxen"
    tylenol = MEDICINES["acetaminophen"]
    assert parse_amount("650", tylenol) == 650
    assert parse_amount("650mg", tylenol) == 650
    assert parse_amount("2 tablets", tylenol) == 1000
    assert parse_amount("1 tablet", tylenol) == 500
    for bad in ("0", "-1", "two", "5 spoons", ""):
        try:
            parse_amount(bad, tylenol)
        except InputError:
            continue
        raise AssertionError(bad)


def test_the_caution_chain_decides_which_limits_apply() -> None:
    def limits(medicine: str, **answers: Any) -> bool:
        cautions = medicine_cautions(Answers(**answers), CONTENT)
        return limits_for(MEDICINES[medicine], cautions).applies

    assert limits("acetaminophen") and limits("ibuprofen")
    for condition in ("liver-disease", "heavy-drinking", "low-weight", "blood-thinners"):
        assert not limits("acetaminophen", conditions=[condition]), condition
    assert not limits("acetaminophen", age=16)
    for condition in ("pregnancy", "kidney-disease", "heart-failure", "nsaid-allergy"):
        assert not limits("ibuprofen", conditions=[condition]), condition
        assert not limits("naproxen", conditions=[condition]), condition
    assert limits("acetaminophen", conditions=["kidney-disease"])


def test_another_nsaid_counts_inside_the_longer_of_their_longest_intervals() -> None:
    """Item 6: naproxen lasts up to 12 hours, so ibuprofen at 08:00 and Aleve at 12:30
    are two NSAIDs together; 13 hours apart they are not."""
    ibu = Dose(at=T0, medicine="ibuprofen", mg=400)
    close = Dose(at=hours(4.5), medicine="naproxen", mg=220)
    apart = Dose(at=hours(13), medicine="naproxen", mg=220)
    assert other_nsaid([ibu, close], close, CONTENT) == ibu
    assert other_nsaid([ibu, apart], apart, CONTENT) is None
    tylenol = Dose(at=hours(1), medicine="acetaminophen", mg=500)
    assert other_nsaid([ibu, tylenol], tylenol, CONTENT) is None


def test_days_used_and_the_label_days() -> None:
    ibu = MEDICINES["ibuprofen"]
    taken = [Dose(at=hours(24 * d), medicine="ibuprofen", mg=200) for d in range(11)]
    stand = standing(taken, ibu, [], hours(24 * 10 + 1), CONTENT)
    assert stand.days == 11 and stand.too_long


moments = st.integers(min_value=0, max_value=72 * 60).map(lambda m: T0 + timedelta(minutes=m))
amounts = st.integers(min_value=1, max_value=2000)
dose_lists = st.lists(st.tuples(moments, amounts), max_size=12)


@settings(max_examples=60, deadline=None)
@given(dose_lists, moments, amounts, st.sampled_from(sorted(MEDICINES)))
def test_adding_a_dose_never_lowers_the_24_hour_total(
        taken: list[tuple[datetime, int]], when: datetime, mg: int, medicine: str) -> None:
    doses = [Dose(at=t, medicine=medicine, mg=m) for t, m in taken]
    now = max([when, *(t for t, _ in taken)])
    before = total_in_day(doses, medicine, now)
    after = total_in_day([*doses, Dose(at=when, medicine=medicine, mg=mg)], medicine, now)
    assert after >= before


@settings(max_examples=60, deadline=None)
@given(dose_lists.filter(bool), st.sampled_from(sorted(MEDICINES)))
def test_the_next_dose_is_never_before_the_last_plus_the_interval(
        taken: list[tuple[datetime, int]], medicine: str) -> None:
    med = MEDICINES[medicine]
    doses = [Dose(at=t, medicine=medicine, mg=m) for t, m in taken]
    allowed = next_allowed(doses, med)
    assert allowed is not None
    assert allowed >= max(t for t, _ in taken) + timedelta(hours=med.interval_hours)
    # a usual dose at that moment keeps the 24 hours within the label
    assert total_in_day(doses, medicine, allowed) + med.dose_mg <= med.max_daily_mg


# ---------------------------------------------------------------------- where doses show


def test_status_history_and_the_handout_list_the_doses(cli: Any, tmp_path: Path) -> None:
    at(cli, T0, "start", "--ago", "2h")
    at(cli, T0, "dose", "ibuprofen", "400", "--note", "night dose")
    text = at(cli, hours(1), "status")
    assert "Doses" in text.stdout and "400 of 1,200 mg in the last 24 hours" in text.stdout
    assert "keeps count; it does not prescribe" in text.stdout
    shown = json.loads(at(cli, hours(1), "status", "--json").stdout)
    assert shown["doses"][0]["id"] == "ibuprofen"
    assert shown["doses"][0]["next_allowed"] == hours(4).isoformat()
    history = at(cli, hours(1), "history")
    assert "400 mg of ibuprofen" in history.stdout and "night dose" in history.stdout
    kept = json.loads(at(cli, hours(1), "history", "--json").stdout)
    assert kept["episodes"][0]["doses"][0]["mg"] == 400
    for fmt in ("md", "html"):
        page = tmp_path / f"handout.{fmt}"
        assert at(cli, hours(1), "report", "-o", str(page)).exit_code == 0
        assert "400 mg of ibuprofen" in page.read_text(encoding="utf-8")
    handout = json.loads(at(cli, hours(1), "report", "--format", "json").stdout)
    assert handout["doses"][0]["note"] == "night dose"


def test_in_spanish_the_dose_lines_are_spanish(cli: Any) -> None:
    env = {"BACKCARE_NOW": T0.isoformat(), "BACKCARE_LANG": "es"}
    done = cli("dose", "acetaminofén", "2", "tabletas", env=env)
    assert done.exit_code == 0, done.stderr
    assert "Se registraron 1,000 mg de acetaminofén" in done.stderr
    assert "en las últimas 24 horas" in done.stderr
    listed = cli("doses", env=env)
    assert "Dosis del episodio 1" in listed.stdout and "lleva la cuenta" in listed.stdout


def test_the_checks_pain_relief_says_what_the_log_has(cli: Any) -> None:
    at(cli, T0, "start", "--ago", "2h")
    at(cli, T0, "dose", "ibuprofen", "400")
    result = json.loads(at(cli, hours(1), "check", "--no-input", "--no-red-flags",
                           "--json").stdout)
    (note,) = [n for n in result["notes"] if n.startswith("Your dose log")]
    assert "400 of 1,200 mg in the last 24 hours" in note and "not before" in note
    kidney = json.loads(at(cli, hours(1), "check", "--no-input", "--no-red-flags",
                           "--condition", "kidney-disease", "--json").stdout)
    (note,) = [n for n in kidney["notes"] if n.startswith("Your dose log")]
    assert "1,200" not in note and "ask your pharmacist" in note
    later = json.loads(at(cli, hours(30), "check", "--no-input", "--no-red-flags",
                          "--json").stdout)
    assert not [n for n in later["notes"] if n.startswith("Your dose log")]


def test_the_night_dose_demo_adds_up_the_cold_remedy_and_warns(cli: Any,
                                                               backcare_home: Path) -> None:
    for lang, words in (("en", ("4,300 mg of acetaminophen", "Poison Control")),
                        ("es", ("4,300 mg de acetaminofén", "Control de Envenenamientos"))):
        shown = cli("demo", "night-dose", env={"BACKCARE_NOW": T0.isoformat(),
                                              "BACKCARE_LANG": lang})
        assert shown.exit_code == 0, shown.stderr
        for said in words:
            assert said in shown.stdout, (lang, said)
    assert not (backcare_home / "state.json").exists()  # a demo stores nothing


def test_a_dose_from_before_the_onset_is_kept_and_counted(cli: Any) -> None:
    at(cli, hours(6), "start", "--ago", "1h")
    night = at(cli, hours(6), "dose", "acetaminophen", "1000", "--at", T0.isoformat(),
               "--note", "cold remedy before the spasm")
    assert night.exit_code == 0, night.stderr
    assert doses_json(cli, hours(6))["medicines"][0]["total_24h_mg"] == 1000


def test_in_a_terminal_an_amount_far_above_one_dose_is_confirmed(cli: Any,
                                                                 backcare_home: Path) -> None:
    env = {"BACKCARE_NOW": T0.isoformat()}
    screen = spawn_backcare(backcare_home, "dose", "ibuprofen", "20", "tablets", env=env)
    screen.expect("4,000 mg of ibuprofen is far more than one dose")
    screen.send("n")
    assert screen.finish() == 0
    assert not (backcare_home / "state.json").exists()
    screen = spawn_backcare(backcare_home, "dose", "ibuprofen", "20", "tablets", env=env)
    screen.expect("Was that what was taken?")
    screen.send("y")
    screen.expect("Poison Control")
    assert screen.finish() == 11
    assert doses_json(cli, T0)["medicines"][0]["total_24h_mg"] == 4000


def test_aspirin_is_recorded_by_name_with_no_limit(cli: Any) -> None:
    at(cli, T0, "dose", "ibuprofen", "400")
    done = at(cli, hours(1), "dose", "Aspirin", "325")
    assert done.exit_code == 11, done.stderr  # beside ibuprofen
    assert "keeps no count of aspirin" in done.stderr and "pharmacist" in done.stderr
    assert "You also took ibuprofen" in done.stderr
    tablets = at(cli, hours(1), "dose", "aspirin", "2", "tablets")
    assert tablets.exit_code == 2 and "in mg" in tablets.stderr
    kept = doses_json(cli, hours(1))
    assert [m["id"] for m in kept["medicines"]] == ["ibuprofen"]
    assert kept["doses"][-1]["medicine"] == "aspirin"


def test_a_new_episode_does_not_start_the_24_hours_again(cli: Any) -> None:
    at(cli, T0, "dose", "acetaminophen", "1000")
    at(cli, hours(1), "start", "--new")
    done = at(cli, hours(5), "dose", "acetaminophen", "1000")
    assert "2,000 of 4,000 mg in the last 24 hours" in done.stderr
    assert doses_json(cli, hours(5))["medicines"][0]["total_24h_mg"] == 2000
    shown = json.loads(at(cli, hours(5), "status", "--json").stdout)
    assert shown["doses"][0]["total_24h_mg"] == 2000


def test_the_checks_note_counts_the_episode_ended_last(cli: Any) -> None:
    at(cli, T0, "dose", "acetaminophen", "1000")
    at(cli, hours(1), "start", "--new")
    result = json.loads(at(cli, hours(2), "check", "--no-input", "--no-red-flags",
                           "--json").stdout)
    (note,) = [n for n in result["notes"] if n.startswith("Your dose log")]
    assert "1,000 of 4,000 mg" in note


def test_a_back_dated_first_dose_starts_the_record_now(cli: Any) -> None:
    done = at(cli, hours(3), "dose", "ibuprofen", "200", "--at", T0.isoformat())
    assert done.exit_code == 0, done.stderr
    episode = json.loads(at(cli, hours(3), "status", "--json").stdout)["episode"]
    assert episode["onset_known"] is False
    assert datetime.fromisoformat(episode["onset"]) == hours(3)


# ---------------------------------------------------------------- the reviewer's defects


def test_a_thousands_separator_is_read_as_thousands_in_both_languages(cli: Any) -> None:
    """S5: '1,000' and '1.000' are a thousand mg, never 1 mg, in English and Spanish."""
    medicine = MEDICINES["acetaminophen"]
    for text in ("1,000", "1.000", "1,000 mg", "1.000mg"):
        assert parse_amount(text, medicine) == 1000
    done = at(cli, T0, "dose", "acetaminophen", "1,000")
    assert done.exit_code == 0, done.stderr
    assert "Recorded 1,000 mg of acetaminophen" in done.stderr
    spanish = at(cli, hours(5), "--lang", "es", "dose", "acetaminophen", "1.000")
    assert spanish.exit_code == 0, spanish.stderr
    assert [m["total_24h_mg"] for m in doses_json(cli, hours(5))["medicines"]] == [2000]


def test_sub_milligram_huge_and_ambiguous_amounts_are_refused(cli: Any) -> None:
    """S5: 0.0001 is not 'Recorded 0 mg', a 23-digit amount is no garbled number, and
    '0.500' (half a mg, or 500?) is not guessed."""
    for text in ("0.0001", "12345678901234567890123", "100001", "0.500", "1,000,000"):
        done = at(cli, T0, "dose", "acetaminophen", text, "--yes")
        assert done.exit_code == 2, (text, done.stderr)
        assert "Recorded" not in done.stderr
    assert doses_json(cli, T0)["medicines"] == []


def test_doses_of_one_ingredient_close_together_add_up_to_one_dose(cli: Any) -> None:
    """S1: Tylenol, paracetamol and acetaminophen a minute apart are one 3,000 mg dose."""
    first = at(cli, T0, "dose", "Tylenol", "1000")
    assert first.exit_code == 0, first.stderr
    second = at(cli, T0 + timedelta(minutes=1), "dose", "paracetamol", "1000")
    assert second.exit_code == 11, second.stderr
    assert "2,000 mg of acetaminophen at one time is more than the label's 1,000 mg" \
        in second.stderr
    assert "Poison Control (1-800-222-1222)" in second.stderr
    third = at(cli, T0 + timedelta(minutes=2), "dose", "acetaminophen", "1000")
    assert third.exit_code == 11
    assert "3,000 mg of acetaminophen at one time" in third.stderr


def test_a_dose_before_the_interval_has_passed_says_so_without_exit_11(cli: Any) -> None:
    """S1: 500 mg, then 500 mg an hour later, is within the per-dose maximum but early."""
    at(cli, T0, "dose", "acetaminophen", "500")
    done = at(cli, hours(1), "dose", "acetaminophen", "500")
    assert done.exit_code == 0, done.stderr
    assert "Warning: You also took acetaminophen on" in done.stderr
    assert "shortest time between doses, 4 hours" in done.stderr
    later = at(cli, hours(7), "dose", "acetaminophen", "500")  # 1,000 mg: 6 hours after
    assert "shortest time between doses" not in later.stderr


def test_a_back_dated_dose_is_checked_in_every_24_hours_and_interval_around_it(
        cli: Any) -> None:
    """S2: a dose back-dated between two others can push a past 24 hours over the limit."""
    for n in (0, 6, 12, 18):  # 08:00, 14:00, 20:00, 02:00 in Chicago
        assert at(cli, hours(n), "dose", "acetaminophen", "1000").exit_code == 0
    back = hours(1).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    done = at(cli, hours(26), "dose", "acetaminophen", "1000", "--at", back)
    assert done.exit_code == 11, done.stderr
    assert "5,000 mg of acetaminophen in the 24 hours up to" in done.stderr
    assert "2,000 mg of acetaminophen, taken in doses less than 4 hours apart" in done.stderr
    assert "allowed now" not in done.stderr
    listed = at(cli, hours(26), "doses")  # 3,000 in the last 24 hours; 5,000 up to 02:00
    assert "5,000 mg of acetaminophen in the 24 hours up to" in listed.stdout
    assert "allowed now" not in listed.stdout


def test_doses_repeats_a_per_dose_overdose_for_an_adult(cli: Any) -> None:
    """S6: after a single 2,000 mg dose, `doses` and `status` still warn that day."""
    assert at(cli, T0, "dose", "acetaminophen", "2000").exit_code == 11
    for command in ("doses", "status"):
        shown = at(cli, hours(3), command)
        assert "2,000 mg of acetaminophen at one time is more than the label's 1,000 mg" \
            in shown.stdout, command
        assert "Poison Control" in shown.stdout and "1-800-222-1222" in shown.stdout
    (med,) = doses_json(cli, hours(5))["medicines"]  # past the interval, still 24 hours
    assert med["over_per_dose"] is True and med["allowed_now"] is False


def test_a_child_sees_no_adult_days_figure(cli: Any) -> None:
    """S7: where the label's limits do not apply, no 'ask a doctor after 10' and no
    max_days in the JSON."""
    at(cli, T0, "check", "--no-input", "--no-red-flags", "--age", "9", "--save")
    at(cli, hours(1), "dose", "acetaminophen", "250")
    for command in ("doses", "status"):
        shown = at(cli, hours(2), command)
        assert "- Days used: 1." in shown.stdout, command
        assert "after 10" not in shown.stdout
    (med,) = doses_json(cli, hours(2))["medicines"]
    assert med["max_days"] is None and med["days_used"] == 1


def test_the_dose_log_gives_no_figure_where_the_check_withholds_the_label() -> None:
    """Item 4: the limits apply exactly where the check's screen shows the caution with
    the medicine's label figures, so the check and the dose log cannot disagree."""
    for conditions in ([], ["heart-disease"], ["high-blood-pressure"], ["asthma"],
                       ["kidney-disease"], ["blood-thinners"], ["liver-disease"]):
        for age in (40, 70, 15):
            cautions = medicine_cautions(Answers(conditions=conditions, age=age), CONTENT)
            for medicine in CONTENT.medicines:
                shows = any(c.id in ("ibuprofen-label", "acetaminophen-max")
                            and set(medicine.recommends_as) <= set(c.recommends)
                            for c in cautions)
                assert limits_for(medicine, cautions).applies == shows, (
                    conditions, age, medicine.id)


def test_an_ask_first_condition_shows_no_ibuprofen_figure(cli: Any) -> None:
    """Item 4: at 70 the check withholds ibuprofen's label; so does `dose`."""
    at(cli, T0, "check", "--no-input", "--no-red-flags", "--age", "70", "--save")
    done = at(cli, hours(1), "dose", "ibuprofen", "200")
    assert done.exit_code == 0, done.stderr
    assert "1,200" not in done.stderr and "next dose" not in done.stderr
    assert "ask a doctor or pharmacist before you take ibuprofen" in done.stderr
    (med,) = doses_json(cli, hours(1))["medicines"]
    assert med["max_daily_mg"] is None and med["next_allowed"] is None
    assert "nsaid-ask-first" in med["cautions"]


def test_with_a_blood_thinner_acetaminophen_shows_its_ask_first_caution(cli: Any) -> None:
    """Item 5: acetaminophen-blood-thinner asks first about 'acetaminophen', the ingredient,
    which `dose acetaminophen` matches as well as what it is recommended as."""
    at(cli, T0, "check", "--no-input", "--no-red-flags", "--condition", "blood-thinners",
       "--save")
    done = at(cli, hours(1), "dose", "acetaminophen", "500")
    assert "anticoagulation clinic before you take acetaminophen regularly" in done.stderr
    (med,) = doses_json(cli, hours(1))["medicines"]
    assert "acetaminophen-blood-thinner" in med["cautions"]


def test_after_the_interval_the_log_states_a_fact_not_a_go_ahead(cli: Any) -> None:
    """Item 3: 'another dose is allowed now, if you need it' read as prescribing."""
    at(cli, T0, "dose", "acetaminophen", "500")
    shown = at(cli, hours(5), "doses")
    assert "The label's shortest time between doses has passed." in shown.stdout
    assert "allowed now" not in shown.stdout
    spanish = at(cli, hours(5), "--lang", "es", "doses")
    assert "Ya pasó el tiempo mínimo entre dosis que indica la etiqueta." in spanish.stdout
