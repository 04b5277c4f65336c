"""`backcare report` and `check --output`: the handout as Markdown, HTML or JSON.

The episode is built through the CLI with BACKCARE_NOW; nothing sleeps. The print test
renders the HTML with headless Chromium and reads the PDF back with poppler.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from backcare import assess, paths, state
from backcare.assessment import Answers
from backcare.course import record_application
from backcare.episode import (
    MovementSession,
    record_movement,
    record_pain,
    replace_episode,
    start_episode,
)
from backcare.keeping import record_check
from backcare.loader import load_content
from backcare.output import local
from tests.helpers import flat, iso

CONTENT = load_content()
SCHEMAS = Path(__file__).resolve().parent.parent / "docs" / "json.md"
ONSET = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
REPORTED = ONSET + timedelta(hours=51)
MARKUP = "<script>alert(1)</script> [bold]x[/bold]"
SOON_BANNER = "SOON: book a specialist visit"
LEG_REASON = "Pain that travels down a leg should be checked by a specialist."


def h(n: float) -> datetime:
    return ONSET + timedelta(hours=n)


def at(cli: Callable[..., Any], moment: datetime, *args: str, code: int = 0) -> Any:
    result = cli(*args, env={"BACKCARE_NOW": iso(moment)})
    assert result.exit_code == code, (args, result.stdout, result.stderr)
    return result


@pytest.fixture
def episode(cli: Callable[..., Any]) -> Callable[..., Any]:
    """An episode built through the CLI; returns `report(*args)` run at REPORTED."""
    at(cli, h(2), "start", "--ago", "2h")
    at(cli, h(2), "check", "--no-input", "--save", "--no-red-flags", "--trigger", "heavy-lifting",
       "--symptom", "spasm", "--symptom", "leg-radiation", "--pain", "6",
       "--condition", "blood-thinners", "--where", "lower-back-right", "--where",
       "below-knee-right")
    at(cli, h(3), "apply", "ice", "--at", iso(h(2.5)))
    at(cli, h(8), "apply", "ice", "--at", iso(h(7)), "--minutes", "10")
    at(cli, h(26), "pain", "5")
    at(cli, h(50), "apply", "heat")
    at(cli, h(50), "pain", "3", "--note", MARKUP)

    def report(*args: str, code: int = 0) -> Any:
        return at(cli, REPORTED, "report", *args, code=code)

    return report


# ------------------------------------------------------------------ Markdown


def test_markdown_report_has_the_whole_episode(episode: Callable[..., Any]) -> None:
    result = episode()
    md = result.stdout
    assert md.startswith("# Back spasm self-care summary\n")
    assert "Texas-based orthopedic specialists, 817-697-4038." in md
    # the latest assessment: its level and reasons
    assert f"## {SOON_BANNER}" in md
    assert f"- {LEG_REASON}" in md
    # onset, triggers, where in the window
    assert f"- **Onset:** {local(ONSET)}" in md
    assert "- **Triggers:** Lifting something heavy" in md
    assert "- **Where in the window:** hour 51: Heat" in md
    assert "- **Pain trend:** improving" in md
    # the applications, each at its hour after onset
    assert f"- hour 2 ({local(h(2.5))}): ice, 15 min" in md
    assert f"- hour 7 ({local(h(7))}): ice, 10 min" in md
    assert f"- hour 50 ({local(h(50))}): heat, 15 min" in md
    # pain by day: 6 on day 1 (from the check), 5 on day 2, 3 on day 3
    pain = md[md.index("## Pain by day"):]
    assert "- Day 1: ###### 6/10" in pain
    assert "- Day 2: ##### 5/10" in pain
    assert "- Day 3: ### 3/10" in pain
    # the advice and cautions given, and the clinic's contact line at the end
    assert "## Conservative care" in md
    assert "## Cautions" in md
    assert "## If it gets worse" in md and "- Call 911 now if" in md
    assert md.index("## Cautions") < md.index("## If it gets worse")
    assert "Questions? Call us at 817-697-4038, or ask about a telemedicine visit." in md


def test_report_of_a_chosen_episode(cli: Callable[..., Any], episode: Callable[..., Any]) -> None:
    at(cli, h(60), "end", "--yes")
    at(cli, h(70), "start", "--ago", "1h")
    latest = flat(episode().stdout)
    assert "**Episode:** 2" in latest  # no --episode: the open one
    assert SOON_BANNER not in latest  # no check was saved in episode 2
    first = flat(episode("--episode", "1").stdout)
    assert "**Episode:** 1" in first and SOON_BANNER in first
    missing = episode("--episode", "9", code=2)
    assert "no episode 9" in missing.stderr


def test_no_episode_exits_2_saying_how_to_start(cli: Callable[..., Any], tmp_path: Path) -> None:
    result = cli("report", "-o", str(tmp_path / "x.html"))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "backcare start" in result.stderr
    assert not (tmp_path / "x.html").exists()


# ------------------------------------------------------------------------ JSON


def documented_report_keys() -> tuple[set[str], set[str]]:
    """The top-level and `pain` keys docs/json.md gives for backcare.report/1."""
    text = SCHEMAS.read_text(encoding="utf-8")
    start = text.index("`backcare.report/1` (`report --format json`)")
    para = text[start:text.index("\n\n", start)]
    pain = re.search(r'"pain":\s*\{([^}]*)\}', para)
    assert pain is not None
    inner = set(re.findall(r'"(\w+)"', pain.group(1)))
    top = set(re.findall(r'"(\w+)"', para.replace(pain.group(0), '"pain"')))
    return top, inner


def test_json_report_has_the_schema_and_the_documented_keys(
    episode: Callable[..., Any],
) -> None:
    payload = json.loads(episode("--format", "json").stdout)
    top, pain_keys = documented_report_keys()
    assert set(payload) == top
    assert set(payload["pain"]) == pain_keys
    assert payload["schema"] == "backcare.report/1"
    assert payload["episode"] == 1
    assert datetime.fromisoformat(payload["onset"]) == ONSET
    assert datetime.fromisoformat(payload["generated_at"]) == REPORTED
    assert payload["window"] == {"phase": "heat", "hours_since_onset": 51.0}
    assert payload["assessment"]["triage"]["level"] == "soon"
    assert payload["triage"]["level"] == "soon"
    assert payload["advice"] and payload["cautions"]
    assert [a["kind"] for a in payload["applications"]] == ["ice", "ice", "heat"]
    assert [a["minutes"] for a in payload["applications"]] == [15, 10, 15]
    assert payload["pain"]["by_day"] == [{"day": 1, "average": 6.0}, {"day": 2, "average": 5.0},
                                         {"day": 3, "average": 3.0}]
    assert payload["pain"]["trend"] == "improving"
    assert payload["pain"]["entries"][-1]["note"] == MARKUP  # kept as typed
    assert payload["clinic"]["phone"] == "817-697-4038"


# ------------------------------------------------------------- formats, files


def test_output_file_suffix_chooses_the_format(
    episode: Callable[..., Any], tmp_path: Path,
) -> None:
    for name, check in (
        ("x.html", lambda t: t.startswith("<!DOCTYPE html>")),
        ("x.HTM", lambda t: t.startswith("<!DOCTYPE html>")),
        ("x.json", lambda t: json.loads(t)["schema"] == "backcare.report/1"),
        ("x.md", lambda t: t.startswith("# Back spasm self-care summary")),
        ("x.txt", lambda t: t.startswith("# Back spasm self-care summary")),
    ):
        path = tmp_path / name
        result = episode("-o", str(path))
        assert result.stdout == ""  # the handout went to the file, not stdout
        assert str(path) in result.stderr
        assert check(path.read_text(encoding="utf-8")), name


def test_format_wins_over_the_suffix(episode: Callable[..., Any], tmp_path: Path) -> None:
    path = tmp_path / "handout.txt"
    episode("--format", "html", "-o", str(path))
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_an_unknown_format_exits_2_naming_the_valid_ones(
    episode: Callable[..., Any], tmp_path: Path,
) -> None:
    result = episode("--format", "pdf", "-o", str(tmp_path / "x.pdf"), code=2)
    assert result.stdout == ""
    for fmt in ("md", "html", "json"):
        assert fmt in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_an_unwritable_output_exits_2(episode: Callable[..., Any], tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    result = episode("-o", str(tmp_path / "a-file" / "x.md"), code=2)
    assert "does not exist" in result.stderr
    assert "Traceback" not in result.stderr


def test_output_into_a_missing_folder_is_refused(episode: Callable[..., Any],
                                                 tmp_path: Path) -> None:
    path = tmp_path / "handouts" / "x.md"
    result = episode("-o", str(path), code=2)
    assert "does not exist" in result.stderr
    assert not path.parent.exists()


# ------------------------------------------------------------ check --output


def sections(md: str) -> dict[str, str]:
    """Markdown split at its '## ' headings."""
    parts = re.split(r"^## (.+)$", md, flags=re.MULTILINE)
    return {title: body.strip() for title, body in zip(parts[1::2], parts[2::2], strict=True)}


CHECK = ("check", "--no-input", "--no-red-flags", "--ago", "3h", "--symptom", "spasm",
         "--trigger", "prolonged-sitting", "--condition", "asthma")


def test_check_output_writes_the_handout_of_one_check(
    cli: Callable[..., Any], tmp_path: Path, backcare_home: Path,
) -> None:
    path = tmp_path / "handout.md"
    now = h(10)
    result = at(cli, now, *CHECK, "-o", str(path))
    assert "SELF-CARE: THIS LOOKS SUITED TO HOME CARE" in result.stdout  # still shown
    assert f"Wrote the md handout to {path}" in result.stderr
    md = path.read_text(encoding="utf-8")
    assert md.startswith("# Back spasm self-care summary")
    assert "## SELF-CARE: this looks suited to home care" in md
    assert f"- **Onset:** {local(now - timedelta(hours=3))}" in md
    assert "- **Where in the window:** hour 3: Cold first" in md
    assert "- **Triggers:** Sitting for a long time" in md
    assert "- **Health conditions:** Asthma" in md
    assert "817-697-4038" in md and "Call 911 now" in md
    assert "**Episode:**" not in md
    assert not (backcare_home / "state.json").exists()  # a handout is not a save

    # the same handout as a report of an episode holding just that check
    at(cli, now, *CHECK, "--save")
    report = sections(at(cli, now, "report").stdout)
    handout = sections(md)
    for title, body in handout.items():
        if title != "Summary":
            assert report[title] == body, title


def test_check_output_as_html_and_json(cli: Callable[..., Any], tmp_path: Path) -> None:
    at(cli, h(10), *CHECK, "-o", str(tmp_path / "handout.html"))
    at(cli, h(10), *CHECK, "-o", str(tmp_path / "handout.json"))
    html = (tmp_path / "handout.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "817-697-4038" in html
    payload = json.loads((tmp_path / "handout.json").read_text(encoding="utf-8"))
    assert payload["schema"] == "backcare.report/1"
    assert payload["episode"] is None
    assert payload["assessment"]["triage"]["level"] == "self-care"
    assert payload["window"]["phase"] == "ice"


def test_check_output_of_an_emergency(cli: Callable[..., Any], tmp_path: Path) -> None:
    path = tmp_path / "handout.md"
    at(cli, h(10), "check", "--no-input", "--red-flag", "chest-pain", "-o", str(path))
    md = path.read_text(encoding="utf-8")
    assert "## EMERGENCY: call 911 now" in md
    assert "## Conservative care" not in md


# -------------------------------------------------------------------- HTML


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


REMOTE = re.compile(r"""(?:\b(?:src|href)\s*=\s*["']?|url\(\s*["']?)\s*(?:https?:)?//""",
                    re.IGNORECASE)


def test_html_is_one_self_contained_file(episode: Callable[..., Any], tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    path = out / "handout.html"
    episode("-o", str(path))
    assert [p.name for p in out.iterdir()] == ["handout.html"]
    html = path.read_text(encoding="utf-8")
    assert "<script" not in html.lower()
    assert "@import" not in html
    assert not REMOTE.search(html)
    assert "<svg" in html and "<style>" in html
    parser = Tags()
    parser.feed(html)
    names = [t for t, _ in parser.tags]
    for fetching in ("script", "link", "img", "iframe", "object", "embed", "base", "audio",
                     "video", "source"):
        assert fetching not in names
    for tag, attrs in parser.tags:
        assert not any(a.startswith("on") for a in attrs), tag  # no event handlers
        for a in ("src", "href", "xlink:href"):
            assert attrs.get(a) is None, (tag, a)
    assert names.count("svg") >= 2  # the timeline and the pain chart
    text = flat(html)
    assert SOON_BANNER in text and LEG_REASON in text
    assert "Pain by day" in text and "817-697-4038" in text


def test_markup_in_a_note_or_a_clinic_profile_is_shown_as_text(
    episode: Callable[..., Any], backcare_home: Path, cli: Callable[..., Any],
) -> None:
    (backcare_home / "clinic.toml").write_text(
        "[clinic]\n"
        f'name = "{MARKUP}"\n'
        'phone = "555-0100"\n'
        'emergency_number = "911"\n'
        'contact = "Call <b>us</b> [red]now[/red] at {clinic_phone}"\n', encoding="utf-8")
    html = episode("--format", "html").stdout
    assert "<script" not in html.lower()
    assert "<b>us</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [bold]x[/bold]" in html
    assert "Call &lt;b&gt;us&lt;/b&gt; [red]now[/red] at 555-0100" in html
    # the terminal screens show it literally too: no rich markup is interpreted
    status = at(cli, REPORTED, "status").stdout
    assert MARKUP in status
    shown = at(cli, REPORTED, *CHECK).stdout
    assert "[bold]x[/bold]" in shown and "[red]now[/red]" in shown


# ------------------------------------------------------------------ printing


def print_tools() -> dict[str, str]:
    found = {t: shutil.which(t) for t in ("chromium", "pdfinfo", "pdftotext")}
    missing = [t for t, p in found.items() if p is None]
    if missing:
        reason = (f"printing the handout needs {', '.join(missing)} (Debian: chromium, "
                  "poppler-utils)")
        if os.environ.get("BACKCARE_REQUIRE_CHROMIUM") == "1":
            pytest.fail(reason + "; BACKCARE_REQUIRE_CHROMIUM=1 makes that a failure")
        pytest.skip(reason)
    return {t: p for t, p in found.items() if p is not None}


def print_to_pdf(html: Path, paper: str, work: Path) -> tuple[int, str, str]:
    """Print `html` on `paper` with headless Chromium: (pages, page size, text)."""
    tools = print_tools()
    work.mkdir()
    page = work / "page.html"
    text = html.read_text(encoding="utf-8")
    page.write_text(text.replace("</head>", f"<style>@page {{ size: {paper}; }}</style></head>",
                                 1), encoding="utf-8")
    pdf = work / "out.pdf"
    env = {**os.environ, "HOME": str(work / "home"), "XDG_CONFIG_HOME": str(work / "config"),
           "XDG_CACHE_HOME": str(work / "cache")}
    subprocess.run(
        [tools["chromium"], "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={work / 'profile'}", "--no-pdf-header-footer",
         f"--print-to-pdf={pdf}", page.as_uri()],
        capture_output=True, timeout=60, env=env, check=False)
    assert pdf.is_file() and pdf.stat().st_size > 0, "chromium wrote no PDF"
    info = subprocess.run([tools["pdfinfo"], str(pdf)], capture_output=True, text=True,
                          timeout=60, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))  # type: ignore[union-attr]
    size = re.search(r"^Page size:\s+(.*)$", info, re.MULTILINE).group(1)  # type: ignore[union-attr]
    words = subprocess.run([tools["pdftotext"], str(pdf), "-"], capture_output=True, text=True,
                           timeout=60, check=True).stdout
    return pages, size, flat(words)


def long_episode(home: Path) -> datetime:
    """14 days, 80 applications, 40 pain entries and a check with several conditions,
    written through backcare's own functions to a real state file. Returns 'now'."""
    onset = ONSET
    now = onset + timedelta(days=14)
    answers = Answers(red_flags=[], triggers=["heavy-lifting", "prolonged-sitting"],
                      symptoms=["spasm", "stiffness", "leg-radiation"],
                      conditions=["diabetes", "blood-thinners", "age-over-65"], pain=8,
                      onset=onset, where=["lower-back-left", "buttocks", "thigh-left"])
    result = assess(answers, onset + timedelta(hours=3), CONTENT)
    with state.update(paths.state_file()) as loaded:
        loaded.state, ep = start_episode(loaded.state, onset, onset, False, archived=0)
        ep = record_check(ep, result, CONTENT)
        for i in range(80):
            at_ = onset + timedelta(hours=2 + i * 4)
            kind = "ice" if (at_ - onset) < timedelta(hours=48) else "heat"
            ep = record_application(ep, kind, at_, 15, 15, CONTENT)
        for i in range(40):
            ep = record_pain(ep, onset + timedelta(hours=1 + i * 8), 8 - i // 6,
                             f"entry {i}: {MARKUP}")
        for i in range(25):
            ep = record_movement(ep, MovementSession(
                at=onset + timedelta(hours=30 + i * 12), minutes=6,
                movements=["walking", "knee-rolls", "pelvic-tilts"], pain_before=5,
                pain_after=4))
        loaded.state = replace_episode(loaded.state, ep)
    assert (home / "state.json").is_file()
    return now


@pytest.mark.parametrize("paper", ["Letter", "A4"])
@pytest.mark.parametrize("which", ["a few days", "14 days, 80 sessions"])
def test_the_html_handout_prints_on_one_or_two_pages(
    which: str, paper: str, episode: Callable[..., Any], cli: Callable[..., Any],
    tmp_path: Path, backcare_home: Path,
) -> None:
    print_tools()
    html = tmp_path / "handout.html"
    if which == "a few days":
        episode("-o", str(html))
    else:
        at(cli, REPORTED, "end", "--yes")
        now = long_episode(backcare_home)
        at(cli, now, "report", "-o", str(html))
        banner = SOON_BANNER
        assert "The last 12 of 80 sessions" in html.read_text(encoding="utf-8")
    banner = SOON_BANNER
    pages, size, text = print_to_pdf(html, paper, tmp_path / "print")
    assert paper.lower() in size.lower()
    assert 1 <= pages <= 2, f"{which} on {paper}: {pages} pages"
    assert banner in text
    assert "817-697-4038" in text
    assert "Pain by day" in text
    assert "Where it hurts" in text and "Erector spinae" in text  # the map, labelled
    if which != "a few days":
        assert "Gentle movement" in text
    assert "not a diagnosis" in text  # the footer made it onto the paper


def test_report_in_a_terminal_is_drawn_not_shown_as_markdown(cli: Any,
                                                           backcare_home: Path) -> None:
    from tests.helpers import spawn_backcare

    env = {"BACKCARE_NOW": "2026-03-10T08:00:00-05:00"}
    assert cli("start", "--ago", "3h", env=env).exit_code == 0
    screen = spawn_backcare(backcare_home, "report", env=env)
    screen.expect("Summary")
    assert screen.finish() == 0
    assert "**" not in screen.text and "\\(" not in screen.text
    piped = cli("report", env=env)  # not a terminal: the Markdown itself
    assert "**Episode:**" in piped.stdout


def test_the_html_pain_chart_has_its_numbers_in_a_table(cli: Any, tmp_path: Path) -> None:
    """A screen reader reads a table, not the chart's image."""
    env = {"BACKCARE_NOW": "2026-03-10T08:00:00-05:00"}
    assert cli("start", "--ago", "30h", env=env).exit_code == 0
    assert cli("pain", "7", "--at", "2026-03-09T09:00:00-05:00", env=env).exit_code == 0
    assert cli("pain", "5", env=env).exit_code == 0
    out = tmp_path / "handout.html"
    assert cli("report", "-o", str(out), env=env).exit_code == 0
    page = out.read_text(encoding="utf-8")
    table = re.search(r'<table class="pain-table">.*?</table>', page, re.S)
    assert table is not None
    cells = re.findall(r"<td>([^<]*)</td>", table.group(0))
    assert cells == ["7", "5"]
    assert 'aria-hidden="true"' in page.split('<table class="pain-table">')[0][-2000:]
