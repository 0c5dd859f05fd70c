"""Curves and regions computed from an activation, ready to draw or tabulate (no drawing here).

* :func:`sample` evaluates f, f', f'' on a grid that contains every kink, and breaks each
  curve with a nan where it jumps, so that a plot never joins a jump with a vertical line.
* :func:`saturation` finds where |f'| < threshold (saturated) and where f' is exactly 0 over
  an interval (dead), with the crossing points refined by bisection.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from actplot.errors import ParameterError
from actplot.model import Activation

MIN_POINTS, MAX_POINTS = 11, 1_000_001
DEFAULT_POINTS = 1201


@dataclass(frozen=True)
class Curve:
    """f and its derivatives on a shared x grid; ``orders[n]`` is the n-th derivative.

    At a kink k the grid holds three points: just below k, k itself, just above k. Where an
    order jumps at k, its middle value is nan (the line breaks); elsewhere it is the value
    at k.
    """

    activation: Activation
    x: np.ndarray
    orders: dict[int, np.ndarray]

    def __getitem__(self, order: int) -> np.ndarray:
        return self.orders[order]


@dataclass(frozen=True)
class Span:
    """An interval of x; ``open_lo``/``open_hi`` mean it runs on past the sampled range."""

    lo: float
    hi: float
    dead: bool = False
    open_lo: bool = False
    open_hi: bool = False


# Axis limits beyond ±1e12, or spans below 1e-9 of their size, leave too few distinct
# floats between the grid points or ticks for a truthful plot (and overflow matplotlib's
# and the terminal's transforms), so they are refused rather than drawn wrong.
LIMIT_MAX = 1e12
MIN_RELATIVE_SPAN = 1e-9


def check_limits(lim: tuple[float, float], axis: str = "x") -> tuple[float, float]:
    """Validated axis limits (lo, hi): finite, increasing, within ±1e12, not too narrow."""
    try:
        lo, hi = (float(v) for v in lim)
    except (TypeError, ValueError):
        raise ParameterError(f"{axis} limits must be two numbers, not {lim!r}") from None
    if not (np.isfinite(lo) and np.isfinite(hi)):
        raise ParameterError(f"{axis} limits must be finite, not {lo:g} {hi:g}")
    if lo >= hi:
        raise ParameterError(f"{axis} limits must be increasing, not {lo:g} {hi:g}")
    if max(abs(lo), abs(hi)) > LIMIT_MAX:
        raise ParameterError(f"{axis} limits must lie within ±{LIMIT_MAX:g}, not {lo:g} {hi:g}")
    if hi - lo < MIN_RELATIVE_SPAN * max(1.0, abs(lo), abs(hi)):
        raise ParameterError(f"{axis} limits {lo:g} {hi:g} are too close together to plot")
    return lo, hi


def check_xlim(xlim: tuple[float, float]) -> tuple[float, float]:
    return check_limits(xlim, "x")


def check_points(points: int) -> int:
    if not MIN_POINTS <= points <= MAX_POINTS:
        raise ParameterError(
            f"points must be between {MIN_POINTS} and {MAX_POINTS:,}, not {points}"
        )
    return int(points)


def grid(act: Activation, xlim: tuple[float, float], points: int) -> np.ndarray:
    """`points` evenly spaced x in `xlim`, plus each kink inside with its two neighbours."""
    lo, hi = check_xlim(xlim)
    x = np.linspace(lo, hi, check_points(points))
    kinks = [k for k in act.kinks if lo < k < hi]
    if not kinks:
        return x
    extra = (
        [np.nextafter(k, -np.inf) for k in kinks] + kinks + [np.nextafter(k, np.inf) for k in kinks]
    )
    return np.unique(np.concatenate([x, extra]))


def sample(
    act: Activation,
    xlim: tuple[float, float] = (-6.0, 6.0),
    points: int = DEFAULT_POINTS,
    orders: tuple[int, ...] = (0, 1),
) -> Curve:
    """f (order 0), f' and f'' of `act` on :func:`grid`, broken at jumps."""
    x = grid(act, xlim, points)
    values = {n: act.profile(x, n).astype(np.float64) for n in orders}
    lo, hi = x[0], x[-1]
    for k in act.kinks:
        if not lo < k < hi:
            continue
        i = int(np.searchsorted(x, k))  # x[i] == k; x[i - 1] and x[i + 1] are its neighbours
        for y in values.values():
            left, right = y[i - 1], y[i + 1]
            scale = max(1.0, abs(left), abs(right))
            if abs(right - left) > 1e-9 * scale:
                y[i] = np.nan
    return Curve(act, x, values)


def _bisect(act: Activation, a: float, b: float, threshold: float, steps: int = 60) -> float:
    """The x in [a, b] where |f'| crosses `threshold` (sign change of |f'| − threshold)."""
    fa = abs(float(act.profile(a, 1))) - threshold
    for _ in range(steps):
        m = 0.5 * (a + b)
        fm = abs(float(act.profile(m, 1))) - threshold
        if (fm < 0) == (fa < 0):
            a, fa = m, fm
        else:
            b = m
        if b - a <= 1e-12 * max(1.0, abs(a)):
            break
    return 0.5 * (a + b)


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, stop) index pairs of the True runs of `mask`, stop inclusive."""
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    starts = np.flatnonzero(edges == 1)
    stops = np.flatnonzero(edges == -1) - 1
    return list(zip(starts.tolist(), stops.tolist(), strict=True))


def saturation(
    act: Activation,
    xlim: tuple[float, float] = (-6.0, 6.0),
    threshold: float = 0.05,
    points: int = DEFAULT_POINTS,
) -> list[Span]:
    """Saturated spans (|f'| < threshold) and dead spans (f' == 0 on an interval), sorted.

    Dead spans are listed with ``dead=True`` and lie inside saturated spans.
    """
    if not threshold > 0:
        raise ParameterError(f"saturation threshold must be > 0, not {threshold:g}")
    x = grid(act, xlim, points)
    d = np.abs(act.profile(x, 1).astype(np.float64))
    spans: list[Span] = []
    for dead, mask in ((False, d < threshold), (True, d == 0)):
        for i, j in _runs(mask):
            if dead and j == i:
                continue  # an isolated zero (a kink value) is not a dead interval
            lo, hi = float(x[i]), float(x[j])
            if not dead:  # refine the crossings between the grid points
                if i > 0:
                    lo = _bisect(act, float(x[i - 1]), lo, threshold)
                if j < len(x) - 1:
                    hi = _bisect(act, hi, float(x[j + 1]), threshold)
            if hi - lo <= 1e-9 * (x[-1] - x[0]):
                continue  # a single point (e.g. f'(6) = 0 for relu6 at the edge): no span
            spans.append(Span(lo, hi, dead, open_lo=i == 0, open_hi=j == len(x) - 1))
    return sorted(spans, key=lambda s: (s.lo, s.dead))
