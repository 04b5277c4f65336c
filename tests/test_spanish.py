"""backcare in Spanish: the same safety in every language, and no English left behind.

Every level, reason, advice item, caution and safety-net line is chosen from the same
English structure; a translation changes only the words. These tests compare the two
languages for every single answer, for generated answer sets, and through the CLI."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backcare import Answers, assess, language
from backcare.content import Content
from backcare.loader import load_content
from backcare.paths import data_dir
from backcare.translation import TRANSLATED_FIELDS, translate
from tests.helpers import iso

ENGLISH: Content = load_content()
SPANISH: Content = translate(ENGLISH, data_dir(), "es")
NOW = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)
GOLDEN = Path(__file__).parent / "golden" / "es"
TEXT_FIELDS = {field for fields in TRANSLATED_FIELDS.values() for field in fields} | {
    "banner", "action", "contact", "title", "text", "notes"}
"""The words: everything else in a result (ids, levels, sources, tiers, phases, times,
`because`, which names answers by id) must be the same in both languages."""


def skeleton(value: Any) -> Any:
    """A result without its words."""
    if isinstance(value, dict):
        return {k: skeleton(v) for k, v in value.items() if k not in TEXT_FIELDS}
    if isinstance(value, list):
        return [skeleton(v) for v in value]
    return value


def both(answers: Answers, now: datetime = NOW) -> tuple[Any, Any]:
    english = msgspec.to_builtins(assess(answers, now, ENGLISH))
    spanish = msgspec.to_builtins(assess(answers, now, SPANISH))
    return english, spanish


def single_answers() -> list[Answers]:
    """The triage table: every answer on its own, each pain score, each time since onset."""
    cases = [Answers(red_flags=[r.id]) for r in ENGLISH.red_flags]
    cases += [Answers(red_flags=[], symptoms=[s.id]) for s in ENGLISH.symptoms]
    cases += [Answers(red_flags=[], triggers=[t.id]) for t in ENGLISH.triggers]
    cases += [Answers(red_flags=[], conditions=[c.id]) for c in ENGLISH.conditions]
    cases += [Answers(red_flags=[], pain=p) for p in range(11)]
    cases += [Answers(red_flags=[], onset=NOW - timedelta(hours=h))
              for h in (1, 12, 30, 47, 60, 24 * 20)]
    cases += [Answers(red_flags=[], onset_range=o.id) for o in ENGLISH.onsets]
    cases += [Answers(red_flags=[], age=age) for age in (4, 15, 17, 18, 64, 65, 70, 95)]
    return cases


@pytest.mark.parametrize("answers", single_answers(), ids=lambda a: json.dumps(
    msgspec.to_builtins(a), sort_keys=True))
def test_every_single_answer_gives_the_same_result_but_the_words(answers: Answers) -> None:
    english, spanish = both(answers)
    assert skeleton(english) == skeleton(spanish)
    assert english["triage"]["banner"] != spanish["triage"]["banner"]


answer_sets = st.builds(
    Answers,
    red_flags=st.lists(st.sampled_from([r.id for r in ENGLISH.red_flags]), unique=True,
                       max_size=3),
    symptoms=st.lists(st.sampled_from([s.id for s in ENGLISH.symptoms]), unique=True),
    triggers=st.lists(st.sampled_from([t.id for t in ENGLISH.triggers]), unique=True).filter(
        lambda ts: "unknown" not in ts or len(ts) == 1),  # "Not sure" goes alone
    conditions=st.lists(st.sampled_from([c.id for c in ENGLISH.conditions]), unique=True),
    pain=st.one_of(st.none(), st.integers(0, 10)),
    onset=st.one_of(st.none(), st.integers(0, 24 * 30).map(
        lambda h: NOW - timedelta(hours=h))),
    age=st.one_of(st.none(), st.integers(0, 120)),
).filter(lambda a: ENGLISH.age_range(a.conditions) is not None and (a.age is None or all(
    c.fits(a.age) for c in ENGLISH.conditions if c.by_age and c.id in a.conditions)))


@settings(max_examples=200, deadline=None)
@given(answers=answer_sets)
def test_any_answer_set_gives_the_same_result_but_the_words(answers: Answers) -> None:
    english, spanish = both(answers)
    assert skeleton(english) == skeleton(spanish)


# ----------------------------------------------------------------------- the CLI

SELF_CARE = ("check", "--no-input", "--no-red-flags", "--symptom", "spasm", "--trigger",
             "heavy-lifting", "--pain", "6", "--onset", iso(NOW - timedelta(hours=3)))
EMERGENCY = ("check", "--no-input", "--red-flag", "saddle-numbness", "--red-flag",
             "bladder-bowel")
ENV = {"BACKCARE_NOW": iso(NOW), "COLUMNS": "80", "TZ": "UTC"}


def run(cli: Callable[..., Any], *args: str, lang: str = "en") -> Any:
    result = cli(*args, "--lang", lang, env=ENV)
    assert result.exit_code in (0, 10, 11, 12), (args, result.stdout, result.stderr)
    return result


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Any:
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
    language.use(language.LanguageChoice("en", "en", False))


def test_json_keys_ids_and_levels_are_the_same_and_lang_says_which(cli) -> None:
    for args in (SELF_CARE, EMERGENCY):
        english = json.loads(run(cli, *args, "--json").stdout)
        spanish = json.loads(run(cli, *args, "--json", lang="es").stdout)
        assert (english["lang"], spanish["lang"]) == ("en", "es")
        assert english["schema"] == spanish["schema"] == "backcare.check/1"
        english.pop("lang")
        spanish.pop("lang")
        assert skeleton(english) == skeleton(spanish)


def test_exit_codes_are_the_same_in_both_languages(cli) -> None:
    for args in (SELF_CARE, EMERGENCY):
        codes = {cli(*args, "--exit-code", "--lang", lang, env=ENV).exit_code
                 for lang in ("en", "es")}
        assert len(codes) == 1


# ---------------------------------------------------------------- no English left

ENGLISH_WORDS = re.compile(
    r"\b(yes|the|you|your|and|with|when|what|this|that|have|not|for|after|before|now|hours?|"
    r"minutes?|pain|call|ice|heat|see|doctor|episode|check|warning|signs?|today)\b",
    re.IGNORECASE)
ALLOWED = [
    ENGLISH.clinic.name,
    *(f"{s.publisher}: {s.title}" for s in ENGLISH.sources),
    *(s.title for s in ENGLISH.sources),
    *(s.publisher for s in ENGLISH.sources),
]
COMMAND = re.compile(r"(backcare|--)[\w\-]*( [\w\-.|=':/]+)*")


def english_left(text: str) -> list[str]:
    """Lines of Spanish output that still hold English words: a clinic's name, a source's
    title and what a person types (commands, options, ids) aside."""
    for allowed in sorted(ALLOWED, key=len, reverse=True):
        text = text.replace(allowed, "")
    found = []
    for line in text.splitlines():
        if line.startswith("PRODID:"):  # the calendar program's, never shown
            continue
        bare = COMMAND.sub("", line).replace("ice|heat", "")
        bare = re.sub(r"https?://\S+|`[^`]*`|'[^']*'|\b[a-z0-9]+(-[a-z0-9]+)+\b", "", bare)
        if ENGLISH_WORDS.search(bare):
            found.append(line.strip())
    return found


def spanish_outputs(cli: Callable[..., Any], tmp_path: Path) -> dict[str, str]:
    onset = NOW - timedelta(hours=30)
    env = {**ENV, "BACKCARE_NOW": iso(onset + timedelta(hours=1))}
    assert cli("start", "--at", iso(onset), env=env).exit_code == 0
    assert cli("check", "--no-input", "--save", "--no-red-flags", "--symptom", "spasm",
               "--condition", "diabetes", "--pain", "6", env=env).exit_code == 0
    for hours, args in ((2, ("apply", "ice", "--no-timer", "--yes")), (4, ("pain", "5")),
                        (29, ("apply", "heat", "--no-timer", "--minutes", "15", "--yes"))):
        moment = iso(onset + timedelta(hours=hours))
        assert cli(*args, env={**ENV, "BACKCARE_NOW": moment}).exit_code == 0
    out = {name: run(cli, *args, lang="es").stdout for name, args in {
        "self-care": SELF_CARE, "emergency": EMERGENCY, "status": ("status",),
        "history": ("history",), "plan": ("plan",), "report": ("report",),
        "report html": ("report", "--format", "html"),
        "urgent": ("check", "--no-input", "--red-flag", "fever"),
        "soon": ("check", "--no-input", "--no-red-flags", "--symptom", "leg-radiation"),
        "demos": ("demo", "--list"),
        "demo": ("demo", "lifting-day-1"),
        "demo emergency": ("demo", "cauda-equina"),
    }.items()}
    ics = tmp_path / "reminders.ics"
    run(cli, "plan", "--ics", str(ics), lang="es")
    out["reminders"] = ics.read_text(encoding="utf-8")
    return out


def test_no_english_sentence_is_left_in_the_spanish_output(cli, tmp_path: Path) -> None:
    for name, text in spanish_outputs(cli, tmp_path).items():
        assert text.strip(), name
        assert english_left(text) == [], name


def test_the_html_handout_says_its_language(cli, tmp_path: Path) -> None:
    page = tmp_path / "handout.html"
    run(cli, *SELF_CARE, "--output", str(page), lang="es")
    assert '<html lang="es">' in page.read_text(encoding="utf-8")
    missing = cli("report", "--lang", "es", env=ENV)  # no episode yet: said in Spanish
    assert missing.exit_code == 2
    assert english_left(missing.stderr) == [], missing.stderr


def test_every_commands_help_is_in_spanish(run_backcare) -> None:
    from backcare.cli import COMMANDS, GROUPS

    every = [*COMMANDS, *(f"{g} {c}" for g, commands in GROUPS.items() for c in commands)]
    for command in (None, *every):
        args = ["--help"] if command is None else [*command.split(), "--help"]
        result = run_backcare(*args, env={"BACKCARE_LANG": "es", "COLUMNS": "100"})
        assert result.returncode == 0, result.stderr
        text = re.sub(r"^\s*(--?[\w-]+|[a-z]+ {2,}|Ejemplos:.*$)", "", result.stdout,
                      flags=re.MULTILINE)
        assert english_left(text) == [], command
        assert "Uso:" in result.stdout and "Mostrar este mensaje y salir." in result.stdout


@pytest.mark.parametrize("args", [("pain", "eleven"), ("pain",), ("apply",), ("pain", "3", "4"),
                                  ("status", "--bogus"), ("check", "--no-input", "--pain", "x"),
                                  ("pain", "3", "--note"), ("statuss",)])
def test_usage_errors_are_in_spanish(cli, args: tuple[str, ...]) -> None:
    result = cli("--lang", "es", *args, env=ENV)
    assert result.exit_code == 2
    assert result.stderr.startswith("backcare: ") and result.stderr.count("\n") == 1
    assert english_left(result.stderr.replace("statuss", "")) == [], result.stderr


def test_explain_says_why_in_spanish_keeping_the_ids(cli) -> None:
    args = ("check", "--no-input", "--no-red-flags", "--symptom", "leg-radiation",
            "--condition", "diabetes", "--pain", "8", "--explain", "--lang", "es")
    shown = cli(*args, env={**ENV, "COLUMNS": "400"}).stdout
    assert "síntoma: leg-radiation" in shown and "dolor 8/10" in shown
    assert "en lugar de" in shown
    assert english_left(shown) == []


def test_dates_in_spanish_screens_use_spanish_day_and_month_names(cli) -> None:
    onset = NOW - timedelta(hours=30)
    assert cli("start", "--at", iso(onset), env=ENV).exit_code == 0
    shown = run(cli, "history", lang="es").stdout
    assert "jueves 26 de noviembre 08:00" in shown  # the onset, in UTC


# -------------------------------------------------------------------- golden screens

CASES = {
    "emergency.txt": (EMERGENCY, "--plain"),
    "self-care.txt": (SELF_CARE, "--plain"),
}


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("BACKCARE_GOLDEN") == "write":
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), name


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_spanish_result_screens(cli, name: str) -> None:
    args, form = CASES[name]
    golden(name, run(cli, *args, form, lang="es").stdout)


def test_golden_spanish_status_handout_and_reminder(cli, tmp_path: Path) -> None:
    onset = NOW - timedelta(hours=30)
    early = {**ENV, "BACKCARE_NOW": iso(onset + timedelta(hours=1))}
    assert cli("start", "--at", iso(onset), env=early).exit_code == 0
    assert cli("check", "--no-input", "--save", "--no-red-flags", "--symptom", "spasm",
               "--pain", "6", env=early).exit_code == 0
    assert cli("apply", "ice", "--no-timer", "--yes",
               env={**ENV, "BACKCARE_NOW": iso(onset + timedelta(hours=2))}).exit_code == 0
    golden("status-hour-30.txt", run(cli, "status", "--plain", lang="es").stdout)
    golden("handout.md", run(cli, "report", lang="es").stdout)
    ics = tmp_path / "reminders.ics"
    run(cli, "plan", "--ics", str(ics), lang="es")
    text = ics.read_text(encoding="utf-8")
    golden("reminders.ics", re.sub(r"(?m)^(DTSTAMP|UID):.*\r?\n", "", text))
    assert text.count("BEGIN:VEVENT") >= 1


def test_the_clinic_profile_sets_the_demos_language_unless_told(cli, tmp_path: Path) -> None:
    profile = tmp_path / "clinic.toml"
    shipped = (data_dir() / "clinic.toml").read_text(encoding="utf-8")
    profile.write_text(shipped.replace('language = "en"', 'language = "es"'), encoding="utf-8")
    spanish = cli("demo", "cauda-equina", "--clinic", str(profile), env=ENV)
    assert spanish.exit_code == 0 and "LLAME AL 911" in spanish.stdout
    english = cli("demo", "cauda-equina", "--clinic", str(profile), "--lang", "en", env=ENV)
    assert english.exit_code == 0 and "CALL 911" in english.stdout
    french = tmp_path / "french.toml"
    french.write_text(shipped.replace('language = "en"', 'language = "fr"'), encoding="utf-8")
    broken = cli("demo", "--list", "--clinic", str(french), env=ENV)
    assert broken.exit_code == 1
    assert str(french) in broken.stderr and "available: en, es" in broken.stderr
