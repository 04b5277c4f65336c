"""Issue 21: a clinic set up in two commands. `clinic init` writes a commented template,
`clinic check` lists every problem at once, `clinic pin` keeps only a salted hash, and the
demos refuse a profile with problems, listing them all."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from backcare import staff_pin
from backcare.content_files import read_clinic

FILLED = {
    "name": "Riverside Spine Clinic",
    "phone": "555-0100",
    "emergency_number": "999",
    "contact": "Questions? Call {clinic_phone}.",
}


def fill(path: Path, spanish: str = "¿Preguntas? Llame al {clinic_phone}.") -> None:
    """What a receptionist does in an editor: each empty field given its value."""
    text, translations = path.read_text(encoding="utf-8").split("[clinic.translations.es]")
    for field, value in FILLED.items():
        text = re.sub(rf'^{field} = ""$', f'{field} = "{value}"', text, count=1,
                      flags=re.MULTILINE)
    translations = translations.replace('contact = ""', f'contact = "{spanish}"')
    path.write_text(text + "[clinic.translations.es]" + translations, encoding="utf-8")


def test_init_then_check_lists_every_field_still_to_fill_at_once(
    cli: Callable[..., Any], backcare_home: Path,
) -> None:
    made = cli("clinic", "init")
    assert made.exit_code == 0, made.stderr
    profile = backcare_home / "clinic.toml"
    assert str(profile) in made.stderr and "backcare clinic check" in made.stderr
    text = profile.read_text(encoding="utf-8")
    for field in ("name", "phone", "emergency_number", "contact", "idle_on_question",
                  "idle_on_result", "staff_pin", "[clinic.translations.es]"):
        assert field in text
    assert text.count("Example") >= 4  # every field says what it holds, with an example

    checked = cli("clinic", "check")
    assert checked.exit_code == 1
    said = checked.stdout
    assert said.startswith(f"{profile}: 6 problems:")
    for problem in ("name is missing", "phone is missing", "emergency_number is missing",
                    "contact is missing", "translations.es.contact is missing",
                    "kiosk.staff_pin is not set"):
        assert problem in said
    assert "backcare clinic check" in said  # what to do next


def test_init_never_overwrites_a_profile(cli: Callable[..., Any], backcare_home: Path) -> None:
    assert cli("clinic", "init").exit_code == 0
    profile = backcare_home / "clinic.toml"
    profile.write_text("# the clinic's own words\n", encoding="utf-8")
    again = cli("clinic", "init")
    assert again.exit_code == 2
    assert "already exists" in again.stderr and "never overwrites" in again.stderr
    assert profile.read_text(encoding="utf-8") == "# the clinic's own words\n"


def test_a_filled_template_and_a_pin_make_a_ready_profile_with_its_comments_kept(
    cli: Callable[..., Any], backcare_home: Path,
) -> None:
    assert cli("clinic", "init").exit_code == 0
    profile = backcare_home / "clinic.toml"
    fill(profile)
    comments = [line for line in profile.read_text(encoding="utf-8").splitlines()
                if line.startswith("#")]
    set_pin = cli("clinic", "pin", input="4921\n")
    assert set_pin.exit_code == 0, set_pin.stderr
    text = profile.read_text(encoding="utf-8")
    assert "4921" not in text  # only the salted hash is kept
    kept = read_clinic(profile, "")["clinic"]["kiosk"]["staff_pin"]  # type: ignore[index]
    assert staff_pin.matches("4921", kept) and not staff_pin.matches("4922", kept)
    assert [line for line in text.splitlines() if line.startswith("#")] == comments
    ready = cli("clinic", "check")
    assert ready.exit_code == 0, ready.stdout
    assert "ready for the kiosk and the demos" in ready.stdout
    status = cli("check", "--no-input", "--no-red-flags")  # the profile is in use
    assert "555-0100" in status.stdout


def test_the_same_pin_is_salted_differently_each_time(
    cli: Callable[..., Any], backcare_home: Path,
) -> None:
    assert cli("clinic", "init").exit_code == 0
    profile = backcare_home / "clinic.toml"
    assert cli("clinic", "pin", input="4921\n").exit_code == 0
    first = read_clinic(profile, "")["clinic"]["kiosk"]["staff_pin"]  # type: ignore[index]
    assert cli("clinic", "pin", input="4921\n").exit_code == 0
    second = read_clinic(profile, "")["clinic"]["kiosk"]["staff_pin"]  # type: ignore[index]
    assert first != second and staff_pin.matches("4921", second)


def test_a_pin_that_is_not_4_to_12_digits_changes_nothing(
    cli: Callable[..., Any], backcare_home: Path,
) -> None:
    assert cli("clinic", "init").exit_code == 0
    profile = backcare_home / "clinic.toml"
    before = profile.read_bytes()
    for bad in ("12", "abcd", "1234567890123", ""):
        done = cli("clinic", "pin", input=bad + "\n")
        assert done.exit_code == 2, bad
        assert "4 to 12 digits" in done.stderr and "the PIN was not set" in done.stderr
    assert profile.read_bytes() == before


def test_pin_without_a_profile_says_to_make_one(cli: Callable[..., Any],
                                                backcare_home: Path) -> None:
    done = cli("clinic", "pin", input="4921\n")
    assert done.exit_code == 2
    assert "backcare clinic init" in done.stderr
    assert not (backcare_home / "clinic.toml").exists()


def test_check_lists_every_kind_of_problem_of_one_profile_at_once(
    cli: Callable[..., Any], tmp_path: Path,
) -> None:
    profile = tmp_path / "riverside.toml"
    profile.write_text(
        "[clinic]\n"
        'name = "Riverside \\u001b[31mSpine\\u001b[0m"\n'
        'phone = "555-0100"\n'
        'emergency_number = "call nine one one"\n'
        f'contact = "{"Call us, " * 30}{{clinic_fax}}"\n'
        'fax = "555-0101"\n'
        "[clinic.kiosk]\n"
        "idle_on_question = 0\n"
        'staff_pin = "1234"\n'
        "[clinic.translations.fr]\n"
        'contact = "Appelez-nous"\n', encoding="utf-8")
    checked = cli("clinic", "check", str(profile))
    assert checked.exit_code == 1
    said = checked.stdout
    for problem in ("name holds a control character",
                    "emergency_number must be a phone number",
                    "contact is 282 characters long; at most 240 fit",
                    "contact names {clinic_fax}",
                    "unknown field fax",
                    "kiosk.idle_on_question: Expected `float` >= 0.5",
                    "kiosk.staff_pin is not a PIN set by 'backcare clinic pin'",
                    "translations.fr: backcare does not speak fr",
                    "translations.es.contact is missing"):
        assert problem in said, problem
    assert f"backcare clinic check {profile}" in said


def test_the_sample_profile_is_ready_for_the_demos_but_not_the_kiosk(
    cli: Callable[..., Any],
) -> None:
    checked = cli("clinic", "check")
    assert checked.exit_code == 1
    assert checked.stdout.count("\n  - ") == 0  # one problem: the PIN
    assert "kiosk.staff_pin is not set" in checked.stdout
    assert "backcare clinic init" in checked.stdout
    assert cli("demo", "leg-pain").exit_code == 0


def test_a_demo_refuses_a_profile_with_problems_and_lists_them_all(
    run_backcare: Callable[..., Any], backcare_home: Path,
) -> None:
    backcare_home.mkdir(parents=True)
    profile = backcare_home / "clinic.toml"
    profile.write_text('[clinic]\nname = "Riverside"\ncontact = "Call us"\n',
                       encoding="utf-8")
    done = run_backcare("demo", "leg-pain")
    assert done.returncode == 1 and done.stdout == ""
    assert f"{profile}: 2 problems:" in done.stderr
    assert "phone is missing" in done.stderr
    assert "emergency_number is missing" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_script_cannot_give_not_sure_with_a_real_trigger(
    cli: Callable[..., Any], backcare_home: Path,
) -> None:
    """As on every list a person answers: "Not sure / none of these" goes alone."""
    mixed = cli("check", "--no-input", "--no-red-flags", "--trigger", "unknown",
                "--trigger", "fall")
    assert mixed.exit_code == 2 and mixed.stdout == ""
    assert "trigger unknown means none of the others" in mixed.stderr
    alone = cli("check", "--no-input", "--no-red-flags", "--trigger", "unknown")
    assert alone.exit_code == 0
    assert not (backcare_home / "state.json").exists()


def test_a_hand_edited_pin_hash_with_odd_rounds_is_a_problem_and_matches_nothing(
    cli: Callable[..., Any], tmp_path: Path,
) -> None:
    zeros = "0" * 32 + "$" + "0" * 64
    for rounds in ("0", "1", "2000000000", "99999999999999999999"):
        kept = f"pbkdf2-sha256${rounds}${zeros}"
        assert not staff_pin.is_stored(kept)
        assert not staff_pin.matches("1111", kept)  # never raises, never hangs
        profile = tmp_path / f"r{len(rounds)}.toml"
        profile.write_text(f'[clinic.kiosk]\nstaff_pin = "{kept}"\n', encoding="utf-8")
        checked = cli("clinic", "check", str(profile))
        assert checked.exit_code == 1
        assert "kiosk.staff_pin is not a PIN set by 'backcare clinic pin'" in checked.stdout


def test_idle_limits_under_half_a_minute_are_a_problem(
    cli: Callable[..., Any], tmp_path: Path,
) -> None:
    profile = tmp_path / "quick.toml"
    profile.write_text("[clinic.kiosk]\nidle_on_question = 0.0001\nidle_on_result = 0.2\n",
                       encoding="utf-8")
    said = cli("clinic", "check", str(profile)).stdout
    assert "kiosk.idle_on_question: Expected `float` >= 0.5" in said
    assert "kiosk.idle_on_result: Expected `float` >= 0.5" in said


def test_pin_keeps_the_files_line_endings_and_permissions_and_refuses_a_link(
    cli: Callable[..., Any], backcare_home: Path, tmp_path: Path,
) -> None:
    assert cli("clinic", "init", str(tmp_path / "p.toml")).exit_code == 0
    profile = tmp_path / "p.toml"
    profile.write_bytes(profile.read_bytes().replace(b"\n", b"\r\n"))
    profile.chmod(0o644)
    lines = profile.read_bytes().split(b"\r\n")
    assert cli("clinic", "pin", str(profile), input="4921\n").exit_code == 0
    after = profile.read_bytes().split(b"\r\n")
    assert len(after) == len(lines) and b"\n" not in b"".join(after)  # still CRLF
    assert [a for a, b in zip(lines, after, strict=True) if a != b] == [b'staff_pin = ""']
    assert profile.stat().st_mode & 0o777 == 0o644
    link = tmp_path / "link.toml"
    link.symlink_to(profile)
    refused = cli("clinic", "pin", str(link), input="4921\n")
    assert refused.exit_code == 2 and "is a symbolic link" in refused.stderr
    assert link.is_symlink()


def test_pin_refuses_a_layout_it_cannot_add_to_and_leaves_it_alone(
    cli: Callable[..., Any], tmp_path: Path,
) -> None:
    for n, text in enumerate(('clinic = {name = "A"}\n', "[clinic]\nkiosk = 3\n",
                              '[[clinic]]\nname = "x"\n', 'clinic = "x"\n')):
        profile = tmp_path / f"odd{n}.toml"
        profile.write_text(text, encoding="utf-8")
        done = cli("clinic", "pin", str(profile), input="4921\n")
        assert done.exit_code == 1, text
        assert str(profile) in done.stderr and "[clinic.kiosk]" in done.stderr
        assert "unexpected error" not in done.stderr
        assert profile.read_text(encoding="utf-8") == text


def test_pin_names_a_link_that_loops_without_a_traceback(
    cli: Callable[..., Any], backcare_home: Path,
) -> None:
    backcare_home.mkdir(parents=True)
    profile = backcare_home / "clinic.toml"
    profile.symlink_to(profile)
    done = cli("clinic", "pin", input="4921\n")
    assert done.exit_code in (1, 2)
    assert str(profile) in done.stderr and "unexpected error" not in done.stderr
