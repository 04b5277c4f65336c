"""The floor for the interactive check: a bare typer + questionary app showing a 15-item
checkbox, run the same way as backcare."""

import questionary
import typer

app = typer.Typer(add_completion=False)


@app.command()
def check() -> None:
    """Ask one checklist."""
    questionary.checkbox("Do any of these apply?",
                         choices=[f"Item {n}" for n in range(1, 15)] + ["None of these"]
                         ).unsafe_ask()


@app.command()
def other() -> None:
    """A second command, so that typer builds a group as backcare does."""


if __name__ == "__main__":
    app()
