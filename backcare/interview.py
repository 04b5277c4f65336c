"""The interactive questionnaire: which questions `check` asks, in which order.

Only questions whose answers were not already given (flags or an answers file)
are asked. Red flags come first, then the age, then where it hurts on the back map (a
place that can go with a warning sign not ticked asks about that sign); an emergency
answer ends the interview at once. An answer with follow-up warning signs (leg weakness,
pregnancy) asks them again in plain words, since people miss a sign on a long list.
Inside an open episode, when it started is the episode's, unless the person says this is
another spasm.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from backcare import output, prompts
from backcare.assessment import emergency_red_flags
from backcare.content import OLDEST, Choice, Content, Routed
from backcare.episode import Episode
from backcare.keeping import episode_onset

SETTLE = 0.75
"""Seconds a list of warning signs is on screen before Enter takes its highlighted (unticked)
line: an Enter pressed twice on the screen before must not tick a sign."""

Step = Callable[[], bool | None]
"""Asks one question; False if it had nothing to ask."""


def ask_missing(given: dict[str, Any], content: Content, now: datetime,
                episode: Episode | None = None) -> dict[str, Any]:
    """The answers given, with every missing one asked. `episode` is the open episode the
    check is made in, if any; a person who says this is another spasm is answered with
    `new_spasm` set, which is not an answer to assess.

    b goes back to the question asked before, its answer ticked again; the warning-sign
    screen can always be reached that way."""
    answers = dict(given)
    q = content.questions
    kept: dict[str, Any] = {}
    """The last answer to each question, offered again when the person goes back to it."""

    def red_flags() -> None:
        answers["red_flags"] = prompts.checklist(
            q.red_flags, [(r.id, r.label, r.detail) for r in content.red_flags
                          if not r.follow_up_only], q.none_of_these,
            ticked=kept.get("red_flags"), settle=SETTLE)

    def where() -> None:
        answers["where"] = prompts.checklist(
            q.where, [(r.id, r.label, r.detail) for r in content.regions], q.none_of_these,
            ticked=kept.get("where"), picture=content.back_map.picture,
            caption=q.where_drawing)

    def where_agrees() -> bool:
        return confirm_from_map(answers, content, kept)

    def age() -> None:  # only ages that fit a condition given by age
        low, high = content.age_range(answers.get("conditions") or []) or (0, OLDEST)
        answers["age"] = prompts.number(q.age, low, high, kept.get("age"))

    def onset() -> None:
        answers.update(_when_it_started(content, now, episode, kept.get("onset_range")))

    def listed(key: str, question: str, choices: list[Routed] | list[Choice]) -> Step:
        def ask() -> None:
            answers[key] = prompts.checklist(
                question, [(c.id, c.label, c.detail) for c in choices], q.none_of_these
                if not any(getattr(c, "exclusive", False) for c in choices) else None,
                exclusive=[c.id for c in choices if getattr(c, "exclusive", False)],
                ticked=kept.get(key))
        return ask

    def pain() -> None:
        answers["pain"] = prompts.number(q.pain, 0, 10, kept.get("pain"))

    def again(items: list[Routed], key: str) -> Step:
        def ask() -> bool:
            return _ask_again(answers, items, answers[key], content, kept)
        return ask

    steps: list[tuple[str, Step]] = [
        ("red_flags", red_flags), ("age", age), ("where", where), ("", where_agrees),
        ("onset", onset),
        ("triggers", listed("triggers", q.triggers, content.triggers)),
        ("symptoms", listed("symptoms", q.symptoms, content.symptoms)),
        ("", again(content.symptoms, "symptoms")),
        ("pain", pain),
        ("conditions", listed("conditions", q.conditions,
                              [c for c in content.conditions if not c.by_age])),
        ("", again(content.conditions, "conditions")),
    ]
    asked: list[tuple[int, dict[str, Any]]] = []
    """The steps that asked something, each with the answers from before it."""
    at = 0
    while at < len(steps):
        key, step = steps[at]
        done = bool(key) and (answers.get(key) is not None
                              or (key == "onset" and "onset" in answers))
        before = dict(answers)
        try:
            with prompts.back_allowed(bool(asked)):
                if not done and step() is not False:
                    asked.append((at, before))
        except prompts.GoBack:
            at, answers = asked.pop() if asked else (at, answers)
            continue
        kept.update({k: v for k, v in answers.items() if before.get(k) != v})
        if _emergency(answers, content):
            return answers
        at += 1
    return answers


def _emergency(answers: dict[str, Any], content: Content) -> bool:
    return bool(emergency_red_flags(content) & set(answers["red_flags"]))


def _ask_again(answers: dict[str, Any], items: list[Routed], chosen: list[str],
               content: Content, kept: dict[str, Any]) -> bool:
    """The warning signs a chosen answer asks again, in plain words (their full wording),
    each once; a sign already ticked is not asked again. True if it asked any."""
    flags = {r.id: r for r in content.red_flags}
    asked = False
    for item in items:
        if item.id not in chosen or not item.ask_again:
            continue
        ask = [flags[k] for k in item.ask_again_red_flags if k not in answers["red_flags"]]
        if ask:
            picked = prompts.checklist(item.ask_again, [(r.id, r.label, r.detail)
                                                        for r in ask],
                                       content.questions.none_of_these,
                                       ticked=kept.get(f"again-{item.id}"), settle=SETTLE)
            kept[f"again-{item.id}"] = picked
            answers["red_flags"] = [*answers["red_flags"], *picked]
            asked = True
        if _emergency(answers, content):
            break
    return asked


def confirm_from_map(answers: dict[str, Any], content: Content, kept: dict[str, Any]
                      ) -> bool:
    """The warning signs the places marked can go with (both legs, between the shoulder
    blades), asked once more when not ticked: one ticked now is a warning sign, one left
    is ruled out. True if it asked."""
    flags = {r.id: r for r in content.red_flags}
    given = answers["red_flags"]
    ask = [flags[k] for k in content.map_signs(answers.get("where") or [])
           if k not in given and k not in (answers.get("ruled_out") or [])]
    if not ask:
        return False
    picked = prompts.checklist(content.questions.where_confirm,
                               [(r.id, r.label, r.detail) for r in ask],
                               content.questions.none_of_these,
                               ticked=kept.get("where-confirm"), settle=SETTLE)
    kept["where-confirm"] = picked
    answers["red_flags"] = [*given, *picked]
    answers["ruled_out"] = [*(answers.get("ruled_out") or []),
                            *(r.id for r in ask if r.id not in picked)]
    return True


def _when_it_started(content: Content, now: datetime, episode: Episode | None,
                     before: str | None) -> dict[str, Any]:
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
    picked = prompts.choose(q.onset, [(o.id, o.label) for o in content.onsets],
                            default=before)
    said["onset_range"] = picked
    chosen = content.onset(picked)
    if chosen is not None and chosen.from_hours is not None:
        said["onset"] = now - timedelta(hours=chosen.from_hours)
        if chosen.to_hours is not None:
            said["onset_earliest"] = now - timedelta(hours=chosen.to_hours)
    return said
