"""`backcare start`, `end`, `history` and `forget`: the episode's life cycle."""

import contextlib
import itertools
import sys
from typing import TYPE_CHECKING, Annotated

import typer

from backcare import archive, clock, output, paths, prompts, state
from backcare.assessment import Answers, assess
from backcare.commands.common import (
    AgoOpt,
    AtOpt,
    JsonOpt,
    PlainOpt,
    load_content,
    onset_set_note,
    reading,
    require_open,
    updating,
    when,
)
from backcare.course import escalation
from backcare.episode import (
    end_episode,
    onset_after_entries,
    reopen_episode,
    replace_episode,
    set_onset,
    start_episode,
    still_open,
)
from backcare.errors import InputError
from backcare.files import log_file
from backcare.interview import SETTLE
from backcare.keeping import record_check
from backcare.language import N_, _
from backcare.render.history import render_history
from backcare.render.json_documents import history_lines
from backcare.render.result_screen import render_assessment
from backcare.window import window_state

if TYPE_CHECKING:
    from datetime import datetime

    from backcare.assessment import Assessment
    from backcare.content import Content


def start(
    at: AtOpt = None,
    ago: AgoOpt = None,
    new: Annotated[bool, typer.Option(
        "--new", help=N_("If an episode is open, end it and start a new one."))] = False,
) -> None:
    now = clock.now()
    onset = when(at, ago, now, _("onset"))
    content = load_content()
    path = paths.state_file()
    current = state.load(path).state.open_episode()
    if current is not None and not current.onset_known and not new and (at or ago):
        _set_onset(onset, now, content)
        return
    if current is not None and not new and output.can_prompt():
        new = prompts.confirm(
            _("Episode {episode} is open (since {onset}). End it and start a new one?").format(
                episode=current.id, onset=output.local(current.onset)), default=False)
        if not new:
            output.message(_("Nothing changed."))
            return
    screened = _screen(onset, now, content) if output.can_prompt() else None
    with updating() as loaded:
        loaded.state, episode = start_episode(loaded.state, onset, now, new,
                                              archived=archive.highest_archived(path))
        if screened is not None:
            episode = record_check(episode, screened, content)
            loaded.state = replace_episode(loaded.state, episode)

    where = window_state(onset, now, content.window)

    routed = escalation(episode, now, content).triage
    now_what = (content.phase_text(where.phase).title.lower() if routed.level == "self-care"
                else routed.banner)
    output.message(_("Started episode {episode}: onset {onset}, hour {hour}, {now_what}.").format(
        episode=episode.id, onset=output.local(onset), hour=f"{where.hours_since_onset:.0f}",
        now_what=now_what))
    output.message(_("Next: 'backcare status' shows what to do now."))


def _set_onset(onset: "datetime", now: "datetime", content: "Content") -> None:
    """Say when the open episode started, where the person was not sure before: never
    after the first thing recorded in it, since the spasm had begun by then."""
    with updating() as loaded:
        episode = require_open(loaded.state)
        if episode.onset_known:  # said meanwhile: the episode keeps it, as `start` says
            raise still_open(episode)
        first = onset_after_entries(episode, onset)
        if first is not None:
            raise InputError(content.say("onset-after-entries", onset=output.local(onset),
                                         episode=episode.id, first=output.local(first)))
        episode = set_onset(episode, onset)
        loaded.state = replace_episode(loaded.state, episode)
    output.message(onset_set_note(episode, now, content))
    output.message(_("Next: 'backcare status' shows what to do now."))


def _screen(onset: "datetime", now: "datetime", content: "Content") -> "Assessment | None":
    """The red-flag screen before the clock starts; a warning sign shows its result now."""
    if not prompts.confirm(content.say("screen-first"), default=True):
        return None
    q = content.questions
    picked = prompts.checklist(q.red_flags, [(r.id, r.label, r.detail) for r in content.red_flags],
                               q.none_of_these, settle=SETTLE)
    result = assess(Answers(red_flags=picked, onset=onset), now, content)
    if result.triage.level != "self-care":
        plain = output.wants_plain(False)
        render_assessment(output.console(plain), result, content, False, plain)
    return result


def end(
    at: AtOpt = None,
    yes: Annotated[bool, typer.Option("--yes", help=N_("Do not ask; for scripts."))] = False,
) -> None:
    now = clock.now()
    ended = when(at, None, now, "--at")
    if not yes:
        if not output.can_prompt():
            raise InputError(_("end closes the open episode; pass --yes to confirm in a "
                               "script"))
        shown = require_open(reading().state)  # asked before the lock: nothing waits on it
        if not prompts.confirm(_("End episode {episode}, started {when}? 'backcare reopen' "
                                 "takes it back.").format(
                                     episode=shown.id, when=output.local(shown.onset)),
                               default=False):
            output.message(_("Nothing changed."))
            return
    with updating() as loaded:
        episode = require_open(loaded.state)
        loaded.state = replace_episode(loaded.state, end_episode(episode, ended))
    output.message(_("Ended episode {episode}.").format(episode=episode.id))


def reopen() -> None:
    with updating() as loaded:
        loaded.state, episode = reopen_episode(loaded.state)
    output.message(_("Reopened episode {episode}.").format(episode=episode.id))


def history(json_out: JsonOpt = False, plain: PlainOpt = False) -> None:
    loaded = reading()
    # The archive is read whole before the first line is shown: a broken one says so alone.
    with archive.archived(paths.state_file(), loaded.state) as old:
        episodes = itertools.chain(old, loaded.state.episodes)
        if json_out:
            for part in history_lines(episodes):
                sys.stdout.write(part)
            return
        is_plain = output.wants_plain(plain)
        render_history(output.console(is_plain), episodes, load_content(), is_plain)


def forget(
    yes: Annotated[bool, typer.Option("--yes", help=N_("Do not ask; for scripts."))] = False,
) -> None:
    folder = paths.home()
    link = paths.state_file()
    log = log_file(link)  # a link that loops or points nowhere is refused, named
    if not yes:
        if not output.can_prompt():
            raise InputError(_("forget deletes every episode; pass --yes to confirm in a "
                               "script"))

        # Translators: the word a person types to confirm `backcare forget`
        word = _("forget")
        question = (_("This deletes every episode, session and pain score in {folder}. Type "
                      "the word {word} to go ahead:") if log == link else
                    _("This deletes every episode, session and pain score in {folder}, and "
                      "your log {log}, which {link} points to, with the files beside it. Type "
                      "the word {word} to go ahead:"))
        said = prompts.typed(question.format(folder=folder, word=word, log=log, link=link))
        if said.strip().lower() not in {word.lower(), "forget"}:
            output.message(_("Nothing deleted."))
            return
    removed = []
    if folder.is_dir():
        with state.locked(link):
            removed = state.forget(link)
        for lock in dict.fromkeys([state.lock_file(log), state.lock_file(link)]):
            with contextlib.suppress(OSError):  # released: nothing of backcare's is left behind
                lock.unlink()
    if not removed:
        output.message(_("There was nothing to delete."))
    elif log == link:
        output.message(_("Deleted your backcare data from {folder}.").format(folder=folder))
    else:
        output.message(_("Deleted your backcare data from {folder}, and your log {log}, which "
                         "{link} pointed to, with the files beside it ({count} files in all)."
                         ).format(folder=folder, log=log, link=link, count=len(removed)))
