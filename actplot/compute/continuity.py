"""The order of continuity of an activation, found from its values (no declared metadata).

f, f' and f'' are scanned on a fine grid for jumps, and f'' for kinks (jumps of f'''). A
suspicious grid interval is zoomed into until it is a few ulps wide: a jump keeps its size,
while the change across a merely steep or kinked stretch shrinks with the interval. Declared
kinks and jumps only add grid points (so that a jump there spans exactly two ulps); they do
not decide the answer.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from actplot.compute.kinds import Smoothness
from actplot.compute.tolerances import (
    JUMP_RTOL,
    KINK_PROBE_RTOL,
    KINK_RTOL,
    SAME_KINK_RTOL,
    SAME_POINT_RTOL,
    ZOOM_ULPS,
)
from actplot.model import REAL, Activation, Interval

SCAN_POINTS = 40_001
ZOOM_POINTS = 257

Fn = Callable[[np.ndarray], np.ndarray]


# The class when order n (f, f′, f″, then kinks of f″) is the first to break.
_FIRST_BREAK = (Smoothness.DISCONTINUOUS, Smoothness.C0, Smoothness.C1, Smoothness.C2)


@dataclass(frozen=True)
class Continuity:
    """``smoothness`` and, in ``points[n]``, where the n-th derivative jumps (n = 0..3; 3,
    the kinks of f″, only when f″ is continuous)."""

    smoothness: Smoothness
    points: dict[int, tuple[float, ...]]

    @property
    def breakpoints(self) -> tuple[float, ...]:
        return tuple(sorted({x for xs in self.points.values() for x in xs}))


WINDOW_MAX = 1e307  # a kink near the float maximum (hardshrink:lambd=1.797e308) stays finite


def window(act: Activation) -> float:
    """Half-width of the region that holds every kink and the shape near the origin (at
    most :data:`WINDOW_MAX`, so that grids spanning it stay finite)."""
    marks = [abs(k) for k in (*act.kinks, *act.jumps) if math.isfinite(k)]
    return min(WINDOW_MAX, max(10.0, 1.25 * max(marks, default=0.0) + 1.0))


def scan_grid(
    act: Activation, half: float, neighbours: bool = True, domain: Interval = REAL
) -> np.ndarray:
    """An even grid on [-half, half] (or on a bounded `domain`) without the kinks
    themselves, plus (if `neighbours`) the float just below and above each kink: a jump
    there spans exactly that pair."""
    lo, hi = (domain.lo, domain.hi) if domain.bounded else (-half, half)
    x = np.linspace(lo, hi, SCAN_POINTS)
    marks = np.array(sorted({*act.kinks, *act.jumps}), dtype=np.float64)
    marks = marks[(marks > lo) & (marks < hi)]
    if marks.size:
        x = x[~np.isin(x, marks)]
        if neighbours:
            x = np.concatenate([x, np.nextafter(marks, -np.inf), np.nextafter(marks, np.inf)])
    return np.unique(x)


def continuity(act: Activation, domain: Interval = REAL) -> Continuity:
    """The smoothness class of `act.profile` (on `domain`) and where each order breaks."""
    with np.errstate(all="ignore"):  # slopes across a two-ulp jump overflow: expected
        return _continuity(act, domain)


def _continuity(act: Activation, domain: Interval) -> Continuity:
    half = window(act)
    x = scan_grid(act, half, domain=domain)
    points: dict[int, tuple[float, ...]] = {}
    for order in (0, 1, 2):
        fn = _order(act, order)
        points[order] = tuple(_jumps(fn, x))
    first = next((n for n in (0, 1, 2) if points[n]), None)
    if first is not None:
        return Continuity(_FIRST_BREAK[first], points)
    # f'' is continuous: look for kinks of f'' on a grid without the two-ulp pairs, where
    # a sub-tolerance step of f'' (a threshold switch) would look like a huge slope.
    points[3] = tuple(_kinks(_order(act, 2), scan_grid(act, half, neighbours=False, domain=domain)))
    return Continuity(_FIRST_BREAK[3] if points[3] else Smoothness.CINF, points)


def _order(act: Activation, order: int) -> Fn:
    return lambda x: np.asarray(act.profile(x, order), dtype=np.float64)


def _jumps(fn: Fn, x: np.ndarray) -> list[float]:
    """Points where `fn` jumps by more than JUMP_RTOL (relative to max(1, |fn|))."""
    g = fn(x)
    d, h = np.diff(g), np.diff(x)
    s = d / h
    # Predict each step by extrapolating the slope of the two steps on either side. A jump
    # misses both predictions, even when a grid point sits on it and splits it in two; a
    # step next to a jump (whose neighbour slope is huge) still matches its other side.
    res = np.full(d.shape, np.inf)
    from_left = np.abs(d[2:] - h[2:] * (2 * s[1:-1] - s[:-2]))
    from_right = np.abs(d[:-2] - h[:-2] * (2 * s[1:-1] - s[2:]))
    res[2:] = from_left
    res[:-2] = np.minimum(res[:-2], from_right)
    scale = np.maximum(1.0, np.maximum(np.abs(g[:-1]), np.abs(g[1:])))
    excess = np.where(np.isnan(res), 0.0, res / scale)
    flagged = np.flatnonzero(excess > JUMP_RTOL)
    flagged = flagged[np.argsort(-excess[flagged], kind="stable")]
    found: list[float] = []
    for i in flagged[:64]:  # more than 64 breaks in the window is not a shape we tabulate
        where = _zoom_jump(fn, float(x[i]), float(x[i + 1]))
        if where is not None and not any(_same(where, p, SAME_POINT_RTOL) for p in found):
            found.append(where)
    return found


def _same(x: float, p: float, rtol: float) -> bool:
    return abs(x - p) < rtol * max(1, abs(p))


def _zoom_jump(fn: Fn, a: float, b: float) -> float | None:
    """Where `fn` jumps inside [a, b], or None if the change there shrinks with the width."""
    for _ in range(8):
        if b - a <= ZOOM_ULPS * np.spacing(max(abs(a), abs(b), 1e-300)):
            break
        xs = np.linspace(a, b, ZOOM_POINTS)
        d = np.diff(fn(xs))
        if not np.isfinite(d).all():
            return None
        j = int(np.argmax(np.abs(d - np.median(d))))
        a, b = float(xs[j]), float(xs[j + 1])
    ga, gb = fn(np.array([a, b]))
    if not (np.isfinite(ga) and np.isfinite(gb)):
        return None
    step = abs(gb - ga)
    return 0.5 * (a + b) if step > JUMP_RTOL * max(1.0, abs(ga), abs(gb)) else None


def _kinks(fn: Fn, x: np.ndarray) -> list[float]:
    """Points where the slope of `fn` (here f'') jumps by more than KINK_RTOL."""
    g = fn(x)
    s = np.diff(g) / np.diff(x)
    change = np.abs(s[2:] - s[:-2])  # slopes on either side of interval i + 1
    scale = np.maximum(1.0, np.maximum(np.abs(s[2:]), np.abs(s[:-2])))
    excess = np.where(np.isnan(change), 0.0, change / scale)
    flagged = np.flatnonzero(excess > KINK_RTOL)
    # Steep smooth stretches are flagged too (and cleared by zooming): the biggest first.
    flagged = flagged[np.argsort(-excess[flagged], kind="stable")] + 1
    found: list[float] = []
    for i in flagged[:64]:
        where = _zoom_kink(fn, float(x[i - 1]), float(x[i + 2]))
        if where is not None and not any(_same(where, p, SAME_KINK_RTOL) for p in found):
            found.append(where)
    return found


def _zoom_kink(fn: Fn, a: float, b: float) -> float | None:
    """Where the slope of `fn` jumps inside [a, b], or None if it varies smoothly."""
    centre = 0.5 * (a + b)
    for _ in range(3):
        xs = np.linspace(a, b, ZOOM_POINTS)
        s = np.diff(fn(xs)) / np.diff(xs)
        if not np.isfinite(s).all():
            return None
        j = int(np.argmax(np.abs(s[2:] - s[:-2]))) + 1
        centre = 0.5 * (float(xs[j]) + float(xs[j + 1]))
        width = 4 * (b - a) / (ZOOM_POINTS - 1)
        a, b = centre - width, centre + width
    # One-sided slopes over a width where roundoff in f'' (1e-16 relative, or 1e-10 where
    # a formula switches) stays far below KINK_RTOL, yet smooth curvature is negligible.
    w = KINK_PROBE_RTOL * max(1.0, abs(centre))
    left_pts = np.array([centre - 2 * w, centre - w])
    right_pts = np.array([centre + w, centre + 2 * w])
    left = np.diff(fn(left_pts))[0] / w
    right = np.diff(fn(right_pts))[0] / w
    if not (np.isfinite(left) and np.isfinite(right)):
        return None
    big = abs(right - left) > KINK_RTOL * max(1.0, abs(left), abs(right))
    return centre if big else None
