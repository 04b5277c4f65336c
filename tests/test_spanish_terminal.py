"""A whole interactive check in Spanish, in a pseudo-terminal: the full-screen picker and
the line mode, driven with keys as a person would."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from backcare.loader import load_content
from backcare.paths import data_dir
from backcare.translation import translate
from tests.helpers import DOWN, ENTER, SPACE, UP, spawn_backcare, words
from tests.test_spanish import english_left

pexpect = pytest.importorskip("pexpect")
pytestmark = pytest.mark.slow

ES = translate(load_content(), data_dir(), "es")
Q = ES.questions
LABEL = {c.id: c.label for c in [*ES.triggers, *ES.symptoms, *ES.conditions]}
LISTED = [r for r in ES.red_flags if not r.follow_up_only]
"""The warning signs on the first checklist: a follow-up-only sign is asked later."""
NOW = "2026-11-27T14:00:00+00:00"
KEYS_AND_IDS = re.compile(r"\b(ice|heat|backcare [a-z -]+)\b")


def asked(question: str) -> str:
    return question[:40]


def test_a_whole_check_in_the_full_screen_picker(backcare_home: Path) -> None:
    screen = spawn_backcare(backcare_home, "check", "--lang", "es",
                            env={"BACKCARE_NOW": NOW, "TZ": "UTC"})
    screen.expect(asked(Q.red_flags))
    screen.expect(Q.none_of_these)
    screen.send(DOWN * len(LISTED))  # "Ninguna de estas" is the last choice
    screen.send(SPACE + ENTER)
    screen.expect(asked(Q.age))
    screen.send("40" + ENTER)
    screen.expect(asked(Q.where))
    screen.send(UP + ENTER)  # Up from the top: "Ninguna de estas"
    screen.expect(asked(Q.onset))
    screen.send(ENTER)
    screen.expect(asked(Q.triggers))
    screen.send(SPACE + ENTER)
    screen.expect(asked(Q.symptoms))
    screen.send(ENTER)
    screen.expect(asked(Q.pain))
    screen.send("4" + ENTER)
    screen.expect(asked(Q.conditions))
    screen.send(ENTER)
    screen.expect(words(ES.level_text("self-care").banner))
    screen.expect(asked(Q.save))
    screen.send("s")  # sí
    screen.expect("episodio")
    assert screen.finish() == 0
    assert (backcare_home / "state.json").is_file()
    assert english_left(screen.text) == []


def test_a_whole_check_line_by_line(backcare_home: Path) -> None:
    screen = spawn_backcare(backcare_home, "check", "--line-mode",
                            env={"BACKCARE_NOW": NOW, "LANG": "es_US.UTF-8", "TZ": "UTC"},
                            dimensions=(40, 80))
    screen.expect("0. " + Q.none_of_these)
    screen.expect("> ")
    screen.send("cero" + ENTER)  # a bad answer says why, in Spanish, and asks again
    screen.expect("> ")
    screen.send("0" + ENTER)
    screen.expect(Q.none_of_these)
    screen.expect(words(Q.age))
    screen.send("130" + ENTER)  # out of range: says why, in Spanish, and asks again
    screen.expect(words(Q.age))
    screen.send("40" + ENTER)
    screen.expect(words(Q.where))
    screen.expect("0. " + Q.none_of_these)  # the places by number, 0 for none
    screen.expect("> ")
    screen.send("0" + ENTER)
    screen.expect(Q.onset)
    screen.send("2" + ENTER)
    screen.expect(Q.triggers)
    screen.send("1, 5" + ENTER)
    screen.expect(LABEL["heavy-lifting"])
    screen.expect(Q.symptoms)
    screen.send("0" + ENTER)
    screen.expect(Q.pain[:30])
    screen.send("11" + ENTER)
    screen.expect("> ")
    screen.send("4" + ENTER)
    screen.expect(Q.conditions[:30])
    screen.send("0" + ENTER)
    screen.expect(words(ES.level_text("self-care").banner))
    screen.expect(Q.save[:30])
    screen.send("no" + ENTER)
    assert screen.finish() == 0
    assert not (backcare_home / "state.json").exists()
    assert english_left(screen.text) == []


def test_an_emergency_in_spanish_asks_nothing_more(backcare_home: Path) -> None:
    screen = spawn_backcare(backcare_home, "check", env={"BACKCARE_LANG": "es"})
    screen.expect(asked(Q.red_flags))
    screen.expect("[ ]")
    assert ES.red_flags[0].level == "emergency"
    screen.send(SPACE + ENTER)
    screen.expect(words(ES.clinic.fill(ES.level_text("emergency").banner)))
    screen.expect("911")
    assert screen.finish() == 0
    assert asked(Q.onset) not in screen.text
    assert asked(Q.age) not in screen.text
    assert english_left(screen.text) == []


def test_forget_takes_the_spanish_word(backcare_home: Path, run_backcare) -> None:
    assert run_backcare("start").returncode == 0
    screen = spawn_backcare(backcare_home, "forget", env={"TERM": "dumb", "BACKCARE_LANG": "es"})
    screen.expect(words("Escriba la palabra borrar"))
    screen.send("borrar" + ENTER)
    assert screen.finish() == 0
    assert not (backcare_home / "state.json").exists()
