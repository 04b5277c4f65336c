"""backcare's way past typer's validator gives what typer's own would, for every option.

`backcare.cli._Unvalidated` skips typer's pydantic validator for an option not given and for
text given to a text option, reading typer's internals to know which is which. Here every
command is built twice, as backcare builds it and as typer alone would, and every option and
argument, read from the commands themselves, is given every kind of value: the parsed values
or the error must be the same. CI runs this file again against the lowest and the highest
typer that pyproject.toml allows.
"""

from __future__ import annotations

import copy
import functools
import importlib
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

import pytest
import typer
import typer.main
from typer.core import TyperCommand, TyperGroup
from typer.models import CommandInfo

from backcare.cli import (
    COMMANDS,
    GROUPS,
    MODULES,
    BackcareCommand,
    BackcareGroup,
    _Unvalidated,
    app,
)

ROOT = "backcare"
SAMPLER = "sampler"
TEXT = ["after work", "", "ünïcödé", "a\udcffb", "-", " padded "]  # \udcff: argv not UTF-8
NUMBER = ["7", "0", "-3", "4.5", "1e3", "nan", "inf", "9" * 5000]


class Kind(StrEnum):
    ice = "ice"
    heat = "heat"


def _bracket(value: str | None) -> str | None:
    return None if value is None else f"[{value}]"


def sampler(
    word: Annotated[str, typer.Argument()],
    must: Annotated[str, typer.Option()],
    maybe: Annotated[str | None, typer.Argument()] = None,
    told: Annotated[str | None, typer.Option(callback=_bracket)] = None,
    kind: Annotated[Kind | None, typer.Option()] = None,
    pick: Annotated[Literal["md", "html"] | None, typer.Option()] = None,
    count: Annotated[int, typer.Option(min=0, max=10)] = 3,
    paths: Annotated[list[Path] | None, typer.Option("--path", "-p")] = None,
    text: str = "plain",
    flag: Annotated[bool, typer.Option("--flag/--no-flag")] = False,
) -> None:
    """Kinds of parameter backcare has none of yet: a callback, choices, a range, a
    required option, a repeatable path, an on/off flag."""


@functools.cache
def pair(name: str) -> tuple[Any, Any]:
    """The command as backcare builds it, and as typer builds it without backcare's fast path
    (the same function, context settings and shared --lang)."""
    group: Any = typer.main.get_command(app)
    if name == ROOT:
        callback = app.registered_callback
        assert callback is not None and callback.callback is not None
        plain = typer.Typer(cls=TyperGroup, no_args_is_help=True, add_completion=False,
                            context_settings=app.info.context_settings)
        plain.callback()(callback.callback)
        return group, typer.main.get_command(plain)
    if name == SAMPLER:
        built = [typer.main.get_command_from_info(
            CommandInfo(name=name, cls=cls, callback=sampler),
            pretty_exceptions_short=True, rich_markup_mode=None)
            for cls in (BackcareCommand, TyperCommand)]
        return built[0], built[1]
    words = name.split()
    ours = group.commands[words[0]]
    if len(words) == 2:  # a group's command: `clinic check`
        ours = ours.commands[words[1]]
    module = importlib.import_module(f"backcare.commands.{MODULES[words[0]]}")
    info = CommandInfo(name=words[-1], cls=TyperCommand, callback=getattr(module, words[-1]),
                       context_settings=ours.context_settings)
    theirs = typer.main.get_command_from_info(
        info, pretty_exceptions_short=app.pretty_exceptions_short,
        rich_markup_mode=app.rich_markup_mode)
    lang = next(p for p in ours.params if p.name == "lang")
    theirs.params.append(copy.copy(lang))  # before backcare's command wraps it
    return ours, theirs


def typed(value: Any) -> Any:
    """A value with its type, all the way down: `7` is not `7.0`, nor `"x"` `Path("x")`."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value).__name__, [typed(item) for item in value]
    return repr(value)  # repr: nan equals nan


def outcome(command: Any, args: list[str]) -> Any:
    """What typer makes of the words: the parameters' values, or the error it would say."""
    try:
        ctx = command.make_context(command.name, list(args))
    except typer.Exit as exc:
        return "exit", exc.exit_code
    except typer.TyperException as exc:
        return type(exc).__name__, exc.format_message()
    rest = [*getattr(ctx, "protected_args", []), *ctx.args]
    return typed(ctx.params), rest


def choices(param: Any) -> list[str]:
    """Words the parameter lists as its choices (`ice|heat`), and the first in capitals."""
    words: list[str] = []
    for kind in (getattr(param, "type_descriptor", None), getattr(param, "type", None)):
        for choice in getattr(kind, "choices", None) or ():
            words.append(str(getattr(choice, "value", choice)))
    if param.metavar and "|" in param.metavar:
        words += param.metavar.split("|")
    return words + [w.upper() for w in words[:1]]


def values(folder: Path, param: Any) -> list[str]:
    """Text, numbers, paths and choices: each to every parameter that takes a value."""
    existing = folder / "notes.md"
    existing.write_text("# notes\n", encoding="utf-8")
    paths = [str(existing), str(folder), str(folder / "missing" / "plan.ics"), "~/x.ics"]
    return [*TEXT, *NUMBER, *paths, *choices(param)]


def filler(param: Any) -> list[str]:
    """Words that give a parameter a good value, so the one under test is all that varies."""
    value = (choices(param) or ["1"])[0]
    return [value] if param.param_type_name == "argument" else [param.opts[0], value]


def cases(folder: Path, command: Any) -> Iterator[tuple[str, list[str]]]:
    """Each parameter alone given each kind of value, the required others given good ones."""
    arguments = [p for p in command.params if p.param_type_name == "argument"]
    options = [p for p in command.params if p.param_type_name == "option"]

    def base(but: Any = None) -> list[str]:
        words = [w for p in options if p.required and p is not but for w in filler(p)]
        words += [w for p in arguments if p.required for w in filler(p)]
        return [*words, "status"] if command.name == ROOT else words

    yield "nothing given", base()
    yield "an unknown option", [*base(), "--no-such-option"]
    for param in arguments:
        before = [w for p in options if p.required for w in filler(p)]
        before += [w for p in arguments[:arguments.index(param)] for w in filler(p)]
        yield f"{param.name}: not given", before
        for value in values(folder, param):
            yield f"{param.name}: {value!r}", [*before, value]
        yield f"{param.name}: two", [*before, "ice", "7"]
    for param in options:
        names = [*param.opts, *param.secondary_opts]
        rest = base(but=param)
        yield f"{param.name}: not given", rest
        if getattr(param, "is_flag", False):
            for name in names:
                yield name, [*rest, name]
                yield f"{name} twice", [*rest, name, name]
                yield f"{name} with a value", [*rest, f"{name}=yes"]
            yield "both ways", [*rest, *names, *names[:1]]
            continue
        for name in names:
            yield f"{name} without its value", [*rest, name]
            for value in values(folder, param):
                yield f"{name} {value!r}", [*rest, name, value]
            yield f"{name}=text", [*rest, f"{name}=after work"]
            yield f"{name} repeated", [*rest, name, "7", name, "after work"]
            if not name.startswith("--"):
                yield f"{name}7 (joined)", [*rest, f"{name}7"]


EVERY = [*(c for c in COMMANDS if c not in GROUPS),
         *(f"{group} {c}" for group, commands in GROUPS.items() for c in commands)]
"""Every command that runs: a group's commands by their two words."""


@pytest.mark.parametrize("name", [ROOT, *EVERY, SAMPLER])
def test_backcares_fast_path_parses_every_option_as_typer_does(
    name: str, tmp_path: Path
) -> None:
    ours, theirs = pair(name)
    assert isinstance(ours, BackcareGroup | BackcareCommand)
    assert not isinstance(theirs, _Unvalidated)
    differ = []
    seen = 0
    for what, args in cases(tmp_path, ours):
        seen += 1
        mine, typers = outcome(ours, args), outcome(theirs, args)
        if mine != typers:
            differ.append(f"{name} {what}: {args!r}\n  backcare: {mine!r}\n  typer:    {typers!r}")
    assert not differ, f"{len(differ)} of {seen} differ:\n" + "\n".join(differ)
    # backcare's way was the one taken, for every parameter
    assert all(getattr(p, "_unvalidated", False) for p in ours.params)
    assert len(ours.params) == len(theirs.params)
