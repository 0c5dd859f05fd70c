"""Shape properties of an activation from its values on a wide grid and its limits at ±∞:
range (with open or closed ends), monotonicity of f and of f′, parity, identity near 0, the
largest slope and the Lipschitz constant. Saturated and dead regions, from the same
samples, are in :mod:`.regions`; where the extremes are attained, in :mod:`.extrema`.

The grid is dense around the origin (every kink with its two neighbouring floats) and
geometric out to ±1e300; the limits come from ``act.profile(±inf)``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from actplot.compute import search
from actplot.compute.continuity import window
from actplot.compute.kinds import Monotonic, Parity, Smoothness
from actplot.compute.tolerances import (
    ATTAIN_ULPS,
    EVEN_RTOL,
    FLAT_SLOPE_RTOL,
    GENUINE_GAP,
    IDENTITY_RTOL,
    IDENTITY_SLOPE_ATOL,
    IDENTITY_STEP,
    IDENTITY_ZERO,
    JUMP_RTOL,
    ODD_RTOL,
    PEAK_RTOL,
    PROBE_RTOL,
    SLOPE_TURN_RTOL,
)
from actplot.model import REAL, Activation, Interval

TAIL_POINTS = 300
Fn = Callable[[float], float]


@dataclass(frozen=True)
class Samples:
    """x (sorted, finite), f, f' there, and the limits of f and f' at the ends of the
    domain: −∞ and +∞, or the ends of a restricted one (where they are values)."""

    x: np.ndarray
    f: np.ndarray
    d: np.ndarray
    f_lim: tuple[float, float]
    d_lim: tuple[float, float]
    domain: Interval = REAL
    # extreme()'s and max_slope()'s answers, kept: value_range and extrema ask for the same
    # extremes, max_slope and lipschitz for the same slope.
    memo: dict = field(default_factory=dict, compare=False, repr=False)


CORE_POINTS = 20_001


def samples(act: Activation, domain: Interval = REAL) -> Samples:
    """The grid, f and f′ on the whole line, or on a bounded `domain` (the ends included)."""
    marks = np.array([*act.kinks, *act.jumps], dtype=np.float64)
    near = np.concatenate([np.nextafter(marks, -np.inf), np.nextafter(marks, np.inf)])
    if domain.bounded:
        a, b = domain.lo, domain.hi
        if a == -b:  # mirrored exactly, so that oddness can be read off
            pos = np.concatenate([np.linspace(0.0, b, CORE_POINTS), np.abs(marks)])
            x = np.unique(np.concatenate([pos, -pos, near, -near]))
        else:
            x = np.unique(np.concatenate([np.linspace(a, b, 2 * CORE_POINTS), marks, near]))
        x = x[(x >= a) & (x <= b)]
        ends = np.array([a, b])
    else:
        half = window(act)
        core = np.linspace(0.0, half, CORE_POINTS)
        tail = np.geomspace(half, 1e300, TAIL_POINTS)
        pos = np.concatenate([core, tail, np.abs(marks)])
        x = np.unique(np.concatenate([pos, -pos, near, -near]))  # symmetric, for oddness
        ends = np.array([-np.inf, np.inf])
    f_lim, d_lim = act.profile(ends).astype(float), act.profile(ends, 1).astype(float)
    return Samples(
        x,
        act.profile(x).astype(np.float64),
        act.profile(x, 1).astype(np.float64),
        (float(f_lim[0]), float(f_lim[1])),
        (float(d_lim[0]), float(d_lim[1])),
        domain,
    )


def value_range(act: Activation, s: Samples) -> Interval:
    lo, hi = extreme(act, s, -1.0), extreme(act, s, 1.0)
    return Interval(-lo.top + 0.0, hi.top + 0.0, lo.attained, hi.attained)  # + 0.0: no −0


@dataclass(frozen=True)
class Top:
    """sup of sign·f over the samples (the sup of f, or for sign −1 minus its inf) and where
    finite x attain it: ``runs`` of grid indices whose values are within ``tol`` of it and
    ``points`` (grid index, x) of refined interior extrema reaching it; both only where f
    is genuinely away from the top just beside them (not an asymptote reached by rounding)."""

    top: float
    tol: float
    runs: tuple[tuple[int, int], ...] = ()
    points: tuple[tuple[int, float], ...] = ()

    @property
    def attained(self) -> bool:
        return bool(self.runs or self.points)


def extreme(act: Activation, s: Samples, sign: float) -> Top:
    """The sup of sign·f on the samples and where it is attained (see :class:`Top`)."""
    key = (act, sign)
    if key not in s.memo:
        s.memo[key] = _extreme(act, s, sign)
    return s.memo[key]


def _extreme(act: Activation, s: Samples, sign: float) -> Top:
    y = sign * s.f
    limits = [sign * v for v in s.f_lim if not math.isnan(v)]
    top = max([float(np.nanmax(y)), *limits])
    if math.isinf(top):
        return Top(top, 0.0)
    g = lambda t: sign * float(act.profile(t))  # noqa: E731
    # Refine smooth interior maxima that the grid only brackets (gelu's minimum, sin's max).
    peaks = [top]
    mid, left, right = y[1:-1], y[:-2], y[2:]
    strict = (mid >= left) & (mid >= right) & ((mid > left) | (mid > right))
    inner = np.flatnonzero(strict) + 1
    near_top = inner[y[inner] >= top - PEAK_RTOL * max(1.0, abs(top))]
    candidates = []
    for i in near_top[:16]:
        xm = _peak(act, s, sign, int(i))
        peaks.append(g(xm))
        candidates.append((int(i), xm))
    top = max(peaks)
    tol = ATTAIN_ULPS * np.finfo(float).eps * abs(top)
    hit = y >= top - tol
    genuine = lambda t: _away_just_outside(g, t, top)  # noqa: E731
    # A run reaching a finite end of the domain attains (a constant stretch: relu on
    # [−2, −1]; an open end is a jump of f, see .image, and the run is a stretch inside);
    # elsewhere a run must have f visibly away from the top beside it.
    ends = [k for k, e in ((0, s.domain.lo), (len(s.x) - 1, s.domain.hi)) if math.isfinite(e)]
    runs = [
        (i, j)
        for i, j in search.runs(hit)[:32]
        if i in ends or j in ends or genuine(s.x[i]) or genuine(s.x[j])
    ]
    points = [(i, c) for i, c in candidates if g(c) >= top - tol and genuine(c)]
    return Top(top, tol, tuple(runs), tuple(points))


def _peak(act: Activation, s: Samples, sign: float, i: int) -> float:
    """The x of the maximum of sign·f bracketed by grid points i − 1 and i + 1: where the
    exact f′ changes sign (to an ulp or so), else by golden-section search."""
    a, b = float(s.x[i - 1]), float(s.x[i + 1])
    g = lambda t: sign * float(act.profile(t))  # noqa: E731
    if s.d[i] == 0:
        return float(s.x[i])  # on the grid already (the Gaussian's 0, hardswish's −1.5)
    if sign * s.d[i - 1] > 0 > sign * s.d[i + 1]:
        return search.crossing(lambda t: sign * float(act.profile(t, 1)), a, b)
    return search.golden_max(g, a, b)


def _away_just_outside(g: Fn, x: float, top: float) -> bool:
    step = PROBE_RTOL * max(1.0, abs(x))
    gaps = [top - g(x - step), top - g(x + step)]
    return any(gap >= GENUINE_GAP * max(1.0, abs(top)) for gap in gaps if not math.isnan(gap))


def monotonic(s: Samples) -> Monotonic:
    """Increasing or decreasing (not strictly; jumps count), or neither."""
    dtol = FLAT_SLOPE_RTOL * max(1.0, float(np.nanmax(np.abs(np.where(np.isfinite(s.d), s.d, 0)))))
    df = np.diff(s.f)
    # f itself may step down by roundoff where a formula switches (softplus at 20: 2e-9).
    ftol = JUMP_RTOL * np.maximum(1.0, np.abs(s.f[1:]))
    finite = np.isfinite(df)
    if (s.d >= -dtol).all() and (df[finite] >= -ftol[finite]).all():
        return Monotonic.INCREASING
    if (s.d <= dtol).all() and (df[finite] <= ftol[finite]).all():
        return Monotonic.DECREASING
    return Monotonic.NEITHER


def is_odd(s: Samples) -> bool:
    """f(−x) = −f(x) on the (symmetric) grid and at ±∞; False on a lopsided domain."""
    if s.domain.lo != -s.domain.hi or len(s.x) % 2 and s.x[len(s.x) // 2] != 0:
        return False
    with np.errstate(over="ignore", invalid="ignore"):  # inf + inf (x² far out): not finite
        total = s.f + s.f[::-1]
    finite = np.isfinite(s.f)
    ok = np.abs(total[finite]) <= ODD_RTOL * np.maximum(1.0, np.abs(s.f[finite]))
    lo, hi = s.f_lim
    limits_ok = (math.isnan(lo) and math.isnan(hi)) or lo == -hi
    return bool(ok.all() and (s.f[~finite] == -s.f[::-1][~finite]).all() and limits_ok)


def _mirrored(s: Samples) -> bool:
    """Whether the grid is symmetric about 0 (the whole line, or a domain [−b, b])."""
    return s.domain.lo == -s.domain.hi and bool(np.array_equal(s.x, -s.x[::-1]))


def is_even(s: Samples) -> bool:
    """f(−x) = f(x) on the (symmetric) grid and at ±∞ (both limits equal, or both absent as
    for cos); False on a lopsided domain."""
    if not _mirrored(s):
        return False
    mirror = s.f[::-1]
    finite = np.isfinite(s.f)
    with np.errstate(over="ignore", invalid="ignore"):  # a finite f(x) against inf at −x
        gap = np.abs(s.f[finite] - mirror[finite])
    ok = (gap <= EVEN_RTOL * np.maximum(1.0, np.abs(s.f[finite]))).all()
    lo, hi = s.f_lim
    limits_ok = (math.isnan(lo) and math.isnan(hi)) or lo == hi
    return bool(ok and (s.f[~finite] == mirror[~finite]).all() and limits_ok)


def parity(s: Samples) -> Parity:
    """Odd, even or neither (f ≡ 0, both, counts as odd); neither on a lopsided domain."""
    if is_odd(s) and _mirrored(s):
        return Parity.ODD
    return Parity.EVEN if is_even(s) else Parity.NEITHER


def monotonic_derivative(act: Activation, s: Samples) -> Monotonic:
    """Whether f′ never decreases (relu, elu with alpha ≤ 1, softplus; a constant f′ too)
    or never increases, from the exact f′ on the grid and its limits at the ends.

    At a jump of f the derivative is a Dirac delta that f′ cannot hold: the value f′ takes
    exactly there is left out (binary_step′ = 0 away from 0 is monotonic). A fall of f′
    below SLOPE_TURN_RTOL is roundoff, not a turn."""
    inner = s.d[~np.isin(s.x, act.jumps)] if act.jumps else s.d
    lo, hi = s.d_lim
    d = np.concatenate([[lo], inner, [hi]])
    d = d[~np.isnan(d)]  # no limit at ±∞ (sin′) is judged on the grid alone
    with np.errstate(invalid="ignore", over="ignore"):
        step = np.diff(d)  # inf − inf is nan: `same` below stands for it
        tol = SLOPE_TURN_RTOL * np.maximum(1.0, np.minimum(np.abs(d[:-1]), np.abs(d[1:])))
        same = d[1:] == d[:-1]  # inf to inf: no step, though inf − inf is nan
        if (same | (step >= -tol)).all():
            return Monotonic.INCREASING
        if (same | (step <= tol)).all():
            return Monotonic.DECREASING
    return Monotonic.NEITHER


def identity_near_origin(act: Activation, domain: Interval = REAL) -> bool:
    """f(0) = 0 and f'(0) = 1 from both sides (f ≈ x for small x); False when the domain
    does not reach around 0."""
    h = IDENTITY_STEP
    if not (domain.lo < -h and h < domain.hi):
        return False
    x = np.array([-h, 0.0, h])
    f, d = act.profile(x).astype(float), act.profile(x, 1).astype(float)
    return bool(
        abs(f[1]) <= IDENTITY_ZERO
        and np.allclose(f, x, rtol=IDENTITY_RTOL, atol=0)
        and np.allclose(d[[0, 2]], 1.0, rtol=0, atol=IDENTITY_SLOPE_ATOL)
    )


def max_slope(act: Activation, s: Samples) -> float:
    """sup |f'| over the real line (∞ where f' is unbounded), interior peaks refined."""
    key = (act, "max_slope")
    if key not in s.memo:
        s.memo[key] = _max_slope(act, s)
    return s.memo[key]


def _max_slope(act: Activation, s: Samples) -> float:
    a = np.abs(s.d)
    limit = max((abs(v) for v in s.d_lim if not math.isnan(v)), default=0.0)
    top = max(float(np.nanmax(a)), limit)
    if math.isinf(top):
        return top
    i = int(np.nanargmax(a))
    if 0 < i < len(s.x) - 1 and a[i - 1] < a[i] and a[i + 1] < a[i]:
        g = lambda t: abs(float(act.profile(t, 1)))  # noqa: E731
        lo, hi = float(s.x[i - 1]), float(s.x[i + 1])
        if not any(lo < k < hi for k in (*act.kinks, *act.jumps)):
            top = max(top, g(search.golden_max(g, lo, hi)))
    return top


def lipschitz(act: Activation, s: Samples, smoothness: Smoothness) -> float:
    """The Lipschitz constant sup |f(x) − f(y)| / |x − y|: sup |f′| (:func:`max_slope`) for
    a continuous piecewise-smooth f, ∞ when f jumps (``smoothness`` from the continuity
    analysis of the same domain)."""
    if smoothness is Smoothness.DISCONTINUOUS:
        return math.inf
    return max_slope(act, s)
