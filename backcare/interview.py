"""The interactive questionnaire: which questions `check` asks, in which order.

Only questions whose answers were not already given (flags or an answers file)
are asked. Red flags come first, then the age; an emergency answer ends the interview
at once. An answer with follow-up warning signs (leg weakness, pregnancy) asks them
again in plain words, since people miss a sign on a long list.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from backcare import prompts
from backcare.assessment import emergency_red_flags
from backcare.content import Content, Routed


def ask_missing(given: dict[str, Any], content: Content, now: datetime) -> dict[str, Any]:
    answers = dict(given)
    q = content.questions
    if answers.get("red_flags") is None:
        answers["red_flags"] = prompts.checklist(
            q.red_flags, [(r.id, r.label, r.detail) for r in content.red_flags
                          if not r.follow_up_only], q.none_of_these
        )
    if _emergency(answers, content):
        return answers
    if answers.get("age") is None:
        answers["age"] = prompts.number(q.age, 0, 120)
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
    _ask_again(answers, content.symptoms, answers["symptoms"], content)
    if _emergency(answers, content):
        return answers
    if answers.get("pain") is None:
        answers["pain"] = prompts.number(q.pain, 0, 10)
    if answers.get("conditions") is None:
        answers["conditions"] = prompts.checklist(
            q.conditions, [(c.id, c.label, c.detail) for c in content.conditions
                           if not c.by_age]
        )
    _ask_again(answers, content.conditions, answers["conditions"], content)
    return answers


def _emergency(answers: dict[str, Any], content: Content) -> bool:
    return bool(emergency_red_flags(content) & set(answers["red_flags"]))


def _ask_again(answers: dict[str, Any], items: list[Routed], chosen: list[str],
               content: Content) -> None:
    """The warning signs a chosen answer asks again, in plain words (their full wording),
    each once; a sign already ticked is not asked again."""
    flags = {r.id: r for r in content.red_flags}
    for item in items:
        if item.id not in chosen or not item.ask_again:
            continue
        ask = [flags[k] for k in item.ask_again_red_flags if k not in answers["red_flags"]]
        if ask:
            picked = prompts.checklist(item.ask_again, [(r.id, r.label, r.detail)
                                                        for r in ask],
                                       content.questions.none_of_these)
            answers["red_flags"] = [*answers["red_flags"], *picked]
        if _emergency(answers, content):
            return

