"""Axes-level drawing pieces shared by the figure, the interactive window and the gallery.

Each function takes a matplotlib Axes and adds artists to it (never pyplot, never global
state), returning what it added so that callers can update or remove it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from actplot.compute.curves import LIMIT_MAX, Curve, Span

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.lines import Line2D

SATURATED_ALPHA = 0.13  # low enough that two or three overlapping tints stay readable
DEAD_HATCHES = ("///", "\\\\\\", "...", "---")  # per function; none vertical (a jump?)
DEAD_ALPHA = 0.45
MARKER_SIZE = 5.0


def jump_points(curve: Curve, order: int) -> list[tuple[float, list[float], float]]:
    """Where the `order`-th curve jumps: (x, one-sided limits, value taken at x).

    Inside the range, :func:`~actplot.compute.curves.sample` has put a nan at each jump and
    its neighbours one ulp away hold the limits. A kink exactly at an end of the range (relu6
    at x = 6 on [−6, 6]) has no nan: it counts as a jump when its value differs from the
    limit from inside.
    """
    act, x, y = curve.activation, curve.x, curve[order]
    out = []
    for k in act.kinks:
        i = int(np.searchsorted(x, k))
        if i >= len(x) or x[i] != k:
            continue
        if 0 < i < len(x) - 1:
            if np.isnan(y[i]):
                value = float(act.profile(np.float64(k), order))
                out.append((k, [float(y[i - 1]), float(y[i + 1])], value))
            continue
        inward = np.nextafter(k, np.inf if i == 0 else -np.inf)
        limit, value = float(act.profile(inward, order)), float(y[i])
        if abs(limit - value) > 1e-9 * max(1.0, abs(limit), abs(value)):
            out.append((k, [limit], value))
    return out


def curve_data(curve: Curve, order: int) -> tuple[np.ndarray, np.ndarray]:
    """(x, y) to draw: the sampled curve, with a jump at an end of the range cut off too.

    y is clipped to ±1e3·LIMIT_MAX: far outside any axis actplot draws, so the picture is
    the same (the curve leaves through the edge), but inf and 1e308 no longer overflow
    matplotlib's transforms or the terminal's.
    """
    x, y = curve.x, curve[order]
    far = 1e3 * LIMIT_MAX
    y = np.clip(y, -far, far)  # a copy; nan stays nan
    for k, _, _ in jump_points(curve, order):
        if k in (x[0], x[-1]):
            y[0 if k == x[0] else -1] = np.nan
    return x, y


def draw_curves(
    ax: Axes,
    curves: Sequence[Curve],
    colors: Sequence[Any],
    order: int,
    *,
    linestyles: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
) -> list[Line2D]:
    """One line per curve of its `order`-th derivative; jumps stay unjoined (nan breaks)."""
    lines = []
    for i, (curve, color) in enumerate(zip(curves, colors, strict=False)):
        x, y = curve_data(curve, order)
        (line,) = ax.plot(
            x,
            y,
            color=color,
            linestyle=linestyles[i] if linestyles else "-",
            label=labels[i] if labels else curve.activation.label,
            zorder=2.5,
        )
        lines.append(line)
    return lines


def mark_jumps(
    ax: Axes, curves: Sequence[Curve], colors: Sequence[Any], order: int
) -> list[Line2D]:
    """At each jump: open circles at the one-sided limits, a filled dot at the value taken
    there (relu'(0) = 0 shows as a dot on the lower branch)."""
    background = ax.get_facecolor()
    artists = []
    for curve, color in zip(curves, colors, strict=False):
        points = jump_points(curve, order)
        if not points:
            continue
        ends = [(k, v) for k, limits, _ in points for v in limits]
        at = [(k, v) for k, _, v in points if np.isfinite(v)]
        (hollow,) = ax.plot(
            *zip(*ends, strict=True),
            "o",
            ms=MARKER_SIZE,
            mec=color,
            mfc=background,
            mew=1.3,
            zorder=3,
        )
        artists.append(hollow)
        if at:
            (solid,) = ax.plot(*zip(*at, strict=True), "o", ms=MARKER_SIZE, color=color, zorder=3.1)
            artists.append(solid)
    return artists


def shade_saturation(
    ax: Axes, spans: Sequence[Span], color: Any, hatch: str = DEAD_HATCHES[0]
) -> list[Artist]:
    """Tint the saturated spans in `color`; hatch the dead ones (f' = 0 on an interval).

    The hatch takes `color` too; give overlapping dead spans different `hatch` patterns
    (e.g. ``DEAD_HATCHES[i % 4]``) so each stays visible.
    """
    artists = []
    for span in spans:
        if span.dead:
            patch = ax.axvspan(
                span.lo,
                span.hi,
                facecolor="none",
                edgecolor=color,
                hatch=hatch,
                linewidth=0,
                alpha=DEAD_ALPHA,
                zorder=1,
            )
        else:
            patch = ax.axvspan(
                span.lo, span.hi, color=color, alpha=SATURATED_ALPHA, linewidth=0, zorder=0.9
            )
        artists.append(patch)
    return artists


def threshold_lines(ax: Axes, threshold: float, color: Any) -> list[Line2D]:
    """Dotted lines at f' = ±threshold: the edges of the saturation test."""
    return [
        ax.axhline(s * threshold, color=color, linestyle=":", linewidth=0.9, alpha=0.8, zorder=1.5)
        for s in (-1, 1)
    ]


def robust_ylim(
    x: np.ndarray | Sequence[np.ndarray], ys: Sequence[np.ndarray], pad: float = 0.05
) -> tuple[float, float]:
    """y limits that show each curve whole unless it runs away (e.g. exponentially).

    A curve runs away when its range over the whole x range exceeds its range over the
    central half widened on each side by three times the larger of that range's size and
    its distance from 0. The limits cover the curves that stay in; runaways leave through
    the edge. Only if no curve stays in (or those that do are flat) do the runaways' widened
    ranges count. So e^x
    alone is cut at 80 (not 403), beside relu at relu's 6, while relu, tanh and x² stay whole.
    """
    xs = [x] * len(ys) if isinstance(x, np.ndarray) else list(x)
    whole: list[tuple[float, float]] = []  # curves that stay inside their widened range
    cut: list[tuple[float, float]] = []  # widened ranges of the runaways
    for xi, y in zip(xs, ys, strict=True):
        ok = np.isfinite(y)
        if not ok.any():
            continue
        full = (float(y[ok].min()), float(y[ok].max()))
        centre, quarter = (xi[0] + xi[-1]) / 2, (xi[-1] - xi[0]) / 4
        mid = ok & (np.abs(xi - centre) <= quarter)
        if not mid.any():
            whole.append(full)
            continue
        m_lo, m_hi = float(y[mid].min()), float(y[mid].max())
        reach = 3 * max(m_hi - m_lo, abs(m_lo), abs(m_hi))
        wide = (m_lo - reach, m_hi + reach)
        if reach == 0 or (wide[0] <= full[0] and full[1] <= wide[1]):
            whole.append(full)
        else:
            cut.append((max(full[0], wide[0]), min(full[1], wide[1])))
    ranges = whole
    if not whole or max(r[1] for r in whole) - min(r[0] for r in whole) <= 0:
        ranges = whole + cut  # flat lines (f'' of relu) alone say nothing about the scale
    if not ranges:
        return (-1.0, 1.0)
    lo, hi = min(r[0] for r in ranges), max(r[1] for r in ranges)
    if hi - lo < 1e-12 * max(1.0, abs(lo)):
        half = max(1.0, abs(lo)) * 0.5
        return _within_plottable(lo - half, hi + half)
    margin = pad * (hi - lo)
    return _within_plottable(lo - margin, hi + margin)


def _within_plottable(lo: float, hi: float) -> tuple[float, float]:
    """Auto limits clipped to ±LIMIT_MAX: a curve beyond (x·1e300) leaves through the edge."""
    top = LIMIT_MAX
    if lo >= top:
        return (top / 2, top)
    if hi <= -top:
        return (-top, -top / 2)
    return (max(lo, -top), min(hi, top))
