"""The archive of ended episodes, beside the log: one validated episode a line, oldest first.

Only `history`, `report`, `forget` and opening an episode read it, so a long history costs
the other commands nothing. It keeps the log's protocol: read strictly, never written when
it cannot be read, rewritten whole through a temp file when an episode moves to it, and
written before the log drops that episode, so a crash leaves it in both, read once.
"""

import contextlib
import hashlib
import os
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import BinaryIO

import msgspec

from backcare.clock import shown
from backcare.episode import Episode, State
from backcare.errors import FileProblem
from backcare.files import (
    atomic_write,
    broken_file,
    file_problem,
    followed,
    log_file,
    opened,
    refuse_unwritable,
    remove_orphans,
)
from backcare.language import N_, _
from backcare.records import replace, where

ARCHIVE_SUFFIX = ".archive.jsonl"


def archive_file(path: Path) -> Path:
    """Ended episodes, one validated JSON object a line, oldest first, beside the log itself
    (`log_file`): only `history`, `report`, `forget` and opening an episode read it, so a long
    history costs the other commands nothing."""
    log = log_file(path)
    archive = log.with_name(log.name + ARCHIVE_SUFFIX)
    _refuse_stray_archive(path, archive)
    return archive


def _refuse_stray_archive(path: Path, archive: Path) -> None:
    """An archive an earlier backcare kept beside a symbolic link to the log, not beside the
    log, is never passed over: its episodes would be hidden, and their ids given again."""
    stray = path.with_name(path.name + ARCHIVE_SUFFIX)
    if stray == archive or not os.path.lexists(stray):
        return
    with contextlib.suppress(OSError):
        if os.path.samefile(stray, archive):
            return
    raise FileProblem(str(stray), _("holds ended episodes beside the link {link}, not beside "
                                    "your log {log}").format(link=path, log=log_file(path)),
                      _("backcare has not changed it. Add its lines to the log's archive "
                        "(cat '{stray}' >> '{archive}' && rm '{stray}'), then try again."
                        ).format(stray=stray, archive=archive))


DOSES_COUNT_FOR = timedelta(hours=72)
"""How long a dose may still count: a day's overdose is said for 48 hours after it."""


def compact(state: State, now: datetime) -> tuple[State, list[Episode]]:
    """The state to keep (the open episode, the one ended last, and any with a dose that
    may still count at `now`: the dose log reads only the state file) and the ended
    episodes to move to the archive."""
    ended = [e for e in state.episodes if not e.is_open]
    last = max(ended, key=lambda e: (e.ended_at or e.onset, e.id), default=None)
    counting = {e.id for e in ended if any(d.at > now - DOSES_COUNT_FOR for d in e.doses)}
    moving = [e for e in ended if e is not last and e.id not in counting]
    staying = [e for e in state.episodes
               if e.is_open or e is last or e.id in counting]
    last_id = max([state.last_id, *(e.id for e in state.episodes)])
    return replace(state, episodes=staying, last_id=last_id), moving


class _Clash(Exception):
    """The archive holds another episode under an id the log moves to it."""

    def __init__(self, archived: Episode, moving: Episode) -> None:
        super().__init__(archived.id)
        self.archived = archived
        self.moving = moving


def archive_episodes(path: Path, moving: list[Episode], kept: State) -> None:
    """Rewrite the archive whole with `moving` added, streamed through in constant memory.
    It is read strictly as it is copied, and a line that does not read stops the write
    with nothing changed. An episode it already holds (the same id and onset, left in both
    files by a crash) is kept once, in the state file's copy, which readers showed; another
    episode under the same id is never replaced: the write is refused, nothing changed."""
    archive = archive_file(path)
    target = followed(archive)
    refuse_unwritable(target)
    remove_orphans(target)
    by_id = {e.id: e for e in moving}
    encode = msgspec.json.Encoder().encode

    def lines() -> Iterator[bytes]:
        with opened(archive) as fh:
            for episode, line in _lines(archive, fh):
                same = by_id.get(episode.id)
                if same is None:
                    yield line
                elif same.onset != episode.onset:
                    raise _Clash(episode, same)
        for episode in sorted(moving, key=lambda e: e.id):
            yield encode(episode) + b"\n"

    try:
        atomic_write(target, lines())
    except _Clash as clash:
        free = max([kept.last_id, *(e.id for e in moving), highest_archived(path)]) + 1
        raise FileProblem(
            str(archive),
            _("already holds an episode {episode} that started {archived_onset}; the log's "
              "episode {episode}, which started {onset}, is another, and would replace it"
              ).format(episode=clash.moving.id, archived_onset=shown(clash.archived.onset),
                       onset=shown(clash.moving.onset)),
            _("backcare has changed neither file. In {log}, give the episode that started "
              "{onset} the id {free} and set last_id to {free}, then try again.").format(
                log=log_file(path), onset=shown(clash.moving.onset), free=free)) from None


def _lines(path: Path, fh: BinaryIO | None) -> Iterator[tuple[Episode, bytes]]:
    """Every archived episode in `fh` (the archive at `path`, or None if there is none) once,
    oldest first, with its line, each validated as it is read (one line in memory at a
    time). The file must end whole: a cut line means a write did not finish."""
    decode = msgspec.json.Decoder(Episode).decode
    seen: dict[int, bytes] = {}
    for number, line in enumerate(fh or [], 1):
        if not line.endswith(b"\n"):
            raise broken_file(path, _("line {number} is cut short: a write did not "
                                  "finish").format(number=number))
        if not line.strip():
            continue
        try:
            episode = decode(line)
        except msgspec.DecodeError as exc:
            raise broken_file(path, _("line {number} does not validate: {problem}").format(
                number=number, problem=where(exc)[0])) from None
        digest = hashlib.sha256(line.strip()).digest()
        if episode.id in seen:
            if seen[episode.id] != digest:
                raise broken_file(path, _("line {number} holds episode {episode} again, "
                                      "with other entries").format(
                    number=number, episode=episode.id))
            continue  # the same episode kept twice by an older backcare
        seen[episode.id] = digest
        yield episode, line


@contextlib.contextmanager
def archived(path: Path, current: State) -> Iterator[Iterator[Episode]]:
    """The archived episodes, oldest first, read strictly before the first is given: a
    broken archive raises here, before the caller has shown anything. The archive is read
    twice, checked whole and then given one episode at a time, from one open file, so that
    memory stays flat and a writer's new archive cannot slip in between.

    An episode the state file also holds (the same id and onset: left in both by a crash)
    is left to it, so it is shown once. Another episode under the same id, from a log that
    started again, is shown as well: nothing archived is hidden."""
    archive = archive_file(path)
    held = {(e.id, e.onset) for e in current.episodes}

    def given(fh: BinaryIO | None) -> Iterator[Episode]:
        try:
            for episode, _line in _lines(archive, fh):
                if (episode.id, episode.onset) not in held:
                    yield episode
        except OSError as exc:
            raise file_problem(archive, exc, N_("cannot be read")) from None

    caller: BaseException | None = None
    with opened(archive) as fh:
        for _checked in _lines(archive, fh):
            pass
        if fh is not None:
            fh.seek(0)
        try:
            yield given(fh)
        except BaseException as exc:  # the caller's own (a closed pipe): passed on as it is,
            caller = exc               # not taken for a problem reading the archive
    if caller is not None:
        raise caller


class _Numbered(msgspec.Struct):
    id: int


_ID = re.compile(rb'"id"\s*:\s*([0-9]{1,18})(?![0-9])')
"""An episode's id in a line that does not read; a longer number is no id backcare gave."""


def highest_archived(path: Path) -> int:
    """The highest episode id the archive holds (0 if none): a new episode's id goes above
    it, also in a log started again beside the archive (state.json moved aside or deleted),
    whose last_id knows nothing of it. One quick pass that reads only the ids; a line that
    does not read gives its id if it shows one, so that a broken archive never lets an id be
    given twice (writing the archive refuses it until it is mended)."""
    archive = archive_file(path)
    decode = msgspec.json.Decoder(_Numbered).decode
    highest = 0
    with opened(archive) as fh:
        for line in fh or []:
            try:
                number = decode(line).id
            except msgspec.DecodeError:
                found = _ID.search(line)
                number = int(found.group(1)) if found else 0
            highest = max(highest, number)
    return highest
