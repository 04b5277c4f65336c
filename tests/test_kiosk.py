"""`backcare check --kiosk`: a waiting-room screen. One person after another, nothing stored.

Driven in a pseudo-terminal with keys, as a person at the screen would.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from backcare.kiosk import LANGUAGE_QUESTION, NOTICE, STAFF
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


@pytest.fixture
def kiosk(backcare_home: Path) -> Iterator[Callable[[], Screen]]:
    """Start the kiosk in a pseudo-terminal; afterwards, nothing of any person is stored
    and nothing crashed."""
    pytest.importorskip("pexpect")
    screens: list[Screen] = []

    def start() -> Screen:
        screens.append(spawn_backcare(backcare_home, "check", "--kiosk"))
        return screens[-1]

    yield start
    for screen in screens:
        if screen.child.isalive():
            screen.child.close(force=True)
        assert "Traceback" not in screen.text
    kept = sorted(p.name for p in backcare_home.iterdir()) if backcare_home.exists() else []
    assert kept in ([], ["clinic.toml"])  # the clinic's profile, if the test wrote one


@pytest.mark.slow
def test_kiosk_serves_one_person_then_the_next_and_stores_nothing(
    kiosk: Callable[[], Screen],
) -> None:
    screen = kiosk()
    # the first person: the language first, English offered first
    screen.expect(asked(LANGUAGE_QUESTION))
    screen.expect("Español")
    screen.send(ENTER)
    screen.expect(words(NOTICE))
    screen.expect(asked(Q.red_flags))
    screen.expect(Q.none_of_these)
    screen.send(UP)  # from the first choice up to the last: "None of these"
    screen.send(SPACE)
    screen.send(ENTER)
    screen.expect(asked(Q.age))
    screen.send("40" + ENTER)
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
    # the next person: the screen clears and the language question is back
    screen.expect(asked(LANGUAGE_QUESTION))
    screen.send(ENTER)
    screen.expect(words(NOTICE))
    screen.expect(asked(Q.red_flags))
    assert screen.text.count("Nothing you enter here is stored") == 2
    assert "\x1b[2J" in screen.log.getvalue()[len(first):]  # the screen was cleared
    screen.send(CTRL_C)
    assert screen.finish() == 130


@pytest.mark.slow
def test_kiosk_emergency_shows_the_emergency_screen_then_starts_over(
    kiosk: Callable[[], Screen],
) -> None:
    screen = kiosk()
    screen.expect(asked(LANGUAGE_QUESTION))
    screen.send(ENTER)
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
    assert asked(Q.age) not in screen.text
    notices = len(words(NOTICE).findall(screen.text))
    screen.send("x")  # a stray key does not clear the emergency screen
    screen.expect("x")
    assert len(words(NOTICE).findall(screen.text)) == notices
    screen.send(ENTER)
    screen.expect(asked(LANGUAGE_QUESTION))
    screen.send(ENTER)
    screen.expect(words(NOTICE))
    screen.expect(asked(Q.red_flags))
    screen.send(CTRL_C)
    assert screen.finish() == 130


@pytest.mark.slow
def test_kiosk_asks_each_person_their_language_before_the_warning_signs(
    kiosk: Callable[[], Screen],
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
    screen.expect(es.none_of_these)
    assert SPANISH.red_flags[0].level == "emergency"
    screen.send(SPACE + ENTER)
    screen.expect(words(SPANISH.clinic.fill(SPANISH.level_text("emergency").banner)))
    screen.expect(words("No se guardó nada"))
    start = len(screen.text)
    screen.send(ENTER)  # the member of staff has seen it
    screen.expect(asked(LANGUAGE_QUESTION))
    screen.send(ENTER)  # English for the next person
    screen.expect(asked(Q.red_flags))
    assert asked(es.red_flags) not in screen.text[start:]
    screen.send(CTRL_C)
    assert screen.finish() == 130


@pytest.mark.slow
def test_the_clinic_profile_can_offer_spanish_first(
    kiosk: Callable[[], Screen], backcare_home: Path,
) -> None:
    backcare_home.mkdir(parents=True, exist_ok=True)
    profile = (data_dir() / "clinic.toml").read_text(encoding="utf-8")
    (backcare_home / "clinic.toml").write_text(
        profile.replace('language = "en"', 'language = "es"'), encoding="utf-8")
    screen = kiosk()
    screen.expect(asked(LANGUAGE_QUESTION))
    screen.send(ENTER)  # the highlighted first choice: the clinic's Spanish
    screen.expect(asked(SPANISH.questions.red_flags))
    screen.send(CTRL_C)
    assert screen.finish() == 130
