"""Issue 17: the content cache only saves time; it can never change a decision.

Each fault is made with real files in the test's own cache folder. The program runs in a
subprocess with a timeout, so a read that waits on a pipe fails the test, never hangs it.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import msgspec
import pytest

from backcare.loader import shipped_content
from tests.helpers import OTHER_CLINIC

NOW = "2026-04-06T14:00:00+00:00"
EMERGENCY = ("check", "--no-input", "--red-flag", "saddle-numbness", "--json")
SEAL = 32
"""A kept copy is the sha256 of its file name, a NUL and its payload, then the payload."""


def run(*args: str, umask: int = -1, **env: str) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "BACKCARE_NOW": NOW, **env}
    full.pop("BACKCARE_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "backcare", *args], capture_output=True,
                          text=True, env=full, timeout=30, umask=umask)


@pytest.fixture(scope="module")
def expected(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The emergency check as a run with no cache at all gives it."""
    folder = tmp_path_factory.mktemp("no-cache")
    done = run(*EMERGENCY, BACKCARE_HOME=str(folder / "home"),
               BACKCARE_CACHE=str(folder / "cache"))
    assert done.returncode == 0, done.stderr
    triage = json.loads(done.stdout)["triage"]
    assert triage["level"] == "emergency"
    assert triage["banner"] == "EMERGENCY: call 911 now"
    assert triage["action"].startswith("Call 911 or go to the nearest emergency department")
    return done.stdout


@pytest.fixture
def good_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sound copy of the shipped content that the program will look for, in a cache
    folder of this test's own."""
    monkeypatch.setenv("BACKCARE_CACHE", str(tmp_path / "cache"))
    shipped_content()
    [copy] = (tmp_path / "cache").glob("content-*.msgpack")
    return copy


def reseal(path: Path, payload: bytes) -> None:
    """Write `payload` with a seal that matches it, as a careful forger would."""
    seal = hashlib.sha256(path.name.encode() + b"\0" + payload).digest()
    path.write_bytes(seal + payload)


def no_levels(path: Path) -> None:
    data = msgspec.msgpack.decode(path.read_bytes()[SEAL:])
    data["levels"] = []
    reseal(path, msgspec.msgpack.encode(data))


def emergency_made_urgent(path: Path) -> None:
    kept = path.read_bytes()
    data = msgspec.msgpack.decode(kept[SEAL:])
    flag = next(f for f in data["red_flags"] if f["id"] == "saddle-numbness")
    flag["level"] = "urgent"
    path.write_bytes(kept[:SEAL] + msgspec.msgpack.encode(data))


def another_number(path: Path) -> None:
    """An edit of the bytes that still decodes and passes every coherence proof."""
    kept = path.read_bytes()
    assert b"911" in kept
    path.write_bytes(kept.replace(b"911", b"912"))


def cut_short(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:1000])


def fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def link_to_dev_zero(path: Path) -> None:
    path.unlink()
    path.symlink_to("/dev/zero")


FAULTS: dict[str, Callable[[Path], None]] = {
    "levels emptied and resealed": no_levels,
    "emergency edited to urgent": emergency_made_urgent,
    "911 edited to 912": another_number,
    "cut short": cut_short,
    "a FIFO": fifo,
    "a link to /dev/zero": link_to_dev_zero,
}


def same_triage(done: subprocess.CompletedProcess[str], expected: str) -> None:
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout == expected
    triage = json.loads(done.stdout)["triage"]
    assert triage["level"] == "emergency" and "Call 911" in triage["action"]


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_bad_cache_gives_the_same_triage_as_no_cache_and_is_rebuilt(
    fault: str, good_copy: Path, expected: str,
) -> None:
    sound = good_copy.read_bytes()
    FAULTS[fault](good_copy)
    same_triage(run(*EMERGENCY), expected)
    assert not good_copy.is_symlink()
    assert good_copy.read_bytes() == sound  # the rebuilt copy took the bad one's place
    assert [p.name for p in good_copy.parent.iterdir()] == [good_copy.name]


def test_a_sound_copy_is_read_as_it_is(good_copy: Path, expected: str) -> None:
    before = good_copy.stat()
    same_triage(run(*EMERGENCY), expected)
    after = good_copy.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    # and it was used: a run that reads the copy never parses the TOML files
    probe = ("import sys; from backcare.loader import shipped_content; shipped_content(); "
             "print('tomllib' in sys.modules)")
    used = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          env={**os.environ}, timeout=30)
    assert used.stdout.strip() == "False", used.stderr
    good_copy.write_bytes(good_copy.read_bytes()[:-1] + b"\x00")
    remade = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            env={**os.environ}, timeout=30)
    assert remade.stdout.strip() == "True", remade.stderr  # a bad copy: the files are read


def test_a_sound_copy_made_for_another_clinic_cannot_pass_for_this_one(
    good_copy: Path, expected: str, tmp_path: Path,
) -> None:
    profile = tmp_path / "riverside.toml"
    profile.write_text(OTHER_CLINIC, encoding="utf-8")
    assert shipped_content(profile).clinic.emergency_number == "999"
    [other] = [p for p in good_copy.parent.glob("content-*.msgpack") if p != good_copy]
    os.replace(other, good_copy)
    same_triage(run(*EMERGENCY), expected)


def test_a_folder_in_the_copys_place_is_left_alone(good_copy: Path, expected: str) -> None:
    good_copy.unlink()
    good_copy.mkdir()
    (good_copy / "notes.txt").write_text("not backcare's", encoding="utf-8")
    same_triage(run(*EMERGENCY), expected)
    assert (good_copy / "notes.txt").read_text(encoding="utf-8") == "not backcare's"


def test_the_cache_is_private_whatever_the_umask(tmp_path: Path, expected: str) -> None:
    cache = tmp_path / "made" / "by" / "backcare"
    same_triage(run(*EMERGENCY, umask=0, BACKCARE_CACHE=str(cache)), expected)
    for folder in (tmp_path / "made", tmp_path / "made" / "by", cache):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    [copy] = cache.iterdir()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
