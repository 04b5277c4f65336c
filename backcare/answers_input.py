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

FILE_KEYS = {"red_flags", "symptoms", "triggers", "conditions", "pain", "onset", "ago"}
FLAG_NAMES = {"red_flags": "--red-flag {}", "symptoms": "--symptom {}",
              "triggers": "--trigger {}", "conditions": "--condition {}"}
RED_FLAG_HINT = "pass --red-flag KEY (repeatable) or --no-red-flags"


def read_answers_file(name: str) -> dict[str, Any]:
    try:
        text = sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read answers file {name}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(f"answers file {name} is not UTF-8 text") from None
    label = "answers file (stdin)" if name == "-" else f"answers file {name}"
    from backcare.files import unique_keys

    try:
        data = json.loads(text, object_pairs_hook=unique_keys)
    except json.JSONDecodeError as exc:
        raise InputError(f"{label} is not valid JSON: {exc.msg} "
                         f"(line {exc.lineno})") from None
    except ValueError as exc:
        raise InputError(f"{label}: {exc}; give it once") from None
    if not isinstance(data, dict):
        raise InputError(f"{label} must hold a JSON object")
    unknown = sorted(set(data) - FILE_KEYS)
    if unknown:
        raise InputError(f"{label}: unknown key {', '.join(unknown)}; "
                         f"valid: {', '.join(sorted(FILE_KEYS))}")
    for key in ("red_flags", "symptoms", "triggers", "conditions"):
        value = data.get(key)
        if value is not None and not (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        ):
            raise InputError(f"{label}: {key} must be a list of keys")
    pain = data.get("pain")
    if pain is not None and (isinstance(pain, bool) or not isinstance(pain, int)):
        raise InputError(f"{label}: pain must be a whole number from 0 to 10")
    for key in ("onset", "ago"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise InputError(f"{label}: {key} must be a string")
    return data


FILE_NAMES = {kind: f"{kind} entry {{}} in the answers file" for kind in FLAG_NAMES}


def merge(file_data: dict[str, Any], flags: dict[str, Any], now: datetime) -> dict[str, Any]:
    """Answers from the file and the flags together. Lists add up, so nothing said in either
    is dropped; a single answer (pain, when it started) given both ways must agree."""
    file_flags = file_data.get("red_flags") or []
    if flags.get("no_red_flags") and (flags.get("red_flags") or file_flags):
        named = "--red-flag" if flags.get("red_flags") else "the answers file's red_flags"
        raise InputError(f"--no-red-flags contradicts {named}; pass one or the other")
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
        raise InputError(f"--pain {flags['pain']} and pain {file_data['pain']} in the answers "
                         "file disagree; give one")
    if pains:
        merged["pain"] = pains.pop()
    onsets = [_onset(flags, ("--onset", "--ago"), now),
              _onset(file_data, ("onset in the answers file", "ago in the answers file"), now)]
    said = [o for o in onsets if o is not None]
    if len(said) == 2 and said[0][1] != said[1][1]:
        raise InputError(f"{said[0][0]} and {said[1][0]} disagree about when it started; "
                         "give one")
    if said:
        merged["onset"] = said[0][1]
    pain = merged.get("pain")
    if pain is not None and not 0 <= pain <= 10:
        where = "--pain" if flags.get("pain") is not None else "pain in the answers file"
        raise InputError(f"{where} {pain} is out of range; use a whole number from 0 to 10")
    return merged


def _onset(source: dict[str, Any], names: tuple[str, str], now: datetime
           ) -> tuple[str, datetime] | None:
    """When it started, as one source (the flags or the file) says it, with its name."""
    onset_text, ago_text = source.get("onset"), source.get("ago")
    if onset_text is not None and ago_text is not None:
        raise InputError(f"{names[0]} and {names[1]} both say when it started; give one")
    if onset_text is not None:
        return names[0], not_in_future(parse_time(onset_text, names[0]), now, names[0])
    if ago_text is not None:
        return names[1], ago(ago_text, now, names[1])
    return None
