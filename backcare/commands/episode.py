"""`backcare start`, `end`, `history` and `forget`: the episode's life cycle."""

import contextlib
import itertools
from typing import TYPE_CHECKING, Annotated

import typer

from backcare.commands.common import AgoOpt, AtOpt, JsonOpt, PlainOpt

if TYPE_CHECKING:
    from datetime import datetime

    from backcare.assessment import Assessment
    from backcare.content import Content


def start(
    at: AtOpt = None,
    ago: AgoOpt = None,
    new: Annotated[bool, typer.Option(
        "--new", help="If an episode is open, end it and start a new one.")] = False,
) -> None:
    """Open an episode at the onset of the spasm, so backcare can keep time.

    In a terminal it offers the warning-sign screen first."""
    from backcare import clock, output, paths, state
    from backcare.commands.common import load_content, updating, when
    from backcare.episode import start_episode

    now = clock.now()
    onset = when(at, ago, now, "onset")
    content = load_content()
    path = paths.state_file()
    current = state.load(path).state.open_episode()
    if current is not None and not new and output.can_prompt():
        from backcare import prompts

        new = prompts.confirm(
            f"Episode {current.id} is open (since {output.local(current.onset)}). "
            "End it and start a new one?", default=False)
        if not new:
            output.message("Nothing changed.")
            return
    screened = _screen(onset, now, content) if output.can_prompt() else None
    with updating() as loaded:
        loaded.state, episode = start_episode(loaded.state, onset, now, new)
        if screened is not None:
            from backcare.episode import record_check, replace_episode

            episode = record_check(episode, screened, content)
            loaded.state = replace_episode(loaded.state, episode)
    from backcare.window import window_state

    where = window_state(onset, now, content.window)
    from backcare.episode import escalation

    routed = escalation(episode, now, content).triage
    now_what = (content.phase_text(where.phase).title.lower() if routed.level == "self-care"
                else routed.banner)
    output.message(f"Started episode {episode.id}: onset {output.local(onset)}, "
                   f"hour {where.hours_since_onset:.0f}, {now_what}.")
    output.message("Next: 'backcare status' shows what to do now.")


def _screen(onset: "datetime", now: "datetime", content: "Content") -> "Assessment | None":
    """The red-flag screen before the clock starts; a warning sign shows its result now."""
    from backcare import output, prompts
    from backcare.assessment import Answers, assess

    if not prompts.confirm(content.say("screen-first"), default=True):
        return None
    q = content.questions
    picked = prompts.checklist(q.red_flags, [(r.id, r.label, r.detail) for r in content.red_flags],
                               q.none_of_these)
    result = assess(Answers(red_flags=picked, onset=onset), now, content)
    if result.triage.level != "self-care":
        from backcare.render.check import render_assessment

        plain = output.wants_plain(False)
        render_assessment(output.console(plain), result, content, False, plain)
    return result


def end(
    at: AtOpt = None,
) -> None:
    """Close the open episode."""
    from backcare import clock, output
    from backcare.commands.common import require_open, updating, when
    from backcare.episode import end_episode, replace_episode

    now = clock.now()
    ended = when(at, None, now, "--at")
    with updating() as loaded:
        episode = require_open(loaded.state)
        loaded.state = replace_episode(loaded.state, end_episode(episode, ended))
    output.message(f"Ended episode {episode.id}.")


def history(json_out: JsonOpt = False, plain: PlainOpt = False) -> None:
    """Every episode with its assessments, applications and pain entries."""
    from backcare import output, paths, state
    from backcare.commands.common import reading

    loaded = reading()
    episodes = itertools.chain(state.archived(paths.state_file(), loaded.state),
                               loaded.state.episodes)
    if json_out:
        import sys

        from backcare.render.json import history_lines

        for part in history_lines(episodes):
            sys.stdout.write(part)
        return
    from backcare.render.history import render_history

    is_plain = output.wants_plain(plain)
    render_history(output.console(is_plain), episodes, is_plain)


def forget(
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask; for scripts.")] = False,
) -> None:
    """Delete all of backcare's data (episodes, applications, pain) after a confirmation."""
    from backcare import output, paths, state
    from backcare.errors import InputError

    folder = paths.home()
    if not yes:
        if not output.can_prompt():
            raise InputError("forget deletes every episode; pass --yes to confirm in a script")
        from backcare import prompts

        said = prompts.typed(f"This deletes every episode, session and pain score in {folder}. "
                             "Type the word forget to go ahead:")
        if said.lower() != "forget":
            output.message("Nothing deleted.")
            return
    removed = []
    if folder.is_dir():
        with state.locked(paths.state_file()):
            removed = state.forget(folder)
        lock = paths.state_file().with_name(paths.state_file().name + ".lock")
        with contextlib.suppress(OSError):  # released: nothing of backcare's is left behind
            lock.unlink()
    output.message(f"Deleted your backcare data from {folder}." if removed
                   else "There was nothing to delete.")
