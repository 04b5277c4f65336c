"""Helpers shared by the tests: a pseudo-terminal screen, text matching, a second clinic profile.

Not a test module: pytest collects only test_*.py.
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

ANSI = re.compile(r"\x1b(\[[0-9;?]*[ -/]*[@-~]|\][^\x07]*\x07|[@-Z\\-_])")
CPR_REQUEST = "\x1b[6n"
ENTER = "\r"
SPACE = " "
UP = "\x1b[A"
DOWN = "\x1b[B"
CTRL_C = "\x03"

OTHER_CLINIC = """\
[clinic]
name = "Riverside Spine Clinic"
phone = "555-0100"
emergency_number = "999"
contact = "Questions? Call {clinic_phone}; we answer 8am to 6pm."
telemedicine = false
source = "clinic-page"
"""


def iso(moment: datetime) -> str:
    return moment.isoformat()


def words(text: str) -> re.Pattern[str]:
    """Match text case-insensitively, with any whitespace (a wrapped line) between words."""
    return re.compile(r"\s+".join(re.escape(w) for w in text.split()), re.IGNORECASE)


def flat(text: str) -> str:
    """Text with all runs of whitespace made one space, so wrapped lines compare as one."""
    return " ".join(text.split())


class Screen:
    """A pexpect child in a pseudo-terminal that answers cursor-position requests.

    prompt_toolkit asks where the cursor is (ESC [6n) before drawing; a real terminal
    answers, so this does too, or prompt_toolkit waits before it goes on.
    """

    def __init__(self, child: Any) -> None:
        self.child = child
        self.log = io.StringIO()
        child.logfile_read = self.log

    def expect(self, pattern: Any) -> None:
        import pexpect

        if isinstance(pattern, str):
            pattern = re.compile(re.escape(pattern))
        cpr = re.compile(re.escape(CPR_REQUEST))
        patterns = [cpr, pattern] if pattern is not pexpect.EOF else [cpr, pexpect.EOF]
        while self.child.expect(patterns) == 0:
            self.child.send("\x1b[1;1R")

    def expect_one(self, *patterns: Any) -> int:
        """Which of `patterns` comes first (its index), answering cursor requests."""
        cpr = re.compile(re.escape(CPR_REQUEST))
        while True:
            found = self.child.expect([cpr, *patterns])
            if found:
                return int(found) - 1
            self.child.send("\x1b[1;1R")

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def finish(self) -> int:
        """Wait for the program to end; its exit status."""
        import pexpect

        self.expect(pexpect.EOF)
        self.child.close()
        assert self.child.signalstatus is None, "killed by a signal"
        return int(self.child.exitstatus)

    @property
    def text(self) -> str:
        """Everything shown so far, without escape sequences."""
        return ANSI.sub("", self.log.getvalue()).replace("\r", "")


def spawn_backcare(home: Path, *args: str, env: dict[str, str] | None = None,
                   dimensions: tuple[int, int] = (40, 100)) -> Screen:
    import pexpect

    full_env = {k: v for k, v in os.environ.items()
                if k not in {"COLUMNS", "LINES", "NO_COLOR", "BACKCARE_NOW", "BACKCARE_DEBUG"}}
    full_env.update({"BACKCARE_HOME": str(home), "TERM": "xterm"})
    full_env.update(env or {})
    child = pexpect.spawn(sys.executable, ["-m", "backcare", *args], env=full_env,
                          dimensions=dimensions, encoding="utf-8", timeout=15)
    return Screen(child)


def rich_screen(home: Path, command: str, now: str, columns: int, timeout: float) -> str:
    """What `backcare COMMAND` draws in a colour terminal of `columns`: the rich screen,
    escape codes and all. Fails unless it exits 0 and really drew in colour."""
    import pexpect

    env = {**os.environ, "TERM": "xterm", "BACKCARE_HOME": str(home), "BACKCARE_NOW": now}
    env.pop("NO_COLOR", None)
    child = pexpect.spawn(sys.executable, ["-m", "backcare", command], env=env,
                          dimensions=(40, columns), timeout=timeout, encoding="utf-8")
    child.expect(pexpect.EOF)
    child.close()
    out: str = child.before
    assert child.exitstatus == 0, out[-2000:]
    assert "\x1b[" in out, "a terminal gets the rich screen (colour)"
    return out


def status_json(at: Callable[..., Any], moment: datetime) -> dict[str, Any]:
    """`status --json` at a moment, through the `at` fixture."""
    result = at(moment, "status", "--json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data
