"""The clinic's profile: the default (data/clinic.toml), the $BACKCARE_HOME/clinic.toml and
--clinic FILE overrides, and what a broken profile does.

Every result screen, escalation and handout must carry the profile's name and number.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from backcare.loader import load_content
from tests.helpers import OTHER_CLINIC, flat, iso

DEFAULT_NAME = "Texas-based orthopedic specialists"
DEFAULT_PHONE = "817-697-4038"
OTHER_NAME = "Riverside Spine Clinic"
OTHER_PHONE = "555-0100"
T0 = datetime(2026, 4, 6, 14, 0, tzinfo=UTC)
SELF_CARE = ("check", "--no-input", "--no-red-flags", "--ago", "3h", "--symptom", "spasm")
EMERGENCY = ("check", "--no-input", "--red-flag", "saddle-numbness")


def at(cli: Callable[..., Any], moment: datetime, *args: str) -> Any:
    result = cli(*args, env={"BACKCARE_NOW": iso(moment)})
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    return result


def soon_episode(cli: Callable[..., Any]) -> None:
    """An open episode whose saved check routes to 'soon' (pain down one leg)."""
    at(cli, T0, "start", "--ago", "5h")
    at(cli, T0, "check", "--no-input", "--save", "--no-red-flags", "--symptom", "leg-radiation",
       "--pain", "5")


def log_escalation_episode(cli: Callable[..., Any]) -> datetime:
    """Severe pain logged for four days, no check: the log itself escalates. Returns 'now'."""
    at(cli, T0, "start")
    for day in range(4):
        at(cli, T0 + timedelta(days=day, hours=2), "pain", "9")
    return T0 + timedelta(days=3, hours=3)


def outputs(cli: Callable[..., Any], now: datetime, *extra: str) -> dict[str, str]:
    """Check, emergency, status and the three report formats, all with `extra` options."""
    return {
        "check": at(cli, now, *SELF_CARE, *extra).stdout,
        "emergency": at(cli, now, *EMERGENCY, *extra).stdout,
        "status": at(cli, now, "status", *extra).stdout,
        "report md": at(cli, now, "report", *extra).stdout,
        "report html": at(cli, now, "report", "--format", "html", *extra).stdout,
        "report json": at(cli, now, "report", "--format", "json", *extra).stdout,
    }


# ----------------------------------------------------------------- the default


def test_the_default_profile_is_the_clinic_page_practice() -> None:
    clinic = load_content().clinic
    assert clinic.name == DEFAULT_NAME
    assert clinic.phone == DEFAULT_PHONE
    assert clinic.emergency_number == "911"
    assert clinic.telemedicine is True
    assert DEFAULT_PHONE in clinic.fill(clinic.contact)


def test_the_check_result_carries_the_default_name_and_number(cli: Callable[..., Any]) -> None:
    shown = flat(at(cli, T0, *SELF_CARE).stdout)
    assert DEFAULT_NAME in shown
    assert DEFAULT_PHONE in shown
    assert "Questions? Call us at 817-697-4038, or ask about a telemedicine visit." in shown


def test_the_emergency_screen_says_call_911(cli: Callable[..., Any]) -> None:
    result = cli(*EMERGENCY, "--exit-code")
    assert result.exit_code == 12
    shown = flat(result.stdout)
    assert "EMERGENCY: CALL 911 NOW" in shown
    assert "Call 911 or go to the nearest emergency department now" in shown


def test_a_status_escalation_from_a_check_carries_the_default_number(
    cli: Callable[..., Any],
) -> None:
    soon_episode(cli)
    shown = flat(at(cli, T0 + timedelta(hours=2), "status").stdout)
    assert "SOON: BOOK A SPECIALIST VISIT" in shown
    assert f"call {DEFAULT_PHONE} ({DEFAULT_NAME})" in shown


def test_a_status_escalation_from_the_log_carries_the_default_number(
    cli: Callable[..., Any],
) -> None:
    now = log_escalation_episode(cli)
    shown = flat(at(cli, now, "status").stdout)
    assert "Severe pain that has not eased after a few days" in shown
    assert f"call {DEFAULT_PHONE} ({DEFAULT_NAME})" in shown


def test_every_handout_format_carries_the_default_profile(cli: Callable[..., Any]) -> None:
    soon_episode(cli)
    now = T0 + timedelta(hours=1)
    md = flat(at(cli, now, "report").stdout)
    html = at(cli, now, "report", "--format", "html").stdout
    payload = json.loads(at(cli, now, "report", "--format", "json").stdout)
    for text in (md, html):
        assert DEFAULT_NAME in text
        assert DEFAULT_PHONE in text
        assert "Call 911 now" in text
    assert payload["clinic"] == {
        "name": DEFAULT_NAME, "phone": DEFAULT_PHONE, "emergency_number": "911",
        "contact": "Questions? Call us at 817-697-4038, or ask about a telemedicine visit.",
    }


# ---------------------------------------------------------------- overrides


def assert_other_clinic_everywhere(shown: dict[str, str]) -> None:
    for where, text in shown.items():
        if where == "report json":  # keeps the saved check as it was shown; see below
            continue
        assert DEFAULT_PHONE not in text, where
        assert DEFAULT_NAME not in text, where
        assert "911" not in text, where
    for where in ("check", "status", "report md", "report html"):
        text = flat(shown[where])
        assert OTHER_PHONE in text, where
        assert OTHER_NAME in text, where
    assert "EMERGENCY: CALL 999 NOW" in flat(shown["emergency"])
    emergency = flat(shown["emergency"])
    assert f"Call 999 first. Afterwards, {OTHER_NAME} can follow up with you: {OTHER_PHONE}" \
        in emergency
    assert "Call 555-0100; we answer 8am to 6pm." not in emergency
    assert f"call {OTHER_PHONE} ({OTHER_NAME})" in flat(shown["status"])
    for where in ("report md", "report html"):
        assert "Call 999 now" in flat(shown[where]), where
    payload = json.loads(shown["report json"])
    assert payload["clinic"]["name"] == OTHER_NAME
    assert payload["clinic"]["phone"] == OTHER_PHONE
    assert payload["clinic"]["emergency_number"] == "999"
    assert payload["assessment"]["triage"]["level"] == "soon"


def test_a_clinic_toml_in_backcare_home_replaces_the_default(
    cli: Callable[..., Any], backcare_home: Path,
) -> None:
    soon_episode(cli)
    (backcare_home / "clinic.toml").write_text(OTHER_CLINIC, encoding="utf-8")
    assert_other_clinic_everywhere(outputs(cli, T0 + timedelta(hours=1)))


def test_clinic_file_option_replaces_the_default(
    cli: Callable[..., Any], tmp_path: Path,
) -> None:
    soon_episode(cli)
    profile = tmp_path / "riverside.toml"
    profile.write_text(OTHER_CLINIC, encoding="utf-8")
    assert_other_clinic_everywhere(outputs(cli, T0 + timedelta(hours=1), "--clinic",
                                           str(profile)))


def test_clinic_file_option_wins_over_the_one_in_backcare_home(
    cli: Callable[..., Any], tmp_path: Path, backcare_home: Path,
) -> None:
    backcare_home.mkdir(parents=True)
    (backcare_home / "clinic.toml").write_text(OTHER_CLINIC, encoding="utf-8")
    chosen = tmp_path / "lakeside.toml"
    chosen.write_text(OTHER_CLINIC.replace(OTHER_NAME, "Lakeside Back Care")
                      .replace(OTHER_PHONE, "555-0199"), encoding="utf-8")
    shown = flat(at(cli, T0, *SELF_CARE, "--clinic", str(chosen)).stdout)
    assert "555-0199" in shown and "Lakeside Back Care" in shown
    assert OTHER_PHONE not in shown and OTHER_NAME not in shown


def test_a_status_escalation_from_the_log_carries_the_overriding_number(
    cli: Callable[..., Any], backcare_home: Path,
) -> None:
    now = log_escalation_episode(cli)
    (backcare_home / "clinic.toml").write_text(OTHER_CLINIC, encoding="utf-8")
    shown = flat(at(cli, now, "status").stdout)
    assert f"call {OTHER_PHONE} ({OTHER_NAME})" in shown
    assert DEFAULT_PHONE not in shown


def test_the_demo_takes_the_clinic_profile_too(cli: Callable[..., Any], tmp_path: Path) -> None:
    profile = tmp_path / "riverside.toml"
    profile.write_text(OTHER_CLINIC, encoding="utf-8")
    shown = flat(at(cli, T0, "demo", "cauda-equina", "--clinic", str(profile)).stdout)
    result_screen = shown.split("The result screen", 1)[1]
    assert "EMERGENCY: CALL 999 NOW" in result_screen
    assert "911" not in result_screen and DEFAULT_PHONE not in shown


# --------------------------------------------------------------- bad profiles


VALID = {
    "name": '"Riverside Spine Clinic"',
    "phone": '"555-0100"',
    "emergency_number": '"999"',
    "contact": '"Call {clinic_phone}"',
}


def profile_text(**changes: str | None) -> str:
    fields = {**VALID, **changes}
    return "[clinic]\n" + "".join(f"{k} = {v}\n" for k, v in fields.items() if v is not None)


BAD_PROFILES = {
    "missing phone": (profile_text(phone=None), ["phone", "missing required field"],
                      ["phone is missing"]),
    "phone is a number": (profile_text(phone="5550100"), ["phone", "Expected `str`"],
                          ["phone: Expected `str`"]),
    "telemedicine is a word": (profile_text(telemedicine='"yes please"'),
                               ["telemedicine", "Expected `bool`"],
                               ["telemedicine: Expected `bool`"]),
    "empty name": (profile_text(name='""'), ["name", "length >= 1"], ["name is missing"]),
    "unknown field": (profile_text(fax='"555-0101"'), ["fax", "unknown field"],
                      ["unknown field fax"]),
    "unknown source": (profile_text(source='"nowhere"'), ["unknown source", "nowhere"],
                       ["source 'nowhere' is not in sources.toml"]),
    "not TOML": ('[clinic\nname = "Riverside"\n', ["not valid TOML"], ["not valid TOML"]),
    "emergency number is markup": (profile_text(emergency_number='"<script>x</script>"'),
                                   ["emergency_number", "must be a phone number"],
                                   ["emergency_number must be a phone number"]),
}
"""Each bad profile: its text, what reading it says, and what `clinic check` (which the
demos run first) says."""


def assert_clean_failure(result: Any, path: Path, expected: list[str]) -> None:
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"backcare: {path}: ")
    for part in expected:
        assert part in first


@pytest.mark.parametrize("case", sorted(BAD_PROFILES))
@pytest.mark.parametrize("command", ["check", "status", "report", "demo"])
def test_a_bad_profile_in_backcare_home_exits_1_naming_the_file_and_field(
    case: str, command: str, cli: Callable[..., Any], run_backcare: Callable[..., Any],
    backcare_home: Path,
) -> None:
    if command == "report":  # report needs an episode before it reads the profile
        at(cli, T0, "start")
    backcare_home.mkdir(parents=True, exist_ok=True)
    path = backcare_home / "clinic.toml"
    text, expected, checked = BAD_PROFILES[case]
    path.write_text(text + '[clinic.translations.es]\ncontact = "Llame"\n'
                    if "[clinic]" in text else text, encoding="utf-8")
    if command == "demo":
        expected = checked
    args = {"check": SELF_CARE, "status": ("status",), "report": ("report",),
            "demo": ("demo", "leg-pain")}[command]
    assert_clean_failure(run_backcare(*args), path, expected)


@pytest.mark.parametrize("case", sorted(BAD_PROFILES))
def test_a_bad_clinic_file_option_exits_1_naming_the_file_and_field(
    case: str, tmp_path: Path, run_backcare: Callable[..., Any], backcare_home: Path,
) -> None:
    path = tmp_path / "profile.toml"
    text, expected, _checked = BAD_PROFILES[case]
    path.write_text(text, encoding="utf-8")
    assert_clean_failure(run_backcare(*SELF_CARE, "--clinic", str(path)), path, expected)
    assert not (backcare_home / "state.json").exists()


def test_a_missing_clinic_file_exits_1_naming_it(
    tmp_path: Path, run_backcare: Callable[..., Any],
) -> None:
    path = tmp_path / "no-such-profile.toml"
    assert_clean_failure(run_backcare(*SELF_CARE, "--clinic", str(path)), path,
                         ["no such clinic profile file"])



# ------------------------------------------------------ the emergency number


BAD_NUMBERS = {
    "words": ("call 999", '"call 999"'),
    "escape codes": ("\x1b[2J999", '"\\u001b[2J999"'),
    "markup": ("<script>alert(1)</script>", '"<script>alert(1)</script>"'),
    "one digit": ("9", '"9"'),
    "sixteen digits": ("1234567890123456", '"1234567890123456"'),
    "signs only": ("+()-", '"+()-"'),
}


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """The real program, with a timeout: a profile it would wait on fails the test."""
    full = {**os.environ, "BACKCARE_NOW": iso(T0), **env}
    full.pop("BACKCARE_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "backcare", *args], capture_output=True,
                          text=True, env=full, timeout=20)


@pytest.mark.parametrize("case", sorted(BAD_NUMBERS))
def test_an_emergency_number_that_is_not_a_phone_number_is_refused_and_never_said(
    case: str, tmp_path: Path,
) -> None:
    number, toml = BAD_NUMBERS[case]
    path = tmp_path / "profile.toml"
    path.write_text(profile_text(emergency_number=toml), encoding="utf-8")
    done = run(*EMERGENCY, "--clinic", str(path))
    assert_clean_failure(done, path, ["emergency_number", "must be a phone number"])
    assert f"call {number} now" not in done.stderr
    assert "<script>" not in done.stderr and "\x1b" not in done.stderr
    assert "call 911 now" in done.stderr  # the shipped profile's number stands in


@pytest.mark.parametrize("number", ["911", "112", "000", "+44 20 7946 0000", "(555) 010-0199",
                                    "123456789012345"])
def test_an_emergency_number_in_any_usual_form_is_taken(
    number: str, cli: Callable[..., Any], tmp_path: Path,
) -> None:
    path = tmp_path / "profile.toml"
    path.write_text(profile_text(emergency_number=f'"{number}"'), encoding="utf-8")
    assert f"EMERGENCY: CALL {number} NOW" in flat(at(cli, T0, *EMERGENCY, "--clinic",
                                                       str(path)).stdout)


# ------------------------------------------------- a profile that is not a file


def not_a_file(kind: str, where: Path) -> None:
    """Put a FIFO, a link to a device, a loop of links or a link to nothing at `where`."""
    where.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(where)
    elif kind == "device":
        where.symlink_to("/dev/zero")
    elif kind == "loop":
        where.symlink_to(where.with_name("other.toml"))
        where.with_name("other.toml").symlink_to(where)
    else:
        where.symlink_to(where.with_name("gone.toml"))


NOT_A_FILE = {
    "fifo": "not a regular file (a pipe, a device or a folder)",
    "device": "not a regular file (a pipe, a device or a folder)",
    "loop": "a loop of symbolic links",
    "dangling": "a symbolic link to a file that does not exist",
}


@pytest.mark.parametrize("kind", sorted(NOT_A_FILE))
@pytest.mark.parametrize("given", ["in BACKCARE_HOME", "by --clinic"])
def test_a_profile_that_is_not_a_file_is_refused_at_once_by_name(
    kind: str, given: str, tmp_path: Path, backcare_home: Path,
) -> None:
    if given == "by --clinic":
        path = tmp_path / "profile.toml"
        extra: tuple[str, ...] = ("--clinic", str(path))
    else:
        path, extra = backcare_home / "clinic.toml", ()
    not_a_file(kind, path)
    done = run(*EMERGENCY, *extra)
    assert_clean_failure(done, path, [NOT_A_FILE[kind]])
    assert "call 911 now" in done.stderr


def test_a_profile_too_large_to_be_one_is_refused_by_name(
    cli: Callable[..., Any], tmp_path: Path,
) -> None:
    path = tmp_path / "profile.toml"
    path.write_text(profile_text() + "# padding\n" * 200_000, encoding="utf-8")
    result = cli(*EMERGENCY, "--clinic", str(path))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert flat(result.stderr).startswith(
        f"backcare: {path}: larger than a clinic profile can be (1024 KiB at most)")
    assert "call 911 now" in result.stderr
