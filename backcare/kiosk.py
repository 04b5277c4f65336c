"""`backcare check --kiosk`: a waiting-room screen. One person after another; nothing of
anyone's answers is stored, and only the staff PIN stops it.

Ctrl-C, Ctrl-\\, Ctrl-Z and Ctrl-D start over at the welcome screen, and so does a question
left for the profile's idle limit. An urgent or emergency result stays until staff clear
it with the PIN, or until the idle limit for results passes: that reset is counted in the
kiosk log, with no answers.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Literal

from rich.console import Console

from backcare import clock, kiosk_log, language, output, prompts, staff_pin
from backcare.assessment import Answers, assess, see_someone_today
from backcare.content import Content, KioskSettings
from backcare.errors import FileProblem
from backcare.interview import ask_missing
from backcare.language import N_, _, ngettext
from backcare.render.result_screen import render_assessment

STAFF = N_("Please tell the front desk about this result now. This screen stays until a "
           "member of staff clears it.")
LANGUAGE_QUESTION = N_("Which language would you like?")
STAFF_CHOICE = N_("Staff: stop the kiosk")
NOTICE = N_("backcare self-check for back spasms. Nothing you enter here is stored, "
            "and the screen clears after each person.")
NOTICE_LINES = N_("backcare self-check for back spasms. Nothing you enter here is stored. "
                  "This terminal cannot clear its screen, so a line marks where the next "
                  "person starts.")
STOP = "__staff__"
RUNAWAY = 20
"""Starts over within a second: a key held down, or a terminal that has gone (where a hang-up
ends the kiosk). It waits a second before the next, rather than spin."""

CLEAR_ALL = "\x1b[H\x1b[2J\x1b[3J"
"""Home, clear the screen, and clear the scrollback (xterm's ED 3): nothing of the last
person stays in the terminal's history."""


def can_clear() -> bool:
    """Every terminal but a dumb one clears, line mode included."""
    return os.environ.get("TERM") != "dumb"


def forget_screen(con: Console) -> None:
    if not can_clear():
        con.print("\n" + "-" * min(40, con.width) + "\n")
        return
    con.file.write(CLEAR_ALL)
    con.file.flush()


def run(content_now: Callable[[], Content], first: str, explain: bool, plain: bool) -> None:
    """Until staff type the PIN. Each person first picks their language (`first` is offered
    first); `content_now` gives the content in the language spoken now."""
    con = output.console(plain)
    settings = content_now().clinic.kiosk
    unsaved: list[str] = []
    starts: list[float] = []
    with prompts.stop_keys_start_over():
        while True:
            try:
                forget_screen(con)
                if _one_person(con, content_now, first, explain, plain, settings, unsaved):
                    break
            except (KeyboardInterrupt, EOFError, prompts.Idle):
                pass
            starts = [t for t in [*starts, clock.ticking()] if clock.ticking() - t < 1]
            if len(starts) >= RUNAWAY:  # a key held down, or a terminal that has gone
                clock.wait(1)
    forget_screen(con)
    con.print(_("The kiosk has stopped."))
    resets = [*_resets_today(), *unsaved]
    if resets:
        con.print(_("Results reset today without staff, as the kiosk log counts them:"))
    for line in resets:
        con.print(f"  {line}")


def _one_person(con: Console, content_now: Callable[[], Content], first: str, explain: bool,
                plain: bool, settings: KioskSettings, unsaved: list[str]) -> bool:
    """One person, from the language to the result; True when staff stop the kiosk."""
    question = settings.idle_on_question * clock.kiosk_minute()
    with prompts.idle_after(question):
        if _pick_language(first) == STOP:
            if _staff_pin(settings, _("Staff PIN to stop the kiosk:")):
                return True
            prompts.pause(_("That is not the staff PIN. Press any key to go back."))
            return False
    content = content_now()
    con.print(_(NOTICE if can_clear() else NOTICE_LINES))
    con.print()
    with prompts.idle_after(question):
        now = clock.now()
        answers = ask_missing({}, content, now)
    result = assess(Answers(**answers), now, content)
    con.begin_capture()  # drawn whole, then shown a screen at a time from the banner
    con.print()
    render_assessment(con, result, content, explain, plain)
    con.print()
    con.print(_("Result: {banner}. Nothing was stored.").format(banner=result.triage.banner),
              style="bold")
    lines = con.end_capture().rstrip("\n").split("\n")
    level = result.triage.level
    if see_someone_today(level):
        con.begin_capture()
        con.print()
        con.print(_(STAFF), style="bold")
        staff = con.end_capture().rstrip("\n").split("\n")
        _until_staff_clear(con, settings, "emergency" if level == "emergency" else "urgent",
                           unsaved, lines, staff)
    else:
        with prompts.idle_after(settings.idle_on_result * clock.kiosk_minute()):
            _pages(con, lines)
            prompts.pause(_(PAUSE_LINES) if not can_clear() else
                          _(PAUSE_ENTER) if prompts.line_mode() else _(PAUSE))
    return False


PAUSE = N_("Press any key when you are done, and the screen will clear for the next person.")
PAUSE_ENTER = N_("Press Enter when you are done, and the screen will clear for the next "
                 "person.")
PAUSE_LINES = N_("Press Enter when you are done; a line will mark where the next person "
                 "starts.")


def _room(con: Console) -> int:
    """Lines of a result on one screen, leaving two for the question under it."""
    return max(5, con.height - 3)


def _pages(con: Console, lines: list[str], stray_keys_go_on: bool = False) -> None:
    """The result a screen at a time, from its top: what does not fit waits for a key, so
    the banner never scrolls away unread. The last page stays on screen."""
    room = _room(con)
    for start in range(0, len(lines), room):
        if start:
            try:
                prompts.pause(_("Press any key for the rest of the result..."))
            except (KeyboardInterrupt, EOFError):
                if not stray_keys_go_on:
                    raise
            _new_page(con)
        con.file.write("\n".join(lines[start:start + room]) + "\n")
        con.file.flush()


def _new_page(con: Console) -> None:
    con.file.write(CLEAR_ALL if can_clear() else "\n")


def _until_staff_clear(con: Console, settings: KioskSettings,
                       level: Literal["urgent", "emergency"], unsaved: list[str],
                       lines: list[str], staff: list[str]) -> None:
    """Only the PIN clears an urgent result, or the idle limit for results: keys, Ctrl-C
    and wrong PINs leave it on screen, drawn again from its banner so that stray keys
    never push it away. A reset by the limit is counted in the log."""
    limit = settings.idle_on_result * clock.kiosk_minute()
    ends = clock.ticking() + limit
    whole = [*lines, *staff]
    resting = whole if len(whole) <= _room(con) else [  # the banner and the request
        *lines[:_room(con) - len(staff) - 1], "…", *staff]
    said = ""
    first = True
    while (left := ends - clock.ticking()) > 0:
        try:
            with prompts.idle_after(left):
                if first:
                    _pages(con, whole, stray_keys_go_on=True)
                    first = False
                else:
                    _new_page(con)
                    con.file.write("\n".join(resting) + "\n")
                    if said:
                        con.print(said)
                if _staff_pin(settings, _("Staff: type the PIN to clear this screen.")):
                    return
                said = _("That is not the staff PIN.")
        except prompts.Idle:
            break
        except (KeyboardInterrupt, EOFError):
            said = ""
    day = clock.now().astimezone(clock.local_zone(clock.now())).date().isoformat()
    try:
        kiosk_log.count_reset(day, level, settings.idle_on_result)
    except FileProblem as exc:  # kept for the staff's screen instead
        unsaved.append(_said_reset(level, 1, settings.idle_on_result))
        unsaved.append(exc.message)


def _staff_pin(settings: KioskSettings, question: str) -> bool:
    typed = prompts.secret(question)
    return staff_pin.matches(typed, settings.staff_pin)


def _said_reset(level: str, count: int, minutes: float) -> str:
    text = (ngettext("{count} emergency result reset after {duration}",
                     "{count} emergency results reset after {duration}", count)
            if level == "emergency" else
            ngettext("{count} urgent result reset after {duration}",
                     "{count} urgent results reset after {duration}", count))
    return text.format(count=count, duration=output.minutes(minutes))


def _resets_today() -> list[str]:
    day = clock.now().astimezone(clock.local_zone(clock.now())).date().isoformat()
    return [_said_reset(r.level, r.count, r.after_minutes) for r in kiosk_log.resets_on(day)]


def _pick_language(first: str) -> str:
    """The one question before the warning signs: asked in every language at once. The
    last choice is the staff's."""
    language.use(language.chosen_in_session(first))  # not the last person's language
    langs = sorted(language.available(), key=lambda lang: lang != first)
    lang = prompts.choose(language.in_each(LANGUAGE_QUESTION),
                          [*((lang, language.name_of(lang)) for lang in langs),
                           (STOP, language.in_each(STAFF_CHOICE))],
                          said=False, hint=language.in_each)
    if lang != STOP:
        language.use(language.chosen_in_session(lang))
    return lang
