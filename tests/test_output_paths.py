"""Output files (`-o` of check, report and content, `--ics` of plan): written whole in their
folder, at the name given and nowhere else. A symbolic link, a link loop, a FIFO, a folder
or one of backcare's own files at that name is refused at once, before any question.

Real files and links under tmp_path. What could hang (a FIFO) runs in a subprocess with a
timeout, so a hang fails the test.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import flat, spawn_backcare

NOW = {"BACKCARE_NOW": "2026-03-02T13:00:00+00:00"}
WRITERS = {
    "report": (("report", "-o"), "--output", ".md"),
    "check": (("check", "--no-input", "--no-red-flags", "-o"), "--output", ".md"),
    "content": (("content", "-o"), "--output", ".md"),
    "plan": (("plan", "--ics"), "--ics", ".ics"),
}
"""Each command that writes a file: how it is asked to, what its option is called in the
message, and a suffix it takes."""

Cli = Callable[..., Any]


@pytest.fixture
def write(cli: Cli) -> Callable[..., Any]:
    """`write(writer, path)`: run a writer with an open episode to write of."""
    assert cli("start", "--ago", "3h", env=NOW).exit_code == 0

    def run(writer: str, path: Path) -> Any:
        args, _option, _suffix = WRITERS[writer]
        return cli(*args, str(path), env=NOW)

    return run


def refused(result: Any, *said: str) -> str:
    """Exit 2 with one line that says each of `said`, and no traceback."""
    assert result.exit_code == 2, result.stderr
    line: str = result.stderr.strip()
    assert len(line.splitlines()) == 1 and "Traceback" not in line, line
    for words in said:
        assert words in line, line
    return line


def listing(folder: Path) -> dict[str, str]:
    """What is in `folder`: each name, and where it links to or what it holds."""
    return {p.name: (f"-> {os.readlink(p)}" if p.is_symlink() else p.read_text(encoding="utf-8"))
            for p in folder.iterdir()}


@pytest.mark.parametrize("writer", WRITERS)
def test_a_link_at_the_output_name_is_refused_and_its_target_kept(
        write: Callable[..., Any], tmp_path: Path, writer: str) -> None:
    _args, option, suffix = WRITERS[writer]
    out = tmp_path / "out"
    out.mkdir()
    (out / "mine.txt").write_text("my own words", encoding="utf-8")
    link = out / ("handout" + suffix)
    link.symlink_to("mine.txt")
    before = listing(out)
    refused(write(writer, link), option, str(link), "symbolic link", "name the file itself")
    assert listing(out) == before


@pytest.mark.parametrize("writer", WRITERS)
def test_a_dangling_link_is_refused_and_nothing_is_made_where_it_points(
        write: Callable[..., Any], tmp_path: Path, writer: str) -> None:
    _args, option, suffix = WRITERS[writer]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    link = tmp_path / ("handout" + suffix)
    link.symlink_to(elsewhere / "made.txt")
    refused(write(writer, link), option, str(link), "symbolic link")
    assert list(elsewhere.iterdir()) == []
    assert link.is_symlink()


@pytest.mark.parametrize("writer", WRITERS)
def test_a_link_loop_at_the_output_name_is_refused(
        write: Callable[..., Any], tmp_path: Path, writer: str) -> None:
    _args, option, suffix = WRITERS[writer]
    loop = tmp_path / ("loop" + suffix)
    loop.symlink_to(loop.name)
    refused(write(writer, loop), option, str(loop), "loops")
    assert os.readlink(loop) == loop.name


@pytest.mark.parametrize("writer", WRITERS)
def test_a_link_loop_on_the_way_to_the_output_is_refused(
        write: Callable[..., Any], tmp_path: Path, writer: str) -> None:
    _args, option, suffix = WRITERS[writer]
    (tmp_path / "a").symlink_to("b")
    (tmp_path / "b").symlink_to("a")
    path = tmp_path / "a" / ("handout" + suffix)
    refused(write(writer, path), option, str(path), "loop")


@pytest.mark.parametrize("writer", WRITERS)
def test_a_fifo_at_the_output_name_is_refused_at_once(
        backcare_home: Path, tmp_path: Path, writer: str) -> None:
    args, option, suffix = WRITERS[writer]
    env = {**os.environ, **NOW}
    start = [sys.executable, "-m", "backcare", "start", "--ago", "3h"]
    assert subprocess.run(start, env=env, capture_output=True, timeout=20).returncode == 0
    fifo = tmp_path / ("handout" + suffix)
    os.mkfifo(fifo)
    done = subprocess.run([sys.executable, "-m", "backcare", *args, str(fifo)], env=env,
                          capture_output=True, text=True, timeout=10,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 2, done.stderr
    line = done.stderr.strip()
    assert len(line.splitlines()) == 1
    assert option in line and str(fifo) in line and "not a regular file" in line
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


@pytest.mark.parametrize("writer", WRITERS)
def test_a_link_to_the_log_is_one_of_backcares_own_files(
        write: Callable[..., Any], backcare_home: Path, tmp_path: Path, writer: str) -> None:
    _args, option, suffix = WRITERS[writer]
    log = backcare_home / "state.json"
    before = log.read_bytes()
    soft = tmp_path / ("soft" + suffix)
    soft.symlink_to(log)
    hard = tmp_path / ("hard" + suffix)
    os.link(log, hard)
    for path in (soft, hard):
        refused(write(writer, path), option, str(path), "backcare's own files")
    assert log.read_bytes() == before
    assert soft.is_symlink() and hard.read_bytes() == before


def test_the_log_named_through_a_linked_folder_is_refused(
        write: Callable[..., Any], backcare_home: Path, tmp_path: Path) -> None:
    log = backcare_home / "state.json"
    before = log.read_bytes()
    (tmp_path / "via").symlink_to(backcare_home)
    refused(write("report", tmp_path / "via" / "state.json"), "backcare's own files")
    assert log.read_bytes() == before


@pytest.mark.parametrize("writer", WRITERS)
def test_a_file_in_a_linked_folder_is_written_whole_at_its_name(
        write: Callable[..., Any], tmp_path: Path, writer: str) -> None:
    """The folder may be reached through a link; the file is made there, in one piece,
    replacing the old one, with no temp file left beside it."""
    _args, _option, suffix = WRITERS[writer]
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "via").symlink_to(real)
    name = "handout" + suffix
    (real / name).write_text("old", encoding="utf-8")
    result = write(writer, tmp_path / "via" / name)
    assert result.exit_code == 0, result.stderr
    assert [p.name for p in real.iterdir()] == [name]
    written = real / name
    assert not written.is_symlink() and stat.S_ISREG(os.lstat(written).st_mode)
    text = written.read_text(encoding="utf-8")
    assert text != "old" and len(text) > 100
    assert (tmp_path / "via").is_symlink()


def test_a_linked_output_is_refused_before_any_question(
        backcare_home: Path, tmp_path: Path) -> None:
    target = tmp_path / "mine.md"
    target.write_text("my own words", encoding="utf-8")
    link = tmp_path / "handout.md"
    link.symlink_to(target)
    screen = spawn_backcare(backcare_home, "check", "-o", str(link))
    code = screen.finish()
    assert code == 2, screen.text
    said = flat(screen.text)  # wrapped to the terminal
    assert "symbolic link" in said and str(link) in said
    assert "?" not in said, "no question was asked"
    assert target.read_text(encoding="utf-8") == "my own words"


OWN_NAMES = ["state.json.archive.jsonl", "state.json.lock", "state.json.v3.bak",
             "state.json.v3.2.bak", ".state.json.k2x9.tmp"]
"""Names backcare keeps beside its log, whether or not they exist yet."""


@pytest.mark.parametrize("name", OWN_NAMES)
def test_a_name_backcare_keeps_beside_its_log_is_refused_before_it_exists(
        write: Callable[..., Any], cli: Cli, backcare_home: Path, name: str) -> None:
    """An archive not made yet would be made by the handout, and read as a broken one."""
    (backcare_home / name).unlink(missing_ok=True)
    before = listing(backcare_home)
    refused(cli("report", "--format", "json", "-o", str(backcare_home / name), env=NOW),
            "backcare's own files")
    assert listing(backcare_home) == before


@pytest.mark.parametrize("name", OWN_NAMES)
def test_a_name_kept_beside_a_linked_log_is_refused_there(
        write: Callable[..., Any], cli: Cli, backcare_home: Path, tmp_path: Path,
        name: str) -> None:
    """With state.json a link into a synced folder, backcare keeps its files beside the
    file it points to, named after it."""
    synced = tmp_path / "Sync"
    synced.mkdir()
    (backcare_home / "state.json").rename(synced / "log.json")
    (backcare_home / "state.json").symlink_to(synced / "log.json")
    before = listing(synced)
    own = synced / name.replace("state.json", "log.json")
    refused(cli("report", "--format", "json", "-o", str(own), env=NOW), "backcare's own files")
    assert listing(synced) == before


def bad_outputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Each kind of output name a check refuses, made for real, and what the refusal says."""
    fifo = tmp_path / "fifo.md"
    os.mkfifo(fifo)
    loop = tmp_path / "loop.md"
    loop.symlink_to(loop.name)
    (tmp_path / "folder.md").mkdir()
    return {"a FIFO": (fifo, "not a regular file"), "a link loop": (loop, "loops"),
            "a device": (Path(os.devnull), "not a regular file"),
            "a folder": (tmp_path / "folder.md", "is a folder"),
            "a missing folder": (tmp_path / "missing" / "h.md", "does not exist"),
            "an unknown suffix": (tmp_path / "x.pdf", "cannot tell the format")}


@pytest.mark.parametrize("bad", ["a FIFO", "a link loop", "a device", "a folder",
                                 "a missing folder", "an unknown suffix"])
def test_a_bad_output_never_hides_or_loses_a_scripted_emergency(
        backcare_home: Path, tmp_path: Path, bad: str) -> None:
    """Nothing is asked, so nothing is wasted by assessing first: the result is shown and
    kept, then the output is refused with the same one line, exit 2."""
    path, said = bad_outputs(tmp_path)[bad]
    env = {**os.environ, **NOW}
    done = subprocess.run([sys.executable, "-m", "backcare", "check", "--no-input",
                           "--red-flag", "saddle-numbness", "--save", "--plain", "-o",
                           str(path)], env=env, capture_output=True, text=True, timeout=20,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 2, done.stderr
    assert done.stdout.startswith("EMERGENCY: CALL 911 NOW"), done.stdout
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("backcare: ") and said in last, done.stderr
    assert "Started episode 1" in done.stderr and "Traceback" not in done.stderr
    history = subprocess.run([sys.executable, "-m", "backcare", "history", "--json"],
                             env=env, capture_output=True, text=True, timeout=20)
    checks = json.loads(history.stdout)["episodes"][0]["checks"]
    assert [c["level"] for c in checks] == ["emergency"]
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "missing").exists()


def test_an_asked_check_refuses_a_bad_output_before_the_first_question(
        backcare_home: Path, tmp_path: Path) -> None:
    """In a terminal the name is checked first, so no answer is wasted and, with nothing
    assessed yet, no result can be hidden."""
    screen = spawn_backcare(backcare_home, "check", "-o", str(tmp_path / "x.pdf"))
    assert screen.finish() == 2
    said = flat(screen.text)
    assert "cannot tell the format of x.pdf" in said and "?" not in said
    assert not backcare_home.exists()
