"""`backcare status`: where the person is in the ice-then-heat window, and what to do now."""

from backcare.commands.common import ClinicOpt, JsonOpt, PlainOpt


def status(json_out: JsonOpt = False, plain: PlainOpt = False, clinic: ClinicOpt = None) -> None:
    from backcare import clock, output
    from backcare.commands.common import load_content, reading
    from backcare.episode import status as episode_status

    now = clock.now()
    loaded = reading()
    episode = loaded.state.open_episode()
    content = load_content(clinic)
    current = episode_status(episode, now, content, clock.local_zone(now)) if episode else None
    if json_out:
        from backcare.render.json import status_payload

        output.print_json(status_payload(current, now))
        return
    from backcare.render.status import render_status

    is_plain = output.wants_plain(plain)
    render_status(output.console(is_plain), current, content, is_plain)
