"""The interface's message catalogs: complete, compiled, and in step with the code.

A message marked in the code but missing from a catalog would be shown in English to a
person who chose another language; a stale compiled catalog would show old words."""

from __future__ import annotations

import io
import re
from gettext import GNUTranslations
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from backcare.paths import data_dir

TOP = Path(__file__).parent.parent
LOCALE = data_dir() / "locale"
CATALOGS = sorted(LOCALE.glob("*/LC_MESSAGES/backcare.po"))
PLACEHOLDER = re.compile(r"\{[a-z_]*(![rs])?\}")


def read(po: Path):  # type: ignore[no-untyped-def]
    with po.open("rb") as fh:
        return read_po(fh)


def in_code() -> set[str]:
    """Every message the code marks with _(), N_() or ngettext()."""
    found: set[str] = set()
    method_map = [("backcare/**.py", "python")]
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(TOP), method_map=method_map):
        found.update([message] if isinstance(message, str) else message)
    return found


def test_there_is_a_spanish_catalog() -> None:
    assert [p.parent.parent.name for p in CATALOGS] == ["es"]


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: p.parent.parent.name)
def test_every_message_is_translated_keeping_its_placeholders(po: Path) -> None:
    for message in read(po):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert "fuzzy" not in message.flags, ids[0]
        assert all(s.strip() for s in strings), f"not translated: {ids[0]!r}"
        wanted = set(PLACEHOLDER.findall(ids[-1])) | set(PLACEHOLDER.findall(ids[0]))
        for said in strings:
            assert set(PLACEHOLDER.findall(said)) <= wanted, (ids[0], said)
            if len(ids) == 1:
                assert set(PLACEHOLDER.findall(said)) == wanted, (ids[0], said)


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: p.parent.parent.name)
def test_every_message_of_the_code_is_in_the_catalog_and_none_is_stale(po: Path) -> None:
    catalog = read(po)
    listed: set[str] = set()
    for message in catalog:
        if message.id:
            listed.update([message.id] if isinstance(message.id, str) else message.id)
    code = in_code()
    assert sorted(code - listed) == [], "run the catalog update in docs/development.md"
    assert sorted(listed - code) == [], "messages no code uses: run the catalog update"


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: p.parent.parent.name)
def test_the_compiled_catalog_is_the_catalog(po: Path) -> None:
    """The shipped .mo says exactly what the .po says (Poedit and pybabel compile both)."""
    compiled = io.BytesIO()
    write_mo(compiled, read(po))
    compiled.seek(0)
    with po.with_suffix(".mo").open("rb") as fh:
        shipped = GNUTranslations(fh)
    fresh = GNUTranslations(compiled)
    messages = {k: v for k, v in fresh._catalog.items() if k}  # type: ignore[attr-defined]
    assert {k: v for k, v in shipped._catalog.items() if k} == messages  # type: ignore[attr-defined]
