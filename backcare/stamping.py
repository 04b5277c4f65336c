"""The translator's and the reviewer's tool: `python -m backcare.stamping`. It lists the
translated items whose English has changed since (`stale`), records that items are
translated from today's English (`stamp`), and records a clinician's review (`reviewed`).

The files are edited as text, so that their comments and layout stay, and each edit is
proved by reading the file back: the stamps are those wanted, and nothing else changed.
"""

import datetime
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import msgspec

from backcare.content import Content
from backcare.errors import BackcareError, ContentError, InputError
from backcare.language import ENGLISH, N_, _, ngettext
from backcare.loader import load_content
from backcare.paths import data_dir
from backcare.records import ValidationError
from backcare.review import reviewed_fingerprints, sheet
from backcare.translation import (
    TODO,
    About,
    Review,
    english_fingerprints,
    folder_of,
    stale_items,
    stamps,
    translate,
    translated_files,
)

# Patterns compiled on first use (`re` caches them), not by every run that imports this.
_HEADER = r"\[\[?([A-Za-z0-9_.-]+)\]\]?\s*(#.*)?$"
_KEY = r"([A-Za-z0-9_.-]+)\s*="
_ID = r'id\s*=\s*"([^"\\]*)"'


def _key(line: str) -> str:
    found = re.match(_KEY, line)
    return found.group(1) if found else ""


def _tables(lines: list[str]) -> list[tuple[str, int, int]]:
    """(name, header line, end) of each table: `red_flags` for each `[[red_flags]]`."""
    heads = [(n, found.group(1)) for n, line in enumerate(lines)
             if (found := re.match(_HEADER, line))]
    ends = [n for n, _name in heads[1:]] + [len(lines)]
    return [(name, start, end) for (start, name), end in zip(heads, ends, strict=True)]


def _insert(lines: list[str], after: int, line: str) -> None:
    if not lines[after].endswith("\n"):
        lines[after] += "\n"
    lines.insert(after + 1, line)


def _put_stamp(lines: list[str], section: str, item_id: str, value: str) -> bool:
    """Write an item's stamp: under its `id`, or for a question at the end of the
    `[questions]` table with the others. False if the item is not in these lines."""
    for name, start, end in _tables(lines):
        if name != section:
            continue
        body = range(start + 1, end)
        if section == "questions":
            key = f"english.{item_id}"
            said = next((n for n in body if _key(lines[n]) == key), None)
            if said is not None:
                lines[said] = f'{key} = "{value}"\n'
            else:
                _insert(lines, max((n for n in body if _key(lines[n])), default=start),
                        f'{key} = "{value}"\n')
            return True
        if not any((found := re.match(_ID, lines[n])) and found.group(1) == item_id for n in body):
            continue
        for n in reversed(body):
            if _key(lines[n]) == "english":
                del lines[n]
        at = next(n for n in range(start + 1, end) if re.match(_ID, lines[n]))
        _insert(lines, at, f'english = "{value}"\n')
        return True
    return False


def _without_stamps(doc: dict[str, Any]) -> dict[str, Any]:
    def clean(value: Any) -> Any:
        return {k: v for k, v in value.items() if k != "english"} if isinstance(
            value, dict) else value
    return {k: [clean(i) for i in v] if isinstance(v, list) else clean(v)
            for k, v in doc.items()}


def _edit_failed(path: Path) -> ContentError:
    return ContentError(str(path), _("could not be edited as asked; edit it by hand"), "")


def _item_keys(content: Content) -> dict[str, tuple[str, str, str, str]]:
    """Every translated item, by the key the tool takes (`section.id`): its file, section,
    id, and the fingerprint of its English."""
    return {f"{section}.{i}": (name, section, i, english)
            for name, sections in translated_files() for section in sections
            for i, english in english_fingerprints(content, section).items()}


def stamp(content: Content, data: Path, lang: str, items: Sequence[str] | None) -> int:
    """Record in `data/<lang>/` that the named items (all, for None) are translations of
    `content`'s English as it is today; an item is named `section.id`, or by its id
    alone where no other section has it. Returns how many were stamped."""
    import tomllib


    keys = _item_keys(content)
    wanted: dict[str, tuple[str, str, str, str]] = {}
    for item in keys if items is None else items:
        named = [k for k, (_file, _section, i, _english) in keys.items() if item in (k, i)]
        if not named:
            raise InputError(_("{item} is not an item of the English content; name it "
                               "section.id, as `stale` does").format(item=repr(item)))
        if len(named) > 1:
            raise InputError(_("{item} is an id in more than one section; name one of {keys}"
                               ).format(item=repr(item), keys=", ".join(named)))
        wanted[named[0]] = keys[named[0]]
    for name in dict.fromkeys(file for file, *_rest in wanted.values()):
        path = folder_of(data, lang) / name
        text = path.read_bytes().decode("utf-8")
        lines = text.splitlines(keepends=True)
        here = [(section, i, english) for file, section, i, english in wanted.values()
                if file == name]
        for section, i, english in here:
            if not _put_stamp(lines, section, i, english):
                raise ContentError(str(path), _("{section}: no translation of {ids}").format(
                    section=section, ids=i), _(TODO))
        edited = "".join(lines)
        try:
            before, after = tomllib.loads(text), tomllib.loads(edited)
        except tomllib.TOMLDecodeError:
            raise _edit_failed(path) from None
        if _without_stamps(before) != _without_stamps(after) or any(
                stamps(section, after.get(section)).get(i) != english
                for section, i, english in here):
            raise _edit_failed(path)
        path.write_bytes(edited.encode("utf-8"))
    return len(wanted)


def _toml_string(text: str) -> str:

    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def record_review(content: Content, data: Path, lang: str, who: str, on: str) -> int:
    """Record in `data/<lang>/translation.toml` that `who` reviewed the translation on
    `on`, as it stands: each item's fingerprint of its English beside its translation.
    Refused while an item is stale: its translation is not the one to review."""
    import tomllib


    if not who.strip():
        raise InputError(_("say who reviewed it: their name and role"))
    try:
        datetime.date.fromisoformat(on)
        ok = re.fullmatch(r"\d{4}-\d{2}-\d{2}", on) is not None
    except ValueError:
        ok = False
    if not ok:
        raise InputError(_("the date must be written YYYY-MM-DD, not {date}").format(
            date=repr(on)))
    stale = stale_items(content, data, lang)
    if stale:
        raise InputError(ngettext(
            "{count} item is not translated from today's English: translate it again and "
            "stamp it before recording a review", "{count} items are not translated from "
            "today's English: translate them again and stamp them before recording a review",
            len(stale)).format(count=len(stale)))
    built = sheet(content, translate(content, data, lang), lang, "", Review(), [], [],
                  folder=data)
    record = reviewed_fingerprints(built)
    path = folder_of(data, lang) / "translation.toml"
    text = path.read_bytes().decode("utf-8")
    lines = text.splitlines(keepends=True)
    for name, start, end in reversed(_tables(lines)):
        if name == "review.fingerprints":
            del lines[start:end]
    while lines and not lines[-1].strip():
        lines.pop()
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    if not any(name == "review" for name, _start, _end in _tables(lines)):
        lines += ["\n", "[review]\n"]
    said = {"reviewed_by": _toml_string(who), "reviewed_on": _toml_string(on)}
    for key, value in reversed(said.items()):
        start, end = next((s, e) for name, s, e in _tables(lines) if name == "review")
        at = next((n for n in range(start + 1, end) if _key(lines[n]) == key), None)
        if at is None:
            _insert(lines, start, f"{key} = {value}\n")
        else:
            lines[at] = f"{key} = {value}\n"
    lines += ["\n", "[review.fingerprints]\n"]
    lines += [f'{section}.{i} = "{fp}"\n' for section, ids in record.items()
              for i, fp in ids.items()]
    edited = "".join(lines)
    try:
        about = msgspec.convert(tomllib.loads(edited), About)
        before = msgspec.convert(tomllib.loads(text), About)
    except (tomllib.TOMLDecodeError, ValidationError):
        raise _edit_failed(path) from None
    if about != msgspec.structs.replace(before, review=msgspec.structs.replace(
            before.review, reviewed_by=who, reviewed_on=on, fingerprints=record)):
        raise _edit_failed(path)
    path.write_bytes(edited.encode("utf-8"))
    return sum(len(ids) for ids in record.values())


USAGE = N_("usage: python -m backcare.stamping [--data FOLDER] COMMAND LANG ...\n"
           "  stale LANG                      list the items translated from English that has "
           "since changed\n"
           "  stamp LANG ITEM... | --all      record that these items are translated from "
           "today's English\n"
           "  reviewed LANG \"NAME, ROLE\" DATE  record a clinician's review of the "
           "translation as it stands")


def main(argv: Sequence[str]) -> int:
    """`python -m backcare.stamping`: the translator's and the reviewer's tool, on the
    shipped data/ folder or `--data FOLDER`."""

    args = list(argv)
    data = None
    if args[:1] == ["--data"] and len(args) > 1:
        data, args = Path(args[1]), args[2:]
    command, lang, rest = (args[0], args[1], args[2:]) if len(args) >= 2 else ("", "", [])
    if (lang in ("", ENGLISH) or command not in ("stale", "stamp", "reviewed")
            or (command == "stamp" and (not rest or ("--all" in rest and rest != ["--all"])))
            or (command == "reviewed" and len(rest) != 2)):
        print(_(USAGE), file=sys.stderr)
        return 2
    try:
        folder = data or data_dir()
        content = load_content(folder)
        if command == "stale":
            stale = stale_items(content, folder, lang)
            for item in stale:
                print(item.describe())
            if not stale:
                print(_("Every item is translated from today's English."))
            return 1 if stale else 0
        if command == "stamp":
            count = stamp(content, folder, lang, None if rest == ["--all"] else rest)
            print(ngettext("Stamped {count} item.", "Stamped {count} items.", count).format(
                count=count))
            translate(content, folder, lang)  # the words stamped must also be sound
        else:
            count = record_review(content, folder, lang, rest[0], rest[1])
            print(ngettext("Recorded the review of {count} item by {who} on {date}.",
                           "Recorded the review of {count} items by {who} on {date}.",
                           count).format(count=count, who=rest[0], date=rest[1]))
    except BackcareError as exc:
        print(exc.message, file=sys.stderr)
        return exc.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
