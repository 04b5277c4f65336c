"""The back map as a labelled SVG for the handout: the terminal's drawing, its places as
numbered circles (the marked ones filled), and the back muscles the clinic's diagram labels,
each beside the first place it lies under."""

from __future__ import annotations

from html import escape

from backcare.content import BackMap, Content

CELL_X, CELL_Y = 9, 16
"""Pixels per character of the drawing, across and down: a 15-pixel monospace font is 9
pixels across."""
LABELS_X = 270
MARKED = "#c62828"


def svg_back_map(content: Content, where: list[str], title: str) -> str:
    lines = content.back_map.picture.strip("\n").splitlines()
    places: dict[int, tuple[float, float]] = {}
    parts = []
    for row, line in enumerate(lines):
        base = (row + 1) * CELL_Y
        for mark in BackMap.MARK.finditer(line):
            places[int(mark.group(1))] = ((mark.start() + mark.end()) / 2 * CELL_X, base - 4)
        outline = BackMap.MARK.sub(lambda m: " " * len(m.group(0)), line)
        parts.append(f'<text x="0" y="{base}" xml:space="preserve" fill="#999">'
                     f"{escape(outline)}</text>")
    for n, (x, y) in sorted(places.items()):
        key = content.regions[n - 1].id
        fill, ink = (MARKED, "#fff") if key in where else ("#fff", "#000")
        parts.append(f'<circle cx="{x:g}" cy="{y:g}" r="8" fill="{fill}" stroke="#000"/>'
                     f'<text x="{x:g}" y="{y + 3.5:g}" text-anchor="middle" font-size="9" '
                     f'fill="{ink}">{n}</text>')
    labelled: list[str] = []
    for n, region in enumerate(content.regions, 1):
        for muscle in region.muscles:
            if muscle in labelled or n not in places:
                continue
            labelled.append(muscle)
            label = next(m.label for m in content.muscles if m.id == muscle)
            x, y = places[n]
            ly = len(labelled) * 2 * CELL_Y
            parts.append(f'<line x1="{x + 9:g}" y1="{y:g}" x2="{LABELS_X - 4}" y2="{ly - 4}" '
                         f'stroke="#777" stroke-width="0.6"/>'
                         f'<text x="{LABELS_X}" y="{ly}" font-size="12" font-family="DejaVu Sans, '
                         f'sans-serif">{escape(label)}</text>')
    height = max(len(lines) + 1, len(labelled) * 2 + 1) * CELL_Y
    width = LABELS_X + 150
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" viewBox="0 0 {width} '
            f'{height}" role="img" aria-label="{escape(title)}" font-family="DejaVu Sans Mono, '
            f'monospace" font-size="15">' + "".join(parts) + "</svg>")
