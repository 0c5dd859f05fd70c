"""Shape properties of an activation from its values on a wide grid and its limits at ±∞:
range (with open or closed ends), monotonicity, oddness, identity near 0 and the largest
slope. Saturated and dead regions, from the same samples, are in :mod:`.regions`.

The grid is dense around the origin (every kink with its two neighbouring floats) and
geometric out to ±1e300; the limits come from ``act.profile(±inf)``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from actplot.compute import search
from actplot.compute.continuity import window
from actplot.compute.kinds import Monotonic
from actplot.compute.tolerances import (
    ATTAIN_ULPS,
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
    lo, lo_closed = _extreme(act, s, -1.0)
    hi, hi_closed = _extreme(act, s, 1.0)
    return Interval(-lo + 0.0, hi + 0.0, lo_closed, hi_closed)  # + 0.0: no −0 end


def _extreme(act: Activation, s: Samples, sign: float) -> tuple[float, bool]:
    """sup of sign·f (the sup or, negated, the inf of f) and whether a finite x attains it."""
    y = sign * s.f
    limits = [sign * v for v in s.f_lim if not math.isnan(v)]
    top = max([float(np.nanmax(y)), *limits])
    if math.isinf(top):
        return top, False
    g = lambda t: sign * float(act.profile(t))  # noqa: E731
    # Refine smooth interior maxima that the grid only brackets (gelu's minimum, sin's max).
    peaks = [top]
    mid, left, right = y[1:-1], y[:-2], y[2:]
    strict = (mid >= left) & (mid >= right) & ((mid > left) | (mid > right))
    inner = np.flatnonzero(strict) + 1
    near_top = inner[y[inner] >= top - PEAK_RTOL * max(1.0, abs(top))]
    candidates = []
    for i in near_top[:16]:
        xm = search.golden_max(g, float(s.x[i - 1]), float(s.x[i + 1]))
        peaks.append(g(xm))
        candidates.append(xm)
    top = max(peaks)
    tol = ATTAIN_ULPS * np.finfo(float).eps * abs(top)
    hit = y >= top - tol
    edges = [float(s.x[i]) for i in search.run_edges(hit)]
    edges += [c for c in candidates if g(c) >= top - tol]
    return top, any(_away_just_outside(g, e, top) for e in edges[:64])


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
    total = s.f + s.f[::-1]
    finite = np.isfinite(s.f)
    ok = np.abs(total[finite]) <= ODD_RTOL * np.maximum(1.0, np.abs(s.f[finite]))
    lo, hi = s.f_lim
    limits_ok = (math.isnan(lo) and math.isnan(hi)) or lo == -hi
    return bool(ok.all() and (s.f[~finite] == -s.f[::-1][~finite]).all() and limits_ok)


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
