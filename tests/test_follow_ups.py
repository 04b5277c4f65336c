"""The person's age and the warning signs asked again, in a real `backcare check`.

Right after the warning signs the check asks the age; leg weakness and pregnancy ask
their own warning signs once more, in plain words, since a sign is easily missed on a
long list. Driven in a pseudo-terminal with keys (the full-screen picker) or typed
numbers (line mode), as a person would; every assertion is about what they would see.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from backcare.answers_input import OLDEST
from backcare.content import Level, Routed
from backcare.loader import load_content
from tests.helpers import CTRL_C, DOWN, ENTER, SPACE, UP, Screen, spawn_backcare, words

pytest.importorskip("pexpect")
pytestmark = pytest.mark.slow  # a real terminal, processes or crashes: `pytest -m slow`

CONTENT = load_content()
Q = CONTENT.questions
NOW = "2026-03-02T10:00:00+00:00"
BOX = re.compile("[\u2500-\u257f]")
BACKSPACE = "\x7f"
MODES = ["picker", "line"]

LISTED = [r for r in CONTENT.red_flags if not r.follow_up_only]
"""The first warning-sign checklist: a follow-up-only sign is asked later, if at all."""
FLAG = {r.id: r for r in CONTENT.red_flags}
WEAKNESS = next(s for s in CONTENT.symptoms if s.id == "weakness")
PREGNANCY = next(c for c in CONTENT.conditions if c.id == "pregnancy")
ASKED_CONDITIONS = [c for c in CONTENT.conditions if not c.by_age]
BY_AGE = [c for c in CONTENT.conditions if c.by_age]
ANSWERED = ("--ago", "2h", "--trigger", "stress", "--symptom", "spasm", "--pain", "3",
            "--condition", "asthma")
"""Every answer but the warning signs and the age, given by flag."""


def asked(question: str) -> str:
    """The start of a question: a long one wraps, with cursor moves inside the line."""
    return question[:50]


def shown(screen: Screen) -> str:
    """What the person has seen so far, with the result box's borders taken away so that
    a wrapped sentence inside it reads on."""
    return BOX.sub(" ", screen.text)


def banner(level: Level, conditions: tuple[str, ...] = ()) -> re.Pattern[str]:
    """The level's banner, in the words for a person with `conditions`."""
    return words(CONTENT.fill(CONTENT.level_text(level, conditions).banner))


def action(level: Level, conditions: tuple[str, ...] = ()) -> re.Pattern[str]:
    """What the level tells the person to do, in the words for `conditions`."""
    return words(CONTENT.fill(CONTENT.level_text(level, conditions).action))


class Person:
    """Answers backcare's questions as a person would: with keys in the full-screen picker,
    or with typed numbers in line mode."""

    def __init__(self, screen: Screen, mode: str) -> None:
        self.screen = screen
        self.line = mode == "line"

    def waits_for(self, question: str) -> None:
        self.screen.expect(words(question) if self.line else asked(question))
        if self.line:
            self.screen.expect("> ")  # the whole list is out, and the prompt is up

    def sees_the_list(self) -> None:
        """In the picker, waits until the last line of a required checklist is drawn."""
        if not self.line:
            self.screen.expect("[ ] " + Q.none_of_these)

    def ticks(self, choices: list[str], picked: list[str], none: bool = False) -> None:
        """Ticks `picked` of `choices` (ids, as listed), or none of them: on a list with
        "None of these" (`none`), that line."""
        at = sorted(choices.index(p) for p in picked)
        own_none = "unknown" in choices  # the triggers' own "Not sure / none of these"
        if self.line:
            typed = " ".join(str(i + 1) for i in at) or (
                str(choices.index("unknown") + 1) if own_none else "0")
            self.screen.send(typed + ENTER)
            return
        keys, here = "", 0
        for i in at:
            keys, here = keys + DOWN * (i - here) + SPACE, i
        if not at:  # every list ends with its "none" line: Up from the top reaches it
            keys = UP + SPACE
        self.screen.send(keys + ENTER)

    def types(self, text: str) -> None:
        self.screen.send(text + ENTER)

    def types_again(self, wrong: str, text: str) -> None:
        """After a refused answer: the picker keeps it in the box, to be rubbed out."""
        self.screen.send(("" if self.line else BACKSPACE * len(wrong)) + text + ENTER)

    def picks_the_first(self) -> None:
        self.screen.send(("1" if self.line else "") + ENTER)

    def says_no_warning_signs(self) -> None:
        self.waits_for(Q.red_flags)
        self.sees_the_list()
        self.ticks([r.id for r in LISTED], [], none=True)

    def marks_no_place(self) -> None:
        """Where it hurts, asked right after the age: "None of these"."""
        self.waits_for(Q.where)
        self.ticks([r.id for r in CONTENT.regions], [], none=True)

    def does_not_save(self) -> None:
        self.waits_for(Q.save)
        self.screen.send("n" + (ENTER if self.line else ""))

    def sees(self, flag_id: str) -> re.Pattern[str]:
        """A warning sign as its list shows it: the picker its label, line mode its detail."""
        flag = FLAG[flag_id]
        return words(flag.detail or flag.label) if self.line else words(flag.label)

    def sees_choice(self, item: Routed) -> re.Pattern[str]:
        """A symptom or condition as its list shows it."""
        return words(item.detail or item.label) if self.line else words(item.label)

    @property
    def refusal(self) -> str:
        """The hint for an age out of range (the wording of prompts.py)."""
        return (f"Please type a whole number from 0 to {OLDEST}" if self.line
                else f"Type a whole number from 0 to {OLDEST}")


@pytest.fixture
def person(backcare_home: Path) -> Iterator[Any]:
    children: list[Screen] = []

    def start(mode: str, *args: str) -> Person:
        extra = ("--line-mode",) if mode == "line" else ()
        screen = spawn_backcare(backcare_home, "check", *extra, *args,
                                env={"BACKCARE_NOW": NOW},
                                dimensions=(40, 80) if mode == "line" else (40, 100))
        children.append(screen)
        return Person(screen, mode)

    yield start
    for screen in children:
        if screen.child.isalive():
            screen.child.close(force=True)
        assert "Traceback" not in screen.text


def since(screen: Screen, question: str) -> str:
    """What was shown from the last time `question` was asked."""
    text = shown(screen)
    return text[text.rindex(asked(question)):]


# ------------------------------------------------------------------------------ the age


@pytest.mark.parametrize("mode", MODES)
def test_the_age_is_asked_right_after_the_warning_signs_and_reaches_the_result(
    person: Any, mode: str
) -> None:
    you = person(mode)
    you.says_no_warning_signs()
    you.screen.expect(words(f"You chose: {Q.none_of_these}"))
    you.waits_for(Q.age)
    text = shown(you.screen)
    assert text.rindex(Q.none_of_these) < text.rindex(asked(Q.age))
    for later in (Q.where, Q.onset, Q.triggers, Q.symptoms, Q.pain, Q.conditions):
        assert asked(later) not in text, later  # nothing comes between
    you.types("9")
    you.marks_no_place()
    you.waits_for(Q.onset)
    you.picks_the_first()
    you.waits_for(Q.triggers)
    you.ticks([t.id for t in CONTENT.triggers], [])
    you.waits_for(Q.symptoms)
    you.ticks([s.id for s in CONTENT.symptoms], [])
    you.waits_for(Q.pain)
    you.types("3")
    you.waits_for(Q.conditions)
    if not you.line:
        you.screen.expect("[ ] " + ASKED_CONDITIONS[-1].label)
    listed = since(you.screen, Q.conditions)
    for condition in ASKED_CONDITIONS:  # the age gave the others: they are not asked
        assert you.sees_choice(condition).search(listed), condition.id
    for condition in BY_AGE:
        assert not words(condition.label).search(listed), condition.id
    you.ticks([c.id for c in ASKED_CONDITIONS], [])
    you.does_not_save()
    assert you.screen.finish() == 0
    result = shown(you.screen)
    assert banner("soon", ("under-18",)).search(result)  # the child's own words
    assert action("soon", ("under-18",)).search(result)
    assert not banner("soon").search(result)  # not the adult's


@pytest.mark.parametrize("wrong", ["130", "-1", "ten"])
@pytest.mark.parametrize("mode", MODES)
def test_an_age_out_of_range_is_refused_with_the_hint_and_asked_again(
    person: Any, mode: str, wrong: str
) -> None:
    you = person(mode, *ANSWERED)
    you.says_no_warning_signs()
    you.waits_for(Q.age)
    you.types(wrong)
    you.screen.expect(you.refusal)
    assert asked(Q.save) not in you.screen.text  # it went no further
    if you.line:
        you.waits_for(Q.age)  # the question again, in full
    you.types_again(wrong, "9")
    you.marks_no_place()
    you.does_not_save()
    assert you.screen.finish() == 0
    result = shown(you.screen)
    assert banner("soon", ("under-18",)).search(result)


@pytest.mark.parametrize(("age", "level"), [("78", "urgent"), ("69", "self-care")])
def test_a_fall_at_70_or_over_is_urgent(person: Any, age: str, level: Level) -> None:
    """The same slip, fall or bump, at 78 and at 69: the age decides."""
    you = person("picker", "--ago", "2h", "--symptom", "spasm", "--pain", "3",
                 "--condition", "asthma")
    you.says_no_warning_signs()
    you.waits_for(Q.age)
    you.types(age)
    you.marks_no_place()
    you.waits_for(Q.triggers)
    you.ticks([t.id for t in CONTENT.triggers], ["fall"])
    fall = next(t for t in CONTENT.triggers if t.id == "fall")
    you.screen.expect(words(f"You chose: {fall.label}"))
    you.does_not_save()
    assert you.screen.finish() == 0
    result = shown(you.screen)
    assert banner(level).search(result)
    why = words(CONTENT.fill(CONTENT.rule("fall-over-70").reason))
    assert bool(why.search(result)) is (level == "urgent")
    if level != "urgent":
        assert not banner("urgent").search(result)


# ---------------------------------------------------------------------- leg weakness


def to_the_weakness_follow_up(you: Person, signs: tuple[str, ...] = ()) -> str:
    """Through to the question leg weakness asks again, with `signs` ticked on the first
    list (none: "None of these"); what that question lists."""
    if signs:
        you.waits_for(Q.red_flags)
        you.sees_the_list()
        you.ticks([r.id for r in LISTED], list(signs), none=True)
    else:
        you.says_no_warning_signs()
    you.waits_for(Q.age)
    you.types("40")
    you.marks_no_place()
    you.waits_for(Q.symptoms)
    you.ticks([s.id for s in CONTENT.symptoms], ["weakness"])
    you.waits_for(WEAKNESS.ask_again)
    you.sees_the_list()
    return since(you.screen, WEAKNESS.ask_again)


@pytest.mark.parametrize("mode", MODES)
def test_leg_weakness_asks_its_warning_signs_again_and_foot_drop_is_urgent(
    person: Any, mode: str
) -> None:
    you = person(mode, "--ago", "2h", "--trigger", "stress")
    listed = to_the_weakness_follow_up(you)
    assert asked(Q.pain) not in you.screen.text
    for key in WEAKNESS.ask_again_red_flags:
        assert you.sees(key).search(listed), key
    for sign in LISTED:
        if sign.id not in WEAKNESS.ask_again_red_flags:
            assert not words(sign.label).search(listed), sign.id
    assert words(Q.none_of_these).search(listed)
    if you.line:  # the two signs, numbered, and nothing else
        numbered = re.findall(r"^(\d+)\. ", listed, re.MULTILINE)
        assert numbered == ["0", "1", "2"], numbered
    you.ticks(WEAKNESS.ask_again_red_flags, ["foot-drop"], none=True)
    you.screen.expect(words("You chose:"))
    you.screen.expect(you.sees("foot-drop"))
    you.waits_for(Q.pain)  # urgent: the check goes on
    you.types("3")
    you.waits_for(Q.conditions)
    you.ticks([c.id for c in ASKED_CONDITIONS], [])
    you.does_not_save()
    assert you.screen.finish() == 0
    result = shown(you.screen)
    assert banner("urgent").search(result)
    assert words(CONTENT.fill(FLAG["foot-drop"].reason)).search(result)
    assert not banner("emergency").search(result)


@pytest.mark.parametrize("mode", MODES)
def test_worsening_leg_weakness_on_the_follow_up_is_an_emergency_that_asks_nothing_more(
    person: Any, mode: str
) -> None:
    you = person(mode, "--ago", "2h", "--trigger", "stress")
    to_the_weakness_follow_up(you)
    you.ticks(WEAKNESS.ask_again_red_flags, ["progressive-weakness"], none=True)
    assert you.screen.finish() == 0
    result = shown(you.screen)
    assert banner("emergency").search(result)
    assert words(CONTENT.fill(FLAG["progressive-weakness"].reason)).search(result)
    for question in (Q.pain, Q.conditions, Q.save):
        assert asked(question) not in you.screen.text, question


def test_a_sign_ticked_on_the_first_list_is_not_asked_again(person: Any) -> None:
    you = person("picker", "--ago", "2h", "--trigger", "stress", "--pain", "3",
                 "--condition", "asthma")
    assert FLAG["foot-drop"].level == "urgent"  # so that the check goes on
    listed = to_the_weakness_follow_up(you, ("foot-drop",))
    assert you.sees("progressive-weakness").search(listed)
    assert not you.sees("foot-drop").search(listed)
    you.ticks(["progressive-weakness"], [], none=True)
    you.does_not_save()
    assert you.screen.finish() == 0
    assert banner("urgent").search(shown(you.screen))


# ------------------------------------------------------------------------- pregnancy


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("labour", [True, False], ids=["labour-signs", "none"])
def test_pregnancy_asks_the_labour_signs(person: Any, mode: str, labour: bool) -> None:
    you = person(mode, "--ago", "2h", "--trigger", "stress", "--symptom", "spasm",
                 "--pain", "3")
    you.says_no_warning_signs()
    you.waits_for(Q.age)
    you.types("30")
    you.marks_no_place()
    you.waits_for(Q.conditions)
    you.ticks([c.id for c in ASKED_CONDITIONS], ["pregnancy"])
    you.waits_for(PREGNANCY.ask_again)
    you.sees_the_list()
    listed = since(you.screen, PREGNANCY.ask_again)
    assert PREGNANCY.ask_again_red_flags == ["labour-signs"]
    assert you.sees("labour-signs").search(listed)
    you.ticks(["labour-signs"], ["labour-signs"] if labour else [], none=True)
    you.does_not_save()
    assert you.screen.finish() == 0
    result = shown(you.screen)
    level: Level = "urgent" if labour else "soon"
    assert banner(level, ("pregnancy",)).search(result)
    assert action(level, ("pregnancy",)).search(result)  # her maternity unit or midwife
    assert not banner(level).search(result)  # not the words for anyone else
    if labour:
        assert words(CONTENT.fill(FLAG["labour-signs"].reason)).search(result)


@pytest.mark.parametrize("mode", MODES)
def test_the_labour_signs_are_not_on_the_first_warning_sign_list(
    person: Any, mode: str
) -> None:
    you = person(mode)
    you.waits_for(Q.red_flags)
    you.sees_the_list()
    first = shown(you.screen)
    for sign in LISTED:
        assert you.sees(sign.id).search(first), sign.id
    labour = FLAG["labour-signs"]
    assert labour.follow_up_only
    assert not words(labour.label).search(first)
    assert not words(labour.detail).search(first)
    if you.line:  # no number past the last listed sign
        you.types(str(len(LISTED) + 1))
        you.screen.expect(f"There is no choice {len(LISTED) + 1}")
    you.screen.send(CTRL_C)
    assert you.screen.finish() == 130


@pytest.mark.parametrize("mode", MODES)
def test_a_condition_given_by_age_limits_the_ages_the_question_takes(
    person: Any, mode: str
) -> None:
    """`--condition age-over-65` with the age still to ask: 40 cannot fit, and is refused at
    the question, not after every other answer."""
    you = person(mode, *ANSWERED, "--condition", "age-over-65")
    you.says_no_warning_signs()
    you.waits_for(Q.age)
    you.types("40")
    you.screen.expect(f"whole number from 65 to {OLDEST}")
    you.types_again("40", "70")
    you.marks_no_place()
    you.does_not_save()
    assert you.screen.finish() == 0


def test_a_wrong_answer_to_a_short_follow_up_gets_an_example_it_could_take(
    person: Any,
) -> None:
    """The labour-signs follow-up lists one sign: its hint never names a number not listed."""
    you = person("line", *ANSWERED[:-2], "--condition", "pregnancy", "--age", "30")
    you.says_no_warning_signs()
    you.marks_no_place()
    pregnancy = next(c for c in CONTENT.conditions if c.id == "pregnancy")
    you.waits_for(pregnancy.ask_again)
    you.types("x")
    you.screen.expect(words("numbers from the list, such as 1."))
    you.types("0")
    you.does_not_save()
    assert you.screen.finish() == 0
