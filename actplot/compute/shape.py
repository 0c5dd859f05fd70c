"""Shape properties of an activation from its values on a wide grid and its limits at ±∞:
range (with open or closed ends), monotonicity, oddness, identity near 0, saturated sides,
dead regions and the largest slope.

The grid is dense around the origin (every kink with its two neighbouring floats) and
geometric out to ±1e300; the limits come from ``act.profile(±inf)``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from actplot.compute.continuity import JUMP_RTOL, window
from actplot.model import Activation, Interval

TAIL_POINTS = 300
# An extreme reached on a plateau is "attained" only if the function is still visibly away
# from it just before: an asymptote (sigmoid → 1) reaches it in float64 only by rounding.
GENUINE_GAP = 1e-9
ODD_RTOL = 1e-9
Fn = Callable[[float], float]


@dataclass(frozen=True)
class Samples:
    """x (sorted, finite), f, f' there, and the limits of f and f' at −∞ and +∞."""

    x: np.ndarray
    f: np.ndarray
    d: np.ndarray
    f_lim: tuple[float, float]
    d_lim: tuple[float, float]


def samples(act: Activation) -> Samples:
    half = window(act)
    core = np.linspace(0.0, half, 20_001)
    tail = np.geomspace(half, 1e300, TAIL_POINTS)
    marks = np.array([*act.kinks, *act.jumps], dtype=np.float64)
    pos = np.concatenate([core, tail, np.abs(marks)])
    near = np.concatenate([np.nextafter(marks, -np.inf), np.nextafter(marks, np.inf)])
    x = np.unique(np.concatenate([pos, -pos, near, -near]))  # symmetric, for oddness
    inf = np.array([-np.inf, np.inf])
    f_lim, d_lim = act.profile(inf).astype(float), act.profile(inf, 1).astype(float)
    return Samples(
        x,
        act.profile(x).astype(np.float64),
        act.profile(x, 1).astype(np.float64),
        (float(f_lim[0]), float(f_lim[1])),
        (float(d_lim[0]), float(d_lim[1])),
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
    near_top = inner[y[inner] >= top - 1e-6 * max(1.0, abs(top))]
    candidates = []
    for i in near_top[:16]:
        xm = _golden_max(g, float(s.x[i - 1]), float(s.x[i + 1]))
        peaks.append(g(xm))
        candidates.append(xm)
    top = max(peaks)
    tol = 4 * np.finfo(float).eps * abs(top)
    hit = y >= top - tol
    edges = [float(s.x[i]) for i in _run_edges(hit)]
    edges += [c for c in candidates if g(c) >= top - tol]
    return top, any(_away_just_outside(g, e, top) for e in edges[:64])


def _away_just_outside(g: Fn, x: float, top: float) -> bool:
    step = 1e-3 * max(1.0, abs(x))
    gaps = [top - g(x - step), top - g(x + step)]
    return any(gap >= GENUINE_GAP * max(1.0, abs(top)) for gap in gaps if not math.isnan(gap))


def _run_edges(mask: np.ndarray) -> list[int]:
    """Indices of the first and last element of each run of True in `mask`."""
    edges = np.diff(np.concatenate([[0], mask.astype(np.int8), [0]]))
    starts = np.flatnonzero(edges == 1)
    stops = np.flatnonzero(edges == -1) - 1
    return sorted({*starts.tolist(), *stops.tolist()})


def _golden_max(g: Fn, a: float, b: float, steps: int = 60) -> float:
    r = (math.sqrt(5) - 1) / 2
    c, d = b - r * (b - a), a + r * (b - a)
    gc, gd = g(c), g(d)
    for _ in range(steps):
        if gc >= gd:
            b, d, gd = d, c, gc
            c = b - r * (b - a)
            gc = g(c)
        else:
            a, c, gc = c, d, gd
            d = a + r * (b - a)
            gd = g(d)
    return c if gc >= gd else d


def monotonic(s: Samples) -> str:
    """'increasing' or 'decreasing' (not strictly; jumps count), or '' if neither."""
    dtol = 1e-12 * max(1.0, float(np.nanmax(np.abs(np.where(np.isfinite(s.d), s.d, 0)))))
    df = np.diff(s.f)
    # f itself may step down by roundoff where a formula switches (softplus at 20: 2e-9).
    ftol = JUMP_RTOL * np.maximum(1.0, np.abs(s.f[1:]))
    finite = np.isfinite(df)
    if (s.d >= -dtol).all() and (df[finite] >= -ftol[finite]).all():
        return "increasing"
    if (s.d <= dtol).all() and (df[finite] <= ftol[finite]).all():
        return "decreasing"
    return ""


def is_odd(s: Samples) -> bool:
    """f(−x) = −f(x) on the (symmetric) grid and at ±∞."""
    total = s.f + s.f[::-1]
    finite = np.isfinite(s.f)
    ok = np.abs(total[finite]) <= ODD_RTOL * np.maximum(1.0, np.abs(s.f[finite]))
    lo, hi = s.f_lim
    limits_ok = (math.isnan(lo) and math.isnan(hi)) or lo == -hi
    return bool(ok.all() and (s.f[~finite] == -s.f[::-1][~finite]).all() and limits_ok)


def identity_near_origin(act: Activation) -> bool:
    """f(0) = 0 and f'(0) = 1 from both sides (f ≈ x for small x)."""
    h = 1e-9
    x = np.array([-h, 0.0, h])
    f, d = act.profile(x).astype(float), act.profile(x, 1).astype(float)
    return bool(
        abs(f[1]) <= 1e-12
        and np.allclose(f, x, rtol=1e-6, atol=0)
        and np.allclose(d[[0, 2]], 1.0, rtol=0, atol=1e-6)
    )


def saturated_sides(
    act: Activation, s: Samples, threshold: float
) -> tuple[float | None, float | None]:
    """(left, right): |f'| < threshold for every x < left (x > right), or None.

    Both are −∞/+∞ reversed (left = +∞, right = −∞) when |f'| < threshold everywhere.
    """
    a = np.abs(s.d)
    strong = ~(a < threshold)  # nan counts as not saturated
    if not strong.any():
        return math.inf, -math.inf
    g = lambda t: abs(float(act.profile(t, 1))) - threshold  # noqa: E731
    left = right = None
    if abs(s.d_lim[0]) < threshold:  # False for nan (no limit)
        i = int(np.flatnonzero(strong)[0])
        left = _crossing(g, float(s.x[i - 1]), float(s.x[i])) if i > 0 else None
    if abs(s.d_lim[1]) < threshold:
        j = int(np.flatnonzero(strong)[-1])
        right = _crossing(g, float(s.x[j]), float(s.x[j + 1])) if j < len(s.x) - 1 else None
    return left, right


def _crossing(g: Fn, a: float, b: float) -> float:
    """The x in [a, b] where g changes sign, by bisection."""
    ga = g(a) < 0
    for _ in range(200):
        m = 0.5 * (a + b)
        if m in (a, b):
            break
        if (g(m) < 0) == ga:
            a = m
        else:
            b = m
    return 0.5 * (a + b)


def dead_regions(act: Activation, s: Samples) -> list[tuple[float, float]]:
    """Intervals where f' is exactly 0 (no gradient at all), ends at ±∞ where they run on.

    f' underflowing to 0 far out (sigmoid beyond 745, a Gaussian beyond 27) is not dead:
    each run of zeros must border a visibly non-zero slope.
    """
    zero = s.d == 0
    edges = np.diff(np.concatenate([[0], zero.astype(np.int8), [0]]))
    starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1) - 1
    big = float(np.nanmax(np.abs(np.where(np.isfinite(s.d), s.d, 0.0))))
    floor = GENUINE_GAP * max(1.0, big)
    d = lambda t: abs(float(act.profile(t, 1)))  # noqa: E731
    out = []
    last = len(s.x) - 1
    for i, j in zip(starts.tolist(), stops.tolist(), strict=True):
        lo, hi = _snap(float(s.x[i]), act), _snap(float(s.x[j]), act)
        if hi - lo <= 1e-9 * max(1.0, abs(lo)):
            continue  # an isolated zero (a kink value or a crossing), not a region
        lo_real = i > 0 and d(lo - 1e-3 * max(1.0, abs(lo))) >= floor
        hi_real = j < last and d(hi + 1e-3 * max(1.0, abs(hi))) >= floor
        if not (lo_real or hi_real or (i == 0 and j == last)):
            continue
        if i == 0 and s.d_lim[0] == 0:
            lo = -math.inf
        if j == last and s.d_lim[1] == 0:
            hi = math.inf
        out.append((lo, hi))
    return out


def _snap(x: float, act: Activation) -> float:
    """A kink's neighbouring float (how the grid brackets a kink) as the kink itself."""
    for k in (*act.kinks, *act.jumps):
        if abs(x - k) <= 4 * np.spacing(max(abs(k), 1e-300)):
            return float(k)
    return x


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
            top = max(top, g(_golden_max(g, lo, hi)))
    return top
