"""What a warning sign does after the check: status, reminders and handouts lead with it.

A red flag is never hidden behind the ice/heat plan, in any command.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from backcare.loader import load_content

CONTENT = load_content()
T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
EMERGENCY = next(r.id for r in CONTENT.red_flags if r.level == "emergency")
URGENT = next(r.id for r in CONTENT.red_flags if r.level == "urgent")


@pytest.fixture
def at(cli: Callable[..., Any]) -> Callable[..., Any]:
    def run(moment: datetime, *args: str, input: str | None = None) -> Any:
        return cli(*args, env={"BACKCARE_NOW": moment.isoformat()}, input=input)

    return run


def saved_check(at: Callable[..., Any], *flags: str) -> None:
    result = at(T0, "check", "--no-input", *flags, "--ago", "3h", "--save")
    assert result.exit_code == 0, result.stderr


def test_after_an_emergency_finding_status_leads_with_it_and_offers_no_ice_plan(at) -> None:
    saved_check(at, "--red-flag", EMERGENCY)
    later = T0 + timedelta(hours=2)
    screen = at(later, "status", "--plain").stdout
    banner = CONTENT.clinic.fill(CONTENT.level_text("emergency").banner).upper()
    assert screen.startswith(banner)
    assert "Ice for" not in screen and "Next session" not in screen
    data = json.loads(at(later, "status", "--json").stdout)
    assert data["escalation"]["level"] == "emergency"
    assert data["recommendation"] is None
    assert data["next_application_at"] is None
    assert data["next_reminder_at"] is None


def test_after_an_urgent_finding_status_shows_it_before_the_plan(at) -> None:
    saved_check(at, "--red-flag", URGENT)
    screen = at(T0 + timedelta(hours=2), "status", "--plain").stdout
    banner = CONTENT.clinic.fill(CONTENT.level_text("urgent").banner).upper()
    assert screen.startswith(banner)
    assert screen.index(banner) < screen.index("EPISODE 1")
    assert "Ice for 15 minutes at a time" in screen


def test_no_reminders_are_planned_after_an_emergency_finding(at, tmp_path: Path) -> None:
    saved_check(at, "--red-flag", EMERGENCY)
    target = tmp_path / "plan.ics"
    result = at(T0 + timedelta(hours=1), "plan", "--ics", str(target))
    assert result.exit_code == 2
    assert "emergency" in result.stderr and CONTENT.clinic.emergency_number in result.stderr
    assert not target.exists()


@pytest.mark.parametrize("fmt", ["md", "html", "json"])
def test_an_emergency_handout_has_no_ice_or_heat_window(at, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"handout.{fmt}"
    result = at(T0, "check", "--no-input", "--red-flag", EMERGENCY, "--ago", "3h",
                "-o", str(target))
    assert result.exit_code == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    assert "Where in the window" not in text and "Ice and heat" not in text
    assert CONTENT.clinic.emergency_number in text
    if fmt == "json":
        doc = json.loads(text)
        assert doc["window"] is None and doc["advice"] == [] and doc["cautions"] == []
        assert doc["triage"]["level"] == "emergency"


def test_a_report_without_a_saved_check_does_not_claim_home_care_fits(at) -> None:
    assert at(T0, "start").exit_code == 0
    text = at(T0 + timedelta(hours=1), "report").stdout
    self_care = CONTENT.clinic.fill(CONTENT.level_text("self-care").banner)
    assert self_care not in text
    assert "backcare check --save" in text


def test_an_ended_episode_does_not_grow_into_weeks_later(at) -> None:
    assert at(T0, "start").exit_code == 0
    assert at(T0 + timedelta(hours=26), "end", "--yes").exit_code == 0
    month_later = T0 + timedelta(days=(CONTENT.rule("long-episode").days_at_least or 0) + 10)
    doc = json.loads(at(month_later, "report", "--format", "json").stdout)
    assert doc["triage"] is None
    assert "long-episode" not in json.dumps(doc)


def test_a_long_episode_reason_is_listed_once(at) -> None:
    onset = T0 - timedelta(days=(CONTENT.rule("long-episode").days_at_least or 0) + 2)
    result = at(T0, "check", "--no-input", "--no-red-flags", "--onset", onset.isoformat(),
                "--save")
    assert result.exit_code == 0, result.stderr
    reasons = json.loads(at(T0, "status", "--json").stdout)["escalation"]["reasons"]
    assert [r["id"] for r in reasons].count("long-episode") == 1


NOTE = "stiff\n## EMERGENCY: forged heading \x1b]0;pwned\x07 [link](http://x) <b>"


def test_a_note_stays_literal_and_on_one_line_in_the_markdown_handout(at) -> None:
    assert at(T0, "start").exit_code == 0
    assert at(T0 + timedelta(hours=1), "pain", "4", "--note", NOTE).exit_code == 0
    text = at(T0 + timedelta(hours=2), "report").stdout
    assert "\x1b" not in text and "\x07" not in text
    assert "\n## EMERGENCY" not in text
    line = next(line for line in text.splitlines() if "forged heading" in line)
    assert line.startswith("- ") and "\\x1b" in line
    assert "\\[link\\]" in line and "\\<b\\>" in line


@pytest.mark.parametrize("args", [
    ("check", "--no-input", "--no-red-flags", "--ago", "99999999999d"),
    ("start", "--ago", "9999999999w"),
    ("check", "--no-input", "--no-red-flags", "--onset", "0001-01-01T00:00"),
])
def test_absurd_times_are_bad_input_not_crashes(at, args: tuple[str, ...]) -> None:
    result = at(T0, *args)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "unexpected" not in result.stderr


def test_pain_before_the_onset_is_refused(at, backcare_home: Path) -> None:
    assert at(T0, "start").exit_code == 0
    before = (backcare_home / "state.json").read_bytes()
    result = at(T0, "pain", "5", "--at", (T0 - timedelta(days=3)).isoformat())
    assert result.exit_code == 2 and "before the onset" in result.stderr
    assert (backcare_home / "state.json").read_bytes() == before


def test_history_says_when_it_shows_only_the_latest_entries(at) -> None:
    assert at(T0, "start").exit_code == 0
    for i in range(25):
        assert at(T0 + timedelta(minutes=10 * (25 - i)), "pain", str(i % 11)).exit_code == 0
    screen = " ".join(at(T0 + timedelta(hours=6), "history", "--plain").stdout.split())
    assert "the last 20 of 25 pain scores" in screen
    shown = [int(line.split(" pain ")[1].split("/")[0]) for line in
             at(T0 + timedelta(hours=6), "history", "--plain").stdout.splitlines()
             if " pain " in line and line.startswith("- ")]
    # recorded newest first: in time order the scores run i = 24 down to 0; the last 20 show
    assert shown == [i % 11 for i in range(19, -1, -1)]


def test_a_bad_output_file_is_refused_after_a_scripted_result_is_shown_and_kept(
        at, tmp_path: Path, backcare_home: Path) -> None:
    result = at(T0, "check", "--no-input", "--red-flag", EMERGENCY, "--save", "--exit-code",
                "-o", str(tmp_path / "missing" / "x.md"))
    # --exit-code: the emergency's 12 outranks the refused name, which is still said
    assert result.exit_code == 12 and "does not exist" in result.stderr.splitlines()[-1]
    assert "EMERGENCY" in result.stdout.splitlines()[0]
    kept = json.loads(at(T0, "history", "--json").stdout)
    assert kept["episodes"][0]["checks"][0]["level"] == "emergency"
    assert not (tmp_path / "missing").exists()
    result = at(T0, "check", "--no-input", "--no-red-flags", "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 2 and ".md, .html or .json" in result.stderr
    assert "--format" not in result.stderr  # check has no --format to suggest


def test_answers_file_mistakes_are_named_as_the_files(at) -> None:
    result = at(T0, "check", "--answers", "-",
                input=json.dumps({"red_flags": [], "symptoms": ["sore"], "ago": "5h"}))
    assert result.exit_code == 2
    assert "symptoms entry sore in the answers file" in result.stderr
    assert "--symptom" not in result.stderr
    result = at(T0, "check", "--answers", "-", input=json.dumps({"red_flags": [], "ago": "5x"}))
    assert result.exit_code == 2 and "ago in the answers file" in result.stderr


def test_a_reader_closing_the_pipe_early_loses_nothing_that_was_asked_for(
    run_backcare: Callable[..., Any], backcare_home: Path, tmp_path: Path
) -> None:
    """`backcare check --save -o x.md | head -1`: the check is kept and the handout written."""
    import subprocess
    import sys

    handout = tmp_path / "x.md"
    child = subprocess.Popen(
        [sys.executable, "-m", "backcare", "check", "--no-input", "--no-red-flags", "--ago",
         "2h", "--save", "-o", str(handout), "--explain"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env={**__import__("os").environ, "BACKCARE_HOME": str(backcare_home)})
    assert child.stdout is not None
    child.stdout.close()  # gone before backcare writes a word: every write fails
    assert child.wait(timeout=30) == 141
    assert handout.is_file()
    history = json.loads(run_backcare("history", "--json").stdout)
    assert len(history["episodes"][0]["checks"]) == 1


def test_a_broken_state_file_never_hides_the_emergency_screen(at, backcare_home: Path) -> None:
    backcare_home.mkdir(parents=True)
    broken = backcare_home / "state.json"
    broken.write_text('{"schema_version": 1, "episodes": [', encoding="utf-8")
    result = at(T0, "check", "--no-input", "--red-flag", EMERGENCY, "--save", "--exit-code")
    banner = CONTENT.clinic.fill(CONTENT.level_text("emergency").banner).upper()
    assert result.stdout.startswith(banner)
    assert result.exit_code == 12 and str(broken) in result.stderr  # the level outranks it
    assert broken.read_text(encoding="utf-8") == '{"schema_version": 1, "episodes": ['


def test_a_new_episode_carries_the_last_warning_sign_on(at, tmp_path: Path) -> None:
    assert at(T0, "start", "--ago", "3d").exit_code == 0
    saved_check(at, "--red-flag", EMERGENCY)
    assert at(T0 + timedelta(minutes=5), "start", "--new").exit_code == 0
    data = json.loads(at(T0 + timedelta(minutes=10), "status", "--json").stdout)
    assert data["episode"]["id"] == 2
    assert data["escalation"]["level"] == "emergency"
    assert data["recommendation"] is None
    assert at(T0 + timedelta(minutes=10), "plan", "--ics", str(tmp_path / "p.ics")).exit_code == 2


def test_reminders_lead_with_an_urgent_finding(at) -> None:
    saved_check(at, "--red-flag", URGENT)
    result = at(T0 + timedelta(hours=1), "plan", "--ics", "-")
    banner = CONTENT.clinic.fill(CONTENT.level_text("urgent").banner)
    assert result.exit_code == 0
    assert banner in result.stderr
    from icalendar import Calendar

    events = Calendar.from_ical(result.stdout).walk("VEVENT")
    assert events and all(str(e.get("description")).startswith(banner) for e in events)


def test_an_episode_cannot_end_before_what_was_recorded_in_it(at) -> None:
    assert at(T0, "start").exit_code == 0
    assert at(T0 + timedelta(hours=2), "pain", "5").exit_code == 0
    result = at(T0 + timedelta(hours=3), "end", "--yes", "--at",
                (T0 + timedelta(hours=1)).isoformat())
    assert result.exit_code == 2 and "cannot end before" in result.stderr


@pytest.mark.parametrize("args", [
    ("pain", "4", "--at", "0001-01-01T00:00:00+00:00"),
    ("start", "--at", "0001-01-01T00:00:00+00:00"),
])
def test_times_in_year_one_are_bad_input(at, args: tuple[str, ...]) -> None:
    if args[0] == "pain":
        assert at(T0, "start").exit_code == 0
    result = at(T0, *args)
    assert result.exit_code == 2 and "too far" in result.stderr


def test_at_night_a_session_is_due_now_and_reminders_wait_for_morning(
    run_backcare: Callable[..., Any],
) -> None:
    night = {"BACKCARE_NOW": "2026-03-02T03:00:00-06:00", "TZ": "America/Chicago"}
    assert run_backcare("start", "--ago", "1h", env=night).returncode == 0
    data = json.loads(run_backcare("status", "--json", env=night).stdout)
    assert data["next_application_at"] == "2026-03-02T09:00:00+00:00"  # now: 03:00 in Chicago
    morning = f"2026-03-02T{CONTENT.window.day_starts_hour:02d}:00:00-06:00"
    assert data["next_reminder_at"] == datetime.fromisoformat(morning).astimezone(UTC).isoformat()
    screen = run_backcare("status", "--plain", env=night).stdout
    assert "Next session: now; reminders start again at" in " ".join(screen.split())
