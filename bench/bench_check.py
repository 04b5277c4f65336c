"""Issue 2's benchmark: scripted `check` and `--help` against a minimal typer+rich app.

Run: python bench/bench_check.py [--rounds N]. Prints median times and ratios measured in
this one run, alternating the commands. Target: each ratio at most 1.2.
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import sys
import tempfile
from pathlib import Path

from timing import alternate, base_env, compile_backcare

HERE = Path(__file__).resolve().parent
TARGET = 1.2


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    rounds = parser.parse_args().rounds
    compile_backcare()
    py = sys.executable
    with tempfile.TemporaryDirectory() as home:
        env = base_env(BACKCARE_HOME=home)
        minimal = str(HERE / "minimal_app.py")
        commands = {
            "backcare check --no-input --no-red-flags --json":
                ([py, "-m", "backcare", "check", "--no-input", "--no-red-flags", "--json"], env),
            "minimal check --json": ([py, minimal, "check", "--json"], env),
            "backcare --help": ([py, "-m", "backcare", "--help"], env),
            "minimal --help": ([py, minimal, "--help"], env),
        }
        if shutil.which("script"):
            # In a terminal backcare's help is drawn by rich, as the minimal app's always is.
            def in_terminal(*argv: str) -> list[str]:
                return ["script", "-qec", shlex.join(argv), "/dev/null"]

            commands["backcare --help (terminal)"] = (
                in_terminal(py, "-m", "backcare", "--help"), env)
            commands["minimal --help (terminal)"] = (in_terminal(py, minimal, "--help"), env)
        medians = alternate(commands, rounds)
    for name, seconds in medians.items():
        print(f"{name:<50} {seconds * 1000:7.1f} ms")
    ratios = {
        "check --json": medians["backcare check --no-input --no-red-flags --json"]
        / medians["minimal check --json"],
        "--help": medians["backcare --help"] / medians["minimal --help"],
    }
    if "backcare --help (terminal)" in medians:
        ratios["--help terminal"] = (medians["backcare --help (terminal)"]
                                     / medians["minimal --help (terminal)"])
    ok = True
    for name, ratio in ratios.items():
        verdict = "ok" if ratio <= TARGET else "OVER TARGET"
        ok &= ratio <= TARGET
        print(f"ratio {name:<16} {ratio:5.2f}x  (target <= {TARGET}x) {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
