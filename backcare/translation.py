"""Content in another language: the English content with a translation's words.

A translation in `data/<lang>/` holds, for each item of the English files, its `id`, its
words and `english`, a fingerprint of the English words it was translated from; nothing
else. The levels, rules, advice and cautions chosen are the English content's, so they
cannot differ by language; only what they say does. The loader refuses a translation that
lacks an item, names one the English lacks, leaves out or adds a field, or loses a
`{placeholder}`.

An item whose English words have changed since it was translated is stale: its old words
may say what the English no longer does, so they are never shown. Like a fuzzy message of
a gettext catalog, it is shown in English until it is translated again and stamped
(`python -m backcare.stamping stamp LANG ITEM`); the test suite, `stale` and the review
sheet name it.
"""

import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import msgspec

from backcare.content import Content
from backcare.content_files import FILES, read_toml
from backcare.errors import ContentError
from backcare.language import N_, _
from backcare.records import Strict, ValidationError, where

TRANSLATED_FIELDS: dict[str, tuple[str, ...]] = {
    "red_flags": ("label", "detail", "reason"),
    "symptoms": ("label", "detail", "reason", "ask_again"),
    "triggers": ("label", "detail"),
    "conditions": ("label", "detail", "reason", "ask_again"),
    "onsets": ("label",),
    "regions": ("label", "detail"),
    "muscles": ("label",),
    "levels": ("banner", "action", "contact"),
    "tiers": ("title",),
    "advice": ("text", "title"),
    "cautions": ("text",),
    "safety_net": ("text",),
    "rules": ("reason", "label"),
    "phases": ("title",),
    "messages": ("text",),
    "medicines": ("name",),
    "uncounted": ("name",),
    "stop_signs": ("label", "detail"),
    "movements": ("title", "steps"),
}
"""The fields of each kind of item that a person reads: what a translation gives for each
item, and what its `english` fingerprint is of, in this order."""

FINGERPRINT_DIGITS = 12
"""Of a sha256: enough that no edit of the English keeps its fingerprint by chance."""

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
TODO = N_("Fix the translation file, or reinstall backcare to restore it.")


class Review(Strict, frozen=True, kw_only=True):
    """Who checked the translation against the English, and when; empty until a clinician
    has."""

    reviewed_by: str = ""
    reviewed_on: str = ""
    note: str = ""
    fingerprints: dict[str, dict[str, str]] = {}
    """What they reviewed: by section and id, a fingerprint of each item's English and its
    translation as the sheet showed them. An item whose either has changed since is
    marked on the sheet as not reviewed. Written by `python -m backcare.stamping
    reviewed`."""


class About(Strict, frozen=True, kw_only=True):
    """`data/<lang>/translation.toml`: the language's own name and its review."""

    lang: str
    name: str
    """The language's name in itself: `Español`."""
    locale: str = ""
    """How its dates and numbers are written when the person's locale does not say: the
    region of the clinic's readers (`es_US`)."""
    review: Review = msgspec.field(default_factory=Review)


def folder_of(data: Path, lang: str) -> Path:
    return data / lang


def read_about(data: Path, lang: str) -> About:
    path = folder_of(data, lang) / "translation.toml"
    raw = read_toml(path)
    try:
        about = msgspec.convert(raw, About)
    except ValidationError as exc:
        raise ContentError(str(path), _invalid(exc), _(TODO)) from None
    if about.lang != lang:
        raise ContentError(str(path), _("lang is {lang} but the folder is {folder}").format(
            lang=repr(about.lang), folder=repr(lang)), _(TODO))
    return about


def translated_files() -> list[tuple[str, list[str]]]:
    """Each content file a translation has, with its sections that have words."""
    found = [(name, [s for s in sections if s in TRANSLATED_FIELDS or s == "questions"])
             for name, sections in FILES.items()]
    return [(name, sections) for name, sections in found if sections]


def _read_words(path: Path, sections: list[str]) -> dict[str, object]:
    raw = read_toml(path)
    unknown = sorted(set(raw) - set(sections))
    if unknown:
        raise ContentError(str(path), _("unknown section {names}").format(
            names=", ".join(unknown)), _(TODO))
    return raw


def translate(content: Content, data: Path, lang: str) -> Content:
    """The content with the words of `data/<lang>/`: refused, naming the file and item,
    if the translation does not match the English item for item. A stale item keeps its
    English words."""
    folder = folder_of(data, lang)
    changes: dict[str, Any] = {}
    for name, wanted in translated_files():
        path = folder / name
        raw = _read_words(path, wanted)
        problems: list[str] = []
        for section in wanted:
            stale = {i for i, _stamped in _stale(content, section, raw.get(section))}
            if section == "questions":
                changes[section] = _questions(content, raw.get(section), stale, problems)
            else:
                changes[section] = _items(section, getattr(content, section),
                                          raw.get(section), stale, problems)
        if problems:
            raise ContentError(str(path), "; ".join(problems), _(TODO))
    translated = msgspec.structs.replace(content, **changes)
    words = content.clinic.translations.get(lang)
    if words is not None:
        translated = msgspec.structs.replace(
            translated, clinic=msgspec.structs.replace(content.clinic, contact=words.contact))
    try:  # the limits of the English fields (a label fits a line) hold for the words too
        return msgspec.convert(msgspec.to_builtins(translated), Content)
    except ValidationError as exc:
        raise ContentError(str(folder), _invalid(exc), _(TODO)) from None


def _invalid(exc: ValidationError) -> str:
    msg, loc = where(exc)
    return _("{place}: {problem}").format(place=".".join(map(str, loc)), problem=msg)


def _questions(content: Content, raw: object, stale: set[str], problems: list[str]) -> Any:
    english = msgspec.structs.asdict(content.questions)
    if not isinstance(raw, dict):
        problems.append(_("questions: missing"))
        return content.questions
    current = tuple(f for f in english if f not in stale)
    words = {k: v for k, v in raw.items() if k not in stale and k != "english"}
    problems += _fields("questions", english, words, current)
    return msgspec.structs.replace(content.questions, **{
        k: v for k, v in words.items() if k in current and isinstance(v, str)})


def _items(section: str, english: list[Any], raw: object, stale: set[str],
           problems: list[str]) -> list[Any]:
    if not isinstance(raw, list) or not all(isinstance(i, dict) for i in raw):
        problems.append(_("{section}: missing, or not a list of items").format(section=section))
        return english
    by_id = {str(i.get("id")): i for i in raw}
    ids = [item.id for item in english]
    missing = [i for i in ids if i not in by_id]
    extra = [i for i in by_id if i not in ids]
    if missing:
        problems.append(_("{section}: no translation of {ids}").format(
            section=section, ids=", ".join(missing)))
    if extra:
        problems.append(_("{section}: {ids} not in the English").format(
            section=section, ids=", ".join(extra)))
    if len(by_id) != len(raw):
        problems.append(_("{section}: an id is given twice").format(section=section))
    out = []
    for item in english:
        words = by_id.get(item.id)
        if words is None or item.id in stale:  # stale: its old words are never checked or shown
            out.append(item)
            continue
        fields = {f: getattr(item, f) for f in TRANSLATED_FIELDS[section]}
        problems += _fields(_("{section} item {id}").format(section=section, id=repr(item.id)),
                            fields,
                            {k: v for k, v in words.items() if k not in ("id", "english")},
                            TRANSLATED_FIELDS[section])
        out.append(msgspec.structs.replace(item, **{
            k: v for k, v in words.items() if k in fields and isinstance(v, str)}))
    return out


def _fields(where: str, english: dict[str, Any], words: dict[str, Any],
            allowed: tuple[str, ...]) -> list[str]:
    """Each field the English item says is said, and only those, with its placeholders."""
    problems = []
    for name in sorted(set(words) - {f for f in allowed if english.get(f)}):
        problems.append(_("{item}: field {name} has no English to translate").format(
            item=where, name=repr(name)))
    for name in allowed:
        text = english.get(name)
        if not text:
            continue
        said = words.get(name)
        if not isinstance(said, str) or not said.strip():
            problems.append(_("{item}: field {name} is not translated").format(
                item=where, name=repr(name)))
        elif set(PLACEHOLDER.findall(said)) != set(PLACEHOLDER.findall(text)):
            kept = " ".join(sorted(set(PLACEHOLDER.findall(text))))
            problems.append(_("{item}: field {name} must keep the placeholders {placeholders}"
                              ).format(item=where, name=repr(name),
                                       placeholders=kept or _("(none)")))
    return problems


# ------------------------------------------------------------ fingerprints


def fingerprint(texts: Iterable[tuple[str, str]]) -> str:
    """The first hex digits of a sha256 of (field, text) pairs, in the order given."""
    digest = hashlib.sha256()
    for field, text in texts:
        digest.update(field.encode() + b"\0" + text.encode() + b"\0")
    return digest.hexdigest()[:FINGERPRINT_DIGITS]


def english_fingerprints(content: Content, section: str) -> dict[str, str]:
    """The fingerprint of each English item's words, by id; of each question, by its name.
    Only the words count: a new level, source or `when` leaves a translation current."""
    if section == "questions":
        return {name: fingerprint([(name, getattr(content.questions, name))])
                for name in content.questions.__struct_fields__}
    return {item.id: fingerprint((f, getattr(item, f)) for f in TRANSLATED_FIELDS[section])
            for item in getattr(content, section)}


def stamps(section: str, raw: object) -> dict[str, str]:
    """The fingerprint of the English each translated item says it was translated from:
    its `english`, or for the questions their table `english.<name>`."""
    pairs: Iterable[tuple[object, object]] = ()
    if section == "questions" and isinstance(raw, dict):
        table = raw.get("english")
        pairs = table.items() if isinstance(table, dict) else ()
    elif isinstance(raw, list):
        pairs = [(i.get("id"), i.get("english")) for i in raw if isinstance(i, dict)]
    return {str(k): v for k, v in pairs if isinstance(v, str)}


def _stale(content: Content, section: str, raw: object) -> list[tuple[str, bool]]:
    """(id, stamped at all) of each translated item of `section` whose stamp is not the
    fingerprint of today's English, in the English order."""
    if section == "questions":
        present = set(raw) if isinstance(raw, dict) else set()
    else:
        present = ({str(i.get("id")) for i in raw if isinstance(i, dict)}
                   if isinstance(raw, list) else set())
    said = stamps(section, raw)
    return [(i, i in said) for i, english in english_fingerprints(content, section).items()
            if i in present and said.get(i) != english]


class Stale(msgspec.Struct, frozen=True):
    """A translated item whose English words have changed since it was translated."""

    file: str
    """As `es/questions.toml`."""
    section: str
    id: str
    """The item's id; in `questions`, the question's name."""
    stamped: bool
    """False if it does not say what English it was translated from at all."""

    @property
    def key(self) -> str:
        """How the stamp tool and the review record name it: `red_flags.bladder-bowel`."""
        return f"{self.section}.{self.id}"

    def describe(self) -> str:
        item = _("{file}: {section} item {id}").format(file=self.file, section=self.section,
                                                       id=repr(self.id))
        if self.stamped:
            return _("{item}: the English has changed since it was translated").format(
                item=item)
        return _("{item}: does not say what English it was translated from").format(item=item)


def stale_items(content: Content, data: Path, lang: str) -> list[Stale]:
    """The items of `data/<lang>/` that are not translations of `content`'s English words
    as they are today, in the order of the files."""
    folder = folder_of(data, lang)
    found = []
    for name, sections in translated_files():
        raw = _read_words(folder / name, sections)
        found += [Stale(f"{lang}/{name}", section, i, stamped) for section in sections
                  for i, stamped in _stale(content, section, raw.get(section))]
    return found
