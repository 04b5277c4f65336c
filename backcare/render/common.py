"""Pieces shared by every screen: headings, bullets, the level banner, literal text."""

from __future__ import annotations

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
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
    """One list item with a hanging indent, so wrapped lines stay under their bullet."""
    if plain:
        import textwrap

        width = max(20, con.width)
        for i, part in enumerate(p for p in (text, detail) if p):
            first = "- " if i == 0 else "  "
            wrapped = textwrap.fill(literal(part).plain, width=width, initial_indent=first,
                                    subsequent_indent="  ")
            con.print(literal(wrapped), soft_wrap=True)
        return
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column()
    grid.add_row("-" if plain else "•", literal(text))
    if detail:
        grid.add_row("", literal(detail, "" if plain else "dim"))
    con.print(grid)


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


def since_onset(hours: float) -> str:
    if hours < 1:
        return "Less than an hour since it started"
    whole = round(hours)
    return f"About {whole} hour{'' if whole == 1 else 's'} since it started"
