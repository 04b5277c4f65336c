"""The interactive questionnaire: which questions `check` asks, in which order.

Only questions whose answers were not already given (flags or an answers file)
are asked. Red flags come first, then the age; an emergency answer ends the interview
at once. An answer with follow-up warning signs (leg weakness, pregnancy) asks them
again in plain words, since people miss a sign on a long list. Inside an open episode,
when it started is the episode's, unless the person says this is another spasm.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from backcare import output, prompts
from backcare.assessment import emergency_red_flags
from backcare.content import OLDEST, Content, Routed
from backcare.episode import Episode
from backcare.keeping import episode_onset


def ask_missing(given: dict[str, Any], content: Content, now: datetime,
                episode: Episode | None = None) -> dict[str, Any]:
    """The answers given, with every missing one asked. `episode` is the open episode the
    check is made in, if any; a person who says this is another spasm is answered with
    `new_spasm` set, which is not an answer to assess."""
    answers = dict(given)
    q = content.questions
    if answers.get("red_flags") is None:
        answers["red_flags"] = prompts.checklist(
            q.red_flags, [(r.id, r.label, r.detail) for r in content.red_flags
                          if not r.follow_up_only], q.none_of_these
        )
    if _emergency(answers, content):
        return answers
    if answers.get("age") is None:  # only ages that fit a condition given by age
        low, high = content.age_range(answers.get("conditions") or []) or (0, OLDEST)
        answers["age"] = prompts.number(q.age, low, high)
    if "onset" not in answers:
        answers.update(_when_it_started(content, now, episode))
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

def _when_it_started(content: Content, now: datetime, episode: Episode | None
                     ) -> dict[str, Any]:
    """Inside an open episode, whether this is the same spasm: yes takes the episode's
    onset, so that the check's phase is the episode's. Otherwise when it started: a range
    starts the clock at its most recent end (heat is never offered before it can be due),
    and keeps its other end for counting the days of the episode; `Not sure` says none."""
    q = content.questions
    said: dict[str, Any] = {}
    if episode is not None:
        question = q.same_spasm if episode.onset_known else q.same_spasm_unknown
        if prompts.confirm(question.replace("{onset}", output.local(episode.onset)),
                           default=True):
            return episode_onset(episode)
        said["new_spasm"] = True
    picked = prompts.choose(q.onset, [(o.id, o.label) for o in content.onsets])
    said["onset_range"] = picked
    chosen = content.onset(picked)
    if chosen is not None and chosen.from_hours is not None:
        said["onset"] = now - timedelta(hours=chosen.from_hours)
        if chosen.to_hours is not None:
            said["onset_earliest"] = now - timedelta(hours=chosen.to_hours)
    return said
