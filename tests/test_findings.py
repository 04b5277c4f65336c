"""Issue 8: a warning sign stands until a clinician has seen the person, cautions travel with
the episode, and `undo` takes back the latest entry, never a warning sign."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from backcare.loader import load_content
from tests.helpers import ENTER, spawn_backcare

CONTENT = load_content()
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def at(cli: Any, moment: datetime, *args: str) -> Any:
    return cli(*args, env={"BACKCARE_NOW": moment.isoformat()})


def later(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def status(cli: Any, moment: datetime) -> dict[str, Any]:
    done = at(cli, moment, "status", "--json")
    assert done.exit_code == 0, done.stderr
    return json.loads(done.stdout)


def saddle_then_clean(cli: Any) -> None:
    first = at(cli, T0, "check", "--no-input", "--red-flag", "saddle-numbness", "--ago", "1h",
               "--save")
    assert first.exit_code == 0, first.stderr
    second = at(cli, later(90), "check", "--no-input", "--no-red-flags", "--save", "--json")
    assert second.exit_code == 0, second.stderr
    doc = json.loads(second.stdout)
    # the later clean check is led by what was found, and cannot lower it
    assert doc["triage"]["level"] == "emergency"
    assert doc["standing_finding"]["reasons"][0]["id"] == "saddle-numbness"
    assert doc["standing_finding"]["found_at"] == T0.isoformat()


def test_a_later_clean_check_cannot_lower_a_warning_sign(cli: Any) -> None:
    saddle_then_clean(cli)
    now = later(100)
    shown = status(cli, now)
    assert shown["escalation"]["level"] == "emergency"
    assert shown["recommendation"] is None and shown["next_application_at"] is None
    assert shown["standing_finding"]["level"] == "emergency"
    text = " ".join(at(cli, now, "status").stdout.split())
    assert "Found earlier in this episode" in text and "backcare seen" in text
    plan = at(cli, now, "plan", "--ics", "-")
    assert plan.exit_code == 2 and "BEGIN:VEVENT" not in plan.stdout
    check = " ".join(at(cli, now, "check", "--no-input", "--no-red-flags", "--plain").stdout
                     .split())
    assert check.startswith(CONTENT.clinic.fill(CONTENT.level_text("emergency").banner).upper())
    assert "Found earlier in this episode" in check
    report = json.loads(at(cli, now, "report", "--format", "json").stdout)
    assert report["triage"]["level"] == "emergency"
    assert report["standing_finding"]["reasons"][0]["id"] == "saddle-numbness"
    history = json.loads(at(cli, now, "history", "--json").stdout)
    assert history["episodes"][0]["standing_finding"]["level"] == "emergency"


def test_only_seen_clears_a_finding_and_later_checks_then_speak(cli: Any) -> None:
    saddle_then_clean(cli)
    done = at(cli, later(300), "seen", "--note", "ER: no cauda equina")
    assert done.exit_code == 0, done.stderr
    after = status(cli, later(301))
    assert after["standing_finding"] is None
    assert after["seen_at"] == later(300).isoformat()
    assert after["escalation"]["level"] == "self-care"
    assert after["recommendation"] is not None
    # a new sign after the visit stands again
    at(cli, later(400), "check", "--no-input", "--red-flag", "fever", "--save")
    again = status(cli, later(401))
    assert again["standing_finding"]["reasons"][0]["id"] == "fever"
    history = json.loads(at(cli, later(402), "history", "--json").stdout)
    (episode,) = history["episodes"]
    assert episode["seen"] == [{"at": later(300).isoformat(), "note": "ER: no cauda equina"}]
    report = at(cli, later(402), "report").stdout
    assert "Seen by a clinician" in report and "Warning sign found" in report


def test_a_new_episode_keeps_the_standing_finding(cli: Any) -> None:
    at(cli, T0, "check", "--no-input", "--red-flag", "fever", "--ago", "1h", "--save")
    at(cli, later(60), "check", "--no-input", "--no-red-flags", "--save")
    assert at(cli, later(120), "start", "--new").exit_code == 0
    assert status(cli, later(121))["standing_finding"]["reasons"][0]["id"] == "fever"


def test_history_names_a_standing_finding_in_the_words_the_person_ticked(cli: Any) -> None:
    saddle_then_clean(cli)
    text = " ".join(at(cli, later(120), "history", "--plain").stdout.split())
    sign = next(r.label for r in CONTENT.red_flags if r.id == "saddle-numbness")
    assert "Standing finding (emergency), found" in text and sign in text
    assert "saddle-numbness" not in text


def test_an_episode_never_checked_says_no_screen_was_done(cli: Any) -> None:
    assert at(cli, T0, "start").exit_code == 0
    shown = status(cli, later(5))
    assert shown["screened"] is False
    words = " ".join(at(cli, later(5), "status").stdout.split())
    assert CONTENT.say("not-screened") in words
    assert "run backcare check again" not in words.lower()
    applied = at(cli, later(6), "apply", "ice", "--no-timer")
    assert CONTENT.say("not-screened") in " ".join(applied.stderr.split())


def test_start_in_a_terminal_offers_the_red_flag_screen_first(backcare_home: Path) -> None:
    screen = spawn_backcare(backcare_home, "start",
                            env={"BACKCARE_NOW": T0.isoformat()})
    screen.expect(CONTENT.say("screen-first")[:40])
    screen.send("y")
    screen.expect(CONTENT.questions.red_flags[:40])
    screen.send(" " + ENTER)  # the first sign on the list: an emergency
    screen.expect("EMERGENCY")
    assert screen.finish() == 0
    episode = json.loads((backcare_home / "state.json").read_text())["episodes"][0]
    assert episode["checks"][0]["level"] == "emergency"


# ---------------------------------------------------------------- cautions travel


def circulation_episode(cli: Any, condition: str = "poor-circulation") -> None:
    done = at(cli, T0, "check", "--no-input", "--no-red-flags", "--condition", condition,
              "--ago", "1h", "--save")
    assert done.exit_code == 0, done.stderr


def test_status_carries_the_cautions_the_check_brought_in(cli: Any) -> None:
    circulation_episode(cli)
    shown = status(cli, later(10))
    assert "circulation" in {c["id"] for c in shown["cautions"]}
    text = " ".join(at(cli, later(10), "status").stdout.split())
    assert next(c.text for c in CONTENT.cautions if c.id == "circulation") in text
    # the plan itself says to ask first, as the check did
    assert shown["recommendation"]["text"].startswith("Cold packs and heat")


def test_apply_asks_for_yes_where_a_caution_says_ask_first(cli: Any) -> None:
    circulation_episode(cli)
    refused = at(cli, later(10), "apply", "ice", "--no-timer")
    assert refused.exit_code == 2 and "--yes" in refused.stderr
    assert "Caution:" in refused.stderr
    assert json.loads(at(cli, later(11), "history", "--json").stdout)[
        "episodes"][0]["applications"] == []
    done = at(cli, later(12), "apply", "ice", "--no-timer", "--yes")
    assert done.exit_code == 0, done.stderr


def test_the_calendar_carries_the_caution(cli: Any) -> None:
    circulation_episode(cli, "diabetes")
    ics = at(cli, later(10), "plan", "--ics", "-").stdout
    unfolded = ics.replace("\r\n ", "")
    assert "Caution: With diabetes or poor circulation" in unfolded


def test_an_open_wound_means_no_ice_or_heat_plan(cli: Any) -> None:
    circulation_episode(cli, "open-wound")
    shown = status(cli, later(10))
    assert shown["recommendation"] is None and shown["next_application_at"] is None
    assert "broken-skin" in {c["id"] for c in shown["cautions"]}
    plan = at(cli, later(10), "plan", "--ics", "-").stdout.replace("\r\n ", "")
    summaries = [line for line in plan.splitlines() if line.startswith("SUMMARY")]
    assert summaries, "gentle movement is still planned: the wound is no reason to stop moving"
    assert all("Gentle movement" in line for line in summaries)  # no ice, no heat


# -------------------------------------------------------------------------- undo


def test_undo_removes_the_latest_entry_after_yes(cli: Any) -> None:
    assert at(cli, T0, "start").exit_code == 0
    at(cli, later(10), "pain", "6")
    at(cli, later(20), "apply", "ice", "--no-timer", "--minutes", "0.05")
    refused = at(cli, later(30), "undo")
    assert refused.exit_code == 2 and "--yes" in refused.stderr and "ice session" in refused.stderr
    done = at(cli, later(30), "undo", "--yes")
    assert done.exit_code == 0 and "Removed the ice session" in done.stderr
    episode = json.loads(at(cli, later(31), "history", "--json").stdout)["episodes"][0]
    assert episode["applications"] == [] and len(episode["pain"]) == 1
    at(cli, later(40), "check", "--no-input", "--no-red-flags", "--pain", "4", "--save")
    assert at(cli, later(41), "undo", "--yes").exit_code == 0
    episode = json.loads(at(cli, later(42), "history", "--json").stdout)["episodes"][0]
    assert episode["checks"] == [] and [p["score"] for p in episode["pain"]] == [6]


def test_undo_never_takes_back_a_warning_sign(cli: Any) -> None:
    at(cli, T0, "check", "--no-input", "--red-flag", "fever", "--save")
    refused = at(cli, later(1), "undo", "--yes")
    assert refused.exit_code == 2 and "backcare seen" in refused.stderr
    assert len(json.loads(at(cli, later(2), "history", "--json").stdout)[
        "episodes"][0]["checks"]) == 1


def test_undo_in_a_terminal_shows_the_entry_and_asks(backcare_home: Path, cli: Any) -> None:
    assert at(cli, T0, "start").exit_code == 0
    at(cli, later(10), "pain", "7")
    screen = spawn_backcare(backcare_home, "undo", env={"BACKCARE_NOW": later(11).isoformat()})
    screen.expect("Remove the pain score 7/10")
    screen.send("y")
    assert screen.finish() == 0
    assert json.loads(at(cli, later(12), "history", "--json").stdout)[
        "episodes"][0]["pain"] == []


# ------------------------------------------------------------- found in the new-user trial


def test_ending_and_starting_again_keeps_the_finding(cli: Any) -> None:
    at(cli, T0, "check", "--no-input", "--red-flag", "chest-pain", "--save")
    assert at(cli, later(10), "end", "--yes").exit_code == 0
    started = at(cli, later(20), "start")
    assert started.exit_code == 0
    assert "cold first" not in started.stderr and "EMERGENCY" in started.stderr
    shown = status(cli, later(21))
    assert shown["standing_finding"]["reasons"][0]["id"] == "chest-pain"
    assert shown["recommendation"] is None


def test_exit_code_keeps_the_level_when_the_log_cannot_be_read(cli: Any,
                                                               backcare_home: Path) -> None:
    (backcare_home / "state.json").mkdir(parents=True)  # a folder where the log should be
    done = at(cli, T0, "check", "--no-input", "--red-flag", "chest-pain", "--exit-code")
    assert done.exit_code == 12
    assert "could not be read" in done.stderr


def test_heat_before_a_doctor_has_seen_an_urgent_sign_is_warned(cli: Any) -> None:
    at(cli, T0, "check", "--no-input", "--red-flag", "fever", "--ago", "60h", "--save")
    done = at(cli, later(5), "apply", "heat", "--no-timer")
    assert CONTENT.say("heat-before-seen") in " ".join(done.stderr.split())


def test_undo_takes_back_the_last_thing_recorded_not_the_latest_time(cli: Any) -> None:
    assert at(cli, T0, "start").exit_code == 0
    at(cli, later(240), "apply", "ice", "--no-timer")
    at(cli, later(241), "pain", "9", "--at", later(60).isoformat())
    done = at(cli, later(242), "undo", "--yes")
    assert "pain score 9/10" in done.stderr
    episode = json.loads(at(cli, later(243), "history", "--json").stdout)["episodes"][0]
    assert episode["pain"] == [] and len(episode["applications"]) == 1


def test_a_visit_before_the_finding_says_the_finding_still_stands(cli: Any) -> None:
    at(cli, T0, "check", "--no-input", "--red-flag", "fever", "--ago", "1h", "--save")
    done = at(cli, later(30), "seen", "--at", (T0 - timedelta(minutes=5)).isoformat())
    assert done.exit_code == 0 and "still stands" in done.stderr
