"""The clinic's profile: the default (data/clinic.toml), the $BACKCARE_HOME/clinic.toml and
--clinic FILE overrides, and what a broken profile does.

Every result screen, escalation and handout must carry the profile's name and number.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from backcare.content import load_content
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
    "missing phone": (profile_text(phone=None), ["phone", "missing required field"]),
    "phone is a number": (profile_text(phone="5550100"), ["phone", "Expected `str`"]),
    "telemedicine is a word": (profile_text(telemedicine='"yes please"'),
                               ["telemedicine", "Expected `bool`"]),
    "empty name": (profile_text(name='""'), ["name", "length >= 1"]),
    "unknown field": (profile_text(fax='"555-0101"'), ["fax", "unknown field"]),
    "unknown source": (profile_text(source='"nowhere"'), ["unknown source", "nowhere"]),
    "not TOML": ('[clinic\nname = "Riverside"\n', ["not valid TOML"]),
}


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
    text, expected = BAD_PROFILES[case]
    path.write_text(text, encoding="utf-8")
    args = {"check": SELF_CARE, "status": ("status",), "report": ("report",),
            "demo": ("demo", "leg-pain")}[command]
    assert_clean_failure(run_backcare(*args), path, expected)


@pytest.mark.parametrize("case", sorted(BAD_PROFILES))
def test_a_bad_clinic_file_option_exits_1_naming_the_file_and_field(
    case: str, tmp_path: Path, run_backcare: Callable[..., Any], backcare_home: Path,
) -> None:
    path = tmp_path / "profile.toml"
    text, expected = BAD_PROFILES[case]
    path.write_text(text, encoding="utf-8")
    assert_clean_failure(run_backcare(*SELF_CARE, "--clinic", str(path)), path, expected)
    assert not (backcare_home / "state.json").exists()


def test_a_missing_clinic_file_exits_1_naming_it(
    tmp_path: Path, run_backcare: Callable[..., Any],
) -> None:
    path = tmp_path / "no-such-profile.toml"
    assert_clean_failure(run_backcare(*SELF_CARE, "--clinic", str(path)), path,
                         ["no such clinic profile file"])

