"""Answers given without prompts: an answers file (JSON) and command-line flags.

The file's answers and the flags' add up; nothing said in either is dropped. Everything
here is input checking: any problem is an InputError (exit 2) with a one-line reason.
"""

from __future__ import annotations

import errno
import json
import re
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from backcare.clock import ago, not_in_future, parse_time
from backcare.content import OLDEST
from backcare.errors import InputError, shortened
from backcare.fileio import NotAFile, TooLarge, read_regular
from backcare.files import unique_keys
from backcare.language import N_, _

LISTS = ("red_flags", "symptoms", "triggers", "conditions", "where", "ruled_out")
"""The answers that are lists of keys."""
FILE_KEYS = {*LISTS, "pain", "age", "onset", "ago"}
FLAG_NAMES = {"red_flags": "--red-flag {keys}", "symptoms": "--symptom {keys}",
              "triggers": "--trigger {keys}", "conditions": "--condition {keys}",
              "where": "--where {keys}"}
"""What `check_answers` calls each kind of answer given by flag; `{keys}` where they go."""
RED_FLAG_HINT = N_("pass --red-flag KEY (repeatable) or --no-red-flags")
MAX_BYTES = 1_000_000
"""An answers file is a few hundred bytes; a bigger one is a mistake, not answers."""
MAX_DEPTH = 8
"""Valid answers are two deep (an object of lists); a deeper file is refused in one line,
however deep it goes."""
WHOLE_NUMBER = re.compile(r"-?[0-9]+")
LONGEST_NUMBER = 20
"""Digits beyond which a number is only ever out of range: Python refuses to convert a
few thousand of them, and a pain score has two."""


class HugeNumber:
    """A whole number too long to convert, typed or in an answers file: it is out of every
    range, so its value is never needed."""

    def __init__(self, text: str) -> None:
        self.text = text


def _number(text: str) -> int | HugeNumber:
    return HugeNumber(text) if len(text) > LONGEST_NUMBER else int(text)


def whole_number(text: str) -> int | HugeNumber | None:
    """A whole number as typed (ASCII digits, after a minus at most), or None. No length of
    number can make it crash: a number too long to convert is a HugeNumber."""
    said = text.strip()
    return _number(said) if WHOLE_NUMBER.fullmatch(said) else None


def out_of_range(where: str, pain: str) -> InputError:
    return InputError(_("{where} {pain} is out of range; use a whole number from 0 to 10"
                        ).format(where=where, pain=shortened(pain)))


def _flag_pain(text: str) -> int:
    """--pain as typed, when `check` takes the option as text rather than as an int."""
    score = whole_number(text)
    if score is None:
        raise InputError(_("--pain {score!r} is not a whole number from 0 to 10").format(
            score=shortened(text)))
    if isinstance(score, HugeNumber) or not 0 <= score <= 10:
        raise out_of_range("--pain", text.strip())
    return score


def age_out_of_range(where: str, age: str) -> InputError:
    return InputError(_("{where} {age} is out of range; give the age in whole years, from 0 "
                        "to {oldest}").format(where=where, age=shortened(age), oldest=OLDEST))


def _flag_age(text: str) -> int:
    """--age as typed."""
    age = whole_number(text)
    if age is None:
        raise InputError(_("--age {age!r} is not a whole number of years from 0 to {oldest}"
                           ).format(age=shortened(text), oldest=OLDEST))
    if isinstance(age, HugeNumber) or not 0 <= age <= OLDEST:
        raise age_out_of_range("--age", text.strip())
    return age


def _read(name: str) -> bytes:
    """At most `MAX_BYTES` of standard input (`-`) or of a regular file; more is TooLarge.
    A FIFO or a device is refused before it is read, so a name cannot make backcare wait."""
    if name != "-":
        try:
            return read_regular(Path(name), MAX_BYTES)
        except NotAFile:
            raise InputError(_("answers file {name} is not a regular file (a folder, a pipe "
                               "or a device); name a JSON file, or '-' for standard input"
                               ).format(name=name)) from None
    stream = getattr(sys.stdin, "buffer", None)
    data: bytes = (stream.read(MAX_BYTES + 1) if stream is not None  # else a text stand-in
                   else sys.stdin.read(MAX_BYTES + 1).encode("utf-8"))
    if len(data) > MAX_BYTES:
        raise TooLarge(errno.EFBIG, "too large", name)
    return data


def _deeper_than(value: Any, levels: int) -> bool:
    """Whether `value` nests more than `levels` objects and lists deep."""
    if not isinstance(value, dict | list):
        return False
    if levels == 0:
        return True
    inner = value.values() if isinstance(value, dict) else value
    return any(_deeper_than(v, levels - 1) for v in inner)


def read_answers_file(name: str) -> dict[str, Any]:
    label = (_("answers file (stdin)") if name == "-"
             else _("answers file {name}").format(name=name))
    try:
        raw = _read(name)
    except TooLarge:
        raise InputError(_("{file} is larger than {size} MB; answers take a few hundred "
                           "bytes").format(file=label, size=MAX_BYTES // 1_000_000)) from None
    except OSError as exc:
        raise InputError(_("cannot read answers file {name}: {reason}").format(
            name=name, reason=exc.strerror)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(_("answers file {name} is not UTF-8 text").format(name=name)) from None

    too_deep = InputError(_("{file} nests more than {depth} levels deep; answers are an "
                            "object of lists, 2 deep").format(file=label, depth=MAX_DEPTH))
    try:
        data = json.loads(text, object_pairs_hook=unique_keys, parse_int=_number)
    except RecursionError:
        raise too_deep from None
    except json.JSONDecodeError as exc:
        raise InputError(_("{file} is not valid JSON: {problem} (line {line})").format(
            file=label, problem=exc.msg, line=exc.lineno)) from None
    except ValueError as exc:
        raise InputError(_("{file}: {problem}; give it once").format(
            file=label, problem=exc)) from None
    if _deeper_than(data, MAX_DEPTH):
        raise too_deep
    if not isinstance(data, dict):
        raise InputError(_("{file} must hold a JSON object").format(file=label))
    unknown = sorted(set(data) - FILE_KEYS)
    if unknown:
        raise InputError(_("{file}: unknown key {keys}; valid: {valid}").format(
            file=label, keys=", ".join(shortened(k) for k in unknown),
            valid=", ".join(sorted(FILE_KEYS))))
    for key in LISTS:
        value = data.get(key)
        if value is not None and not (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        ):
            raise InputError(_("{file}: {key} must be a list of keys").format(
                file=label, key=key))
    pain = data.get("pain")
    if isinstance(pain, HugeNumber):
        raise out_of_range(_("pain in the answers file"), pain.text)
    if pain is not None and (isinstance(pain, bool) or not isinstance(pain, int)):
        raise InputError(_("{file}: pain must be a whole number from 0 to 10").format(
            file=label))
    age = data.get("age")
    if isinstance(age, HugeNumber):
        raise age_out_of_range(_("age in the answers file"), age.text)
    if age is not None and (isinstance(age, bool) or not isinstance(age, int)):
        raise InputError(_("{file}: age must be a whole number of years from 0 to {oldest}"
                           ).format(file=label, oldest=OLDEST))
    if isinstance(age, int) and not 0 <= age <= OLDEST:
        raise age_out_of_range(_("age in the answers file"), str(age))
    for key in ("onset", "ago"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise InputError(_("{file}: {key} must be a string").format(file=label, key=key))
    return data


FILE_NAMES = {"red_flags": N_("red_flags entry {keys} in the answers file"),
              "symptoms": N_("symptoms entry {keys} in the answers file"),
              "triggers": N_("triggers entry {keys} in the answers file"),
              "conditions": N_("conditions entry {keys} in the answers file"),
              "where": N_("where entry {keys} in the answers file")}
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
    for key in ("symptoms", "triggers", "conditions", "where", "ruled_out"):
        if file_data.get(key) is not None or flags.get(key):
            merged[key] = list(dict.fromkeys([*(file_data.get(key) or []),
                                              *(flags.get(key) or [])]))
    if file_data.get("red_flags") is not None or flags.get("red_flags"):
        given = [*file_flags, *(flags.get("red_flags") or [])]
        merged["red_flags"] = list(dict.fromkeys(given))
    if flags.get("no_red_flags"):
        merged["red_flags"] = []
    if isinstance(flags.get("pain"), str):  # --pain as typed, checked here
        flags = {**flags, "pain": _flag_pain(flags["pain"])}
    pains = {v for v in (file_data.get("pain"), flags.get("pain")) if v is not None}
    if len(pains) > 1:
        raise InputError(_("--pain {flag} and pain {file} in the answers file disagree; give "
                           "one").format(flag=flags["pain"], file=file_data["pain"]))
    if pains:
        merged["pain"] = pains.pop()
    flag_age = _flag_age(flags["age"]) if flags.get("age") is not None else None
    ages = {v for v in (file_data.get("age"), flag_age) if v is not None}
    if len(ages) > 1:
        raise InputError(_("--age {flag} and age {file} in the answers file disagree; give "
                           "one").format(flag=flag_age, file=file_data["age"]))
    if ages:
        merged["age"] = ages.pop()
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
        raise out_of_range(where, str(pain))
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
