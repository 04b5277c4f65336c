"""The real `backcare check` in a pseudo-terminal, driven with keys like a person would.

prompt_toolkit asks the terminal where the cursor is (CPR, ESC [6n) before it
draws a prompt; a real terminal answers, so the `Screen` helper answers too.
Without an answer prompt_toolkit waits, then assumes it has no room below the
cursor and leaves the validation message off screen.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pexpect = pytest.importorskip("pexpect")

from backcare.loader import load_content  # noqa: E402
from tests.helpers import CTRL_C, ENTER, SPACE, Screen, words  # noqa: E402

pytestmark = pytest.mark.slow  # a real terminal, processes or crashes: `pytest -m slow`

CONTENT = load_content()
QUESTIONS = CONTENT.questions
DOWN = "\x1b[B"
UP = "\x1b[A"
END = "\x1b[F"
BOX = re.compile("[\u2500-\u257f]")
LISTED = [r for r in CONTENT.red_flags if not r.follow_up_only]
"""The warning signs on the first checklist: a follow-up-only sign is asked later."""


def asked(question: str) -> str:
    """The start of a question: long ones wrap, with cursor moves inside the line."""
    return question[:50]


@pytest.fixture
def spawn(backcare_home: Path) -> Iterator[Any]:
    children: list[Any] = []

    def start(*args: str, dimensions: tuple[int, int] = (24, 100),
              env: dict[str, str] | None = None, shell: str | None = None) -> Screen:
        full_env = {k: v for k, v in os.environ.items()
                    if k not in {"COLUMNS", "LINES", "NO_COLOR", "BACKCARE_NOW"}}
        full_env.update({"BACKCARE_HOME": str(backcare_home), "TERM": "xterm"}, **(env or {}))
        if shell is None:
            program, argv = sys.executable, ["-m", "backcare", *args]
        else:
            program, argv = "/bin/sh", ["-c", shell]
        child = pexpect.spawn(program, argv, env=full_env, dimensions=dimensions,
                              encoding="utf-8", timeout=10)
        children.append(child)
        return Screen(child)

    yield start
    for child in children:
        if child.isalive():
            child.close(force=True)


def answer_no_red_flags(screen: Screen) -> None:
    screen.expect(asked(QUESTIONS.red_flags))
    screen.expect("more below")  # the list scrolls within the screen
    screen.send(DOWN * len(LISTED))  # "None of these" is the last choice
    screen.send(SPACE)
    screen.send(ENTER)


def answer_no_place(screen: Screen) -> None:
    """Where it hurts, asked right after the age: Up from the top reaches "None of these"."""
    screen.expect(asked(QUESTIONS.where))
    screen.send(UP + ENTER)


def answer_age(screen: Screen, age: str = "40") -> None:
    """The age, asked right after the warning signs, then no place on the back map."""
    screen.expect(asked(QUESTIONS.age))
    screen.send(age + ENTER)
    answer_no_place(screen)


# ------------------------------------------------------------ whole interview


def test_interview_through_to_the_self_care_result(spawn: Any, backcare_home: Path) -> None:
    screen = spawn("check")
    answer_no_red_flags(screen)
    answer_age(screen)
    screen.expect(asked(QUESTIONS.onset))
    screen.send(ENTER)  # the first choice: a few hours ago
    screen.expect(asked(QUESTIONS.triggers))
    screen.send(SPACE + ENTER)  # the first trigger
    screen.expect(asked(QUESTIONS.symptoms))
    screen.send(UP + ENTER)  # Up from the top: "None of these"
    screen.expect(asked(QUESTIONS.pain))
    screen.send("4" + ENTER)
    screen.expect(asked(QUESTIONS.conditions))
    screen.send(UP + ENTER)

    screen.expect(words(CONTENT.level_text("self-care").banner))
    first_onset = CONTENT.onsets[0]
    assert first_onset.from_hours is not None
    assert first_onset.from_hours < CONTENT.window.ice_until_hours
    screen.expect("Conservative care")
    screen.expect(words(next(a.title for a in CONTENT.advice if a.id == "cold-first")))
    lifting = next(a for a in CONTENT.advice if CONTENT.triggers[0].id in a.when.triggers)
    screen.expect(words(lifting.title))
    screen.expect(words(CONTENT.clinic.fill(CONTENT.clinic.contact)))
    screen.expect(asked(QUESTIONS.save))
    screen.send("n")

    assert screen.finish() == 0
    assert "Traceback" not in screen.text
    assert not (backcare_home / "state.json").exists()
    # the person was never told about any level but self-care
    assert "URGENT" not in screen.text and "EMERGENCY" not in screen.text


def test_saying_yes_saves_the_check(spawn: Any, backcare_home: Path) -> None:
    screen = spawn("check", "--no-red-flags", "--pain", "3", "--trigger", "stress",
                   "--symptom", "spasm", "--condition", "asthma", "--age", "40")
    answer_no_place(screen)
    screen.expect(asked(QUESTIONS.onset))  # given answers are not asked again
    screen.send(ENTER)
    screen.expect(words(CONTENT.level_text("self-care").banner))
    screen.expect(asked(QUESTIONS.save))
    screen.send("y")
    screen.expect("episode")
    assert screen.finish() == 0
    assert (backcare_home / "state.json").is_file()
    assert asked(QUESTIONS.red_flags) not in screen.text
    assert asked(QUESTIONS.pain) not in screen.text
    assert asked(QUESTIONS.age) not in screen.text


def test_emergency_answer_shows_the_emergency_screen_and_asks_nothing_more(
    spawn: Any, backcare_home: Path
) -> None:
    assert CONTENT.red_flags[0].level == "emergency"
    screen = spawn("check")
    screen.expect(asked(QUESTIONS.red_flags))
    screen.expect("more below")  # the list scrolls within the screen
    screen.send(SPACE + ENTER)  # the first red flag

    screen.expect(words(CONTENT.clinic.fill(CONTENT.level_text("emergency").banner)))
    screen.expect("911")
    assert screen.finish() == 0
    shown = screen.text
    for question in (QUESTIONS.age, QUESTIONS.onset, QUESTIONS.triggers, QUESTIONS.pain,
                     QUESTIONS.save):
        assert asked(question) not in shown
    assert "Conservative care" not in shown
    assert not (backcare_home / "state.json").exists()


def test_an_emergency_answer_is_kept_in_the_open_episode_without_asking(
    spawn: Any, backcare_home: Path, run_backcare: Any
) -> None:
    assert run_backcare("start", "--ago", "2h").returncode == 0
    screen = spawn("check")
    screen.expect(asked(QUESTIONS.red_flags))
    screen.expect("more below")  # the list scrolls within the screen
    screen.send(SPACE + ENTER)  # the first red flag, an emergency
    screen.expect(words(CONTENT.clinic.fill(CONTENT.level_text("emergency").banner)))
    assert screen.finish() == 0
    assert asked(QUESTIONS.save) not in screen.text
    status = json.loads(run_backcare("status", "--json").stdout)
    assert status["escalation"]["level"] == "emergency"
    assert status["recommendation"] is None


# ----------------------------------------------------------------- Ctrl-C


def assert_cancelled(screen: Screen, backcare_home: Path) -> None:
    assert screen.finish() == 130
    shown = screen.text
    assert "Traceback" not in shown
    lines = [line for line in shown.splitlines() if "cancelled" in line]
    assert len(lines) == 1
    assert shown.rstrip().endswith(lines[0].strip())
    assert not (backcare_home / "state.json").exists()
    assert not backcare_home.exists() or list(backcare_home.iterdir()) == []


def test_ctrl_c_at_the_first_prompt(spawn: Any, backcare_home: Path) -> None:
    screen = spawn("check")
    screen.expect(asked(QUESTIONS.red_flags))
    screen.expect("more below")  # the list scrolls within the screen
    screen.send(CTRL_C)
    assert_cancelled(screen, backcare_home)


def test_ctrl_c_halfway_saves_nothing(spawn: Any, backcare_home: Path) -> None:
    screen = spawn("check")
    answer_no_red_flags(screen)
    answer_age(screen)
    screen.expect(asked(QUESTIONS.onset))
    screen.send(ENTER)
    screen.expect(asked(QUESTIONS.triggers))
    screen.send(ENTER)
    screen.expect(asked(QUESTIONS.symptoms))
    screen.send(ENTER)
    screen.expect(asked(QUESTIONS.pain))
    screen.send(CTRL_C)
    assert_cancelled(screen, backcare_home)


def test_ctrl_c_at_the_save_question_saves_nothing(spawn: Any, backcare_home: Path) -> None:
    screen = spawn("check", "--no-red-flags", "--pain", "3", "--trigger", "stress",
                   "--symptom", "spasm", "--condition", "asthma", "--ago", "2h",
                   "--age", "40")
    answer_no_place(screen)
    screen.expect(asked(QUESTIONS.save))
    screen.send(CTRL_C)
    assert_cancelled(screen, backcare_home)


# ------------------------------------------------------------- validation


def test_enter_with_nothing_ticked_takes_the_highlighted_line(spawn: Any) -> None:
    screen = spawn("check")
    screen.expect(asked(QUESTIONS.red_flags))
    screen.expect("more below")  # the list scrolls within the screen
    screen.expect("Enter when done")  # said once Enter takes an unticked line
    screen.send(DOWN * len(LISTED) + ENTER)  # "None of these" highlighted, no tick
    screen.expect(words(f"You chose: {QUESTIONS.none_of_these}"))
    answer_age(screen)
    screen.expect(asked(QUESTIONS.onset))
    screen.send(CTRL_C)
    assert screen.finish() == 130


def test_enter_on_a_highlighted_warning_sign_takes_it(spawn: Any) -> None:
    screen = spawn("check")
    screen.expect("more below")  # the list scrolls within the screen
    screen.expect("Enter when done")  # said once Enter takes an unticked line
    screen.send(ENTER)  # the first line, a warning sign, is highlighted
    screen.expect(words(f"You chose: {CONTENT.red_flags[0].label}"))
    screen.expect("EMERGENCY")
    assert screen.finish() == 0


def test_none_of_these_cannot_be_combined_with_a_red_flag(spawn: Any) -> None:
    screen = spawn("check")
    screen.expect(asked(QUESTIONS.red_flags))
    screen.expect("more below")  # the list scrolls within the screen
    # an urgent flag (so that nothing ends the interview), then "None of these"
    urgent = next(i for i, r in enumerate(LISTED) if r.level == "urgent")
    screen.send(DOWN * urgent + SPACE)
    screen.send(END + SPACE)  # ticking "None of these" unticks the sign
    screen.send(ENTER)
    screen.expect(words(f"You chose: {QUESTIONS.none_of_these}"))
    answer_age(screen)
    screen.expect(asked(QUESTIONS.onset))
    screen.send(CTRL_C)
    assert screen.finish() == 130


def test_not_sure_on_the_triggers_list_goes_alone_and_enter_takes_the_highlighted_line(
    spawn: Any,
) -> None:
    screen = spawn("check")
    answer_no_red_flags(screen)
    answer_age(screen)
    screen.expect(asked(QUESTIONS.onset))
    screen.send(ENTER)
    screen.expect(asked(QUESTIONS.triggers))
    not_sure = CONTENT.triggers[-1]
    assert not_sure.exclusive
    screen.send(SPACE + UP + SPACE + ENTER)  # the first trigger, then "Not sure"
    screen.expect(words(f"You chose: {not_sure.label}"))
    screen.expect(asked(QUESTIONS.symptoms))
    screen.send(ENTER)  # nothing ticked: Enter takes the highlighted first symptom
    screen.expect(words(f"You chose: {CONTENT.symptoms[0].label}"))
    screen.send(CTRL_C)
    assert screen.finish() == 130


def test_an_enter_as_the_warning_signs_appear_ticks_no_sign(spawn: Any) -> None:
    """An Enter pressed for the screen before lands on the list as it is drawn: until the
    hint names Enter, Enter takes no unticked line, so it never ticks the first sign."""
    screen = spawn("start")
    screen.expect(CONTENT.say("screen-first")[:30])
    screen.send(ENTER + ENTER)  # yes to the screen, and one Enter too many
    screen.expect("more below")
    screen.expect("Enter when done")
    assert "You chose" not in screen.text
    screen.send(END + SPACE + ENTER)
    screen.expect(words(f"You chose: {QUESTIONS.none_of_these}"))
    assert screen.finish() == 0
    assert "EMERGENCY" not in screen.text


def test_b_goes_back_to_the_warning_signs_with_the_answer_kept(
    spawn: Any, backcare_home: Path,
) -> None:
    screen = spawn("check")
    answer_no_red_flags(screen)
    screen.expect(asked(QUESTIONS.age))
    screen.send("b")
    screen.expect(asked(QUESTIONS.red_flags))
    screen.send(ENTER)  # "None of these" is still ticked
    screen.expect(words(f"You chose: {QUESTIONS.none_of_these}"))
    answer_age(screen, "52")
    screen.expect(asked(QUESTIONS.onset))
    screen.send("b")  # back to where it hurts, "None of these" kept
    screen.expect(asked(QUESTIONS.where))
    screen.send("b")  # and back to the age, the 52 kept
    screen.expect(asked(QUESTIONS.age))
    screen.send(ENTER)
    screen.expect(asked(QUESTIONS.where))
    screen.send(ENTER)  # "None of these" is still ticked
    screen.expect(words(f"You chose: {QUESTIONS.none_of_these}"))
    screen.expect(asked(QUESTIONS.onset))
    screen.send(CTRL_C)
    assert screen.finish() == 130
    assert screen.text.count("52") >= 2


# ------------------------------------------------------- terminal output


RESULT_ARGS = ("check", "--no-input", "--no-red-flags", "--trigger", "heavy-lifting",
               "--condition", "diabetes", "--explain")


def test_a_terminal_gets_colour_and_a_boxed_banner(spawn: Any) -> None:
    """The control for the plain tests below: on a terminal the banner is boxed."""
    screen = spawn(*RESULT_ARGS, dimensions=(24, 40))
    assert screen.finish() == 0
    raw = screen.log.getvalue()
    assert BOX.search(raw)
    assert "\x1b[" in raw


@pytest.mark.parametrize(
    ("args", "env"),
    [(("--plain",), {}), ((), {"NO_COLOR": "1"}), ((), {"TERM": "dumb"})],
    ids=["--plain", "NO_COLOR", "TERM=dumb"],
)
def test_plain_on_a_terminal_has_no_colour_no_boxes_and_fits_40_columns(
    spawn: Any, args: tuple[str, ...], env: dict[str, str]
) -> None:
    screen = spawn(*RESULT_ARGS, *args, dimensions=(24, 40), env=env)
    assert screen.finish() == 0
    raw = screen.log.getvalue()
    assert "\x1b" not in raw
    assert not BOX.search(raw)
    lines = raw.replace("\r", "").splitlines()
    assert max(len(line) for line in lines) <= 40
    assert words(CONTENT.level_text("self-care").banner.upper()).search(raw)


def test_scripted_in_a_terminal_never_prompts(spawn: Any) -> None:
    screen = spawn("check", "--no-input")
    assert screen.finish() == 2
    assert "--no-red-flags" in screen.text
    assert asked(QUESTIONS.red_flags) not in screen.text


def test_piped_stdin_on_a_terminal_exits_2_at_once(spawn: Any) -> None:
    """`backcare check < /dev/null` typed at a terminal: stdout is a terminal, stdin is not."""
    command = f"exec {shlex.quote(sys.executable)} -m backcare check < /dev/null"
    screen = spawn(shell=command)
    assert screen.finish() == 2
    assert "--red-flag" in screen.text and "--no-red-flags" in screen.text
    assert asked(QUESTIONS.red_flags) not in screen.text
