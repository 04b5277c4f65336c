"""`backcare check` in scripted mode: flags, answers files, JSON, exit codes, errors."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from backcare.loader import load_content

CONTENT = load_content()
NOW_ISO = "2026-03-08T09:30:00-05:00"
NOW = datetime.fromisoformat(NOW_ISO)
SCRIPTED = ("check", "--no-input")
ANSI = re.compile(r"\x1b\[")
BOX = re.compile("[\u2500-\u257f]")

Cli = Callable[..., Any]


def clean(result: Any, code: int) -> Any:
    """The exit code is `code`, and nothing ever shows a traceback."""
    stderr = getattr(result, "stderr", "")
    assert "Traceback" not in stderr
    assert getattr(result, "exit_code", getattr(result, "returncode", None)) == code, stderr
    return result


def as_json(cli: Cli, *args: str, input: str | None = None,
            env: dict[str, str] | None = None) -> dict[str, Any]:
    result = clean(cli(*SCRIPTED, "--json", *args, input=input, env=env), 0)
    payload: dict[str, Any] = json.loads(result.stdout)
    return payload


def level_of(payload: dict[str, Any]) -> str:
    return str(payload["triage"]["level"])


def advice_ids(payload: dict[str, Any]) -> set[str]:
    return {item["id"] for group in payload["advice"] for item in group["items"]}


# --------------------------------------------------------- fail closed


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("--symptom", "spasm", "--pain", "3"),
        ("--json",),
        ("--json", "--trigger", "heavy-lifting", "--ago", "6h"),
    ],
    ids=["bare", "other-answers", "json", "json-other-answers"],
)
def test_red_flag_screen_must_be_answered(cli: Cli, args: tuple[str, ...]) -> None:
    result = clean(cli(*SCRIPTED, *args), 2)
    assert "--red-flag" in result.stderr
    assert "--no-red-flags" in result.stderr
    assert result.stdout == ""


def test_answers_file_without_red_flags_is_not_enough(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"symptoms": ["spasm"], "pain": 3}), encoding="utf-8")
    result = clean(cli(*SCRIPTED, "--answers", str(path)), 2)
    assert "--red-flag" in result.stderr and "--no-red-flags" in result.stderr
    assert result.stdout == ""


def test_nothing_is_written_without_save(cli: Cli, backcare_home: Path) -> None:
    clean(cli(*SCRIPTED, "--no-red-flags", "--pain", "3"), 0)
    assert not (backcare_home / "state.json").exists()


# ------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    ("flag", "kind"),
    [("--red-flag", "red_flags"), ("--symptom", "symptoms"), ("--trigger", "triggers"),
     ("--condition", "conditions")],
)
def test_unknown_key_exits_2_and_lists_the_valid_ones(cli: Cli, flag: str, kind: str) -> None:
    extra = () if flag == "--red-flag" else ("--no-red-flags",)
    result = clean(cli(*SCRIPTED, *extra, flag, "wobbly-knees"), 2)
    assert "wobbly-knees" in result.stderr
    assert flag in result.stderr
    for item in getattr(CONTENT, kind):
        assert item.id in result.stderr
    assert result.stdout == ""


def test_unknown_key_in_answers_file_lists_valid_ones(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"red_flags": [], "triggers": ["juggling"]}), encoding="utf-8")
    result = clean(cli(*SCRIPTED, "--answers", str(path)), 2)
    assert "juggling" in result.stderr
    assert all(t.id in result.stderr for t in CONTENT.triggers)


@pytest.mark.parametrize("value", ["11", "-1", "lots"])
def test_pain_out_of_range_exits_2_with_one_line(cli: Cli, value: str) -> None:
    result = clean(cli(*SCRIPTED, "--no-red-flags", "--pain", value), 2)
    assert len(result.stderr.strip().splitlines()) == 1
    assert "--pain" in result.stderr
    assert result.stdout == ""


def test_pain_out_of_range_in_answers_file(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"red_flags": [], "pain": 11}), encoding="utf-8")
    result = clean(cli(*SCRIPTED, "--answers", str(path)), 2)
    assert "pain" in result.stderr
    assert "10" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_red_flag_and_no_red_flags_contradict(cli: Cli) -> None:
    result = clean(cli(*SCRIPTED, "--red-flag", "fever", "--no-red-flags"), 2)
    assert "--red-flag" in result.stderr and "--no-red-flags" in result.stderr
    assert result.stdout == ""


def test_onset_and_ago_contradict(cli: Cli) -> None:
    result = clean(cli(*SCRIPTED, "--no-red-flags", "--onset", "2026-03-08T08:00-05:00",
                       "--ago", "6h"), 2)
    assert "--onset" in result.stderr and "--ago" in result.stderr


@pytest.mark.parametrize("ago", ["soon", "6", "h6", ""])
def test_bad_duration_exits_2(cli: Cli, ago: str) -> None:
    result = clean(cli(*SCRIPTED, "--no-red-flags", "--ago", ago), 2)
    assert "--ago" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_onset_time_exits_2(cli: Cli) -> None:
    result = clean(cli(*SCRIPTED, "--no-red-flags", "--onset", "last tuesday"), 2)
    assert "ISO 8601" in result.stderr


def test_onset_in_the_future_exits_2(cli: Cli) -> None:
    future = (NOW + timedelta(hours=2)).isoformat()
    result = clean(cli(*SCRIPTED, "--no-red-flags", "--onset", future,
                       env={"BACKCARE_NOW": NOW_ISO}), 2)
    assert "future" in result.stderr
    assert result.stdout == ""


# ------------------------------------------------------------ answers files


def test_answers_file(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"red_flags": [], "triggers": ["heavy-lifting"], "pain": 3,
                                "symptoms": ["spasm"], "conditions": ["pregnancy"],
                                "ago": "6h"}), encoding="utf-8")
    payload = as_json(cli, "--answers", str(path), env={"BACKCARE_NOW": NOW_ISO})
    assert level_of(payload) == "soon"  # back pain in pregnancy: tell the midwife or doctor
    assert payload["answers"]["triggers"] == ["heavy-lifting"]
    assert payload["answers"]["pain"] == 3
    assert "pain-relief-acetaminophen" in advice_ids(payload)
    assert payload["window"] == {"phase": "ice", "hours_since_onset": 6.0}
    assert "nsaid-avoid" in {c["id"] for c in payload["cautions"]}


def test_answers_from_stdin(cli: Cli) -> None:
    answers = json.dumps({"red_flags": ["fever"], "symptoms": ["leg-radiation"]})
    payload = as_json(cli, "--answers", "-", input=answers)
    assert level_of(payload) == "urgent"
    assert [r["id"] for r in payload["triage"]["reasons"]] == ["fever", "leg-radiation"]


def test_flags_and_the_file_add_up(cli: Cli, tmp_path: Path) -> None:
    """Nothing said in the file is dropped by a flag: lists add up."""
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"red_flags": [], "pain": 2, "triggers": ["heavy-lifting"],
                                "symptoms": ["leg-radiation"], "ago": "3d"}), encoding="utf-8")
    payload = as_json(cli, "--answers", str(path), "--pain", "2", "--trigger", "dehydration",
                      "--symptom", "spasm", "--ago", "3d", env={"BACKCARE_NOW": NOW_ISO})
    answers = payload["answers"]
    assert answers["pain"] == 2
    assert answers["triggers"] == ["heavy-lifting", "dehydration"]
    assert answers["symptoms"] == ["leg-radiation", "spasm"]
    assert level_of(payload) == "soon"  # the file's soon symptom stays
    assert payload["window"]["phase"] == "heat"


@pytest.mark.parametrize(("file_part", "flags", "named"), [
    ({"pain": 3}, ["--pain", "9"], "--pain"),
    ({"ago": "6h"}, ["--ago", "3d"], "--ago"),
    ({"onset": "2026-03-08T08:00:00+00:00"}, ["--ago", "1h"], "--ago"),
])
def test_a_single_answer_given_both_ways_must_agree(cli: Cli, tmp_path: Path,
                                                    file_part: dict[str, Any],
                                                    flags: list[str], named: str) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"red_flags": [], **file_part}), encoding="utf-8")
    result = clean(cli(*SCRIPTED, "--answers", str(path), *flags,
                       env={"BACKCARE_NOW": NOW_ISO}), 2)
    assert named in result.stderr and "answers file" in result.stderr
    assert result.stdout == ""


def test_a_key_given_twice_in_an_answers_file_is_refused(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text('{"red_flags": ["saddle-numbness"], "red_flags": []}', encoding="utf-8")
    result = clean(cli(*SCRIPTED, "--answers", str(path)), 2)
    assert "red_flags" in result.stderr and "twice" in result.stderr
    assert result.stdout == ""


def test_no_red_flags_flag_cannot_drop_the_files_red_flags(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"red_flags": ["bladder-bowel"]}), encoding="utf-8")
    result = clean(cli("check", "--no-input", "--json", "--answers", str(path),
                       "--no-red-flags"), 2)
    assert "--no-red-flags" in result.stderr and "red_flags" in result.stderr
    assert result.stdout == ""


def test_red_flag_flags_add_to_the_files_red_flags(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"red_flags": ["bladder-bowel"]}), encoding="utf-8")
    payload = as_json(cli, "--answers", str(path), "--red-flag", "fever")
    assert payload["answers"]["red_flags"] == ["bladder-bowel", "fever"]
    assert level_of(payload) == "emergency"
    assert {r["id"] for r in payload["triage"]["reasons"]} == {"bladder-bowel", "fever"}


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("{not json", "JSON"),
        ("[1, 2]", "object"),
        ('{"red_flags": [], "mood": "grumpy"}', "mood"),
        ('{"red_flags": "fever"}', "red_flags"),
        ('{"red_flags": [], "pain": "high"}', "pain"),
        ('{"red_flags": [], "pain": true}', "pain"),
    ],
    ids=["syntax", "not-object", "unknown-key", "not-list", "pain-text", "pain-bool"],
)
def test_bad_answers_file_exits_2(cli: Cli, tmp_path: Path, text: str, expect: str) -> None:
    path = tmp_path / "answers.json"
    path.write_text(text, encoding="utf-8")
    result = clean(cli(*SCRIPTED, "--answers", str(path)), 2)
    assert expect in result.stderr
    assert "answers.json" in result.stderr
    assert result.stdout == ""


def test_bad_answers_on_stdin_exits_2(cli: Cli) -> None:
    result = clean(cli(*SCRIPTED, "--answers", "-", input="nope"), 2)
    assert "stdin" in result.stderr and "JSON" in result.stderr


def test_missing_answers_file_exits_2(cli: Cli, tmp_path: Path) -> None:
    result = clean(cli(*SCRIPTED, "--answers", str(tmp_path / "nowhere.json")), 2)
    assert "nowhere.json" in result.stderr


# --------------------------------------------------------------------- JSON


def test_json_has_the_documented_shape(cli: Cli) -> None:
    payload = as_json(cli, "--red-flag", "fever", "--symptom", "numbness",
                      "--trigger", "heavy-lifting", "--condition", "kidney-disease",
                      "--pain", "5", "--ago", "30h", env={"BACKCARE_NOW": NOW_ISO})
    assert payload["schema"] == "backcare.check/1"
    assert {"schema", "triage", "window", "advice", "cautions", "answers"} <= set(payload)

    triage = payload["triage"]
    assert triage["level"] == "urgent"
    assert isinstance(triage["action"], str) and CONTENT.clinic.phone in triage["action"]
    assert [r["id"] for r in triage["reasons"]] == ["fever", "numbness"]
    for reason in triage["reasons"]:
        assert {"id", "text", "source"} <= set(reason)
        assert all(isinstance(reason[k], str) and reason[k] for k in ("id", "text", "source"))

    assert payload["window"] == {"phase": "transition", "hours_since_onset": 30.0}

    assert [g["tier"] for g in payload["advice"]] == ["until-seen"]
    for group in payload["advice"]:
        assert {"tier", "title", "items"} <= set(group)
        assert group["items"]
        for item in group["items"]:
            assert {"id", "text", "source"} <= set(item)

    assert payload["cautions"]
    for caution in payload["cautions"]:
        assert {"id", "text", "source"} <= set(caution)
    assert {"skin-protection", "numb-skin", "nsaid-avoid"} <= {
        c["id"] for c in payload["cautions"]}
    assert payload["safety_net"]
    for line in payload["safety_net"]:
        assert {"id", "level", "text", "source"} <= set(line)

    answers = payload["answers"]
    assert answers["red_flags"] == ["fever"]
    assert answers["symptoms"] == ["numbness"]
    assert answers["triggers"] == ["heavy-lifting"]
    assert answers["conditions"] == ["kidney-disease"]
    assert answers["pain"] == 5
    assert datetime.fromisoformat(answers["onset"]) == NOW - timedelta(hours=30)


def test_json_window_is_null_without_onset(cli: Cli) -> None:
    payload = as_json(cli, "--no-red-flags")
    assert payload["window"] is None
    assert payload["answers"]["onset"] is None


def test_json_stdout_is_one_object_and_nothing_else(cli: Cli) -> None:
    result = clean(cli(*SCRIPTED, "--json", "--no-red-flags"), 0)
    json.loads(result.stdout)  # the whole stdout parses: no banner, no prompt text
    assert result.stderr == ""


def test_json_emergency_has_no_self_care(cli: Cli) -> None:
    payload = as_json(cli, "--red-flag", "saddle-numbness", "--trigger", "heavy-lifting")
    assert level_of(payload) == "emergency"
    assert "911" in payload["triage"]["action"]
    assert payload["advice"] == []
    assert payload["cautions"] == []


# --------------------------------------------------------------- exit codes


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("--no-red-flags",), 0),
        (("--no-red-flags", "--symptom", "leg-radiation"), 10),
        (("--red-flag", "fever"), 11),
        (("--red-flag", "chest-pain", "--red-flag", "fever"), 12),
    ],
    ids=["self-care", "soon", "urgent", "emergency"],
)
@pytest.mark.parametrize("as_json_out", [False, True], ids=["text", "json"])
def test_exit_code_maps_the_level(cli: Cli, args: tuple[str, ...], code: int,
                                  as_json_out: bool) -> None:
    extra = ("--json",) if as_json_out else ()
    result = clean(cli(*SCRIPTED, *args, *extra, "--exit-code"), code)
    assert result.stdout
    # without --exit-code every level exits 0
    clean(cli(*SCRIPTED, *args, *extra), 0)


# ------------------------------------------------------------------ text


def test_plain_output_fits_40_columns(run_backcare: Callable[..., Any]) -> None:
    args = ("check", "--no-input", "--plain", "--explain", "--red-flag", "fever",
            "--symptom", "numbness", "--symptom", "recurrent", "--trigger", "heavy-lifting",
            "--condition", "diabetes", "--condition", "pregnancy", "--ago", "30h")
    proc = clean(run_backcare(*args, env={"COLUMNS": "40", "BACKCARE_NOW": NOW_ISO}), 0)
    out = proc.stdout
    assert "URGENT" in out and "Cautions" in out
    assert not ANSI.search(out)
    assert not BOX.search(out)
    too_wide = [line for line in out.splitlines() if len(line) > 40]
    assert too_wide == []


def test_plain_emergency_at_40_columns(run_backcare: Callable[..., Any]) -> None:
    proc = clean(run_backcare("check", "--no-input", "--plain", "--red-flag", "both-legs",
                              env={"COLUMNS": "40"}), 0)
    assert "911" in proc.stdout
    assert not ANSI.search(proc.stdout) and not BOX.search(proc.stdout)
    assert max(len(line) for line in proc.stdout.splitlines()) <= 40


def test_result_reads_in_order(cli: Cli) -> None:
    """Banner first, then why, advice by tier, cautions, the safety net, the clinic's contact
    line."""
    result = clean(cli(*SCRIPTED, "--plain", "--no-red-flags", "--symptom", "numbness",
                       "--trigger", "stress"), 0)
    out = result.stdout
    level = CONTENT.level_text("soon")
    contact = CONTENT.clinic.fill(CONTENT.clinic.contact)
    marks = [level.banner.upper(), "Why", "Conservative care", "Cautions",
             CONTENT.say("safety-net-title"), contact]
    positions = [out.find(m) for m in marks]
    assert -1 not in positions, list(zip(marks, positions, strict=True))
    assert positions == sorted(positions)
    assert out.lstrip().startswith(level.banner.upper())


def test_explain_shows_why_and_the_source_of_each_item(cli: Cli) -> None:
    args = ("--no-red-flags", "--trigger", "heavy-lifting", "--condition", "diabetes",
            "--plain")
    plain = clean(cli(*SCRIPTED, *args), 0).stdout
    explained = clean(cli(*SCRIPTED, *args, "--explain"), 0).stdout
    payload = as_json(cli, "--no-red-flags", "--trigger", "heavy-lifting",
                      "--condition", "diabetes")
    sources = {item["source"] for g in payload["advice"] for item in g["items"]}
    sources |= {c["source"] for c in payload["cautions"]}
    flat = " ".join(explained.split())
    for source in sources:
        title = " ".join(CONTENT.source_title(source).split())
        assert title in flat, source
        assert title not in " ".join(plain.split())
    assert "heavy-lifting" in flat and "diabetes" in flat
    assert "source:" not in plain


def test_explain_shows_the_source_of_a_red_flag(cli: Cli) -> None:
    out = clean(cli(*SCRIPTED, "--plain", "--explain", "--red-flag", "chest-pain"), 0).stdout
    flag = next(r for r in CONTENT.red_flags if r.id == "chest-pain")
    assert " ".join(CONTENT.source_title(flag.source).split()) in " ".join(out.split())


@pytest.mark.parametrize("flag", [r.id for r in CONTENT.red_flags if r.level == "emergency"])
def test_emergency_shows_911_and_no_self_care(cli: Cli, flag: str) -> None:
    out = clean(cli(*SCRIPTED, "--red-flag", flag, "--trigger", "heavy-lifting"), 0).stdout
    assert "911" in out
    assert "Conservative care" not in out
    assert "Cautions" not in out


@pytest.mark.parametrize("args", [("--no-red-flags",), ("--red-flag", "fever"),
                                  ("--red-flag", "chest-pain"),
                                  ("--no-red-flags", "--symptom", "weakness")])
def test_clinic_number_on_every_result(cli: Cli, args: tuple[str, ...]) -> None:
    out = " ".join(clean(cli(*SCRIPTED, *args), 0).stdout.split())
    assert CONTENT.clinic.phone in out
    usual_line = CONTENT.clinic.fill(CONTENT.clinic.contact)
    if "chest-pain" in args:
        # The emergency screen never invites a call to the clinic in place of 911.
        assert usual_line not in out
        assert out.index(CONTENT.clinic.emergency_number) < out.index(CONTENT.clinic.phone)
    else:
        assert usual_line in out


# ------------------------------------------------------------------- time


@pytest.mark.parametrize(
    ("ago", "phase", "hours"),
    [("90m", "ice", 1.5), ("23h59m", "ice", 23.98), ("24h", "transition", 24.0),
     ("47h59m", "transition", 47.98), ("2d", "heat", 48.0), ("1w", "heat", 168.0)],
)
def test_now_and_ago_give_the_phase(cli: Cli, ago: str, phase: str, hours: float) -> None:
    payload = as_json(cli, "--no-red-flags", "--ago", ago, env={"BACKCARE_NOW": NOW_ISO})
    assert payload["window"]["phase"] == phase
    assert payload["window"]["hours_since_onset"] == pytest.approx(hours, abs=0.01)
    assert datetime.fromisoformat(payload["assessed_at"]) == NOW


def test_onset_with_now_gives_the_phase(cli: Cli) -> None:
    onset = (NOW - timedelta(hours=47, minutes=59)).isoformat()
    payload = as_json(cli, "--no-red-flags", "--onset", onset, env={"BACKCARE_NOW": NOW_ISO})
    assert payload["window"]["phase"] == "transition"


def test_phase_is_shown_in_words(cli: Cli) -> None:
    out = clean(cli(*SCRIPTED, "--no-red-flags", "--ago", "3d",
                    env={"BACKCARE_NOW": NOW_ISO}), 0).stdout
    heat = next(a for a in CONTENT.advice if a.id == "heat-now")
    assert f"{heat.title}: {heat.text}" in " ".join(out.split())
    assert "About 3 days since it started" in out


def test_bad_backcare_now_exits_2(cli: Cli) -> None:
    result = clean(cli(*SCRIPTED, "--no-red-flags", env={"BACKCARE_NOW": "yesterday"}), 2)
    assert "BACKCARE_NOW" in result.stderr


# ------------------------------------------------------------ no hanging


def test_piped_empty_stdin_exits_2_at_once(backcare_home: Path) -> None:
    env = {**os.environ, "BACKCARE_HOME": str(backcare_home)}
    proc = subprocess.run([sys.executable, "-m", "backcare", "check"], input="",
                          capture_output=True, text=True, env=env, timeout=20)
    clean(proc, 2)
    assert "--red-flag" in proc.stderr and "--no-red-flags" in proc.stderr
    assert proc.stdout == ""


def test_piped_answers_on_stdin_work_without_a_terminal(
    run_backcare: Callable[..., Any]
) -> None:
    proc = clean(run_backcare("check", "--answers", "-", "--json",
                              input=json.dumps({"red_flags": [], "pain": 2})), 0)
    assert json.loads(proc.stdout)["triage"]["level"] == "self-care"
