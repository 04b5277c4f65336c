"""Shared fixtures. No test touches the real home folder or opens a network socket."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from backcare.cli import app, describe_language


@pytest.fixture(scope="session")
def session_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("session")


@pytest.fixture(autouse=True)
def backcare_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                  session_folder: Path) -> Path:
    """Every test gets its own BACKCARE_HOME, the real clock unless it sets one, and
    English unless it asks for another language.

    The content cache is shared: it is keyed by the content files' bytes, so a test that
    edits content gets its own entry, and the programs the tests start skip validating
    content no test changed. Their byte-code is kept too, outside the checkout."""
    home = tmp_path / "home"
    monkeypatch.setenv("BACKCARE_HOME", str(home))
    monkeypatch.setenv("BACKCARE_CACHE", str(session_folder / "cache"))
    monkeypatch.delenv("PYTHONDONTWRITEBYTECODE", raising=False)
    monkeypatch.setenv("PYTHONPYCACHEPREFIX", str(session_folder / "pycache"))
    for name in ("BACKCARE_NOW", "NO_COLOR", "BACKCARE_DEBUG"):
        monkeypatch.delenv(name, raising=False)
    for name in ("BACKCARE_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")  # English, whatever the machine's locale
    from backcare import language
    from backcare.loader import shipped_content

    language.describe_languages(describe_language)
    language.use(language.LanguageChoice(language.ENGLISH, language.ENGLISH, False))
    shipped_content.cache_clear()
    return home


class Result:
    def __init__(self, exit_code: int, stdout: str, stderr: str) -> None:
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Run backcare in-process through typer's CliRunner, stdout and stderr apart."""

    def invoke(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> Result:
        runner = CliRunner()
        result = runner.invoke(app, list(args), input=input, env=env, catch_exceptions=False)
        return Result(result.exit_code, result.stdout, result.stderr)

    return invoke


@pytest.fixture
def run_backcare() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Run the real program in a subprocess (python -m backcare)."""

    def run(*args: str, env: dict[str, str] | None = None, input: str | None = None,
            **kwargs: Any) -> subprocess.CompletedProcess[str]:
        full_env = {**os.environ, **(env or {})}
        return subprocess.run(
            [sys.executable, "-m", "backcare", *args], capture_output=True, text=True,
            env=full_env, input=input, timeout=60, **kwargs,
        )

    return run


@pytest.fixture
def at(cli: Callable[..., Result]) -> Callable[..., Result]:
    """Run backcare at a moment: at(moment, "status", "--json")."""

    def run(moment: datetime, *args: str) -> Result:
        return cli(*args, env={"BACKCARE_NOW": moment.isoformat()})

    return run
