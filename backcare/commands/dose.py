"""`backcare dose` and `backcare doses`: the dose log. backcare keeps count; it does not
prescribe. A dose that was taken is always recorded, whatever its size: what happened is a
fact. Then it says where the medicine stands against the label and the person's cautions."""

from typing import TYPE_CHECKING, Annotated

import typer

from backcare import archive, clock, output, paths, prompts
from backcare.commands.common import (
    AtOpt,
    check_note,
    load_content,
    reading,
    updating,
    when,
)
from backcare.content import Medicine
from backcare.episode import record_dose, replace_episode, start_episode
from backcare.errors import InputError
from backcare.language import N_, _, number
from backcare.medication import (
    by_name_only,
    child_age,
    elsewhere,
    far_above,
    find_medicine,
    limits_for,
    medicine_cautions,
    mg_said,
    name_only,
    pain_relief_item,
    parse_amount,
    person_answers,
    standing,
    standings,
    too_soon,
)
from backcare.render.dose_lines import doses_lines, name_only_lines, standing_lines
from backcare.render.json_documents import doses_document

if TYPE_CHECKING:
    from datetime import datetime

    from backcare.assessment import Answers
    from backcare.content import Caution, Content, Uncounted
    from backcare.episode import Dose

OVER_LIMIT_EXIT = 11
"""A dose over the label's 24-hour or per-dose maximum, or beside another NSAID, as
`check --exit-code` says urgent."""


def dose(
    name: Annotated[str, typer.Argument(metavar="NAME", show_default=False, help=N_(
        "The medicine: its name or one people use (ibuprofen, Advil, Tylenol)."))],
    amount: Annotated[str, typer.Argument(metavar="AMOUNT", show_default=False, help=N_(
        "How much: mg (650, 650mg) or tablets of the usual strength (2 tablets)."))],
    unit: Annotated[str | None, typer.Argument(metavar="UNIT", show_default=False, help=N_(
        "mg or tablets, when it is not part of AMOUNT (2 tablets)."))] = None,
    at: AtOpt = None,
    note: Annotated[str, typer.Option("--note", metavar="TEXT", help=N_(
        "A short note (a cold remedy, a night dose)."))] = "",
    yes: Annotated[bool, typer.Option("--yes", help=N_(
        "Record an amount far above one dose without asking; for scripts."))] = False,
) -> None:
    content = load_content()
    medicine = find_medicine(content, name)
    mg = parse_amount(amount if unit is None else f"{amount} {unit}", medicine)
    check_note(note)
    now = clock.now()
    moment = when(at, None, now, "--at")
    if far_above(mg, medicine) and not yes:
        said = _("{mg} mg of {medicine} is far more than one dose").format(
            mg=mg_said(mg), medicine=medicine.name)
        if not output.can_prompt():
            raise InputError(_("{amount}; if that is what was taken, pass --yes to record "
                               "it").format(amount=said))
        if not prompts.confirm(_("{amount}. Was that what was taken?").format(amount=said),
                               default=False):
            output.message(_("Nothing was recorded."))
            return
    with updating() as loaded:
        episode = loaded.state.open_episode()
        started = episode is None
        if episode is None:
            # a dose does not say when the spasm began: the record begins now
            loaded.state, episode = start_episode(
                loaded.state, now, now, False, onset_known=False,
                archived=archive.highest_archived(paths.state_file()))
        episode = record_dose(episode, moment, medicine.id, mg, note, recorded_at=now)
        loaded.state = replace_episode(loaded.state, episode)
        earlier = elsewhere(loaded.state.episodes, episode, now)
        episodes = loaded.state.episodes
    if started:
        output.message(_("Started episode {episode} with this dose; when the spasm started is "
                         "not known ('backcare start --at TIME' sets it).").format(
                             episode=episode.id))
    output.message(_("Recorded {mg} mg of {medicine} at {when} (episode {episode}).").format(
        mg=mg_said(mg), medicine=medicine.name, when=output.local(moment), episode=episode.id))
    answers = person_answers(episode, episodes)
    cautions = medicine_cautions(answers, content)
    counted = [*earlier, *episode.doses]
    _cautions_about(medicine, cautions, answers, content)
    if not isinstance(medicine, Medicine):
        known_by_name = name_only(counted, medicine, cautions, now, content, moment)
        for line in name_only_lines(known_by_name, now, content):
            output.message(line)
        if known_by_name.warned:
            raise typer.Exit(OVER_LIMIT_EXIT)
    elif _where_it_stands(counted, medicine, cautions, moment, now, content,
                          child_age(answers, content)):
        raise typer.Exit(OVER_LIMIT_EXIT)


def _cautions_about(medicine: "Medicine | Uncounted", cautions: "list[Caution]",
                    answers: "Answers | None", content: "Content") -> None:
    """The person's cautions about the medicine: those that rule it out, with the pain
    relief the check shows in its place, and those that say to ask first."""
    limits = limits_for(medicine, cautions)
    if limits.ruling:
        output.message(content.say("dose-ruled-out", medicine=medicine.name))
        for caution in limits.ruling:
            output.message(_("Caution: {caution}").format(caution=content.fill(caution.text)))
        relief = pain_relief_item(content, answers)
        if relief is not None:
            output.message(f"{relief.title}: {relief.text}" if relief.title else relief.text)
    for caution in limits.asking:
        output.message(_("Caution: {caution}").format(caution=content.fill(caution.text)))


def _warn(text: str) -> None:
    output.message(_("Warning: {warning}").format(warning=text))


def _where_it_stands(counted: "list[Dose]", medicine: Medicine, cautions: "list[Caution]",
                     moment: "datetime", now: "datetime", content: "Content",
                     age: int | None) -> bool:
    """Say where the medicine stands after a dose at `moment`, counting the doses of the
    episode ended last that still count; True when a warning stands (over a limit, against
    a caution, or beside another NSAID)."""
    current = standing(counted, medicine, cautions, now, content, moment=moment, age=age)
    taken = next(d for d in reversed(counted) if d.at == moment
                 and d.medicine == medicine.id)
    early = too_soon(counted, medicine, taken) if current.limits.applies else None
    if early is not None and not current.warned:
        _warn(content.say("dose-too-soon", medicine=medicine.name,
                          when=output.local(early[0].at), hours=number(early[1])))
    for line in standing_lines(current, now, content):
        output.message(line)
    if current.too_long:
        output.message(content.say("dose-days", medicine=medicine.name, days=current.days,
                                   max_days=medicine.max_days))
    return current.warned


def doses(
    as_json: Annotated[bool, typer.Option("--json", help=N_(
        "The doses as JSON (schema backcare.doses/1)."))] = False,
) -> None:
    loaded = reading()
    episode = loaded.state.open_episode() or (
        loaded.state.episodes[-1] if loaded.state.episodes else None)
    content = load_content()
    now = clock.now()
    earlier = elsewhere(loaded.state.episodes, episode, now) if episode is not None else []
    found = (standings(episode, content, now, earlier=earlier,
                       episodes=loaded.state.episodes) if episode is not None else [])
    named = (by_name_only(episode, content, now, earlier=earlier,
                          episodes=loaded.state.episodes) if episode is not None else [])
    if as_json:
        output.print_json(doses_document(episode, found, named, content, now))
        return
    if episode is None or not (episode.doses or found or named):
        output.message(content.say("dose-none"))
        return
    for line in doses_lines(episode, found, named, now, content):
        typer.echo(line)
