"""Issue 10's benchmarks, all in one run: every command against the stack's floor, a ten-year
and a hundred-times-larger history against a fresh episode, and memory; and since issue 17,
what ending an episode costs now that the archive is rewritten whole; since issue 22, the
day's guided movement for a script (`move --json`).

Run: python bench/run.py [--rounds N]. Each pair is timed alternating in this one run (the
machine is noisy, so only ratios count) and the medians are compared. Prints a table with
each target and exits 1 if any is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from timing import base_env, compile_backcare

HERE = Path(__file__).resolve().parent
PY = sys.executable
NOW = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
DOSE = [PY, "-m", "backcare", "dose", "acetaminophen", "10"]


def run_once(cmd: Sequence[str], env: dict[str, str]) -> tuple[float, int]:
    """Seconds and peak memory (KiB) of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        err = proc.stderr.read().decode() if proc.stderr else ""
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err}")
    if proc.stderr:
        proc.stderr.close()
    return elapsed, usage.ru_maxrss


def pair(a: tuple[Sequence[str], dict[str, str]], b: tuple[Sequence[str], dict[str, str]],
         rounds: int) -> tuple[float, float, float, float]:
    """Median seconds of a and b, alternating, and their median peak memory."""
    ta, tb, ma, mb = [], [], [], []
    for i in range(rounds + 2):
        for cmd, env, times, mem in ((*a, ta, ma), (*b, tb, mb)):
            t, m = run_once(cmd, env)
            if i >= 2:
                times.append(t)
                mem.append(m)
    return (statistics.median(ta), statistics.median(tb), statistics.median(ma),
            statistics.median(mb))


def first_prompt(cmd: Sequence[str], env: dict[str, str], expect: str) -> float:
    import pexpect

    start = time.perf_counter()
    child = pexpect.spawn(cmd[0], list(cmd[1:]), env=env, dimensions=(40, 100), timeout=30,
                          encoding="utf-8")
    while child.expect(["\x1b\\[6n", expect]) == 0:
        child.send("\x1b[1;1R")
    elapsed = time.perf_counter() - start
    child.terminate(force=True)
    return elapsed


def prompt_pair(a: tuple[Sequence[str], dict[str, str]], b: tuple[Sequence[str], dict[str, str]],
                rounds: int) -> tuple[float, float]:
    ta, tb = [], []
    for i in range(rounds + 2):
        for (cmd, env), times in ((a, ta), (b, tb)):
            t = first_prompt(cmd, env, "None of these")
            if i >= 2:
                times.append(t)
    return statistics.median(ta), statistics.median(tb)


def episode_line(i: int, onset: datetime, pain: int, apps: int, ended: bool) -> str:
    def iso(t: datetime) -> str:
        return t.isoformat()

    return json.dumps({
        "id": i, "onset": iso(onset),
        "ended_at": iso(onset + timedelta(days=20)) if ended else None,
        "checks": [], "seen": [],
        "applications": [{"kind": "ice" if k % 2 else "heat", "at": iso(onset + timedelta(
            minutes=k)), "minutes": 15.0, "planned_minutes": 15.0, "warnings": [],
            "recorded_at": None} for k in range(apps)],
        "pain": [{"at": iso(onset + timedelta(minutes=10 * k)), "score": k % 11,
                  "note": "stiff after work" if k % 5 == 0 else "", "recorded_at": None}
                 for k in range(pain)],
    })


def history_home(folder: Path, episodes: int, pain: int, applications: int) -> Path:
    """A home as backcare keeps it after years of use: ended episodes in the archive, the
    last ended one and a fresh open one in the state file."""
    from backcare.state import SCHEMA_VERSION

    folder.mkdir(mode=0o700, parents=True)
    start = NOW - timedelta(days=3650)
    per_pain, per_apps = pain // episodes, applications // episodes
    with (folder / "state.json.archive.jsonl").open("w", encoding="utf-8") as fh:
        for i in range(1, episodes - 1):
            onset = start + timedelta(days=(i - 1) * 3650 / episodes)
            fh.write(episode_line(i, onset, per_pain, per_apps, True) + "\n")
    last = json.loads(episode_line(episodes - 1, NOW - timedelta(days=30), per_pain,
                                   per_apps, True))
    open_one = json.loads(episode_line(episodes, NOW - timedelta(hours=30), 0, 0, False))
    (folder / "state.json").write_text(json.dumps(
        {"schema_version": SCHEMA_VERSION, "episodes": [last, open_one],
         "last_id": episodes}), encoding="utf-8")
    return folder


def fresh_home(folder: Path) -> Path:
    return history_home(folder, 2, 0, 0)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    compile_backcare()
    rows: list[tuple[str, float, float, float | None, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        cache = str(work / "cache")
        floor = str(HERE / "minimal_app.py")
        homes = {name: str(fresh_home(work / name))
                 for name in ("status", "history", "pain", "dose")}

        def env(home: str, **extra: str) -> dict[str, str]:
            return base_env(BACKCARE_HOME=home, BACKCARE_CACHE=cache,
                            BACKCARE_NOW=NOW.isoformat(), **extra)

        moving = str(work / "move")
        subprocess.run([PY, "-m", "backcare", "check", "--no-input", "--no-red-flags", "--ago",
                        "50h", "--save"], env=env(moving), check=True, capture_output=True)
        floor_json = ([PY, floor, "check", "--json"], env(str(work / "none")))
        floor_help = ([PY, floor, "--help"], env(str(work / "none")))
        against_floor = {
            "check --no-input --no-red-flags --json": (
                [PY, "-m", "backcare", "check", "--no-input", "--no-red-flags", "--json"],
                env(str(work / "none")), floor_json),
            "status (fresh episode)": ([PY, "-m", "backcare", "status"], env(homes["status"]),
                                       floor_json),
            "history --json": ([PY, "-m", "backcare", "history", "--json"],
                               env(homes["history"]), floor_json),
            "pain 5": ([PY, "-m", "backcare", "pain", "5"], env(homes["pain"]), floor_json),
            "move --json (day 3)": ([PY, "-m", "backcare", "move", "--json"], env(moving),
                                    floor_json),
            # a small dose, so that every round stays under the label's 24-hour limit
            "dose acetaminophen 10": (DOSE, env(homes["dose"]), floor_json),
            "--help": ([PY, "-m", "backcare", "--help"], env(str(work / "none")), floor_help),
        }
        for name, (cmd, e, base) in against_floor.items():
            t, tf, _, _ = pair((cmd, e), base, rounds)
            rows.append((f"{name} vs the floor", t, tf, 1.1, "time"))
        try:
            term = {**env(str(work / "prompt")), "TERM": "xterm"}
            t, tf = prompt_pair(([PY, "-m", "backcare", "check"], term),
                                ([PY, str(HERE / "minimal_prompt_app.py"), "check"], term),
                                rounds)
            rows.append(("check: first prompt vs a bare questionary checkbox", t, tf, 1.1,
                         "time"))
            t, tf = prompt_pair(([PY, str(HERE / "minimal_list_app.py"), "check"], term),
                                ([PY, str(HERE / "minimal_prompt_app.py"), "check"], term),
                                rounds)
            rows.append(("for comparison: backcare's list in a bare checkbox app", t, tf,
                         None, "time"))
        except ImportError:
            print("pexpect is not installed: the first-prompt benchmark is left out")
        fresh = str(fresh_home(work / "fresh"))
        ten = str(history_home(work / "ten-years", 120, 3650, 20000))
        hundred = str(history_home(work / "hundred", 12000, 365000, 2000000))
        for name, home, limit in (("ten years", ten, 1.1), ("100x", hundred, 1.5)):
            t, tf, m, mf = pair(([PY, "-m", "backcare", "status"], env(home)),
                                ([PY, "-m", "backcare", "status"], env(fresh)), rounds)
            rows.append((f"status, {name} of history vs a fresh episode", t, tf, limit,
                         "time"))
            rows.append((f"status memory, {name} vs fresh", m, mf, 1.1, "memory"))
        for name, home in (("ten years", ten), ("100x", hundred)):
            t, tf, m, mf = pair(([PY, "-m", "backcare", "pain", "5"], env(home)),
                                ([PY, "-m", "backcare", "pain", "5"], env(fresh)), rounds)
            limit = 1.2 if name == "ten years" else 1.5
            rows.append((f"pain 5, {name} of history vs a fresh episode", t, tf, limit, "time"))
            rows.append((f"pain 5 memory, {name} vs fresh", m, mf, 1.1, "memory"))
        # Ending an episode rewrites the archive whole (issue 17): what that costs.
        # A 100x archive is shown for comparison only: its rewrite reads 280 MB.
        for name, home, limit, memory in (("ten years", ten, 1.5, 1.1),
                                          ("100x", hundred, None, None)):
            t, tf, m, mf = pair(([PY, "-m", "backcare", "start", "--new"], env(home)),
                                ([PY, "-m", "backcare", "start", "--new"], env(fresh)), rounds)
            rows.append((f"start --new (archives one), {name} vs fresh", t, tf, limit,
                         "time"))
            rows.append((f"start --new memory, {name} vs fresh", m, mf, memory, "memory"))
        size = (Path(hundred) / "state.json.archive.jsonl").stat().st_size / 2**20
    print(f"backcare benchmarks: {rounds} alternating pairs each, medians; Python "
          f"{platform.python_version()} on {platform.machine()}, {os.cpu_count()} cores; "
          f"the 100x archive is {size:.0f} MB")
    print(f"{'measure':<58} {'backcare':>10} {'compared':>10} {'ratio':>7} {'target':>7}")
    ok = True
    for name, a, b, limit, kind in rows:
        shown = ((f"{a * 1000:8.1f}ms", f"{b * 1000:8.1f}ms") if kind == "time"
                 else (f"{a / 1024:8.1f}MB", f"{b / 1024:8.1f}MB"))
        ratio = a / b
        if limit is None:
            print(f"{name:<58} {shown[0]:>10} {shown[1]:>10} {ratio:6.2f}x")
            continue
        ok &= ratio <= limit
        print(f"{name:<58} {shown[0]:>10} {shown[1]:>10} {ratio:6.2f}x {'<=' + str(limit):>6}"
              f"x {'ok' if ratio <= limit else 'OVER'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
