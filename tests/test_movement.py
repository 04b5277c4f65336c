"""Guided movement: who gets it, what a day's session holds, what a rise in pain changes,
and when the next is due. The core with an explicit `now`; the CLI in scripted mode."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from backcare import paths, state
from backcare.episode import (
    AFTER_MOVING,
    BEFORE_MOVING,
    Episode,
    MovementSession,
    record_movement,
    replace_episode,
)
from backcare.loader import load_content
from backcare.movement import after_session, episode_day, next_session_at, pause, session_plan

CONTENT = load_content()
PLAN = CONTENT.movement_plan
T0 = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)
Cli = Callable[..., Any]


def hours(n: float) -> timedelta:
    return timedelta(hours=n)


def episode(*sessions: MovementSession) -> Episode:
    return Episode(id=1, onset=T0, movement=list(sessions))


def session(at: datetime, before: int, after: int | None) -> MovementSession:
    return MovementSession(at=at, minutes=5, movements=["walking"], pain_before=before,
                           pain_after=after)


# ------------------------------------------------------------------ day by day


def test_the_first_days_are_walking_and_the_gentlest_movements_at_the_start() -> None:
    plan = session_plan(episode(), T0 + hours(3), CONTENT, [])
    assert plan.day == 1 and not plan.gentler
    assert [m.id for m in plan.movements] == [m.id for m in CONTENT.movements
                                              if m.from_day == 1]
    assert "walking" in [m.id for m in plan.movements]
    assert all(m.reps == min(PLAN.start_reps, next(
        c.reps_max for c in CONTENT.movements if c.id == m.id)) for m in plan.movements)


def daily(days: int, start_day: int = 1) -> Episode:
    """An episode with one calm session a day from `start_day` for `days` days."""
    sessions = [session(T0 + hours(24 * (start_day - 1 + d) + 2), 3, 3) for d in range(days)]
    return episode(*sessions)


def test_the_set_grows_gently_from_the_first_session_and_never_past_each_movements_most(
        ) -> None:
    sets = [session_plan(daily(d), T0 + hours(24 * d + 3), CONTENT, []) for d in range(30)]
    for earlier, later in itertools.pairwise(sets):
        assert {m.id for m in earlier.movements} <= {m.id for m in later.movements}
        reps = {m.id: m.reps for m in earlier.movements}
        assert all(m.reps - reps.get(m.id, m.reps) in (0, 1) for m in later.movements)
    most = {m.id: m.reps_max for m in CONTENT.movements}
    assert all(m.reps <= most[m.id] for s in sets for m in s.movements)
    later_ones = {m.id for m in CONTENT.movements if m.from_day > 1}
    assert later_ones and later_ones <= {m.id for m in sets[-1].movements}
    assert not later_ones & {m.id for m in sets[0].movements}
    knee_rolls = [next(m.reps for m in s.movements if m.id == "knee-rolls") for s in sets]
    assert knee_rolls[PLAN.add_rep_every_days - 1] == PLAN.start_reps
    assert knee_rolls[PLAN.add_rep_every_days] == PLAN.start_reps + 1


def test_a_first_session_late_in_an_episode_starts_at_the_start() -> None:
    late = session_plan(episode(), T0 + hours(24 * 25 + 3), CONTENT, [])
    assert late.day == 26
    assert {m.reps for m in late.movements} <= {1, PLAN.start_reps}


def test_the_day_counts_from_the_middle_of_the_range_the_person_gave() -> None:
    ranged = Episode(id=1, onset=T0, onset_earliest=T0 - hours(48))
    assert episode_day(ranged, T0 + hours(1)) == 2
    assert episode_day(episode(), T0 + hours(1)) == 1


@pytest.mark.parametrize(("conditions", "kept"), [
    (["pregnancy"], {"walking", "bottom-to-heels"}),
    (["under-18"], {"walking"}),
    (["age-over-70"], {"walking"}),
    (["diabetes"], {m.id for m in CONTENT.movements}),
])
def test_a_movement_its_source_withholds_is_left_out_with_the_reason(
        conditions: list[str], kept: set[str]) -> None:
    plan = session_plan(episode(), T0 + hours(24 * 5), CONTENT, conditions)
    assert {m.id for m in plan.movements} == kept
    withheld = [c for c in conditions if any(c in m.withheld_for for m in CONTENT.movements)]
    assert plan.notes == [CONTENT.say(f"move-withheld-{c}") for c in withheld]


# ------------------------------------------------------------------ a rise in pain


def test_a_rise_of_two_makes_the_next_session_the_gentlest_and_says_to_call_if_it_keeps_on(
        ) -> None:
    day5 = T0 + hours(24 * 4 + 2)
    calm = record_movement(episode(), session(day5, 4, 5))
    assert after_session(calm, CONTENT) == []
    assert not session_plan(calm, day5 + hours(5), CONTENT, []).gentler
    risen = record_movement(episode(), session(day5, 3, 3 + PLAN.rise_points))
    said = after_session(risen, CONTENT)
    assert said == [CONTENT.say("move-gentler-next", points=PLAN.rise_points),
                    CONTENT.say("move-call-if-again")]
    gentler = session_plan(risen, day5 + hours(5), CONTENT, [])
    assert gentler.gentler and gentler.notes[0] == CONTENT.say("move-gentler-now")
    assert [m.id for m in gentler.movements] == PLAN.gentlest
    assert pause(risen, None, CONTENT) is None
    better = record_movement(risen, session(day5 + hours(5), 4, 3))
    assert not session_plan(better, day5 + hours(10), CONTENT, []).gentler
    again = record_movement(better, session(day5 + hours(10), 2, 2 + PLAN.rise_points + 1))
    assert CONTENT.say("move-call-now", count=2) in after_session(again, CONTENT)
    assert pause(again, None, CONTENT) == CONTENT.say("move-paused-rises", count=2)
    assert pause(again, day5 + hours(11), CONTENT) is None  # a new check since opens it


def test_severe_pain_after_a_session_stops_the_exercises_and_pauses_them() -> None:
    hurt = record_movement(episode(), session(T0 + hours(30), 5, PLAN.severe_pain))
    assert after_session(hurt, CONTENT) == [CONTENT.say("move-severe-after",
                                                        score=PLAN.severe_pain)]
    assert pause(hurt, None, CONTENT) == CONTENT.say("move-paused-severe",
                                                     score=PLAN.severe_pain)
    assert [(p.score, p.note) for p in hurt.pain] == [(5, BEFORE_MOVING),
                                                      (PLAN.severe_pain, AFTER_MOVING)]


def test_a_session_stopped_for_a_sign_pauses_until_a_check_and_one_cut_short_does_not(
        ) -> None:
    stopped = record_movement(episode(), MovementSession(
        at=T0 + hours(30), minutes=2, movements=["walking"], pain_before=4,
        stopped="stop-sign", stop_signs=["pain-down-leg"]))
    assert pause(stopped, None, CONTENT) == CONTENT.say("move-paused-stop")
    assert pause(stopped, T0 + hours(31), CONTENT) is None
    cut = record_movement(episode(), session(T0 + hours(30), 4, None))
    assert after_session(cut, CONTENT) == [] and pause(cut, None, CONTENT) is None
    assert not session_plan(cut, T0 + hours(35), CONTENT, []).gentler


# ------------------------------------------------------------------ when the next is due


def test_sessions_spread_over_waking_hours_and_a_full_day_waits_for_the_next() -> None:
    zone = ZoneInfo("America/Chicago")
    morning = datetime(2026, 12, 3, 9, 0, tzinfo=zone)
    w = CONTENT.window
    gap = hours((w.day_ends_hour - w.day_starts_hour) / PLAN.sessions_per_day)
    assert next_session_at(episode(), morning, CONTENT, zone) == morning
    done = [session(morning + gap * i, 3, 3) for i in range(PLAN.sessions_per_day)]
    one = episode(done[0])
    assert next_session_at(one, morning, CONTENT, zone) == morning + timedelta(minutes=5) + gap
    full = episode(*done)
    nxt = next_session_at(full, morning + gap * 2, CONTENT, zone).astimezone(zone)
    assert (nxt.date(), nxt.hour) == ((morning + timedelta(days=1)).date(), w.day_starts_hour)
    late = datetime(2026, 12, 3, 23, 30, tzinfo=zone)
    assert next_session_at(episode(), late, CONTENT, zone).astimezone(zone).hour == (
        w.day_starts_hour)


# ------------------------------------------------------------------ who may move


def checked(cli: Cli, *args: str, ago: str = "50h") -> None:
    done = cli("check", "--no-input", "--ago", ago, "--age", "40", "--save", *args,
               env={"BACKCARE_NOW": T0.isoformat()})
    assert done.exit_code in (0, 10, 11, 12), done.stderr


def moved(cli: Cli, *args: str) -> Any:
    return cli("move", *args, env={"BACKCARE_NOW": (T0 + hours(1)).isoformat()})


def test_day_three_shows_its_set_to_a_script_and_never_asks(cli: Cli) -> None:
    checked(cli, "--no-red-flags", "--pain", "4")
    shown = moved(cli, "--show")
    assert shown.exit_code == 0, shown.stderr
    assert CONTENT.say("move-day", day=3) in shown.stdout
    assert CONTENT.say("move-stop-rule").split(",")[0] in shown.stdout
    data = json.loads(moved(cli, "--json").stdout)
    assert data["schema"] == "backcare.move/1" and data["day"] == 3
    assert data["movements"][0]["id"] == "walking"
    assert {s["id"] for s in data["stop_signs"]} == {s.id for s in CONTENT.stop_signs
                                                     if not s.for_conditions}
    piped = moved(cli)  # CliRunner's stdin is not a terminal
    assert piped.exit_code == 2 and "move --show" in piped.stderr


@pytest.mark.parametrize(("args", "code"), [
    (("--red-flag", "fever"), 11),
    (("--red-flag", "chest-pain"), 12),
    (("--no-red-flags", "--where", "thigh-left", "--where", "thigh-right"), 12),
])
def test_a_standing_warning_sign_refuses_move_with_what_to_do(
        cli: Cli, args: tuple[str, ...], code: int) -> None:
    checked(cli, *args)
    for extra in ((), ("--show",), ("--json",)):
        refused = moved(cli, *extra)
        assert refused.exit_code == code, refused.stderr
        assert CONTENT.say("move-refused") in refused.stderr
        assert refused.stdout == ""


def test_move_without_a_saved_check_says_to_check_first(cli: Cli) -> None:
    assert cli("start", "--ago", "2h", env={"BACKCARE_NOW": T0.isoformat()}).exit_code == 0
    refused = moved(cli, "--show")
    assert refused.exit_code == 2
    assert CONTENT.say("move-no-check") in refused.stderr


def test_a_soon_result_may_move(cli: Cli) -> None:
    checked(cli, "--no-red-flags", "--symptom", "leg-radiation")
    assert moved(cli, "--show").exit_code == 0
    status = json.loads(cli("status", "--json", env={
        "BACKCARE_NOW": (T0 + hours(1)).isoformat()}).stdout)
    assert status["next_movement_at"] is not None


def test_a_clinicians_visit_after_an_urgent_check_still_needs_a_new_check(cli: Cli) -> None:
    checked(cli, "--red-flag", "fever")
    assert cli("seen", env={"BACKCARE_NOW": (T0 + hours(1)).isoformat()}).exit_code == 0
    refused = moved(cli, "--show")
    assert refused.exit_code == 2 and CONTENT.say("move-no-check") in refused.stderr
    status = json.loads(cli("status", "--json", env={
        "BACKCARE_NOW": (T0 + hours(1)).isoformat()}).stdout)
    assert status["next_movement_at"] is None


def test_the_calendar_holds_movement_reminders_only_while_moving_fits(cli: Cli) -> None:
    checked(cli, "--no-red-flags")
    ics = cli("plan", "--ics", "-", env={"BACKCARE_NOW": (T0 + hours(1)).isoformat(),
                                         "TZ": "America/Chicago"}).stdout
    assert ics.count("SUMMARY;LANGUAGE=en:Gentle movement") == (
        PLAN.sessions_per_day * CONTENT.window.plan_days)


def test_the_demo_walks_a_day_three_person_through_a_session(cli: Cli) -> None:
    shown = cli("demo", "day-3-movement", "--plain")
    assert shown.exit_code == 0, shown.stderr
    text = " ".join(shown.stdout.split())
    assert CONTENT.say("move-day", day=3) in text
    assert "Knee rolls: 5 times, holding 2 s on each side" in text
    assert CONTENT.say("move-recorded", before=4, after=3) in text
    assert "Where it hurts: Lower back, right side" in text


@pytest.mark.parametrize(("args", "said"), [
    (("--pain", "9"), "move-gentlest-severe"),
    (("--symptom", "weakness"), "move-gentlest-weakness"),
    (("--where", "neck-upper-back", "--where", "middle-back"), "move-gentlest-places"),
])
def test_severe_pain_a_weak_leg_or_pain_only_above_the_lower_back_keep_to_walking(
        cli: Cli, args: tuple[str, ...], said: str) -> None:
    checked(cli, "--no-red-flags", *args)
    data = json.loads(moved(cli, "--json").stdout)
    assert [m["id"] for m in data["movements"]] == PLAN.gentlest
    assert CONTENT.say(said) in data["notes"] and data["gentler"] is True


def test_pregnancy_adds_the_labour_signs_to_the_stop_rule_and_leaves_out_lying_on_the_back(
        cli: Cli) -> None:
    checked(cli, "--no-red-flags", "--condition", "pregnancy")
    data = json.loads(moved(cli, "--json").stdout)
    assert "knee-rolls" not in [m["id"] for m in data["movements"]]
    assert CONTENT.say("move-withheld-pregnancy") in data["notes"]
    assert "labour-signs-stop" in [s["id"] for s in data["stop_signs"]]
    checked_again = cli("check", "--no-input", "--no-red-flags", "--ago", "50h", "--save",
                        env={"BACKCARE_NOW": (T0 + hours(2)).isoformat()})
    assert checked_again.exit_code == 0
    data = json.loads(cli("move", "--json", env={
        "BACKCARE_NOW": (T0 + hours(3)).isoformat()}).stdout)
    assert "labour-signs-stop" not in [s["id"] for s in data["stop_signs"]]


def test_a_check_that_ruled_out_both_legs_holds_for_a_later_score_at_the_same_places(
        cli: Cli) -> None:
    answers = json.dumps({"red_flags": [], "where": ["thigh-left", "thigh-right"],
                          "ruled_out": ["both-legs"], "age": 60, "ago": "50h"})
    saved = cli("check", "--no-input", "--answers", "-", "--save", input=answers,
                env={"BACKCARE_NOW": T0.isoformat()})
    assert saved.exit_code == 0, saved.stderr
    env = {"BACKCARE_NOW": (T0 + hours(1)).isoformat()}
    same = cli("pain", "5", "--where", "thigh-left", "--where", "thigh-right", env=env)
    assert same.exit_code == 0 and "EMERGENCY" not in same.stderr
    lower = cli("pain", "5", "--where", "foot-left", "--where", "foot-right",
                env={"BACKCARE_NOW": (T0 + hours(2)).isoformat()})
    assert "EMERGENCY" in lower.stderr  # new places: the sign counts until a check answers


def test_undo_takes_back_a_session_with_its_pain_scores(cli: Cli) -> None:
    checked(cli, "--no-red-flags", "--pain", "4")
    with state.update(paths.state_file()) as loaded:
        open_episode = loaded.state.open_episode()
        assert open_episode is not None
        moved_episode = record_movement(open_episode, MovementSession(
            at=T0 + hours(1), recorded_at=T0 + hours(1), minutes=6, movements=["walking"],
            pain_before=4, pain_after=3))
        loaded.state = replace_episode(loaded.state, moved_episode)
    env = {"BACKCARE_NOW": (T0 + hours(2)).isoformat()}
    history = json.loads(cli("history", "--json", env=env).stdout)["episodes"][0]
    assert len(history["movement"]) == 1 and len(history["pain"]) == 3
    undone = cli("undo", "--yes", env=env)
    assert undone.exit_code == 0 and "movement session" in undone.stderr
    history = json.loads(cli("history", "--json", env=env).stdout)["episodes"][0]
    assert history["movement"] == [] and [p["note"] for p in history["pain"]] == [
        "from backcare check"]



def test_a_hand_edited_session_length_out_of_range_is_a_broken_file(cli: Cli) -> None:
    checked(cli, "--no-red-flags")
    log = paths.state_file()
    kept = json.loads(log.read_text())
    kept["episodes"][0]["movement"] = [{"at": T0.isoformat(), "minutes": 1e308,
                                        "movements": ["walking"], "pain_before": 3}]
    log.write_text(json.dumps(kept))
    shown = cli("status", env={"BACKCARE_NOW": (T0 + hours(1)).isoformat()})
    assert shown.exit_code == 1 and "state.json" in shown.stderr
    assert "unexpected" not in shown.stderr


def test_status_says_movement_is_paused_after_a_stop_sign_until_a_check(cli: Cli) -> None:
    checked(cli, "--no-red-flags")
    with state.update(paths.state_file()) as loaded:
        current = loaded.state.open_episode()
        assert current is not None
        loaded.state = replace_episode(loaded.state, record_movement(current, MovementSession(
            at=T0 + hours(1), recorded_at=T0 + hours(1), minutes=3, movements=["walking"],
            pain_before=4, stopped="stop-sign", stop_signs=["pain-down-leg"])))
    env = {"BACKCARE_NOW": (T0 + hours(2)).isoformat()}
    status = json.loads(cli("status", "--json", env=env).stdout)
    assert status["movement_paused"] == CONTENT.say("move-paused-stop")
    assert status["next_movement_at"] is None
    assert CONTENT.say("move-paused-stop")[:40] in " ".join(
        cli("status", "--plain", env=env).stdout.split())
    refused = cli("move", "--show", env=env)
    assert refused.exit_code == 2 and CONTENT.say("move-paused-stop") in refused.stderr
    cli("check", "--no-input", "--no-red-flags", "--save",
        env={"BACKCARE_NOW": (T0 + hours(3)).isoformat()})
    assert moved_at(cli, 4, "--show").exit_code == 0


def moved_at(cli: Cli, at_hours: float, *args: str) -> Any:
    return cli("move", *args, env={"BACKCARE_NOW": (T0 + hours(at_hours)).isoformat()})
