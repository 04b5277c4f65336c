"""The README and docs/ are the user's manual: every console example in them is what backcare
prints, every link between them leads somewhere, and the README stays a ten-minute read."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests import readme_examples

ROOT = readme_examples.ROOT
README = ROOT / "README.md"
DOCUMENTS = readme_examples.documents()
DOCS = DOCUMENTS[1:]
FENCE = re.compile(r"^```.*?^```[ \t]*$", re.S | re.M)
LINK = re.compile(r"\]\((?P<target>[^)\s]+)\)")
HEADING = re.compile(r"^#{1,6} +(?P<text>.+?) *#* *$", re.M)


@pytest.mark.parametrize("path", DOCUMENTS, ids=readme_examples.name)
def test_every_console_example_is_real_output(path: Path, tmp_path: Path) -> None:
    cache = os.environ.get("BACKCARE_CACHE") or str(tmp_path)
    outcome = readme_examples.check(path, readme_examples.backcare_bindir(), cache)
    if path == README:
        assert outcome.total, "no console examples found in README.md"
    assert not outcome.stale, (outcome.report()
                               + "\nrun `python tests/readme_examples.py --update` if it is right")


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: its words in lower case, joined by hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    found: set[str] = set()
    for match in HEADING.finditer(FENCE.sub("", path.read_text(encoding="utf-8"))):
        base = slug(match.group("text"))
        anchor, n = base, 0
        while anchor in found:
            n += 1
            anchor = f"{base}-{n}"
        found.add(anchor)
    return found


@pytest.mark.parametrize("path", DOCUMENTS, ids=readme_examples.name)
def test_every_link_leads_to_a_file_and_a_heading(path: Path) -> None:
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    broken = []
    for match in LINK.finditer(text):
        target = match.group("target")
        if re.match(r"[a-z]+:", target):
            continue
        file_part, _, anchor = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        if not linked.exists():
            broken.append(f"{target}: no such file")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked):
            broken.append(f"{target}: no such heading in {readme_examples.name(linked)}")
    assert not broken, broken


def test_every_docs_file_says_its_purpose_and_is_linked_from_the_readme() -> None:
    readme = README.read_text(encoding="utf-8")
    assert DOCS, "docs/ has no files"
    for path in DOCS:
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("# ") and lines[1] == "" and lines[2] and lines[3] == "", (
            f"{path.name}: a title, then a one-line purpose")
        assert f"](docs/{path.name})" in readme, f"README does not link docs/{path.name}"


def test_readme_is_a_ten_minute_read() -> None:
    lines = README.read_text(encoding="utf-8").count("\n")
    assert lines <= 400, f"README.md has {lines} lines; move the rest to docs/"


def test_readme_quick_start_has_exactly_two_setup_commands() -> None:
    readme = README.read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [line.strip() for line in quick.splitlines() if line.startswith("    ")]
    assert len(commands) == 2
    assert commands[0].endswith("backcare check")
    assert "[test]" in commands[1] and commands[1].endswith("pytest")


def test_ci_runs_the_readme_test_commands() -> None:
    """.ci/run installs and tests as the quick start says, then adds the slow tests."""
    readme = README.read_text(encoding="utf-8")
    ci = ROOT.joinpath(".ci", "run").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert "pip install -e '.[test]'" in quick and "install -q -e '.[test]'" in ci
    assert "python -m pytest -m slow" in quick
    for command in ('python" -m pytest\n', 'python" -m pytest -m slow\n'):
        assert command in ci, command
