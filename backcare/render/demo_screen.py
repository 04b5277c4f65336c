"""Demo screens: the scene titles and the answers as a person would have chosen them."""

from __future__ import annotations

from rich.console import Console
from rich.rule import Rule

from backcare.render.parts import bullet, literal


def scene(con: Console, title: str, plain: bool) -> None:
    con.print()
    if plain:
        con.print(literal(f"=== {title} ==="))
    else:
        con.print(Rule(literal(title, "bold")))


def render_answers(con: Console, answered: list[tuple[str, str]], plain: bool) -> None:
    for question, answer in answered:
        con.print(literal(question, "" if plain else "bold"))
        bullet(con, answer, plain=plain)
