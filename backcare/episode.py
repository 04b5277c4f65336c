"""The records of an episode (applications, pain scores, saved checks, a clinician's visits)
and the pure rules that open, end and change it.

An episode runs from the onset of a spasm until the person ends it. Everything
here takes an explicit `now`; the state file module does the I/O.
"""

from datetime import datetime, timedelta
from typing import Annotated, Any, Literal, cast, get_args

import msgspec

from backcare.assessment import (
    Answers,
    see_someone_today,
)
from backcare.clock import shown
from backcare.content import Level
from backcare.errors import InputError
from backcare.language import N_, _
from backcare.records import Kept, Moment, Strict, Value, replace, sane_years
from backcare.words import kind_word

Kind = Literal["ice", "heat"]
AUTO_NOTE = N_("from backcare check")
BEFORE_MOVING = N_("before moving")
AFTER_MOVING = N_("after moving")
OWN_NOTES = (AUTO_NOTE, BEFORE_MOVING, AFTER_MOVING)
"""The notes backcare writes itself on a pain score: kept in English, shown translated."""
"""The note of a pain score a check recorded: kept in English in the state file (`undo`
finds it by it), translated only where shown."""
NOTE_LIMIT = 2000
"""The most characters a note may have as it is typed. A longer note already in a log (from
before there was a limit, or written there by hand) is kept whole; screens show its start."""


class ReasonRef(Strict, frozen=True, kw_only=True):
    """A reason a saved check found, by id: its words come from the content when shown."""

    id: str
    level: Level
    because: str


class SavedCheck(Strict, frozen=True, kw_only=True):
    """A check as the log keeps it: the answers, the level and the ids that fired, and the
    content version they were chosen with. No sentence is kept, so every screen shows the
    clinic's current wording."""

    assessed_at: Moment
    answers: Answers
    level: Level
    reasons: list[ReasonRef]
    advice: list[str] = []
    cautions: list[str] = []
    safety_net: list[str] = []
    content_version: str
    set_onset_from: Moment | None = None
    """This check set the start of an episode that did not know it: the episode's record
    began here before, and undoing the check makes its start unknown again."""

    def __post_init__(self) -> None:
        sane_years(self.assessed_at, self.set_onset_from)


class Seen(Strict, frozen=True, kw_only=True):
    """A clinician checked the person: from then on, only later checks speak for the episode."""

    at: Moment
    note: str = ""
    recorded_at: Moment | None = None

    def __post_init__(self) -> None:
        sane_years(self.at, self.recorded_at)


def last_seen(seen: list[Seen]) -> datetime | None:
    return max((s.at for s in seen), default=None)


def checks_since(checks: list[SavedCheck], seen: list[Seen]) -> list[SavedCheck]:
    """The checks that speak for the episode: those after a clinician last saw the person,
    oldest first (of two at one moment, the one saved first)."""
    since = last_seen(seen)
    ordered = sorted(enumerate(checks), key=lambda pair: (pair[1].assessed_at, pair[0]))
    return [c for _, c in ordered if since is None or c.assessed_at > since]


def is_warning_sign(level: Level) -> bool:
    return see_someone_today(level)


class Application(Kept, kw_only=True):
    kind: Kind
    at: Moment
    recorded_at: Moment | None = None
    """When it was recorded (`at` may be earlier): `undo` takes back the last recorded."""
    minutes: Annotated[float, msgspec.Meta(ge=0)]
    planned_minutes: float | None = None
    warnings: list[str] = []

    def __post_init__(self) -> None:
        sane_years(self.at, self.recorded_at)


class PainEntry(Kept, kw_only=True):
    at: Moment
    score: Annotated[int, msgspec.Meta(ge=0, le=10)]
    note: str = ""
    recorded_at: Moment | None = None
    where: list[str] = []
    """Places on the back map, as `backcare pain --where` gave them."""
    ruled_out: list[str] = []
    """Warning signs those places can go with that the person, asked, said do not apply."""

    def __post_init__(self) -> None:
        sane_years(self.at, self.recorded_at)


class Dose(Kept, kw_only=True):
    """A dose of a pain reliever the person took: `medicine` is its id in
    data/medicines.toml, `mg` the amount. What was taken is a fact: it is kept whatever its
    size, and the limits it is counted against are worked out when it is shown."""

    at: Moment
    medicine: str
    mg: Annotated[float, msgspec.Meta(gt=0)]
    note: str = ""
    recorded_at: Moment | None = None

    def __post_init__(self) -> None:
        sane_years(self.at, self.recorded_at)


class MovementSession(Kept, kw_only=True):
    """A guided movement session: when it started, the movements done (all or in part),
    the pain before and after, and why it stopped early, if it did (`stop-sign`: something
    the stop rule names happened; `interrupted`: the person pressed Ctrl-C)."""

    at: Moment
    recorded_at: Moment | None = None
    minutes: Annotated[float, msgspec.Meta(ge=0, le=1440)]
    movements: list[str]
    pain_before: Annotated[int, msgspec.Meta(ge=0, le=10)]
    pain_after: Annotated[int, msgspec.Meta(ge=0, le=10)] | None = None
    stopped: Literal["", "stop-sign", "interrupted"] = ""
    stop_signs: list[str] = []
    gentler: bool = False
    """It was the gentler session, after a rise in pain."""

    def __post_init__(self) -> None:
        sane_years(self.at, self.recorded_at)


class Episode(Kept, kw_only=True):
    """An episode of a spasm. `onset` starts the ice/heat clock: for a range of when it
    started, its most recent end; `onset_earliest` is the range's other end (the days of
    the episode are counted from the middle). When the person was not sure when it
    started, `onset_known` is false: the phase is unknown, and `onset` is only when the
    record began, the latest the spasm can have started, which numbers its days."""

    id: Annotated[int, msgspec.Meta(ge=1)]
    onset: Moment
    ended_at: Moment | None = None
    checks: list[SavedCheck] = []
    applications: list[Application] = []
    pain: list[PainEntry] = []
    seen: list[Seen] = []
    onset_known: bool = True
    onset_earliest: Moment | None = None
    doses: list[Dose] = []
    movement: list[MovementSession] = []

    def __post_init__(self) -> None:
        sane_years(self.onset, self.ended_at, self.onset_earliest)

    @property
    def is_open(self) -> bool:
        return self.ended_at is None

    @property
    def latest_check(self) -> SavedCheck | None:
        """The check saved last; of two at the same moment, the later saved."""
        ordered = sorted(enumerate(self.checks), key=lambda pair: (pair[1].assessed_at,
                                                                   pair[0]))
        return ordered[-1][1] if ordered else None

    @property
    def speaking_check(self) -> SavedCheck | None:
        """The latest check made after a clinician last saw the person, if any."""
        since = checks_since(self.checks, self.seen)
        return since[-1] if since else None

    @property
    def seen_at(self) -> datetime | None:
        return last_seen(self.seen)


class State(Kept, kw_only=True):
    schema_version: int
    episodes: list[Episode] = []
    last_id: Annotated[int, msgspec.Meta(ge=0)] = 0
    """The highest episode id ever given, archived episodes included."""

    def __post_init__(self) -> None:
        ids = [e.id for e in self.episodes]
        if len(ids) != len(set(ids)):
            raise ValueError(_("two episodes have the same id"))

    def open_episode(self) -> Episode | None:
        return next((e for e in reversed(self.episodes) if e.is_open), None)

    def episode(self, episode_id: int | None) -> Episode | None:
        if episode_id is None:
            return self.open_episode() or (self.episodes[-1] if self.episodes else None)
        return next((e for e in self.episodes if e.id == episode_id), None)


def still_open(episode: Episode) -> InputError:
    """Why another episode cannot start, or this one's start be said again, without --new."""
    return InputError(_("episode {id} is still open (onset {onset}); pass --new to end it and "
                        "start another, or run 'backcare end' first").format(
                            id=episode.id, onset=shown(episode.onset)))


def start_episode(state: State, onset: datetime, now: datetime, new: bool, *,
                  archived: int, onset_known: bool = True,
                  onset_earliest: datetime | None = None) -> tuple[State, Episode]:
    """Open an episode; with one already open, `new` ends it first, otherwise refuse. Its id
    goes above every id given before: the log's own and `archived`, the highest id in the
    archive (`archive.highest_archived`), which a log started again does not know of.

    A warning sign that stands in the latest episode, open or ended, goes on into the new
    one: a new episode never hides it, only `backcare seen` clears it."""
    current = state.open_episode()
    episodes = list(state.episodes)
    latest = current or (max(episodes, key=lambda e: e.id) if episodes else None)
    carried: list[SavedCheck] = []
    if latest is not None:
        carried = [c for c in checks_since(latest.checks, latest.seen)
                   if is_warning_sign(c.level)]
    if current is not None:
        if not new:
            raise still_open(current)
        episodes = [e if e.id != current.id else replace(e, ended_at=now)
                    for e in episodes]
    taken = max([state.last_id, archived, *(e.id for e in episodes)])
    episode = Episode(id=taken + 1, onset=onset, checks=carried, onset_known=onset_known,
                      onset_earliest=onset_earliest)
    return replace(state, episodes=[*episodes, episode]), episode


def first_entry(episode: Episode) -> datetime | None:
    """The earliest moment anything recorded in the episode is about; a dose, which may be
    from before the spasm, does not say when it began."""
    return min([*(a.at for a in episode.applications), *(p.at for p in episode.pain),
                *(c.assessed_at for c in episode.checks), *(s.at for s in episode.seen)],
               default=None)


def set_onset(episode: Episode, onset: datetime, earliest: datetime | None = None
              ) -> Episode:
    """An episode whose start was not known, now starting at `onset`. The spasm had begun
    by the first thing recorded about it, so an `onset` after that is refused by the
    caller (`onset_after_entries`)."""
    return replace(episode, onset=onset, onset_known=True,
                   onset_earliest=earliest if earliest is not None and earliest < onset
                   else None)


def onset_after_entries(episode: Episode, onset: datetime) -> datetime | None:
    """The first entry of the episode, when `onset` is after it: the spasm had begun then."""
    first = first_entry(episode)
    return first if first is not None and onset > first else None


def end_episode(episode: Episode, at: datetime) -> Episode:
    """Close an episode; not before its onset, nor before anything recorded in it."""
    not_before_onset(episode, at)
    recorded = [*(a.at for a in episode.applications), *(p.at for p in episode.pain),
                *(d.at for d in episode.doses)]
    if recorded and at < max(recorded):
        raise InputError(_("episode {id} has entries up to {last}; it cannot end before").format(
            id=episode.id, last=shown(max(recorded))))
    return replace(episode, ended_at=at)


def reopen_episode(state: State) -> tuple[State, Episode]:
    """The episode ended last, open again: one ended by mistake. Refused while another is
    open, since only one episode is ever open."""
    current = state.open_episode()
    if current is not None:
        raise InputError(_("episode {id} is open; only one episode can be open at a "
                           "time").format(id=current.id))
    ended = [e for e in state.episodes if e.ended_at is not None]
    if not ended:
        raise InputError(_("no ended episode to reopen"))
    last = max(ended, key=lambda e: (e.ended_at or e.onset, e.id))
    reopened = replace(last, ended_at=None)
    return replace_episode(state, reopened), reopened


def replace_episode(state: State, episode: Episode) -> State:
    return replace(state, episodes=[episode if e.id == episode.id else e
                                    for e in state.episodes])


def parse_kind(text: str) -> Kind:
    """`ice` or `heat`, or the word for it in the person's language (`hielo`)."""
    kinds = get_args(Kind)
    for kind in kinds:
        if text in (kind, kind_word(kind)):
            return cast(Kind, kind)
    raise InputError(_("unknown application {kind}; valid: {valid}").format(
        kind=repr(text), valid=", ".join(dict.fromkeys(
            [*(kind_word(k) for k in kinds), *kinds]))))


def not_before_onset(episode: Episode, at: datetime) -> None:
    if at < episode.onset and not episode.onset_known:
        raise InputError(_("{at} is before the record of episode {id} began ({onset}), and "
                           "when the spasm started is not known; if it started before "
                           "{at}, say when with 'backcare start --at TIME' first").format(
            at=shown(at), id=episode.id, onset=shown(episode.onset)))
    if at < episode.onset:
        raise InputError(_("{at} is before the onset of episode {id} ({onset})").format(
            at=shown(at), id=episode.id, onset=shown(episode.onset)))


def record_pain(episode: Episode, at: datetime, score: int, note: str,
                recorded_at: datetime | None = None, where: list[str] | None = None,
                ruled_out: list[str] | None = None) -> Episode:
    not_before_onset(episode, at)
    entry = PainEntry(at=at, score=score, note=note, recorded_at=recorded_at,
                      where=where or [], ruled_out=ruled_out or [])
    return replace(episode, pain=[*episode.pain, entry])


class Entry(Value, frozen=True, kw_only=True):
    """One thing recorded in an episode, as `undo` names it."""

    kind: Literal["pain", "application", "check", "seen", "dose", "movement"]
    index: int
    at: datetime
    recorded: datetime
    """When it was recorded; `at`, the time it is about, may be earlier."""


UNDO_ORDER = ("seen", "dose", "pain", "application", "movement", "check")
"""Of entries at one moment, the last of these counts as the latest: a check's own pain
score is undone with the check."""


def latest_entry(episode: Episode) -> Entry | None:
    entries = [
        *(Entry(kind="pain", index=i, at=p.at, recorded=p.recorded_at or p.at)
          for i, p in enumerate(episode.pain)),
        *(Entry(kind="application", index=i, at=a.at, recorded=a.recorded_at or a.at)
          for i, a in enumerate(episode.applications)),
        *(Entry(kind="check", index=i, at=c.assessed_at, recorded=c.assessed_at)
          for i, c in enumerate(episode.checks)),
        *(Entry(kind="seen", index=i, at=s.at, recorded=s.recorded_at or s.at)
          for i, s in enumerate(episode.seen)),
        *(Entry(kind="dose", index=i, at=d.at, recorded=d.recorded_at or d.at)
          for i, d in enumerate(episode.doses)),
        *(Entry(kind="movement", index=i, at=m.at, recorded=m.recorded_at or m.at)
          for i, m in enumerate(episode.movement)),
    ]
    return max(entries, key=lambda e: (e.recorded, UNDO_ORDER.index(e.kind), e.index),
               default=None)


def remove_entry(episode: Episode, entry: Entry) -> Episode:
    """The episode without that entry; a check goes with the pain score it recorded."""
    def without(items: list[Any]) -> list[Any]:
        return [x for i, x in enumerate(items) if i != entry.index]

    if entry.kind == "pain":
        return replace(episode, pain=without(episode.pain))
    if entry.kind == "application":
        return replace(episode, applications=without(episode.applications))
    if entry.kind == "seen":
        return replace(episode, seen=without(episode.seen))
    if entry.kind == "dose":
        return replace(episode, doses=without(episode.doses))
    if entry.kind == "movement":
        session = episode.movement[entry.index]
        own = {(session.at, BEFORE_MOVING, session.pain_before),
               (session.at + timedelta(minutes=session.minutes), AFTER_MOVING,
                session.pain_after)}
        pain = [p for p in episode.pain if (p.at, p.note, p.score) not in own]
        return replace(episode, movement=without(episode.movement), pain=pain)
    check = episode.checks[entry.index]
    own_pain = [p for p in episode.pain if not (p.at == check.assessed_at
                                                and p.note == AUTO_NOTE
                                                and p.score == check.answers.pain)][:]
    if len(own_pain) < len(episode.pain) - 1:  # two alike: keep all but one
        first = next(i for i, p in enumerate(episode.pain) if p.at == check.assessed_at
                     and p.note == AUTO_NOTE and p.score == check.answers.pain)
        own_pain = [p for i, p in enumerate(episode.pain) if i != first]
    undone = replace(episode, checks=without(episode.checks), pain=own_pain)
    if check.set_onset_from is None:
        return undone
    return replace(undone, onset=check.set_onset_from, onset_known=False, onset_earliest=None)


def record_dose(episode: Episode, at: datetime, medicine: str, mg: float, note: str,
                recorded_at: datetime | None = None) -> Episode:
    """A dose may be from before the onset (a night dose, a cold remedy taken before the
    spasm): it still counts towards the medicine's 24 hours, so it is never refused."""
    dose = Dose(at=at, medicine=medicine, mg=mg, note=note, recorded_at=recorded_at)
    return replace(episode, doses=[*episode.doses, dose])


def record_movement(episode: Episode, session: MovementSession) -> Episode:
    """The session, with its pain scores in the pain log (noted as before and after
    moving), where the rules about severe and worsening pain read them."""
    not_before_onset(episode, session.at)
    before = PainEntry(at=session.at, score=session.pain_before, note=BEFORE_MOVING,
                       recorded_at=session.recorded_at)
    return _after_score(replace(episode, movement=[*episode.movement, session],
                                pain=[*episode.pain, before]), session)


def _after_score(episode: Episode, session: MovementSession) -> Episode:
    if session.pain_after is None:
        return episode
    after = PainEntry(at=session.at + timedelta(minutes=session.minutes),
                      score=session.pain_after, note=AFTER_MOVING,
                      recorded_at=session.recorded_at)
    return replace(episode, pain=[*episode.pain, after])


def finish_movement(episode: Episode, begun: MovementSession, done: MovementSession
                    ) -> Episode | None:
    """The session kept as it began (so that nothing done is lost), replaced by how it
    ended; None if the episode no longer has it."""
    at = next((i for i, s in enumerate(episode.movement) if s == begun), None)
    if at is None:
        return None
    sessions = [*episode.movement[:at], done, *episode.movement[at + 1:]]
    return _after_score(replace(episode, movement=sessions), done)


def drop_movement(episode: Episode, begun: MovementSession) -> Episode:
    """The episode without a session stopped in its first minute, or its score before."""
    return replace(episode, movement=[s for s in episode.movement if s != begun],
                   pain=[p for p in episode.pain
                         if (p.at, p.note, p.recorded_at) != (begun.at, BEFORE_MOVING,
                                                              begun.recorded_at)])


def record_seen(episode: Episode, at: datetime, note: str,
                recorded_at: datetime | None = None) -> Episode:
    not_before_onset(episode, at)
    seen = Seen(at=at, note=note, recorded_at=recorded_at)
    return replace(episode, seen=[*episode.seen, seen])
