"""`backcare demo`: scenarios played through the real screens on a simulated clock,
on a throwaway folder, never the person's own data.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from backcare import assess
from backcare.assessment import Answers
from backcare.errors import ContentError
from backcare.loader import load_content
from backcare.paths import data_dir
from backcare.scenarios import all_scenarios, load_scenario
from tests.helpers import CPR_REQUEST, ENTER, flat, iso, spawn_backcare, words

CONTENT = load_content()
REQUIRED = ("lifting-day-1", "day-3-heat", "leg-pain", "cauda-equina")
NOW = datetime(2026, 5, 12, 15, 0, tzinfo=UTC)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def play(run_backcare: Callable[..., Any], *args: str) -> Any:
    result = run_backcare("demo", *args, env={"BACKCARE_NOW": iso(NOW)})
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result


# ---------------------------------------------------------------------- --list


def test_list_prints_one_scenario_a_line_with_its_description(cli: Callable[..., Any]) -> None:
    result = cli("demo", "--list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    scenarios = {s.id: s for s in all_scenarios(CONTENT)}
    assert len(lines) == len(scenarios)
    listed = {}
    for line in lines:
        name, description = line.split(None, 1)
        listed[name] = description.strip()
    assert set(REQUIRED) <= set(listed)
    for name, description in listed.items():
        assert description == scenarios[name].description


# --------------------------------------------------------------- lifting-day-1


def test_lifting_day_1_runs_straight_through_without_a_terminal(
    run_backcare: Callable[..., Any],
) -> None:
    out = play(run_backcare, "lifting-day-1").stdout
    shown = flat(out)
    # the answers, as they would have been chosen
    assert "The answers, as the person chose them" in shown
    q = CONTENT.questions
    for question in (q.red_flags, q.onset, q.triggers, q.symptoms, q.pain, q.conditions):
        assert flat(question) in shown
    assert "Lifting something heavy" in shown
    # the self-care result, through the same renderer as check
    assert flat(CONTENT.clinic.fill(CONTENT.level_text("self-care").banner)).upper() in shown
    # status at hour 2, 30 and 50, in that order, with the phase of each
    scenes = ["The result screen",
              "backcare status at hour 2 ", "HOUR 2, ICE PHASE",
              "backcare status at hour 30 ", "HOUR 30, SWITCH WINDOW",
              "backcare status at hour 50 ", "HOUR 50, HEAT PHASE",
              "Nothing was stored"]
    positions = [shown.index(s) for s in scenes]
    assert positions == sorted(positions)
    # the status scenes replay the scenario's log: the note at hour 49 shows at hour 50
    assert shown.index("Walked round the block") > shown.index("HOUR 50, HEAT PHASE")
    assert "Walked round the block" not in shown[:shown.index("HOUR 50, HEAT PHASE")]
    # and the last words say nothing was stored
    last = flat(out.strip().split("\n\n")[-1])
    assert last.startswith("Demo over. Nothing was stored")
    assert "not read or changed" in last


def test_step_without_a_terminal_does_not_wait(run_backcare: Callable[..., Any]) -> None:
    result = play(run_backcare, "lifting-day-1", "--step")
    assert "Press any key" not in result.stdout
    assert "Nothing was stored" in flat(result.stdout)


def test_the_demo_creates_nothing_in_backcare_home(
    run_backcare: Callable[..., Any], backcare_home: Path,
) -> None:
    for name in REQUIRED:
        play(run_backcare, name)
    assert not backcare_home.exists()


def test_the_demo_leaves_an_existing_state_byte_for_byte_unchanged(
    cli: Callable[..., Any], run_backcare: Callable[..., Any], backcare_home: Path,
) -> None:
    env = {"BACKCARE_NOW": iso(NOW - timedelta(hours=3))}
    assert cli("start", "--ago", "20h", env=env).exit_code == 0
    assert cli("pain", "6", "--note", "my own note", env=env).exit_code == 0
    before = snapshot(backcare_home)
    assert "state.json" in before
    mtime = (backcare_home / "state.json").stat().st_mtime_ns
    for name in REQUIRED:
        out = play(run_backcare, name).stdout
        assert "my own note" not in out
    assert snapshot(backcare_home) == before
    assert (backcare_home / "state.json").stat().st_mtime_ns == mtime
    # the person's own episode is still there, as it was
    status = cli("status", "--json", env=env)
    assert '"score": 6' in status.stdout


def test_the_demo_never_reads_the_state_file(
    run_backcare: Callable[..., Any], backcare_home: Path,
) -> None:
    """Even a state file backcare could not read does not stop or change a demo."""
    backcare_home.mkdir(parents=True)
    broken = b"{ this is not json"
    (backcare_home / "state.json").write_bytes(broken)
    result = play(run_backcare, "lifting-day-1")
    assert "HOUR 50, HEAT PHASE" in flat(result.stdout)
    assert "state.json" not in result.stderr
    assert (backcare_home / "state.json").read_bytes() == broken


# ------------------------------------------------------------- other scenarios


def test_leg_pain_shows_the_soon_level(run_backcare: Callable[..., Any]) -> None:
    shown = flat(play(run_backcare, "leg-pain").stdout)
    result_screen = shown[shown.index("The result screen"):shown.index("status at hour 2")]
    assert "SOON: BOOK A SPECIALIST VISIT" in result_screen
    assert "Pain that travels down a leg should be checked by a specialist" in result_screen
    assert "817-697-4038" in result_screen
    assert "SELF-CARE" not in result_screen
    # the status scenes keep saying so, from the saved check
    assert "SOON: BOOK A SPECIALIST VISIT" in shown[shown.index("status at hour 50"):]


def test_cauda_equina_shows_the_emergency_screen_and_no_status(
    run_backcare: Callable[..., Any],
) -> None:
    shown = flat(play(run_backcare, "cauda-equina").stdout)
    result_screen = shown[shown.index("The result screen"):]
    assert "EMERGENCY: CALL 911 NOW" in result_screen
    assert "Call 911 or go to the nearest emergency department now" in result_screen
    assert "backcare status at hour" not in shown
    assert "Conservative care" not in shown
    assert "Ice and heat" not in result_screen  # what to do now, and nothing else
    # only the red-flag question was answered: an emergency asks nothing more
    answers = shown[shown.index("The answers"):shown.index("The result screen")]
    assert flat(CONTENT.questions.red_flags) in answers
    assert flat(CONTENT.questions.pain) not in answers
    assert "Nothing was stored" in shown


def test_an_unknown_scenario_exits_2_listing_the_valid_names(
    run_backcare: Callable[..., Any], backcare_home: Path,
) -> None:
    result = run_backcare("demo", "lifting-day-9")
    assert result.returncode == 2
    assert result.stdout == ""
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 and "Traceback" not in message
    assert "lifting-day-9" in message
    for name in REQUIRED:
        assert name in message
    assert not backcare_home.exists()


def test_no_scenario_and_no_list_exits_2(cli: Callable[..., Any]) -> None:
    result = cli("demo")
    assert result.exit_code == 2
    assert "--list" in result.stderr


# ---------------------------------------------------------- the scenario files


def test_every_shipped_scenario_file_validates() -> None:
    files = sorted((data_dir() / "scenarios").glob("*.toml"))
    scenarios = all_scenarios(CONTENT)
    assert [s.id for s in scenarios] == [f.stem for f in files]
    assert set(REQUIRED) <= {s.id for s in scenarios}
    for s in scenarios:
        assert s.title and s.description


@pytest.mark.parametrize(("name", "level", "phase"), [
    ("lifting-day-1", "self-care", "ice"),
    ("day-3-heat", "self-care", "ice"),
    ("leg-pain", "soon", "ice"),
    ("cauda-equina", "emergency", None),
])
def test_each_scenario_shows_what_the_issue_asks_for(
    name: str, level: str, phase: str | None,
) -> None:
    """Lifting on day 1 (ice), day 3 (heat), pain down one leg (soon), cauda equina."""
    s = next(s for s in all_scenarios(CONTENT) if s.id == name)
    a = s.answers
    result = assess(Answers(red_flags=a.red_flags, symptoms=a.symptoms, triggers=a.triggers,
                            conditions=a.conditions, pain=a.pain,
                            onset=NOW - timedelta(hours=a.onset_hours_ago)), NOW, CONTENT)
    assert result.triage.level == level
    assert (result.window.phase if result.window else None) == phase
    if name == "day-3-heat":  # followed until the plan has switched to heat
        assert max(s.status_hours) >= CONTENT.window.heat_from_hours


BREAKS = {
    "unknown red flag": (('red_flags = []', 'red_flags = ["no-such-flag"]'), "no-such-flag"),
    "pain out of range": (("pain = 7\nconditions", "pain = 11\nconditions"), "pain"),
    "missing title": (('title = "Acute spasm after lifting, day 1"\n', ""), "title"),
    "unknown source": (('source = "clinic-page"', 'source = "no-such-source"'),
                       "no-such-source"),
    "event is both": (("hour = 2\npain = 7", 'hour = 2\npain = 7\nkind = "ice"\nminutes = 5'),
                      "either an application"),
    "extra key": (("onset_hours_ago = 1", "onset_hours_ago = 1\nmood = 3"), "mood"),
    "not TOML": (("[answers]", "[answers"), "not valid TOML"),
}


@pytest.mark.parametrize("case", sorted(BREAKS))
def test_a_broken_scenario_raises_content_error_naming_the_file(
    case: str, tmp_path: Path,
) -> None:
    shipped = data_dir() / "scenarios" / "lifting-day-1.toml"
    copy = tmp_path / "scenarios" / "lifting-day-1.toml"
    copy.parent.mkdir()
    shutil.copy(shipped, copy)
    assert load_scenario(copy, CONTENT).id == "lifting-day-1"  # the copy is fine as it is
    (old, new), named = BREAKS[case]
    text = copy.read_text(encoding="utf-8")
    assert text.count(old) == 1
    copy.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_scenario(copy, CONTENT)
    assert str(copy) in caught.value.message
    assert named in caught.value.message


# ------------------------------------------------------------- --step, a presenter


def test_step_waits_for_a_key_between_scenes(backcare_home: Path) -> None:
    pytest.importorskip("pexpect")
    import pexpect

    screen = spawn_backcare(backcare_home, "demo", "lifting-day-1", "--step",
                            env={"BACKCARE_NOW": iso(NOW)}, dimensions=(24, 80))
    more = words("Press any key for more of this scene")
    pages = 0

    def prompt(*patterns: Any) -> int:
        """Which of `patterns` came, answering the cursor-position requests on the way (as
        a terminal does), so that prompt_toolkit never redraws a prompt twice."""
        while True:
            found = screen.child.expect([re.escape(CPR_REQUEST), *patterns])
            if found == 0:
                screen.child.send("\x1b[1;1R")
            else:
                return found - 1

    try:
        screen.expect("The answers, as the person chose them")
        following = ["The result screen", "backcare status at hour 2",
                     "backcare status at hour 30", "backcare status at hour 50"]
        for title in following:
            while prompt(more, words("Press any key for the next scene")) == 0:
                pages += 1  # a scene taller than the screen waits before its next page
                screen.send(ENTER)
            assert title not in screen.text  # it waits: the next scene is not shown yet
            screen.send(ENTER)
            screen.expect(title)
            if title == "The result screen":  # the banner on the scene's first page
                banner = words(CONTENT.level_text("self-care").banner)
                screen.expect(banner)
                shown = screen.text.split("The result screen")[-1]
                found = banner.search(shown)
                assert found is not None and "Press any key" not in shown[:found.start()]
        while prompt(more, "Nothing was stored", pexpect.EOF) == 0:
            screen.send(ENTER)
        assert screen.finish() == 0
    finally:
        if screen.child.isalive():
            screen.child.close(force=True)
    assert "Traceback" not in screen.text
    assert not backcare_home.exists()
    assert pages >= 1  # at 24 lines, the result screen took more than one page


def test_the_demo_shows_the_onset_answer_a_person_would_have_chosen(
    cli: Callable[..., Any],
) -> None:
    from backcare.scenarios import find

    scenario = find("leg-pain", CONTENT)
    hours = scenario.answers.onset_hours_ago
    chosen = next(o for o in CONTENT.onsets if o.from_hours is not None
                  and o.from_hours <= hours and (o.to_hours is None or hours < o.to_hours))
    out = " ".join(cli("demo", "leg-pain").stdout.split())
    assert f"{chosen.label} (about {hours:g} hours ago)" in out
