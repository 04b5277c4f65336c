"""Demo screens: the scene titles and the answers as a person would have chosen them."""

from __future__ import annotations

from rich.console import Console
from rich.rule import Rule

from backcare.content import Content
from backcare.render.common import bullet, literal
from backcare.scenarios import Scenario


def scene(con: Console, title: str, plain: bool) -> None:
    con.print()
    if plain:
        con.print(literal(f"=== {title} ==="))
    else:
        con.print(Rule(literal(title, "bold")))


def render_answers(con: Console, scenario: Scenario, content: Content, plain: bool) -> None:
    a = scenario.answers
    q = content.questions

    def labels(keys: list[str], items: list[tuple[str, str]], empty: str) -> str:
        names = dict(items)
        return "; ".join(names[k] for k in keys) if keys else empty

    onset = next((o.label for o in content.onsets
                  if o.hours is not None and o.hours <= a.onset_hours_ago), "")
    rows = [
        (q.red_flags, labels(a.red_flags, [(r.id, r.label) for r in content.red_flags],
                             q.none_of_these)),
        (q.onset, f"{onset} (about {a.onset_hours_ago:g} "
                  f"{'hour' if a.onset_hours_ago == 1 else 'hours'} ago)"),
        (q.triggers, labels(a.triggers, [(t.id, t.label) for t in content.triggers], "(none)")),
        (q.symptoms, labels(a.symptoms, [(s.id, s.label) for s in content.symptoms], "(none)")),
        (q.pain, "(not asked)" if a.pain is None else f"{a.pain}"),
        (q.conditions, labels(a.conditions, [(c.id, c.label) for c in content.conditions],
                              "(none)")),
    ]
    emergency = any(r.level == "emergency" for r in content.red_flags if r.id in a.red_flags)
    for question, answer in rows[:1] if emergency else rows:
        con.print(literal(question, "" if plain else "bold"))
        bullet(con, answer, plain=plain)
