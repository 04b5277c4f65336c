"""The live countdown of `backcare apply`: in a real pseudo-terminal, and as a unit with an
injected clock."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pexpect
import pytest

from backcare.loader import load_content
from backcare.timer import countdown

CONTENT = load_content()

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
NOW = (T0 + timedelta(hours=2)).isoformat()


def terminal_env(home: Path) -> dict[str, str]:
    env = {**os.environ, "BACKCARE_HOME": str(home), "BACKCARE_NOW": NOW, "TERM": "xterm"}
    for name in ("NO_COLOR", "COLUMNS", "LINES"):  # the pseudo-terminal's size is the size
        env.pop(name, None)
    return env


@pytest.fixture
def open_episode(backcare_home: Path) -> dict[str, str]:
    env = terminal_env(backcare_home)
    proc = subprocess.run([sys.executable, "-m", "backcare", "start", "--ago", "2h"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return env


def applications(env: dict[str, str]) -> list[dict[str, Any]]:
    proc = subprocess.run([sys.executable, "-m", "backcare", "history", "--json"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)["episodes"][0]["applications"]


def spawn_apply(env: dict[str, str], minutes: str) -> pexpect.spawn:
    return pexpect.spawn(sys.executable, ["-m", "backcare", "apply", "ice", "--minutes", minutes],
                         env=env, dimensions=(24, 100), timeout=30, encoding="utf-8")


@pytest.mark.slow
def test_countdown_runs_to_the_end_in_a_terminal(open_episode) -> None:
    child = spawn_apply(open_episode, "0.05")  # 3 seconds
    child.expect(re.escape(f"Ice on, {CONTENT.say('wrap')}: 0.05 minutes. "
                           "Press Ctrl-C to stop early."))
    child.expect("━+.*00:0[1-3]")  # the progress bar with the time left, counting down
    child.expect("00:00")
    child.expect("\x07")  # the terminal bell marks the end, for a person not watching
    child.expect("take the ice off now")
    child.expect("Recorded ice for 3 s")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    (app,) = applications(open_episode)
    assert app["kind"] == "ice"
    assert app["minutes"] == 0.05
    assert app["planned_minutes"] == 0.05
    assert app["at"] == NOW
    assert app["warnings"] == []


@pytest.mark.slow
def test_a_stray_ctrl_c_in_the_first_minute_records_nothing(open_episode) -> None:
    plan = 0.5  # 30 seconds; Ctrl-C ends it long before
    child = spawn_apply(open_episode, str(plan))
    child.expect("Press Ctrl-C to stop early")
    child.expect("━")  # the countdown is drawing: the program is listening for Ctrl-C
    time.sleep(1.0)
    child.send("\x03")
    child.expect("Stopped early after")
    child.expect(re.escape(CONTENT.say("stopped-too-soon", kind="ice")))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert applications(open_episode) == []


@pytest.mark.slow
def test_a_countdown_past_the_safe_limit_is_refused(open_episode) -> None:
    limit = CONTENT.window.max_minutes
    child = pexpect.spawn(sys.executable, ["-m", "backcare", "apply", "heat", "--minutes", "45"],
                          env=open_episode, dimensions=(24, 100), timeout=30, encoding="utf-8")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    said = " ".join(child.before.split())
    assert f"the {limit} minutes at a time that is safe for your skin" in said
    assert "--no-timer" in said
    assert applications(open_episode) == []


@pytest.mark.slow
def test_a_longer_past_session_is_recorded_with_a_warning(open_episode) -> None:
    done = subprocess.run([sys.executable, "-m", "backcare", "apply", "heat", "--minutes", "45",
                           "--no-timer"], env=open_episode, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Warning: 45 minutes is more than" in done.stderr
    (app,) = applications(open_episode)
    assert app["minutes"] == 45 and app["warnings"]


# the countdown as a unit: a fake monotonic clock that only the fake sleep moves ------------


class FakeClock:
    def __init__(self, interrupt_at: float | None = None) -> None:
        self.now = 1000.0
        self.naps: list[float] = []
        self.interrupt_at = interrupt_at

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds > 0
        self.naps.append(seconds)
        self.now += seconds
        if self.interrupt_at is not None and self.now - 1000.0 >= self.interrupt_at:
            raise KeyboardInterrupt


def test_countdown_unit_runs_the_whole_time(capsys) -> None:
    fake = FakeClock()
    done = countdown("ice", 2, CONTENT, plain=True, clock=fake.clock, sleep=fake.sleep)
    assert done == 2
    assert sum(fake.naps) == pytest.approx(120)
    assert max(fake.naps) <= 0.25  # updates at least four times a second
    out = " ".join(capsys.readouterr().out.split())
    assert f"Ice on, {CONTENT.say('wrap')}: 2 minutes. Press Ctrl-C to stop early." in out
    assert "Time is up: take the ice off now" in out
    assert "Stopped early" not in out


def test_countdown_unit_ctrl_c_returns_the_minutes_done(capsys) -> None:
    fake = FakeClock(interrupt_at=45)
    done = countdown("heat", 2, CONTENT, plain=True, clock=fake.clock, sleep=fake.sleep)
    assert done == 0.75
    out = capsys.readouterr().out
    assert "Stopped early after 45 s. Take the heat off." in out
    assert "Time is up" not in out


def test_countdown_unit_fractional_minutes(capsys) -> None:
    fake = FakeClock()
    assert countdown("heat", 0.05, CONTENT, plain=True, clock=fake.clock, sleep=fake.sleep) == 0.05
    assert sum(fake.naps) == pytest.approx(3)
    assert "take the heat off" in capsys.readouterr().out


def test_countdown_unit_in_spanish(capsys) -> None:
    from backcare import language
    from backcare.paths import data_dir
    from backcare.translation import translate
    from tests.test_spanish import english_left

    spanish = translate(CONTENT, data_dir(), "es")
    language.use(language.LanguageChoice("es", "es_US", True))
    fake = FakeClock(interrupt_at=45)
    assert countdown("ice", 2, spanish, plain=True, clock=fake.clock, sleep=fake.sleep) == 0.75
    out = capsys.readouterr().out
    assert "hielo" in out.lower() and "después de 45 s" in out
    assert english_left(out) == []


@pytest.mark.parametrize(("done", "said"), [
    (1, "1 minute"), (15, "15 minutes"), (67 / 60, "1 min 7 s"), (0.75, "45 s"),
    (19.999, "20 minutes")])
def test_a_duration_reads_in_minutes_and_seconds(done: float, said: str) -> None:
    from backcare.output import minutes

    assert minutes(done) == said


def test_a_plain_countdown_says_the_time_left_once_a_minute(capsys) -> None:
    """TERM=dumb or plain output cannot redraw a bar: a line a minute, and the end."""
    fake = FakeClock()
    assert countdown("ice", 3, CONTENT, plain=True, clock=fake.clock, sleep=fake.sleep) == 3
    out = capsys.readouterr().out
    assert "2 minutes left." in out and "1 minute left." in out
    assert "━" not in out and "Time is up" in out
