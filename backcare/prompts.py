"""Every prompt backcare shows. Nothing else imports questionary.

Callers must check `output.can_prompt()` first: questionary does no TTY check of
its own. `unsafe_ask` lets Ctrl-C raise KeyboardInterrupt, so the CLI's error
boundary can exit 130 without writing anything.
"""

from __future__ import annotations

from collections.abc import Sequence

import questionary

NONE = "__none__"


def checklist(
    question: str,
    choices: Sequence[tuple[str, str, str]],
    none_label: str | None = None,
) -> list[str]:
    """Pick any number. With `none_label`, an explicit "none" is required to pick nothing.

    Each choice is (key, short label, detail); the detail of the highlighted line is
    shown in full below the list, since checklist lines do not wrap.
    """
    options = [questionary.Choice(title=_fit(label), value=key,
                                  description=_wrap(detail) or None)
               for key, label, detail in choices]
    if none_label:
        options.append(questionary.Choice(title=none_label, value=NONE))

    def validate(picked: list[str]) -> bool | str:
        if none_label is None:
            return True
        if not picked:
            return f"Pick at least one, or '{none_label}'"
        if NONE in picked and len(picked) > 1:
            return f"'{none_label}' can't be combined with other answers"
        return True

    hint = (f"(space to pick; '{none_label}' is last)" if none_label
            else "(space to pick, enter when done)")
    picked: list[str] = questionary.checkbox(
        _said(f"{question} {hint}"), choices=options, validate=validate, instruction=" ",
    ).unsafe_ask()
    return [p for p in picked if p != NONE]


def _columns() -> int:
    import shutil

    return shutil.get_terminal_size().columns


def _said(question: str) -> str:
    """The question wrapped between words: prompt_toolkit would break it mid-word."""
    import textwrap

    return "\n  ".join(textwrap.wrap(question, max(20, _columns() - 6)))


def _fit(label: str) -> str:
    """A checklist line wrapped under itself on a narrow terminal, never cut off."""
    import textwrap

    return "\n     ".join(textwrap.wrap(label, max(12, _columns() - 6)))


def _wrap(detail: str) -> str:
    """questionary does not wrap the description line, so wrap it to the terminal here."""
    import textwrap

    prefix = len("  Description: ")
    width = max(20, _columns() - prefix - 1)
    return ("\n" + " " * prefix).join(textwrap.wrap(detail, width))


def choose(question: str, choices: Sequence[tuple[str, str]]) -> str:
    options = [questionary.Choice(title=label, value=key) for key, label in choices]
    answer: str = questionary.select(_said(question), choices=options).unsafe_ask()
    return answer


def number(question: str, low: int, high: int) -> int:
    def validate(text: str) -> bool | str:
        if text.strip().isdigit() and low <= int(text) <= high:
            return True
        return f"Type a whole number from {low} to {high}"

    text: str = questionary.text(_said(f"{question} ({low}-{high})"),
                                 validate=validate).unsafe_ask()
    return int(text)


def confirm(question: str, default: bool = True) -> bool:
    answer: bool = questionary.confirm(_said(question), default=default).unsafe_ask()
    return answer


def pause(text: str) -> None:
    questionary.press_any_key_to_continue(text).unsafe_ask()


def wait_for_enter(text: str) -> None:
    """Unlike `pause`, a stray key does not go on: only Enter does."""
    questionary.text(text, qmark="!").unsafe_ask()
