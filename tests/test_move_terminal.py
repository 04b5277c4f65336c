"""`backcare move` in a real pseudo-terminal: a whole day-3 session at 80x24, in the picker
and in line mode, a stop sign, Ctrl-C, and a rise in pain changing the next session.

`BACKCARE_MOVE_SECOND` makes each second of a hold pass in a few milliseconds."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

pexpect = pytest.importorskip("pexpect")

from backcare.loader import load_content  # noqa: E402
from backcare.paths import data_dir  # noqa: E402
from backcare.translation import translate  # noqa: E402
from tests.helpers import CTRL_C, ENTER, Screen, spawn_backcare, words  # noqa: E402

pytestmark = pytest.mark.slow

CONTENT = load_content()
T0 = datetime(2026, 12, 1, 7, 0, tzinfo=UTC)
NOW = (T0 + timedelta(hours=50)).isoformat()
UP = "\x1b[A"
FAST = {"BACKCARE_NOW": NOW, "BACKCARE_MOVE_SECOND": "0.005", "TZ": "UTC"}


def backcare(home: Path, *args: str, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run([sys.executable, "-m", "backcare", *args], capture_output=True,
                          text=True, timeout=60,
                          env={"BACKCARE_HOME": str(home), "BACKCARE_NOW": NOW, "TZ": "UTC",
                               "PATH": "/usr/bin:/bin", **(env or {})})
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def day_three(home: Path, *answers: str) -> None:
    backcare(home, "check", "--no-input", "--no-red-flags", "--ago", "50h", "--age", "40",
             "--pain", "4", "--save", *answers)


def sessions(home: Path) -> list[dict[str, Any]]:
    history = json.loads(backcare(home, "history", "--json"))
    movement: list[dict[str, Any]] = history["episodes"][-1]["movement"]
    return movement


def none_of_these(screen: Screen, line_mode: bool) -> None:
    screen.expect(words(CONTENT.say("move-stop-question")))
    screen.send("0" + ENTER if line_mode else UP + " " + ENTER)


def whole_session(screen: Screen, before: str, after: str, line_mode: bool) -> None:
    plan_ids = [m.id for m in CONTENT.movements if m.from_day <= 3]
    screen.expect(words(CONTENT.say("move-day", day=3)))
    screen.expect(words(CONTENT.say("move-pain-before")[:40]))
    screen.send(before + ENTER)
    for n, movement in enumerate(m for m in CONTENT.movements if m.id in plan_ids):
        screen.expect(f"{n + 1} of {len(plan_ids)}")
        screen.expect(words(movement.step_lines[0]))
        screen.expect("ready to start")
        screen.send(ENTER)
        if movement.hold_seconds is None:
            screen.expect("have finished")
            screen.send(ENTER)
        else:
            screen.expect(f"Done: {movement.title}.")
        none_of_these(screen, line_mode)
    screen.expect(words(CONTENT.say("move-pain-after")[:40]))
    screen.send(after + ENTER)


@pytest.mark.parametrize("line_mode", [False, True], ids=["picker", "line"])
def test_a_whole_day_three_session_is_guided_and_kept(backcare_home: Path,
                                                       line_mode: bool) -> None:
    day_three(backcare_home)
    env = {**FAST, **({"BACKCARE_LINE_MODE": "1"} if line_mode else {})}
    screen = spawn_backcare(backcare_home, "move", env=env, dimensions=(24, 80))
    whole_session(screen, "5", "4", line_mode)
    screen.expect(words(CONTENT.say("move-recorded", before=5, after=4)))
    assert screen.finish() == 0
    assert "Traceback" not in screen.text
    if line_mode:
        assert "\x1b[" not in screen.log.getvalue().replace("\x1b[6n", "")
    [kept] = sessions(backcare_home)
    assert kept["movements"] == [m.id for m in CONTENT.movements if m.from_day <= 3]
    assert (kept["pain_before"], kept["pain_after"], kept["stopped"]) == (5, 4, None)


def test_a_rise_of_two_makes_the_next_session_gentler(backcare_home: Path) -> None:
    day_three(backcare_home)
    screen = spawn_backcare(backcare_home, "move", env=FAST, dimensions=(24, 80))
    whole_session(screen, "3", "5", line_mode=False)
    screen.expect(words(CONTENT.say("move-gentler-next", points=2,
                                    reps=CONTENT.movement_plan.start_reps)))
    screen.expect(words(CONTENT.clinic.fill(CONTENT.say("move-call-if-again"))))
    assert screen.finish() == 0
    shown = backcare(backcare_home, "move", "--show")
    assert CONTENT.say("move-gentler-now") in " ".join(shown.split())


def walk(screen: Screen) -> None:
    """The score before, then the day's first movement, the walk, through to its end."""
    screen.expect(words(CONTENT.say("move-pain-before")[:40]))
    screen.send("4" + ENTER)
    screen.expect("ready to start")
    screen.send(ENTER)
    screen.expect("have finished")
    screen.send(ENTER)


def test_a_stop_sign_ends_the_session_keeps_it_and_asks_the_warning_signs(
        backcare_home: Path) -> None:
    day_three(backcare_home)
    screen = spawn_backcare(backcare_home, "move", env=FAST, dimensions=(24, 80))
    walk(screen)
    screen.expect(words(CONTENT.say("move-stop-question")))
    screen.send(" " + ENTER)  # the first: the movement made the pain worse
    screen.expect(words(CONTENT.say("move-stopped")))
    screen.expect(words(CONTENT.questions.red_flags[:40]))  # the warning-sign screen again
    [kept] = sessions(backcare_home)
    assert kept["stopped"] == "stop-sign" and kept["stop_signs"] == [CONTENT.stop_signs[0].id]
    assert kept["movements"] == ["walking"] and kept["pain_after"] is None
    screen.send(CTRL_C)
    screen.finish()


def test_ctrl_c_in_the_first_minute_keeps_nothing_and_later_keeps_the_part_done(
        backcare_home: Path) -> None:
    day_three(backcare_home)
    screen = spawn_backcare(backcare_home, "move", env={"BACKCARE_NOW": NOW},
                            dimensions=(24, 80))
    screen.expect(words(CONTENT.say("move-pain-before")[:40]))
    screen.send("4" + ENTER)
    screen.expect("ready to start")
    screen.send(CTRL_C)
    screen.expect(words(CONTENT.say("move-not-recorded")))
    assert screen.finish() == 0
    assert sessions(backcare_home) == []
    # a second of the session is 1 ms here: the walk alone is past the first minute
    screen = spawn_backcare(backcare_home, "move",
                            env={**FAST, "BACKCARE_MOVE_SECOND": "0.001"}, dimensions=(24, 80))
    walk(screen)
    none_of_these(screen, line_mode=False)
    screen.expect("2 of")
    screen.expect("ready to start")
    screen.send(CTRL_C)
    screen.expect("Stopped early")
    assert screen.finish() == 0
    [kept] = sessions(backcare_home)
    assert kept["stopped"] == "interrupted" and kept["movements"] == ["walking"]


def test_move_is_refused_while_a_warning_sign_stands(backcare_home: Path) -> None:
    backcare(backcare_home, "check", "--no-input", "--red-flag", "night-pain", "--ago", "50h",
             "--save")
    screen = spawn_backcare(backcare_home, "move", env=FAST, dimensions=(24, 80))
    screen.expect(words(CONTENT.say("move-refused")))
    assert screen.finish() == 11
    assert "hold for" not in screen.text


def test_it_all_works_in_spanish(backcare_home: Path) -> None:
    day_three(backcare_home)
    es = translate(CONTENT, data_dir(), "es")
    screen = spawn_backcare(backcare_home, "--lang", "es", "move",
                            env={"BACKCARE_NOW": NOW}, dimensions=(24, 80))
    screen.expect(words(es.say("move-day", day=3)))
    screen.expect(words(es.say("move-pain-before")[:40]))
    screen.send("4" + ENTER)
    screen.expect(words(es.movements[0].step_lines[0]))
    screen.send(ENTER)
    screen.expect("Pulse cualquier tecla cuando haya terminado")
    screen.send(ENTER)
    screen.expect(words(es.say("move-stop-question")))
    screen.send(CTRL_C)
    screen.expect(words(es.say("move-not-recorded")))
    assert screen.finish() == 0



def test_ctrl_c_at_the_last_question_keeps_the_session_done(backcare_home: Path) -> None:
    day_three(backcare_home)
    screen = spawn_backcare(backcare_home, "move", env=FAST, dimensions=(24, 80))
    plan_ids = [m.id for m in CONTENT.movements if m.from_day <= 3]
    screen.expect(words(CONTENT.say("move-pain-before")[:40]))
    screen.send("5" + ENTER)
    for movement in (m for m in CONTENT.movements if m.id in plan_ids):
        screen.expect("ready to start")
        screen.send(ENTER)
        if movement.hold_seconds is None:
            screen.expect("have finished")
            screen.send(ENTER)
        none_of_these(screen, line_mode=False)
    screen.expect(words(CONTENT.say("move-pain-after")[:40]))
    screen.send(CTRL_C)
    screen.expect("Stopped early")
    assert screen.finish() == 0
    [kept] = sessions(backcare_home)
    assert kept["movements"] == plan_ids and kept["pain_after"] is None
    assert kept["stopped"] == "interrupted"
