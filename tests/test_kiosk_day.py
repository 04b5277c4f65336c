"""Issue 21: a whole day at the kiosk. Twenty people in a real terminal emulator (tmux, which
keeps a scrollback): some finish, some walk away mid-question, some press Ctrl-C or Ctrl-Z,
some leave an emergency result for staff and some leave it for nobody. The kiosk is still
running at the end, only the PIN stops it, and no screen or scrollback ever shows an
earlier person's words."""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from backcare.loader import load_content
from backcare.paths import data_dir
from backcare.translation import translate
from tests.test_access import tmux_running
from tests.test_kiosk import PIN, clinic_profile

pytestmark = pytest.mark.slow

CONTENT = load_content()
Q = CONTENT.questions
ES = translate(CONTENT, data_dir(), "es").questions
WELCOME = "Staff: stop the kiosk"
MORE = ("Press any key for the rest of the result",
        "Pulse cualquier tecla para ver el resto del resultado")
NOTICES = ("Nothing you enter here", "Nada de lo que escriba")
"""Said to each person (in their language) once they have picked it: the welcome screen without it
is a screen that was cleared for the next person."""
SEEN_BY_A_PERSON = ("You chose", "Usted eligió", "Nothing was stored", "No se guardó",
                    "No se guarda nada", Q.age[:20], ES.age[:20], Q.where[:20], ES.where[:20],
                    "EMERGENCY", "EMERGENCIA", "front desk", "recepción", "PIN")
"""Words only a person's turn puts on the screen: none may be there when the next begins."""


class Kiosk:
    def __init__(self, base: list[str]) -> None:
        self.base = base

    def history(self) -> str:
        """The screen and everything above it that the terminal keeps."""
        return " ".join(subprocess.run([*self.base, "capture-pane", "-p", "-S", "-", "-E", "-"],
                                       capture_output=True, text=True, timeout=30).stdout.split())

    def wait_for(self, text: str, seconds: float = 20, without: tuple[str, ...] = ()) -> str:
        ends = time.monotonic() + seconds
        while time.monotonic() < ends:
            shown = self.history()
            if text in shown and not any(words in shown for words in without):
                return shown
            time.sleep(0.05)
        raise AssertionError(f"never saw {text!r}:\n{self.history()}")

    def welcome(self) -> str:
        """The screen once it has started over for the next person."""
        return self.wait_for(WELCOME, without=NOTICES)

    def through_result(self, last: str) -> str:
        """A result taller than the screen comes a page at a time: a key for each page,
        until `last` (the result's own question) is on screen."""
        ends = time.monotonic() + 30
        while time.monotonic() < ends:
            shown = self.history()
            if last in shown:
                return shown
            if any(more in shown for more in MORE):
                self.keys("Space")
                while self.history() == shown and time.monotonic() < ends:
                    time.sleep(0.05)
            time.sleep(0.05)
        raise AssertionError(f"never saw {last!r}:\n{self.history()}")

    def keys(self, *names: str) -> None:
        subprocess.run([*self.base, "send-keys", *names], check=True, timeout=30)

    def alive(self) -> bool:
        done = subprocess.run([*self.base, "list-panes", "-F", "#{pane_dead}"],
                              capture_output=True, text=True, timeout=30)
        return done.returncode == 0 and done.stdout.strip() == "0"


def to_the_onset(k: Kiosk, age: int) -> None:
    """Starts, ticks no warning sign, gives the age and no place: the onset question is up."""
    k.keys("Enter")
    k.wait_for(Q.red_flags[:20])
    k.keys("Up", "Space", "Enter")
    k.wait_for(Q.age[:20])
    k.keys(*str(age), "Enter")
    k.wait_for(Q.where[:20])
    k.keys("Up", "Enter")  # Up from the top: "None of these"
    k.wait_for(Q.onset[:20])


def finishes(k: Kiosk, n: int) -> None:
    to_the_onset(k, 20 + n)
    k.keys("Enter")
    for question in (Q.triggers, Q.symptoms):
        k.wait_for(question[:20])
        k.keys("Up", "Enter")
    k.wait_for(Q.pain[:20])
    k.keys("3", "Enter")
    k.wait_for(Q.conditions[:20])
    k.keys("Up", "Enter")
    k.through_result("Press any key when you are done")
    k.keys("x")


def walks_away(k: Kiosk, n: int) -> None:
    """Answers the warning signs, then leaves the age question: the idle limit resets it."""
    k.keys("Enter")
    k.wait_for(Q.red_flags[:20])
    k.keys("Up", "Space", "Enter")
    k.wait_for(Q.age[:20])


def presses(key: str) -> Callable[[Kiosk, int], None]:
    def person(k: Kiosk, n: int) -> None:
        to_the_onset(k, 30 + n)
        k.keys(key)
    return person


def emergency_for_staff(k: Kiosk, n: int) -> None:
    k.keys("Enter")
    k.wait_for(Q.red_flags[:20])
    k.keys("Space", "Enter")  # the first sign: an emergency
    k.through_result("type the PIN")
    k.keys("x", "Enter")  # a stray key is not the PIN: the result stays
    shown = k.wait_for("not the staff PIN")
    while shown.rfind("type the PIN") < shown.find("not the staff PIN"):  # asked again
        shown = k.wait_for("not the staff PIN")
    k.keys(*PIN, "Enter")


def emergency_for_nobody(k: Kiosk, n: int) -> None:
    k.keys("Enter")
    k.wait_for(Q.red_flags[:20])
    k.keys("Space", "Enter")
    k.through_result("type the PIN")  # then nobody comes: the result limit resets it


def spanish_abandons(k: Kiosk, n: int) -> None:
    k.keys("Down", "Enter")
    k.wait_for(ES.red_flags[:20])
    k.keys("Up", "Space", "Enter")
    k.wait_for(ES.age[:20])
    k.keys(*str(40 + n), "Enter")
    k.wait_for(ES.where[:20])
    k.keys("Up", "Enter")
    k.wait_for(ES.onset[:20])  # and walks away


PEOPLE = [finishes, walks_away, presses("C-c"), emergency_for_staff, presses("C-z"),
          emergency_for_nobody, spanish_abandons, presses("C-d"), finishes, presses("C-\\")]


def test_a_day_of_twenty_people_leaves_the_kiosk_running_and_nobody_visible(
    backcare_home: Path,
) -> None:
    clinic_profile(backcare_home, question=1, result=3)  # 1.8 and 5.4 seconds
    k = Kiosk(tmux_running(backcare_home, (80, 30), "check", "--kiosk",
                           env={"BACKCARE_KIOSK_MINUTE": "1.8"}))  # a minute of 1.8 s
    # the pane stays after the kiosk stops, so that its last words can be read
    subprocess.run([*k.base, "set-option", "-g", "remain-on-exit", "on"], check=True,
                   timeout=30)
    try:
        for n in range(20):
            shown = k.welcome()
            left = [words for words in SEEN_BY_A_PERSON if words in shown]
            assert left == [], f"before person {n + 1}, the screen still shows {left}"
            assert k.alive()
            PEOPLE[n % len(PEOPLE)](k, n)
        shown = k.welcome()
        assert [w for w in SEEN_BY_A_PERSON if w in shown] == []
        k.keys("Up", "Enter")
        k.wait_for("PIN to stop the kiosk")
        k.keys(*PIN, "Enter")
        k.wait_for("The kiosk has stopped.")
        stopped = k.wait_for("results reset after")  # its count can follow a moment later
        assert "2 emergency results reset after 3 minutes" in stopped  # the two left for nobody
    finally:
        subprocess.run([*k.base, "kill-server"], capture_output=True, timeout=30)
    log = json.loads((backcare_home / "kiosk-log.json").read_text())
    assert [(r["level"], r["count"]) for r in log["resets"]] == [("emergency", 2)]
    assert "state.json" not in {p.name for p in backcare_home.iterdir()}


# ------------------------------------------------------------------ whole words


def said(message: str, lang: str) -> str:
    from backcare.language import _catalog

    return message if lang == "en" else _catalog(lang).gettext(message)


PAUSE = ("Press any key when you are done, and the screen will clear for the next person.")
PIN_PROMPT = "Staff: type the PIN to clear this screen."


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("columns", [40, 80, 100])
def test_every_kiosk_line_wraps_between_words(
    backcare_home: Path, columns: int, lang: str,
) -> None:
    """Each sentence the kiosk says is found whole in the screen's words: a word cut at the
    edge ("siguien / te") would break it."""
    from backcare.kiosk import LANGUAGE_QUESTION, NOTICE, STAFF, STAFF_CHOICE

    clinic_profile(backcare_home)
    content = CONTENT if lang == "en" else translate(CONTENT, data_dir(), "es")
    q = content.questions
    k = Kiosk(tmux_running(backcare_home, (columns, 40), "check", "--kiosk"))

    def wait_for(text: str) -> None:
        k.wait_for(" ".join(text.split()))

    def whole(*messages: str) -> None:
        shown = k.history()
        for message in messages:
            sentence = " ".join(message.split())
            assert sentence in shown, f"{sentence!r} is not whole at {columns}:\n{shown}"

    try:
        k.welcome()
        whole(*(said(m, each) for m in (LANGUAGE_QUESTION, STAFF_CHOICE)
                for each in ("en", "es")))
        k.keys("Enter" if lang == "en" else "Down", *([] if lang == "en" else ["Enter"]))
        wait_for(q.red_flags)
        whole(said(NOTICE, lang), q.red_flags)
        k.keys("Space", "Enter")  # the first sign: an emergency, held for staff
        wait_for(content.clinic.fill(content.level_text("emergency").banner).upper())
        k.through_result(said(PIN_PROMPT, lang))
        whole(said(STAFF, lang), said(PIN_PROMPT, lang))
        k.keys(*PIN, "Enter")
        k.welcome()
        k.keys("Enter" if lang == "en" else "Down", *([] if lang == "en" else ["Enter"]))
        wait_for(q.red_flags)
        k.keys("Up", "Space", "Enter")
        wait_for(q.age)
        whole(q.age)
        k.keys("4", "0", "Enter")
        wait_for(q.where)
        wait_for(q.where_drawing)  # 40 rows: the back map is drawn above the list
        whole(q.where, q.where_drawing)
        shoulder_blades = [r.id for r in content.regions].index("shoulder-blades")
        k.keys(*["Down"] * shoulder_blades, "Space", "Enter")  # a place with a sign to ask
        wait_for(q.where_confirm)
        whole(q.where_confirm)
        k.keys("Up", "Space", "Enter")  # "None of these": the sign is ruled out
        wait_for(q.onset)
        k.keys("Enter")
        for question in (q.triggers, q.symptoms):
            wait_for(question)
            k.keys("Up", "Enter")
        wait_for(q.pain)
        k.keys("3", "Enter")
        wait_for(q.conditions)
        k.keys("Up", "Enter")
        wait_for(content.level_text("self-care").banner.upper())  # the first page's top
        k.through_result(said(PAUSE, lang)[:30])
        whole(said(PAUSE, lang))
    finally:
        subprocess.run([*k.base, "kill-server"], capture_output=True, timeout=30)


def test_stray_keys_never_push_an_emergency_off_the_screen(backcare_home: Path) -> None:
    """Wrong PINs, Ctrl-C and Ctrl-D on a result held for staff: the screen is drawn again
    from the banner each time, so the emergency and the request stay in view at 80x24."""
    clinic_profile(backcare_home)
    k = Kiosk(tmux_running(backcare_home, (80, 24), "check", "--kiosk"))

    def screen() -> str:  # what is in view now, not the history
        return " ".join(subprocess.run([*k.base, "capture-pane", "-p"], capture_output=True,
                                       text=True, timeout=30).stdout.split())

    try:
        k.welcome()
        k.keys("Enter")
        k.wait_for(Q.red_flags[:20])
        k.keys("Space", "Enter")
        k.through_result("type the PIN")
        for n in range(12):
            k.keys(*(["x", "Enter"] if n % 3 == 0 else ["C-c"] if n % 3 == 1 else ["C-d"]))
        shown = k.wait_for("type the PIN")
        in_view, settled = "", screen()
        while in_view != settled or "type the PIN" not in in_view:  # the keys are all read
            in_view, settled = settled, screen()
        assert "EMERGENCY" in in_view and "front desk" in in_view, in_view
        assert in_view.count("type the PIN") == 1
        k.keys(*PIN, "Enter")
        k.welcome()
    finally:
        subprocess.run([*k.base, "kill-server"], capture_output=True, timeout=30)
    assert "Traceback" not in shown


def test_ctrl_s_never_freezes_a_line_mode_kiosk_on_one_persons_answers(
    backcare_home: Path,
) -> None:
    """The terminal's flow control would stop all output at Ctrl-S, and the next person
    would find the last one's answers on screen: the kiosk turns it off."""
    clinic_profile(backcare_home, question=1)
    k = Kiosk(tmux_running(backcare_home, (80, 24), "check", "--kiosk", "--line-mode",
                           env={"BACKCARE_KIOSK_MINUTE": "1.5"}))
    try:
        k.wait_for("Staff: stop the kiosk")
        k.keys("1", "Enter")
        k.wait_for(Q.red_flags[:20])
        k.keys("0", "Enter")
        k.wait_for(Q.age[:20])
        k.keys("4", "7", "Enter", "C-s")
        k.wait_for("You chose: 47")
        shown = k.welcome()  # the idle limit starts over, and the screen shows it
        assert "You chose" not in shown and "47" not in shown
    finally:
        subprocess.run([*k.base, "kill-server"], capture_output=True, timeout=30)
