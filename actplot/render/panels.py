"""Axes-level drawing pieces shared by the figure, the interactive window and the gallery.

Each function takes a matplotlib Axes and adds artists to it (never pyplot, never global
state), returning what it added so that callers can update or remove it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from actplot.compute.curves import LIMIT_MAX, Curve
from actplot.compute.regions import Regions
from actplot.compute.tolerances import CURVE_JUMP_RTOL

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.lines import Line2D

SATURATED_ALPHA = 0.13  # low enough that two or three overlapping tints stay readable
DEAD_HATCHES = ("///", "\\\\\\", "...", "---")  # per function; none vertical (a jump?)
DEAD_ALPHA = 0.45
MARKER_SIZE, MARKER_EDGE = 5.0, 1.3  # jump markers beside lines THEME_LINEWIDTH wide
THEME_LINEWIDTH = 1.8  # render.style's lines.linewidth; a style's thinner lines shrink them
# Curves closer than this (of the panel's height) over most of the range look like one:
# the later one is drawn dashed over the earlier, in the first dash its partners lack.
COINCIDE_FRACTION = 0.01
COINCIDE_SHARE = 0.9
OVERLAY_DASHES: tuple[Any, ...] = ("--", ":", "-.", (0, (6, 2, 1, 2)))
POLE_MARGIN = 0.025  # of the x span: values this close to a pole do not set the y range
SINGULAR_VALUE = 1e8  # |y| beside a kink beyond this: a singularity of that order (√x′ at 0)
STRIP_ALPHA = 0.55
GUIDE_STYLE: dict[str, Any] = {"linestyle": (0, (4, 3)), "linewidth": 0.9, "alpha": 0.7}


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
        if abs(limit - value) > CURVE_JUMP_RTOL * max(1.0, abs(limit), abs(value)):
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
    import matplotlib as mpl

    background = ax.get_facecolor()
    scale = float(mpl.rcParams["lines.linewidth"]) / THEME_LINEWIDTH  # as the style's lines
    size, edge = MARKER_SIZE * scale, MARKER_EDGE * scale
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
            ms=size,
            mec=color,
            mfc=background,
            mew=edge,
            zorder=3,
        )
        artists.append(hollow)
        if at:
            (solid,) = ax.plot(*zip(*at, strict=True), "o", ms=size, color=color, zorder=3.1)
            artists.append(solid)
    return artists


def shade_saturation(
    ax: Axes,
    regions: Regions,
    xlim: tuple[float, float],
    color: Any,
    hatch: str = DEAD_HATCHES[0],
) -> list[Artist]:
    """Tint the saturated tails of `regions` in `color` and hatch the dead intervals
    (f' = 0), each clipped to `xlim`; the tints first, then the hatches.

    The hatch takes `color` too; give overlapping dead spans different `hatch` patterns
    (e.g. ``DEAD_HATCHES[i % 4]``) so each stays visible.
    """
    shown = regions.within(*xlim)
    artists = [
        ax.axvspan(r.lo, r.hi, color=color, alpha=SATURATED_ALPHA, linewidth=0, zorder=0.9)
        for r in shown.saturated
    ]
    artists += [
        ax.axvspan(
            r.lo,
            r.hi,
            facecolor="none",
            edgecolor=color,
            hatch=hatch,
            linewidth=0,
            alpha=DEAD_ALPHA,
            zorder=1,
        )
        for r in shown.dead
    ]
    return artists


def threshold_lines(ax: Axes, threshold: float, color: Any) -> list[Line2D]:
    """Dotted lines at f' = ±threshold: the edges of the saturation test.

    They never move the y range (which fits the curves): a threshold of 1e308 is a line
    far off the panel, not a range of ±1e308 that matplotlib cannot invert."""
    from matplotlib.lines import Line2D

    lines = []
    for s in (-1, 1):
        line = Line2D(
            [0, 1],
            [s * threshold] * 2,
            transform=ax.get_yaxis_transform(),
            color=color,
            linestyle=":",
            linewidth=0.9,
            alpha=0.8,
            zorder=1.5,
        )
        ax.add_artist(line)  # an artist, not a line: the data limits stay the curves'
        lines.append(line)
    return lines


def robust_ylim(
    x: np.ndarray | Sequence[np.ndarray],
    ys: Sequence[np.ndarray],
    pad: float = 0.05,
    poles: Sequence[Sequence[float]] | None = None,
) -> tuple[float, float]:
    """y limits that show each curve whole unless it runs away (e.g. exponentially).

    A curve runs away when its range over the whole x range exceeds its range over the
    central half widened on each side by three times the larger of that range's size and
    its distance from 0. The limits cover the curves that stay in; runaways leave through
    the edge. Only if no curve stays in (or those that do are flat) do the runaways' widened
    ranges count. So e^x
    alone is cut at 80 (not 403), beside relu at relu's 6, while relu, tanh and x² stay whole.

    `poles` (per curve) are left out with :data:`POLE_MARGIN` of the x span around them, so
    that 1/x is shown by its shape, not by its blow-up (which leaves through the edges).
    """
    xs = [x] * len(ys) if isinstance(x, np.ndarray) else list(x)
    if poles:
        ys = [_without_poles(xi, y, p) for xi, y, p in zip(xs, ys, poles, strict=True)]
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


def _without_poles(x: np.ndarray, y: np.ndarray, poles: Sequence[float]) -> np.ndarray:
    if not len(poles) or not len(x):
        return y
    margin = POLE_MARGIN * (x[-1] - x[0])
    near = np.zeros(len(x), dtype=bool)
    for p in poles:
        near |= np.abs(x - p) < margin
    return np.where(near, np.nan, y)


def _within_plottable(lo: float, hi: float) -> tuple[float, float]:
    """Auto limits clipped to ±LIMIT_MAX: a curve beyond (x·1e300) leaves through the edge."""
    top = LIMIT_MAX
    if lo >= top:
        return (top / 2, top)
    if hi <= -top:
        return (-top, -top / 2)
    return (max(lo, -top), min(hi, top))


def overlay_dashes(curves: Sequence[Curve], styles: Sequence[Any], height: float) -> list[Any]:
    """Line styles that keep near-coincident curves apart: a curve that stays within
    :data:`COINCIDE_FRACTION` of `height` (the f panel's) of an earlier one over
    :data:`COINCIDE_SHARE` of the range (gelu and its tanh form, silu and swish) takes the
    first of :data:`OVERLAY_DASHES` that none of those partners has; others keep `styles`."""
    out = list(styles)
    if len(curves) < 2 or not height > 0:
        return out
    lo, hi = curves[0].x[0], curves[0].x[-1]
    grid = np.linspace(lo, hi, 257)
    with np.errstate(all="ignore"):
        ys = [np.asarray(c.activation.profile(grid, 0), dtype=np.float64) for c in curves]
    tol = COINCIDE_FRACTION * height
    for j in range(1, len(curves)):
        partners = [i for i in range(j) if _coincide(ys[i], ys[j], tol)]
        if partners:
            taken = {repr(out[i]) for i in partners}
            out[j] = next((d for d in OVERLAY_DASHES if repr(d) not in taken), out[j])
    return out


def _coincide(a: np.ndarray, b: np.ndarray, tol: float) -> bool:
    both = np.isfinite(a) & np.isfinite(b)
    if both.sum() < COINCIDE_SHARE * len(a):
        return False
    return bool(np.mean(np.abs(a[both] - b[both]) <= tol) >= COINCIDE_SHARE)


def draw_strips(
    ax: Axes,
    rows: Sequence[tuple[Regions, Any, str]],
    xlim: tuple[float, float],
    hatch: str = DEAD_HATCHES[0],
) -> list[Artist]:
    """One thin strip per function (``(regions, colour, name)``, the first at the top): its
    saturated tails filled in its colour, its dead intervals hatched, clipped to `xlim`. Each
    row is named by a y tick label in the function's colour, so that the regions of a dozen
    functions stay attributable instead of stacking tints over the curves."""
    from matplotlib.patches import Rectangle

    artists: list[Artist] = []
    n = len(rows)
    for r, (regions, color, _) in enumerate(rows):
        y = n - 1 - r + 0.15
        shown = regions.within(*xlim)
        for span in shown.saturated:
            tint = Rectangle((span.lo, y), span.hi - span.lo, 0.7, color=color, alpha=STRIP_ALPHA)
            artists.append(ax.add_patch(tint))
            tint.set_linewidth(0)
        for span in shown.dead:
            dead = Rectangle(
                (span.lo, y), span.hi - span.lo, 0.7, fc="none", ec=color, hatch=hatch, lw=0
            )
            artists.append(ax.add_patch(dead))
    ax.set_ylim(0, max(n, 1))
    ax.set_yticks([n - 1 - r + 0.5 for r in range(n)], [name for _, _, name in rows])
    for label, (_, color, _) in zip(ax.get_yticklabels(), rows, strict=True):
        label.set_color(color)
    ax.tick_params(axis="y", which="both", left=False, right=False, labelsize="x-small")
    ax.tick_params(axis="x", which="both", top=False)
    ax.minorticks_off()
    ax.grid(False)
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    return artists


def limits_at_infinity(curve: Curve) -> list[float]:
    """The finite limits of f at −∞ and +∞ (tanh: −1, 1; relu: 0), without repeats."""
    with np.errstate(all="ignore"):
        ends = curve.activation.profile(np.array([-np.inf, np.inf]), 0)
    return sorted({float(v) for v in ends if np.isfinite(v)})


def asymptote_lines(
    ax: Axes,
    curves: Sequence[Curve],
    colors: Sequence[Any],
    neutral: Any,
    xlim: tuple[float, float],
) -> list[Line2D]:
    """Dashed guides: horizontal at each finite limit of f at ±∞, vertical at each pole in
    `xlim`; in the function's colour, or `neutral` where several functions share one."""
    owners: dict[float, list[int]] = {}
    for i, curve in enumerate(curves):
        for v in limits_at_infinity(curve):
            owners.setdefault(round(v, 9), []).append(i)
    lines = [
        ax.axhline(v, color=colors[who[0]] if len(who) == 1 else neutral, zorder=1.3, **GUIDE_STYLE)
        for v, who in sorted(owners.items())
    ]
    for curve, color in zip(curves, colors, strict=False):
        for p in curve.activation.poles:
            if xlim[0] < p < xlim[1]:
                lines.append(ax.axvline(p, color=color, zorder=1.3, **GUIDE_STYLE))
    return lines


def singular_points(curve: Curve, order: int) -> list[float]:
    """Where the `order`-th curve is not finite: the poles of f, and the kinks beside which
    it is beyond :data:`SINGULAR_VALUE` (√x′ at 0, whose f is finite). For
    :func:`robust_ylim`'s `poles`."""
    act, x, y = curve.activation, curve.x, curve[order]
    out = list(act.poles)
    for k in act.kinks:
        if k in out:
            continue
        i = int(np.searchsorted(x, k))
        near = y[max(0, i - 1) : i + 2]
        if near.size and not np.all(np.abs(near[np.isfinite(near)]) <= SINGULAR_VALUE):
            out.append(k)
        elif near.size and np.any(np.isinf(near)):
            out.append(k)
    return out
