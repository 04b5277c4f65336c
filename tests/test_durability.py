"""The state file under real concurrency and real crashes: nothing is ever lost.

These tests race real processes, so they wait on wall-clock time; the time *inside*
backcare still comes from BACKCARE_NOW.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from backcare import state
from backcare.episode import PainEntry
from backcare.records import replace

pytestmark = pytest.mark.slow  # a real terminal, processes or crashes: `pytest -m slow`

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def backcare_env(home: Path) -> dict[str, str]:
    return {**os.environ, "BACKCARE_HOME": str(home),
            "BACKCARE_NOW": (T0 + timedelta(hours=3)).isoformat()}


def spawn(env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "backcare", *args], env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def open_episode(env: dict[str, str]) -> None:
    proc = subprocess.run([sys.executable, "-m", "backcare", "start", "--ago", "3h"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr


def notes(home: Path) -> list[str]:
    loaded = state.load(home / "state.json")
    episode = loaded.state.open_episode()
    assert episode is not None
    return [p.note for p in episode.pain]


def test_40_concurrent_pain_commands_lose_nothing(backcare_home) -> None:
    env = backcare_env(backcare_home)
    open_episode(env)

    procs = [spawn(env, "pain", str(n % 11), "--note", f"writer {n}") for n in range(40)]
    results = [(p.wait(timeout=120), p.stderr.read().decode()) for p in procs]
    for p in procs:
        p.stderr.close()

    assert [code for code, _ in results] == [0] * 40, [err for code, err in results if code]
    written = notes(backcare_home)
    assert len(written) == 40
    assert sorted(written) == sorted(f"writer {n}" for n in range(40))
    leftovers = [p.name for p in backcare_home.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_sigkill_at_random_moments_never_loses_a_finished_entry(backcare_home) -> None:
    env = backcare_env(backcare_home)
    open_episode(env)
    # A bigger file makes each write take longer, so more kills land mid-write.
    with state.update(backcare_home / "state.json") as loaded:
        episode = loaded.state.open_episode()
        assert episode is not None
        filler = [PainEntry(at=T0 + timedelta(minutes=i % 170), score=i % 11, note=f"old {i}")
                  for i in range(3000)]
        updated = replace(episode, pain=filler)
        loaded.state = replace(loaded.state, episodes=[updated])

    # How long one write takes here, so the kills are spread over a whole run.
    started = time.monotonic()
    warmup = spawn(env, "pain", "1", "--note", "warm-up")
    assert warmup.wait(timeout=60) == 0
    warmup.stderr.close()
    span = min(1.5, (time.monotonic() - started) * 1.2)

    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    finished = {"warm-up"}
    killed_mid_run = 0
    for n in range(30):
        note = f"round {n}"
        proc = spawn(env, "pain", str(n % 11), "--note", note)
        time.sleep(rng.uniform(0, span))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed_mid_run += 1
        code = proc.wait(timeout=60)
        proc.stderr.close()
        assert code in (0, -signal.SIGKILL), f"seed {seed}, round {n}: exit {code}"
        if code == 0:
            finished.add(note)

        written = notes(backcare_home)  # must load and validate every time
        missing = finished - set(written)
        assert not missing, f"seed {seed}, round {n}: lost {sorted(missing)}"
        assert len(written) == len(set(written)), f"seed {seed}: an entry was written twice"
        assert sum(1 for w in written if w.startswith("old ")) == 3000

    assert killed_mid_run > 0, f"seed {seed}: no round was killed while running"
