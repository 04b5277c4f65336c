"""`backcare clinic check`: every problem of a clinic profile at once.

Reading a profile to use it stops at its first fault (`content_files.load_clinic`); a person
setting one up needs them all, so here each field is checked on its own, from the raw TOML.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import msgspec

from backcare.content import Clinic, KioskSettings, is_phone_number
from backcare.language import _
from backcare.records import ValidationError

REQUIRED = ("name", "phone", "emergency_number", "contact")
LONGEST = {"name": 60, "phone": 30, "emergency_number": 20, "contact": 240}
"""Characters: the name and numbers sit in a banner line, the contact line under a result."""
LONGEST_WORD = 36
"""A word longer than this cannot wrap between words on a 40-column kiosk."""
PLACES = {"{clinic_name}", "{clinic_phone}", "{emergency_number}"}
PLACE = re.compile(r"\{[^{}]*\}")


def problems(raw: Mapping[str, Any], sources: set[str], languages: Sequence[str],
             kiosk: bool = True, offered: Sequence[str] | None = None) -> list[str]:
    """Each problem of the profile `raw` (its TOML), in the order of its fields. `languages`
    are those backcare speaks (English first); each `offered` (all, unless said) needs the
    contact line in its words. `kiosk` asks for the staff PIN too (the demos need none)."""
    clinic = raw.get("clinic", raw)
    found = [_("unknown section [{name}]").format(name=key) for key in raw
             if "clinic" in raw and key != "clinic"]
    if not isinstance(clinic, dict):
        return [*found, _("[clinic] must be a table of fields")]
    found += _fields(clinic, Clinic, "", skip=("kiosk", "translations"))
    for name in REQUIRED:
        value = clinic.get(name, "")
        if isinstance(value, str) and not value.strip():  # another type is said above
            found.append(_("{field} is missing: {meaning}").format(
                field=name, meaning=_meaning()[name]))
    for name in ("phone", "emergency_number"):
        value = clinic.get(name)
        if isinstance(value, str) and value and not is_phone_number(value):
            found.append(_("{field} must be a phone number: only digits, spaces, +, - and "
                           "parentheses, with 2 to 15 digits").format(field=name))
    source = clinic.get("source", "clinic-page")
    if isinstance(source, str) and source not in sources:
        found.append(_("source {source} is not in sources.toml").format(
            source=repr(clinic.get("source"))))
    said = clinic.get("language", "")
    if isinstance(said, str) and said and said not in languages:
        found.append(_("language {lang} is not available; available: {languages}").format(
            lang=repr(said), languages=", ".join(languages)))
    found += _translations(clinic.get("translations", {}), languages,
                           languages if offered is None else offered)
    found += _kiosk(clinic.get("kiosk", {}), kiosk)
    return found


def _meaning() -> dict[str, str]:
    return {"name": _("the clinic's name"),
            "phone": _("the clinic's phone number"),
            "emergency_number": _("the number every emergency screen tells people to call"),
            "contact": _("the line under each result that says how to reach the clinic")}


def _fields(table: Mapping[str, Any], model: type[msgspec.Struct], prefix: str,
            skip: Sequence[str] = ()) -> list[str]:
    """Unknown fields, wrong types, control characters and overlong text, field by field."""
    known = {f.name: f.type for f in msgspec.structs.fields(model)}
    found = []
    for key, value in table.items():
        field = prefix + key
        if key not in known:
            found.append(_("unknown field {field}").format(field=field))
            continue
        if key in skip:
            continue
        if isinstance(value, str):
            found += _text(field, key, value)
            if value == "":
                continue
        try:
            msgspec.convert(value, known[key])
        except ValidationError as exc:
            found.append(_("{field}: {problem}").format(field=field, problem=str(exc)))
    return found


def _text(field: str, key: str, value: str) -> list[str]:
    found = []
    if any(not ch.isprintable() for ch in value):
        found.append(_("{field} holds a control character (an escape sequence or a line "
                       "break); write it as one plain line").format(field=field))
    longest = LONGEST.get(key)
    if longest is not None and len(value) > longest:
        found.append(_("{field} is {length} characters long; at most {most} fit").format(
            field=field, length=len(value), most=longest))
    if any(len(word) > LONGEST_WORD for word in value.split()):
        found.append(_("{field} has a word longer than {most} characters, which cannot wrap "
                       "on a narrow screen").format(field=field, most=LONGEST_WORD))
    unknown = sorted(set(PLACE.findall(value)) - PLACES)
    if unknown:
        found.append(_("{field} names {places}; only {known} are filled in").format(
            field=field, places=", ".join(unknown), known=", ".join(sorted(PLACES))))
    return found


def _translations(translations: Any, languages: Sequence[str], offered: Sequence[str]
                  ) -> list[str]:
    if not isinstance(translations, dict):
        return [_("translations must be a table, one [clinic.translations.LANG] for each "
                  "language")]
    found = []
    for lang, words in translations.items():
        if lang not in languages[1:]:
            found.append(_("translations.{lang}: backcare does not speak {lang}; it speaks "
                           "{languages}").format(lang=lang, languages=", ".join(languages)))
        elif not isinstance(words, dict):
            found.append(_("translations.{lang} must be a table with contact").format(lang=lang))
        else:
            found += _fields(words, _Words, f"translations.{lang}.")
    for lang in offered:
        if lang == languages[0]:
            continue
        words = translations.get(lang)
        contact = words.get("contact") if isinstance(words, dict) else None
        if not isinstance(contact, str) or not contact.strip():
            found.append(_("translations.{lang}.contact is missing: the kiosk offers {lang}, "
                           "and without it the screen ends with a line in English").format(
                lang=lang))
    return found


class _Words(msgspec.Struct):
    contact: str


def _kiosk(settings: Any, kiosk: bool) -> list[str]:
    if not isinstance(settings, dict):
        return [_("kiosk must be a table: [clinic.kiosk]")]
    found = _fields(settings, KioskSettings, "kiosk.", skip=("staff_pin",))
    pin = settings.get("staff_pin", "")
    if pin:
        try:
            KioskSettings(staff_pin=pin)
        except (ValueError, TypeError):
            found.append(_("kiosk.staff_pin is not a PIN set by 'backcare clinic pin'; set it "
                           "again with that command"))
    elif kiosk:
        found.append(_("kiosk.staff_pin is not set: the kiosk cannot start without a staff "
                       "PIN; set one with 'backcare clinic pin'"))
    return found
