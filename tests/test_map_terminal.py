"""The back map in a real pseudo-terminal: the drawing where the screen has room, the
numbered list in line mode and on a short screen, and the question that confirms a warning
sign the places can go with."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect")

from backcare.loader import load_content  # noqa: E402
from tests.helpers import ENTER, Screen, spawn_backcare, words  # noqa: E402

pytestmark = pytest.mark.slow

CONTENT = load_content()
Q = CONTENT.questions
NOW = "2026-12-01T09:00:00-06:00"
GIVEN = ("check", "--no-red-flags", "--age", "40", "--ago", "6h", "--trigger", "heavy-lifting",
         "--symptom", "spasm", "--pain", "4")
DOWN, UP = "\x1b[B", "\x1b[A"
ENV = {"BACKCARE_NOW": NOW}


def place(key: str) -> int:
    """A place's number on the map and in the list."""
    return next(n for n, r in enumerate(CONTENT.regions, 1) if r.id == key)


def tick(screen: Screen, *keys: str) -> None:
    """Tick places in the picker, from the top of the list, then Enter."""
    at = 1
    for n in sorted(place(k) for k in keys):
        screen.send(DOWN * (n - at) + " ")
        at = n
    screen.send(ENTER)


def no_conditions_then_save(screen: Screen, level: str) -> None:
    screen.expect(Q.conditions[:40])
    screen.send(UP + ENTER)
    screen.expect(words(CONTENT.level_text(level).banner))
    screen.expect(Q.save[:40])
    screen.send("y")


def saved_answers(home: Path) -> dict[str, object]:
    proc = subprocess.run([sys.executable, "-m", "backcare", "history", "--json"],
                          capture_output=True, text=True, timeout=60,
                          env={"BACKCARE_HOME": str(home), "PATH": "/usr/bin:/bin"})
    answers: dict[str, object] = json.loads(proc.stdout)["episodes"][0]["checks"][0]["answers"]
    return answers


def test_lower_right_and_below_the_right_knee_is_kept_and_counts_as_leg_pain(
        backcare_home: Path) -> None:
    screen = spawn_backcare(backcare_home, *GIVEN, env=ENV, dimensions=(40, 80))
    screen.expect(Q.where_drawing)
    screen.expect(Q.where[:25])
    assert "[11]" in screen.text and "Right leg, below the knee" in screen.text
    tick(screen, "lower-back-right", "below-knee-right")
    no_conditions_then_save(screen, "soon")
    assert screen.finish() == 0
    assert Q.where_confirm[:30] not in screen.text
    assert "Lower back, right side; Right leg, below the knee" in " ".join(screen.text.split())
    answers = saved_answers(backcare_home)
    assert answers["where"] == ["lower-back-right", "below-knee-right"]


def test_both_legs_after_none_of_these_asks_to_confirm_and_no_is_kept(
        backcare_home: Path) -> None:
    screen = spawn_backcare(backcare_home, *GIVEN, env=ENV, dimensions=(40, 80))
    screen.expect(Q.where[:25])
    tick(screen, "thigh-left", "thigh-right")
    screen.expect(words(Q.where_confirm[:40]))
    both = next(r for r in CONTENT.red_flags if r.id == "both-legs")
    screen.expect(words(both.label))
    screen.send(UP + " " + ENTER)  # None of these: long-standing, say
    no_conditions_then_save(screen, "soon")
    assert screen.finish() == 0
    answers = saved_answers(backcare_home)
    assert answers["ruled_out"] == ["both-legs"] and answers["red_flags"] == []


def test_line_mode_lists_the_places_by_number_and_a_yes_is_the_emergency(
        backcare_home: Path) -> None:
    screen = spawn_backcare(backcare_home, *GIVEN, "--line-mode", env=ENV,
                            dimensions=(40, 80))
    screen.expect(Q.where[:25])
    screen.expect(f"{place('foot-right')}. Right foot")
    screen.send(f"{place('below-knee-left')} {place('foot-right')}" + ENTER)
    screen.expect(words(Q.where_confirm[:40]))
    screen.send("1" + ENTER)
    screen.expect(words(CONTENT.fill(CONTENT.level_text("emergency").banner)))
    assert screen.finish() == 0
    assert Q.where_drawing not in screen.text and "[11]" not in screen.text
    assert Q.conditions[:40] not in screen.text  # an emergency asks nothing more


@pytest.mark.parametrize(("rows", "columns", "drawn"), [(24, 80, False), (40, 40, True),
                                                         (24, 40, False)])
def test_the_drawing_shows_only_where_the_list_still_has_room(
        backcare_home: Path, rows: int, columns: int, drawn: bool) -> None:
    screen = spawn_backcare(backcare_home, *GIVEN, env=ENV, dimensions=(rows, columns))
    screen.expect(Q.where[:20])
    screen.expect("1. Neck")
    assert (Q.where_drawing[:20] in screen.text) is drawn
    assert ("[13]" in screen.text) is drawn
    screen.send(UP + ENTER)  # None of these
    screen.expect(Q.conditions[:20])
    screen.send("\x03")
    screen.finish()


def test_pain_where_in_a_terminal_asks_the_same_question(backcare_home: Path) -> None:
    subprocess.run([sys.executable, "-m", "backcare", "start", "--ago", "6h"], check=True,
                   capture_output=True, timeout=60,
                   env={"BACKCARE_HOME": str(backcare_home), "BACKCARE_NOW": NOW,
                        "PATH": "/usr/bin:/bin"})
    screen = spawn_backcare(backcare_home, "pain", "6", "--where", "foot-left", "--where",
                            "foot-right", env=ENV, dimensions=(40, 80))
    screen.expect(words(Q.where_confirm[:40]))
    screen.send(UP + " " + ENTER)
    screen.expect("Recorded pain 6/10")
    screen.expect(words(CONTENT.level_text("soon").banner.split(":")[0]))
    assert screen.finish() == 0
    assert "EMERGENCY" not in screen.text
