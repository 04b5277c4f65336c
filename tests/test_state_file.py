"""The state file: permissions, format, broken and newer files, migrations, atomic writes,
and notes shown literally. Real files under tmp_path; time from BACKCARE_NOW."""

from __future__ import annotations

import json
import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from backcare import state
from backcare.errors import FileProblem
from backcare.loader import shipped_content
from backcare.records import replace
from tests.helpers import rich_screen, spawn_backcare

NEXT = state.SCHEMA_VERSION + 1
"""A version after this one, for migrations the tests make up."""

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
NOW = {"BACKCARE_NOW": (T0 + timedelta(hours=5)).isoformat()}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def write_state(home: Path, data: Any) -> Path:
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = home / "state.json"
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


def v1_document(**extra: Any) -> dict[str, Any]:
    return {
        "schema_version": 1,
        "episodes": [{
            "id": 1,
            "onset": T0.isoformat(),
            "ended_at": None,
            "assessments": [],
            "applications": [],
            "pain": [{"at": (T0 + timedelta(hours=1)).isoformat(), "score": 6, "note": "kept"}],
        }],
        **extra,
    }


# where and how ---------------------------------------------------------------------------


def test_folder_is_created_0700_and_file_0600(cli, tmp_path, monkeypatch) -> None:
    home = tmp_path / "deeper" / "still" / "home"
    monkeypatch.setenv("BACKCARE_HOME", str(home))
    result = cli("start", env=NOW)
    assert result.exit_code == 0, result.stderr
    assert mode(home) == 0o700
    assert mode(home / "state.json") == 0o600
    assert mode(home / "state.json.lock") == 0o600
    # Still 0600 after another write replaced the file.
    assert cli("pain", "4", env=NOW).exit_code == 0
    assert mode(home / "state.json") == 0o600


def test_file_is_json_with_an_integer_schema_version(cli, backcare_home) -> None:
    assert cli("start", env=NOW).exit_code == 0
    assert cli("pain", "3", env=NOW).exit_code == 0
    data = json.loads((backcare_home / "state.json").read_text(encoding="utf-8"))
    assert type(data["schema_version"]) is int
    assert data["schema_version"] == state.SCHEMA_VERSION
    assert data["episodes"][0]["pain"][0]["score"] == 3
    assert datetime.fromisoformat(data["episodes"][0]["onset"]) == T0 + timedelta(hours=5)


def test_reading_commands_create_nothing(cli, backcare_home) -> None:
    for command in (["status"], ["status", "--json"], ["history"], ["history", "--json"]):
        assert cli(*command, env=NOW).exit_code == 0
    assert not backcare_home.exists()


# broken files ----------------------------------------------------------------------------

CORRUPT = {
    "not-json": b'{"schema_version": 1, "episodes": [',
    "empty": b"",
    "binary": b"\xff\xfe\x00garbage",
    "a-list": b"[1, 2, 3]",
    "no-schema-version": b'{"episodes": []}',
    "string-schema-version": b'{"schema_version": "1", "episodes": []}',
    "bool-schema-version": b'{"schema_version": true, "episodes": []}',
    "bad-onset": json.dumps({"schema_version": 1, "episodes": [
        {"id": 1, "onset": "last tuesday"}]}).encode(),
    "pain-out-of-range": json.dumps({"schema_version": 1, "episodes": [
        {"id": 1, "onset": T0.isoformat(),
         "pain": [{"at": T0.isoformat(), "score": 11, "note": ""}]}]}).encode(),
    "unknown-field": json.dumps(v1_document(surprise=True)).encode(),
}
COMMANDS = [
    ["status"], ["status", "--json"], ["pain", "5"], ["apply", "ice", "--no-timer"],
    ["history"], ["history", "--json"], ["start", "--new"], ["end", "--yes"],
]


@pytest.mark.parametrize("content", list(CORRUPT.values()), ids=list(CORRUPT))
@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_corrupt_file_exits_1_and_is_left_byte_for_byte(cli, backcare_home, content: bytes,
                                                        command: list[str]) -> None:
    backcare_home.mkdir(mode=0o700)
    path = backcare_home / "state.json"
    path.write_bytes(content)
    os.chmod(path, 0o600)
    before = sorted(p.name for p in backcare_home.iterdir())

    result = cli(*command, env=NOW)
    assert result.exit_code == 1, (result.stdout, result.stderr)
    assert str(path) in result.stderr
    assert "has not changed it" in result.stderr
    assert f"mv '{path}' '{path}.broken'" in result.stderr
    assert "Traceback" not in result.stderr
    assert "unexpected error" not in result.stderr
    assert result.stdout == ""
    assert path.read_bytes() == content
    after = sorted(p.name for p in backcare_home.iterdir() if p.name != "state.json.lock")
    assert after == before, "no temp file, backup or replacement was left"


def test_corrupt_file_in_a_real_process(run_backcare, backcare_home) -> None:
    content = CORRUPT["bad-onset"]
    path = write_state(backcare_home, {})
    path.write_bytes(content)
    for command in (["status"], ["pain", "5"], ["apply", "ice", "--no-timer"], ["history"]):
        proc = run_backcare(*command, env=NOW)
        assert proc.returncode == 1, proc.stderr
        assert proc.stderr.startswith(f"backcare: {path}: does not validate")
        assert "Traceback" not in proc.stderr
        assert path.read_bytes() == content


# a file from a newer backcare --------------------------------------------------------------


def newer_document() -> dict[str, Any]:
    doc = v1_document(future_feature={"anything": [1, 2]})
    doc["schema_version"] = state.SCHEMA_VERSION + 1
    doc["episodes"][0]["pain"][0]["mood"] = "a field of the newer version"  # at any depth
    return doc


def test_newer_file_can_be_read(cli, backcare_home) -> None:
    path = write_state(backcare_home, newer_document())
    original = path.read_bytes()

    status = cli("status", "--json", env=NOW)
    assert status.exit_code == 0, status.stderr
    assert "newer backcare" in status.stderr
    assert "Upgrade backcare" in status.stderr
    assert json.loads(status.stdout)["pain"]["latest"]["note"] == "kept"

    screen = cli("status", env=NOW)
    assert screen.exit_code == 0
    assert "newer backcare" in screen.stderr

    history = cli("history", "--json", env=NOW)
    assert history.exit_code == 0, history.stderr
    assert "newer backcare" in history.stderr
    assert json.loads(history.stdout)["episodes"][0]["pain"][0]["score"] == 6
    assert path.read_bytes() == original


@pytest.mark.parametrize("command", [["pain", "5"], ["apply", "ice", "--no-timer"],
                                     ["start", "--new"], ["end", "--yes"], ["undo", "--yes"]],
                         ids=["pain", "apply", "start", "end", "undo"])
def test_newer_file_is_read_only(cli, backcare_home, command: list[str]) -> None:
    path = write_state(backcare_home, newer_document())
    original = path.read_bytes()
    result = cli(*command, env=NOW)
    assert result.exit_code == 1, result.stderr
    assert str(path) in result.stderr
    assert "newer backcare" in result.stderr
    assert "Upgrade backcare" in result.stderr
    assert "Traceback" not in result.stderr
    assert "Warning" not in result.stderr  # refused before anything else is said
    assert path.read_bytes() == original


@pytest.mark.slow
def test_a_newer_file_refuses_apply_before_the_countdown(backcare_home) -> None:
    """A person never does a session the log cannot keep."""
    path = write_state(backcare_home, newer_document())
    original = path.read_bytes()
    screen = spawn_backcare(backcare_home, "apply", "ice", "--minutes", "1")
    assert screen.finish() == 1
    assert "read-only here" in screen.text
    assert "Ice on" not in screen.text
    assert path.read_bytes() == original


def test_newer_file_with_fields_this_version_does_not_know_is_still_readable(
    cli, backcare_home
) -> None:
    doc = newer_document()
    doc["episodes"][0]["mood"] = "grumpy"
    path = write_state(backcare_home, doc)
    original = path.read_bytes()
    for command in (["status"], ["history", "--json"]):
        result = cli(*command, env=NOW)
        assert result.exit_code == 0, result.stderr
        assert "newer backcare" in result.stderr
    assert json.loads(cli("history", "--json", env=NOW).stdout)["episodes"][0]["pain"]
    result = cli("pain", "5", env=NOW)
    assert result.exit_code == 1
    assert str(path) in result.stderr and "newer backcare" in result.stderr
    assert path.read_bytes() == original


# migrations -----------------------------------------------------------------------------------


def _v1_with_old_field(path: Path) -> bytes:
    """A version-1 file whose pain entries say "comment" where version 2 says "note"."""
    doc = v1_document()
    for entry in doc["episodes"][0]["pain"]:
        entry["comment"] = entry.pop("note")
    write_state(path.parent, doc)
    os.chmod(path, 0o600)
    return path.read_bytes()


def rename_comment(raw: dict[str, Any]) -> dict[str, Any]:
    for episode in raw["episodes"]:
        for entry in episode["pain"]:
            entry["note"] = entry.pop("comment")
    return raw


def test_migration_runs_backs_up_and_validates(backcare_home, capsys) -> None:
    path = backcare_home / "state.json"
    original = _v1_with_old_field(path)
    migrations: list[state.Migration] = [*state.MIGRATIONS, (NEXT, "rename-comment-to-note",
                                                             rename_comment)]

    with state.update(path, current=NEXT, migrations=migrations) as loaded:
        assert loaded.migrated_from == 1
        assert loaded.state.schema_version == NEXT
        assert loaded.state.episodes[0].pain[0].note == "kept"

    backup = backcare_home / "state.json.v1.bak"
    assert backup.read_bytes() == original
    assert mode(backup) == 0o600
    assert loaded.backup == backup
    assert capsys.readouterr().err == ""  # the state module reports; it never prints
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema_version"] == NEXT
    entry = data["episodes"][0]["pain"][0]
    assert entry == {"at": entry["at"], "score": 6, "note": "kept", "recorded_at": None,
                     "where": [], "ruled_out": []}
    assert datetime.fromisoformat(entry["at"]) == T0 + timedelta(hours=1)
    # The result loads and validates as the new version without migrating again.
    again = state.load(path, current=NEXT, migrations=migrations)
    assert again.migrated_from is None
    assert again.state.episodes[0].pain[0].note == "kept"


def test_migrations_run_in_order_from_the_file_version(backcare_home) -> None:
    ran: list[str] = []

    def step(name: str):
        def apply(raw: dict[str, Any]) -> dict[str, Any]:
            ran.append(name)
            return raw
        return apply

    migrations: list[state.Migration] = [*state.MIGRATIONS, (NEXT, "three", step("three")),
                                         (NEXT + 1, "four", step("four"))]
    path = write_state(backcare_home, v1_document())
    loaded = state.load(path, current=NEXT + 1, migrations=migrations)
    assert loaded.state.schema_version == NEXT + 1
    assert ran == ["three", "four"]

    ran.clear()
    doc = v1_document()
    doc["schema_version"] = NEXT
    doc["episodes"][0]["checks"] = doc["episodes"][0].pop("assessments")
    write_state(backcare_home, doc)
    assert state.load(path, current=NEXT + 1, migrations=migrations).migrated_from == NEXT
    assert ran == ["four"]


def test_loading_an_old_file_does_not_write(backcare_home) -> None:
    path = backcare_home / "state.json"
    original = _v1_with_old_field(path)
    state.load(path, current=NEXT, migrations=[*state.MIGRATIONS, (NEXT, "rename", rename_comment)])
    assert path.read_bytes() == original
    assert not (backcare_home / "state.json.v1.bak").exists()


def test_a_migration_that_does_not_validate_leaves_the_file(backcare_home) -> None:
    path = backcare_home / "state.json"
    original = _v1_with_old_field(path)
    with pytest.raises(FileProblem) as caught, state.update(
        path, current=NEXT,
        migrations=[*state.MIGRATIONS, (NEXT, "forgot-the-rename", lambda raw: raw)]
    ):
        pytest.fail("the body must not run for a file that does not validate")
    assert str(path) in caught.value.message
    assert "comment" in caught.value.message
    assert path.read_bytes() == original



def test_a_version_1_log_keeps_its_checks_as_ids_after_the_upgrade(backcare_home, cli) -> None:
    """Version 1 kept the sentences of each check; version 2 keeps the answers and the ids
    that fired, so the check shows in the clinic's current words. A backup is kept."""
    doc = v1_document()
    doc["episodes"][0]["assessments"] = [{
        "assessed_at": (T0 + timedelta(minutes=5)).isoformat(),
        "triage": {"level": "urgent", "banner": "OLD BANNER", "action": "old action",
                   "contact": "old", "reasons": [{"id": "fever", "level": "urgent",
                                                  "text": "old words", "source": "nhs-back-pain",
                                                  "because": "red flag: fever"}]},
        "window": None,
        "advice": [{"tier": "conservative", "title": "Conservative care",
                    "items": [{"id": "otc-medicine", "title": "t", "text": "old",
                               "source": "clinic-page", "because": "shown to everyone"}]}],
        "cautions": [{"id": "skin-protection", "title": "", "text": "old",
                      "source": "nhs-back-pain", "because": "shown to everyone"}],
        "answers": {"red_flags": ["fever"], "symptoms": [], "triggers": [], "conditions": [],
                    "pain": 6, "onset": None},
    }]
    path = write_state(backcare_home, doc)
    original = path.read_bytes()
    shown = cli("pain", "5", env={"BACKCARE_NOW": (T0 + timedelta(hours=2)).isoformat()})
    assert shown.exit_code == 0, shown.stderr
    assert f"from schema 1 to {state.SCHEMA_VERSION}" in shown.stderr
    assert (backcare_home / "state.json.v1.bak").read_bytes() == original
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["schema_version"] == state.SCHEMA_VERSION
    (check,) = data["episodes"][0]["checks"]
    assert check["level"] == "urgent"
    assert check["reasons"] == [{"id": "fever", "level": "urgent", "because": "red flag: fever"}]
    assert check["advice"] == ["otc-medicine"] and check["cautions"] == ["skin-protection"]
    assert "old words" not in path.read_text(encoding="utf-8")
    status = json.loads(cli("status", "--json", env={
        "BACKCARE_NOW": (T0 + timedelta(hours=3)).isoformat()}).stdout)
    assert status["escalation"]["level"] == "urgent"
    fever = next(r for r in status["escalation"]["reasons"] if r["id"] == "fever")
    assert fever["text"] == next(r.reason for r in shipped_content().red_flags
                                 if r.id == "fever")


# atomic writes -------------------------------------------------------------------------------


def test_atomic_write_leaves_no_temp_files(backcare_home) -> None:
    path = backcare_home / "state.json"
    for n in range(20):
        state.atomic_write(path, json.dumps({"schema_version": 1, "n": n}))
    assert json.loads(path.read_text(encoding="utf-8"))["n"] == 19
    assert [p.name for p in backcare_home.iterdir()] == ["state.json"]
    assert mode(path) == 0o600


def test_failed_atomic_write_keeps_the_old_file_and_no_temp(backcare_home) -> None:
    path = backcare_home / "state.json"
    state.atomic_write(path, '{"schema_version": 1}')
    with pytest.raises(UnicodeEncodeError):
        state.atomic_write(path, '{"note": "\ud800"}')  # cannot be encoded as UTF-8
    assert path.read_text(encoding="utf-8") == '{"schema_version": 1}'
    assert [p.name for p in backcare_home.iterdir()] == ["state.json"]


def test_update_that_raises_writes_nothing(backcare_home) -> None:
    path = write_state(backcare_home, v1_document())
    original = path.read_bytes()
    with pytest.raises(RuntimeError), state.update(path) as loaded:
        loaded.state = replace(loaded.state, episodes=[])
        raise RuntimeError("interrupted")
    assert path.read_bytes() == original


# notes are shown literally --------------------------------------------------------------------

NOTE = "[bold red]x[/] \x1b[31mred\x1b]0;title\x07 end"


def _note_episode(cli) -> None:
    assert cli("start", "--ago", "2h", env=NOW).exit_code == 0
    result = cli("pain", "6", "--note", NOTE, env=NOW)
    assert result.exit_code == 0, result.stderr


def test_note_comes_back_literally_in_history_json(cli) -> None:
    _note_episode(cli)
    result = cli("history", "--json", env=NOW)
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert json.loads(result.stdout)["episodes"][0]["pain"][0]["note"] == NOTE


@pytest.mark.parametrize("command", [["history"], ["status"], ["history", "--plain"]])
def test_note_is_printed_as_text_on_plain_screens(cli, command: list[str]) -> None:
    _note_episode(cli)
    result = cli(*command, env=NOW)
    assert result.exit_code == 0, result.stderr
    assert "\x1b" not in result.stdout
    assert "\x07" not in result.stdout
    assert "[bold red]x[/]" in result.stdout
    assert "\\x1b[31mred\\x1b]0;title\\x07 end" in result.stdout


@pytest.mark.parametrize("command", ["history", "status"])
def test_note_is_printed_as_text_in_a_real_terminal(cli, backcare_home, command: str) -> None:
    _note_episode(cli)
    out = rich_screen(backcare_home, command, NOW["BACKCARE_NOW"], columns=200, timeout=30)
    assert "\x1b[31m" not in out
    assert "\x1b]" not in out
    assert "\x07" not in out
    assert "[bold red]x[/]" in out
    assert "\\x1b[31mred\\x1b]0;title\\x07 end" in out


def test_a_schema_version_below_1_is_a_broken_file_not_an_old_one(backcare_home) -> None:
    path = write_state(backcare_home, {"schema_version": 0, "episodes": []})
    first = path.read_bytes()
    with pytest.raises(FileProblem) as caught, state.update(path):
        pytest.fail("a broken file must not be opened for writing")
    assert "schema_version 0" in caught.value.message and str(path) in caught.value.message
    assert path.read_bytes() == first
    assert not list(backcare_home.glob("*.bak"))


def test_a_second_upgrade_does_not_overwrite_the_first_backup(backcare_home) -> None:
    path = write_state(backcare_home, v1_document())
    first = path.read_bytes()
    with state.update(path):
        pass
    write_state(backcare_home, v1_document())
    with state.update(path):
        pass
    assert (backcare_home / "state.json.v1.bak").read_bytes() == first
    assert (backcare_home / "state.json.v1.2.bak").is_file()
