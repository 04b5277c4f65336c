"""`backcare check --kiosk`: a waiting-room screen. One person after another, nothing stored.

Driven in a pseudo-terminal with keys, as a person at the screen would.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from backcare.content import load_content
from backcare.kiosk import NOTICE, STAFF
from tests.helpers import CTRL_C, ENTER, SPACE, UP, spawn_backcare, words

CONTENT = load_content()
Q = CONTENT.questions


def asked(question: str) -> str:
    """The start of a question: a long one wraps, with cursor moves inside the line."""
    return question[:40]


# ------------------------------------------------------------ no terminal


@pytest.mark.parametrize("extra", [(), ("--plain",), ("--explain",)])
def test_kiosk_without_a_terminal_exits_2_with_a_reason(
    run_backcare: Callable[..., Any], backcare_home: Path, extra: tuple[str, ...],
) -> None:
    result = run_backcare("check", "--kiosk", *extra, input="")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "--kiosk needs a terminal" in result.stderr
    assert "Traceback" not in result.stderr
    assert not backcare_home.exists()


@pytest.mark.parametrize("extra", [("--save",), ("--json",), ("--no-input",),
                                   ("--output", "handout.md"), ("--answers", "-"),
                                   ("--red-flag", "fever"), ("--no-red-flags",),
                                   ("--pain", "3"), ("--ago", "2h"), ("--exit-code",)])
def test_kiosk_refuses_options_that_store_or_skip_questions(
    cli: Callable[..., Any], backcare_home: Path, tmp_path: Path, extra: tuple[str, ...],
) -> None:
    result = cli("check", "--kiosk", *extra, input="{}")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--kiosk asks each person everything and stores nothing" in result.stderr
    assert not backcare_home.exists()
    assert not (tmp_path / "handout.md").exists()


# --------------------------------------------------------------- a terminal


@pytest.mark.slow
def test_kiosk_serves_one_person_then_the_next_and_stores_nothing(
    backcare_home: Path,
) -> None:
    pytest.importorskip("pexpect")
    screen = spawn_backcare(backcare_home, "check", "--kiosk")
    try:
        screen.expect(words(NOTICE))
        # the first person
        screen.expect(asked(Q.red_flags))
        screen.expect(Q.none_of_these)
        screen.send(UP)  # from the first choice up to the last: "None of these"
        screen.send(SPACE)
        screen.send(ENTER)
        screen.expect(asked(Q.onset))
        screen.send(ENTER)  # the first onset choice
        screen.expect(asked(Q.triggers))
        screen.send(ENTER)
        screen.expect(asked(Q.symptoms))
        screen.send(ENTER)
        screen.expect(asked(Q.pain))
        screen.send("3" + ENTER)
        screen.expect(asked(Q.conditions))
        screen.send(ENTER)
        screen.expect(words(CONTENT.level_text("self-care").banner))
        screen.expect("817-697-4038")
        screen.expect("Nothing was stored.")
        screen.expect(words("Press any key when you are done"))
        first = screen.text
        assert first.count("Nothing you enter here is stored") == 1
        assert asked(Q.save) not in first  # never asks to keep the check
        screen.send("x")
        # the next person: the screen clears and the notice is back
        screen.expect(words(NOTICE))
        screen.expect(asked(Q.red_flags))
        assert screen.text.count("Nothing you enter here is stored") == 2
        assert "\x1b[2J" in screen.log.getvalue()[len(first):]  # the screen was cleared
        screen.send(CTRL_C)
        assert screen.finish() == 130
    finally:
        if screen.child.isalive():
            screen.child.close(force=True)
    assert "Traceback" not in screen.text
    assert not (backcare_home / "state.json").exists()
    assert not backcare_home.exists() or list(backcare_home.iterdir()) == []


@pytest.mark.slow
def test_kiosk_emergency_shows_the_emergency_screen_then_starts_over(
    backcare_home: Path,
) -> None:
    pytest.importorskip("pexpect")
    screen = spawn_backcare(backcare_home, "check", "--kiosk")
    try:
        screen.expect(asked(Q.red_flags))
        screen.expect(Q.none_of_these)
        first_flag = CONTENT.red_flags[0]
        assert first_flag.level == "emergency"
        screen.send(SPACE + ENTER)
        screen.expect(words(CONTENT.clinic.fill(CONTENT.level_text("emergency").banner)))
        screen.expect("Nothing was stored.")
        screen.expect(words(STAFF))
        screen.expect(words("Press Enter once a member of staff has seen this screen"))
        assert asked(Q.onset) not in screen.text  # an emergency asks nothing more
        notices = len(words(NOTICE).findall(screen.text))
        screen.send("x")  # a stray key does not clear the emergency screen
        screen.expect("x")
        assert len(words(NOTICE).findall(screen.text)) == notices
        screen.send(ENTER)
        screen.expect(words(NOTICE))
        screen.expect(asked(Q.red_flags))
        screen.send(CTRL_C)
        assert screen.finish() == 130
    finally:
        if screen.child.isalive():
            screen.child.close(force=True)
    assert not backcare_home.exists() or list(backcare_home.iterdir()) == []
