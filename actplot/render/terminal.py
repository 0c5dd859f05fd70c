"""Curves drawn as text: braille dots (2×4 per character cell) with axes, ticks and a legend.

Used by ``actplot show`` when there is no display (SSH, CI) or with ``--terminal``. Like the
file figure and the window it takes the groups of activations and one
:class:`~actplot.render.options.PlotOptions`; the width and colour are its own. Written
with numpy only, so the terminal path never imports matplotlib (unless a title holds
mathtext, which matplotlib's parser checks). Each curve is sampled by
:func:`actplot.compute.curves.sample`, whose nan breaks keep jumps unjoined. Saturation is
not shaded here (a braille cell has no tint).

Without colour (a pipe, ``NO_COLOR``, ``TERM=dumb``) each curve also carries its own glyph
(``o``, ``x``, ``+`` ...) every few columns, shown in the legend as ``━o━ relu``, so that
curves can be told apart. Tick labels are round numbers (steps of 1, 2 or 5 × 10^k on x)
at least :data:`X_TICK_GAP` columns apart, at any width.
"""

from __future__ import annotations

import math
import shutil
from collections.abc import Sequence

import numpy as np

from actplot.compute.curves import sample
from actplot.errors import ParameterError
from actplot.model import Activation, Interval, validation
from actplot.render.labels import check_labels, flat_labels, pole_note
from actplot.render.options import PlotOptions
from actplot.render.panels import curve_data, robust_ylim, singular_points
from actplot.render.style import OKABE_ITO_LIGHT
from actplot.render.text_math import to_unicode

MIN_WIDTH = 30
MAX_WIDTH = 1000  # as the commands' console (actplot.cli._shared.MAX_WIDTH): COLUMNS=10**8
WIDTHS = Interval.closed(MIN_WIDTH, MAX_WIDTH)  # must not make lines of 10**8 columns
GLYPHS = ("o", "x", "+", "*", "#", "@", "%", "&", "=", "$")  # ASCII: one column everywhere
GLYPH_EVERY = 8  # columns between a curve's glyphs (at least)
X_TICK_GAP = 8  # columns between x tick labels (at least)
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
    groups: Sequence[Sequence[Activation]],
    opts: PlotOptions,
    *,
    width: int | None = None,
    color: bool = False,
    glyphs: bool | None = None,
) -> str:
    """The plot as text: a legend, the f panel, then f' and f'' panels (as `opts` asks) on
    the same x range.

    Every line is at most `width` columns (checked by :func:`check_width`; default: the
    terminal's width); ANSI colour codes appear only when `color` is true. `glyphs` (default:
    when colour is off and there are several curves) marks each curve with its own glyph.
    `opts.ylim` applies to the f panel; the others fit their data.
    """
    acts = [a for g in groups for a in g]
    if not acts:
        raise ParameterError("nothing to plot: no activations given")
    check_labels(groups)
    width = check_width(width)
    if width is None:
        width = min(MAX_WIDTH, max(MIN_WIDTH, shutil.get_terminal_size().columns))
    opts = opts.for_acts(acts)
    xlim, ylim = opts.x_range, opts.ylim
    curves = [sample(act, xlim, opts.points, opts.orders) for act in acts]
    panels = [
        (order, [curve_data(c, order) for c in curves], ylim if order == 0 else None)
        for order in opts.orders
    ]
    ranges = [
        lim
        or robust_ylim(
            [x for x, _ in series],
            [y for _, y in series],
            poles=[singular_points(c, order) for c in curves],
        )
        for order, series, lim in panels
    ]
    marked = (not color if glyphs is None else glyphs) and len(acts) > 1
    ticks = [_y_ticks(lo, hi) for lo, hi in ranges]
    gutter = max(len(label) for labels in ticks for _, label in labels) + 1
    cols = width - gutter - 1  # the axis character takes one column
    rows = min(20, max(8, round(cols / 4.5)))
    paint = _Paint(color)
    names = [to_unicode(t) if "$" in t else t for t in flat_labels(groups)]
    for i, act in enumerate(acts):
        if note := pole_note(act, xlim):
            names[i] += f" ({note})"
    lines = _legend(names, width, paint, marked)
    for i, ((order, series, _), yr, yt) in enumerate(zip(panels, ranges, ticks, strict=True)):
        height = rows if order == 0 else max(6, round(rows * 0.6))
        lines.append(" " * gutter + paint.dim(_TITLES[order]))
        lines += _panel(series, xlim, yr, yt, cols, height, gutter, paint, marked)
        lines.append(" " * gutter + _x_axis(xlim, cols))
        if i == len(panels) - 1:
            lines.append(_x_labels(xlim, cols, gutter, width))
    return "\n".join(line.rstrip() for line in lines)


def check_width(width: int | None) -> int | None:
    """A validated terminal width (:data:`MIN_WIDTH` to :data:`MAX_WIDTH` columns), or None
    for the terminal's own (capped at MAX_WIDTH): what the command line checks before any
    work."""
    return None if width is None else validation.integer(width, "terminal width", WIDTHS)


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


def _legend(names: Sequence[str], width: int, paint: _Paint, marked: bool) -> list[str]:
    """Entries ``━━ label`` (``━o━ label`` with glyphs) packed into lines of at most
    `width` columns."""
    lines: list[str] = []
    line, used = "", 0
    key = 3 if marked else 2
    for i, name in enumerate(names):
        label = name.replace("\n", " ")
        if len(label) > width - key - 2:
            label = label[: width - key - 3] + "…"
        size = key + 1 + len(label)
        if used and used + 3 + size > width:
            lines.append(line)
            line, used = "", 0
        gap = "   " if used else ""
        mark = f"━{GLYPHS[i % len(GLYPHS)]}━" if marked else "━━"
        line += gap + paint.fg(mark, i) + " " + label
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
    marked: bool = False,
) -> list[str]:
    """The rows of one panel: tick labels, the left axis and the braille canvas (with each
    curve's glyph every few columns when `marked`)."""
    bits = np.zeros((rows, cols), dtype=np.uint8)
    owner = np.full((rows, cols), -1)  # the curve drawn last in each cell gives its colour
    cells_of = []
    for i, (x, y) in enumerate(series):
        c, r = _dots(x, y, xlim, ylim, cols, rows)
        mine = np.zeros_like(bits)
        np.bitwise_or.at(mine, (r // 4, c // 2), _BITS[r % 4, c % 2])
        bits |= mine
        owner[mine > 0] = i
        cells_of.append(mine > 0)
    glyph = _glyph_cells(cells_of, cols) if marked else {}
    # Faint dots mark y = 0 and x = 0 where no curve passes.
    zero_row = _cell_of(0.0, ylim[1], ylim[0], 4 * rows) // 4 if ylim[0] < 0 < ylim[1] else -1
    zero_col = _cell_of(0.0, xlim[0], xlim[1], 2 * cols) // 2 if xlim[0] < 0 < xlim[1] else -1
    labels = {_cell_of(v, ylim[1], ylim[0], 4 * rows) // 4: text for v, text in yticks}
    out = []
    for row in range(rows):
        cells: list[tuple[str, int | None]] = []  # (character, curve index or -1 for dim)
        for col in range(cols):
            if (row, col) in glyph:
                i = glyph[(row, col)]
                cells.append((GLYPHS[i % len(GLYPHS)], i))
            elif bits[row, col]:
                cells.append((chr(0x2800 + int(bits[row, col])), int(owner[row, col])))
            elif row == zero_row or col == zero_col:
                cells.append(("·", -1))
            else:
                cells.append((" ", None))
        label = labels.get(row)
        axis = "┤" if label is not None else "│"
        out.append(f"{label or '':>{gutter}}{axis}" + _join(cells, paint))
    return out


def _glyph_cells(cells_of: Sequence[np.ndarray], cols: int) -> dict[tuple[int, int], int]:
    """(row, column) → curve: every :data:`GLYPH_EVERY` columns (staggered per curve) the
    first cell of that column the curve passes through and no other curve does."""
    n = len(cells_of)
    taken = sum(c.astype(int) for c in cells_of)
    every = max(GLYPH_EVERY, cols // 10)
    out: dict[tuple[int, int], int] = {}
    for i, mine in enumerate(cells_of):
        start = every // 2 + (i * every) // n
        for col in range(start % every, cols, every):
            alone = np.flatnonzero(mine[:, col] & (taken[:, col] == 1))
            if alone.size:
                out[(int(alone[0]), col)] = i
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
    """(column, label): multiples of the finest step of 1, 2 or 5 × 10^k whose labels lie at
    least :data:`X_TICK_GAP` columns apart, then the limits if they are not multiples (they
    are dropped by :func:`_x_labels` where they would touch a neighbour)."""
    lo, hi = xlim
    span = hi - lo
    step = _x_step(span, cols)
    first, last = math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9)
    ticks = [
        (_cell_of(k * step, lo, hi, 2 * cols) // 2, _fmt(k * step, step))
        for k in range(first, last + 1)
    ]
    on_grid = {round(k * step, 12) for k in range(first, last + 1)}
    for col, end in ((0, lo), (cols - 1, hi)):
        if round(end, 12) not in on_grid:
            ticks.append((col, f"{end:.4g}"))
    return ticks


def _x_step(span: float, cols: int) -> float:
    """The finest step of 1, 2 or 5 × 10^k whose ticks stay X_TICK_GAP columns apart, and
    twice their labels' width plus 2 (so a label never crowds its neighbours)."""
    mag = 10.0 ** math.floor(math.log10(span / max(cols / X_TICK_GAP, 1)))
    for m in (1, 2, 5, 10, 20, 50):
        step = m * mag
        digits = max(0, -math.floor(math.log10(step) + 1e-9))
        label = len(f"{-span:.{digits}f}")  # about the widest label of that step
        if span / step * max(X_TICK_GAP, 2 * label + 2) <= cols:
            return step
    return 100 * mag


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
        if any(start <= b + 1 and a <= end + 1 for a, b in taken):  # two spaces between
            continue
        taken.append((start, end))
        row[start:end] = text
    return "".join(row)
