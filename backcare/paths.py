"""Where backcare keeps its files: `BACKCARE_HOME`, else the platform's user state folder."""

from __future__ import annotations

import os
from pathlib import Path


def home() -> Path:
    override = os.environ.get("BACKCARE_HOME")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_state_path

    return user_state_path("backcare", appauthor=False)


def state_file() -> Path:
    return home() / "state.json"


def clinic_override() -> Path | None:
    """`$BACKCARE_HOME/clinic.toml` if anything is there: a pipe, a device or a link to
    nothing is refused by name when the profile is read, not silently passed over."""
    candidate = home() / "clinic.toml"
    return candidate if os.path.lexists(candidate) else None


def data_dir() -> Path:
    """The shipped `data/` folder: inside the wheel, or at the top of a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "data", here.parent / "data"):
        if (candidate / "sources.toml").is_file():
            return candidate
    from backcare.errors import ContentError
    from backcare.language import _

    raise ContentError(str(here / "data"),
                       _("the content folder is missing; reinstall backcare"))
