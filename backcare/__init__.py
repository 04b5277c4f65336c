"""backcare: a terminal self-care companion for back spasms."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from backcare.version import __version__

if TYPE_CHECKING:
    from backcare.assessment import Answers, Assessment
    from backcare.content import Content

__all__ = ["Answers", "Assessment", "__version__", "assess"]


def assess(answers: Answers, now: datetime, content: Content | None = None) -> Assessment:
    """Triage one set of answers at `now`, with the shipped content unless `content` is
    given: the core's entry point for scripts and tests. The core is loaded on first use,
    so that `backcare --help` does not pay for it."""
    from backcare.assessment import assess as assess_with
    from backcare.loader import shipped_content

    return assess_with(answers, now, content or shipped_content())


def __getattr__(name: str) -> Any:
    """The core's answer and result types, loaded on first use like `assess`."""
    if name in {"Answers", "Assessment"}:
        from backcare import assessment

        return getattr(assessment, name)
    raise AttributeError(f"module 'backcare' has no attribute {name!r}")
