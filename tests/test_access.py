"""Issue 9: usable by everyone. Line mode for screen readers and dumb terminals, nothing cut
at 40 columns, a kiosk that forgets, and the frictions a new user hit."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from backcare.loader import load_content
from tests.helpers import CTRL_C, DOWN, ENTER, SPACE, UP, spawn_backcare, words

pytestmark = pytest.mark.slow  # a real terminal, processes or crashes: `pytest -m slow`

CONTENT = load_content()
Q = CONTENT.questions
NOW = "2026-03-02T10:00:00+00:00"
CURSOR_MOVES = re.compile(r"\x1b\[(\?25[lh]|\d*[ABCDHJ]|\d+;\d+H)")
LABEL = {c.id: c.label for c in [*CONTENT.triggers, *CONTENT.symptoms, *CONTENT.conditions]}
LISTED = [r for r in CONTENT.red_flags if not r.follow_up_only]
"""The warning signs on the first checklist: a follow-up-only sign is asked later."""


def line_mode(home: Path, *args: str, **env: str) -> Any:
    return spawn_backcare(home, "check", *args, env={"BACKCARE_NOW": NOW, **env},
                          dimensions=(40, 80))


@pytest.mark.parametrize("how", ["dumb", "flag", "env"])
def test_a_whole_check_line_by_line(backcare_home: Path, how: str) -> None:
    args: tuple[str, ...] = ("--line-mode",) if how == "flag" else ()
    env = {"TERM": "dumb"} if how == "dumb" else {"BACKCARE_LINE_MODE": "1"} if how == "env" \
        else {}
    screen = line_mode(backcare_home, *args, **env)
    screen.expect("0. " + Q.none_of_these)
    screen.expect("> ")
    screen.send("zero" + ENTER)  # a bad answer says why and asks again
    screen.expect("Please type 0 for")
    screen.send("0" + ENTER)
    screen.expect("You chose: " + Q.none_of_these)
    screen.expect(words(Q.age))
    screen.send("130" + ENTER)  # out of range: says why and asks again
    screen.expect("Please type a whole number from 0 to 120")
    screen.send("40" + ENTER)
    screen.expect("You chose: 40")
    screen.expect(words(Q.where))
    screen.expect("0. " + Q.none_of_these)  # the places by number, 0 for none
    screen.expect("> ")
    screen.send("0" + ENTER)
    screen.expect("You chose: " + Q.none_of_these)
    screen.expect(Q.onset)
    screen.send("2" + ENTER)
    screen.expect("You chose: 6 to 24 hours ago")
    screen.expect(Q.triggers)
    screen.send("1, 5" + ENTER)
    screen.expect(f"You chose: {LABEL['heavy-lifting']}; {LABEL['prolonged-sitting']}")
    screen.expect(Q.symptoms)
    screen.send(ENTER)  # an answer is needed: Enter alone asks again
    screen.expect("Please type 0 for")
    screen.send("0" + ENTER)
    screen.expect(Q.pain[:30])
    screen.send("11" + ENTER)
    screen.expect("Please type a whole number from 0 to 10")
    screen.send("4" + ENTER)
    screen.expect(Q.conditions[:30])
    screen.send("0" + ENTER)
    screen.expect("SELF-CARE")
    screen.expect(Q.save[:30])
    screen.send("n" + ENTER)
    assert screen.finish() == 0
    raw = screen.log.getvalue()
    assert not CURSOR_MOVES.search(raw), CURSOR_MOVES.search(raw)
    assert "done (" not in raw


def test_line_mode_ends_at_an_emergency_and_ctrl_c_exits_130(backcare_home: Path) -> None:
    screen = line_mode(backcare_home, "--line-mode")
    screen.expect("> ")
    screen.send("1" + ENTER)
    screen.expect("EMERGENCY")
    assert screen.finish() == 0
    assert Q.onset not in screen.text
    again = line_mode(backcare_home, "--line-mode")
    again.expect("> ")
    again.send(CTRL_C)
    assert again.finish() == 130


def test_the_full_screen_picker_echoes_the_answers_in_words(backcare_home: Path) -> None:
    screen = spawn_backcare(backcare_home, "check", env={"BACKCARE_NOW": NOW})
    screen.expect("[ ]")  # unticked lines say so in text
    screen.send(DOWN * len(LISTED) + SPACE)
    screen.expect("[x]")
    screen.send(ENTER)
    screen.expect("You chose: " + Q.none_of_these)
    screen.expect(Q.age[:30])
    screen.send("40" + ENTER)
    screen.expect(Q.where[:30])
    screen.send(UP + ENTER)  # Up from the top: "None of these"
    screen.expect("You chose: " + Q.none_of_these)
    screen.expect(Q.onset[:30])
    screen.send(ENTER)
    screen.expect(Q.triggers[:30])
    screen.send(SPACE + DOWN + SPACE + ENTER)
    screen.expect(words(f"You chose: {CONTENT.triggers[0].label}; {CONTENT.triggers[1].label}"))
    screen.send(CTRL_C)
    assert screen.finish() == 130
    assert "selections)" not in screen.text


# ------------------------------------------------------------------------- 40 columns


def test_at_40_columns_no_word_is_cut(backcare_home: Path) -> None:
    env = {"BACKCARE_NOW": NOW, "TERM": "dumb", "COLUMNS": "40"}
    screen = spawn_backcare(backcare_home, "check", env=env, dimensions=(24, 40))
    screen.expect("> ")
    screen.send("0" + ENTER)
    # age, where (none), onset, trigger, symptoms, pain, conditions
    for answer in ("40", "0", "1", "8", "0", "3", "5"):
        screen.expect("> ")
        screen.send(answer + ENTER)
    screen.expect(Q.save[:20])
    screen.send("n" + ENTER)
    assert screen.finish() == 0
    lines = screen.text.splitlines()
    assert all(len(line) <= 40 for line in lines), [x for x in lines if len(x) > 40]
    text = " ".join(screen.text.split())
    for label in (CONTENT.red_flags[13].detail, CONTENT.triggers[7].label,
                  CONTENT.conditions[4].label):
        assert words(label).search(text), label
    banner = CONTENT.clinic.fill(CONTENT.level_text("self-care").banner).upper()
    assert words(banner).search(text)


def test_the_result_box_title_is_never_cut(run_backcare: Any) -> None:
    done = run_backcare("check", "--no-input", "--no-red-flags",
                        env={"COLUMNS": "40", "FORCE_COLOR": "1", "TERM": "xterm"})
    banner = CONTENT.clinic.fill(CONTENT.level_text("self-care").banner).upper()
    plain = re.sub(r"\x1b\[[0-9;]*m", "", done.stdout)
    assert words(banner).search(" ".join(plain.split()))


# --------------------------------------------------------------------- the kiosk forgets


def tmux_running(home: Path, size: tuple[int, int], *args: str,
                 env: dict[str, str] | None = None) -> list[str]:
    """backcare started in a real terminal emulator (tmux, which keeps a history), with
    `env` added to its environment; returns the tmux command line to talk to it. The caller
    kills the server."""
    tmux = shutil.which("tmux")
    if tmux is None:
        if os.environ.get("BACKCARE_REQUIRE_TMUX") == "1":
            pytest.fail("tmux is needed to read a terminal's screen; .ci/run installs it")
        pytest.skip("tmux is needed to read a terminal's screen (Debian: tmux)")
    base = [tmux, "-L", f"backcare-test-{os.getpid()}-{size[0]}"]
    command = (f"BACKCARE_HOME={home} TERM=xterm "
               + "".join(f"{k}={v} " for k, v in (env or {}).items())
               + f"{sys.executable} -m backcare " + " ".join(args))
    # Python's environment, not the C library's: importing readline (pytest does) sets
    # COLUMNS=80 and LINES=24 there, and the program would draw for that size.
    env = {k: v for k, v in os.environ.items() if k not in {"COLUMNS", "LINES"}}
    subprocess.run([*base, "new-session", "-d", "-x", str(size[0]), "-y", str(size[1]),
                    command], check=True, timeout=30, env=env)
    return base


def test_the_kiosk_clears_the_scrollback_between_people(backcare_home: Path) -> None:
    from tests.test_kiosk import clinic_profile

    clinic_profile(backcare_home)
    base = tmux_running(backcare_home, (80, 30), "check", "--kiosk")

    def screen_and_history() -> str:
        return subprocess.run([*base, "capture-pane", "-p", "-S", "-", "-E", "-"],
                              capture_output=True, text=True, timeout=30).stdout

    def wait_for(text: str) -> None:
        for _ in range(150):
            if text in " ".join(screen_and_history().split()):
                return
            time.sleep(0.1)
        raise AssertionError(f"never saw {text!r}:\n{screen_and_history()}")

    def keys(*names: str) -> None:
        subprocess.run([*base, "send-keys", *names], check=True, timeout=30)

    pregnant = next(c.label for c in CONTENT.conditions if c.id == "pregnancy")
    try:
        wait_for("Español")  # the language comes first
        keys("Enter")
        wait_for("[ ]")
        keys("Up", "Space", "Enter")
        wait_for(Q.age[:20])
        keys("4", "0", "Enter")
        wait_for(Q.where[:20])
        keys("Up", "Enter")  # Up from the top: "None of these"
        wait_for(Q.onset[:20])
        keys("Enter")
        wait_for(Q.triggers[:20])
        keys("Up", "Enter")
        wait_for(Q.symptoms[:20])
        keys("Up", "Enter")
        wait_for(Q.pain[:20])
        keys("3", "Enter")
        wait_for(Q.conditions[:20])
        pregnancy = [c.id for c in CONTENT.conditions if not c.by_age].index("pregnancy")
        keys(*["Down"] * pregnancy, "Space", "Enter")
        follow_up = next(c for c in CONTENT.conditions if c.id == "pregnancy").ask_again
        wait_for(follow_up[:20])
        keys("Down", "Space", "Enter")  # "None of these", after the one sign
        wait_for("Press any key")
        assert pregnant in " ".join(screen_and_history().split())
        # a result taller than the screen: a key for each page, pressed only while a page
        # asks for it (one pressed as the last page is drawn would clear the result)
        ends = time.monotonic() + 30
        while "Press any key when you are done" not in (
                history := " ".join(screen_and_history().split())):
            assert time.monotonic() < ends, f"never saw the end of the result:\n{history}"
            if "Press any key for the rest of the result" in history:
                shown = screen_and_history()
                keys("Space")
                while screen_and_history() == shown and time.monotonic() < ends:
                    time.sleep(0.05)
            time.sleep(0.05)
        keys("x")
        # the first person's screen still shows the question, so wait for the clearing
        for _ in range(150):
            history = " ".join(screen_and_history().split())
            if pregnant not in history and "Español" in history:
                break
            time.sleep(0.1)
        assert pregnant not in history and "You chose" not in history, history
        assert "Español" in history  # the next person's first question is up
    finally:
        subprocess.run([*base, "kill-server"], capture_output=True, timeout=30)


# --------------------------------------------------------------------- the frictions


def test_forget_in_a_terminal_needs_the_word_typed(backcare_home: Path, cli: Any) -> None:
    assert cli("start").exit_code == 0
    screen = spawn_backcare(backcare_home, "forget", env={"TERM": "dumb"})
    screen.expect("Type the word forget")
    screen.send("y" + ENTER)
    assert screen.finish() == 0
    assert "Nothing deleted" in screen.text and (backcare_home / "state.json").exists()
    screen = spawn_backcare(backcare_home, "forget", env={"TERM": "dumb"})
    screen.expect("Type the word forget")
    screen.send("forget" + ENTER)
    assert screen.finish() == 0
    assert not (backcare_home / "state.json").exists()


def test_an_unknown_answer_key_gets_a_suggestion(cli: Any) -> None:
    done = cli("check", "--no-input", "--no-red-flags", "--symptom", "spsm")
    assert done.exit_code == 2 and "did you mean spasm?" in done.stderr


def test_a_negative_pain_score_gets_a_range_error(cli: Any) -> None:
    assert cli("start").exit_code == 0
    done = cli("pain", "-3")
    assert done.exit_code == 2 and "from 0 to 10" in done.stderr
    assert "No such option" not in done.stderr


def test_an_empty_no_color_keeps_colour_and_a_set_one_removes_it(backcare_home: Path) -> None:
    for value, coloured in (("", True), ("1", False)):
        screen = spawn_backcare(backcare_home, "check", "--no-input", "--no-red-flags",
                                env={"NO_COLOR": value})
        assert screen.finish() == 0
        assert bool(re.search(r"\x1b\[[0-9;]*m", screen.log.getvalue())) is coloured, value


def test_one_minute_is_singular(cli: Any) -> None:
    assert cli("start", "--ago", "1h").exit_code == 0
    done = cli("apply", "ice", "--no-timer", "--minutes", "1")
    assert "Recorded ice for 1 minute at" in done.stderr


def test_a_piped_interactive_check_says_why_it_cannot_ask(backcare_home: Path) -> None:
    import pexpect

    env = {**os.environ, "BACKCARE_HOME": str(backcare_home), "TERM": "xterm"}
    child = pexpect.spawn("bash", ["-c", f"{sys.executable} -m backcare check | cat"], env=env,
                          encoding="utf-8", timeout=30)
    child.expect(pexpect.EOF)
    assert "output is not a terminal" in child.before


def test_read_only_commands_create_nothing(tmp_path: Path, run_backcare: Any) -> None:
    home = tmp_path / "nothing-here"
    for args in (["status"], ["status", "--json"], ["history"], ["history", "--json"],
                 ["report"], ["plan"], ["--help"], ["check", "--no-input", "--no-red-flags"],
                 ["demo", "--list"]):
        run_backcare(*args, env={"BACKCARE_HOME": str(home)})
        assert not home.exists(), args


def test_plan_without_ics_lists_the_sessions(cli: Any) -> None:
    assert cli("start", env={"BACKCARE_NOW": NOW}).exit_code == 0
    done = cli("plan", env={"BACKCARE_NOW": NOW})
    assert done.exit_code == 0
    lines = done.stdout.splitlines()
    assert lines and all(re.match(r"\w{3} \d\d \w{3} \d\d:\d\d: (ice|heat|ice or heat), "
                                  r"\d+ minutes$", line) for line in lines)


def test_help_summaries_are_whole_and_every_command_has_examples(run_backcare: Any) -> None:
    top = run_backcare("--help").stdout
    assert "..." not in top.split("Commands:")[1]
    names = re.findall(r"^  (\w+) ", top.split("Commands:")[1], re.M)
    assert "check" in names and "undo" in names
    for name in names:
        assert "Examples: backcare" in run_backcare(name, "--help").stdout, name


def test_people_see_one_time_format(cli: Any) -> None:
    assert cli("start", env={"BACKCARE_NOW": NOW}).exit_code == 0
    done = cli("pain", "3", "--at", "2026-03-01T10:00:00+00:00", env={"BACKCARE_NOW": NOW})
    assert done.exit_code == 2
    assert not re.search(r"\d{4}-\d\d-\d\dT", done.stderr.replace("2026-03-01T10:00:00+00:00",
                                                                   "")), done.stderr
    assert json.loads(cli("status", "--json", env={"BACKCARE_NOW": NOW}).stdout)["now"] == NOW


def test_line_mode_draws_no_boxes_and_repeats_every_answer(backcare_home: Path) -> None:
    screen = line_mode(backcare_home, "--line-mode", **{"TERM": "xterm"})
    # 0 means none; the triggers' own last line is "Not sure / none of these"
    for answer in ("0", "40", "0", "1", str(len(CONTENT.triggers)), "0", "6", "0"):
        screen.expect("> ")
        screen.send(answer + ENTER)
    screen.expect(Q.save[:20])
    screen.send("n" + ENTER)
    assert screen.finish() == 0
    assert "You chose: 6" in screen.text
    assert not re.search("[╭╮╰╯│─]", screen.text)


def test_forget_leaves_nothing_of_backcares_behind(cli: Any, backcare_home: Path) -> None:
    assert cli("start").exit_code == 0
    assert cli("forget", "--yes").exit_code == 0
    assert list(backcare_home.iterdir()) == []


def test_help_wraps_to_a_narrow_dumb_terminal(run_backcare: Any) -> None:
    done = run_backcare("plan", "--help", env={"TERM": "dumb", "COLUMNS": "40"})
    assert all(len(line) <= 40 for line in done.stdout.splitlines())
    assert words("next ice or heat sessions").search(" ".join(done.stdout.split()))


def test_at_40_by_24_the_list_scrolls_and_none_of_these_is_one_key_away(
    backcare_home: Path,
) -> None:
    base = tmux_running(backcare_home, (40, 24), "check")
    try:
        def screen() -> str:
            return subprocess.run([*base, "capture-pane", "-p"], capture_output=True,
                                  text=True, timeout=30).stdout

        def wait_for(text: str) -> str:
            for _ in range(150):
                shown = screen()
                if text in " ".join(shown.split()):
                    return shown
                time.sleep(0.1)
            raise AssertionError(f"never saw {text!r}:\n{screen()}")

        first = wait_for("more below")
        assert " ".join((LISTED[0].detail or LISTED[0].label).split()) in " ".join(
            first.split())  # the highlighted sign's whole wording, under the list
        # tick the first sign, then "None of these", one key up: it unticks the sign
        subprocess.run([*base, "send-keys", "Space", "Up", "Space"], check=True, timeout=30)
        shown = wait_for(f"[x] {Q.none_of_these}")
        assert "more above" in shown and shown.count("[x]") == 1
        assert all(len(line) <= 40 for line in shown.splitlines())
        assert len(shown.rstrip("\n").splitlines()) <= 24
    finally:
        subprocess.run([*base, "kill-server"], capture_output=True, timeout=30)
