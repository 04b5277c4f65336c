"""Translations cannot go stale: each Spanish item records a fingerprint of the English it
was translated from, so that an English sentence changed after it was translated is never
shown in its old Spanish, fails the tests by name, and is marked on the review sheet.

Every test edits a copy of data/ under tmp_path, as a clinic or a maintainer would edit it."""

from __future__ import annotations

import difflib
import html
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from backcare.loader import load_content
from backcare.paths import data_dir
from backcare.render.review_pages import to_html, to_markdown
from backcare.review import sheet
from backcare.stamping import main
from backcare.translation import read_about, stale_items, translate
from tests.test_content import data_copy, replace_once

__all__ = ["data_copy"]  # the shared fixture: a copy of data/

STALE = "The English has changed since this was translated"
CHANGED = "Changed since the review: not yet reviewed."
REVIEWER = "Dr. Ana Ruiz, DPT"


def english_text(path: Path, section: str, item_id: str, field: str) -> str:
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    return str(next(i for i in raw[section] if i["id"] == item_id)[field])


def review_page(folder: Path) -> str:
    english = load_content(folder)
    built = sheet(english, translate(english, folder, "es"), "es", "Español",
                  read_about(folder, "es").review, [], [], folder=folder)
    return to_html(built, english)


def row(page: str, item_id: str) -> str:
    """The sheet's row of one content item."""
    return next(r for r in re.split(r"<tr[ >]", page) if f"<code>{item_id}" in r)


def status(page: str) -> str:
    found = re.search(r'<div class="status[^"]*"><strong>(.*?)</strong>', page)
    assert found is not None
    return found.group(1)


def marked(page: str) -> list[str]:
    return re.findall(r'<tr class="marked"><td class="id"><code>([^<( ]*)', page)


def tool(folder: Path, *args: str) -> int:
    return main(["--data", str(folder), *args])


def test_every_shipped_spanish_item_is_translated_from_todays_english() -> None:
    stale = stale_items(load_content(), data_dir(), "es")
    assert stale == [], "\n".join(item.describe() for item in stale)


SAFETY_SENTENCES = [
    ("questions.toml", "red_flags", "bladder-bowel", "reason"),
    ("advice.toml", "levels", "level-emergency", "action"),
]


@pytest.mark.parametrize(("name", "section", "item_id", "field"), SAFETY_SENTENCES,
                         ids=[f"{s}.{i}" for _n, s, i, _f in SAFETY_SENTENCES])
def test_a_changed_english_safety_sentence_is_named_shown_in_english_and_marked(
        data_copy: Path, capsys: pytest.CaptureFixture[str], name: str, section: str,
        item_id: str, field: str) -> None:
    old_spanish = english_text(data_copy / "es" / name, section, item_id, field)
    old = english_text(data_copy / name, section, item_id, field)
    new = old.replace(" now", " now, and do not drive yourself") if " now" in old else (
        old + " Do not drive yourself.")
    replace_once(data_copy / name, old, new)

    english = load_content(data_copy)
    [stale] = stale_items(english, data_copy, "es")
    assert stale.describe() == (f"es/{name}: {section} item {item_id!r}: the English has "
                                "changed since it was translated")
    assert tool(data_copy, "stale", "es") == 1
    assert capsys.readouterr().out == stale.describe() + "\n"

    spanish = translate(english, data_copy, "es")
    shown = next(i for i in getattr(spanish, section) if i.id == item_id)
    assert getattr(shown, field) == new  # the current English, never the old Spanish
    assert old_spanish not in str(spanish)
    assert all(getattr(es, field) != getattr(en, field) for es, en in zip(
        getattr(spanish, section), getattr(english, section), strict=True)
        if en.id != item_id and getattr(en, field))  # the others are still Spanish

    page = review_page(data_copy)
    assert marked(page) == [item_id]
    assert STALE in row(page, item_id) and html.escape(new) in row(page, item_id)
    assert status(page).startswith("Not yet reviewed by a clinician. 1 item was translated "
                                   "from English that has since changed")
    md = to_markdown(sheet(english, spanish, "es", "Español", read_about(data_copy, "es").review,
                           [], [], folder=data_copy), english)
    assert f"### `{item_id}" in md and md.count(STALE) == 1


def test_changing_where_an_item_comes_from_leaves_its_translation_current(
        data_copy: Path) -> None:
    """Only the words are fingerprinted: a new source or level asks for no new Spanish."""
    text = (data_copy / "questions.toml").read_text(encoding="utf-8")
    start = text.index('id = "bladder-bowel"')
    at = text.index('source = "nhs-back-pain"', start)
    (data_copy / "questions.toml").write_text(
        text[:at] + 'source = "nhs-sciatica"' + text[at + len('source = "nhs-back-pain"'):],
        encoding="utf-8")
    english = load_content(data_copy)
    assert next(r for r in english.red_flags if r.id == "bladder-bowel").source == "nhs-sciatica"
    assert stale_items(english, data_copy, "es") == []
    assert marked(review_page(data_copy)) == []


def test_translating_again_and_stamping_makes_it_current_and_keeps_the_file(
        data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = english_text(data_copy / "questions.toml", "red_flags", "bladder-bowel", "reason")
    replace_once(data_copy / "questions.toml", old, old + " Call now.")
    path = data_copy / "es" / "questions.toml"
    spanish_old = english_text(path, "red_flags", "bladder-bowel", "reason")
    replace_once(path, spanish_old, spanish_old + " Llame ahora.")
    before = path.read_text(encoding="utf-8")

    assert tool(data_copy, "stamp", "es", "bladder-bowel") == 0
    assert capsys.readouterr().out == "Stamped 1 item.\n"
    after = path.read_text(encoding="utf-8")
    changed = [line for line in difflib.ndiff(before.splitlines(), after.splitlines())
               if line[:1] in "+-"]
    assert len(changed) == 2 and changed[0].startswith('- english = "')
    assert changed[1].startswith('+ english = "') and changed[0] != changed[1]
    assert before.count("#") == after.count("#")  # its comments stay

    english = load_content(data_copy)
    assert stale_items(english, data_copy, "es") == []
    shown = next(r for r in translate(english, data_copy, "es").red_flags
                 if r.id == "bladder-bowel")
    assert shown.reason == spanish_old + " Llame ahora."


def test_a_changed_question_is_stale_alone_and_is_stamped_by_name(
        data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = tomllib.loads((data_copy / "questions.toml").read_text(encoding="utf-8"))
    replace_once(data_copy / "questions.toml", raw["questions"]["pain"],
                 "How much does it hurt now? 0 is none, 10 the worst you can imagine")
    english = load_content(data_copy)
    assert [s.key for s in stale_items(english, data_copy, "es")] == ["questions.pain"]
    spanish = translate(english, data_copy, "es")
    assert spanish.questions.pain == english.questions.pain
    assert spanish.questions.onset != english.questions.onset
    assert marked(review_page(data_copy)) == ["questions.pain"]

    assert tool(data_copy, "stamp", "es", "no-such-item") == 2
    assert "'no-such-item' is not an item" in capsys.readouterr().err
    before = (data_copy / "es" / "questions.toml").read_text(encoding="utf-8")
    assert tool(data_copy, "stamp", "es", "pain") == 0
    after = (data_copy / "es" / "questions.toml").read_text(encoding="utf-8")
    changed = [line for line in difflib.ndiff(before.splitlines(), after.splitlines())
               if line[:1] in "+-"]
    assert [line[:17] for line in changed] == ['- english.pain = ', '+ english.pain = ']
    assert stale_items(english, data_copy, "es") == []


def test_an_item_that_does_not_say_what_it_was_translated_from_is_stale(
        data_copy: Path) -> None:
    path = data_copy / "es" / "advice.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index('id = "level-emergency"')
    stamp = re.compile(r'english = "[0-9a-f]+"\n').search(text, start)
    assert stamp is not None
    path.write_text(text[:stamp.start()] + text[stamp.end():], encoding="utf-8")
    english = load_content(data_copy)
    [stale] = stale_items(english, data_copy, "es")
    assert stale.describe() == ("es/advice.toml: levels item 'level-emergency': does not say "
                                "what English it was translated from")
    level = next(v for v in translate(english, data_copy, "es").levels
                 if v.id == "level-emergency")
    assert level.action == next(v for v in english.levels if v.id == "level-emergency").action


def test_the_review_records_what_was_reviewed_and_a_changed_item_shows_unreviewed(
        data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    about = data_copy / "es" / "translation.toml"
    comments = [line for line in about.read_text(encoding="utf-8").splitlines()
                if line.startswith("#")]
    assert tool(data_copy, "reviewed", "es", REVIEWER, "2026-12-01") == 0
    assert "by Dr. Ana Ruiz, DPT on 2026-12-01" in capsys.readouterr().out
    assert [line for line in about.read_text(encoding="utf-8").splitlines()
            if line.startswith("#")] == comments
    page = review_page(data_copy)
    assert status(page) == f"Reviewed by {REVIEWER} on 2026-12-01."
    assert marked(page) == []

    spanish = data_copy / "es" / "advice.toml"  # a new Spanish word, the English unchanged
    old = english_text(spanish, "cautions", "broken-skin", "text")
    replace_once(spanish, old, old + " Pregunte a su médico.")
    page = review_page(data_copy)
    assert marked(page) == ["broken-skin"]
    assert CHANGED in row(page, "broken-skin")
    assert STALE not in page
    assert status(page) == (f"Reviewed by {REVIEWER} on 2026-12-01, but 1 item has changed "
                            "since: it is marked below and needs a new review.")

    old = english_text(data_copy / "advice.toml", "levels", "level-emergency", "action")
    replace_once(data_copy / "advice.toml", old, old + " Unlock your door.")
    page = review_page(data_copy)
    assert marked(page) == ["level-emergency", "broken-skin"]
    assert STALE in row(page, "level-emergency") and CHANGED in row(page, "level-emergency")
    assert tool(data_copy, "reviewed", "es", REVIEWER, "2026-12-02") == 2
    assert "1 item is not translated from today's English" in capsys.readouterr().err


def test_a_review_needs_a_date_written_yyyy_mm_dd(
        data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (data_copy / "es" / "translation.toml").read_bytes()
    assert tool(data_copy, "reviewed", "es", REVIEWER, "1/12/2026") == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
    assert (data_copy / "es" / "translation.toml").read_bytes() == before


def test_the_tool_runs_as_a_module(data_copy: Path) -> None:
    old = english_text(data_copy / "advice.toml", "levels", "level-emergency", "action")
    replace_once(data_copy / "advice.toml", old, old + " Unlock your door.")
    run = subprocess.run([sys.executable, "-m", "backcare.stamping", "--data",
                          str(data_copy), "stale", "es"], capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 1, run.stderr
    assert run.stdout == ("es/advice.toml: levels item 'level-emergency': the English has "
                          "changed since it was translated\n")
    usage = subprocess.run([sys.executable, "-m", "backcare.stamping"],
                           capture_output=True, text=True, timeout=60)
    assert usage.returncode == 2 and usage.stderr.startswith("usage:")
