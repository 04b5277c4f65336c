"""`backcare check --kiosk`: a waiting-room screen. One person after another; nothing stored."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console

from backcare import clock, language, output, prompts
from backcare.assessment import Answers, assess, see_someone_today
from backcare.content import Content
from backcare.interview import ask_missing
from backcare.language import N_, _
from backcare.render.result_screen import render_assessment

STAFF = N_("You are in a clinic: tell a member of staff about this result now.")
LANGUAGE_QUESTION = N_("Which language would you like?")
NOTICE = N_("backcare self-check for back spasms. Nothing you enter here is stored, "
            "and the screen clears after each person.")
NOTICE_LINES = N_("backcare self-check for back spasms. Nothing you enter here is stored, "
                  "and a line marks where the next person starts.")


CLEAR_ALL = "\x1b[H\x1b[2J\x1b[3J"
"""Home, clear the screen, and clear the scrollback (xterm's ED 3): nothing of the last
person stays in the terminal's history."""


def forget_screen(con: Console) -> None:
    if prompts.line_mode():  # a line-by-line terminal cannot clear: mark the change clearly
        con.print("\n" + "-" * min(40, con.width) + "\n")
        return
    con.file.write(CLEAR_ALL)
    con.file.flush()


def run(content_now: Callable[[], Content], first: str, explain: bool, plain: bool) -> None:
    """Runs until Ctrl-C, which the CLI turns into exit 130. Each person first picks their
    language (`first` is offered first); `content_now` gives the content in the language
    spoken now."""
    con = output.console(plain)
    while True:
        forget_screen(con)
        _pick_language(first)
        content = content_now()
        con.print(_(NOTICE_LINES if prompts.line_mode() else NOTICE))
        con.print()
        now = clock.now()
        result = assess(Answers(**ask_missing({}, content, now)), now, content)
        con.print()
        render_assessment(con, result, content, explain, plain)
        con.print()
        con.print(_("Result: {banner}. Nothing was stored.").format(banner=result.triage.banner),
                  style="bold")
        if see_someone_today(result.triage.level):
            con.print()
            con.print(_(STAFF), style="bold")
            prompts.wait_for_enter(_("Press Enter once a member of staff has seen this screen."))
        elif prompts.line_mode():  # a line terminal neither takes a lone key nor clears
            prompts.pause(_("Press Enter when you are done; a line will mark where the next "
                            "person starts."))
        else:
            prompts.pause(_("Press any key when you are done; the screen will clear for the "
                            "next person."))


def _pick_language(first: str) -> None:
    """The one question before the warning signs: asked in every language at once."""
    language.use(language.chosen_in_session(first))  # not the last person's language
    langs = sorted(language.available(), key=lambda lang: lang != first)
    lang = prompts.choose(language.in_each(LANGUAGE_QUESTION),
                          [(lang, language.name_of(lang)) for lang in langs], said=False,
                          hint=language.in_each)
    language.use(language.chosen_in_session(lang))
