"""Content in another language: the English content with a translation's words.

A translation in `data/<lang>/` holds, for each item of the English files, its `id` and
its words, nothing else. The levels, rules, advice and cautions chosen are the English
content's, so they cannot differ by language; only what they say does. The loader refuses
a translation that lacks an item, names one the English lacks, leaves out or adds a field,
or loses a `{placeholder}`.
"""

import re
from pathlib import Path
from typing import Any

import msgspec

from backcare.content import FILES, Content, read_toml
from backcare.errors import ContentError
from backcare.language import N_, _
from backcare.records import Strict, ValidationError, where

WORDS: dict[str, tuple[str, ...]] = {
    "red_flags": ("label", "detail", "reason"),
    "symptoms": ("label", "detail", "reason"),
    "triggers": ("label", "detail"),
    "conditions": ("label", "detail", "reason"),
    "onsets": ("label",),
    "levels": ("banner", "action", "contact"),
    "tiers": ("title",),
    "advice": ("text", "title"),
    "cautions": ("text",),
    "safety_net": ("text",),
    "rules": ("reason",),
    "phases": ("title",),
    "messages": ("text",),
}
"""The fields of each kind of item that a person reads."""

PLACEHOLDER = re.compile(r"\{[a-z_]+\}")
TODO = N_("Fix the translation file, or reinstall backcare to restore it.")


class Review(Strict, frozen=True, kw_only=True):
    """Who checked the translation against the English, and when; empty until a clinician
    has."""

    reviewed_by: str = ""
    reviewed_on: str = ""
    note: str = ""


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


def translate(content: Content, data: Path, lang: str) -> Content:
    """The content with the words of `data/<lang>/`: refused, naming the file and item,
    if the translation does not match the English item for item."""
    folder = folder_of(data, lang)
    changes: dict[str, Any] = {}
    for name, sections in FILES.items():
        wanted = [s for s in sections if s in WORDS or s == "questions"]
        if not wanted:
            continue
        path = folder / name
        raw = read_toml(path)
        unknown = sorted(set(raw) - set(wanted))
        if unknown:
            raise ContentError(str(path), _("unknown section {names}").format(
                names=", ".join(unknown)), _(TODO))
        problems: list[str] = []
        for section in wanted:
            if section == "questions":
                changes[section] = _questions(content, raw.get(section), problems)
            else:
                changes[section] = _items(section, getattr(content, section),
                                          raw.get(section), problems)
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


def _questions(content: Content, raw: object, problems: list[str]) -> Any:
    english = msgspec.structs.asdict(content.questions)
    if not isinstance(raw, dict):
        problems.append(_("questions: missing"))
        return content.questions
    problems += _fields("questions", english, raw, tuple(english))
    return msgspec.structs.replace(content.questions, **{
        k: v for k, v in raw.items() if k in english and isinstance(v, str)})


def _items(section: str, english: list[Any], raw: object, problems: list[str]) -> list[Any]:
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
        if words is None:
            out.append(item)
            continue
        fields = {f: getattr(item, f) for f in WORDS[section]}
        problems += _fields(_("{section} item {id}").format(section=section, id=repr(item.id)),
                            fields,
                            {k: v for k, v in words.items() if k != "id"}, WORDS[section])
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
