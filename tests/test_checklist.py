"""Issue 21: the full-screen checklist as it is drawn, for any screen size. The list scrolls
within the screen and says how many lines are above and below it; the highlighted line's
full wording is always on screen; "None of these" and "Not sure" never go with a real
answer."""

from __future__ import annotations

import pytest

from backcare.loader import load_content
from backcare.prompts import NONE, _Checklist

CONTENT = load_content()
Q = CONTENT.questions
LISTED = [(r.id, r.label, r.detail) for r in CONTENT.red_flags if not r.follow_up_only]


def checklist() -> _Checklist:
    return _Checklist(Q.red_flags, [*LISTED, (NONE, Q.none_of_these, "")], {NONE}, ())


@pytest.mark.parametrize("size", [(40, 24), (80, 24), (100, 40), (120, 40)])
def test_every_line_stays_on_the_screen_with_the_highlighted_wording_in_full(
    size: tuple[int, int],
) -> None:
    columns, rows = size
    shown = checklist()
    for at in range(len(shown.items)):
        shown.at = at
        lines = [text for _style, text in shown.lines(columns, rows)]
        assert len(lines) <= rows - 1, at  # nothing scrolls off the top
        assert all(len(line) < columns for line in lines)
        drawn = " ".join(" ".join(lines).split())
        _key, label, detail = shown.items[at]
        assert " ".join((detail or label).split()) in drawn  # its whole wording
        assert "» " in drawn  # the highlighted line is in view
        hidden_above, hidden_below = shown.top, 0
        for line in lines:
            if "more below" in line:
                hidden_below = int(line.split()[1])
        assert (f"↑ {hidden_above} more above" in drawn) == (hidden_above > 0)
        visible = sum(1 for line in lines if line.startswith(("» [", "  [")))
        assert hidden_above + visible + hidden_below == len(shown.items)


def test_the_none_line_is_one_key_away_from_the_top() -> None:
    shown = checklist()
    lines = shown.lines(80, 24)
    assert any("more below" in text for _style, text in lines)  # the list is cut at 24
    shown.at = len(shown.items) - 1  # Up from the top, or End, lands here
    drawn = [text for _style, text in shown.lines(80, 24)]
    assert f"» [ ] {Q.none_of_these}" in drawn


def test_none_and_not_sure_never_go_with_a_real_answer() -> None:
    shown = checklist()
    first, urgent = LISTED[0][0], LISTED[4][0]
    shown.tick(first)
    shown.tick(urgent)
    assert shown.ticked == [first, urgent]
    shown.tick(NONE)
    assert shown.ticked == [NONE]
    shown.tick(first)
    assert shown.ticked == [first]
    triggers = [(c.id, c.label, c.detail) for c in CONTENT.triggers]
    not_sure = [c.id for c in CONTENT.triggers if c.exclusive]
    assert not_sure == ["unknown"]
    listed = _Checklist(Q.triggers, triggers, set(not_sure), ())
    listed.tick(triggers[0][0])
    listed.tick("unknown")
    assert listed.ticked == ["unknown"]
    listed.tick(triggers[1][0])
    assert listed.ticked == [triggers[1][0]]
