"""`backcare status`: where the person is in the ice-then-heat window, and what to do now."""

from backcare import clock, output
from backcare.commands.common import ClinicOpt, JsonOpt, PlainOpt, load_content, reading
from backcare.course import status as episode_status
from backcare.medication import by_name_only, elsewhere, standings
from backcare.render.dose_lines import doses_lines
from backcare.render.json_documents import status_payload
from backcare.render.parts import literal
from backcare.render.status_screen import render_status


def status(json_out: JsonOpt = False, plain: PlainOpt = False, clinic: ClinicOpt = None) -> None:
    now = clock.now()
    loaded = reading()
    episode = loaded.state.open_episode()
    content = load_content(clinic)
    current = (episode_status(episode, now, content, clock.local_zone(now),
                              earlier=elsewhere(loaded.state.episodes, episode, now),
                              episodes=loaded.state.episodes)
               if episode else None)
    last = loaded.state.episodes[-1] if episode is None and loaded.state.episodes else None
    earlier = elsewhere(loaded.state.episodes, last, now) if last is not None else []
    counting = (standings(last, content, now, earlier=earlier, episodes=loaded.state.episodes)
                if last is not None else [])
    if json_out:
        output.print_json(status_payload(current, now, counting))
        return

    is_plain = output.wants_plain(plain)
    con = output.console(is_plain)
    render_status(con, current, content, is_plain)
    named = (by_name_only(last, content, now, earlier=earlier, episodes=loaded.state.episodes)
             if last is not None else [])
    if last is not None and (counting or named):  # no episode open: doses that still count
        con.print()
        for line in doses_lines(last, counting, named, now, content):
            con.print(literal(line))
