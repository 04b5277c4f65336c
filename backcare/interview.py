"""The interactive questionnaire: which questions `check` asks, in which order.

Only questions whose answers were not already given (flags or an answers file)
are asked. Red flags come first; an emergency answer ends the interview at once.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from backcare import prompts
from backcare.assessment import emergency_red_flags
from backcare.content import Content


def ask_missing(given: dict[str, Any], content: Content, now: datetime) -> dict[str, Any]:
    answers = dict(given)
    q = content.questions
    if answers.get("red_flags") is None:
        answers["red_flags"] = prompts.checklist(
            q.red_flags, [(r.id, r.label, r.detail) for r in content.red_flags], q.none_of_these
        )
    if emergency_red_flags(content) & set(answers["red_flags"]):
        return answers
    if "onset" not in answers:
        picked = prompts.choose(q.onset, [(o.id, o.label) for o in content.onsets])
        answers["onset_range"] = picked
        chosen = content.onset(picked)
        hours = chosen.hours if chosen else None
        if hours is not None:
            answers["onset"] = now - timedelta(hours=hours)
    for key, question, choices in (
        ("triggers", q.triggers, content.triggers),
        ("symptoms", q.symptoms, content.symptoms),
    ):
        if answers.get(key) is None:
            answers[key] = prompts.checklist(question, [(c.id, c.label, c.detail) for c in choices])
    if answers.get("pain") is None:
        answers["pain"] = prompts.number(q.pain, 0, 10)
    if answers.get("conditions") is None:
        answers["conditions"] = prompts.checklist(
            q.conditions, [(c.id, c.label, c.detail) for c in content.conditions]
        )
    return answers

