"""The episode tracker through the CLI: start, apply, pain, status, history, end, forget.

Every command runs with BACKCARE_NOW, so the clock is injected and nothing sleeps.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from backcare.loader import load_content, shipped_content
from tests.helpers import spawn_backcare

CONTENT = load_content()

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def iso(moment: datetime) -> str:
    return moment.isoformat()


def hours(n: float) -> timedelta:
    return timedelta(hours=n)


@pytest.fixture
def at(cli):
    """Run backcare with BACKCARE_NOW set: at(moment, "status", "--json")."""

    def run(moment: datetime, *args: str):
        return cli(*args, env={"BACKCARE_NOW": iso(moment)})

    return run


@pytest.fixture
def episode_at(at):
    """Open an episode with onset T0 (the clock at T0 too)."""
    result = at(T0, "start")
    assert result.exit_code == 0, result.stderr
    return T0


def history(at, moment: datetime = T0) -> dict[str, Any]:
    result = at(moment, "history", "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def status_json(at, moment: datetime) -> dict[str, Any]:
    result = at(moment, "status", "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def one_line_error(result, code: int = 2) -> str:
    assert result.exit_code == code, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("backcare: ")
    assert "Traceback" not in result.stderr
    return lines[0]


def state_bytes(home: Path) -> bytes | None:
    path = home / "state.json"
    return path.read_bytes() if path.exists() else None


# start ---------------------------------------------------------------------------------


def test_start_defaults_to_now(at) -> None:
    result = at(T0, "start")
    assert result.exit_code == 0, result.stderr
    assert "Started episode 1" in result.stderr
    data = status_json(at, T0 + hours(2))
    assert data["episode"] == {"id": 1, "onset": iso(T0), "ended_at": None,
                               "onset_known": True, "onset_earliest": None}
    assert data["hours_since_onset"] == 2.0
    assert data["phase"] == "ice"


def test_start_at_a_time_with_an_offset_is_stored_in_utc(at) -> None:
    result = at(T0, "start", "--at", "2026-03-02T01:30:00-05:00")
    assert result.exit_code == 0, result.stderr
    assert history(at)["episodes"][0]["onset"] == "2026-03-02T06:30:00+00:00"


@pytest.mark.parametrize(("ago", "delta"), [
    ("6h", hours(6)), ("90m", timedelta(minutes=90)), ("1h30m", timedelta(minutes=90)),
    ("2d", timedelta(days=2)),
])
def test_start_ago(at, ago: str, delta: timedelta) -> None:
    result = at(T0, "start", "--ago", ago)
    assert result.exit_code == 0, result.stderr
    assert history(at)["episodes"][0]["onset"] == iso(T0 - delta)
    assert status_json(at, T0)["hours_since_onset"] == delta.total_seconds() / 3600


def test_start_a_little_in_the_future_is_clock_skew(at) -> None:
    result = at(T0, "start", "--at", iso(T0 + timedelta(seconds=30)))
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("args", [
    ["--at", iso(T0 + timedelta(minutes=2))],
    ["--at", iso(T0 + timedelta(days=1))],
    ["--at", "yesterday"],
    ["--ago", "a while"],
    ["--ago", "6x"],
    ["--at", iso(T0), "--ago", "1h"],
])
def test_start_bad_onset_exits_2_and_writes_nothing(at, backcare_home, args) -> None:
    line = one_line_error(at(T0, "start", *args))
    assert state_bytes(backcare_home) is None
    if "+00:00" in args[1] and args[0] == "--at" and len(args) == 2:
        assert "in the future" in line


def test_second_start_in_a_script_exits_2_and_keeps_the_first(at, episode_at,
                                                             backcare_home) -> None:
    before = state_bytes(backcare_home)
    line = one_line_error(at(T0 + hours(3), "start"))
    assert "--new" in line
    assert state_bytes(backcare_home) == before
    assert len(history(at)["episodes"]) == 1


def test_start_new_ends_the_open_episode(at, episode_at) -> None:
    later = T0 + hours(30)
    result = at(later, "start", "--new", "--ago", "1h")
    assert result.exit_code == 0, result.stderr
    first, second = history(at, later)["episodes"]
    assert (first["id"], first["ended_at"]) == (1, iso(later))
    assert (second["id"], second["onset"], second["ended_at"]) == (2, iso(later - hours(1)), None)
    assert status_json(at, later)["episode"]["id"] == 2


# apply ---------------------------------------------------------------------------------


def test_apply_records_the_planned_minutes_without_warnings(at, episode_at) -> None:
    w = shipped_content().window
    result = at(T0 + hours(2), "apply", "ice", "--no-timer")
    assert result.exit_code == 0, result.stderr
    assert "Warning" not in result.stderr
    (app,) = history(at)["episodes"][0]["applications"]
    assert app == {"kind": "ice", "at": iso(T0 + hours(2)), "minutes": w.ice_minutes,
                   "planned_minutes": w.ice_minutes, "warnings": []}
    data = status_json(at, T0 + hours(3))
    assert data["last_application"]["kind"] == "ice"
    due = T0 + hours(2) + timedelta(minutes=w.ice_minutes + w.min_gap_minutes)
    assert data["next_application_at"] == iso(due)


def test_apply_at_an_earlier_time(at, episode_at) -> None:
    result = at(T0 + hours(5), "apply", "heat", "--at", iso(T0 + hours(30)))
    assert result.exit_code == 2  # in the future
    result = at(T0 + hours(5), "apply", "ice", "--at", iso(T0 + hours(1)), "--minutes", "10")
    assert result.exit_code == 0, result.stderr
    (app,) = history(at)["episodes"][0]["applications"]
    assert (app["at"], app["minutes"]) == (iso(T0 + hours(1)), 10)


def test_apply_fractional_minutes_keeps_the_plan(at, episode_at) -> None:
    result = at(T0 + hours(1), "apply", "heat", "--no-timer", "--minutes", "12.5")
    assert result.exit_code == 0, result.stderr
    (app,) = history(at)["episodes"][0]["applications"]
    assert (app["minutes"], app["planned_minutes"]) == (12.5, 12.5)


@pytest.mark.parametrize("kind", ["cold", "ICE", "warmth", ""])
def test_apply_unknown_kind_exits_2_listing_the_kinds(at, episode_at, backcare_home,
                                                      kind: str) -> None:
    before = state_bytes(backcare_home)
    line = one_line_error(at(T0 + hours(1), "apply", kind, "--no-timer"))
    assert "ice, heat" in line
    assert state_bytes(backcare_home) == before


@pytest.mark.parametrize("minutes", ["0", "-5", "241", "abc", "nan"])
def test_apply_bad_minutes_exits_2(at, episode_at, backcare_home, minutes: str) -> None:
    before = state_bytes(backcare_home)
    one_line_error(at(T0 + hours(1), "apply", "ice", "--no-timer", "--minutes", minutes))
    assert state_bytes(backcare_home) == before


def test_apply_without_an_episode_says_how_to_start(at, backcare_home) -> None:
    line = one_line_error(at(T0, "apply", "ice", "--no-timer"))
    assert "backcare start" in line
    assert state_bytes(backcare_home) is None


def test_apply_before_the_onset_exits_2(at, episode_at) -> None:
    line = one_line_error(at(T0 + hours(2), "apply", "ice", "--at", iso(T0 - hours(1))))
    assert "before the onset" in line
    assert history(at)["episodes"][0]["applications"] == []


def _warned(at, when: datetime, *args: str) -> tuple[str, list[str]]:
    result = at(when, "apply", *args, "--no-timer")
    assert result.exit_code == 0, result.stderr
    apps = history(at, when)["episodes"][0]["applications"]
    return result.stderr, apps[-1]["warnings"]


def test_heat_during_the_ice_phase_warns_and_is_recorded(at, episode_at) -> None:
    w = shipped_content().window
    stderr, warnings = _warned(at, T0 + hours(w.ice_until_hours - 1), "heat")
    assert len(warnings) == 1
    assert warnings[0] == shipped_content().say("heat-in-ice-phase")
    assert "heat in the first 24 hours" in warnings[0]
    assert f"Warning: {warnings[0]}." in stderr


def test_ice_during_the_heat_phase_warns_and_is_recorded(at, episode_at) -> None:
    w = shipped_content().window
    stderr, warnings = _warned(at, T0 + hours(w.heat_from_hours + 2), "ice")
    assert len(warnings) == 1
    assert warnings[0] == shipped_content().say("ice-in-heat-phase")
    assert "after 48 hours" in warnings[0]
    assert f"Warning: {warnings[0]}." in stderr


def test_either_kind_in_the_transition_is_fine(at, episode_at) -> None:
    assert _warned(at, T0 + hours(30), "heat")[1] == []
    assert _warned(at, T0 + hours(40), "ice")[1] == []


def test_longer_than_the_safe_maximum_warns_and_is_recorded(at, episode_at) -> None:
    w = shipped_content().window
    too_long = str(w.max_minutes + 5)
    stderr, warnings = _warned(at, T0 + hours(1), "ice", "--minutes", too_long)
    assert len(warnings) == 1
    assert f"more than the {w.max_minutes} minutes at a time" in warnings[0]
    assert "skin" in stderr
    app = history(at)["episodes"][0]["applications"][-1]
    assert app["minutes"] == w.max_minutes + 5


def test_too_soon_after_the_last_one_warns_and_is_recorded(at, episode_at) -> None:
    w = shipped_content().window
    first = T0 + hours(1)
    assert _warned(at, first, "ice")[1] == []
    soon = first + timedelta(minutes=w.ice_minutes + w.min_gap_minutes - 10)
    stderr, warnings = _warned(at, soon, "ice")
    assert len(warnings) == 1
    assert "too soon after the last ice session" in warnings[0]
    assert f"about {w.min_gap_minutes} minutes" in stderr
    # Once the gap has passed, no warning.
    later = first + timedelta(minutes=2 * w.ice_minutes + 2 * w.min_gap_minutes + 10)
    assert _warned(at, later, "ice")[1] == []
    assert len(history(at, later)["episodes"][0]["applications"]) == 3


def test_several_reasons_at_once(at, episode_at) -> None:
    w = shipped_content().window
    _warned(at, T0 + hours(1), "ice")
    stderr, warnings = _warned(at, T0 + hours(1.5), "heat", "--minutes",
                               str(w.max_minutes + 1))
    assert len(warnings) == 3
    assert stderr.count("Warning: ") == 3


# pain ----------------------------------------------------------------------------------


def test_pain_with_a_note_is_stored(at, episode_at) -> None:
    result = at(T0 + hours(1), "pain", "7", "--note", "after the stairs")
    assert result.exit_code == 0, result.stderr
    assert "7/10" in result.stderr
    assert history(at)["episodes"][0]["pain"] == [
        {"at": iso(T0 + hours(1)), "score": 7, "note": "after the stairs", "where": [],
         "ruled_out": []}]


@pytest.mark.parametrize("score", ["0", "10", " 4 "])
def test_pain_accepts_0_to_10(at, episode_at, score: str) -> None:
    assert at(T0 + hours(1), "pain", score).exit_code == 0
    assert history(at)["episodes"][0]["pain"][0]["score"] == int(score)


@pytest.mark.parametrize("score", ["11", "-1", "7.5", "abc", "", "1e1", "²", "0x5", "+5"])
def test_pain_rejects_anything_but_an_integer_0_to_10(at, episode_at, backcare_home,
                                                      score: str) -> None:
    before = state_bytes(backcare_home)
    line = one_line_error(at(T0 + hours(1), "pain", "--", score))
    assert "0 to 10" in line
    assert state_bytes(backcare_home) == before


def test_pain_without_an_episode_exits_2(at, backcare_home) -> None:
    line = one_line_error(at(T0, "pain", "5"))
    assert "backcare start" in line
    assert state_bytes(backcare_home) is None


# status ----------------------------------------------------------------------------------

STATUS_KEYS = {"schema", "episode", "phase", "hours_since_onset", "recommendation",
               "next_application_at", "last_application", "pain", "escalation"}


def test_status_json_shape(at, episode_at) -> None:
    w = shipped_content().window
    at(T0 + hours(1), "apply", "ice", "--no-timer")
    at(T0 + hours(2), "pain", "6", "--note", "sitting")
    data = status_json(at, T0 + hours(30))
    assert data.keys() >= STATUS_KEYS
    assert data["schema"] == "backcare.status/1"
    assert data["episode"] == {"id": 1, "onset": iso(T0), "ended_at": None,
                               "onset_known": True, "onset_earliest": None}
    assert data["phase"] == "transition"
    assert data["hours_since_onset"] == 30.0
    assert data["recommendation"]["kind"] == "ice-or-heat"
    assert data["recommendation"]["max_minutes"] == w.max_minutes
    assert isinstance(data["recommendation"]["text"], str) and data["recommendation"]["text"]
    assert data["next_application_at"] == iso(T0 + hours(30))  # the gap has passed: now
    assert data["last_application"] == {
        "kind": "ice", "at": iso(T0 + hours(1)), "minutes": w.ice_minutes,
        "planned_minutes": w.ice_minutes, "warnings": []}
    assert data["pain"]["latest"] == {"at": iso(T0 + hours(2)), "score": 6, "note": "sitting",
                                      "where": [], "ruled_out": []}
    assert data["pain"]["trend"] is None
    esc = data["escalation"]
    assert esc["level"] == "self-care"
    assert esc["reasons"] == []
    assert esc["advanced_care"] == []
    assert "run backcare check again" in esc["recheck"]


def test_status_without_an_episode_says_how_to_start(at) -> None:
    data = status_json(at, T0)
    assert data.keys() >= STATUS_KEYS
    assert data["schema"] == "backcare.status/1"
    assert data["phase"] is None
    assert data["episode"] is None
    assert "backcare start" in data["message"]
    screen = at(T0, "status")
    assert screen.exit_code == 0
    assert "backcare start" in screen.stdout


def test_status_screen_says_what_to_do_now(at, episode_at) -> None:
    w = shipped_content().window
    at(T0 + hours(1), "apply", "ice", "--no-timer")
    result = at(T0 + hours(50), "status")
    assert result.exit_code == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert "hour 50" in out
    assert f"Heat for {w.heat_minutes} minutes at a time" in out
    assert f"never more than {w.max_minutes}" in out
    assert "wrapped in a cloth" in out
    assert "Last session: ice" in out
    assert CONTENT.say("not-screened") in out  # started with `start`: no screen done yet


# history, end, forget ------------------------------------------------------------------


def test_history_json_shape(at, episode_at) -> None:
    at(T0 + hours(1), "apply", "ice", "--no-timer")
    at(T0 + hours(2), "pain", "4")
    at(T0 + hours(3), "end", "--yes")
    at(T0 + hours(100), "start", "--ago", "2h")
    data = history(at, T0 + hours(100))
    assert set(data) == {"schema", "lang", "episodes"}
    assert data["schema"] == "backcare.history/2"
    first, second = data["episodes"]
    for episode in data["episodes"]:
        assert {"id", "onset", "ended_at", "checks", "applications", "pain"} <= episode.keys()
    assert (first["id"], first["onset"], first["ended_at"]) == (1, iso(T0), iso(T0 + hours(3)))
    assert [a["kind"] for a in first["applications"]] == ["ice"]
    assert first["pain"] == [{"at": iso(T0 + hours(2)), "score": 4, "note": "", "where": [],
                              "ruled_out": []}]
    assert first["checks"] == []
    assert (second["id"], second["ended_at"], second["pain"]) == (2, None, [])


def test_history_without_episodes(at) -> None:
    assert history(at) == {"schema": "backcare.history/2", "lang": "en", "episodes": []}
    screen = at(T0, "history")
    assert screen.exit_code == 0
    assert "backcare start" in screen.stdout


def test_end_closes_the_open_episode(at, episode_at) -> None:
    result = at(T0 + hours(70), "end", "--yes")
    assert result.exit_code == 0, result.stderr
    assert history(at, T0 + hours(70))["episodes"][0]["ended_at"] == iso(T0 + hours(70))
    assert status_json(at, T0 + hours(71))["phase"] is None
    assert "backcare start" in one_line_error(at(T0 + hours(72), "end", "--yes"))
    assert "backcare start" in one_line_error(at(T0 + hours(72), "pain", "3"))


def test_end_in_a_script_needs_yes(at, episode_at) -> None:
    assert "--yes" in one_line_error(at(T0 + hours(5), "end"))
    assert history(at)["episodes"][0]["ended_at"] is None


def test_end_in_a_terminal_asks_first(at, episode_at, backcare_home: Path) -> None:
    env = {"BACKCARE_NOW": iso(T0 + hours(5))}
    screen = spawn_backcare(backcare_home, "end", env=env)
    screen.expect("End episode 1")
    screen.send("n")
    screen.expect("Nothing changed")
    assert screen.finish() == 0
    assert history(at)["episodes"][0]["ended_at"] is None
    screen = spawn_backcare(backcare_home, "end", env=env)
    screen.expect("End episode 1")
    screen.send("y")
    screen.expect("Ended episode 1")
    assert screen.finish() == 0


def test_reopen_takes_back_an_episode_ended_by_mistake(at, episode_at) -> None:
    at(T0 + hours(3), "pain", "6")
    assert at(T0 + hours(5), "end", "--yes").exit_code == 0
    done = at(T0 + hours(6), "reopen")
    assert done.exit_code == 0 and "Reopened episode 1" in done.stderr
    (episode,) = history(at, T0 + hours(6))["episodes"]
    assert episode["ended_at"] is None and [p["score"] for p in episode["pain"]] == [6]
    assert status_json(at, T0 + hours(7))["episode"]["id"] == 1
    assert "is open" in one_line_error(at(T0 + hours(7), "reopen"))


def test_reopen_with_nothing_ended_exits_2(at) -> None:
    assert "no ended episode" in one_line_error(at(T0, "reopen"))


def test_end_before_the_onset_exits_2(at, episode_at) -> None:
    one_line_error(at(T0 + hours(5), "end", "--yes", "--at", iso(T0 - hours(1))))
    assert history(at)["episodes"][0]["ended_at"] is None


def test_forget_yes_deletes_the_data(at, episode_at, backcare_home) -> None:
    at(T0 + hours(1), "pain", "5")
    result = at(T0 + hours(2), "forget", "--yes")
    assert result.exit_code == 0, result.stderr
    assert not (backcare_home / "state.json").exists()
    assert not [p for p in backcare_home.iterdir() if p.name != "state.json.lock"]
    assert history(at) == {"schema": "backcare.history/2", "lang": "en", "episodes": []}


def test_forget_without_yes_in_a_script_exits_2_and_deletes_nothing(at, episode_at,
                                                                   backcare_home) -> None:
    at(T0 + hours(1), "pain", "5")
    before = state_bytes(backcare_home)
    line = one_line_error(at(T0 + hours(2), "forget"))
    assert "--yes" in line
    assert state_bytes(backcare_home) == before
    assert len(history(at)["episodes"][0]["pain"]) == 1


# check --save ----------------------------------------------------------------------------


def test_check_save_starts_an_episode_with_the_onset_and_keeps_the_assessment(at) -> None:
    result = at(T0, "check", "--no-input", "--no-red-flags", "--save", "--ago", "6h",
                "--pain", "5")
    assert result.exit_code == 0, result.stderr
    assert "Started episode 1" in result.stderr
    (episode,) = history(at)["episodes"]
    assert episode["onset"] == iso(T0 - hours(6))
    (check,) = episode["checks"]
    assert check["assessed_at"] == iso(T0)
    assert check["level"] == "self-care"
    assert check["answers"]["pain"] == 5
    # the log keeps the ids that were shown and the content version, not the sentences
    assert "cold-first" in check["advice"] and "skin-protection" in check["cautions"]
    assert check["content_version"] == CONTENT.version
    assert "text" not in json.dumps(check)
    assert [p["score"] for p in episode["pain"]] == [5]
    assert status_json(at, T0)["hours_since_onset"] == 6.0


def test_check_save_adds_to_the_open_episode(at, episode_at) -> None:
    result = at(T0 + hours(5), "check", "--no-input", "--no-red-flags", "--save", "--pain", "3")
    assert result.exit_code == 0, result.stderr
    (episode,) = history(at, T0 + hours(5))["episodes"]
    assert episode["onset"] == iso(T0)
    assert len(episode["checks"]) == 1


def test_check_without_save_stores_nothing(at, backcare_home) -> None:
    result = at(T0, "check", "--no-input", "--no-red-flags", "--ago", "6h", "--pain", "5")
    assert result.exit_code == 0, result.stderr
    assert state_bytes(backcare_home) is None


# escalation and pain trend -------------------------------------------------------------


def _episode_with_pain(at, scores: list[tuple[timedelta, int]]) -> None:
    assert at(T0, "start").exit_code == 0
    for after, score in scores:
        result = at(T0 + after, "pain", str(score))
        assert result.exit_code == 0, result.stderr


def test_severe_pain_not_improving_after_days_means_soon(at) -> None:
    rule = shipped_content().rule("not-improving-log")
    severe = rule.pain_at_least or 0
    days = timedelta(days=rule.days_at_least or 0)
    _episode_with_pain(at, [(hours(1), severe), (days + hours(1), severe)])
    data = status_json(at, T0 + days + hours(2))
    esc = data["escalation"]
    assert esc["level"] == "soon"
    # a severe score in the log is severe pain, as in a check; not easing after days adds
    assert {r["id"] for r in esc["reasons"]} == {"severe-pain", "not-improving-log"}
    reason = next(r for r in esc["reasons"] if r["id"] == "not-improving-log")
    assert "not eased after a few days" in reason["text"]
    assert reason["source"] == "clinic-page"
    assert f"pain {severe}/10" in reason["because"]
    assert "run backcare check again" in esc["recheck"]
    screen = at(T0 + days + hours(2), "status")
    out = " ".join(screen.stdout.split())
    assert "not eased after a few days" in out
    assert CONTENT.say("not-screened") in out  # started with `start`: no screen done yet


@pytest.mark.parametrize(("first", "last", "after_days"), [
    (10, 8, 0),    # severe but improving
    (8, 7, 0),     # improving and below severe
    (5, 5, 0),     # steady but not severe
    (8, 8, -1.5),  # severe and steady, but not yet "a few days"
], ids=["improving", "not-severe-improving", "not-severe", "too-early"])
def test_no_not_improving_escalation(at, first: int, last: int, after_days: float) -> None:
    rule = shipped_content().rule("not-improving-log")
    assert rule.pain_at_least == 8  # the table above is written for the shipped threshold
    days = timedelta(days=(rule.days_at_least or 0) + after_days)
    _episode_with_pain(at, [(hours(1), first), (days + hours(1), last)])
    esc = status_json(at, T0 + days + hours(2))["escalation"]
    assert "not-improving-log" not in [r["id"] for r in esc["reasons"]]
    # a latest score of 8 is severe pain by itself, as it is in a check
    severe = last >= (shipped_content().rule("severe-pain").pain_at_least or 0)
    assert [r["id"] for r in esc["reasons"]] == (["severe-pain"] if severe else [])
    assert esc["level"] == ("soon" if severe else "self-care")


def test_an_episode_lasting_weeks_brings_advanced_care(at) -> None:
    weeks = shipped_content().rule("long-episode").days_at_least or 0
    assert at(T0, "start").exit_code == 0
    before = status_json(at, T0 + timedelta(days=weeks) - hours(1))["escalation"]
    assert before["advanced_care"] == []
    assert before["reasons"] == []

    esc = status_json(at, T0 + timedelta(days=weeks) + hours(1))["escalation"]
    assert esc["level"] == "soon"
    assert [r["id"] for r in esc["reasons"]] == ["long-episode"]
    assert "weeks" in esc["reasons"][0]["text"]
    assert esc["advanced_care"], "the advanced care tier should be listed"
    for group in esc["advanced_care"]:
        assert group["title"] and group["items"]
        for item in group["items"]:
            assert item["text"] and item["source"]
    assert "run backcare check again" in esc["recheck"]


def test_red_flag_check_saved_in_the_episode_shows_in_status(at) -> None:
    content = shipped_content()
    flag = content.red_flags[0].id
    result = at(T0, "check", "--no-input", "--red-flag", flag, "--save", "--ago", "2h")
    assert result.exit_code == 0, result.stderr
    esc = status_json(at, T0 + hours(1))["escalation"]
    assert esc["level"] != "self-care"
    assert esc["reasons"]
    assert "run backcare check again" in esc["recheck"]


@pytest.mark.parametrize(("scores", "trend"), [
    ([(1, 8), (25, 5)], "improving"),
    ([(1, 3), (25, 6)], "worsening"),
    ([(1, 5), (25, 5)], "steady"),
    ([(1, 6), (3, 4)], "improving"),          # two scores on one day
    ([(1, 4), (2, 8), (25, 6), (26, 6)], "steady"),  # day averages 6 and 6
    ([(1, 5)], None),
])
def test_pain_trend(at, scores: list[tuple[int, int]], trend: str | None) -> None:
    _episode_with_pain(at, [(hours(h), s) for h, s in scores])
    data = status_json(at, T0 + hours(30))
    assert data["pain"]["trend"] == trend
    assert data["pain"]["latest"]["score"] == scores[-1][1]
    if trend:
        screen = at(T0 + hours(30), "status")
        assert f", {trend}." in screen.stdout


def test_forget_with_nothing_there_creates_nothing(at, backcare_home: Path) -> None:
    result = at(T0, "forget", "--yes")
    assert result.exit_code == 0
    assert "nothing to delete" in result.stderr
    assert not backcare_home.exists()
