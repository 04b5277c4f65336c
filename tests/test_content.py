"""Content as data: the shipped data/ loads and validates, and broken content is named.

Broken content is a real damaged copy of data/ under tmp_path, never a mock.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import backcare as backcare_package
from backcare import Answers, assess
from backcare.content import Content
from backcare.errors import ContentError
from backcare.loader import load_content
from backcare.paths import data_dir

NOW_ISO = "2026-03-08T09:30:00-05:00"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A fresh copy of the shipped data/ folder to damage."""
    target = tmp_path / "data"
    shutil.copytree(data_dir(), target)
    return target


def replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def block(path: Path, item_id: str) -> str:
    """The text of the TOML table whose `id` is item_id, up to the next table."""
    text = path.read_text(encoding="utf-8")
    match = re.search(rf'\[\[\w+\]\]\nid = "{re.escape(item_id)}"\n.*?(?=\n\[|\Z)', text, re.S)
    assert match, f"no item {item_id} in {path.name}"
    return match.group(0)


def load_error(folder: Path, clinic: Path | None = None) -> str:
    with pytest.raises(ContentError) as err:
        load_content(folder, clinic)
    return err.value.message


# ------------------------------------------------------------ shipped content


def test_shipped_content_loads_and_validates() -> None:
    content = load_content()
    assert content.red_flags and content.symptoms and content.triggers and content.conditions
    assert content.advice and content.cautions and content.sources
    assert {t.id for t in content.tiers} >= {"conservative", "recovery", "advanced"}


def sourced_items(content: Content) -> list[tuple[str, str, str]]:
    items: list[tuple[str, str, str]] = []
    for kind in ("red_flags", "symptoms", "triggers", "conditions", "levels", "advice",
                 "cautions", "phases", "rules"):
        items += [(kind, item.id, item.source) for item in getattr(content, kind)]
    items.append(("window", content.window.id, content.window.source))
    items.append(("clinic", "clinic", content.clinic.source))
    return items


def test_every_item_names_a_source_that_exists() -> None:
    content = load_content()
    known = {s.id for s in content.sources}
    missing = [(kind, item_id, src) for kind, item_id, src in sourced_items(content)
               if src not in known]
    assert missing == []
    # and the sources are real entries a reader can look up
    assert all(s.title and s.publisher for s in content.sources)


def test_ids_are_unique_within_each_kind() -> None:
    content = load_content()
    for kind in ("red_flags", "symptoms", "triggers", "conditions", "advice", "cautions",
                 "sources"):
        ids = [item.id for item in getattr(content, kind)]
        assert len(ids) == len(set(ids)), kind


def test_every_when_names_real_answers() -> None:
    content = load_content()
    valid = {"symptoms": {s.id for s in content.symptoms},
             "triggers": {t.id for t in content.triggers},
             "conditions": {c.id for c in content.conditions}}
    for item in [*content.advice, *content.cautions]:
        for field, ids in valid.items():
            assert set(getattr(item.when, field)) <= ids, (item.id, field)


def test_every_condition_changes_what_is_shown() -> None:
    """The questions file promises each condition changes the cautions or the advice."""
    from datetime import UTC, datetime

    from backcare import Answers, assess

    content = load_content()
    now = datetime(2026, 3, 8, tzinfo=UTC)

    def shown(conditions: list[str]) -> tuple[set[str], set[str]]:
        result = assess(Answers(red_flags=[], conditions=conditions), now, content)
        return ({i.id for g in result.advice for i in g.items},
                {c.id for c in result.cautions})

    plain = shown([])
    together = {c for r in content.rules if r.when for c in r.when.all.conditions}
    for condition in content.conditions:
        if condition.id in together:  # acts with other answers: at 70 or over, with a fall
            rule = next(r for r in content.rules
                        if r.when and condition.id in r.when.all.conditions)
            assert rule.when is not None
            others = {"red_flags": rule.when.all.red_flags, "triggers": rule.when.all.triggers}
            both = assess(Answers(**others, conditions=rule.when.all.conditions), now, content)
            alone = assess(Answers(**others), now, content)
            assert rule.id in {r.id for r in both.triage.reasons}, condition.id
            assert rule.id not in {r.id for r in alone.triage.reasons}, condition.id
            continue
        assert shown([condition.id]) != plain, condition.id


def test_emergency_number_is_911_and_the_clinic_has_a_phone() -> None:
    clinic = load_content().clinic
    assert clinic.emergency_number == "911"
    assert any(ch.isdigit() for ch in clinic.phone)


# ------------------------------------------------------------- broken copies


def test_an_untouched_copy_loads(data_copy: Path) -> None:
    assert load_content(data_copy) == load_content()


def test_bad_toml_names_the_file_and_the_line(data_copy: Path) -> None:
    path = data_copy / "advice.toml"
    replace_once(path, 'id = "lifting"', 'id = "lifting')
    message = load_error(data_copy)
    assert "advice.toml" in message
    assert "TOML" in message
    assert "line" in message


@pytest.mark.parametrize(
    ("file", "item_id", "kind"),
    [
        ("questions.toml", "fever", "red_flags"),
        ("questions.toml", "heavy-lifting", "triggers"),
        ("advice.toml", "hydration", "advice"),
        ("advice.toml", "numb-skin", "cautions"),
        ("window.toml", "phase-heat", "phases"),
    ],
)
def test_unknown_source_names_file_item_and_source(
    data_copy: Path, file: str, item_id: str, kind: str
) -> None:
    path = data_copy / file
    old = block(path, item_id)
    new = re.sub(r'source = "[^"]+"', 'source = "no-such-source"', old, count=1)
    replace_once(path, old, new)
    message = load_error(data_copy)
    assert file in message
    assert item_id in message
    assert "no-such-source" in message
    assert "source" in message


@pytest.mark.parametrize(
    ("file", "item_id", "field"),
    [
        ("questions.toml", "chest-pain", "label"),
        ("questions.toml", "fever", "reason"),
        ("advice.toml", "cold-then-heat", "text"),
        ("advice.toml", "skin-protection", "text"),
        ("questions.toml", "leg-radiation", "reason"),
    ],
)
def test_missing_field_names_file_item_and_field(
    data_copy: Path, file: str, item_id: str, field: str
) -> None:
    path = data_copy / file
    old = block(path, item_id)
    new = re.sub(rf"\n{field} = [^\n]+", "", old, count=1)
    assert new != old
    replace_once(path, old, new)
    message = load_error(data_copy)
    assert file in message
    assert item_id in message
    assert field in message


def test_unknown_when_key_is_named(data_copy: Path) -> None:
    path = data_copy / "advice.toml"
    replace_once(path, 'when = { triggers = ["dehydration"] }',
                 'when = { triggers = ["dehydratoin"] }')
    message = load_error(data_copy)
    assert "advice.toml" in message
    assert "hydration" in message
    assert "dehydratoin" in message


def test_missing_file_is_named(data_copy: Path) -> None:
    (data_copy / "window.toml").unlink()
    message = load_error(data_copy)
    assert "window.toml" in message


def test_window_hours_out_of_order_are_refused(data_copy: Path) -> None:
    replace_once(data_copy / "window.toml", "heat_from_hours = 48", "heat_from_hours = 12")
    message = load_error(data_copy)
    assert "window.toml" in message
    assert "heat_from_hours" in message


def test_bad_clinic_file_is_named(tmp_path: Path) -> None:
    clinic = tmp_path / "my-clinic.toml"
    clinic.write_text('[clinic]\nname = "Back Clinic"\nemergency_number = "911"\n'
                      'contact = "Call {clinic_phone}"\n', encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_content(clinic_file=clinic)
    assert "my-clinic.toml" in err.value.message
    assert "phone" in err.value.message


# --------------------------------------------------- editing data changes output


def test_a_clinic_can_add_an_item_by_editing_data(data_copy: Path) -> None:
    with (data_copy / "advice.toml").open("a", encoding="utf-8") as fh:
        fh.write('\n[[advice]]\nid = "warm-bath"\ntier = "recovery"\ntitle = "A warm bath"\n'
                 'text = "A warm bath can ease tight muscles."\nsource = "clinic-page"\n')
    replace_once(data_copy / "questions.toml",
                 'label = "Lifting something heavy"', 'label = "Lifting a heavy load"')
    content = load_content(data_copy)
    assert next(t.label for t in content.triggers if t.id == "heavy-lifting") == (
        "Lifting a heavy load")
    from datetime import UTC, datetime

    result = assess(Answers(red_flags=[]), datetime(2026, 3, 8, tzinfo=UTC), content)
    recovery = next(g for g in result.advice if g.tier == "recovery")
    assert "warm-bath" in [i.id for i in recovery.items]


# ------------------------------------------------------------------ the CLI


@pytest.fixture
def broken_clinic(tmp_path: Path) -> Path:
    path = tmp_path / "broken-clinic.toml"
    path.write_text('[clinic]\nname = "Back Clinic"\nphone = \n', encoding="utf-8")
    return path


SCRIPTED = ("check", "--no-input", "--no-red-flags")


def test_cli_broken_clinic_exits_1_naming_the_file(
    cli: Callable[..., Any], broken_clinic: Path
) -> None:
    result = cli(*SCRIPTED, "--clinic", str(broken_clinic))
    assert result.exit_code == 1
    assert "broken-clinic.toml" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_cli_clinic_missing_field_exits_1_naming_file_and_field(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    path = tmp_path / "clinic.toml"
    path.write_text('[clinic]\nname = "Back Clinic"\nphone = "555-0100"\n'
                    'contact = "Call {clinic_phone}"\n', encoding="utf-8")
    result = cli(*SCRIPTED, "--json", "--clinic", str(path))
    assert result.exit_code == 1
    assert str(path) in result.stderr
    assert "emergency_number" in result.stderr
    assert result.stdout == ""


def test_real_program_broken_clinic_exits_1_without_traceback(
    run_backcare: Callable[..., Any], broken_clinic: Path
) -> None:
    proc = run_backcare(*SCRIPTED, "--clinic", str(broken_clinic))
    assert proc.returncode == 1
    assert "broken-clinic.toml" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) <= 3


def test_broken_clinic_in_backcare_home_is_named(
    cli: Callable[..., Any], backcare_home: Path
) -> None:
    backcare_home.mkdir(parents=True, exist_ok=True)
    (backcare_home / "clinic.toml").write_text("[clinic\n", encoding="utf-8")
    result = cli(*SCRIPTED)
    assert result.exit_code == 1
    assert "clinic.toml" in result.stderr
    assert str(backcare_home) in result.stderr


def test_a_clinic_file_changes_the_numbers_shown(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    path = tmp_path / "clinic.toml"
    path.write_text('[clinic]\nname = "Harbour Spine"\nphone = "555-0199"\n'
                    'emergency_number = "112"\ncontact = "Ring {clinic_name} on {clinic_phone}"\n',
                    encoding="utf-8")
    result = cli("check", "--no-input", "--red-flag", "chest-pain", "--clinic", str(path))
    assert result.exit_code == 0
    assert "112" in result.stdout
    assert "911" not in result.stdout
    assert "Call 112 first. Afterwards, Harbour Spine can follow up with you: 555-0199" in \
        " ".join(result.stdout.split())
    self_care = cli("check", "--no-input", "--no-red-flags", "--clinic", str(path))
    assert "Ring Harbour Spine on 555-0199" in self_care.stdout


def test_content_is_validated_once_per_change_of_its_files(tmp_path, monkeypatch) -> None:
    """A copy of the validated content is cached, keyed by the files' bytes: a clinic's edit
    to its profile is picked up at once."""
    from backcare.loader import shipped_content
    from tests.helpers import OTHER_CLINIC

    cache = tmp_path / "cache"
    monkeypatch.setenv("BACKCARE_CACHE", str(cache))
    first = shipped_content()
    assert len(list(cache.glob("content-*.msgpack"))) == 1
    shipped_content.cache_clear()
    assert shipped_content() == first  # read back from the cache
    profile = tmp_path / "clinic.toml"
    profile.write_text(OTHER_CLINIC, encoding="utf-8")
    assert shipped_content(profile).clinic.name == "Riverside Spine Clinic"
    profile.write_text(OTHER_CLINIC.replace("Riverside", "Lakeside"), encoding="utf-8")
    shipped_content.cache_clear()
    assert shipped_content(profile).clinic.name == "Lakeside Spine Clinic"
    for stale in cache.glob("content-*.msgpack"):
        stale.write_bytes(b"not a copy of the content")
    shipped_content.cache_clear()
    assert shipped_content() == first  # a damaged copy is only a slower run


def test_a_missing_content_folder_says_reinstall_in_any_language(tmp_path: Path) -> None:
    """Without data/, every run names the folder and says to reinstall, with the emergency
    line; asking for Spanish does not turn that into an unknown language."""
    shutil.copytree(Path(backcare_package.__file__).parent, tmp_path / "backcare",
                    ignore=shutil.ignore_patterns("__pycache__", "data"))
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "BACKCARE_HOME": str(tmp_path / "h"),
           "PYTHONDONTWRITEBYTECODE": "1"}
    for args in (["status"], ["--lang", "es", "status"],
                 ["check", "--no-input", "--no-red-flags"]):
        done = subprocess.run([sys.executable, "-m", "backcare", *args], cwd=tmp_path,
                              env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 1, (args, done.stderr)
        assert "the content folder is missing; reinstall backcare" in done.stderr
        assert "emergency number" in done.stderr
