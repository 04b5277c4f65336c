"""Every prompt backcare shows. Nothing else imports questionary.

Two ways to answer. The full-screen picker (questionary) for an ordinary terminal; and
line mode, for screen readers and dumb terminals (`TERM=dumb`, `--line-mode`,
`BACKCARE_LINE_MODE=1`): numbered lists, answers typed as numbers, never a cursor move or
a redraw. Line mode does not import questionary at all.

Callers must check `output.can_prompt()` first: questionary does no TTY check of its own.
`unsafe_ask` lets Ctrl-C raise KeyboardInterrupt, so the CLI's error boundary can exit 130
without writing anything; line mode's `input()` raises it too.
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

from backcare.language import N_, _

NONE = "__none__"
_forced_line_mode = False


def use_line_mode(on: bool = True) -> None:
    global _forced_line_mode
    _forced_line_mode = on


def line_mode() -> bool:
    return (_forced_line_mode or os.environ.get("TERM") == "dumb"
            or os.environ.get("BACKCARE_LINE_MODE", "") not in ("", "0"))


def _columns() -> int:
    return shutil.get_terminal_size().columns


def _wrapped(text: str, indent: str = "", rest: str | None = None, width: int = 0) -> str:
    """Text wrapped between words to the terminal; a long word moves to the next line whole."""
    return textwrap.fill(text, width=max(20, width or _columns() - 1), initial_indent=indent,
                         subsequent_indent=indent if rest is None else rest,
                         break_long_words=False, break_on_hyphens=False)


def echo(labels: Sequence[str]) -> str:
    """The answer repeated in words, as both ways of answering say it."""
    return _("You chose: {answers}").format(
        answers="; ".join(labels) if labels else _("none of them"))


def _say(text: str) -> None:
    """A line of the conversation, wrapped between words to the terminal."""
    lines = [_wrapped(part) if part else "" for part in text.split("\n")]
    sys.stdout.write("\n".join(lines) + "\n")
    sys.stdout.flush()


# ------------------------------------------------------------------------------ line mode


def _ask_line(question: str) -> str:
    _say(_wrapped(question))
    return input("> ").strip()


def _within(text: str, low: int, high: int) -> int | None:
    """A whole number typed from `low` to `high`, or None: ASCII digits only ("²" is a digit
    to isdigit but not to int), and never converted when too long to be in range."""
    said = text.strip()
    if not (said.isascii() and said.isdigit()) or len(said.lstrip("0")) > len(str(high)):
        return None
    value = int(said)
    return value if low <= value <= high else None


def _numbers(text: str) -> list[int] | None:
    parts = text.replace(",", " ").split()
    picked = [_within(p, 0, 999) for p in parts]
    if not parts or None in picked:
        return None
    return [n for n in picked if n is not None]


def _line_checklist(question: str, choices: Sequence[tuple[str, str, str]],
                    none_label: str | None) -> list[str]:
    _say(_wrapped(question))
    if none_label:
        _say(_wrapped(f"0. {none_label}", rest="   "))
    for n, (_key, label, detail) in enumerate(choices, 1):
        _say(_wrapped(f"{n}. {detail or label}", rest=" " * (len(str(n)) + 2)))
    how = (_("Type the numbers that apply, separated by spaces or commas, or 0 for {none}."
             ).format(none=none_label) if none_label else
           _("Type the numbers that apply, separated by spaces or commas, or 0 or Enter for "
             "none."))
    while True:
        text = input(_wrapped(how) + "\n> ").strip()
        if (not text or text == "0") and not none_label:
            _say(echo([]))
            return []
        picked = _numbers(text)
        if picked is None:
            example = " ".join(str(n) for n in range(1, min(len(choices), 2) + 1))
            _say(_wrapped(_("Please type 0 for {none}, or numbers from the list, such as "
                            "{example}.").format(none=none_label, example=example)
                          if none_label else
                          _("Please type numbers from the list, such as {example}.").format(
                              example=example)))
            continue
        low = 0 if none_label else 1
        wrong = [p for p in picked if not low <= p <= len(choices)]
        if wrong:
            _say(_wrapped(_("There is no choice {number}: use {low} to {high}.").format(
                number=wrong[0], low=low, high=len(choices))))
            continue
        if 0 in picked and len(set(picked)) > 1:
            _say(_wrapped(_("0 ({none}) can't go with other numbers.").format(none=none_label)))
            continue
        if picked == [0] or (0 in picked):
            _say(echo([none_label or ""]))
            return []
        chosen = list(dict.fromkeys(picked))
        _say(echo([choices[p - 1][2] or choices[p - 1][1] for p in chosen]))
        return [choices[p - 1][0] for p in chosen]


def _line_choose(question: str, choices: Sequence[tuple[str, str]], said: bool = True,
                 hint: Callable[[str], str] = _) -> str:
    _say(_wrapped(question))
    for n, (_key, label) in enumerate(choices, 1):
        _say(_wrapped(f"{n}. {label}", rest=" " * (len(str(n)) + 2)))
    while True:
        picked = _numbers(input(hint(N_("Type one number, 1 to {high}.")).format(
            high=len(choices)) + "\n> "))
        if picked is None or len(picked) != 1 or not 1 <= picked[0] <= len(choices):
            _say(hint(N_("Please type one number from 1 to {high}.")).format(
                high=len(choices)))
            continue
        key, label = choices[picked[0] - 1]
        if said:
            _say(echo([label]))
        return key


def _line_number(question: str, low: int, high: int) -> int:
    while True:
        text = _ask_line(_("{question}. Type a number from {low} to {high}.").format(
            question=question.rstrip("."), low=low, high=high))
        value = _within(text, low, high)
        if value is not None:
            _say(echo([text]))
            return value
        _say(_("Please type a whole number from {low} to {high}.").format(low=low, high=high))


def _line_confirm(question: str, default: bool) -> bool:
    yes, no = _answers(_("yes")), _answers(_("no"))
    while True:
        text = _ask_line(f"{question} {_yes_no_hint(default)}").lower()
        if not text:
            return default
        if text in ("y", "yes", *yes):
            return True
        if text in ("n", "no", *no):
            return False
        _say(_("Please type y for yes or n for no."))


def _yes_no_hint(default: bool) -> str:
    """'(Y/n)', '(s/N)': the first letters of the person's yes and no, the default upper."""
    yes, no = _answers(_("yes"))[0], _answers(_("no"))[0]
    return f"({yes.upper()}/{no})" if default else f"({yes}/{no.upper()})"


def _answers(word: str) -> tuple[str, ...]:
    """A yes or no typed in the person's language: its first letter first, then the word,
    with and without accents ('s', 'sí', 'si')."""
    word = word.strip().lower() or "?"
    bare = "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))
    return tuple(dict.fromkeys((word[0], word, bare)))


def _line_text(question: str) -> str:
    return _ask_line(question)


# -------------------------------------------------------------------- the full-screen picker


def _indicators() -> None:
    """Ticked and unticked lines differ by text a screen reader says, not a glyph alone."""
    from questionary.prompts import common

    common.INDICATOR_SELECTED = "[x]"  # type: ignore[attr-defined]
    common.INDICATOR_UNSELECTED = "[ ]"  # type: ignore[attr-defined]


def checklist(
    question: str,
    choices: Sequence[tuple[str, str, str]],
    none_label: str | None = None,
) -> list[str]:
    """Pick any number. With `none_label`, an explicit "none" is required to pick nothing.

    Each choice is (key, short label, detail); the detail of the highlighted line is
    shown in full below the list, since checklist lines do not wrap.
    """
    if line_mode():
        return _line_checklist(question, choices, none_label)
    import questionary

    _indicators()
    options = [questionary.Choice(title=_fit(label), value=key,
                                  description=_wrap(detail) or None)
               for key, label, detail in choices]
    if none_label:
        options.append(questionary.Choice(title=none_label, value=NONE))

    def validate(picked: list[str]) -> bool | str:
        if none_label is None:
            return True
        if not picked:
            return _("Press space to tick '{none}' (or the signs you have), then Enter").format(
                none=none_label)
        if NONE in picked and len(picked) > 1:
            return _("Tick signs or '{none}', not both").format(none=none_label)
        return True

    hint = (_("(space to tick; '{none}' is last)").format(none=none_label) if none_label
            else _("(space to tick, Enter when done)"))
    asked = questionary.checkbox(
        _said(f"{question} {hint}"), choices=options, validate=validate, instruction=" ",
        erase_when_done=True,
    )
    if none_label:  # where an answer is required; elsewhere Enter with none ticked is none
        _enter_takes_the_highlighted_line(asked)
    _description_in_the_persons_language(asked)
    picked: list[str] = asked.unsafe_ask()
    labels = {key: label for key, label, _detail in choices} | {NONE: none_label or ""}
    _say(_wrapped(f"? {question}"))
    _say(_wrapped(echo([labels[p] for p in picked]), indent="  "))
    return [p for p in picked if p != NONE]


def _list_control(asked: Any) -> Any:
    """The control that draws questionary's list, or None."""
    from questionary.prompts.common import InquirerControl

    return next((c for c in asked.application.layout.find_all_controls()
                 if isinstance(c, InquirerControl)), None)


def _enter_takes_the_highlighted_line(asked: Any) -> None:
    """With nothing ticked, Enter takes the highlighted line (as a person expects of a
    list) rather than showing an error; with lines ticked, Enter goes on as before."""
    from prompt_toolkit.keys import Keys

    app = asked.application
    control = _list_control(asked)
    original = app.key_bindings.get_bindings_for_keys((Keys.ControlM,))
    if control is None or not original:
        return
    submit = original[-1].handler

    def enter(event: Any) -> None:
        if not control.selected_options:
            control.selected_options.append(control.get_pointed_at().value)
        submit(event)

    app.key_bindings.add(Keys.ControlM, eager=True)(enter)


def _description_in_the_persons_language(asked: Any) -> None:
    """questionary heads the highlighted line's detail with an English "Description:"."""
    english, said = DESCRIPTION, _description()
    if said == english:
        return
    control = _list_control(asked)
    if control is None or not callable(control.text):
        return
    tokens: Any = control.text  # questionary's callable that draws the list

    def translated() -> Any:
        return [(t[0], t[1].replace(english, said, 1), *t[2:]) if english in t[1] else t
                for t in tokens()]

    control.text = translated


DESCRIPTION = "  Description: "


def _description() -> str:
    return "  " + _("Description:") + " "


def _said(question: str) -> str:
    """The question wrapped between words: prompt_toolkit would break it mid-word."""
    return "\n  ".join(textwrap.wrap(question, max(20, _columns() - 6),
                                     break_long_words=False, break_on_hyphens=False))


def _fit(label: str) -> str:
    """A checklist line wrapped under itself on a narrow terminal, never cut off."""
    return "\n       ".join(textwrap.wrap(label, max(12, _columns() - 8),
                                          break_long_words=False, break_on_hyphens=False))


def _wrap(detail: str) -> str:
    """questionary does not wrap the description line, so wrap it to the terminal here."""
    prefix = len(_description())
    width = max(20, _columns() - prefix - 1)
    return ("\n" + " " * prefix).join(textwrap.wrap(detail, width, break_long_words=False,
                                                    break_on_hyphens=False))


def choose(question: str, choices: Sequence[tuple[str, str]], said: bool = True,
           hint: Callable[[str], str] = _) -> str:
    """One of `choices`. For the language question, `said=False` leaves the answer unsaid
    (it changes the language an echo would be in) and `hint` gives the how-to in every
    language (`language.in_each`)."""
    if line_mode():
        return _line_choose(question, choices, said, hint)
    import questionary

    options = [questionary.Choice(title=label, value=key) for key, label in choices]
    how = hint(N_("(Use arrow keys)"))  # in the question, wrapped between words with it
    answer: str = questionary.select(_said(f"{question} {how}"), choices=options,
                                     erase_when_done=True, instruction=" ").unsafe_ask()
    if said:
        _say(_wrapped(f"? {question}"))
        _say(_wrapped(echo([dict(choices)[answer]]), indent="  "))
    return answer


def number(question: str, low: int, high: int) -> int:
    if line_mode():
        return _line_number(question, low, high)
    import questionary

    def validate(text: str) -> bool | str:
        if _within(text, low, high) is not None:
            return True
        return _("Type a whole number from {low} to {high}").format(low=low, high=high)

    text: str = questionary.text(_said(f"{question} ({low}-{high})"),
                                 validate=validate).unsafe_ask()
    value = _within(text, low, high)
    assert value is not None  # validated above
    return value


def confirm(question: str, default: bool = True) -> bool:
    if line_mode():
        return _line_confirm(question, default)
    import questionary

    asked = questionary.confirm(_said(question), default=default, erase_when_done=True,
                                instruction=_yes_no_hint(default) + " ")
    _yes_and_no_in_the_persons_language(asked)
    answer: bool = asked.unsafe_ask()
    _say(_wrapped(f"? {question} " + (_("Yes") if answer else _("No"))))
    return answer


def _yes_and_no_in_the_persons_language(asked: Any) -> None:
    """questionary's confirm takes y and n; a person answers with the first letter of their
    own yes and no (`s` for sí), which the hint shows."""
    def registries(bindings: Any) -> Any:
        """prompt_toolkit nests the prompt's own bindings in merged, conditional and
        dynamic ones."""
        yield bindings
        inner = list(getattr(bindings, "registries", ()))
        if getattr(bindings, "key_bindings", None) is not None:
            inner.append(bindings.key_bindings)
        if callable(getattr(bindings, "get_key_bindings", None)):
            inner.append(bindings.get_key_bindings())
        for each in inner:
            if each is not None:
                yield from registries(each)

    own = next((r for r in registries(asked.application.key_bindings)
                if hasattr(r, "add") and r.get_bindings_for_keys(("y",))), None)
    if own is None:
        return
    for english, word in (("y", _("yes")), ("n", _("no"))):
        key = _answers(word)[0]
        if key != english:
            handler = own.get_bindings_for_keys((english,))[-1].handler
            for typed in dict.fromkeys((key, key.upper())):
                own.add(typed)(handler)


def typed(question: str) -> str:
    """A word the person types, such as 'forget' to confirm deleting everything."""
    if line_mode():
        return _line_text(question)
    import questionary

    answer: str = questionary.text(_said(question)).unsafe_ask()
    return answer.strip()


def pause(text: str) -> None:
    if line_mode():
        input(_wrapped(text) + "\n> ")
        return
    import questionary

    questionary.press_any_key_to_continue(text).unsafe_ask()


def wait_for_enter(text: str) -> None:
    """Unlike `pause`, a stray key does not go on: only Enter does."""
    if line_mode():
        input(_wrapped(text) + "\n> ")
        return
    import questionary

    questionary.text(text, qmark="!").unsafe_ask()
