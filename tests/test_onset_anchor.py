"""Issue 19, item 6: a clock that never guesses early.

A range of when it started anchors the ice/heat clock at its most recent end, so heat is
never offered before it can be due, while the days of the episode are still counted from
the middle of the range. "Not sure" leaves the window unknown until the person says when.
A check inside an open episode asks whether it is the same spasm and keeps the episode's
clock. Time is injected with BACKCARE_NOW; the person at the terminal is played in-process
through `backcare.prompts`, the one module that asks anything.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from backcare import output, prompts
from backcare.loader import load_content, shipped_content
from backcare.output import local
from tests.helpers import flat, status_json

CONTENT = load_content()
Q = CONTENT.questions
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def hours(n: float) -> timedelta:
    return timedelta(hours=n)


class Person:
    """Answers `backcare check` at a terminal: no warning signs, no place on the back map
    (so no warning sign to confirm), when it started (`onset`, an onset id), pain 4, no
    conditions, whether it is the same spasm (`same`) and yes to saving. Every question
    asked is kept in `asked`."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.onset = "under-6h"
        self.same = True
        self.save = True

    def checklist(self, question: str, choices: Any, none_label: str | None = None,
                  **kept: Any) -> list[str]:
        """`kept`: the list's other arguments (ticked, settle; the back map's picture and
        caption), all unused: "None of these" on every list."""
        self.asked.append(question)
        return []

    def choose(self, question: str, choices: Any, said: bool = True, hint: Any = None,
               default: str | None = None) -> str:
        self.asked.append(question)
        assert self.onset in [key for key, _label in choices]
        return self.onset

    def number(self, question: str, low: int, high: int, default: int | None = None) -> int:
        self.asked.append(question)
        return 40 if question == Q.age else 4

    def confirm(self, question: str, default: bool = True) -> bool:
        self.asked.append(question)
        return self.save if question == Q.save else self.same


@pytest.fixture
def person(monkeypatch: pytest.MonkeyPatch) -> Person:
    who = Person()
    monkeypatch.setattr(output, "can_prompt", lambda: True)
    for name in ("checklist", "choose", "number", "confirm"):
        monkeypatch.setattr(prompts, name, getattr(who, name))
    return who


def checked(at: Callable[..., Any], person: Person, moment: datetime, onset: str) -> Any:
    """An interactive check at `moment`, answered `onset` and saved."""
    person.onset = onset
    result = at(moment, "check")
    assert result.exit_code == 0, result.stderr
    return result


def unknown_episode(at: Callable[..., Any], person: Person) -> None:
    """An episode saved at T0 by a person not sure when it started."""
    checked(at, person, T0, "not-sure")


# a range anchors the clock at its most recent end ------------------------------------------


def test_6_to_24_hours_ago_offers_heat_only_once_24_hours_are_certain(at, person) -> None:
    saved = checked(at, person, T0, "6-24h")
    assert CONTENT.say("onset-said", onset="6 to 24 hours ago") in flat(saved.stdout)
    history = json.loads(at(T0, "history", "--json").stdout)["episodes"][0]
    assert history["onset"] == (T0 - hours(6)).isoformat()  # the range's most recent end
    assert history["onset_earliest"] == (T0 - hours(24)).isoformat()
    answers = history["checks"][0]["answers"]
    assert answers["onset_range"] == "6-24h"
    assert answers["onset_earliest"] == (T0 - hours(24)).isoformat()

    at15 = status_json(at, T0 + hours(15))  # the middle of the range would say hour 30
    assert at15["phase"] == "ice" and at15["hours_since_onset"] == 21.0
    assert at15["recommendation"]["kind"] == "ice"
    heat = at(T0 + hours(15), "apply", "heat", "--no-timer")
    assert CONTENT.say("heat-in-ice-phase") in flat(heat.stderr)
    at18 = status_json(at, T0 + hours(18))
    assert at18["phase"] == "transition"
    assert at(T0 + hours(18), "apply", "heat", "--no-timer").stderr.count("Warning") == 0


def test_the_days_of_an_episode_count_from_the_middle_of_its_range(at, person) -> None:
    """A long episode is found no later than before: 1 to 3 weeks ago is two weeks."""
    weeks = CONTENT.rule("long-episode").days_at_least or 0
    checked(at, person, T0, "1-3w")
    before = status_json(at, T0 + timedelta(days=weeks - 14) - hours(1))["escalation"]
    assert before["level"] == "self-care"
    after = status_json(at, T0 + timedelta(days=weeks - 14) + hours(1))["escalation"]
    assert after["level"] == "soon"
    assert [r["id"] for r in after["reasons"]] == ["long-episode"]


def test_a_check_over_three_weeks_ago_is_a_long_episode_at_once(at, person) -> None:
    saved = checked(at, person, T0, "over-3w")
    assert flat(CONTENT.rule("long-episode").reason) in flat(saved.stdout)


# "not sure" leaves the window unknown ------------------------------------------------------


def test_not_sure_leaves_the_window_unknown_on_status(at, person) -> None:
    saved = checked(at, person, T0, "not-sure")
    assert CONTENT.say("started-unknown", episode=1) in flat(saved.stderr)
    assert flat(CONTENT.say("onset-unknown")) in flat(saved.stderr)
    data = status_json(at, T0 + hours(1))
    assert data["phase"] == "unknown"
    assert data["hours_since_onset"] is None
    assert data["episode"]["onset_known"] is False
    assert data["message"] == CONTENT.say("onset-unknown")
    cold_then_heat = next(a for a in CONTENT.advice if a.id == "cold-then-heat")
    assert data["recommendation"]["kind"] == "ice-or-heat"
    assert data["recommendation"]["text"] == cold_then_heat.text
    screen = flat(at(T0 + hours(1), "status", "--plain").stdout)
    assert CONTENT.say("window-unknown", episode=1).upper() in screen
    assert flat(CONTENT.say("onset-unknown")) in screen
    assert "You are at hour" not in screen and "ice phase" not in screen


def test_after_an_emergency_an_unknown_start_says_nothing_of_cold_or_heat(at, person) -> None:
    unknown_episode(at, person)
    saved = at(T0 + hours(1), "check", "--no-input", "--red-flag", "chest-pain", "--save")
    assert saved.exit_code == 0, saved.stderr
    data = status_json(at, T0 + hours(1))
    assert data["phase"] == "unknown" and data["recommendation"] is None
    assert data["message"] is None
    screen = flat(at(T0 + hours(1), "status", "--plain").stdout)
    assert CONTENT.say("no-plan-emergency") in screen
    assert "use cold" not in screen and "Ice and heat timeline" not in screen


def test_the_unknown_message_says_what_to_use_by_the_windows_hours() -> None:
    said = CONTENT.say("onset-unknown")
    w = CONTENT.window
    assert f"less than {w.ice_until_hours:g} hours ago" in said and "use cold" in said
    assert f"{w.heat_from_hours:g} hours ago or more" in said and "use heat" in said
    assert "backcare start --ago" in said and "backcare start --at" in said


def test_apply_gives_no_phase_warning_while_the_start_is_not_known(at, person) -> None:
    unknown_episode(at, person)
    heat = at(T0 + hours(1), "apply", "heat", "--no-timer")
    assert heat.exit_code == 0, heat.stderr
    assert "Warning" not in heat.stderr
    cold = at(T0 + hours(100), "apply", "ice", "--no-timer")
    assert "Warning" not in cold.stderr
    too_long = at(T0 + hours(200), "apply", "heat", "--no-timer", "--minutes", "30")
    assert CONTENT.say("too-long", minutes=30.0) in flat(too_long.stderr)  # others stay
    assert CONTENT.say("heat-in-ice-phase") not in flat(too_long.stderr)


def test_plan_for_an_unknown_start_is_ice_or_heat_with_how_to_choose(at, person,
                                                                      tmp_path: Path) -> None:
    unknown_episode(at, person)
    listed = at(T0 + hours(1), "plan")
    assert listed.exit_code == 0, listed.stderr
    assert flat(CONTENT.say("onset-unknown")) in flat(listed.stderr)
    lines = [line for line in listed.stdout.splitlines() if "gentle movement" not in line]
    assert lines and all(": ice or heat, 15 minutes" in line for line in lines)
    ics = at(T0 + hours(1), "plan", "--ics", "-")
    assert ics.exit_code == 0, ics.stderr
    unfolded = re.sub(r"\r?\n ", "", ics.stdout)
    assert "SUMMARY;LANGUAGE=en:Ice or heat: 15 min" in unfolded
    assert "use heat" in unfolded and "use cold" in unfolded


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_the_handout_of_an_unknown_start_says_how_to_choose(at, person, fmt: str) -> None:
    unknown_episode(at, person)
    at(T0 + hours(1), "apply", "heat", "--no-timer")
    report = at(T0 + hours(2), "report", "--format", fmt)
    assert report.exit_code == 0, report.stderr
    if fmt == "json":
        doc = json.loads(report.stdout)
        assert doc["onset"] is None and doc["window"] is None
        assert [a["kind"] for a in doc["applications"]] == ["heat"]
        return
    text = flat(report.stdout.replace("\\", ""))
    assert "use cold" in text and "use heat" in text
    assert f"{local(T0 + hours(1))} heat 15 min" in text  # the session, by its time alone
    assert "hour 1 (" not in text


def test_start_at_sets_an_unknown_start_but_never_after_an_entry(at, person, monkeypatch
                                                                  ) -> None:
    """In a terminal too: setting the start asks nothing."""
    unknown_episode(at, person)
    at(T0 + hours(1), "pain", "5")
    late = at(T0 + hours(2), "start", "--at", (T0 + hours(1)).isoformat())
    assert late.exit_code == 2
    (line,) = late.stderr.strip().splitlines()
    assert line.startswith("backcare: ") and "backcare start --new" in line
    assert status_json(at, T0 + hours(2))["phase"] == "unknown"

    done = at(T0 + hours(2), "start", "--ago", "2d")
    assert done.exit_code == 0, done.stderr
    onset = T0 + hours(2) - hours(48)
    assert flat(CONTENT.say("onset-set", episode=1, onset=local(onset), hour="48",
                            phase=CONTENT.phase_text("heat").title.lower())) in flat(done.stderr)
    data = status_json(at, T0 + hours(2))
    assert data["episode"]["id"] == 1 and data["episode"]["onset_known"] is True
    assert data["episode"]["onset"] == onset.isoformat()
    assert data["phase"] == "heat" and data["message"] is None
    monkeypatch.setattr(output, "can_prompt", lambda: False)
    again = at(T0 + hours(3), "start", "--ago", "1d")  # known now: start refuses as before
    assert again.exit_code == 2 and "--new" in again.stderr


def test_a_later_scripted_check_that_says_when_sets_the_start(at, person) -> None:
    unknown_episode(at, person)
    said = at(T0 + hours(5), "check", "--no-input", "--no-red-flags", "--ago", "3d", "--save")
    assert said.exit_code == 0, said.stderr
    data = status_json(at, T0 + hours(5))
    assert data["episode"]["onset_known"] is True
    assert data["episode"]["onset"] == (T0 + hours(5) - hours(72)).isoformat()
    assert data["phase"] == "heat"
    assert CONTENT.say("onset-set", episode=1, onset=local(T0 + hours(5) - hours(72)),
                       hour="72", phase=CONTENT.phase_text("heat").title.lower()
                       ) in flat(said.stderr)


def test_undoing_the_check_that_set_the_start_makes_it_unknown_again(at, person) -> None:
    """A wrong `--ago` can be taken back: heat is not left allowed by a mistake."""
    unknown_episode(at, person)
    at(T0 + hours(5), "check", "--no-input", "--no-red-flags", "--ago", "3d", "--save")
    assert status_json(at, T0 + hours(5))["phase"] == "heat"
    undone = at(T0 + hours(5), "undo", "--yes")
    assert undone.exit_code == 0 and "not known again" in flat(undone.stderr)
    data = status_json(at, T0 + hours(5))
    assert data["episode"]["onset_known"] is False and data["phase"] == "unknown"
    assert data["episode"]["onset"] == T0.isoformat()
    heat = at(T0 + hours(5), "start", "--ago", "6h")  # and it can be set again
    assert heat.exit_code == 0, heat.stderr
    assert status_json(at, T0 + hours(5))["phase"] == "ice"


def test_a_later_answer_after_the_first_entry_starts_the_clock_at_that_entry(at,
                                                                          person) -> None:
    """The spasm had started by the time it was first recorded: that is the latest start."""
    unknown_episode(at, person)
    at(T0 + hours(30), "check", "--no-input", "--no-red-flags", "--ago", "2h", "--save")
    data = status_json(at, T0 + hours(30))
    assert data["episode"]["onset"] == T0.isoformat() and data["phase"] == "transition"


def test_another_spasm_does_not_set_the_start_of_the_episode(at, person) -> None:
    unknown_episode(at, person)
    person.same = False
    checked(at, person, T0 + hours(5), "2-3d")
    assert Q.onset in person.asked
    assert status_json(at, T0 + hours(5))["phase"] == "unknown"


def test_an_old_log_without_the_new_fields_reads_as_known(at, backcare_home: Path) -> None:
    backcare_home.mkdir(parents=True)
    (backcare_home / "state.json").write_text(json.dumps({
        "schema_version": 4, "last_id": 1,
        "episodes": [{"id": 1, "onset": T0.isoformat(), "checks": [], "applications": [],
                      "pain": [], "seen": []}]}), encoding="utf-8")
    data = status_json(at, T0 + hours(30))
    assert data["phase"] == "transition" and data["episode"]["onset_known"] is True


# a check inside an open episode asks whether it is the same spasm --------------------------


def test_a_second_check_asks_if_it_is_the_same_spasm_and_keeps_its_clock(at, person) -> None:
    checked(at, person, T0, "6-24h")
    person.asked.clear()
    person.onset = "under-6h"  # would be the answer, if the onset were asked again
    second = at(T0 + hours(20), "check")
    assert second.exit_code == 0, second.stderr
    assert Q.same_spasm.replace("{onset}", local(T0 - hours(6))) in person.asked
    assert Q.onset not in person.asked
    assert "About 26 hours since it started." in flat(second.stdout)  # as status says
    checks = json.loads(at(T0 + hours(20), "history", "--json").stdout)["episodes"][0]["checks"]
    assert checks[1]["answers"]["onset"] == (T0 - hours(6)).isoformat()
    assert checks[1]["answers"]["onset_earliest"] == (T0 - hours(24)).isoformat()
    assert status_json(at, T0 + hours(20))["phase"] == "transition"


def test_no_asks_when_it_started_again(at, person) -> None:
    checked(at, person, T0, "6-24h")
    person.asked.clear()
    person.same = False
    checked(at, person, T0 + hours(20), "under-6h")
    assert Q.onset in person.asked
    assert person.asked.index(Q.same_spasm.replace("{onset}", local(T0 - hours(6)))) \
        < person.asked.index(Q.onset)


def test_the_same_spasm_question_names_an_unknown_start_as_when_it_was_saved(at,
                                                                          person) -> None:
    unknown_episode(at, person)
    person.asked.clear()
    again = at(T0 + hours(3), "check")
    assert again.exit_code == 0, again.stderr
    assert Q.same_spasm_unknown.replace("{onset}", local(T0)) in person.asked
    assert Q.onset not in person.asked
    cold_then_heat = next(a for a in CONTENT.advice if a.id == "cold-then-heat")
    assert flat(cold_then_heat.text) in flat(again.stdout)  # the unknown phase's advice
    assert CONTENT.say("saved-unknown", episode=1) in flat(again.stderr)


def test_a_scripted_check_in_an_open_episode_takes_its_onset(at) -> None:
    assert at(T0, "start", "--ago", "30h").exit_code == 0
    for args in (["--save"], []):  # with --save, or with a log that holds the episode
        result = at(T0 + hours(1), "check", "--no-input", "--no-red-flags", "--json", *args)
        assert result.exit_code == 0, result.stderr
        doc = json.loads(result.stdout)
        assert doc["answers"]["onset"] == (T0 - hours(30)).isoformat()
        assert doc["window"] == {"phase": "transition", "hours_since_onset": 31.0}
    given = at(T0 + hours(1), "check", "--no-input", "--no-red-flags", "--json", "--ago", "2h")
    assert json.loads(given.stdout)["window"]["phase"] == "ice"  # what is said is used


def test_a_broken_log_never_stops_the_check(at, person, backcare_home: Path) -> None:
    backcare_home.mkdir(parents=True)
    (backcare_home / "state.json").write_text("{not json", encoding="utf-8")
    person.save = False
    result = at(T0, "check")
    assert result.exit_code == 0
    assert "SELF-CARE" in result.stdout
    assert Q.onset in person.asked  # no episode could be read: when it started is asked
    assert "could not be read" in result.stderr


def test_the_same_spasm_question_is_in_spanish() -> None:
    spanish = shipped_content(lang="es").questions
    assert spanish.same_spasm != Q.same_spasm and "{onset}" in spanish.same_spasm
    assert "{onset}" in spanish.same_spasm_unknown


@pytest.mark.slow
def test_in_a_real_terminal_a_second_check_keeps_the_episodes_onset(
        run_backcare: Any, backcare_home: Path) -> None:
    from tests.helpers import ENTER, UP, spawn_backcare

    now = {"BACKCARE_NOW": T0.isoformat()}
    assert run_backcare("start", "--ago", "30h", env=now).returncode == 0
    screen = spawn_backcare(backcare_home, "check", "--no-red-flags", "--age", "40",
                            env=now)
    screen.expect(Q.where[:40])
    screen.send(UP + ENTER)  # Up from the top: "None of these"
    screen.expect(Q.same_spasm.replace("{onset}", local(T0 - hours(30)))[:40])
    screen.send(ENTER)  # yes, the default
    screen.expect(Q.triggers[:40])  # when it started is not asked again
    screen.send(ENTER)
    screen.expect(Q.symptoms[:40])
    screen.send(ENTER)
    screen.expect(Q.pain[:30])
    screen.send("4" + ENTER)
    screen.expect(Q.conditions[:40])
    screen.send(ENTER)
    screen.expect("About 30 hours since it started.")
    screen.expect(Q.save[:30])
    screen.send("n")
    assert screen.finish() == 0
    assert Q.onset not in screen.text


def test_an_entry_before_an_unknown_start_says_how_to_give_the_start(at, person) -> None:
    unknown_episode(at, person)
    early = at(T0 + hours(1), "pain", "6", "--at", (T0 - hours(2)).isoformat())
    assert early.exit_code == 2
    said = flat(early.stderr)
    assert "not known" in said and "backcare start --at" in said and "onset" not in said
