"""Issue 19, item 7: the pain log is watched by the same rules as a check.

A score recorded with `backcare pain` goes through the severe-pain rule, and a log that
keeps getting worse raises the episode to "soon" with its reason, on status, the handout,
the report and the reminders; `pain` says so at once. Time is injected with BACKCARE_NOW
and `--at`, never slept.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from backcare import language
from backcare.assessment import because_said, fired_rules
from backcare.loader import load_content
from tests.helpers import flat, status_json

CONTENT = load_content()
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
WORSE = CONTENT.rule("worsening-pain")
SOON = CONTENT.level_text("soon")


def hours(n: float) -> timedelta:
    return timedelta(hours=n)


def logged(at: Callable[..., Any], scores: list[tuple[float, int]]) -> list[Any]:
    """An episode from T0 (a saved check, no warning signs) and scores at those hours."""
    saved = at(T0, "check", "--no-input", "--no-red-flags", "--ago", "1h", "--save")
    assert saved.exit_code == 0, saved.stderr
    said = []
    for after, score in scores:
        result = at(T0 + hours(after), "pain", str(score))
        assert result.exit_code == 0, result.stderr
        said.append(result)
    return said


RISING = [(0, 3), (12, 5), (24, 7), (36, 7)]
"""3, 5, 7, 7 over two days."""


def test_the_worsening_rule_is_data_with_its_sources() -> None:
    assert WORSE.level == "soon" and WORSE.applies_to == "log"
    assert WORSE.rise_at_least == 2 and WORSE.rise_span_hours == 24 and WORSE.not_improving
    assert WORSE.source == "nhs-back-pain"
    assert "ostelo-2008" in {s.id for s in CONTENT.sources}
    assert CONTENT.rule("severe-pain").applies_to == "both"


def test_pain_rising_3_5_7_7_over_two_days_raises_status_to_soon(at) -> None:
    logged(at, RISING)
    data = status_json(at, T0 + hours(37))
    esc = data["escalation"]
    assert esc["level"] == "soon"
    (reason,) = esc["reasons"]
    assert reason["id"] == "worsening-pain" and reason["text"] == WORSE.reason
    assert reason["source"] == "nhs-back-pain"
    assert reason["because"] == "pain 3/10 → pain 7/10, not improving"
    assert data["pain"]["trend"] == "worsening"
    screen = flat(at(T0 + hours(37), "status", "--plain").stdout)
    assert SOON.banner.upper() in screen
    assert flat(WORSE.reason) in screen


def test_pain_says_at_once_when_the_log_routes_above_self_care(at) -> None:
    said = logged(at, RISING)
    assert "SOON" not in said[0].stderr and "SOON" not in said[1].stderr
    told = flat(said[2].stderr)  # 7, a day after the 3
    assert "Recorded pain 7/10" in told
    assert flat(CONTENT.clinic.fill(SOON.action)) in told
    assert SOON.banner in told and flat(WORSE.reason) in told


def test_a_severe_score_in_the_log_is_severe_pain_as_in_a_check(at) -> None:
    (nine,) = logged(at, [(2, 9)])
    severe = CONTENT.rule("severe-pain")
    assert flat(severe.reason) in flat(nine.stderr)
    esc = status_json(at, T0 + hours(2))["escalation"]
    assert esc["level"] == "soon"
    assert [r["id"] for r in esc["reasons"]] == ["severe-pain"]
    assert esc["reasons"][0]["because"] == "pain 9/10"
    assert at(T0 + hours(3), "pain", "4").stderr.strip().splitlines() == [
        "Recorded pain 4/10 (episode 1)."]  # the latest score decides: nothing more to say
    assert status_json(at, T0 + hours(3))["escalation"]["level"] == "self-care"


@pytest.mark.parametrize("scores", [
    [(1, 3), (1.2, 6), (1.4, 7)],           # minutes apart: a day's ups and downs
    [(1, 3), (20, 6)],                      # not yet a day apart
    [(1, 3), (24, 4)],                      # a day apart, but one point
    [(1, 3), (26, 7), (50, 4), (52, 5)],    # rose, then came down again: improving
], ids=["minutes-apart", "within-a-day", "one-point", "improving-again"])
def test_what_is_not_a_worsening_trend(at, scores: list[tuple[float, int]]) -> None:
    logged(at, scores)
    last = scores[-1][0]
    reasons = status_json(at, T0 + hours(last + 0.5))["escalation"]["reasons"]
    assert "worsening-pain" not in [r["id"] for r in reasons]


def test_the_rise_counts_from_the_lowest_score_a_day_or_more_before(at) -> None:
    logged(at, [(1, 5), (2, 2), (27, 4)])
    (reason,) = status_json(at, T0 + hours(28))["escalation"]["reasons"]
    assert reason["id"] == "worsening-pain" and reason["because"].startswith("pain 2/10 → ")


def test_the_handout_report_and_reminders_carry_the_reason(at) -> None:
    logged(at, RISING)
    moment = T0 + hours(37)
    report = json.loads(at(moment, "report", "--format", "json").stdout)
    assert report["triage"]["level"] == "soon"
    assert "worsening-pain" in [r["id"] for r in report["triage"]["reasons"]]
    assert flat(WORSE.reason) in flat(at(moment, "report").stdout)
    listed = at(moment, "plan")
    assert flat(WORSE.reason) in flat(listed.stderr)
    ics = re.sub(r"\r?\n ", "", at(moment, "plan", "--ics", "-").stdout)  # unfolded
    assert "DESCRIPTION" in ics and WORSE.reason.replace(",", "\\,") in ics


def test_the_rule_reads_the_log_only() -> None:
    scores = [(T0, 3), (T0 + hours(30), 8)]
    in_log = fired_rules(CONTENT, "log", 8, 1.5, improving=False, scores=scores)
    assert "worsening-pain" in [r.id for r in in_log]
    in_check = fired_rules(CONTENT, "check", 8, 1.5, improving=False, scores=scores)
    assert "worsening-pain" not in [r.id for r in in_check]


def test_the_reason_why_is_said_in_spanish() -> None:
    language.use(language.LanguageChoice("es", "es", True))
    assert because_said("pain 3/10 → pain 7/10, not improving") == \
        "dolor 3/10 → dolor 7/10, sin mejoría"


def test_a_rise_rule_that_would_read_a_check_is_refused_by_the_loader(tmp_path: Path) -> None:
    import shutil

    from backcare.errors import ContentError
    from backcare.loader import load_content
    from backcare.paths import data_dir

    folder = tmp_path / "data"
    shutil.copytree(data_dir(), folder)
    advice = folder / "advice.toml"
    text = advice.read_text(encoding="utf-8")
    rule = 'id = "worsening-pain"\nlevel = "soon"\napplies_to = "log"'
    assert rule in text
    assert "rise_span_hours = 24\nnot_improving = true" in text  # read only from the log too
    text = text.replace("rise_span_hours = 24\nnot_improving = true", "rise_span_hours = 24")
    advice.write_text(text.replace(rule, rule.replace('"log"', '"check"')), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_content(folder)
    assert "rise_at_least reads the log" in caught.value.message
