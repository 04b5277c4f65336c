"""Run the console examples of README.md and docs/*.md, and compare (or --update) their output.

Each ```console block holds one `$ command` line followed by its output. A file's blocks run
in order, in one throwaway BACKCARE_HOME of its own (an example can build on the ones above it
in the same file, never on another file's), with a fixed clock, time zone, width and language,
so the manual always shows what backcare really prints. Files run in parallel.
`tests/test_readme.py` checks each file without --update.

    python tests/readme_examples.py [--update] [FILE ...]     (default: every file)
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"```console\n\$ (?P<cmd>[^\n]*)\n(?P<out>.*?)```", re.S)
ENV = {"BACKCARE_NOW": "2026-11-20T08:00:00-06:00", "TZ": "America/Chicago",
       "COLUMNS": "80", "TERM": "dumb", "LANG": "C.UTF-8"}
# The language comes from ENV's LANG alone, whatever the shell that runs the examples says.
DROPPED = ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "NO_COLOR")
# Output no manual should show: --update refuses to write it (a half-edited tree, say).
CRASH = re.compile(r"Traceback \(most recent call last\)|backcare: unexpected error")


def documents() -> list[Path]:
    """The manual: the README, then every file of docs/."""
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def name(path: Path) -> str:
    return path.resolve().relative_to(ROOT).as_posix()


def backcare_bindir() -> str:
    here = Path(sys.executable).parent
    found = here / "backcare" if (here / "backcare").exists() else shutil.which("backcare")
    if found is None:
        raise SystemExit("backcare is not installed in this environment")
    return str(Path(found).parent)


def run(cmd: str, home: str, bindir: str, cache: str) -> str:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("BACKCARE_") and k not in DROPPED}
    env.update(ENV, BACKCARE_HOME=home, BACKCARE_CACHE=cache,
               PATH=f"{bindir}{os.pathsep}{env.get('PATH', '')}")
    done = subprocess.run(["bash", "-c", cmd], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, env=env, cwd=home, timeout=60)
    text = done.stdout
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n" if text else ""


@dataclass
class Outcome:
    path: Path
    total: int = 0
    stale: list[tuple[str, str, str]] = field(default_factory=list)
    crashed: list[str] = field(default_factory=list)

    def report(self) -> str:
        lines = []
        for cmd, want, got in self.stale:
            lines.append(f"--- {name(self.path)}: `{cmd}`")
            lines.extend(difflib.unified_diff(want.splitlines(), got.splitlines(),
                                              "the file shows", "backcare prints", lineterm=""))
        lines.append(f"{name(self.path)}: {self.total - len(self.stale)} of {self.total}"
                     " examples match")
        return "\n".join(lines)


def check(path: Path, bindir: str, cache: str, update: bool = False) -> Outcome:
    """Run one file's examples in order; with update, write what backcare printed into it."""
    text = path.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory() as home:
        results = [(m, run(m.group("cmd"), home, bindir, cache)) for m in BLOCK.finditer(text)]
    outcome = Outcome(path, len(results), [(m.group("cmd"), m.group("out"), actual)
                                           for m, actual in results if m.group("out") != actual])
    outcome.crashed = [cmd for cmd, _, actual in outcome.stale if CRASH.search(actual)]
    if update and outcome.stale and not outcome.crashed:
        out, last = [], 0
        for m, actual in results:
            out.append(text[last:m.start("out")] + actual)
            last = m.end("out")
        path.write_text("".join(out) + text[last:], encoding="utf-8")
    return outcome


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="rewrite the examples' output")
    parser.add_argument("files", nargs="*", type=Path, help="default: README.md and docs/*.md")
    args = parser.parse_args()
    paths = args.files or documents()
    bindir = backcare_bindir()
    with tempfile.TemporaryDirectory() as scratch:
        cache = os.environ.get("BACKCARE_CACHE") or scratch
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            outcomes = list(pool.map(lambda p: check(p, bindir, cache, args.update), paths))
    for outcome in outcomes:
        if args.update and outcome.crashed:
            print(outcome.report())
            print(f"{name(outcome.path)}: not updated: backcare crashed on"
                  f" {', '.join(f'`{cmd}`' for cmd in outcome.crashed)}")
        elif args.update:
            print(f"{name(outcome.path)}: {outcome.total} examples, {len(outcome.stale)} updated")
        else:
            print(outcome.report())
    if not outcomes[0].total and paths[0].name == "README.md":
        print("no console examples found in README.md")
        return 1
    failed = any(o.crashed for o in outcomes) if args.update else any(o.stale for o in outcomes)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
