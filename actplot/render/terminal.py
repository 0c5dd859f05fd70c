"""Curves drawn as text: braille dots (2×4 per character cell) with axes, ticks and a legend.

Used by ``actplot show`` when there is no display (SSH, CI) or with ``--terminal``. Written
with numpy only, so the terminal path never imports matplotlib. Each curve is sampled by
:func:`actplot.compute.curves.sample`, whose nan breaks keep jumps unjoined.
"""

from __future__ import annotations

import math
import shutil
from collections.abc import Sequence

import numpy as np

from actplot.compute.curves import check_limits, check_xlim, sample
from actplot.errors import ParameterError
from actplot.model import Activation
from actplot.render.panels import curve_data, robust_ylim
from actplot.render.style import OKABE_ITO_LIGHT

MIN_WIDTH = 30
# Bit of each dot in a braille cell, indexed [row][column] (Unicode braille patterns).
_BITS = np.array([[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]], dtype=np.uint8)


def _xterm256(hex_colour: str) -> str:
    """The SGR foreground code of the xterm-256 colour nearest `hex_colour`; black becomes
    the terminal's own foreground, which is visible on light and dark backgrounds alike."""
    rgb = [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]
    if max(rgb) < 40:
        return "39"
    levels = (0, 95, 135, 175, 215, 255)
    cube = [min(range(6), key=lambda k: abs(levels[k] - v)) for v in rgb]
    return f"38;5;{16 + 36 * cube[0] + 6 * cube[1] + cube[2]}"


# The figure's Okabe–Ito palette, so a curve has the same colour in the terminal and a file.
_PALETTE = tuple(_xterm256(c) for c in OKABE_ITO_LIGHT)
_RESET, _DIM = "\x1b[0m", "\x1b[2m"
_TITLES = {0: "f(x)", 1: "f'(x)", 2: "f''(x)"}


def render_terminal(
    acts: list[Activation],
    *,
    derivative: bool,
    second: bool,
    xlim: tuple[float, float],
    ylim: tuple[float, float] | None,
    points: int,
    width: int | None,
    color: bool,
) -> str:
    """The plot as text: a legend, the f panel, then f' and f'' panels on the same x range.

    Every line is at most `width` columns (default: the terminal's width); ANSI colour codes
    appear only when `color` is true. `ylim` applies to the f panel; the others fit their data.
    """
    if not acts:
        raise ParameterError("nothing to plot: no activations given")
    xlim = check_xlim(xlim)
    if ylim is not None:
        ylim = check_limits(ylim, "y")
    if width is None:
        width = max(MIN_WIDTH, shutil.get_terminal_size().columns)
    elif width < MIN_WIDTH:
        raise ParameterError(
            f"the terminal plot needs a width of at least {MIN_WIDTH}, not {width}"
        )
    orders = (0,) + ((1,) if derivative else ()) + ((2,) if second else ())
    curves = [sample(act, xlim, points, orders) for act in acts]
    panels = [
        (order, [curve_data(c, order) for c in curves], ylim if order == 0 else None)
        for order in orders
    ]
    ranges = [
        lim or robust_ylim([x for x, _ in series], [y for _, y in series])
        for _, series, lim in panels
    ]
    ticks = [_y_ticks(lo, hi) for lo, hi in ranges]
    gutter = max(len(label) for labels in ticks for _, label in labels) + 1
    cols = width - gutter - 1  # the axis character takes one column
    rows = min(20, max(8, round(cols / 4.5)))
    paint = _Paint(color)
    lines = _legend(acts, width, paint)
    for i, ((order, series, _), yr, yt) in enumerate(zip(panels, ranges, ticks, strict=True)):
        height = rows if order == 0 else max(6, round(rows * 0.6))
        lines.append(" " * gutter + paint.dim(_TITLES[order]))
        lines += _panel(series, xlim, yr, yt, cols, height, gutter, paint)
        lines.append(" " * gutter + _x_axis(xlim, cols))
        if i == len(panels) - 1:
            lines.append(_x_labels(xlim, cols, gutter, width))
    return "\n".join(line.rstrip() for line in lines)


class _Paint:
    """ANSI colouring that is a no-op when colour is off."""

    def __init__(self, on: bool) -> None:
        self.on = on

    def fg(self, text: str, index: int) -> str:
        if not self.on:
            return text
        return f"\x1b[{_PALETTE[index % len(_PALETTE)]}m{text}{_RESET}"

    def dim(self, text: str) -> str:
        return f"{_DIM}{text}{_RESET}" if self.on else text


def _legend(acts: Sequence[Activation], width: int, paint: _Paint) -> list[str]:
    """Entries ``━━ label`` packed into lines of at most `width` columns."""
    lines: list[str] = []
    line, used = "", 0
    for i, act in enumerate(acts):
        label = act.label
        if len(label) > width - 4:
            label = label[: width - 5] + "…"
        size = 3 + len(label)
        if used and used + 3 + size > width:
            lines.append(line)
            line, used = "", 0
        gap = "   " if used else ""
        line += gap + paint.fg("━━", i) + " " + label
        used += len(gap) + size
    lines.append(line)
    return lines


def _nice_step(span: float, target: int) -> float:
    raw = span / max(target, 1)
    mag = 10.0 ** math.floor(math.log10(raw))
    return next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw * (1 - 1e-9))


def _fmt(value: float, step: float) -> str:
    digits = max(0, -math.floor(math.log10(step) + 1e-9))
    if round(step / 10.0**-digits, 6) % 1:  # a step like 0.25 needs one more digit
        digits += 1
    text = f"{value:.{digits}f}"
    return "0" if float(text) == 0 else text


def _y_ticks(lo: float, hi: float) -> list[tuple[float, str]]:
    step = _nice_step(hi - lo, 4)
    first, last = math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9)
    return [(k * step, _fmt(k * step, step)) for k in range(first, last + 1)]


def _dots(
    x: np.ndarray,
    y: np.ndarray,
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    cols: int,
    rows: int,
) -> tuple[np.ndarray, np.ndarray]:
    """Dot (column, row) coordinates of the polyline through (x, y); row 0 is the top.

    Consecutive finite points are joined; a nan breaks the line. Segments are clipped to
    the y range so a curve leaving the panel stops at its edge.
    """
    xmax, ymax = 2 * cols - 1, 4 * rows - 1
    px = (x - xlim[0]) / (xlim[1] - xlim[0]) * xmax
    with np.errstate(invalid="ignore", over="ignore"):
        py = (ylim[1] - y) / (ylim[1] - ylim[0]) * ymax
    top, bottom = -0.5, ymax + 0.5
    ax, ay, bx, by = px[:-1], py[:-1], px[1:], py[1:]
    with np.errstate(invalid="ignore"):
        keep = np.isfinite(ay) & np.isfinite(by)
        keep &= ~((ay < top) & (by < top)) & ~((ay > bottom) & (by > bottom))
    ax, ay, bx, by = ax[keep], ay[keep], bx[keep], by[keep]
    dy = by - ay
    flat = dy == 0
    safe = np.where(flat, 1.0, dy)
    t_top, t_bottom = (top - ay) / safe, (bottom - ay) / safe
    t0 = np.where(flat, 0.0, np.clip(np.minimum(t_top, t_bottom), 0.0, 1.0))
    t1 = np.where(flat, 1.0, np.clip(np.maximum(t_top, t_bottom), 0.0, 1.0))
    ax, bx = ax + t0 * (bx - ax), ax + t1 * (bx - ax)
    ay, by = ay + t0 * dy, ay + t1 * dy
    steps = np.ceil(np.maximum(np.abs(bx - ax), np.abs(by - ay))).astype(np.int64) + 1
    seg = np.repeat(np.arange(steps.size), steps)
    start = np.repeat(np.cumsum(steps) - steps, steps)
    t = (np.arange(seg.size) - start) / np.maximum(steps[seg] - 1, 1)
    xs = ax[seg] + t * (bx - ax)[seg]
    ys = ay[seg] + t * (by - ay)[seg]
    alone = np.isfinite(py) & (py >= top) & (py <= bottom)  # isolated points count too
    xs, ys = np.concatenate([xs, px[alone]]), np.concatenate([ys, py[alone]])
    c = np.clip(np.rint(xs), 0, xmax).astype(np.int64)
    r = np.clip(np.rint(ys), 0, ymax).astype(np.int64)
    return c, r


def _panel(
    series: Sequence[tuple[np.ndarray, np.ndarray]],
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    yticks: list[tuple[float, str]],
    cols: int,
    rows: int,
    gutter: int,
    paint: _Paint,
) -> list[str]:
    """The rows of one panel: tick labels, the left axis and the braille canvas."""
    bits = np.zeros((rows, cols), dtype=np.uint8)
    owner = np.full((rows, cols), -1)  # the curve drawn last in each cell gives its colour
    for i, (x, y) in enumerate(series):
        c, r = _dots(x, y, xlim, ylim, cols, rows)
        mine = np.zeros_like(bits)
        np.bitwise_or.at(mine, (r // 4, c // 2), _BITS[r % 4, c % 2])
        bits |= mine
        owner[mine > 0] = i
    # Faint dots mark y = 0 and x = 0 where no curve passes.
    zero_row = _cell_of(0.0, ylim[1], ylim[0], 4 * rows) // 4 if ylim[0] < 0 < ylim[1] else -1
    zero_col = _cell_of(0.0, xlim[0], xlim[1], 2 * cols) // 2 if xlim[0] < 0 < xlim[1] else -1
    labels = {_cell_of(v, ylim[1], ylim[0], 4 * rows) // 4: text for v, text in yticks}
    out = []
    for row in range(rows):
        cells: list[tuple[str, int | None]] = []  # (character, curve index or -1 for dim)
        for col in range(cols):
            if bits[row, col]:
                cells.append((chr(0x2800 + int(bits[row, col])), int(owner[row, col])))
            elif row == zero_row or col == zero_col:
                cells.append(("·", -1))
            else:
                cells.append((" ", None))
        label = labels.get(row)
        axis = "┤" if label is not None else "│"
        out.append(f"{label or '':>{gutter}}{axis}" + _join(cells, paint))
    return out


def _join(cells: list[tuple[str, int | None]], paint: _Paint) -> str:
    """Cells as text, with one colour code per run of cells of the same curve."""
    text, run, style = [], "", None
    for char, key in [*cells, ("", None)]:
        if key != style or not char:
            if run:
                text.append(
                    run if style is None else paint.dim(run) if style < 0 else paint.fg(run, style)
                )
            run, style = "", key
        run += char
    return "".join(text)


def _cell_of(value: float, lo: float, hi: float, dots: int) -> int:
    """The dot index of `value` on an axis of `dots` dots running from `lo` to `hi`."""
    return int(np.clip(np.rint((value - lo) / (hi - lo) * (dots - 1)), 0, dots - 1))


def _x_ticks(xlim: tuple[float, float], cols: int) -> list[tuple[int, str]]:
    """(column, label) for the x limits, then round values that fit between them."""
    lo, hi = xlim
    step = _nice_step(hi - lo, max(2, cols // 10))
    first, last = math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9)
    ticks = [(0, f"{lo:.6g}"), (cols - 1, f"{hi:.6g}")]
    for k in range(first, last + 1):
        col = _cell_of(k * step, lo, hi, 2 * cols) // 2
        ticks.append((col, _fmt(k * step, step)))
    return ticks


def _x_axis(xlim: tuple[float, float], cols: int) -> str:
    line = ["─"] * cols
    for col, _ in _x_ticks(xlim, cols):
        line[col] = "┬"
    return "└" + "".join(line)


def _x_labels(xlim: tuple[float, float], cols: int, gutter: int, width: int) -> str:
    """Tick labels centred under their ticks; the limits first, then others that fit."""
    row = [" "] * width
    taken: list[tuple[int, int]] = []
    for col, text in _x_ticks(xlim, cols):
        centre = gutter + 1 + col
        start = min(max(0, centre - len(text) // 2), width - len(text))
        end = start + len(text)
        if any(start <= b and a <= end for a, b in taken):  # keep a space between labels
            continue
        taken.append((start, end))
        row[start:end] = text
    return "".join(row)
