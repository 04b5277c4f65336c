"""For comparison only: a bare typer + questionary app showing backcare's own warning-sign
list (its labels and full wordings, read straight from data/questions.toml), so that the
cost of the list itself can be told apart from the cost of backcare."""

import tomllib
from pathlib import Path

import questionary
import typer

app = typer.Typer(add_completion=False)
DATA = Path(__file__).resolve().parent.parent / "data" / "questions.toml"


@app.command()
def check() -> None:
    """Ask the warning-sign checklist."""
    content = tomllib.loads(DATA.read_text(encoding="utf-8"))
    choices = [questionary.Choice(title=flag["label"], description=flag.get("detail") or None)
               for flag in content["red_flags"]]
    questionary.checkbox(content["questions"]["red_flags"],
                         choices=[*choices, content["questions"]["none_of_these"]],
                         instruction=" ").unsafe_ask()


@app.command()
def other() -> None:
    """A second command, so that typer builds a group as backcare does."""


if __name__ == "__main__":
    app()
