"""Issue 10: ended episodes move to an archive that only history, report and forget read,
so a long history costs the other commands nothing; every promise of the log still holds."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import msgspec

from backcare import archive, state
from backcare.episode import Episode, State

T0 = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)


def at(cli: Any, moment: datetime, *args: str) -> Any:
    done = cli(*args, env={"BACKCARE_NOW": moment.isoformat()})
    return done


def three_episodes(cli: Any) -> None:
    for n in range(3):
        start = T0 + timedelta(days=10 * n)
        assert at(cli, start, "start").exit_code == 0
        assert at(cli, start + timedelta(hours=1), "pain", str(n + 4)).exit_code == 0
        assert at(cli, start + timedelta(days=2), "end", "--yes").exit_code == 0
    assert at(cli, T0 + timedelta(days=40), "start").exit_code == 0


def test_ended_episodes_move_to_the_archive_and_history_shows_them_all(
        cli: Any, backcare_home: Path) -> None:
    three_episodes(cli)
    kept = json.loads((backcare_home / "state.json").read_text(encoding="utf-8"))
    assert [e["id"] for e in kept["episodes"]] == [3, 4]  # the last ended, and the open one
    assert kept["last_id"] == 4
    archive = backcare_home / "state.json.archive.jsonl"
    assert [json.loads(line)["id"] for line in archive.read_text().splitlines()] == [1, 2]
    assert oct(archive.stat().st_mode & 0o777) == "0o600"
    history = json.loads(at(cli, T0 + timedelta(days=41), "history", "--json").stdout)
    assert [e["id"] for e in history["episodes"]] == [1, 2, 3, 4]
    assert [p["score"] for p in history["episodes"][0]["pain"]] == [4]
    text = at(cli, T0 + timedelta(days=41), "history").stdout
    assert text.index("Episode 1") < text.index("Episode 4")
    report = json.loads(at(cli, T0 + timedelta(days=41), "report", "--episode", "1",
                           "--format", "json").stdout)
    assert report["episode"] == 1
    assert at(cli, T0 + timedelta(days=42), "forget", "--yes").exit_code == 0
    assert not archive.exists()


def test_an_episode_in_both_places_after_a_crash_is_shown_once(cli: Any,
                                                               backcare_home: Path) -> None:
    three_episodes(cli)
    archive = backcare_home / "state.json.archive.jsonl"
    kept = json.loads((backcare_home / "state.json").read_text(encoding="utf-8"))
    with archive.open("a", encoding="utf-8") as fh:  # as if killed after the append
        fh.write(json.dumps(kept["episodes"][0]) + "\n")
    history = json.loads(at(cli, T0 + timedelta(days=41), "history", "--json").stdout)
    assert [e["id"] for e in history["episodes"]] == [1, 2, 3, 4]


def test_a_broken_archive_is_named_and_never_rewritten(cli: Any, backcare_home: Path) -> None:
    three_episodes(cli)
    archive = backcare_home / "state.json.archive.jsonl"
    archive.write_text(archive.read_text() + '{"id": "x"}\n', encoding="utf-8")
    before = archive.read_bytes()
    done = at(cli, T0 + timedelta(days=41), "history", "--json")
    assert done.exit_code == 1 and str(archive) in done.stderr
    assert at(cli, T0 + timedelta(days=41), "status").exit_code == 0  # never read by status
    assert at(cli, T0 + timedelta(days=41), "pain", "3").exit_code == 0
    assert archive.read_bytes() == before


def test_an_older_log_moves_its_ended_episodes_on_the_first_write(backcare_home: Path) -> None:
    episodes = [Episode(id=i, onset=T0 + timedelta(days=i), ended_at=T0 + timedelta(days=i,
                                                                                     hours=5))
                for i in range(1, 6)]
    episodes.append(Episode(id=6, onset=T0 + timedelta(days=9)))
    old = msgspec.to_builtins(State(schema_version=3, episodes=episodes))
    del old["last_id"]
    path = backcare_home / "state.json"
    backcare_home.mkdir(mode=0o700)
    path.write_text(json.dumps(old), encoding="utf-8")
    original = path.read_bytes()
    with state.update(path) as loaded:
        assert loaded.migrated_from == 3
    assert (backcare_home / "state.json.v3.bak").read_bytes() == original
    kept = json.loads(path.read_text(encoding="utf-8"))
    assert [e["id"] for e in kept["episodes"]] == [5, 6] and kept["last_id"] == 6
    again = state.load(path)
    with archive.archived(path, again.state) as old:
        assert [e.id for e in old] == [1, 2, 3, 4]
