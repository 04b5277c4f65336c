"""Run the README's console examples and compare (or --update) their output.

Each ```console block holds one `$ command` line followed by its output. Blocks run
in order, in one throwaway BACKCARE_HOME, with a fixed clock and time zone, so the
README always shows what backcare really prints. `tests/test_readme.py` runs it without --update.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(r"```console\n\$ (?P<cmd>[^\n]*)\n(?P<out>.*?)```", re.S)
ENV = {"BACKCARE_NOW": "2026-11-20T08:00:00-06:00", "TZ": "America/Chicago",
       "COLUMNS": "80", "TERM": "dumb"}


def run(cmd: str, home: str, bindir: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BACKCARE_")}
    env.update(ENV, BACKCARE_HOME=home, PATH=f"{bindir}{os.pathsep}{env.get('PATH', '')}")
    done = subprocess.run(["bash", "-c", cmd], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, env=env, cwd=home, timeout=60)
    text = done.stdout
    return "\n".join(line.rstrip() for line in text.splitlines()) + "\n" if text else ""


def examples(text: str, bindir: str) -> list[tuple[re.Match[str], str]]:
    with tempfile.TemporaryDirectory() as home:
        return [(m, run(m.group("cmd"), home, bindir)) for m in BLOCK.finditer(text)]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--update", action="store_true", help="rewrite the README outputs")
    args = parser.parse_args()
    here = Path(sys.executable).parent
    found = here / "backcare" if (here / "backcare").exists() else shutil.which("backcare")
    if found is None:
        raise SystemExit("backcare is not installed in this environment")
    bindir = str(Path(found).parent)
    text = README.read_text(encoding="utf-8")
    results = examples(text, bindir)
    if args.update:
        out, last = [], 0
        for m, actual in results:
            out.append(text[last:m.start("out")] + actual)
            last = m.end("out")
        README.write_text("".join(out) + text[last:], encoding="utf-8")
        print(f"updated {len(results)} examples")
        return 0
    if not results:
        print("no console examples found in README.md")
        return 1
    stale = [(m.group("cmd"), m.group("out"), actual) for m, actual in results
             if m.group("out") != actual]
    for cmd, want, got in stale:
        print(f"--- README shows for `{cmd}`:\n{want}--- backcare prints:\n{got}")
    print(f"{len(results) - len(stale)} of {len(results)} README examples match")
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
