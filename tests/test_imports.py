"""Scripted commands stay light: they never import the prompt libraries."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest

import backcare
from tests.helpers import OTHER_CLINIC

PROMPT_LIBS = ("questionary", "prompt_toolkit")

# Runs the real CLI entry point with the given argv, then reports what got imported.
PROBE = """
import json, sys
argv, report = sys.argv[1:-1], sys.argv[-1]
sys.argv = ["backcare", *argv]
code = None
if argv == ["--import-prompts"]:
    import questionary  # noqa: F401  (the control: proves the probe sees these imports)
else:
    from backcare.cli import main
    try:
        main()
    except SystemExit as exc:
        code = exc.code
loaded = sorted(sys.modules)
with open(report, "w") as fh:
    json.dump({"code": code, "modules": loaded}, fh)
"""


def probe(tmp_path: Path, home: Path, *argv: str) -> dict[str, Any]:
    report = tmp_path / "report.json"
    env = {**os.environ, "BACKCARE_HOME": str(home)}
    proc = subprocess.run([sys.executable, "-c", PROBE, *argv, str(report)],
                          capture_output=True, text=True, env=env, timeout=60)
    assert "Traceback" not in proc.stderr, proc.stderr
    result: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    result["stdout"] = proc.stdout
    result["packages"] = {m.split(".")[0] for m in result["modules"]}
    return result


def test_probe_sees_prompt_imports(tmp_path: Path, backcare_home: Path) -> None:
    result = probe(tmp_path, backcare_home, "--import-prompts")
    assert set(PROMPT_LIBS) <= result["packages"]


@pytest.mark.parametrize(
    "argv",
    [
        ("check", "--no-input", "--no-red-flags", "--json"),
        ("check", "--no-input", "--red-flag", "chest-pain", "--plain"),
        ("check", "--no-input", "--no-red-flags", "--trigger", "heavy-lifting", "--explain"),
        ("--help",),
        ("check", "--help"),
        ("doses", "--json"),
    ],
    ids=["check-json", "check-emergency", "check-text", "help", "check-help", "doses"],
)
def test_scripted_runs_never_import_prompt_libraries(
    tmp_path: Path, backcare_home: Path, argv: tuple[str, ...]
) -> None:
    result = probe(tmp_path, backcare_home, *argv)
    assert result["code"] in (0, None)
    assert result["stdout"]
    assert not set(PROMPT_LIBS) & result["packages"]


@pytest.mark.parametrize(("argv", "module"), [
    (("status", "--json"), "status"),
    (("pain", "5"), "log"),
    (("history", "--json"), "lifecycle"),
    (("doses", "--json"), "dose"),
    (("check", "--no-input", "--no-red-flags", "--json"), "check"),
    (("move", "--json"), "move"),
])
def test_a_run_loads_only_the_command_it_runs(
    tmp_path: Path, backcare_home: Path, argv: tuple[str, ...], module: str
) -> None:
    """Start-up reads one command's signature, not all thirteen."""
    if argv[0] == "pain":
        probe(tmp_path, backcare_home, "start", "--ago", "2h")
    if argv[0] == "move":
        probe(tmp_path, backcare_home, "check", "--no-input", "--no-red-flags", "--save")
    result = probe(tmp_path, backcare_home, *argv)
    assert result["code"] in (0, None), result["stdout"]
    commands = {m.rsplit(".", 1)[1] for m in result["modules"]
                if m.startswith("backcare.commands.")} - {"common"}
    # a session stopped by its stop rule asks the check's questions again
    assert commands == ({module, "check"} if module == "move" else {module})
    assert not set(PROMPT_LIBS) & result["packages"]


@pytest.mark.parametrize("argv", [
    ("check", "--no-input", "--no-red-flags", "--json"),
    ("status", "--json"),
    ("history", "--json"),
    ("--help",),
    ("pain", "5", "--note", "after work"),
], ids=["check-json", "status", "history", "help", "pain"])
def test_options_not_given_and_text_need_no_validator(
    tmp_path: Path, backcare_home: Path, argv: tuple[str, ...]
) -> None:
    """typer would import pydantic to validate options nobody gave, and text that is
    already text (a fifth of a run)."""
    if argv[0] == "pain":
        probe(tmp_path, backcare_home, "start", "--ago", "2h")
    result = probe(tmp_path, backcare_home, *argv)
    assert result["code"] in (0, None), result["stdout"]
    assert "pydantic" not in result["packages"]


def test_options_given_are_still_validated(
    tmp_path: Path, backcare_home: Path, run_backcare: Callable[..., Any]
) -> None:
    clinic = tmp_path / "clinic.toml"
    clinic.write_text(OTHER_CLINIC, encoding="utf-8")
    result = probe(tmp_path, backcare_home, "check", "--no-input", "--no-red-flags",
                   "--clinic", str(clinic), "--json")
    assert "Riverside" in result["stdout"]
    assert "pydantic" in result["packages"]  # a path given is validated by typer
    folder = run_backcare("check", "--no-input", "--no-red-flags", "--clinic", str(tmp_path))
    assert folder.returncode == 2 and "--clinic" in folder.stderr
    # --pain is taken as text and checked by backcare, with every bad value in one line
    result = probe(tmp_path, backcare_home, "check", "--no-input", "--no-red-flags",
                   "--pain", "4", "--json")
    assert json.loads(result["stdout"])["answers"]["pain"] == 4
    for bad in ("four", "9" * 5000, "11", "-1", "4.5"):
        proc = run_backcare("check", "--no-input", "--no-red-flags", "--pain", bad)
        assert proc.returncode == 2, bad
        assert "--pain" in proc.stderr and "from 0 to 10" in proc.stderr, proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1 and len(proc.stderr) < 200


def test_check_json_importtime_has_no_prompt_libraries(backcare_home: Path) -> None:
    env = {**os.environ, "BACKCARE_HOME": str(backcare_home)}
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "backcare", "check", "--no-input",
         "--no-red-flags", "--json"],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["schema"] == "backcare.check/1"
    imported = proc.stderr
    assert "backcare.assessment" in imported  # importtime output is really there
    for lib in PROMPT_LIBS:
        assert lib not in imported


def test_version(run_backcare: Callable[..., Any]) -> None:
    proc = run_backcare("--version")
    assert proc.returncode == 0
    assert proc.stdout.strip() == f"backcare {backcare.__version__}"
    assert backcare.__version__ == version("backcare")
