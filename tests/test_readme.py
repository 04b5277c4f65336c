"""The README is the user's manual: every console example in it is what backcare prints."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent / "readme_examples.py"


@pytest.mark.slow
def test_every_readme_example_is_real_output() -> None:
    done = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "README examples match" in done.stdout


def test_readme_quick_start_has_exactly_two_setup_commands() -> None:
    readme = SCRIPT.parent.parent.joinpath("README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [line.strip() for line in quick.splitlines() if line.startswith("    ")]
    assert len(commands) == 2
    assert commands[0].endswith("backcare check")
    assert "[test]" in commands[1] and commands[1].endswith("pytest")
