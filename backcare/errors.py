"""Domain errors. The CLI's one error boundary turns each into a message and an exit code."""

from __future__ import annotations

from backcare.language import N_, _

CONTENT_TODO = N_("Fix this content file, or reinstall backcare to restore it.")
"""What to do about a broken content file, unless the error says otherwise."""


QUOTED = 20
"""Characters of what was typed that an error quotes back: a number or a key has fewer."""


def shortened(text: str, limit: int = QUOTED) -> str:
    """What a person typed, as a one-line error quotes it back: its first `limit`
    characters, and an ellipsis if there were more, so that a line stays one line."""
    return text if len(text) <= limit else text[:limit] + "…"


class BackcareError(Exception):
    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InputError(BackcareError):
    """Bad input from a person or a script: a one-line reason, exit 2."""

    exit_code = 2


class FileProblem(BackcareError):
    """A file backcare cannot use: names the file and what to do, exit 1."""

    exit_code = 1

    def __init__(self, path: str, problem: str, todo: str = "") -> None:
        text = f"{path}: {problem}"
        if todo:
            text += f"\n  {todo}"
        super().__init__(text)
        self.path = path


class ContentError(FileProblem):
    """A content file in data/ (or a clinic profile) failed to load or validate."""

    def __init__(self, path: str, problem: str, todo: str | None = None) -> None:
        super().__init__(path, problem, _(CONTENT_TODO) if todo is None else todo)
        self.clinic_file: str | None = None
        """The clinic profile in use, whose emergency number the error should give."""
