"""Pieces shared by every screen: headings, bullets, the level banner, literal text."""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.text import Text

LEVEL_STYLE = {
    "emergency": "bold white on red",
    "urgent": "bold red",
    "soon": "bold yellow",
    "self-care": "bold green",
}
PHASE_STYLE = {"ice": "bold cyan", "transition": "bold magenta", "heat": "bold red"}


def literal(text: str, style: str = "") -> Text:
    """Text shown exactly as written: no markup, no escape sequences interpreted."""
    cleaned = "".join(
        ch if ch.isprintable() or ch in "\n\t" else repr(ch)[1:-1] for ch in text
    )
    return Text(cleaned, style=style)


def heading(con: Console, title: str, plain: bool) -> None:
    con.print()
    if plain:
        con.print(literal(f"{title}:"))
    else:
        con.print(literal(title, "bold underline"))


def bullet(con: Console, text: str, detail: str = "", plain: bool = False) -> None:
    line = Text("- " if plain else "• ")
    line.append_text(literal(text))
    con.print(line)
    if detail:
        con.print(literal(f"  {detail}", "" if plain else "dim"))


def banner(con: Console, level: str, title: str, body: str, plain: bool) -> None:
    if plain:
        con.print(literal(title.upper()))
        con.print(literal(body))
        return
    style = LEVEL_STYLE.get(level, "bold")
    con.print(
        Panel(literal(body), title=literal(title.upper(), style), title_align="left",
              border_style=style.replace("white on ", ""), expand=True)
    )
