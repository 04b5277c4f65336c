"""backcare: a terminal self-care companion for back spasms."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from backcare.assessment import Answers, Assessment, assess

__all__ = ["Answers", "Assessment", "__version__", "assess"]


def __getattr__(name: str) -> Any:
    """Load the core on first use, so `backcare --help` does not pay for it."""
    if name in {"assess", "Answers", "Assessment"}:
        from backcare import assessment

        return getattr(assessment, name)
    raise AttributeError(f"module 'backcare' has no attribute {name!r}")
