"""Where backcare's files are: its home (`BACKCARE_HOME`, else the platform's user state
folder), the shipped data and the cache. A leaf: it imports nothing of backcare's."""

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
    """The shipped `data/` folder: inside the wheel, or at the top of a checkout. If neither
    holds the content, the wheel's place: reading a file there then names what is missing."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "data", here.parent / "data"):
        if (candidate / "sources.toml").is_file():
            return candidate
    return here / "data"


def cache_dir() -> Path:
    """`BACKCARE_CACHE`, else the platform's user cache folder."""
    override = os.environ.get("BACKCARE_CACHE")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path("backcare", appauthor=False)
