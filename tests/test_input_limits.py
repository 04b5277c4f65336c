"""Limits on what comes in: answers files (depth, size, FIFOs and devices), pain scores of
any length, and notes; and notes already in a log, however long, shown quickly and kept.

Real files under tmp_path; time from BACKCARE_NOW. What could hang (a FIFO, a device, a
screen wrapping megabytes) runs in a subprocess with a timeout, so a hang fails the test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from backcare.episode import NOTE_LIMIT
from tests.helpers import rich_screen

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
NOW = {"BACKCARE_NOW": (T0 + timedelta(hours=5)).isoformat()}
SCRIPTED = ("check", "--no-input", "--json")
HUGE = "9" * 5000
"""More digits than Python converts to an int by default (4,300)."""
PYTHON_ADVICE = "set_int_max_str_digits"

Cli = Callable[..., Any]


def one_line_error(result: Any, code: int = 2) -> str:
    """The exit code is `code` and stderr is one line, with no traceback."""
    stderr: str = result.stderr
    returned = getattr(result, "exit_code", getattr(result, "returncode", None))
    assert returned == code, stderr
    assert "Traceback" not in stderr and "unexpected error" not in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    return stderr.strip()


def run(*args: str, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    """backcare in a subprocess that may not take longer than `timeout` seconds."""
    return subprocess.run([sys.executable, "-m", "backcare", *args], capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=timeout,
                          env={**os.environ, **NOW})


# ------------------------------------------------------------------ answers files


def test_a_deeply_nested_answers_file_is_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    line = one_line_error(run(*SCRIPTED, "--answers", str(path)))
    assert str(path) in line and "deep" in line


def test_an_answers_file_nested_past_the_limit_is_refused_though_valid_json(
        cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "nested.json"
    path.write_text(json.dumps({"red_flags": [], "symptoms": [[[[[[[[["spasm"]]]]]]]]]}),
                    encoding="utf-8")
    line = one_line_error(cli(*SCRIPTED, "--answers", str(path)))
    assert str(path) in line and "deep" in line


def test_an_answers_file_over_1_mb_is_refused_and_one_just_under_is_read(
        cli: Cli, tmp_path: Path) -> None:
    answers = json.dumps({"red_flags": [], "symptoms": ["spasm"]})
    under = tmp_path / "under.json"
    under.write_text(answers + " " * (1_000_000 - len(answers)), encoding="utf-8")
    result = cli(*SCRIPTED, "--answers", str(under))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["answers"]["symptoms"] == ["spasm"]
    over = tmp_path / "over.json"
    over.write_text(answers + " " * (1_000_001 - len(answers)), encoding="utf-8")
    line = one_line_error(cli(*SCRIPTED, "--answers", str(over)))
    assert str(over) in line and "1 MB" in line


def test_answers_over_1_mb_on_standard_input_are_refused(cli: Cli) -> None:
    answers = json.dumps({"red_flags": [], "symptoms": ["x" * 1_100_000]})
    line = one_line_error(cli(*SCRIPTED, "--answers", "-", input=answers))
    assert "stdin" in line and "1 MB" in line


def test_a_fifo_as_answers_file_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "answers.json"
    os.mkfifo(fifo)
    line = one_line_error(run(*SCRIPTED, "--answers", str(fifo), timeout=10))
    assert str(fifo) in line and "not a regular file" in line


def test_a_device_or_a_folder_as_answers_file_is_refused(tmp_path: Path) -> None:
    for name in ("/dev/zero", str(tmp_path)):
        line = one_line_error(run(*SCRIPTED, "--answers", name, timeout=10))
        assert name in line and "not a regular file" in line


def test_a_link_to_an_answers_file_is_read(cli: Cli, tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text(json.dumps({"red_flags": [], "pain": 4}), encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    result = cli(*SCRIPTED, "--answers", str(link))
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["answers"]["pain"] == 4


# ---------------------------------------------------------------- pain of any length


@pytest.mark.parametrize("pain", [HUGE, "-" + HUGE, "1" + "0" * 30])
def test_a_huge_pain_in_an_answers_file_is_out_of_range(cli: Cli, tmp_path: Path,
                                                        pain: str) -> None:
    path = tmp_path / "answers.json"
    path.write_text('{"red_flags": [], "pain": ' + pain + "}", encoding="utf-8")
    line = one_line_error(cli(*SCRIPTED, "--answers", str(path)))
    assert "pain" in line and "out of range" in line and "0 to 10" in line
    assert PYTHON_ADVICE not in line
    assert len(line) < 200, "the number is not repeated in full"


def test_a_huge_number_elsewhere_in_an_answers_file_is_refused_plainly(
        cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text('{"red_flags": [' + HUGE + "]}", encoding="utf-8")
    line = one_line_error(cli(*SCRIPTED, "--answers", str(path)))
    assert "red_flags" in line and PYTHON_ADVICE not in line


def test_a_huge_pain_flag_is_refused_in_one_line(cli: Cli) -> None:
    line = one_line_error(cli(*SCRIPTED, "--no-red-flags", "--pain", HUGE))
    assert "--pain" in line and PYTHON_ADVICE not in line


@pytest.mark.parametrize("score", [HUGE, "-" + HUGE, "11", "0" * 30 + "11"])
def test_a_huge_pain_score_gets_the_usual_error_and_nothing_is_recorded(
        cli: Cli, backcare_home: Path, score: str) -> None:
    assert cli("start", "--ago", "2h", env=NOW).exit_code == 0
    before = (backcare_home / "state.json").read_bytes()
    line = one_line_error(cli("pain", "--", score, env=NOW))
    assert "pain score" in line and "0 to 10" in line and PYTHON_ADVICE not in line
    assert len(line) < 200
    assert (backcare_home / "state.json").read_bytes() == before


def test_a_pain_score_with_leading_zeros_is_still_a_score(cli: Cli) -> None:
    assert cli("start", "--ago", "2h", env=NOW).exit_code == 0
    assert cli("pain", "007", env=NOW).exit_code == 0
    history = json.loads(cli("history", "--json", env=NOW).stdout)
    assert history["episodes"][0]["pain"][0]["score"] == 7


# ------------------------------------------------------------ long times, durations and keys

QUOTED = 60
"""What an error line may quote back of a long input, with room to spare."""


@pytest.mark.parametrize("typed", [
    ("check", "--no-red-flags", "--ago", HUGE),
    ("check", "--no-red-flags", "--ago", HUGE + "m"),
    ("check", "--no-red-flags", "--onset", HUGE),
    ("start", "--at", HUGE),
    ("start", "--ago", "1h" * 2500 + "x"),
    ("check", "--no-red-flags", "--symptom", "a" * 100_000),
], ids=["ago", "ago in minutes", "onset", "at", "ago of many parts", "symptom"])
def test_a_long_input_is_quoted_back_short(typed: tuple[str, ...]) -> None:
    args = [*typed[:1], "--no-input", *typed[1:]] if typed[0] == "check" else typed
    line = one_line_error(run(*args))
    assert len(line) < 300, line[:300]
    assert max(len(word) for word in line.split()) < QUOTED, line[:300]


@pytest.mark.parametrize("answers", [{"ago": HUGE}, {"onset": HUGE}, {"ago": "9" * 100_000},
                                     {"symptoms": ["b" * 100_000]}, {"z" * 100_000: 1}],
                         ids=["ago", "onset", "ago of 100,000 digits", "symptom", "key"])
def test_a_long_value_in_an_answers_file_is_quoted_back_short(
        tmp_path: Path, answers: dict[str, Any]) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"red_flags": [], **answers}), encoding="utf-8")
    line = one_line_error(run(*SCRIPTED, "--answers", str(path)))
    assert str(path) in line or "answers file" in line
    assert len(line) < 300 + len(str(path)), line[:300]


# ------------------------------------------------------------------------ notes typed


@pytest.mark.parametrize("command", [["pain", "5"], ["seen"]])
def test_a_note_over_the_limit_is_refused_and_nothing_is_recorded(
        cli: Cli, backcare_home: Path, command: list[str]) -> None:
    assert cli("start", "--ago", "2h", env=NOW).exit_code == 0
    before = (backcare_home / "state.json").read_bytes()
    line = one_line_error(cli(*command, "--note", "n" * (NOTE_LIMIT + 1), env=NOW))
    assert "--note" in line and str(NOTE_LIMIT) in line
    assert (backcare_home / "state.json").read_bytes() == before


def test_a_note_at_the_limit_is_kept_whole(cli: Cli) -> None:
    assert cli("start", "--ago", "2h", env=NOW).exit_code == 0
    note = "ö" * NOTE_LIMIT  # characters, not bytes
    assert cli("pain", "5", "--note", note, env=NOW).exit_code == 0
    assert cli("seen", "--note", note, env=NOW).exit_code == 0
    episode = json.loads(cli("history", "--json", env=NOW).stdout)["episodes"][0]
    assert episode["pain"][0]["note"] == note
    assert episode["seen"][0]["note"] == note
    shown = cli("history", "--plain", env=NOW).stdout
    assert "cut after" not in shown
    assert "".join(shown.split()).count("ö") == 2 * NOTE_LIMIT


# ------------------------------------------------------------ long notes already in a log

LONG_NOTE = "ache " * 1_600_000
"""8 MB of words: wrapping all of it took backcare most of a minute."""
START, END = "start-of-note ", " end-of-note"


@pytest.fixture
def long_notes(cli: Cli, backcare_home: Path) -> Path:
    """A valid log whose latest pain note and clinician's note are each megabytes long,
    written as JSON where the model reads it: the state file, as a hand or an older
    version could have left it."""
    assert cli("start", "--ago", "2h", env=NOW).exit_code == 0
    assert cli("pain", "6", "--note", "short", env=NOW).exit_code == 0
    assert cli("seen", "--note", "short", env=NOW).exit_code == 0
    path = backcare_home / "state.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    episode = data["episodes"][0]
    episode["pain"][0]["note"] = START + LONG_NOTE + END
    episode["seen"][0]["note"] = START + LONG_NOTE + END
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path


@pytest.mark.parametrize("command", [["status", "--plain"], ["history", "--plain"],
                                     ["report"], ["report", "--format", "html"]])
def test_a_long_note_in_the_log_is_shown_cut_quickly_and_kept(
        long_notes: Path, command: list[str]) -> None:
    before = long_notes.read_bytes()
    done = run(*command, timeout=6)
    assert done.returncode == 0, done.stderr
    assert START.strip() in done.stdout, "the start of the note is shown"
    assert END.strip() not in done.stdout, "the rest is not"
    assert len(done.stdout) < 30_000
    if command[0] != "report":
        assert "cut after 2000 characters" in " ".join(done.stdout.split())
        assert "history --json" in done.stdout
    else:
        assert "…" in done.stdout
    assert long_notes.read_bytes() == before


@pytest.mark.parametrize("command", ["status", "history"])
def test_a_long_note_on_a_colour_screen_is_shown_cut_quickly(
        long_notes: Path, backcare_home: Path, command: str) -> None:
    before = long_notes.read_bytes()
    out = rich_screen(backcare_home, command, NOW["BACKCARE_NOW"], columns=100, timeout=6)
    assert START.strip() in out and END.strip() not in out
    assert "history --json" in out
    assert long_notes.read_bytes() == before


def test_the_json_keeps_a_long_note_whole(long_notes: Path) -> None:
    before = long_notes.read_bytes()
    done = run("history", "--json", timeout=20)
    assert done.returncode == 0, done.stderr
    episode = json.loads(done.stdout)["episodes"][0]
    assert episode["pain"][0]["note"] == START + LONG_NOTE + END
    assert episode["seen"][0]["note"] == START + LONG_NOTE + END
    assert long_notes.read_bytes() == before
