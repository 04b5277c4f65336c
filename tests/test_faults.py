"""Issue 8: no failure of the disk or the file system hides a result, and no command can
damage the log. Every fault here is made with real files."""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import OTHER_CLINIC, spawn_backcare

pytestmark = pytest.mark.slow  # a real terminal, processes or crashes: `pytest -m slow`

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC).isoformat()
EMERGENCY = ["check", "--no-input", "--red-flag", "chest-pain", "--save", "--plain"]


def run(home: Path, *args: str, preexec: Any = None, timeout: float = 60,
        **env: str) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "BACKCARE_HOME": str(home), "BACKCARE_NOW": NOW, **env}
    full.pop("BACKCARE_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "backcare", *args], capture_output=True,
                          text=True, env=full, timeout=timeout, preexec_fn=preexec)


def shows_result_then_the_problem(done: subprocess.CompletedProcess[str], path: str) -> None:
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert done.stdout.startswith("EMERGENCY: CALL 911 NOW"), done.stdout
    assert path in done.stderr
    assert "unexpected error" not in done.stderr and "Traceback" not in done.stderr


def test_a_regular_file_as_home_still_shows_the_result(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.write_text("not a folder", encoding="utf-8")
    done = run(home, *EMERGENCY)
    shows_result_then_the_problem(done, str(home))
    assert "BACKCARE_HOME" in done.stderr  # what to do
    assert home.read_text(encoding="utf-8") == "not a folder"


def test_a_file_size_limit_still_shows_the_result(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o700)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))

    done = run(home, *EMERGENCY, preexec=limit)
    shows_result_then_the_problem(done, str(home))
    assert "file-size limit" in done.stderr
    assert not (home / "state.json").exists()


def test_a_folder_without_write_permission_still_shows_the_result(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o500)
    prefix: list[str] = []
    if os.geteuid() == 0:  # root writes anywhere: drop the capability that lets it
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv to drop CAP_DAC_OVERRIDE")
        prefix = [setpriv, "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search",
                  "--"]
    full = {**os.environ, "BACKCARE_HOME": str(home), "BACKCARE_NOW": NOW}
    done = subprocess.run([*prefix, sys.executable, "-m", "backcare", *EMERGENCY],
                          capture_output=True, text=True, env=full, timeout=60)
    shows_result_then_the_problem(done, str(home))
    assert "permission" in done.stderr


def test_an_interactive_emergency_is_shown_when_keeping_it_fails(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.write_text("not a folder", encoding="utf-8")
    screen = spawn_backcare(home, "check", "--save", env={"BACKCARE_NOW": NOW})
    screen.expect("Do any of these")
    screen.send(" \r")  # the first sign: an emergency
    screen.expect("EMERGENCY")
    assert screen.finish() == 1
    assert str(home) in screen.text and "unexpected error" not in screen.text


def test_a_full_handout_write_is_a_file_problem_after_the_result(tmp_path: Path) -> None:
    home = tmp_path / "home"

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (10, 10))

    out = tmp_path / "handout.md"
    done = run(home, "check", "--no-input", "--no-red-flags", "--plain", "-o", str(out),
               preexec=limit)
    assert done.returncode == 1 and done.stdout.startswith("SELF-CARE")
    assert str(out) in done.stderr and "unexpected error" not in done.stderr


# ------------------------------------------------------------------- output paths


@pytest.mark.parametrize("target", ["state.json", "state.json.lock", "state.json.v1.bak",
                                    "clinic.toml"])
def test_outputs_never_overwrite_backcares_own_files(tmp_path: Path, target: str) -> None:
    home = tmp_path / "home"
    assert run(home, "check", "--no-input", "--no-red-flags", "--save").returncode == 0
    (home / "state.json.v1.bak").write_text("backup", encoding="utf-8")
    (home / "clinic.toml").write_text(OTHER_CLINIC, encoding="utf-8")
    before = {p.name: p.read_bytes() for p in home.iterdir()}
    path = str(home / target)
    for args in (["report", "--format", "json", "-o", path], ["plan", "--ics", path],
                 ["check", "--no-input", "--no-red-flags", "-o", path]):
        done = run(home, *args)
        assert done.returncode == 2, (args, done.stderr)
        assert "backcare's own files" in done.stderr
    assert {p.name: p.read_bytes() for p in home.iterdir()} == before


def test_an_output_path_that_is_a_folder_is_refused(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run(home, "start").returncode == 0
    folder = tmp_path / "out.md"
    folder.mkdir()
    for args in (["report", "-o", str(folder)], ["plan", "--ics", str(folder)]):
        done = run(home, *args)
        assert done.returncode == 2 and "folder" in done.stderr, done.stderr


# ------------------------------------------------------------- the log, read strictly


def write_log(home: Path, text: str) -> Path:
    home.mkdir(mode=0o700, exist_ok=True)
    path = home / "state.json"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = {"schema_version": 3, "episodes": [{
    "id": 1, "onset": "2026-03-02T08:00:00+00:00", "ended_at": None, "checks": [],
    "applications": [], "seen": [],
    "pain": [{"at": "2026-03-02T09:00:00+00:00", "score": 6, "note": ""}]}]}


def broken_variants() -> list[tuple[str, str]]:
    good = json.dumps(GOOD)
    return [
        ("nan", good.replace('"score": 6', '"score": NaN')),
        ("infinity", good.replace('"score": 6', '"score": Infinity')),
        ("past the float range", good.replace('"score": 6', '"score": 1e400')),
        ("year 1800", good.replace("2026-03-02T08:00", "1800-03-02T08:00")),
        ("a bool score", good.replace('"score": 6', '"score": true')),
        ("a string score", good.replace('"score": 6', '"score": "7"')),
        ("a float score", good.replace('"score": 6', '"score": 7.0')),
        ("an epoch time", good.replace('"at": "2026-03-02T09:00:00+00:00"', '"at": 1772442000')),
        ("schema 0", good.replace('"schema_version": 3', '"schema_version": 0')),
        ("a repeated key", good.replace('"score": 6', '"score": 6, "score": 7')),
        ("nested too deeply", '{"schema_version": 3, "episodes": ' + "[" * 200000
         + "]" * 200000 + "}"),
    ]


@pytest.mark.parametrize(("name", "text"), broken_variants(), ids=[n for n, _ in
                                                                   broken_variants()])
def test_values_json_cannot_keep_or_that_need_coercing_are_a_broken_file(
        tmp_path: Path, name: str, text: str) -> None:
    home = tmp_path / "home"
    path = write_log(home, text)
    done = run(home, "pain", "3")
    assert done.returncode == 1, (name, done.stderr)
    assert str(path) in done.stderr and "Traceback" not in done.stderr
    assert path.read_text(encoding="utf-8") == text  # never rewritten
    assert run(home, "status").returncode == 1


def test_the_good_log_above_is_read(tmp_path: Path) -> None:
    home = tmp_path / "home"
    write_log(home, json.dumps(GOOD))
    assert run(home, "pain", "3").returncode == 0


def test_a_fifo_in_place_of_the_log_is_refused_at_once(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    os.mkfifo(home / "state.json")
    done = run(home, "status", timeout=20)
    assert done.returncode == 1 and "not a regular file" in done.stderr


def test_orphaned_temp_files_are_removed_by_the_next_write(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run(home, "start").returncode == 0
    orphan = home / ".state.json.abc123.tmp"
    orphan.write_text("half", encoding="utf-8")
    assert run(home, "pain", "4").returncode == 0
    assert not orphan.exists()


# ------------------------------------------------------------- text from a profile


def test_clinic_text_cannot_carry_escape_sequences(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    (home / "clinic.toml").write_text(OTHER_CLINIC.replace(
        'name = "Riverside Spine Clinic"', 'name = "Riverside\\u001b]0;pwned\\u0007 Clinic"'),
        encoding="utf-8")
    assert run(home, "check", "--no-input", "--red-flag", "fever", "--save").returncode == 0
    for args in (["plan", "--ics", "-"], ["status"], ["report"],
                 ["check", "--no-input", "--no-red-flags", "--json"]):
        done = run(home, *args)
        assert "\x1b" not in done.stdout + done.stderr, args
        assert "\x07" not in done.stdout + done.stderr, args


def test_a_note_cannot_pose_as_backcares_own_lines_in_markdown(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run(home, "start").returncode == 0
    assert run(home, "pain", "5", "--note", "fine &amp; well\n## EMERGENCY: fake").returncode == 0
    md = run(home, "report").stdout
    assert "\n## EMERGENCY: fake" not in md
    assert "\\&amp;" in md


def test_a_time_in_a_daylight_saving_gap_is_refused(tmp_path: Path) -> None:
    done = run(tmp_path / "home", "start", "--at", "2026-03-08T02:30", TZ="America/Chicago",
               BACKCARE_NOW="2026-03-09T12:00:00-05:00")
    assert done.returncode == 2
    assert "does not exist" in done.stderr and len(done.stderr.strip().splitlines()) == 1
