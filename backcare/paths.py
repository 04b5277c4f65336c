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
    candidate = home() / "clinic.toml"
    return candidate if candidate.is_file() else None
