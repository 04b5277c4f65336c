"""`backcare status`: where the person is in the ice-then-heat window, and what to do now."""

from backcare import clock, output
from backcare.commands.common import ClinicOpt, JsonOpt, PlainOpt, load_content, reading
from backcare.course import status as episode_status
from backcare.medication import elsewhere
from backcare.render.json_documents import status_payload
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
    if json_out:
        output.print_json(status_payload(current, now))
        return

    is_plain = output.wants_plain(plain)
    render_status(output.console(is_plain), current, content, is_plain)
