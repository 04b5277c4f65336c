"""`backcare plan --ics FILE` and `backcare.sessions.planned_sessions`: ice and heat reminders.

The calendar is read back with the icalendar library. The CLI runs in a subprocess
with TZ set, so waking hours are checked in a real local time zone, across a
daylight-saving change too. Time comes from BACKCARE_NOW or an explicit `now`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, tzinfo
from itertools import pairwise
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from backcare.content import Window
from backcare.episode import Application, Episode
from backcare.loader import load_content
from backcare.records import replace
from backcare.sessions import Session, planned_sessions, whole_minute
from tests.helpers import OTHER_CLINIC, iso

CONTENT = load_content()
WINDOW = CONTENT.window
CHICAGO = ZoneInfo("America/Chicago")
SUMMARY_KIND = {"Ice": "ice", "Ice or heat": "ice-or-heat", "Heat": "heat"}


def expected_kind(hours: float, window: Window = WINDOW) -> str:
    if hours < window.ice_until_hours:
        return "ice"
    if hours < window.heat_from_hours:
        return "ice-or-heat"
    return "heat"


def minutes_for(kind: str, window: Window = WINDOW) -> int:
    return {"ice": window.ice_minutes, "heat": window.heat_minutes,
            "ice-or-heat": min(window.ice_minutes, window.heat_minutes)}[kind]


def in_waking_hours(moment: datetime, tz: tzinfo, window: Window = WINDOW,
                    minutes: float = 0) -> bool:
    """The whole session, from `moment` for `minutes`, falls in waking hours."""
    local = moment.astimezone(tz)
    ends = local + timedelta(minutes=minutes)
    bedtime = datetime.combine(local.date(), datetime.min.time(), tzinfo=tz) + timedelta(
        hours=window.day_ends_hour)
    return window.day_starts_hour <= local.hour and ends <= bedtime


def next_waking(moment: datetime, tz: tzinfo, window: Window = WINDOW,
                minutes: float = 0) -> datetime:
    """`moment` if a session of `minutes` then fits in waking hours, else the start of the
    next waking day."""
    local = moment.astimezone(tz)
    if in_waking_hours(moment, tz, window, minutes):
        return moment
    day = local.date() if local.hour < window.day_starts_hour else local.date() + timedelta(1)
    return datetime(day.year, day.month, day.day, window.day_starts_hour, tzinfo=tz)


# ---------------------------------------------------------------- the CLI


class Event:
    def __init__(self, component: Any) -> None:
        self.start: datetime = component.decoded("dtstart")
        self.end: datetime = component.decoded("dtend")
        self.summary = str(component.get("summary"))
        self.description = str(component.get("description"))
        self.uid = str(component.get("uid"))
        self.alarms = [a for a in component.subcomponents if a.name == "VALARM"]
        match = re.match(r"(Ice or heat|Ice|Heat): (\d+) min", self.summary)
        assert match, self.summary
        self.kind = SUMMARY_KIND[match.group(1)]
        self.minutes = int(match.group(2))


def read_calendar(path: Path) -> tuple[Calendar, list[Event]]:
    cal = Calendar.from_ical(path.read_bytes())
    events = [Event(c) for c in cal.walk("VEVENT")]
    return cal, events


@pytest.fixture
def plan_at(run_backcare: Callable[..., Any], tmp_path: Path) -> Callable[..., Any]:
    """plan_at(now, tz, onset_ago) -> (events, completed process); the real program."""

    def run(now: datetime, tz: str, ago: str | None = "20h", *, apply_at: datetime | None = None,
            code: int = 0) -> tuple[list[Event], Any]:
        env = {"BACKCARE_NOW": iso(now), "TZ": tz}
        if ago is not None:
            started = run_backcare("start", "--ago", ago, env=env)
            assert started.returncode == 0, started.stderr
        if apply_at is not None:
            applied = run_backcare("apply", "ice", "--at", iso(apply_at), env=env)
            assert applied.returncode == 0, applied.stderr
        path = tmp_path / "plan.ics"
        result = run_backcare("plan", "--ics", str(path), env=env)
        assert result.returncode == code, result.stderr
        if code:
            return [], result
        _, events = read_calendar(path)
        return sorted(events, key=lambda e: e.start), result

    return run


WINTER = datetime(2026, 1, 14, 15, 0, tzinfo=CHICAGO)  # a Wednesday, no clock change near


def test_the_calendar_reads_back_and_every_event_has_an_alarm_and_a_uid(
    plan_at: Callable[..., Any], tmp_path: Path,
) -> None:
    events, result = plan_at(WINTER, "America/Chicago")
    cal, _ = read_calendar(tmp_path / "plan.ics")
    assert str(cal.get("version")) == "2.0"
    assert cal.get("prodid")
    assert events
    assert f"Wrote {len(events)} reminders to {tmp_path / 'plan.ics'}" in result.stderr
    assert len({e.uid for e in events}) == len(events)
    for e in events:
        assert e.uid
        assert e.start.tzinfo is not None
        assert e.end - e.start == timedelta(minutes=e.minutes)
        assert e.minutes == minutes_for(e.kind) <= WINDOW.max_minutes
        assert len(e.alarms) == 1
        alarm = e.alarms[0]
        assert str(alarm.get("action")) == "DISPLAY"
        assert alarm.get("description")
        assert alarm.decoded("trigger") == timedelta(0)
        # what the person reads in the reminder: the safety line and who to call
        assert "never straight on the skin" in e.description
        assert "817-697-4038" in e.description and "Emergency: 911" in e.description


def test_sessions_are_spaced_by_session_length_plus_the_gap_in_waking_hours(
    plan_at: Callable[..., Any],
) -> None:
    events, _ = plan_at(WINTER, "America/Chicago")
    assert events[0].start == WINTER  # nothing applied yet: the first one is due now
    for e in events:
        assert in_waking_hours(e.start, CHICAGO, WINDOW, e.minutes), e.start.astimezone(CHICAGO)
    for before, after in pairwise(events):
        candidate = before.start + timedelta(minutes=before.minutes + WINDOW.min_gap_minutes)
        assert after.start == next_waking(candidate, CHICAGO, WINDOW, after.minutes)
        if after.start != candidate:  # the night: the next one is first thing in the morning
            local = after.start.astimezone(CHICAGO)
            assert (local.hour, local.minute) == (WINDOW.day_starts_hour, 0)


def test_sessions_switch_kind_exactly_at_the_phase_bounds(plan_at: Callable[..., Any]) -> None:
    events, _ = plan_at(WINTER, "America/Chicago", "20h")
    onset = WINTER - timedelta(hours=20)
    for e in events:
        hours = (e.start - onset).total_seconds() / 3600
        assert e.kind == expected_kind(hours), (hours, e.summary)
    kinds = [e.kind for e in events]
    assert kinds == sorted(kinds, key=["ice", "ice-or-heat", "heat"].index)  # never back
    assert set(kinds) == {"ice", "ice-or-heat", "heat"}
    first_switch = next(e for e in events if e.kind == "ice-or-heat")
    last_ice = [e for e in events if e.kind == "ice"][-1]
    bound = onset + timedelta(hours=WINDOW.ice_until_hours)
    assert last_ice.start < bound <= first_switch.start
    first_heat = next(e for e in events if e.kind == "heat")
    heat_bound = onset + timedelta(hours=WINDOW.heat_from_hours)
    assert [e for e in events if e.kind == "ice-or-heat"][-1].start < heat_bound
    assert heat_bound <= first_heat.start


def test_the_plan_covers_plan_days(plan_at: Callable[..., Any]) -> None:
    events, _ = plan_at(WINTER, "America/Chicago")
    end = WINTER + timedelta(days=WINDOW.plan_days)
    assert all(WINTER <= e.start < end for e in events)
    last = events[-1]
    following = next_waking(last.start + timedelta(minutes=last.minutes
                                                   + WINDOW.min_gap_minutes), CHICAGO)
    assert following >= end  # nothing left out before the end of the plan
    days = {e.start.astimezone(CHICAGO).date() for e in events}
    first_day = WINTER.date()
    assert days == {first_day + timedelta(days=n) for n in range(WINDOW.plan_days + 1)}


def test_the_first_session_waits_for_the_gap_after_the_last_one(
    plan_at: Callable[..., Any],
) -> None:
    applied = WINTER - timedelta(minutes=30)
    events, _ = plan_at(WINTER, "America/Chicago", apply_at=applied)
    assert events[0].start == applied + timedelta(minutes=WINDOW.ice_minutes
                                                  + WINDOW.min_gap_minutes)


def test_a_late_evening_plan_starts_next_morning(plan_at: Callable[..., Any]) -> None:
    late = datetime(2026, 1, 14, 23, 10, tzinfo=CHICAGO)
    events, _ = plan_at(late, "America/Chicago", "2h")
    assert events[0].start == datetime(2026, 1, 15, WINDOW.day_starts_hour, tzinfo=CHICAGO)


@pytest.mark.parametrize("tz", ["Asia/Kolkata", "Pacific/Auckland", "UTC"])
def test_waking_hours_are_the_local_time_zone(plan_at: Callable[..., Any], tz: str) -> None:
    zone = ZoneInfo(tz)
    now = datetime(2026, 7, 10, 12, 0, tzinfo=zone)
    events, _ = plan_at(now, tz)
    assert events
    for e in events:
        assert in_waking_hours(e.start, zone, WINDOW, e.minutes), e.start.astimezone(zone)
    mornings = [e for e in events if e.start.astimezone(zone).hour == WINDOW.day_starts_hour]
    assert mornings and all(e.start.astimezone(zone).minute == 0 for e in mornings)


@pytest.mark.parametrize("now", [
    datetime(2026, 3, 6, 15, 0, tzinfo=CHICAGO),   # clocks go forward on Sunday 8 March
    datetime(2026, 10, 30, 15, 0, tzinfo=CHICAGO),  # and back on Sunday 1 November
], ids=["spring forward", "fall back"])
def test_waking_hours_hold_across_a_daylight_saving_change(
    plan_at: Callable[..., Any], now: datetime,
) -> None:
    events, _ = plan_at(now, "America/Chicago")
    offsets = {e.start.astimezone(CHICAGO).utcoffset() for e in events}
    assert len(offsets) == 2  # the plan does cross the change
    for e in events:
        assert in_waking_hours(e.start, CHICAGO, WINDOW, e.minutes), e.start.astimezone(CHICAGO)
    for before, after in pairwise(events):
        candidate = before.start + timedelta(minutes=before.minutes + WINDOW.min_gap_minutes)
        assert after.start == next_waking(candidate, CHICAGO, WINDOW, after.minutes)


def test_no_open_episode_exits_2(plan_at: Callable[..., Any], tmp_path: Path) -> None:
    _, result = plan_at(WINTER, "America/Chicago", None, code=2)
    assert "no open episode" in result.stderr and "backcare start" in result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "plan.ics").exists()


def test_an_ended_episode_has_no_plan(
    run_backcare: Callable[..., Any], tmp_path: Path,
) -> None:
    env = {"BACKCARE_NOW": iso(WINTER), "TZ": "America/Chicago"}
    assert run_backcare("start", "--ago", "5h", env=env).returncode == 0
    assert run_backcare("end", "--yes", env=env).returncode == 0
    result = run_backcare("plan", "--ics", str(tmp_path / "plan.ics"), env=env)
    assert result.returncode == 2
    assert not (tmp_path / "plan.ics").exists()


def test_the_reminders_carry_the_clinic_profile(
    plan_at: Callable[..., Any], backcare_home: Path,
) -> None:
    backcare_home.mkdir(parents=True)
    (backcare_home / "clinic.toml").write_text(OTHER_CLINIC, encoding="utf-8")
    events, _ = plan_at(WINTER, "America/Chicago")
    for e in events:
        assert "555-0100" in e.description and "Emergency: 999" in e.description
        assert "817-697-4038" not in e.description


# ---------------------------------------------------------- planned_sessions


ONSET = datetime(2026, 1, 13, 10, 0, tzinfo=CHICAGO)


def episode(onset: datetime = ONSET, applications: list[Application] | None = None,
            ended_at: datetime | None = None) -> Episode:
    return Episode(id=1, onset=onset.astimezone(UTC), applications=applications or [],
                   ended_at=ended_at)


def check_sessions(sessions: list[Session], now: datetime, onset: datetime, tz: tzinfo,
                   window: Window = WINDOW) -> None:
    """The plan's rules, for any plan."""
    assert sessions
    end = now + timedelta(days=window.plan_days)
    for s in sessions:
        assert now <= s.start < end
        assert in_waking_hours(s.start, tz, window, s.minutes), s.start.astimezone(tz)
        hours = (s.start - onset).total_seconds() / 3600
        assert s.kind == expected_kind(hours, window)
        assert s.minutes == minutes_for(s.kind, window)
    for before, after in pairwise(sessions):
        candidate = before.start + timedelta(minutes=before.minutes + window.min_gap_minutes)
        assert after.start in (next_waking(candidate, tz, window, after.minutes),
                               next_waking(next_waking(candidate, tz, window), tz, window,
                                           after.minutes))
    last = sessions[-1]
    assert next_waking(last.start + timedelta(minutes=last.minutes + window.min_gap_minutes),
                       tz, window) >= end


def test_the_first_session_is_now_when_nothing_was_applied() -> None:
    now = ONSET + timedelta(hours=1)
    sessions = planned_sessions(episode(), now, CONTENT, CHICAGO)
    assert sessions[0].start == now
    assert sessions[0].kind == "ice" and sessions[0].minutes == WINDOW.ice_minutes
    assert sessions[1].start == now + timedelta(minutes=WINDOW.ice_minutes
                                                + WINDOW.min_gap_minutes)
    check_sessions(sessions, now, ONSET, CHICAGO)


@pytest.mark.parametrize(("hours", "kind"), [
    (WINDOW.ice_until_hours - 1 / 60, "ice"),
    (WINDOW.ice_until_hours, "ice-or-heat"),
    (WINDOW.heat_from_hours - 1 / 60, "ice-or-heat"),
    (WINDOW.heat_from_hours, "heat"),
])
def test_a_session_at_a_phase_bound_takes_the_new_phase(hours: float, kind: str) -> None:
    now = ONSET + timedelta(hours=hours)  # 10:00 or 09:59 local: waking hours
    first = planned_sessions(episode(), now, CONTENT, CHICAGO)[0]
    assert first.start == now
    assert first.kind == kind


def test_before_the_day_starts_the_first_session_is_at_day_start() -> None:
    now = datetime(2026, 1, 14, 5, 30, tzinfo=CHICAGO)
    first = planned_sessions(episode(), now, CONTENT, CHICAGO)[0]
    assert first.start == datetime(2026, 1, 14, WINDOW.day_starts_hour, tzinfo=CHICAGO)


def test_after_the_day_ends_the_first_session_is_next_morning() -> None:
    now = datetime(2026, 1, 14, WINDOW.day_ends_hour, 5, tzinfo=CHICAGO)
    first = planned_sessions(episode(), now, CONTENT, CHICAGO)[0]
    assert first.start == datetime(2026, 1, 15, WINDOW.day_starts_hour, tzinfo=CHICAGO)


def test_a_recent_application_pushes_the_first_session_back() -> None:
    applied = ONSET + timedelta(hours=2)
    ep = episode(applications=[Application(kind="ice", at=applied, minutes=20)])
    now = applied + timedelta(minutes=25)
    first = planned_sessions(ep, now, CONTENT, CHICAGO)[0]
    assert first.start == applied + timedelta(minutes=20 + WINDOW.min_gap_minutes)


def test_an_ended_episode_plans_nothing() -> None:
    ep = episode(ended_at=ONSET + timedelta(hours=5))
    assert planned_sessions(ep, ONSET + timedelta(hours=6), CONTENT, CHICAGO) == []


def test_the_same_moment_plans_differently_in_another_time_zone() -> None:
    now = datetime(2026, 1, 14, 3, 0, tzinfo=UTC)  # 21:00 in Chicago, 03:00 in UTC
    chicago = planned_sessions(episode(), now, CONTENT, CHICAGO)
    utc = planned_sessions(episode(), now, CONTENT, UTC)
    assert chicago[0].start == now
    assert utc[0].start == datetime(2026, 1, 14, WINDOW.day_starts_hour, tzinfo=UTC)
    check_sessions(chicago, now, ONSET, CHICAGO)
    check_sessions(utc, now, ONSET, UTC)


@pytest.mark.parametrize(("zone", "now"), [
    ("America/Chicago", datetime(2026, 3, 7, 9, 0)),   # forward on 8 March, 02:00
    ("America/Chicago", datetime(2026, 10, 31, 9, 0)),  # back on 1 November, 02:00
    ("Europe/London", datetime(2026, 3, 28, 9, 0)),    # forward on 29 March, 01:00
    ("Australia/Sydney", datetime(2026, 4, 4, 9, 0)),  # back on 5 April, 03:00
], ids=["chicago spring", "chicago fall", "london spring", "sydney autumn"])
def test_mornings_start_at_day_start_on_both_sides_of_a_clock_change(
    zone: str, now: datetime,
) -> None:
    tz = ZoneInfo(zone)
    local_now = now.replace(tzinfo=tz)
    onset = local_now - timedelta(hours=10)
    sessions = planned_sessions(episode(onset), local_now, CONTENT, tz)
    check_sessions(sessions, local_now, onset, tz)
    offsets = {s.start.astimezone(tz).utcoffset() for s in sessions}
    assert len(offsets) == 2  # the plan crosses the change
    first_each_day: dict[date, datetime] = {}
    for s in sessions:
        first_each_day.setdefault(s.start.astimezone(tz).date(), s.start.astimezone(tz))
    for day, first in list(first_each_day.items())[1:]:
        assert (first.hour, first.minute) == (WINDOW.day_starts_hour, 0), day


def test_the_plan_follows_the_window_in_data() -> None:
    window = replace(WINDOW, ice_until_hours=12, heat_from_hours=36, ice_minutes=10,
                     heat_minutes=20, min_gap_minutes=60, plan_days=2, day_starts_hour=9,
                     day_ends_hour=17)
    now = ONSET + timedelta(hours=1)
    content = replace(CONTENT, window=window)
    sessions = planned_sessions(episode(), now, content, CHICAGO)
    check_sessions(sessions, now, ONSET, CHICAGO, window)
    assert sessions[1].start - sessions[0].start == timedelta(minutes=10 + 60)
    assert {s.kind for s in sessions} == {"ice", "ice-or-heat", "heat"}
    assert all(s.minutes == 20 for s in sessions if s.kind == "heat")


ZONES = ["America/Chicago", "America/St_Johns", "Europe/London", "Asia/Kolkata",
         "Australia/Lord_Howe", "Pacific/Chatham", "UTC"]


@settings(max_examples=60, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    now=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31),
                     timezones=st.just(UTC)),
    onset_hours=st.floats(min_value=0, max_value=24 * 10),
    last_applied=st.one_of(st.none(), st.floats(min_value=0, max_value=6)),
)
def test_any_plan_keeps_the_rules(zone: str, now: datetime, onset_hours: float,
                                  last_applied: float | None) -> None:
    tz = ZoneInfo(zone)
    onset = now - timedelta(hours=onset_hours)
    applications = []
    if last_applied is not None and last_applied <= onset_hours:
        applications = [Application(kind="ice", at=now - timedelta(hours=last_applied),
                                    minutes=WINDOW.ice_minutes)]
    sessions = planned_sessions(episode(onset, applications), now, CONTENT, tz)
    if applications:
        due = applications[0].at + timedelta(minutes=WINDOW.ice_minutes
                                             + WINDOW.min_gap_minutes)
        assert sessions[0].start == next_waking(whole_minute(max(now, due)), tz, WINDOW,
                                                sessions[0].minutes)
    else:
        assert sessions[0].start == next_waking(whole_minute(now), tz, WINDOW,
                                                sessions[0].minutes)
    assert all(s.start.second == 0 and s.start.microsecond == 0 for s in sessions)
    check_sessions(sessions, now, onset, tz)


# ------------------------------------------------------------- the local zone


@pytest.mark.parametrize("tz", ["America/Chicago", ":America/Chicago",
                                "/usr/share/zoneinfo/America/Chicago"])
def test_the_local_zone_keeps_its_clock_changes(tz: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from backcare.clock import local_zone

    if tz.startswith("/") and not Path(tz).is_file():
        pytest.skip(f"{tz} is not on this system")
    monkeypatch.setenv("TZ", tz)
    zone = local_zone(WINTER)
    assert datetime(2026, 1, 14, 8, tzinfo=zone).utcoffset() == timedelta(hours=-6)
    assert datetime(2026, 7, 14, 8, tzinfo=zone).utcoffset() == timedelta(hours=-5)


# Prints, for moments all year, local_zone's offset and the C library's, in seconds.
OFFSETS = """
import json, sys
from datetime import datetime, timedelta
from backcare.clock import local_zone
winter = datetime.fromisoformat(sys.argv[1])
zone = local_zone(winter)
moments = [winter + timedelta(days=day, hours=day % 24) for day in range(0, 366, 5)]
print(json.dumps([[m.astimezone(zone).utcoffset().total_seconds(),
                   m.astimezone().utcoffset().total_seconds()] for m in moments]))
"""


def test_without_tz_the_zone_is_the_one_times_are_shown_in() -> None:
    """The system's own zone: every offset agrees with the C library's, all year round.
    The system here is in UTC, where any answer of UTC would agree; so one process gets
    Chicago's zone file in place of /etc/localtime, in a mount namespace of its own."""
    import os
    import shutil
    import subprocess
    import sys
    import zoneinfo

    found = [Path(d, "America", "Chicago") for d in zoneinfo.TZPATH]
    chicago = next((f for f in found if f.is_file()), None)
    if chicago is None or shutil.which("unshare") is None:
        pytest.skip("needs the system's zone files and util-linux's unshare")
    as_root = [] if os.geteuid() == 0 else ["--map-root-user"]
    env = {k: v for k, v in os.environ.items() if k != "TZ"}
    proc = subprocess.run(
        ["unshare", "--mount", *as_root, "sh", "-c",
         'mount --bind "$1" /etc/localtime && exec "$2" -c "$3" "$4"', "sh",
         str(chicago), sys.executable, OFFSETS, WINTER.isoformat()],
        capture_output=True, text=True, env=env, timeout=60,
        cwd=Path(__file__).resolve().parents[1])
    assert proc.returncode == 0, proc.stderr
    offsets = json.loads(proc.stdout)
    hour = 3600.0
    assert {c for _, c in offsets} == {-6 * hour, -5 * hour}  # Chicago's, not UTC
    assert all(ours == c for ours, c in offsets), offsets


def test_an_unknown_zone_falls_back_to_the_offset_now(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from backcare.clock import local_zone

    with monkeypatch.context() as patch:
        patch.setenv("TZ", "Nowhere-5:30")  # no zone by that name; the C library reads +5:30
        time.tzset()
        try:
            zone = local_zone(WINTER)
            assert zone.utcoffset(None) == WINTER.astimezone().utcoffset()
            assert zone.utcoffset(None) == timedelta(hours=5, minutes=30)
        finally:
            patch.undo()
            time.tzset()


def test_the_plan_on_screen_leads_with_the_persons_cautions(
    cli: Callable[..., Any], tmp_path: Path
) -> None:
    """With diabetes, the cautions that say to ask a doctor about ice and heat come before
    the list, as they come first in each reminder."""
    import os
    import subprocess
    import sys

    now = {"BACKCARE_NOW": "2026-03-02T10:00:00+00:00"}
    assert cli("start", "--ago", "3h", env=now).exit_code == 0
    assert cli("check", "--no-input", "--save", "--no-red-flags", "--condition", "diabetes",
               env=now).exit_code == 0
    shown = cli("plan", env=now)
    assert shown.exit_code == 0 and shown.stdout
    about_ice = [c for c in CONTENT.cautions
                 if "diabetes" in c.when.conditions and ("ice" in c.about or "heat" in c.about)]
    assert about_ice
    for caution in about_ice:
        assert caution.text in shown.stderr
    # Both streams into one file, each write as it is made, as a terminal shows them.
    screen = tmp_path / "screen.txt"
    with screen.open("w", encoding="utf-8") as fh:
        proc = subprocess.run([sys.executable, "-m", "backcare", "plan"], stdout=fh,
                              stderr=subprocess.STDOUT, timeout=60,
                              env={**os.environ, **now, "PYTHONUNBUFFERED": "1"})
    assert proc.returncode == 0
    seen = screen.read_text(encoding="utf-8")
    first_session = seen.index(shown.stdout.splitlines()[0])
    for caution in about_ice:
        assert seen.index(caution.text) < first_session, seen
