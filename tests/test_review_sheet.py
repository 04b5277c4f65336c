"""`backcare content`: the clinic's review sheet of the content and its translation."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from backcare.loader import load_content
from backcare.paths import data_dir
from backcare.render.review_pages import to_html
from backcare.review import catalog_pairs, reviewed_fingerprints, sheet
from backcare.translation import TRANSLATED_FIELDS, Review, translate
from tests.helpers import flat
from tests.test_report import print_to_pdf

ENGLISH = load_content()
SPANISH = translate(ENGLISH, data_dir(), "es")
PO = data_dir() / "locale" / "es" / "LC_MESSAGES" / "backcare.po"


def content_ids() -> list[str]:
    ids = [f"questions.{f}" for f in ENGLISH.questions.__struct_fields__]
    for section in TRANSLATED_FIELDS:
        ids += [item.id for item in getattr(ENGLISH, section)]
    return [*ids, *(t.id for t in ENGLISH.tiers if t.id not in ids)]


@pytest.fixture
def page(cli: Callable[..., Any], tmp_path: Path) -> str:
    out = tmp_path / "review.html"
    result = cli("content", "--lang", "es", "--format", "html", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    return out.read_text(encoding="utf-8")


def cells(page: str) -> list[str]:
    return [html.unescape(c) for c in re.findall(r'<td class="id"><code>([^<]*)</code>', page)]


def test_each_content_item_appears_once_with_its_source(page: str) -> None:
    shown = [c.split(" (")[0] for c in cells(page)]
    for item_id in content_ids():
        assert shown.count(item_id) == 1, item_id
    for source in {r.source for r in ENGLISH.red_flags}:
        assert html.escape(ENGLISH.source_title(source)) in page


def test_english_and_spanish_sit_side_by_side(page: str) -> None:
    assert page.startswith('<!DOCTYPE html>\n<html lang="es">')
    assert "<script" not in page and "http" not in page.split("<body>")[0]
    for en, es in zip(ENGLISH.red_flags, SPANISH.red_flags, strict=True):
        row = next(r for r in page.split("<tr>") if f'<code>{en.id} (' in r)
        assert html.escape(en.label) in row and html.escape(es.label) in row
        assert 'lang="en"' in row and 'lang="es"' in row
    for en, es in zip(ENGLISH.advice, SPANISH.advice, strict=True):
        assert html.escape(en.text) in page and html.escape(es.text) in page


def test_the_groups_follow_the_checklist_then_the_result(page: str) -> None:
    titles = re.findall(r"<h2>([^<]*)</h2>", page)
    assert titles[0].startswith("Cuestionario")
    first_result = next(i for i, t in enumerate(titles) if t.startswith("Resultado"))
    assert all(t.startswith("Cuestionario") for t in titles[:first_result])
    warning_signs = page.index("bladder-bowel (emergencia)")
    assert warning_signs < page.index("fever (urgente)")
    for tier in ENGLISH.tiers:
        assert html.escape(tier.title) in page


def status(page: str) -> str:
    return re.search(r'<div class="status[^"]*">(.*?)</div>', page).group(1)  # type: ignore[union-attr]


def test_the_sheet_carries_the_review_status(page: str) -> None:
    assert "Todavía no lo ha revisado un profesional de la salud." in status(page)
    seen = reviewed_fingerprints(sheet(ENGLISH, SPANISH, "es", "Español", Review(), [], []))
    reviewed = sheet(ENGLISH, SPANISH, "es", "Español",
                     Review(reviewed_by="Dr. Ana Ruiz, DPT", reviewed_on="2026-12-01",
                            fingerprints=seen), [], catalog_pairs(PO))
    page = to_html(reviewed, SPANISH)
    said = status(page)
    assert "Dr. Ana Ruiz, DPT" in said and "2026-12-01" in said
    assert "Todavía no" not in said and 'class="marked"' not in page
    unknown = sheet(ENGLISH, SPANISH, "es", "Español",  # a review that says not what of
                    Review(reviewed_by="Dr. Ana Ruiz, DPT", reviewed_on="2026-12-01"), [], [])
    assert to_html(unknown, SPANISH).count('<tr class="marked">') == len(content_ids())


def test_every_interface_message_and_scenario_is_on_the_sheet(page: str) -> None:
    for english, spanish in catalog_pairs(PO):
        assert html.escape(english) in page and html.escape(spanish) in page
    assert "lifting-day-1" in page and "Caminó alrededor de la cuadra" in page


def test_markdown_and_english_sheets(cli: Callable[..., Any], tmp_path: Path) -> None:
    md = cli("content", "--lang", "es", "--format", "md")
    assert md.exit_code == 0 and md.stdout.startswith("# Revisión del contenido de backcare")
    assert "- Español (label): " + SPANISH.red_flags[0].label in md.stdout
    english = cli("content", "-o", str(tmp_path / "sheet.html"))
    assert english.exit_code == 0
    text = (tmp_path / "sheet.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in text and "Español" not in text
    bad = cli("content", "--format", "pdf")
    assert bad.exit_code == 2 and "valid: html, md" in bad.stderr


@pytest.mark.slow
def test_the_review_sheet_prints(page: str, tmp_path: Path) -> None:
    sheet_file = tmp_path / "review.html"
    sheet_file.write_text(page, encoding="utf-8")
    pages, _size, text = print_to_pdf(sheet_file, "Letter", tmp_path / "print")
    assert pages >= 5
    assert flat("Todavía no lo ha revisado un profesional de la salud.") in text
    assert flat("Cuestionario: señales de alarma") in text
    emergencies = sum(r.level == "emergency" for r in ENGLISH.red_flags)
    assert text.count("(emergencia)") >= emergencies  # each warning sign's row printed
    assert "bladder-bowel" in text
    assert flat("Textos de la pantalla (catálogo de mensajes)") in text
