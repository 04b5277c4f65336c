"""Issue 3's benchmark: `backcare status` with ten years of history against a fresh episode.

Run: python bench/bench_status.py [--rounds N]. Writes two throwaway homes (one with 120
episodes holding 3,650 pain entries and 20,000 applications, one with a single fresh
episode), times `status` in each, alternating, and prints the median ratio. Target: 1.5x.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from timing import alternate, base_env, compile_backcare

from backcare.episode import Application, Episode, PainEntry, State
from backcare.files import atomic_write
from backcare.state import SCHEMA_VERSION, dump, update

TARGET = 1.5
NOW = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)


def ten_years(episodes: int = 120, pain: int = 3650, applications: int = 20000) -> State:
    start = NOW - timedelta(days=3650)
    made = []
    for i in range(episodes):
        onset = start + timedelta(days=i * 3650 / episodes)
        last = i == episodes - 1
        if last:
            onset = NOW - timedelta(hours=30)
        n_pain, n_apps = pain // episodes, applications // episodes
        if last:
            n_pain += pain % episodes
            n_apps += applications % episodes
        made.append(Episode(
            id=i + 1,
            onset=onset,
            ended_at=None if last else onset + timedelta(days=20),
            pain=[PainEntry(at=onset + timedelta(minutes=10 * k), score=k % 11,
                            note="stiff after work" if k % 5 == 0 else "")
                  for k in range(n_pain)],
            applications=[Application(kind="ice" if k % 2 else "heat",
                                      at=onset + timedelta(minutes=k), minutes=15,
                                      planned_minutes=15)
                          for k in range(n_apps)],
        ))
    return State(schema_version=SCHEMA_VERSION, episodes=made)


def fresh() -> State:
    return State(schema_version=SCHEMA_VERSION,
                 episodes=[Episode(id=1, onset=NOW - timedelta(hours=30))])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    rounds = parser.parse_args().rounds
    compile_backcare()
    py = sys.executable
    with tempfile.TemporaryDirectory() as big, tempfile.TemporaryDirectory() as small:
        history = ten_years()
        atomic_write(Path(big) / "state.json", dump(history))
        with update(Path(big) / "state.json"):
            pass  # the first write moves ended episodes to the archive, as for a real user
        atomic_write(Path(small) / "state.json", dump(fresh()))
        size = sum(p.stat().st_size for p in Path(big).glob("state.json*"))
        pains = sum(len(e.pain) for e in history.episodes)
        apps = sum(len(e.applications) for e in history.episodes)
        print(f"ten years: {len(history.episodes)} episodes, {pains} pain entries, "
              f"{apps} applications, {size / 1e6:.1f} MB")
        now = NOW.isoformat()
        medians = alternate({
            "status (ten years)": ([py, "-m", "backcare", "status"],
                                   base_env(BACKCARE_HOME=big, BACKCARE_NOW=now)),
            "status (fresh)": ([py, "-m", "backcare", "status"],
                               base_env(BACKCARE_HOME=small, BACKCARE_NOW=now)),
        }, rounds)
    for name, seconds in medians.items():
        print(f"{name:<22} {seconds * 1000:7.1f} ms")
    ratio = medians["status (ten years)"] / medians["status (fresh)"]
    verdict = "ok" if ratio <= TARGET else "OVER TARGET"
    print(f"ratio status ten years / fresh {ratio:5.2f}x  (target <= {TARGET}x) {verdict}")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
