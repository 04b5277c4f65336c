"""The dose log for the person behind the doses: a child, a teenager, someone whose cautions
rule a medicine out, two NSAIDs, naproxen's larger first dose, and what each warning says
to do. Times are Chicago's, injected through BACKCARE_NOW."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

T0 = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)  # 08:00 in Chicago
SAVE = ("check", "--no-input", "--no-red-flags", "--pain", "5", "--save")
POISON = "Poison Control (1-800-222-1222)"
ALARM = "even if you feel well"


def hours(n: float) -> datetime:
    return T0 + timedelta(hours=n)


def at(cli: Any, moment: datetime, *args: str, lang: str = "en") -> Any:
    return cli(*args, env={"BACKCARE_NOW": moment.isoformat(), "BACKCARE_LANG": lang})


def medicine(cli: Any, moment: datetime, medicine_id: str) -> dict[str, Any]:
    done = at(cli, moment, "doses", "--json")
    assert done.exit_code == 0, done.stderr
    return next(m for m in json.loads(done.stdout)["medicines"] if m["id"] == medicine_id)


# ------------------------------------------------------------------------ children


@pytest.mark.parametrize(("age", "name", "mg"), [
    ("15", "acetaminophen", "500"), ("17", "naproxen", "220"), ("12", "ibuprofen", "200")])
def test_a_teenagers_label_dose_is_not_an_overdose(cli: Any, age: str, name: str,
                                                    mg: str) -> None:
    """The US labels dose 12 and over as adults: a tablet is not a call to Poison Control."""
    assert at(cli, T0, *SAVE, "--age", age).exit_code == 0
    done = at(cli, hours(1), "dose", name, mg)
    assert done.exit_code == 0, done.stderr
    assert "Poison Control" not in done.stderr and "Warning" not in done.stderr
    assert "ask your pharmacist" in done.stderr  # and no adult figure, as the check


def test_a_teenager_over_the_adult_daily_maximum_is_warned_without_a_figure(cli: Any) -> None:
    at(cli, T0, *SAVE, "--age", "16")
    for n in (0, 5, 10, 15):
        at(cli, hours(n), "dose", "acetaminophen", "1000")
    done = at(cli, hours(19), "dose", "acetaminophen", "500")
    assert done.exit_code == 11
    assert "more acetaminophen in the last 24 hours than its label allows anyone" \
        in done.stderr
    assert ALARM in done.stderr and "4,000" not in done.stderr


def test_the_labels_days_are_counted_whatever_the_cautions(cli: Any) -> None:
    """The label's 10 days before asking a doctor hold whatever the cautions."""
    at(cli, T0, *SAVE, "--age", "66")
    for day in range(11):
        at(cli, hours(24 * day), "dose", "ibuprofen", "200")
    done = at(cli, hours(24 * 10 + 1), "doses")
    assert "Days used: 11 (the label: ask a doctor after 10)" in done.stdout


def test_a_childs_sixth_dose_in_a_day_is_over_the_childrens_label(cli: Any) -> None:
    """An 8-year-old's label dose (320 mg) six times in 24 hours: each dose the label's,
    the day over its 5 doses."""
    at(cli, T0, *SAVE, "--age", "8")
    for n in (0, 4, 8, 12, 16):
        done = at(cli, hours(n), "dose", "acetaminophen", "320")
        assert done.exit_code == 0 and "Warning" not in done.stderr, done.stderr
    sixth = at(cli, hours(20), "dose", "acetaminophen", "320")
    assert sixth.exit_code == 11
    assert "more acetaminophen in 24 hours than a children's label allows a child: at most " \
        "5 doses" in sixth.stderr
    assert POISON in sixth.stderr and ALARM in sixth.stderr
    shown = medicine(cli, hours(21), "acetaminophen")
    assert shown["over_child_doses"] is True and shown["next_allowed"] is None
    assert shown["max_daily_mg"] is None  # no adult figure for a child


def test_more_than_a_childs_label_dose_asks_to_check_before_giving_more(cli: Any) -> None:
    at(cli, T0, *SAVE, "--age", "3")
    done = at(cli, hours(1), "dose", "acetaminophen", "480")
    assert done.exit_code == 11
    assert "more than a children's label gives a child of 3 (160 mg)" in done.stderr
    assert "Before giving any more, call Poison Control (1-800-222-1222" in done.stderr
    assert ALARM not in done.stderr  # one tablet is not an emergency
    assert "under 12" in done.stderr  # the check's caution for a young child
    shown = medicine(cli, hours(2), "acetaminophen")
    assert shown["not_adult_dose"] is True and shown["allowed_now"] is None


@pytest.mark.parametrize(("age", "name", "mg", "fine"), [
    ("11", "ibuprofen", "300", True), ("9", "ibuprofen", "300", False),
    ("5", "acetaminophen", "240", True), ("1", "acetaminophen", "80", False),
    ("10", "naproxen", "220", False)])
def test_a_childs_dose_is_held_to_the_childrens_label_for_their_age(
        cli: Any, age: str, name: str, mg: str, fine: bool) -> None:
    at(cli, T0, *SAVE, "--age", age)
    done = at(cli, hours(1), "dose", name, mg)
    assert (done.exit_code == 0) is fine, done.stderr
    assert ("Poison Control" in done.stderr) is not fine


# ---------------------------------------------------------------- aspirin's cautions


@pytest.mark.parametrize(("condition", "says"), [
    (("--condition", "blood-thinners"), "do not take ibuprofen, naproxen, aspirin"),
    (("--condition", "pregnancy"), "do not take ibuprofen, naproxen, aspirin"),
    (("--age", "10"), "Reye's syndrome"),
])
def test_aspirin_ruled_out_by_a_caution_shows_it_not_how_much_to_take(
        cli: Any, condition: tuple[str, str], says: str) -> None:
    assert at(cli, T0, *SAVE, *condition).exit_code == 0
    done = at(cli, hours(1), "dose", "Bayer", "325")
    assert done.exit_code == 11, done.stderr
    assert "A caution of yours is about aspirin" in done.stderr and says in done.stderr
    assert "rules out aspirin: do not take any more" in done.stderr
    assert "how much you can take" not in done.stderr
    listed = at(cli, hours(2), "doses").stdout
    assert "A caution of yours rules it out" in listed
    assert "how much you can take" not in listed
    (named,) = json.loads(at(cli, hours(2), "doses", "--json").stdout)["by_name_only"]
    assert named["id"] == "aspirin" and named["ruled_out"] is True and named["cautions"]


def test_aspirin_at_sixteen_is_counted_by_name_only(cli: Any) -> None:
    at(cli, T0, *SAVE, "--age", "16")
    done = at(cli, hours(1), "dose", "aspirin", "325")
    assert "keeps no count of aspirin" in done.stderr and "Reye" not in done.stderr


# --------------------------------------------------------------------- two NSAIDs


def test_after_two_nsaids_no_screen_says_the_other_is_fine(cli: Any) -> None:
    at(cli, hours(-2), "dose", "ibuprofen", "400")
    assert at(cli, T0, "dose", "naproxen", "220").exit_code == 11
    later = hours(2.5)
    ibuprofen = medicine(cli, later, "ibuprofen")
    assert ibuprofen["allowed_now"] is False and ibuprofen["next_allowed"] is None
    assert ibuprofen["other_nsaid"]["medicine"] == "naproxen"
    for command in ("doses", "status"):
        shown = at(cli, later, command).stdout
        assert "shortest time between doses has passed" not in shown, command
        assert "Never take two anti-inflammatory pain relievers" in shown, command
    note = json.loads(at(cli, later, *SAVE, "--json").stdout)
    (log,) = [n for n in note["notes"] if n.startswith("Your dose log")]
    assert "Never take two" in log and "shortest time between doses has passed" not in log
    # once the naproxen can no longer act (12 hours), ibuprofen alone is the label's again
    assert medicine(cli, hours(12.5), "ibuprofen")["allowed_now"] is True


def test_switching_nsaids_waits_for_the_first_to_stop_acting(cli: Any) -> None:
    at(cli, T0, "dose", "naproxen", "220")
    switched = at(cli, hours(13), "dose", "ibuprofen", "200")
    assert switched.exit_code == 0 and "You also took" not in switched.stderr
    naproxen = medicine(cli, hours(14), "naproxen")
    assert naproxen["allowed_now"] is False and naproxen["other_nsaid"] is None
    assert naproxen["next_allowed"] == hours(19).isoformat()  # ibuprofen acts 6 hours
    shown = at(cli, hours(14), "doses").stdout
    assert "the ibuprofen taken on" in shown and "may still be acting" in shown


def test_naproxen_after_ibuprofen_has_stopped_acting_is_no_warning(cli: Any) -> None:
    at(cli, T0, "dose", "ibuprofen", "400")
    switched = at(cli, hours(7), "dose", "naproxen", "220")
    assert switched.exit_code == 0 and "You also took" not in switched.stderr


# ------------------------------------------------------------- naproxen's first dose


def test_naproxens_second_tablet_in_the_first_hour_is_the_label_first_dose(cli: Any) -> None:
    at(cli, T0, "dose", "naproxen", "220")
    second = at(cli, hours(0.67), "dose", "Aleve", "1", "tablet")
    assert second.exit_code == 0, second.stderr
    assert "Warning" not in second.stderr
    assert "440 of 660 mg" in second.stderr


def test_two_naproxen_tablets_after_the_first_dose_are_over_the_label(cli: Any) -> None:
    at(cli, T0, "dose", "naproxen", "220")
    later = at(cli, hours(12), "dose", "Aleve", "2", "tablets")
    assert later.exit_code == 11
    assert "440 mg of naproxen sodium at one time is more than the label's 220 mg" \
        in later.stderr
    assert "only as the first dose" in later.stderr


def test_a_third_naproxen_tablet_within_eight_hours_is_over_the_label(cli: Any) -> None:
    at(cli, T0, "dose", "naproxen", "440")
    third = at(cli, hours(5), "dose", "naproxen", "220")
    assert third.exit_code == 11
    assert "660 mg of naproxen sodium, taken in doses less than 8 hours apart, is more than " \
        "the label's 440 mg a dose" in third.stderr


def test_three_naproxen_tablets_within_twelve_hours_are_over_the_label(cli: Any) -> None:
    at(cli, T0, "dose", "naproxen", "220")
    at(cli, hours(2), "dose", "naproxen", "220")
    third = at(cli, hours(10), "dose", "naproxen", "220")
    assert third.exit_code == 11
    assert "660 mg of naproxen sodium within 12 hours is more than the label's 440 mg in " \
        "any 12 hours" in third.stderr


# ------------------------------------------------------------ what a warning says


def test_an_nsaids_per_dose_excess_says_what_to_do_without_the_alarm(cli: Any) -> None:
    done = at(cli, T0, "dose", "ibuprofen", "400")
    again = at(cli, hours(1), "dose", "ibuprofen", "400")
    assert done.exit_code == 0 and again.exit_code == 11
    assert "Do not take any more for now. Poison Control (1-800-222-1222)" in again.stderr
    assert ALARM not in again.stderr
    assert medicine(cli, hours(3), "ibuprofen")["next_allowed"] is None


def test_acetaminophen_over_a_dose_gets_the_labels_overdose_instruction(cli: Any) -> None:
    """Early acetaminophen poisoning has no signs: the label says get help even so."""
    done = at(cli, T0, "dose", "acetaminophen", "2000")
    assert done.exit_code == 11 and ALARM in done.stderr


@pytest.mark.parametrize("condition", ["liver-disease", "heavy-drinking", "low-weight"])
def test_a_lower_limit_warns_at_the_label_maximum(cli: Any, condition: str) -> None:
    at(cli, T0, *SAVE, "--condition", condition)
    for n in (0, 6, 12):
        assert at(cli, hours(n), "dose", "acetaminophen", "1000").exit_code == 0
    fourth = at(cli, hours(18), "dose", "acetaminophen", "1000")
    assert fourth.exit_code == 11
    assert "your cautions make your safe amount lower. Take no more today" in fourth.stderr
    assert "4,000 mg of acetaminophen in 24 hours" in fourth.stderr


def test_a_new_episode_keeps_the_persons_cautions(cli: Any) -> None:
    at(cli, T0, *SAVE, "--age", "8")
    at(cli, hours(48), "end", "--yes")
    done = at(cli, hours(24 * 10), "dose", "ibuprofen", "2", "tablets")
    assert done.exit_code == 11 and "1,200" not in done.stderr
    assert "a child of 8 (200 mg)" in done.stderr


def test_an_nsaid_over_its_day_says_plainly_not_to_take_more(cli: Any) -> None:
    for n in (0, 4, 8):
        at(cli, hours(n), "dose", "ibuprofen", "400")
    done = at(cli, hours(12), "dose", "ibuprofen", "200")
    assert done.exit_code == 11
    assert "Do not take any more now. If you took much more than this" in done.stderr


# ------------------------------------------------------------------ words and amounts


@pytest.mark.parametrize("amount", ["3,5", "1,00", "2,5 tablets"])
def test_a_comma_decimal_in_english_is_refused_as_ambiguous(cli: Any, amount: str) -> None:
    done = at(cli, T0, "dose", "ibuprofen", amount)
    assert done.exit_code == 2 and "ambiguous" in done.stderr


def test_a_total_with_a_half_mg_is_grouped(cli: Any) -> None:
    at(cli, T0, "dose", "acetaminophen", "1000")
    done = at(cli, hours(5), "dose", "acetaminophen", "104.5")
    assert "1,104.5 of 4,000 mg" in done.stderr


def test_spanish_names_and_tablet_words_are_understood(cli: Any) -> None:
    done = at(cli, T0, "dose", "naproxeno", "1", "comprimido", lang="es")
    assert done.exit_code == 0, done.stderr
    assert "220 mg de naproxeno sódico" in done.stderr
    pills = at(cli, hours(9), "dose", "acetaminofén", "2", "pastillas", lang="es")
    assert (pills.exit_code == 0 and "1.000 mg" in pills.stderr) or "1,000 mg" in pills.stderr
    unknown = at(cli, T0, "dose", "naproxenx", "220", lang="es")
    assert unknown.exit_code == 2 and "¿quiso decir naproxeno" in unknown.stderr
    assert "acetaminophen" not in unknown.stderr  # the names in Spanish


def test_spanish_dates_name_the_day_and_month_in_full(cli: Any) -> None:
    done = at(cli, T0, "dose", "ibuprofeno", "200", lang="es")
    day = "(lunes|martes|miércoles|jueves|viernes|sábado|domingo)"
    assert re.search(day + r" 2[01] de noviembre \d\d:\d\d", done.stderr), done.stderr


# ------------------------------------------------------------- across episodes


def test_doses_in_an_episode_ended_earlier_today_still_count(cli: Any) -> None:
    """Two ends in a day move the first episode out of the state file; its doses must
    still count."""
    at(cli, T0, "dose", "acetaminophen", "1000")
    at(cli, hours(4), "dose", "acetaminophen", "1000")
    at(cli, hours(4.2), "end", "--yes")
    at(cli, hours(8), "dose", "acetaminophen", "1000")
    at(cli, hours(8.2), "end", "--yes")
    at(cli, hours(12), "dose", "acetaminophen", "1000")
    fifth = at(cli, hours(16), "dose", "acetaminophen", "1000")
    assert fifth.exit_code == 11
    assert "5,000 mg of acetaminophen in the last 24 hours" in fifth.stderr


def test_doses_after_a_new_episode_lists_the_doses_that_still_count(cli: Any) -> None:
    for n in (0, 4, 8, 12, 16):
        at(cli, hours(n), "dose", "acetaminophen", "1000")
    at(cli, hours(17), "start", "--new")
    shown = at(cli, hours(18), "doses").stdout
    assert "No doses" not in shown and "5,000 of 4,000 mg" in shown


def test_a_check_beside_an_overdose_in_the_log_routes_up(cli: Any) -> None:
    """The check's headline never says home care while its note says to get help: it
    says to call Poison Control now, and shows no pain relief."""
    for n in (0, 4, 8, 12, 16):
        at(cli, hours(n), "dose", "acetaminophen", "1000")

    def routed(moment: datetime) -> list[str]:
        status = json.loads(at(cli, moment, "status", "--json").stdout)
        return [r["id"] for r in status["escalation"]["reasons"]]

    assert "dose-over-label" in routed(hours(18))
    assert "dose-over-label" in routed(hours(56))  # 40 hours after the day's last dose
    assert "dose-over-label" not in routed(hours(70))  # the doses no longer count
    done = at(cli, hours(17), *SAVE, "--json", "--exit-code")
    assert done.exit_code == 12
    result = json.loads(done.stdout)
    assert result["triage"]["banner"].startswith("CALL POISON CONTROL NOW")
    assert "dose-over-label" in [r["id"] for r in result["triage"]["reasons"]]
    assert result["advice"] == []  # no acetaminophen advice beside it
    # saved, it stands as a warning sign until a clinician has seen the person
    assert "dose-over-label" in routed(hours(60))


def test_an_nsaid_over_its_day_warns_without_routing_the_check(cli: Any) -> None:
    for n in (0, 4, 8, 12):
        at(cli, hours(n), "dose", "ibuprofen", "400")
    done = at(cli, hours(13), *SAVE, "--json", "--exit-code")
    assert done.exit_code == 0
    assert any("1,600 of 1,200 mg" in n for n in json.loads(done.stdout)["notes"])


def test_a_check_after_end_reads_the_doses_that_still_count(cli: Any) -> None:
    for n in (0, 4, 8, 12, 16):
        at(cli, hours(n), "dose", "acetaminophen", "1000")
    at(cli, hours(17), "end", "--yes")
    done = at(cli, hours(18), *SAVE, "--exit-code")
    assert done.exit_code == 12 and "5,000 of 4,000 mg" in done.stdout


def test_a_check_without_an_age_in_a_new_episode_keeps_the_childs(cli: Any) -> None:
    at(cli, T0, *SAVE, "--age", "8")
    at(cli, hours(48), "end", "--yes")
    at(cli, hours(240), "dose", "ibuprofen", "200")
    again = json.loads(at(cli, hours(241), *SAVE, "--json").stdout)
    assert again["answers"]["age"] == 8
    assert medicine(cli, hours(242), "ibuprofen")["max_daily_mg"] is None


def test_after_two_naproxen_tablets_the_next_is_twelve_hours_on(cli: Any) -> None:
    at(cli, T0, "dose", "naproxen", "440")
    assert medicine(cli, hours(9), "naproxen")["next_allowed"] == hours(12).isoformat()
    assert at(cli, hours(12), "dose", "naproxen", "220").exit_code == 0


def test_a_dose_of_a_medicine_not_in_the_data_is_named_not_dropped(
        cli: Any, backcare_home: Path) -> None:
    at(cli, T0, "dose", "ibuprofen", "400")
    log = backcare_home / "state.json"
    log.write_text(log.read_text(encoding="utf-8").replace('"ibuprofen"', '"oxycodone"'),
                   encoding="utf-8")
    shown = at(cli, hours(1), "doses")
    assert shown.exit_code == 0
    assert "knows no medicine oxycodone" in shown.stdout and "No doses" not in shown.stdout


def test_a_911_warning_sign_keeps_its_screen_beside_an_overdose(cli: Any) -> None:
    for n in (0, 4, 8, 12, 16):
        at(cli, hours(n), "dose", "acetaminophen", "1000")
    done = at(cli, hours(17), "check", "--no-input", "--red-flag", "bladder-bowel", "--json")
    result = json.loads(done.stdout)
    assert result["triage"]["level"] == "emergency"
    assert not result["triage"]["banner"].startswith("CALL POISON CONTROL")
    assert {"bladder-bowel", "dose-over-label"} <= {r["id"] for r in result["triage"]["reasons"]}


def test_status_with_no_episode_open_shows_the_doses_that_count(cli: Any) -> None:
    for n in (0, 4, 8, 12, 16):
        at(cli, hours(n), "dose", "acetaminophen", "1000")
    at(cli, hours(17), "end", "--yes")
    shown = at(cli, hours(18), "status").stdout
    assert "5,000 of 4,000 mg" in shown
    assert json.loads(at(cli, hours(18), "status", "--json").stdout)["doses"][0]["over_daily"]


def test_far_more_than_a_dose_of_aspirin_warns_and_routes(cli: Any) -> None:
    done = at(cli, T0, "dose", "aspirin", "10000", "--yes")
    assert done.exit_code == 11 and "how much you can take" not in done.stderr
    assert at(cli, hours(1), *SAVE, "--exit-code").exit_code == 12


def test_a_prescription_sized_nsaid_day_warns_without_poison_control(cli: Any) -> None:
    """800 mg four times a day is a doctor's prescription, not a poisoning."""
    for n in (0, 6, 12, 18):
        at(cli, hours(n), "dose", "ibuprofen", "800")
    done = at(cli, hours(19), *SAVE, "--exit-code")
    assert done.exit_code == 0 and "3,200 of 1,200 mg" in done.stdout


def test_aspirin_is_added_up_over_the_day(cli: Any) -> None:
    for minutes in (0, 5):
        at(cli, T0 + timedelta(minutes=minutes), "dose", "aspirin", "3000")
    third = at(cli, T0 + timedelta(minutes=10), "dose", "aspirin", "3000")
    assert third.exit_code == 11  # the dose command says what the check will
    assert "how much you can take" not in third.stderr and "Poison Control" in third.stderr
    assert "aspirin: 9,000 mg in the last 24 hours." in at(cli, hours(1), "doses").stdout
    assert at(cli, hours(1), *SAVE, "--exit-code").exit_code == 12


def test_being_seen_after_an_overdose_ends_the_log_routing(cli: Any) -> None:
    for n in (0, 4, 8, 12, 16):
        at(cli, hours(n), "dose", "acetaminophen", "1000")
    assert at(cli, hours(17), *SAVE, "--exit-code").exit_code == 12
    at(cli, hours(18), "seen", "--note", "Poison Control: no treatment needed")
    assert at(cli, hours(19), *SAVE, "--exit-code").exit_code == 0


def test_a_days_overdose_is_remembered_for_two_days_after_it(cli: Any) -> None:
    """Harm to the liver shows a day or more later: no next dose is offered meanwhile."""
    for n in (0, 4, 8, 12, 16):
        at(cli, hours(n), "dose", "acetaminophen", "1000")
    later = medicine(cli, hours(16 + 40), "acetaminophen")
    assert later["over_daily"] is True and later["allowed_now"] is False
    assert medicine(cli, hours(16 + 49), "acetaminophen")["over_daily"] is False


def test_a_check_after_end_takes_the_childs_age(cli: Any) -> None:
    at(cli, T0, *SAVE, "--age", "6")
    at(cli, hours(1), "end", "--yes")
    done = json.loads(at(cli, hours(2), "check", "--no-input", "--no-red-flags",
                         "--json").stdout)
    assert done["answers"]["age"] == 6
