"""Choosing the language, its dates and numbers, and the translation's loader.

The loader must refuse a translation that does not match the English item for item, so
that no answer set can be routed or advised differently in another language."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from backcare import language
from backcare.errors import ContentError
from backcare.loader import load_content
from backcare.paths import data_dir
from backcare.translation import TRANSLATED_FIELDS, translate
from tests.test_content import data_copy, replace_once

__all__ = ["data_copy"]  # the shared fixture: a copy of data/ to damage

LANGS = ("en", "es")


def chosen(flag: str | None = None, **env: str) -> tuple[str, str, bool]:
    return tuple(language.choose(flag, env, lambda: LANGS))  # type: ignore[return-value]


@pytest.mark.parametrize("value", ["es_MX.UTF-8", "es_US.UTF-8", "es", "es_ES@euro", "es-MX"])
def test_spanish_locales_all_mean_spanish(value: str) -> None:
    assert chosen(LANG=value)[0] == "es"
    assert chosen(LC_MESSAGES=value)[0] == "es"
    assert chosen(LC_ALL=value)[0] == "es"


def test_the_order_is_flag_then_backcare_lang_then_lc_all_lc_messages_lang() -> None:
    env = {"BACKCARE_LANG": "es", "LC_ALL": "en_US.UTF-8", "LANG": "es_MX.UTF-8"}
    assert chosen("en", **env)[0] == "en"
    assert chosen(None, **env)[0] == "es"
    assert chosen(None, LC_ALL="en_US.UTF-8", LC_MESSAGES="es_MX", LANG="es_MX")[0] == "en"
    assert chosen(None, LC_MESSAGES="es_MX", LANG="en_US")[0] == "es"
    assert chosen(None, LANG="es_US.UTF-8")[0] == "es"


def test_english_is_the_default_and_a_locale_backcare_lacks_means_english() -> None:
    assert chosen() == ("en", "en", False)
    assert chosen(LANG="fr_FR.UTF-8")[0] == "en"
    assert chosen(LANG="C.UTF-8")[0] == "en"
    assert chosen(LC_ALL="POSIX", LANG="es_MX")[0] == "en"  # the first one set decides


def test_a_language_asked_for_by_name_must_exist() -> None:
    with pytest.raises(language.UnknownLanguage):
        chosen("fr")
    with pytest.raises(language.UnknownLanguage):
        chosen(None, BACKCARE_LANG="klingon")


def test_spanish_writes_a_decimal_point_unless_the_locale_says_a_comma() -> None:
    """The translation names its readers' region (es_US, as in Texas); a person's own
    Spanish locale wins."""
    assert chosen("es")[1] == "es_US"
    assert chosen(None, LANG="es_ES.UTF-8")[1] == "es_ES"
    assert chosen("es", LANG="es_MX.UTF-8")[1] == "es_MX"
    assert chosen("es", LANG="en_US.UTF-8")[1] == "es_US"


@pytest.fixture
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.mark.usefixtures("utc")
def test_dates_and_numbers_follow_the_locale_of_the_language() -> None:
    moment = datetime(2026, 11, 27, 20, 0, tzinfo=UTC)
    language.use(language.LanguageChoice("es", "es_US", True))
    assert language.shown_time(moment) == "viernes 27 de noviembre 20:00"
    assert language.number(4.5) == "4.5"
    language.use(language.LanguageChoice("es", "es_ES", True))
    assert language.number(4.5) == "4,5"
    assert language.shown_time(moment) == "viernes 27 de noviembre 20:00"
    language.use(language.LanguageChoice("en", "en", False))
    assert language.shown_time(moment) == "Fri 27 Nov 20:00"
    assert language.number(4.5) == "4.5"


def test_spanish_is_available_with_its_catalog() -> None:
    assert language.available() == ("en", "es")


# ------------------------------------------------------------------------- CLI


def test_an_unknown_language_is_exit_2_listing_those_available(cli) -> None:
    for args, env in ((["status", "--lang", "fr"], None), (["status"], {"BACKCARE_LANG": "de"})):
        result = cli(*args, env=env)
        assert result.exit_code == 2
        assert "available: en, es" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_an_empty_lang_is_exit_2(cli) -> None:
    result = cli("status", "--lang=")
    assert result.exit_code == 2 and "available: en, es" in result.stderr


def test_lang_is_accepted_before_or_after_the_command(cli) -> None:
    for args in (["--lang", "es", "status"], ["status", "--lang=es"], ["status", "--lang", "es"]):
        result = cli(*args)
        assert result.exit_code == 0, result.stderr
        assert "episodio" in result.stdout.lower()


# --------------------------------------------------------------- the loader


def refused(folder: Path) -> str:
    content = load_content(folder)
    with pytest.raises(ContentError) as caught:
        translate(content, folder, "es")
    return caught.value.message


def test_the_shipped_translation_loads_with_the_same_structure() -> None:
    english = load_content()
    spanish = translate(english, data_dir(), "es")
    for section in TRANSLATED_FIELDS:
        for en, es in zip(getattr(english, section), getattr(spanish, section), strict=True):
            assert en.id == es.id
            for field in en.__struct_fields__:
                if field not in TRANSLATED_FIELDS[section]:
                    assert getattr(en, field) == getattr(es, field), (section, en.id, field)
    assert spanish.questions != english.questions


def test_a_translation_missing_an_item_is_refused(data_copy: Path) -> None:
    path = data_copy / "es" / "questions.toml"
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    first = raw["red_flags"][0]["id"]
    replace_once(path, f'id = "{first}"', 'id = "not-a-red-flag"')
    problem = refused(data_copy)
    assert "questions.toml" in problem and first in problem and "not-a-red-flag" in problem


def test_a_translation_that_loses_a_placeholder_is_refused(data_copy: Path) -> None:
    path = data_copy / "es" / "advice.toml"
    text = path.read_text(encoding="utf-8")
    replace_once(path, "{emergency_number}", "911")
    assert "{emergency_number}" in text
    problem = refused(data_copy)
    assert "{emergency_number}" in problem and "advice.toml" in problem


def test_a_translation_cannot_change_a_level_or_a_rule(data_copy: Path) -> None:
    path = data_copy / "es" / "questions.toml"
    replace_once(path, 'label = "', 'level = "urgent"\nlabel = "')
    assert "'level' has no English to translate" in refused(data_copy)


def test_an_untranslated_field_is_refused(data_copy: Path) -> None:
    path = data_copy / "es" / "window.toml"
    text = path.read_text(encoding="utf-8")
    start = text.index("[[messages]]")
    end = text.index("\n", text.index("text = ", start))
    path.write_text(text[:text.index("text = ", start)] + text[end + 1:], encoding="utf-8")
    assert "is not translated" in refused(data_copy)


def test_spanish_numbers_cannot_be_misread_as_decimals() -> None:
    """Spanish writes a decimal comma in some countries and a thousands comma in others:
    "4,000 mg" could read as four milligrams. Large numbers are written without a separator
    (4000 mg), as the RAE recommends."""
    ambiguous = re.compile(r"\d[,.]\d{3}(?!\d)")
    for path in sorted((data_dir() / "es").rglob("*.toml")):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert not ambiguous.search(line), f"{path.name}: {line}"
