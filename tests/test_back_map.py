"""The back map: where it hurts, given by script, kept with the check and the pain log,
agreeing with the warning signs, and shown on status, history and the handout."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backcare.assessment import Answers, assess
from backcare.coherence import problems
from backcare.content import LEVELS
from backcare.loader import load_content
from backcare.prompts import NONE, _Checklist
from backcare.records import replace

CONTENT = load_content()
NOW = datetime.fromisoformat("2026-03-08T09:30:00-05:00")
T0 = NOW - timedelta(hours=30)
REGIONS = [r.id for r in CONTENT.regions]
LEGS = {r.id: r.leg for r in CONTENT.regions if r.leg}
SCRIPTED = ("check", "--no-input", "--json", "--ago", "30h")

Cli = Callable[..., Any]


def checked(cli: Cli, *args: str, code: int = 0, input: str | None = None) -> dict[str, Any]:
    result = cli(*SCRIPTED, *args, input=input, env={"BACKCARE_NOW": NOW.isoformat()})
    assert result.exit_code == code, result.stderr
    assert "Traceback" not in result.stderr
    payload: dict[str, Any] = json.loads(result.stdout)
    return payload


def reasons(payload: dict[str, Any]) -> dict[str, str]:
    return {r["id"]: r["because"] for r in payload["triage"]["reasons"]}


# ------------------------------------------------------------------ scripted checks


def test_lower_right_and_below_the_right_knee_is_recorded_and_counts_as_leg_pain(
        cli: Cli) -> None:
    payload = checked(cli, "--no-red-flags", "--where", "lower-back-right",
                      "--where", "below-knee-right", "--pain", "4")
    assert payload["answers"]["where"] == ["lower-back-right", "below-knee-right"]
    assert payload["triage"]["level"] == "soon"
    assert reasons(payload) == {"leg-radiation": "where: below-knee-right"}


def test_the_back_alone_changes_nothing(cli: Cli) -> None:
    plain = checked(cli, "--no-red-flags", "--pain", "4")
    marked = checked(cli, "--no-red-flags", "--pain", "4", "--where", "lower-back-centre",
                     "--where", "buttocks")
    assert marked["triage"] == plain["triage"]
    assert marked["advice"] == plain["advice"]


def test_both_legs_by_script_is_the_warning_sign_unless_the_person_ruled_it_out(
        cli: Cli, tmp_path: Path) -> None:
    both = ("--where", "thigh-left", "--where", "foot-right")
    payload = checked(cli, "--no-red-flags", *both)
    assert payload["triage"]["level"] == "emergency"
    assert reasons(payload)["both-legs"] == "where: thigh-left, foot-right"
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"red_flags": [], "ruled_out": ["both-legs"]}))
    ruled_out = checked(cli, "--answers", str(answers), *both)
    assert ruled_out["triage"]["level"] == "soon"  # still pain down a leg
    assert ruled_out["answers"]["ruled_out"] == ["both-legs"]


def test_between_the_shoulder_blades_by_script_routes_to_that_sign(cli: Cli) -> None:
    payload = checked(cli, "--no-red-flags", "--where", "shoulder-blades")
    assert payload["triage"]["level"] == "urgent"
    assert reasons(payload) == {"between-shoulder-blades": "where: shoulder-blades"}


@pytest.mark.parametrize(("where", "said"), [
    ("thight-left", "did you mean thigh-left"),
    ("knee", "valid: neck-upper-back, shoulder-blades"),
])
def test_an_unknown_place_is_refused_with_the_list(cli: Cli, where: str, said: str) -> None:
    result = cli(*SCRIPTED, "--no-red-flags", "--where", where)
    assert result.exit_code == 2
    assert said in result.stderr and "--where" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_ruling_out_a_sign_the_places_do_not_ask_about_is_refused(
        cli: Cli, tmp_path: Path) -> None:
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"red_flags": [], "where": ["buttocks"],
                                   "ruled_out": ["both-legs"]}))
    result = cli(*SCRIPTED, "--answers", str(answers))
    assert result.exit_code == 2, result.stderr
    assert "ruled_out both-legs" in result.stderr


def test_a_saved_check_keeps_the_places_and_status_and_history_name_them(cli: Cli) -> None:
    env = {"BACKCARE_NOW": NOW.isoformat()}
    assert cli(*SCRIPTED, "--no-red-flags", "--where", "lower-back-left", "--save",
               env=env).exit_code == 0
    status = json.loads(cli("status", "--json", env=env).stdout)
    assert status["where"] == ["lower-back-left"]
    assert "Where it hurts: Lower back, left side" in cli("status", "--plain", env=env).stdout
    history = cli("history", "--plain", env=env).stdout
    assert "(where it hurts: Lower back, left side)" in " ".join(history.split())


# ------------------------------------------------------------------ every answer set


@settings(max_examples=150, deadline=None)
@given(where=st.lists(st.sampled_from(REGIONS), unique=True),
       flags=st.lists(st.sampled_from([r.id for r in CONTENT.red_flags]), max_size=2,
                      unique=True),
       pain=st.integers(0, 10))
def test_marking_places_never_lowers_the_level_and_both_legs_always_routes_up(
        where: list[str], flags: list[str], pain: int) -> None:
    base = Answers(red_flags=flags, pain=pain, onset=T0, age=40)
    without = assess(base, NOW, CONTENT).triage.level
    marked = assess(replace(base, where=where), NOW, CONTENT).triage
    assert LEVELS.index(marked.level) >= LEVELS.index(without)
    sides = {LEGS[w] for w in where if w in LEGS}
    if sides:
        assert LEVELS.index(marked.level) >= LEVELS.index("soon")
    if sides == {"left", "right"}:
        assert marked.level == "emergency"
    if "shoulder-blades" in where:
        assert LEVELS.index(marked.level) >= LEVELS.index("urgent")


# ------------------------------------------------------------------ the pain log


def test_pain_where_is_kept_and_a_later_check_answers_what_it_raised(cli: Cli) -> None:
    def at(hours: float, *args: str) -> Any:
        return cli(*args, env={"BACKCARE_NOW": (T0 + timedelta(hours=hours)).isoformat()})

    assert at(0, "start").exit_code == 0
    refused = at(1, "pain", "5", "--where", "foot")
    assert refused.exit_code == 2 and "did you mean foot-left" in refused.stderr
    done = at(1, "pain", "5", "--where", "thigh-left", "--where", "below-knee-right")
    assert done.exit_code == 0, done.stderr
    assert "EMERGENCY" in done.stderr  # both legs, and no one asked: route up
    status = json.loads(at(2, "status", "--json").stdout)
    assert status["pain"]["latest"]["where"] == ["thigh-left", "below-knee-right"]
    assert status["escalation"]["level"] == "emergency"
    answers = json.dumps({"red_flags": [], "ruled_out": ["both-legs"],
                          "where": ["thigh-left", "below-knee-right"]})
    check = cli("check", "--no-input", "--answers", "-", "--save", input=answers,
                env={"BACKCARE_NOW": (T0 + timedelta(hours=3)).isoformat()})
    assert check.exit_code == 0, check.stderr
    status = json.loads(at(4, "status", "--json").stdout)
    assert status["escalation"]["level"] == "soon"  # the check answered it: one leg's pain


# ------------------------------------------------------------------ the handout


def test_the_handout_marks_the_places_with_the_muscles_there(cli: Cli, tmp_path: Path) -> None:
    page = tmp_path / "handout.html"
    result = cli(*SCRIPTED, "--no-red-flags", "--where", "lower-back-right", "--where",
                 "buttocks", "-o", str(page), env={"BACKCARE_NOW": NOW.isoformat()})
    assert result.exit_code == 0, result.stderr
    html = page.read_text(encoding="utf-8")
    assert "<title>Back spasm self-care summary</title>" in html
    section = html.split('<section class="map">')[1].split("</section>")[0]
    assert section.count("<svg") == 1
    marked = section.count('fill="#c62828"')
    assert marked == 2
    for muscle in CONTENT.muscles:
        assert muscle.label in section.split("<ul>")[0]  # labelled on the drawing
    listed = section.split("<ul>")[1]
    assert "Lower back, right side (Erector spinae, Quadratus lumborum)" in listed
    assert "Buttocks (Gluteal muscles)" in listed
    md = tmp_path / "handout.md"
    cli(*SCRIPTED, "--no-red-flags", "--where", "buttocks", "-o", str(md),
        env={"BACKCARE_NOW": NOW.isoformat()})
    assert "## Where it hurts\n\n- Buttocks \\(Gluteal muscles\\)" in md.read_text()


def test_an_emergency_handout_has_no_map(cli: Cli, tmp_path: Path) -> None:
    page = tmp_path / "handout.html"
    cli(*SCRIPTED, "--red-flag", "chest-pain", "--where", "buttocks", "-o", str(page),
        env={"BACKCARE_NOW": NOW.isoformat()})
    html = page.read_text()
    assert "EMERGENCY" in html.upper() and "Where it hurts" not in html


# ------------------------------------------------------------------ the drawing


def test_the_drawing_marks_the_highlighted_and_the_ticked_places() -> None:
    items = [(r.id, f"{n}. {r.label}", "") for n, r in enumerate(CONTENT.regions, 1)]
    listed = _Checklist("Where?", [*items, (NONE, "None", "")], {NONE}, (),
                        picture=CONTENT.back_map.picture, caption="From behind")
    listed.tick("buttocks")
    drawn = ["".join(text for _style, text in line) for line in listed.drawing(80, 40)]
    assert drawn[0] == "From behind"
    assert any("*7*" in line for line in drawn) and not any("[7]" in line for line in drawn)
    highlighted = [text for line in listed.drawing(80, 40) for style, text in line
                   if style == "class:pointed"]
    assert highlighted == ["[1]"]
    assert listed.drawing(80, 24) == []  # no room: the numbered list alone
    assert listed.drawing(20, 40) == []  # too narrow


def test_the_drawing_fits_forty_columns() -> None:
    assert max(len(line) for line in CONTENT.back_map.picture.splitlines()) < 40


# ------------------------------------------------------------------ the data


def test_a_picture_that_misses_a_place_is_a_content_problem() -> None:
    broken = replace(CONTENT, back_map=replace(
        CONTENT.back_map, picture=CONTENT.back_map.picture.replace("[13]", "    ")))
    assert any("the picture must mark each place once" in p for p in problems(broken))


def test_a_place_naming_an_unknown_muscle_is_a_content_problem() -> None:
    odd = replace(CONTENT.regions[0], muscles=["deltoid"])
    broken = replace(CONTENT, regions=[odd, *CONTENT.regions[1:]])
    assert any("muscles names unknown 'deltoid'" in p for p in problems(broken))


def test_a_sign_from_the_map_stands_until_a_check_answers_it_whatever_comes_after(
        cli: Cli) -> None:
    def at(hours: float, *args: str) -> Any:
        return cli(*args, env={"BACKCARE_NOW": (T0 + timedelta(hours=hours)).isoformat()})

    assert at(0, "check", "--no-input", "--no-red-flags", "--where", "lower-back-left",
              "--save").exit_code == 0
    assert at(1, "pain", "5", "--where", "thigh-left", "--where", "thigh-right").exit_code == 0
    assert at(2, "pain", "4", "--where", "lower-back-left").exit_code == 0
    status = json.loads(at(3, "status", "--json").stdout)
    assert status["escalation"]["level"] == "emergency"  # a later score does not answer it
    assert at(3, "move", "--show").exit_code == 12


def test_a_score_recorded_now_counts_even_when_it_is_about_earlier(cli: Cli) -> None:
    def at(hours: float, *args: str) -> Any:
        return cli(*args, env={"BACKCARE_NOW": (T0 + timedelta(hours=hours)).isoformat()})

    assert at(2, "check", "--no-input", "--no-red-flags", "--ago", "3h", "--save"
              ).exit_code == 0
    earlier = (T0 + timedelta(hours=1)).isoformat()
    done = at(3, "pain", "5", "--at", earlier, "--where", "foot-left", "--where", "foot-right")
    assert done.exit_code == 0 and "EMERGENCY" in done.stderr
    assert json.loads(at(3, "status", "--json").stdout)["escalation"]["level"] == "emergency"


def test_pain_where_without_an_open_episode_is_refused_before_anything(cli: Cli) -> None:
    refused = cli("pain", "5", "--where", "thigh-left", "--where", "thigh-right")
    assert refused.exit_code == 2 and "no open episode" in refused.stderr


def test_a_place_the_map_no_longer_has_is_named_by_its_key() -> None:
    assert CONTENT.region_labels(["retired-place", "buttocks"]) == ["Buttocks", "retired-place"]
