"""The ice-then-heat window: phase boundaries through the pure core and through the CLI.

Time is always injected: an explicit `now` for the core, BACKCARE_NOW for the CLI.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from backcare.course import status
from backcare.episode import Episode
from backcare.loader import shipped_content
from backcare.records import replace
from backcare.window import phase_at, window_state

ONSET = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
CHICAGO = ZoneInfo("America/Chicago")


def _window():
    return shipped_content().window


def boundary_table() -> list[tuple[str, timedelta, str]]:
    """(label, time after onset, expected phase), built from the hours in data/window.toml."""
    w = _window()
    ice_until = timedelta(hours=w.ice_until_hours)
    heat_from = timedelta(hours=w.heat_from_hours)
    minute = timedelta(minutes=1)
    return [
        ("just before ice ends", ice_until - minute, "ice"),
        ("ice ends", ice_until, "transition"),
        ("just before heat", heat_from - minute, "transition"),
        ("heat starts", heat_from, "heat"),
    ]


def iso(moment: datetime) -> str:
    return moment.isoformat()


def test_shipped_window_is_the_clinic_page_24_to_48_hours() -> None:
    # The table below is labelled 23:59 / 24:00 / 47:59 / 48:00 because of these values.
    w = _window()
    assert (w.ice_until_hours, w.heat_from_hours) == (24, 48)
    labels = [f"{int(d.total_seconds() // 3600)}:{int(d.total_seconds() % 3600 // 60):02d}"
              for _, d, _ in boundary_table()]
    assert labels == ["23:59", "24:00", "47:59", "48:00"]


@pytest.mark.parametrize(("label", "after", "expected"), boundary_table(),
                         ids=[row[0] for row in boundary_table()])
def test_phase_boundaries_through_the_core(label: str, after: timedelta, expected: str) -> None:
    content = shipped_content()
    episode = Episode(id=1, onset=ONSET)
    now = ONSET + after
    hours = after.total_seconds() / 3600

    assert phase_at(hours, content.window) == expected
    result = status(episode, now, content)
    assert result.phase == expected
    assert result.hours_since_onset == round(hours, 2)
    assert window_state(ONSET, now, content.window).phase == expected


def test_phase_boundaries_follow_the_hours_in_the_content() -> None:
    # A clinic that switches earlier: the same code gives other phases, so nothing is hard-coded.
    w = replace(_window(), ice_until_hours=12, heat_from_hours=36)
    assert phase_at(11.99, w) == "ice"
    assert phase_at(12, w) == "transition"
    assert phase_at(35.99, w) == "transition"
    assert phase_at(36, w) == "heat"
    assert phase_at(30, _window()) == "transition"


def test_recommendation_follows_the_phase() -> None:
    content = shipped_content()
    w = content.window
    episode = Episode(id=1, onset=ONSET)
    kinds = {}
    for _, after, phase in boundary_table():
        rec = status(episode, ONSET + after, content).recommendation
        kinds[phase] = rec.kind
        assert rec.max_minutes == w.max_minutes
    assert kinds == {"ice": "ice", "transition": "ice-or-heat", "heat": "heat"}
    assert status(episode, ONSET, content).recommendation.minutes == w.ice_minutes


@pytest.mark.parametrize(("label", "after", "expected"), boundary_table(),
                         ids=[row[0] for row in boundary_table()])
def test_phase_boundaries_through_backcare_now(cli, label: str, after: timedelta,
                                              expected: str) -> None:
    started = cli("start", "--at", iso(ONSET), env={"BACKCARE_NOW": iso(ONSET)})
    assert started.exit_code == 0, started.stderr

    result = cli("status", "--json", env={"BACKCARE_NOW": iso(ONSET + after)})
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["phase"] == expected
    assert data["hours_since_onset"] == round(after.total_seconds() / 3600, 2)
    assert data["episode"]["onset"] == "2026-03-02T08:00:00+00:00"


# US daylight saving 2026: clocks go forward on 8 March (CST -06:00 -> CDT -05:00)
# and back on 1 November.
DST_CASES = [
    # onset, now, real hours, phase
    ("2026-03-07T20:00:00-06:00", "2026-03-08T21:00:00-05:00", 24.0, "transition"),
    # 24.5 h on the wall clock but 23.5 h really: still ice.
    ("2026-03-07T20:00:00-06:00", "2026-03-08T20:30:00-05:00", 23.5, "ice"),
    # Autumn: 24 h on the wall clock is 25 h really.
    ("2026-10-31T20:00:00-05:00", "2026-11-01T20:00:00-06:00", 25.0, "transition"),
    ("2026-03-06T20:00:00-06:00", "2026-03-08T20:30:00-05:00", 47.5, "transition"),
]


@pytest.mark.parametrize(("onset", "now", "hours", "phase"), DST_CASES)
def test_daylight_saving_change_counts_real_hours_in_the_core(
    onset: str, now: str, hours: float, phase: str
) -> None:
    content = shipped_content()
    episode = Episode(id=1, onset=datetime.fromisoformat(onset))
    result = status(episode, datetime.fromisoformat(now), content)
    assert result.hours_since_onset == hours
    assert result.phase == phase


@pytest.mark.parametrize(("onset", "now", "hours", "phase"), DST_CASES)
def test_daylight_saving_change_with_named_time_zone(
    onset: str, now: str, hours: float, phase: str
) -> None:
    # The same moments as America/Chicago wall-clock times (one shared tzinfo object):
    # Python subtracts those as wall-clock times unless the core converts to UTC first.
    content = shipped_content()
    start = datetime.fromisoformat(onset).astimezone(CHICAGO)
    current = datetime.fromisoformat(now).astimezone(CHICAGO)
    assert start.tzinfo is current.tzinfo
    result = status(Episode(id=1, onset=start), current, content)
    assert result.hours_since_onset == hours
    assert result.phase == phase


@pytest.mark.parametrize(("onset", "now", "hours", "phase"), DST_CASES)
def test_daylight_saving_change_through_the_cli(
    cli, onset: str, now: str, hours: float, phase: str
) -> None:
    started = cli("start", "--at", onset, env={"BACKCARE_NOW": onset})
    assert started.exit_code == 0, started.stderr

    result = cli("status", "--json", env={"BACKCARE_NOW": now})
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["hours_since_onset"] == hours
    assert data["phase"] == phase
    # Stored in UTC with an offset.
    assert data["episode"]["onset"] == datetime.fromisoformat(onset).astimezone(UTC).isoformat()


@pytest.mark.parametrize("value", [
    "tomorrow",
    "2026-13-01T00:00:00+00:00",
    "2026-03-08T09:30:00",  # no UTC offset
    "08/03/2026 09:30 -05:00",
])
@pytest.mark.parametrize("command", [["status"], ["status", "--json"], ["start"], ["pain", "5"]])
def test_invalid_backcare_now_exits_2_with_one_line(cli, backcare_home, value: str,
                                                     command: list[str]) -> None:
    result = cli(*command, env={"BACKCARE_NOW": value})
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "BACKCARE_NOW" in lines[0]
    assert repr(value) in lines[0]
    assert result.stdout == ""
    assert not (backcare_home / "state.json").exists()


def test_invalid_backcare_now_in_a_real_process_has_no_traceback(run_backcare) -> None:
    proc = run_backcare("status", env={"BACKCARE_NOW": "half past nine"})
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1
    assert proc.stderr.startswith("backcare: BACKCARE_NOW='half past nine' is not an ISO 8601")
    assert "Traceback" not in proc.stderr
