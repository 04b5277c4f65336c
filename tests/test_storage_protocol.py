"""Issue 17: one storage protocol for everything backcare keeps. The log and the archive of
ended episodes are read strictly, written whole or not at all, and tell one story after a
fault at any instant; no file fault delays or hides a warning sign. Every fault here is
made with real files and real processes."""

from __future__ import annotations

import json
import os
import re
import resource
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec
import pytest

from backcare.episode import Episode, State
from backcare.state import SCHEMA_VERSION

T0 = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
NOW = (T0 + timedelta(days=40)).isoformat()
EMERGENCY = ["check", "--no-input", "--red-flag", "saddle-numbness", "--save", "--plain"]
FIRST_LINE = "EMERGENCY: CALL 911 NOW"


def run(home: Path, *args: str, now: str = NOW, preexec: Callable[[], None] | None = None,
        timeout: float = 30) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BACKCARE_HOME": str(home), "BACKCARE_NOW": now}
    env.pop("BACKCARE_DEBUG", None)
    if preexec is not None:  # Python itself would cut a byte-code file at a file-size limit
        env["PYTHONDONTWRITEBYTECODE"] = "1"
    return subprocess.run([sys.executable, "-m", "backcare", *args], capture_output=True,
                          text=True, env=env, timeout=timeout, preexec_fn=preexec,
                          stdin=subprocess.DEVNULL)


def at(cli: Any, moment: datetime, *args: str) -> Any:
    done = cli(*args, env={"BACKCARE_NOW": moment.isoformat()})
    assert done.exit_code == 0, done.stderr
    return done


def ended_episodes(cli: Any, count: int, notes: int = 6) -> None:
    """`count` ended episodes and an open one: all but the last ended are archived."""
    for n in range(count):
        start = T0 + timedelta(days=10 * n)
        at(cli, start, "start")
        for k in range(notes):
            at(cli, start + timedelta(hours=k + 1), "pain", str(k % 11), "--note",
               f"episode {n + 1} entry {k}")
        at(cli, start + timedelta(days=2), "end", "--yes")
    at(cli, T0 + timedelta(days=10 * count), "start")


def history_ids(home: Path) -> list[int]:
    done = run(home, "history", "--json")
    assert done.returncode == 0, done.stderr
    return [e["id"] for e in json.loads(done.stdout)["episodes"]]


def files(home: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(home.iterdir())
            if p.is_file() and not p.name.endswith(".lock")}


def archive(home: Path) -> Path:
    return home / "state.json.archive.jsonl"


def limit_file_size(size: int) -> Callable[[], None]:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


# ------------------------------------------------------------------ the archive


def test_a_short_write_of_the_archive_keeps_every_episode(cli: Any, backcare_home: Path
                                                          ) -> None:
    ended_episodes(cli, 3, notes=12)
    assert archive(backcare_home).stat().st_size > 2000
    before = files(backcare_home)
    limit = archive(backcare_home).stat().st_size + 100  # the rewrite cannot fit
    done = run(backcare_home, "start", "--ago", "1h", "--new", preexec=limit_file_size(limit))
    assert done.returncode == 1, done.stderr
    assert str(archive(backcare_home)) in done.stderr and "file-size limit" in done.stderr
    assert files(backcare_home) == before  # nothing changed, nothing half-written
    assert history_ids(backcare_home) == [1, 2, 3, 4]
    assert run(backcare_home, "start", "--ago", "1h", "--new").returncode == 0  # limit gone
    assert history_ids(backcare_home) == [1, 2, 3, 4, 5]
    assert archive(backcare_home).read_bytes().endswith(b"\n")


def test_an_archive_that_no_longer_parses_is_never_written(cli: Any,
                                                           backcare_home: Path) -> None:
    ended_episodes(cli, 3)
    with archive(backcare_home).open("ab") as fh:
        fh.write(b'{"id": 9, "onset": "2026-')  # cut short by an older backcare
    before = files(backcare_home)
    done = run(backcare_home, "start", "--ago", "1h", "--new")
    assert done.returncode == 1
    assert str(archive(backcare_home)) in done.stderr and "cut short" in done.stderr
    assert "has not changed it" in done.stderr
    assert files(backcare_home) == before  # the open episode is still open, nothing lost
    shown = run(backcare_home, "history", "--json")
    assert shown.returncode == 1 and str(archive(backcare_home)) in shown.stderr


def test_an_episode_left_in_both_files_by_a_crash_is_kept_once(cli: Any,
                                                                backcare_home: Path) -> None:
    ended_episodes(cli, 3)
    kept = json.loads((backcare_home / "state.json").read_text(encoding="utf-8"))
    ended = next(e for e in kept["episodes"] if e["ended_at"])
    lines = archive(backcare_home).read_text(encoding="utf-8")
    # as if killed after the archive was replaced and before the log was
    archive(backcare_home).write_text(lines + json.dumps(ended) + "\n", encoding="utf-8")
    assert history_ids(backcare_home) == [1, 2, 3, 4]
    assert run(backcare_home, "start", "--ago", "1h", "--new").returncode == 0
    assert run(backcare_home, "start", "--ago", "1h", "--new").returncode == 0
    ids = [json.loads(line)["id"] for line in archive(backcare_home).read_text().splitlines()]
    assert ids == [1, 2, 3, 4]
    assert history_ids(backcare_home) == [1, 2, 3, 4, 5, 6]


def test_an_archive_holding_one_episode_twice_differently_is_refused(
        cli: Any, backcare_home: Path) -> None:
    ended_episodes(cli, 3)
    first = archive(backcare_home).read_text(encoding="utf-8").splitlines()[0]
    other = json.loads(first)
    other["pain"] = other["pain"][:1]
    with archive(backcare_home).open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(other) + "\n")
    done = run(backcare_home, "history", "--json")
    assert done.returncode == 1 and "episode 1 again" in done.stderr


def test_a_fifo_as_the_archive_never_hangs_and_never_hides_an_emergency(
        cli: Any, backcare_home: Path) -> None:
    ended_episodes(cli, 3)
    log = backcare_home / "state.json"
    kept = json.loads(log.read_text(encoding="utf-8"))
    kept["episodes"][-1]["ended_at"] = (T0 + timedelta(days=35)).isoformat()
    log.write_text(json.dumps(kept), encoding="utf-8")  # two ended: the next write archives
    archive(backcare_home).unlink()
    os.mkfifo(archive(backcare_home))
    before = log.read_bytes()
    for args in (EMERGENCY, ["start", "--ago", "1h"]):
        done = run(backcare_home, *args, timeout=15)
        assert done.returncode == 1 and "not a regular file" in done.stderr
        assert str(archive(backcare_home)) in done.stderr
    assert done.stdout == "" and run(backcare_home, *EMERGENCY).stdout.startswith(FIRST_LINE)
    assert log.read_bytes() == before
    assert stat.S_ISFIFO(archive(backcare_home).lstat().st_mode)


def archived_lines(home: Path) -> list[bytes]:
    return archive(home).read_bytes().splitlines(keepends=True)


@pytest.mark.parametrize("aside", ["moved aside", "deleted", "last_id cleared by hand"])
def test_a_log_started_again_beside_the_archive_loses_no_archived_episode(
        cli: Any, backcare_home: Path, aside: str) -> None:
    """backcare's own advice for a broken log is to move it aside: the archive stays, and a
    new log numbers its episodes after it, so no archived episode is shown under another's
    id or replaced when the new one is archived."""
    ended_episodes(cli, 3)  # 1 and 2 archived, 3 ended and 4 open in the log
    kept = archived_lines(backcare_home)
    log = backcare_home / "state.json"
    if aside == "moved aside":
        log.rename(backcare_home / "state.json.broken")
    elif aside == "deleted":
        log.unlink()
    else:
        log.write_text(json.dumps({"schema_version": SCHEMA_VERSION, "episodes": [],
                                   "last_id": 0}),
                       encoding="utf-8")
    started = at(cli, T0 + timedelta(days=50), "start")
    assert "Started episode 3:" in started.stderr
    at(cli, T0 + timedelta(days=51), "end", "--yes")
    at(cli, T0 + timedelta(days=60), "start")
    at(cli, T0 + timedelta(days=61), "end", "--yes")
    at(cli, T0 + timedelta(days=70), "start")  # archives the new episode 3
    assert archived_lines(backcare_home)[:2] == kept  # the old episodes, byte for byte
    assert history_ids(backcare_home) == [1, 2, 3, 4, 5]
    report = run(backcare_home, "report", "--episode", "1", "--format", "json")
    assert json.loads(report.stdout)["episode"] == 1
    assert "episode 1 entry 0" in report.stdout


def test_archiving_never_replaces_another_episode_under_the_same_id(
        cli: Any, backcare_home: Path) -> None:
    """A log an older backcare started again numbered from 1 again: its episode 1 is not the
    archive's episode 1. Both are shown, and archiving the new one is refused, not done by
    replacing the old one."""
    ended_episodes(cli, 3)
    old = json.loads(archived_lines(backcare_home)[0])
    log = backcare_home / "state.json"
    again = T0 + timedelta(days=50)
    log.write_text(json.dumps({"schema_version": SCHEMA_VERSION, "last_id": 2, "episodes": [
        {"id": 1, "onset": again.isoformat(), "ended_at": (again + timedelta(days=1)).isoformat()},
        {"id": 2, "onset": (again + timedelta(days=5)).isoformat()}]}), encoding="utf-8")
    shown = run(backcare_home, "history", "--json")
    onsets = [(e["id"], datetime.fromisoformat(e["onset"]))
              for e in json.loads(shown.stdout)["episodes"]]
    assert onsets == [(1, T0), (2, T0 + timedelta(days=10)), (1, again),
                      (2, again + timedelta(days=5))]
    before = files(backcare_home)
    done = run(backcare_home, "start", "--new", "--ago", "1h",  # would archive the new 1
               now=(again + timedelta(days=6)).isoformat())
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith(f"backcare: {archive(backcare_home)}: ")
    assert "already holds an episode 1" in done.stderr
    assert "changed neither file" in done.stderr and "the id 4" in done.stderr
    assert files(backcare_home) == before
    assert json.loads(archived_lines(backcare_home)[0]) == old


# ------------------------------------------------------------------ reading the archive


def broken_archives() -> dict[str, Callable[[Path], None]]:
    def fifo(path: Path) -> None:
        path.unlink()
        os.mkfifo(path)

    def bad_line(path: Path) -> None:
        with path.open("ab") as fh:
            fh.write(b'{"id": "x"}\n')

    def twice(path: Path) -> None:
        first = json.loads(path.read_bytes().splitlines()[0])
        first["pain"] = first["pain"][:1]
        with path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(first) + "\n")

    return {"a FIFO": fifo, "a bad last line": bad_line, "an episode twice": twice}


@pytest.mark.parametrize("fault", broken_archives())
@pytest.mark.parametrize("form", [["--json"], ["--plain"]])
def test_a_broken_archive_gives_history_only_the_error(
        cli: Any, backcare_home: Path, fault: str, form: list[str]) -> None:
    ended_episodes(cli, 3)
    broken_archives()[fault](archive(backcare_home))
    done = run(backcare_home, "history", *form, timeout=15)
    assert done.returncode == 1, done.stdout
    assert done.stdout == ""  # no list begun, no JSON cut short
    assert str(archive(backcare_home)) in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("form", [["--json"], ["--plain"]])
def test_history_whose_reader_goes_away_stops_quietly(
        cli: Any, backcare_home: Path, form: list[str]) -> None:
    """`backcare history | head`: a closed pipe is the reader's doing, not a broken archive."""
    ended_episodes(cli, 3)
    env = {**os.environ, "BACKCARE_HOME": str(backcare_home), "BACKCARE_NOW": NOW}
    child = subprocess.Popen([sys.executable, "-m", "backcare", "history", *form], env=env,
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # gone before backcare writes a word: every write fails
    assert child.wait(timeout=30) == 141
    assert child.stderr.read() == b""
    child.stderr.close()


# ------------------------------------------------------------------ the log's paths


def test_a_symlink_loop_at_the_log_still_shows_the_result_first(backcare_home: Path) -> None:
    backcare_home.mkdir(mode=0o700)
    (backcare_home / "state.json").symlink_to("state.json")
    done = run(backcare_home, *EMERGENCY)
    assert done.stdout.startswith(FIRST_LINE), done.stdout
    assert done.returncode == 1
    assert str(backcare_home / "state.json") in done.stderr
    assert "loops" in done.stderr and "unexpected error" not in done.stderr
    unsaved = run(backcare_home, "check", "--no-input", "--red-flag", "saddle-numbness",
                  "--plain")
    assert unsaved.stdout.startswith(FIRST_LINE) and "could not be read" in unsaved.stderr


def test_a_symlinked_log_is_followed_and_stays_a_link(backcare_home: Path,
                                                      tmp_path: Path) -> None:
    assert run(backcare_home, "start", "--ago", "2h").returncode == 0
    synced = tmp_path / "Sync"
    synced.mkdir()
    target = synced / "backcare.json"
    (backcare_home / "state.json").rename(target)
    (backcare_home / "state.json").symlink_to(target)
    assert run(backcare_home, "pain", "6", "--note", "kept in sync").returncode == 0
    assert (backcare_home / "state.json").is_symlink()
    kept = json.loads(target.read_text(encoding="utf-8"))
    assert kept["episodes"][0]["pain"][0]["note"] == "kept in sync"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    # its lock beside it, and no temp file left
    assert sorted(p.name for p in synced.iterdir()) == ["backcare.json", "backcare.json.lock"]


def test_forget_deletes_a_linked_log_and_what_is_kept_beside_it(
        cli: Any, backcare_home: Path, tmp_path: Path) -> None:
    """A state.json that links to a synced file: that file is the person's log, and forget
    deletes it, and its archive, backups and lock, with the link; and says so."""
    synced = tmp_path / "Sync"
    synced.mkdir()
    target = synced / "backcare.json"
    old = msgspec.to_builtins(State(schema_version=3, episodes=[
        Episode(id=1, onset=T0, ended_at=T0 + timedelta(days=2)),
        Episode(id=2, onset=T0 + timedelta(days=10), ended_at=T0 + timedelta(days=12))]))
    del old["last_id"]
    target.write_text(json.dumps(old), encoding="utf-8")
    backcare_home.mkdir(mode=0o700)
    (backcare_home / "state.json").symlink_to(target)
    at(cli, T0 + timedelta(days=20), "start")  # upgrades, and archives episode 1
    assert sorted(p.name for p in synced.iterdir()) == [
        "backcare.json", "backcare.json.archive.jsonl", "backcare.json.lock",
        "backcare.json.v3.bak"]
    assert history_ids(backcare_home) == [1, 2, 3]
    done = run(backcare_home, "forget", "--yes")
    assert done.returncode == 0, done.stderr
    assert str(target) in done.stderr and "4 files" in done.stderr
    assert list(synced.iterdir()) == [] and list(backcare_home.iterdir()) == []
    assert history_ids(backcare_home) == []


def test_an_archive_left_beside_the_link_is_named_not_passed_over(
        cli: Any, backcare_home: Path, tmp_path: Path) -> None:
    """An earlier backcare kept the archive of a linked log beside the link: its episodes
    are never hidden, nor their ids given again; backcare says how to join it to the log's."""
    ended_episodes(cli, 3)  # 1 and 2 archived beside state.json
    synced = tmp_path / "Sync"
    synced.mkdir()
    (backcare_home / "state.json").rename(synced / "log.json")
    (backcare_home / "state.json").symlink_to(synced / "log.json")
    stray = archive(backcare_home)
    for args in (["history"], ["start", "--new"], ["report", "--episode", "1"]):
        done = run(backcare_home, *args)
        assert done.returncode == 1, done.stderr
        assert done.stderr.startswith(f"backcare: {stray}: ") and done.stdout == ""
    advice = re.search(r"\((cat .*)\)", done.stderr)
    assert advice is not None, done.stderr
    subprocess.run(advice.group(1), shell=True, check=True)  # as the person would
    assert not stray.exists()
    assert history_ids(backcare_home) == [1, 2, 3, 4]
    assert run(backcare_home, "start", "--new").returncode == 0
    assert history_ids(backcare_home) == [1, 2, 3, 4, 5]


def test_a_dangling_symlinked_log_is_an_error_not_an_empty_log(backcare_home: Path,
                                                               tmp_path: Path) -> None:
    backcare_home.mkdir(mode=0o700)
    link = backcare_home / "state.json"
    link.symlink_to(tmp_path / "unmounted" / "backcare.json")
    for args in (["status"], ["history"], ["pain", "4"]):
        done = run(backcare_home, *args)
        assert done.returncode == 1, (args, done.stdout)
        assert str(link) in done.stderr and "does not exist" in done.stderr
        assert "No episode" not in done.stdout
    assert link.is_symlink() and not (tmp_path / "unmounted").exists()


def test_a_read_only_log_is_never_replaced(cli: Any, backcare_home: Path) -> None:
    at(cli, T0, "start")
    log = backcare_home / "state.json"
    log.chmod(0o444)
    before = log.read_bytes()
    done = run(backcare_home, "pain", "5", now=(T0 + timedelta(hours=2)).isoformat())
    assert done.returncode == 1
    assert str(log) in done.stderr and "read-only" in done.stderr
    assert "chmod u+w" in done.stderr
    assert log.read_bytes() == before and stat.S_IMODE(log.stat().st_mode) == 0o444
    assert run(backcare_home, "status").returncode == 0  # reading it is fine


def test_a_fifo_as_the_lock_is_refused_at_once_after_the_result(backcare_home: Path) -> None:
    backcare_home.mkdir(mode=0o700)
    os.mkfifo(backcare_home / "state.json.lock")
    done = run(backcare_home, *EMERGENCY, timeout=15)
    assert done.stdout.startswith(FIRST_LINE)
    assert done.returncode == 1 and str(backcare_home / "state.json.lock") in done.stderr


def test_folders_backcare_creates_are_private_whatever_the_umask(tmp_path: Path) -> None:
    home = tmp_path / "a" / "b" / "home"

    def open_umask() -> None:
        os.umask(0)

    done = run(home, "start", preexec=open_umask)
    assert done.returncode == 0, done.stderr
    for folder in (tmp_path / "a", tmp_path / "a" / "b", home):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert stat.S_IMODE((home / "state.json").stat().st_mode) == 0o600


@pytest.mark.slow
def test_two_homes_linked_to_one_log_share_its_lock_and_archive(tmp_path: Path) -> None:
    """Two homes (two machines' links into one synced folder, or two users' settings) whose
    state.json links to one log: their writers take one lock, so none is lost, and each
    home reads the one archive."""
    shared = tmp_path / "Sync"
    shared.mkdir()
    log = shared / "log.json"
    homes = [tmp_path / "one", tmp_path / "two"]
    assert run(tmp_path / "first", "start", "--ago", "3h").returncode == 0
    (tmp_path / "first" / "state.json").rename(log)
    for home in homes:
        home.mkdir(mode=0o700)
        (home / "state.json").symlink_to(log)
    procs = []
    for n in range(40):
        env = {**os.environ, "BACKCARE_HOME": str(homes[n % 2]), "BACKCARE_NOW": NOW}
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "backcare", "pain", str(n % 11), "--note", f"writer {n}"],
            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE))
    for proc in procs:
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    kept = json.loads(log.read_text(encoding="utf-8"))
    notes = sorted(p["note"] for p in kept["episodes"][0]["pain"])
    assert notes == sorted(f"writer {n}" for n in range(40))
    for home, when in zip(homes * 2, range(1, 5), strict=True):  # ends and starts, by turns
        assert run(home, "start", "--new", "--ago", "1h",
                   now=(T0 + timedelta(days=40 + when)).isoformat()).returncode == 0
    assert sorted(p.name for p in shared.iterdir()) == [
        "log.json", "log.json.archive.jsonl", "log.json.lock"]
    for home in homes:
        assert history_ids(home) == [1, 2, 3, 4, 5]
        assert sorted(p.name for p in home.iterdir()) == ["state.json"]


# ------------------------------------------------------------------ a small disk


@pytest.fixture
def small_disk(tmp_path: Path) -> Any:
    """A 64 KiB tmpfs: a real full disk. Mounting needs root's CAP_SYS_ADMIN."""
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs",
                           str(mount)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {made.stderr.strip()}")
    yield mount
    subprocess.run(["umount", str(mount)], check=True)


def test_a_full_disk_then_freed_keeps_a_whole_archive(cli: Any, small_disk: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    home = small_disk / "home"
    monkeypatch.setenv("BACKCARE_HOME", str(home))
    ended_episodes(cli, 3, notes=20)
    filler = small_disk / "filler"
    free = os.statvfs(small_disk).f_bavail * os.statvfs(small_disk).f_frsize
    filler.write_bytes(b"x" * (free - 2048))  # too little room for a new archive
    before = files(home)
    done = run(home, "start", "--ago", "1h", "--new")
    assert done.returncode == 1 and "disk is full" in done.stderr, done.stderr
    assert files(home) == before
    filler.unlink()
    assert run(home, "start", "--ago", "1h", "--new").returncode == 0
    assert history_ids(home) == [1, 2, 3, 4, 5]
    for line in archive(home).read_text(encoding="utf-8").splitlines():
        json.loads(line)  # each line whole: nothing glued onto a fragment


# ------------------------------------------------------------------ a held lock


@pytest.mark.slow
def test_a_held_lock_delays_no_warning_sign_and_is_named(backcare_home: Path) -> None:
    from filelock import FileLock

    backcare_home.mkdir(mode=0o700)
    env = {**os.environ, "BACKCARE_HOME": str(backcare_home), "BACKCARE_NOW": NOW}
    with FileLock(str(backcare_home / "state.json.lock")):
        started = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-m", "backcare", *EMERGENCY], env=env,
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        assert proc.stdout is not None and proc.stderr is not None
        first = proc.stdout.readline()
        shown_after = time.monotonic() - started
        _out, err = proc.communicate(timeout=30)
        waited = time.monotonic() - started
    assert first.startswith(FIRST_LINE)
    # shown before the 10-second wait on the lock, not after it: on a loaded machine the
    # start alone can take seconds, so the test is against the wait, not a wall clock
    assert shown_after < waited - 5, (
        f"the emergency came {shown_after:.1f} s after the start, {waited:.1f} s in all")
    assert proc.returncode == 1
    assert "another backcare command is using your log; try again in a moment" in err
    assert "unexpected error" not in err
    assert waited < 15
    assert not (backcare_home / "state.json").exists()


# ------------------------------------------------------------------ --exit-code


def test_with_exit_code_a_warning_sign_outranks_a_file_fault(backcare_home: Path,
                                                              tmp_path: Path) -> None:
    """A script routing on the exit code never takes an emergency for a broken file or a
    bad output name: the level's code wins, and the problem is still said."""
    backcare_home.mkdir(mode=0o700)
    log = backcare_home / "state.json"
    log.write_text("not json", encoding="utf-8")
    done = run(backcare_home, *EMERGENCY, "--exit-code")
    assert done.stdout.startswith(FIRST_LINE)
    assert done.returncode == 12, done.stderr
    assert str(log) in done.stderr
    refused = run(backcare_home, "check", "--no-input", "--red-flag", "saddle-numbness",
                  "--exit-code", "-o", str(tmp_path / "handout.pdf"))
    assert refused.stdout.startswith(FIRST_LINE)
    assert refused.returncode == 12 and "handout.pdf" in refused.stderr
    # self-care has nothing to outrank: the file fault's own code stands
    calm = run(backcare_home, "check", "--no-input", "--no-red-flags", "--save", "--exit-code")
    assert calm.returncode == 1 and str(log) in calm.stderr
    assert log.read_text(encoding="utf-8") == "not json"
