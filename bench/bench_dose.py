"""Issue 20's benchmark: `backcare dose` (record a dose, then say where it stands) against
the floor, a minimal typer + rich app, as `bench/run.py` measures every command.

Run: python bench/bench_dose.py [--rounds N]. The pair is timed alternating in this one run
and the medians compared. Target: at most 1.1x the floor, as every command in run.py.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from run import DOSE, HERE, NOW, PY, fresh_home, pair
from timing import base_env, compile_backcare

TARGET = 1.1


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds
    compile_backcare()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        cache = str(work / "cache")

        def env(home: Path) -> dict[str, str]:
            return base_env(BACKCARE_HOME=str(home), BACKCARE_CACHE=cache,
                            BACKCARE_NOW=NOW.isoformat())

        home = fresh_home(work / "dose")
        floor = ([PY, str(HERE / "minimal_app.py"), "check", "--json"], env(work / "none"))
        t, tf, m, mf = pair((DOSE, env(home)), floor, rounds)
    ratio = t / tf
    print(f"dose acetaminophen 10 vs the floor: {t * 1000:.1f} ms vs {tf * 1000:.1f} ms, "
          f"{ratio:.2f}x (target <= {TARGET}x: {'ok' if ratio <= TARGET else 'OVER'}); "
          f"memory {m / 1024:.1f} MB vs {mf / 1024:.1f} MB")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
