"""The floor: a minimal typer + rich app, run the same way as backcare."""

import typer
from rich.console import Console

app = typer.Typer(add_completion=False)


@app.command()
def check(json: bool = False) -> None:
    """Print one line."""
    Console().print('{"schema": "minimal"}' if json else "hello")


@app.command()
def other() -> None:
    """A second command, so that typer builds a group as backcare does."""


if __name__ == "__main__":
    app()
