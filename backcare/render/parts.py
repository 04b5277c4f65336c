"""Pieces shared by every screen: headings, bullets, the level banner, literal text.

Rich's boxes and grids are imported where a coloured screen draws them: plain output (a
pipe, a script, a screen reader) never loads them.
"""

from __future__ import annotations

import textwrap

from rich.console import Console
from rich.text import Text

from backcare.episode import NOTE_LIMIT, OWN_NOTES
from backcare.language import _, ngettext
from backcare.output import printable

LEVEL_STYLE = {
    "emergency": "bold white on red",
    "urgent": "bold red",
    "soon": "bold yellow",
    "self-care": "bold green",
}
PHASE_STYLE = {"ice": "bold cyan", "transition": "bold magenta", "heat": "bold red",
               "unknown": "bold"}


def person_note(text: str) -> str:
    """A note as shown: the note backcare writes itself, in the person's language (the log
    keeps it in English, as it keeps ids); any other at most as long as a note may be typed,
    marked where it is cut. A longer note in the log stays whole there, and in the JSON; on
    a screen, wrapping megabytes of it would take minutes."""
    if text in OWN_NOTES:
        return _(text)
    if len(text) <= NOTE_LIMIT:
        return text
    return _("{start}… (cut after {limit} characters; 'backcare history --json' has the "
             "whole note)").format(start=text[:NOTE_LIMIT], limit=NOTE_LIMIT)


def literal(text: str, style: str = "") -> Text:
    """Text shown exactly as written: no markup, no escape sequences interpreted."""
    return Text(printable(text), style=style)


def heading(con: Console, title: str, plain: bool, gap: bool = True) -> None:
    if gap:
        con.print()
    if plain:
        con.print(literal(_("{title}:").format(title=title)))
    else:
        con.print(literal(title, "bold underline"))


def _wrapped(con: Console, text: str, first: str, rest: str) -> None:
    """Plain text wrapped to the console with an indent, and no trailing spaces."""
    con.print(literal(textwrap.fill(literal(text).plain, width=max(20, con.width),
                                    initial_indent=first, subsequent_indent=rest,
                                    break_on_hyphens=False, break_long_words=False)),
              soft_wrap=True)


def bullet(con: Console, text: str, detail: str = "", plain: bool = False) -> None:
    """One list item with a hanging indent, so wrapped lines stay under their bullet."""
    if plain:
        _wrapped(con, text, "- ", "  ")
        if detail:
            _wrapped(con, detail, "  ", "  ")
        return
    from rich.table import Table

    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column()
    grid.add_row("•", literal(text))
    if detail:
        grid.add_row("", literal(detail, "dim"))
    con.print(grid)


def step(con: Console, n: int, text: str) -> None:
    """A numbered step, its wrapped lines under its words, not its number."""
    first = f"  {n}. "
    _wrapped(con, text, first, " " * len(first))


def note(con: Console, text: str, plain: bool) -> None:
    """A line of detail, indented under what it explains."""
    if plain:
        _wrapped(con, text, "  ", "  ")
    else:
        from rich.padding import Padding

        con.print(Padding(literal(text, "dim"), (0, 0, 0, 2)))


def banner(con: Console, title: str, body: str, plain: bool, style: str = "bold") -> None:
    """A titled box in colour; in plain mode the title in capitals, then the text."""
    if plain:
        con.print(literal(title.upper()))
        con.print(literal(body))
        return
    from rich.panel import Panel

    border = style.replace("white on ", "")
    if len(title) + 6 > con.width:  # a box title would be cut: the title goes above the box
        _wrapped_styled(con, title.upper(), style)
        con.print(Panel(literal(body), border_style=border, expand=True))
        return
    con.print(
        Panel(literal(body), title=literal(title.upper(), style), title_align="left",
              border_style=border, expand=True)
    )


def _wrapped_styled(con: Console, text: str, style: str) -> None:
    for line in textwrap.wrap(text, max(12, con.width), break_long_words=False,
                              break_on_hyphens=False):
        con.print(literal(line, style))


def since_onset(hours: float) -> str:
    """How long ago it started, as a sentence."""
    if hours < 1:
        return _("Less than an hour since it started.")
    if hours >= 72:
        days = round(hours / 24)
        return ngettext("About {days} day since it started.",
                        "About {days} days since it started.", days).format(days=days)
    whole = round(hours)
    return ngettext("About {hours} hour since it started.",
                    "About {hours} hours since it started.", whole).format(hours=whole)


def episode_age(hours: float) -> str:
    """'hour 30' in the first three days, then 'day 5 (hour 100)'."""
    if hours < 72:
        return _("hour {hour}").format(hour=f"{hours:.0f}")
    return _("day {day} (hour {hour})").format(day=int(hours // 24) + 1, hour=f"{hours:.0f}")


def markdown(con: Console, text: str) -> None:
    """Markdown drawn for a terminal (headings, bold, tables), not shown as its marks."""
    from rich.markdown import Markdown

    con.print(Markdown(text))
