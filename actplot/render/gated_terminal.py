"""Gated units in the terminal: the gate slices f(a; b = b_k) and the diagonal f(x, x) as
braille curves against a, one panel per unit (and ∂f/∂a along the same slices with the
derivative panel), drawn by :mod:`actplot.render.terminal`'s canvas. A heatmap has no honest
braille form, so the terminal shows what the slices show; the file and the window add the
heatmaps. No matplotlib.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence

import numpy as np

from actplot.compute import gated_grid as gg
from actplot.errors import ParameterError
from actplot.model import Bound
from actplot.render import gated_plot as gp
from actplot.render import terminal as tm
from actplot.render.labels import check_labels
from actplot.render.options import PlotOptions
from actplot.render.panels import robust_ylim
from actplot.render.text_math import to_unicode


def render_terminal(
    groups: Sequence[Sequence[Bound]],
    opts: PlotOptions,
    *,
    width: int | None = None,
    color: bool = False,
    glyphs: bool | None = None,
) -> str:
    """Per gated unit: its name and formula, a legend (``b = −2`` ... and ``a = b: silu(x)``),
    the panel of f against a, and ∂f/∂a below it when `opts.derivative`. Colour and glyphs
    as in :func:`actplot.render.terminal.render_terminal`."""
    gp.check_kinds(groups)
    acts = gp.gated_units(groups)
    if not acts:
        raise ParameterError("nothing to plot: no activations given")
    check_labels(groups)
    width = tm.check_width(width)
    if width is None:
        width = min(tm.MAX_WIDTH, max(tm.MIN_WIDTH, shutil.get_terminal_size().columns))
    paint = tm._Paint(color)
    out: list[str] = []
    for act in acts:
        if out:
            out.append("")
        out += _unit(act, opts, width, paint, glyphs)
    return "\n".join(line.rstrip() for line in out)


def _unit(
    act: Bound, opts: PlotOptions, width: int, paint: tm._Paint, glyphs: bool | None
) -> list[str]:
    lim = gg.box([act], opts.xlim)
    x = gg.line(lim, opts.points)
    slices = gg.slices_along_a(act, x, [v for v in gg.B_SLICES if lim[0] <= v <= lim[1]])
    diag, ddiag = gg.diagonal(act, x)
    names = [f"b = {v:g}".replace("-", "−") for v in slices.values] + [gp.diagonal_label(act)]
    panels = [("f(a; b)", [*slices.y, diag], opts.ylim)]
    if opts.derivative:
        panels.append(("∂f/∂a (a = b: d/dx f(x, x))", [*slices.dy, ddiag], None))
    marked = not paint.on if glyphs is None else glyphs
    head = f"{act.label}: f(a, b) = {act.spec.text}   (a: gate input, b: value)"
    lines = [head if len(head) <= width else head[: width - 1] + "…"]
    lines += tm._legend(names, width, paint, marked)
    ranges = [
        lim_y or robust_ylim([x] * len(ys), list(ys), poles=[[] for _ in ys])
        for _, ys, lim_y in panels
    ]
    ticks = [tm._y_ticks(lo, hi) for lo, hi in ranges]
    gutter = max(len(label) for labels in ticks for _, label in labels) + 1
    cols = width - gutter - 1
    rows = min(20, max(8, round(cols / 4.5)))
    for i, ((title, ys, _), yr, yt) in enumerate(zip(panels, ranges, ticks, strict=True)):
        series = [(x, np.asarray(y, dtype=float)) for y in ys]
        height = rows if i == 0 else max(6, round(rows * 0.6))
        lines.append(" " * gutter + paint.dim(title))
        lines += tm._panel(series, lim, yr, yt, cols, height, gutter, paint, marked)
        lines.append(" " * gutter + tm._x_axis(lim, cols))
    lines.append(tm._x_labels(lim, cols, gutter, width))
    lines.append(" " * gutter + " " + "a (gate input)".center(cols).rstrip())
    return [to_unicode(line) if "$" in line else line for line in lines]
