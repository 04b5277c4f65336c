"""`backcare check --kiosk`: a waiting-room screen. One person after another; nothing stored."""

from __future__ import annotations

from rich.console import Console

from backcare import clock, output, prompts
from backcare.assessment import Answers, assess, see_someone_today
from backcare.content import Content
from backcare.interview import ask_missing
from backcare.render.check import render_assessment

STAFF = "You are in a clinic: tell a member of staff about this result now."
NOTICE = ("backcare self-check for back spasms. Nothing you enter here is stored, "
          "and the screen clears after each person.")


CLEAR_ALL = "\x1b[H\x1b[2J\x1b[3J"
"""Home, clear the screen, and clear the scrollback (xterm's ED 3): nothing of the last
person stays in the terminal's history."""


def forget_screen(con: Console) -> None:
    if prompts.line_mode():  # a line-by-line terminal cannot clear: mark the change clearly
        con.print("\n" + "-" * min(40, con.width) + "\n")
        return
    con.file.write(CLEAR_ALL)
    con.file.flush()


def run(content: Content, explain: bool, plain: bool) -> None:
    """Runs until Ctrl-C, which the CLI turns into exit 130."""
    con = output.console(plain)
    while True:
        forget_screen(con)
        con.print(NOTICE)
        con.print()
        now = clock.now()
        result = assess(Answers(**ask_missing({}, content, now)), now, content)
        con.print()
        render_assessment(con, result, content, explain, plain)
        con.print()
        con.print(f"Result: {result.triage.banner}. Nothing was stored.", style="bold")
        if see_someone_today(result.triage.level):
            con.print()
            con.print(STAFF, style="bold")
            prompts.wait_for_enter("Press Enter once a member of staff has seen this screen.")
        else:
            prompts.pause("Press any key when you are done; the screen will clear for the "
                          "next person.")
