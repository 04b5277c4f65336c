"""Answers given without prompts: an answers file (JSON) and command-line flags.

The file's answers and the flags' add up; nothing said in either is dropped. Everything
here is input checking: any problem is an InputError (exit 2) with a one-line reason.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from backcare.clock import ago, not_in_future, parse_time
from backcare.errors import InputError
from backcare.language import N_, _

FILE_KEYS = {"red_flags", "symptoms", "triggers", "conditions", "pain", "onset", "ago"}
FLAG_NAMES = {"red_flags": "--red-flag {keys}", "symptoms": "--symptom {keys}",
              "triggers": "--trigger {keys}", "conditions": "--condition {keys}"}
"""What `check_answers` calls each kind of answer given by flag; `{keys}` where they go."""
RED_FLAG_HINT = N_("pass --red-flag KEY (repeatable) or --no-red-flags")


def read_answers_file(name: str) -> dict[str, Any]:
    try:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(_("cannot read answers file {name}: {reason}").format(
            name=name, reason=exc.strerror)) from None
    except UnicodeDecodeError:
        raise InputError(_("answers file {name} is not UTF-8 text").format(name=name)) from None
    label = (_("answers file (stdin)") if name == "-"
             else _("answers file {name}").format(name=name))
    from backcare.files import unique_keys

    try:
        data = json.loads(text, object_pairs_hook=unique_keys)
    except json.JSONDecodeError as exc:
        raise InputError(_("{file} is not valid JSON: {problem} (line {line})").format(
            file=label, problem=exc.msg, line=exc.lineno)) from None
    except ValueError as exc:
        raise InputError(_("{file}: {problem}; give it once").format(
            file=label, problem=exc)) from None
    if not isinstance(data, dict):
        raise InputError(_("{file} must hold a JSON object").format(file=label))
    unknown = sorted(set(data) - FILE_KEYS)
    if unknown:
        raise InputError(_("{file}: unknown key {keys}; valid: {valid}").format(
            file=label, keys=", ".join(unknown), valid=", ".join(sorted(FILE_KEYS))))
    for key in ("red_flags", "symptoms", "triggers", "conditions"):
        value = data.get(key)
        if value is not None and not (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        ):
            raise InputError(_("{file}: {key} must be a list of keys").format(
                file=label, key=key))
    pain = data.get("pain")
    if pain is not None and (isinstance(pain, bool) or not isinstance(pain, int)):
        raise InputError(_("{file}: pain must be a whole number from 0 to 10").format(
            file=label))
    for key in ("onset", "ago"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise InputError(_("{file}: {key} must be a string").format(file=label, key=key))
    return data


FILE_NAMES = {"red_flags": N_("red_flags entry {keys} in the answers file"),
              "symptoms": N_("symptoms entry {keys} in the answers file"),
              "triggers": N_("triggers entry {keys} in the answers file"),
              "conditions": N_("conditions entry {keys} in the answers file")}
"""What `check_answers` calls each kind of answer given in the answers file."""


def merge(file_data: dict[str, Any], flags: dict[str, Any], now: datetime) -> dict[str, Any]:
    """Answers from the file and the flags together. Lists add up, so nothing said in either
    is dropped; a single answer (pain, when it started) given both ways must agree."""
    file_flags = file_data.get("red_flags") or []
    if flags.get("no_red_flags") and (flags.get("red_flags") or file_flags):
        if flags.get("red_flags"):
            raise InputError(_("--no-red-flags contradicts --red-flag; pass one or the other"))
        raise InputError(_("--no-red-flags contradicts the answers file's red_flags; pass one "
                           "or the other"))
    merged: dict[str, Any] = {}
    for key in ("symptoms", "triggers", "conditions"):
        if file_data.get(key) is not None or flags.get(key):
            merged[key] = list(dict.fromkeys([*(file_data.get(key) or []),
                                              *(flags.get(key) or [])]))
    if file_data.get("red_flags") is not None or flags.get("red_flags"):
        given = [*file_flags, *(flags.get("red_flags") or [])]
        merged["red_flags"] = list(dict.fromkeys(given))
    if flags.get("no_red_flags"):
        merged["red_flags"] = []
    pains = {v for v in (file_data.get("pain"), flags.get("pain")) if v is not None}
    if len(pains) > 1:
        raise InputError(_("--pain {flag} and pain {file} in the answers file disagree; give "
                           "one").format(flag=flags["pain"], file=file_data["pain"]))
    if pains:
        merged["pain"] = pains.pop()
    onsets = [_onset(flags, ("--onset", "--ago"), now),
              _onset(file_data, (_("onset in the answers file"), _("ago in the answers file")),
                     now)]
    said = [o for o in onsets if o is not None]
    if len(said) == 2 and said[0][1] != said[1][1]:
        raise InputError(_("{first} and {second} disagree about when it started; give one"
                           ).format(first=said[0][0], second=said[1][0]))
    if said:
        merged["onset"] = said[0][1]
    pain = merged.get("pain")
    if pain is not None and not 0 <= pain <= 10:
        where = "--pain" if flags.get("pain") is not None else _("pain in the answers file")
        raise InputError(_("{where} {pain} is out of range; use a whole number from 0 to 10"
                           ).format(where=where, pain=pain))
    return merged


def _onset(source: dict[str, Any], names: tuple[str, str], now: datetime
           ) -> tuple[str, datetime] | None:
    """When it started, as one source (the flags or the file) says it, with its name."""
    onset_text, ago_text = source.get("onset"), source.get("ago")
    if onset_text is not None and ago_text is not None:
        raise InputError(_("{first} and {second} both say when it started; give one").format(
            first=names[0], second=names[1]))
    if onset_text is not None:
        return names[0], not_in_future(parse_time(onset_text, names[0]), now, names[0])
    if ago_text is not None:
        return names[1], ago(ago_text, now, names[1])
    return None
