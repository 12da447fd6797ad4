"""The live page's frontier figure, drawn as SVG text from arrays (no matplotlib: milliseconds).

The utility plane of two parties (the first two veto parties): every outcome
binned on a :data:`CELLS` x :data:`CELLS` grid (grey cells; cells holding a
ZOPA outcome in blue), the Pareto frontier's outer edge in that plane as a
line, the disagreement point as a cross, and each solution as a labelled
marker. The same definitions as :mod:`sim.plot.frontier` (which draws the
report's figure); this one trades detail for speed.
"""

from __future__ import annotations

from html import escape

import numpy as np

from ..plot.data import nondominated

#: Bins per axis for the outcome cloud.
CELLS = 60
WIDTH, HEIGHT, MARGIN = 560, 440, 48
COLOURS = {"nash": "#d62728", "kalai_smorodinsky": "#9467bd", "egalitarian": "#2ca02c",
           "utilitarian": "#ff7f0e"}


def frontier_svg(u: np.ndarray, inside: np.ndarray, front: np.ndarray, d: np.ndarray,
                 solutions: dict[str, np.ndarray | None], names: tuple[str, str],
                 bounds: tuple[np.ndarray, np.ndarray]) -> str:
    """The figure as one ``<svg>`` element.

    ``u``: every outcome's utilities of the two parties (n x 2); ``inside``: the
    ZOPA mask; ``front``: the frontier's points in this plane (m x 2); ``d``:
    the disagreement point (2); ``solutions``: each concept's point (or None);
    ``bounds``: the axes' lower and upper ends (2 each).
    """
    lo, hi = (np.asarray(b, dtype=float) for b in bounds)
    span = np.where(hi > lo, hi - lo, 1.0)
    pw, ph = WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN

    def px(p: np.ndarray) -> tuple[float, float]:
        t = (np.asarray(p, dtype=float) - lo) / span
        return MARGIN + t[0] * pw, HEIGHT - MARGIN - t[1] * ph

    out = [(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
            f'aria-label="payoff frontier of {escape(names[0])} and {escape(names[1])}" '
            f'font-family="sans-serif" font-size="12">'),
           f'<rect x="{MARGIN}" y="{MARGIN}" width="{pw}" height="{ph}" fill="#fff" stroke="#999"/>']
    cw, ch = pw / CELLS, ph / CELLS
    ab = np.clip(((u - lo) * (CELLS / span)).astype(np.int64), 0, CELLS - 1)
    ids = ab[:, 0] * CELLS + ab[:, 1]
    zopa = np.bincount(ids[inside], minlength=CELLS * CELLS) > 0
    every = np.bincount(ids, minlength=CELLS * CELLS) > 0
    for cells, colour, cls in ((every & ~zopa, "#c8c8c8", "outside"), (zopa, "#1f77b4", "zopa")):
        a, b = divmod(np.flatnonzero(cells), CELLS)
        xy = np.column_stack([MARGIN + a * cw, HEIGHT - MARGIN - (b + 1) * ch]).ravel()
        cell = f"M%.1f %.1fh{cw:.1f}v{ch:.1f}h-{cw:.1f}z"  # one format call for every cell
        out.append(f'<path class="{cls}" fill="{colour}" fill-opacity="0.8" '
                   f'd="{(cell * len(a)) % tuple(xy.tolist())}"/>')
    edge = nondominated(front) if len(front) else front
    if len(edge):
        pts = " ".join("{:.1f},{:.1f}".format(*px(p)) for p in edge)
        out.append(f'<polyline class="frontier" points="{pts}" fill="none" stroke="#222" '
                   f'stroke-width="2"/>')
    x, y = px(d)
    out.append(f'<path class="disagreement" d="M{x - 6:.1f},{y - 6:.1f}L{x + 6:.1f},{y + 6:.1f}'
               f'M{x - 6:.1f},{y + 6:.1f}L{x + 6:.1f},{y - 6:.1f}" stroke="#000" stroke-width="2"/>')
    out.append(f'<text x="{x + 8:.1f}" y="{y + 14:.1f}">disagreement</text>')
    row = 0
    for concept, point in solutions.items():
        if point is None:
            continue
        x, y = px(point)
        colour = COLOURS.get(concept, "#000")
        out.append(f'<circle class="solution" data-concept="{escape(concept)}" cx="{x:.1f}" '
                   f'cy="{y:.1f}" r="6" fill="none" stroke="{colour}" stroke-width="2.5"/>')
        out.append(f'<text x="{WIDTH - MARGIN - 4}" y="{MARGIN + 16 + 15 * row}" text-anchor="end" '
                   f'fill="{colour}">{escape(concept)} ({point[0]:.3f}, {point[1]:.3f})</text>')
        row += 1
    for k, t in enumerate(np.linspace(0, 1, 6)):
        vx, vy = lo + t * span
        out.append(f'<text x="{MARGIN + t * pw:.1f}" y="{HEIGHT - MARGIN + 16}" '
                   f'text-anchor="middle">{vx:.2f}</text>')
        out.append(f'<text x="{MARGIN - 6}" y="{HEIGHT - MARGIN - t * ph + 4:.1f}" '
                   f'text-anchor="end">{vy:.2f}</text>')
    out.append(f'<text x="{WIDTH / 2}" y="{HEIGHT - 8}" text-anchor="middle">'
               f'utility of {escape(names[0])}</text>')
    out.append(f'<text transform="translate(12,{HEIGHT / 2}) rotate(-90)" text-anchor="middle">'
               f'utility of {escape(names[1])}</text>')
    out.append("</svg>")
    return "".join(out)
