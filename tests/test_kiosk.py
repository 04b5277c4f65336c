"""`backcare check --kiosk`: a waiting-room screen. One person after another, nothing stored.

Driven in a pseudo-terminal with keys, as a person at the screen would.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from backcare import staff_pin
from backcare.kiosk import LANGUAGE_QUESTION, NOTICE, STAFF, STAFF_CHOICE
from backcare.loader import load_content
from backcare.paths import data_dir
from backcare.translation import translate
from tests.helpers import CTRL_C, DOWN, ENTER, SPACE, UP, Screen, spawn_backcare, words

CONTENT = load_content()
Q = CONTENT.questions
SPANISH = translate(CONTENT, data_dir(), "es")


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


PIN = "4921"


def clinic_profile(home: Path, question: float = 3, result: float = 5,
                   language: str = "en") -> Path:
    """The sample profile, with a staff PIN and the idle limits (minutes) given."""
    home.mkdir(parents=True, exist_ok=True)
    profile = (data_dir() / "clinic.toml").read_text(encoding="utf-8")
    profile = profile.replace('language = "en"', f'language = "{language}"')
    profile = profile.replace("\n[clinic.translations.es]", (
        f"\n[clinic.kiosk]\nidle_on_question = {question}\nidle_on_result = {result}\n"
        f'staff_pin = "{staff_pin.stored(PIN)}"\n\n[clinic.translations.es]'))
    path = home / "clinic.toml"
    path.write_text(profile, encoding="utf-8")
    return path


@pytest.fixture
def kiosk(backcare_home: Path) -> Iterator[Callable[..., Screen]]:
    """Start the kiosk in a pseudo-terminal, with a staff PIN and the idle limits given;
    afterwards, nothing of any person is stored and nothing crashed."""
    pytest.importorskip("pexpect")
    screens: list[Screen] = []

    def start(question: float = 3, result: float = 5, language: str = "en",
              **env: str) -> Screen:
        clinic_profile(backcare_home, question, result, language)
        screens.append(spawn_backcare(backcare_home, "check", "--kiosk", env=env))
        return screens[-1]

    yield start
    for screen in screens:
        if screen.child.isalive():
            screen.child.close(force=True)
        assert "Traceback" not in screen.text
    kept = sorted(p.name for p in backcare_home.iterdir()) if backcare_home.exists() else []
    assert set(kept) <= {"clinic.toml", "kiosk-log.json", "kiosk-log.json.lock"}
    log = backcare_home / "kiosk-log.json"
    if log.exists():  # counts of results reset, and nothing a person answered
        assert set(json.loads(log.read_text())["resets"][0]) == {
            "day", "level", "after_minutes", "count"}


MORE = words("Press any key for the rest of the result")


def to_the_end_of_the_result(screen: Screen, last: Any) -> None:
    """A result taller than the screen comes a page at a time: a key for each, to `last`."""
    while screen.expect_one(MORE, last) == 0:
        screen.send(" ")


def stop(screen: Screen) -> int:
    """Staff stop the kiosk: the last line of the welcome screen, then the PIN."""
    screen.expect(STAFF_CHOICE)
    screen.send(UP + ENTER)
    screen.expect(re.compile("PIN to stop the kiosk:|PIN del personal para detener"))
    screen.send(PIN + ENTER)
    return screen.finish()


def answers_a_self_care_check(screen: Screen) -> None:
    """No warning sign, 40, no place on the back map, the first onset, then "none" on every
    list: Up from the top of a list reaches its last line ("None of these", or the list's
    own "Not sure")."""
    screen.expect(asked(Q.red_flags))
    screen.send(UP + SPACE + ENTER)
    screen.expect(asked(Q.age))
    screen.send("40" + ENTER)
    screen.expect(asked(Q.where))
    screen.send(UP + ENTER)
    screen.expect(asked(Q.onset))
    screen.send(ENTER)  # the first onset choice
    for question in (Q.triggers, Q.symptoms):
        screen.expect(asked(question))
        screen.send(UP + ENTER)
    screen.expect(asked(Q.pain))
    screen.send("3" + ENTER)
    screen.expect(asked(Q.conditions))
    screen.send(UP + ENTER)


@pytest.mark.slow
def test_kiosk_serves_one_person_then_the_next_and_stores_nothing(
    kiosk: Callable[..., Screen],
) -> None:
    screen = kiosk()
    # the first person: the language first, English offered first
    screen.expect(asked(LANGUAGE_QUESTION))
    screen.expect("Español")
    screen.send(ENTER)
    screen.expect(words(NOTICE))
    answers_a_self_care_check(screen)
    screen.expect(words(CONTENT.level_text("self-care").banner))  # the first page's top
    to_the_end_of_the_result(screen, words("Press any key when you are done"))
    first = screen.text
    assert "817-697-4038" in first and "Nothing was stored." in first
    assert first.count("Nothing you enter here is stored") == 1
    assert asked(Q.save) not in first  # never asks to keep the check
    assert "You chose: " + CONTENT.triggers[-1].label in first  # Up reached "Not sure"
    screen.send("x")
    # the next person: the screen clears and the language question is back
    screen.expect(asked(LANGUAGE_QUESTION))
    screen.send(ENTER)
    screen.expect(words(NOTICE))
    screen.expect(asked(Q.red_flags))
    assert screen.text.count("Nothing you enter here is stored") == 2
    assert "\x1b[3J" in screen.log.getvalue()[len(first):]  # screen and scrollback cleared
    screen.send(CTRL_C)  # starts over: it does not leave the kiosk
    screen.expect(asked(LANGUAGE_QUESTION))
    assert stop(screen) == 0
    assert "The kiosk has stopped." in screen.text


@pytest.mark.slow
@pytest.mark.parametrize("key", [CTRL_C, "\x1c", "\x1a", "\x04"],
                         ids=["ctrl-c", "ctrl-backslash", "ctrl-z", "ctrl-d"])
@pytest.mark.parametrize("mode", ["arrows", "lines"])
def test_no_key_but_the_pin_leaves_the_kiosk_and_each_starts_over(
    kiosk: Callable[..., Screen], key: str, mode: str,
) -> None:
    screen = kiosk(**({"BACKCARE_LINE_MODE": "1"} if mode == "lines" else {}))
    screen.expect(asked(LANGUAGE_QUESTION))
    screen.send("1" + ENTER if mode == "lines" else ENTER)
    screen.expect(asked(Q.red_flags))
    screen.send("0" + ENTER if mode == "lines" else UP + SPACE + ENTER)
    screen.expect(asked(Q.age))
    before = screen.text.count("Which language")
    screen.send(key)
    screen.expect(asked(LANGUAGE_QUESTION))
    assert screen.child.isalive()
    assert screen.text.count("Which language") > before  # the welcome screen again
    if mode == "lines":
        screen.send(str(len(CONTENT_LANGUAGES) + 1) + ENTER)
        screen.expect("PIN to stop the kiosk:")
        screen.send(PIN + ENTER)
        assert screen.finish() == 0
    else:
        assert stop(screen) == 0


CONTENT_LANGUAGES = ("en", "es")


@pytest.mark.slow
def test_a_wrong_pin_does_not_stop_the_kiosk(kiosk: Callable[..., Screen]) -> None:
    screen = kiosk()
    screen.expect(STAFF_CHOICE)
    screen.send(UP + ENTER)
    screen.expect("PIN to stop the kiosk:")
    screen.send("1234" + ENTER)
    screen.expect("That is not the staff PIN.")
    screen.send("x")
    screen.expect(asked(LANGUAGE_QUESTION))  # back to the welcome screen
    assert screen.child.isalive()
    assert stop(screen) == 0


@pytest.mark.slow
def test_kiosk_emergency_stays_until_staff_clear_it_with_the_pin(
    kiosk: Callable[..., Screen],
) -> None:
    screen = kiosk()
    screen.expect(asked(LANGUAGE_QUESTION))
    screen.send(ENTER)
    screen.expect(asked(Q.red_flags))
    first_flag = CONTENT.red_flags[0]
    assert first_flag.level == "emergency"
    screen.send(SPACE + ENTER)
    screen.expect(words(CONTENT.clinic.fill(CONTENT.level_text("emergency").banner)))
    screen.expect("Nothing was stored.")
    screen.expect(words(STAFF.split(". ")[0]))
    screen.expect("type the PIN to clear this screen")
    assert asked(Q.onset) not in screen.text  # an emergency asks nothing more
    assert asked(Q.age) not in screen.text
    notices = len(words(NOTICE).findall(screen.text))
    screen.send("x" + ENTER)  # a stray key is a wrong PIN: the screen stays
    screen.expect("That is not the staff PIN.")
    screen.send(CTRL_C)  # and Ctrl-C does not clear it either
    screen.expect("type the PIN to clear this screen")
    assert len(words(NOTICE).findall(screen.text)) == notices
    assert asked(LANGUAGE_QUESTION) not in screen.text[-300:]
    screen.send(PIN + ENTER)
    screen.expect(asked(LANGUAGE_QUESTION))
    screen.send(ENTER)
    screen.expect(words(NOTICE))
    screen.expect(asked(Q.red_flags))
    screen.send(CTRL_C)
    screen.expect(asked(LANGUAGE_QUESTION))
    assert stop(screen) == 0


@pytest.mark.slow
def test_an_urgent_result_left_alone_resets_after_the_limit_and_is_counted(
    kiosk: Callable[..., Screen], backcare_home: Path,
) -> None:
    screen = kiosk(result=1, BACKCARE_KIOSK_MINUTE="1.2")  # a minute of 1.2 seconds
    screen.expect(asked(LANGUAGE_QUESTION))
    screen.send(ENTER)
    screen.expect(asked(Q.red_flags))
    screen.send(SPACE + ENTER)  # an emergency sign
    screen.expect("type the PIN to clear this screen")
    screen.expect(asked(LANGUAGE_QUESTION))  # nobody came: reset after the limit
    log = json.loads((backcare_home / "kiosk-log.json").read_text())
    assert [(r["level"], r["count"]) for r in log["resets"]] == [("emergency", 1)]
    assert stop(screen) == 0
    assert "1 emergency result reset after 1 minute" in screen.text


@pytest.mark.slow
def test_a_question_left_alone_starts_over(kiosk: Callable[..., Screen]) -> None:
    screen = kiosk(question=1, BACKCARE_KIOSK_MINUTE="1.2")
    screen.expect(asked(LANGUAGE_QUESTION))
    screen.send(ENTER)
    screen.expect(asked(Q.red_flags))
    screen.send(UP + SPACE + ENTER)
    screen.expect(asked(Q.age))
    start = len(screen.text)
    screen.expect(asked(LANGUAGE_QUESTION))  # after the idle limit, with no key
    assert "\x1b[3J" in screen.log.getvalue()[start:]
    assert stop(screen) == 0


@pytest.mark.slow
def test_kiosk_asks_each_person_their_language_before_the_warning_signs(
    kiosk: Callable[..., Screen],
) -> None:
    """A Spanish speaker picks Español and meets only Spanish; the next person is asked
    again, before any warning sign."""
    es = SPANISH.questions
    screen = kiosk()
    screen.expect(asked(LANGUAGE_QUESTION))
    screen.expect("¿En qué idioma")  # asked in every language at once
    assert asked(Q.red_flags) not in screen.text
    screen.send(DOWN + ENTER)  # Español
    screen.expect(asked(es.red_flags))
    assert SPANISH.red_flags[0].level == "emergency"
    screen.send(SPACE + ENTER)
    screen.expect(words(SPANISH.clinic.fill(SPANISH.level_text("emergency").banner)))
    screen.expect(words("No se guardó nada"))
    start = len(screen.text)
    screen.send(PIN + ENTER)  # the member of staff has seen it
    screen.expect(asked(LANGUAGE_QUESTION))
    screen.send(ENTER)  # English for the next person
    screen.expect(asked(Q.red_flags))
    assert asked(es.red_flags) not in screen.text[start:]
    screen.send(CTRL_C)
    screen.expect(asked(LANGUAGE_QUESTION))
    assert stop(screen) == 0


@pytest.mark.slow
def test_the_clinic_profile_can_offer_spanish_first(kiosk: Callable[..., Screen]) -> None:
    screen = kiosk(language="es")
    screen.expect(asked(LANGUAGE_QUESTION))
    screen.send(ENTER)  # the highlighted first choice: the clinic's Spanish
    screen.expect(asked(SPANISH.questions.red_flags))
    screen.send(CTRL_C)
    screen.expect(asked(LANGUAGE_QUESTION))
    assert stop(screen) == 0


@pytest.mark.slow
def test_the_kiosk_refuses_a_profile_without_a_pin_and_lists_its_problems(
    backcare_home: Path,
) -> None:
    screen = spawn_backcare(backcare_home, "check", "--kiosk")
    assert screen.finish() == 1
    assert "kiosk.staff_pin is not set" in screen.text
    assert "backcare clinic init" in screen.text


@pytest.mark.slow
def test_keys_pressed_ahead_are_not_the_next_screens_answer(
    kiosk: Callable[..., Screen],
) -> None:
    """Enter pressed three times on the welcome screen picks the language once: the other
    two must not tick the first warning sign, an emergency, on the next screen."""
    screen = kiosk()
    screen.expect(STAFF_CHOICE)
    screen.send(ENTER * 3)
    screen.expect(asked(Q.red_flags))
    screen.expect(Q.none_of_these)  # the list is drawn, and waits
    screen.send(UP + SPACE + ENTER)
    screen.expect("You chose: " + Q.none_of_these)
    assert "EMERGENCY" not in screen.text
    assert screen.text.count("You chose") == 1
    screen.send(CTRL_C)
    screen.expect(asked(LANGUAGE_QUESTION))
    assert stop(screen) == 0


@pytest.mark.slow
@pytest.mark.parametrize("keys", ["\x0f", CTRL_C * 30, "\x04" * 30, "\x1a" * 30],
                         ids=["ctrl-o", "ctrl-c-held", "ctrl-d-held", "ctrl-z-held"])
def test_odd_and_held_keys_never_leave_the_kiosk(
    kiosk: Callable[..., Screen], keys: str,
) -> None:
    screen = kiosk()
    screen.expect(STAFF_CHOICE)
    screen.send(keys)
    screen.send(ENTER)
    screen.expect(asked(Q.red_flags))  # still the kiosk: the language was picked
    assert screen.child.isalive()
    screen.send(CTRL_C)
    screen.expect(asked(LANGUAGE_QUESTION))
    assert stop(screen) == 0
    assert "Traceback" not in screen.text and "Exception ignored" not in screen.text
