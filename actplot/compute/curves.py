"""Curves computed from an activation, ready to draw (no drawing here).

:func:`sample` evaluates f, f', f'' on a grid that contains every kink, and breaks each
curve with a nan where it jumps, so that a plot never joins a jump with a vertical line.
The saturated and dead regions drawn with them come from :mod:`actplot.compute.regions`.
At a pole (1/x at 0) every order is broken, whatever the signs on either side.

:func:`default_xlim` is the x range when none is given: [−6, 6], widened symmetrically to a
round number when a feature (a kink, a jump, a pole, a local extremum of f) lies beyond
±5, so that relu6's cap at 6 or softshrink's ±λ show with a margin.

:func:`check_limits` and :func:`check_points` validate what a plot's options may ask for;
the options check them once when they are built, and :func:`grid` and :func:`sample` trust
their arguments.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from actplot.compute.tolerances import CURVE_JUMP_RTOL
from actplot.model import Activation, Interval, validation

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


# Axis limits beyond ±1e12, or spans below 1e-9 of their size, leave too few distinct
# floats between the grid points or ticks for a truthful plot (and overflow matplotlib's
# and the terminal's transforms), so they are refused rather than drawn wrong.
LIMIT_MAX = 1e12
LIMITS = Interval.closed(-LIMIT_MAX, LIMIT_MAX)
MIN_RELATIVE_SPAN = 1e-9
POINTS = Interval.closed(MIN_POINTS, MAX_POINTS)


def check_limits(lim: Any, axis: str = "x") -> tuple[float, float]:
    """Validated axis limits (lo, hi): finite, increasing, within ±1e12, not too narrow."""
    what = f"{axis} limits"
    lo, hi = validation.numbers(lim, what, 2, LIMITS)
    if lo >= hi:
        raise validation.refuse(what, "increasing", (lo, hi))
    if hi - lo < MIN_RELATIVE_SPAN * max(1.0, abs(lo), abs(hi)):
        condition = f"at least {MIN_RELATIVE_SPAN:g} of their size apart"
        raise validation.refuse(what, condition, (lo, hi))
    return lo, hi


def check_points(points: Any) -> int:
    """A validated number of sample points (a whole number in [11, 1,000,001])."""
    n = validation.integer(points, "points")
    if not POINTS.admits(n):  # in words: Interval.describe would print 1e+06
        raise validation.refuse("points", f"between {MIN_POINTS} and {MAX_POINTS:,}", n)
    return n


def grid(act: Activation, xlim: tuple[float, float], points: int) -> np.ndarray:
    """`points` evenly spaced x in `xlim` (checked limits and points), plus each kink
    inside with its two neighbours."""
    lo, hi = xlim
    x = np.linspace(lo, hi, points)
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
    poles = set(act.poles)
    for k in act.kinks:
        if not lo < k < hi:
            continue
        i = int(np.searchsorted(x, k))  # x[i] == k; x[i - 1] and x[i + 1] are its neighbours
        for y in values.values():
            left, right = y[i - 1], y[i + 1]
            scale = max(1.0, abs(left), abs(right))
            # inf − inf (x⁻² at 0) is nan, not a jump: a pole breaks the line by itself.
            if k in poles or abs(right - left) > CURVE_JUMP_RTOL * scale:
                y[i] = np.nan
    return Curve(act, x, values)


# ---- the default x range ---------------------------------------------------------------
DEFAULT_XLIM = (-6.0, 6.0)
FEATURE_MARGIN = 1.2  # a feature at ±a needs the range to reach ±1.2a
FEATURE_REACH = 1000.0  # features beyond this (x*sigmoid(x/1e4)'s minimum) are not sought
MAX_FEATURES = 8  # more kinks, poles or extrema than this are a periodic pattern (tan, sin)
VISIBLE_STEP = 1e-3  # a smaller step of f, f′ and f″ at a kink would not show in a plot
EXTREMA_GRID = np.linspace(-100.0, 100.0, 4001)
_NICE = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def default_xlim(acts: list[Activation] | tuple[Activation, ...]) -> tuple[float, float]:
    """[−6, 6], or ±R with R the round number at or above 1.2 × the farthest feature of
    `acts` (see :func:`features`) when that lies beyond ±5."""
    far = max((abs(x) for a in acts for x in features(a)), default=0.0)
    half = DEFAULT_XLIM[1]
    if far * FEATURE_MARGIN <= half:
        return DEFAULT_XLIM
    return (-nice_ceil(far * FEATURE_MARGIN), nice_ceil(far * FEATURE_MARGIN))


def features(act: Activation) -> list[float]:
    """Where `act`'s profile does something worth seeing: its poles, the kinks and jumps at
    which f, f′ or f″ visibly steps, and the local extrema of f (where f′ changes sign)
    within ±100. A kind of point that repeats
    more than :data:`MAX_FEATURES` times (tan's poles, sin's extrema) is a periodic pattern:
    the standard range shows it, so it does not widen the range."""
    marks = sorted({*act.kinks, *act.jumps, *act.poles})
    out = [k for k in marks if np.isfinite(k) and abs(k) <= FEATURE_REACH and _visible(act, k)]
    if len(out) > MAX_FEATURES:
        out = []
    extrema = _extrema(act)
    if len(extrema) <= MAX_FEATURES:
        out += extrema
    return out


def _visible(act: Activation, k: float) -> bool:
    """Whether f, f′ or f″ steps at `k` by more than :data:`VISIBLE_STEP` (relative): a pole
    or a kink one can see, not softplus' switch to x at βx = 20 (a step of 2e-9)."""
    if k in act.poles:
        return True
    side = np.array([np.nextafter(k, -np.inf), np.nextafter(k, np.inf)])
    with np.errstate(all="ignore"):
        for order in (0, 1, 2):
            left, right = (float(v) for v in act.profile(side, order))
            if not (np.isfinite(left) and np.isfinite(right)):
                return True
            if abs(right - left) > VISIBLE_STEP * max(1.0, abs(left), abs(right)):
                return True
    return False


def _extrema(act: Activation) -> list[float]:
    """Grid points where f′ changes sign (zeros of f′ on a dead stretch are no change)."""
    with np.errstate(all="ignore"):
        d = act.profile(EXTREMA_GRID, 1).astype(np.float64)
    sign = np.sign(np.where(np.isfinite(d), d, 0.0))
    nonzero = np.flatnonzero(sign)
    if nonzero.size < 2:
        return []
    s = sign[nonzero]
    flips = np.flatnonzero(s[1:] != s[:-1])
    return [float(EXTREMA_GRID[nonzero[i]]) for i in flips]


def nice_ceil(value: float) -> float:
    """The smallest of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 × 10^k at or above `value` (> 0)."""
    mag = 10.0 ** np.floor(np.log10(value))
    return float(next(m * mag for m in _NICE if m * mag >= value * (1 - 1e-12)))
