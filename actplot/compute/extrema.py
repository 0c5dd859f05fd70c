"""The minimum and maximum of an activation where a finite x attains them, and where.

The values and whether they are attained are :func:`actplot.compute.shape.extreme`'s, the
same that make the ends of ``value_range`` closed or open; this module says where. An
interior extremum is the zero of the exact f′ (to an ulp or so: mish's minimum at
−1.19243); a run of grid points on the value where f′ is exactly 0 is a plateau (relu's 0
on (−∞, 0]), whose ends are bisected down to adjacent floats, an end at a declared kink or
jump snapped to it, closed where f takes the value there. Several separate attaining sets
(sin's maximum) give ``unique=False``, described by the one nearest 0.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from actplot.compute import search
from actplot.compute.kinds import Extremum
from actplot.compute.shape import Samples, extreme
from actplot.compute.tolerances import KINK_ULPS
from actplot.model import Activation, Interval

Pred = Callable[[float], bool]


@dataclass(frozen=True)
class _Set:
    """A connected set of x attaining the extreme: grid indices first..last, the plateau
    (None for a point) and its x nearest 0."""

    first: int
    last: int
    plateau: Interval | None
    at: float


def extrema(act: Activation, s: Samples) -> tuple[Extremum | None, Extremum | None]:
    """(minimum, maximum) of f on the samples' domain, None for one that is not attained."""
    with np.errstate(all="ignore"):
        return _extremum(act, s, -1.0), _extremum(act, s, 1.0)


def _extremum(act: Activation, s: Samples, sign: float) -> Extremum | None:
    top = extreme(act, s, sign)
    if not top.attained:
        return None
    attains: Pred = lambda v: sign * v >= top.top - top.tol  # noqa: E731
    sets = [_run(act, s, sign, attains, i, j) for i, j in top.runs]
    for i, x in top.points:  # a refined interior extremum replaces the grid's guess near it
        near = [
            n for n, e in enumerate(sets) if e.plateau is None and e.first - 1 <= i <= e.last + 1
        ]
        if near:
            e = sets[near[0]]
            sets[near[0]] = _Set(e.first, e.last, None, x)
        else:
            sets.append(_Set(i, i, None, x))
    sets = _distinct(sets)
    best = min(sets, key=lambda e: (abs(e.at), e.at < 0))
    return Extremum(sign * top.top + 0.0, best.at + 0.0, best.plateau, unique=len(sets) == 1)


def _distinct(sets: list[_Set]) -> list[_Set]:
    """The sets with those found twice (grid runs and refined points side by side) merged."""
    out: list[_Set] = []
    for e in sorted(sets, key=lambda e: e.first):
        if out and e.first <= out[-1].last + 1:
            prev = out[-1]
            keep = prev if prev.plateau is not None or e.plateau is None else e
            out[-1] = _Set(prev.first, max(prev.last, e.last), keep.plateau, keep.at)
        else:
            out.append(e)
    return out


def _run(act: Activation, s: Samples, sign: float, attains: Pred, i: int, j: int) -> _Set:
    """The attaining set around the grid run i..j: a plateau where f equals its value
    exactly on several grid points and f′ is exactly 0 between them (declared kinks, whose
    f′ is a convention, aside; sparse_sigmoid(1 − ulp) rounds to 1 on a slope of ½);
    otherwise the run's best grid point."""
    m = i + int(np.argmax(sign * s.f[i : j + 1]))
    v = float(s.f[m])
    flat = [r for r in search.runs(s.f[i : j + 1] == v) if r[0] <= m - i <= r[1]][0]
    p, q = i + flat[0], i + flat[1]
    # Equal values on a slope (sigmoid rounding to 1 from x = 36.7 on [−3, 50]): the top
    # lies where the slope leads, the far end of the tie.
    point = _Set(i, j, None, float(s.x[q if sign * s.d[m] > 0 else m]))
    if q == p:
        return point
    if q == p + 1:  # no grid point between: look at the middle
        mid = 0.5 * (float(s.x[p]) + float(s.x[q]))
        if float(act.profile(mid)) != v or float(act.profile(mid, 1)) != 0:
            return point
    marks = np.array([*act.kinks, *act.jumps], dtype=np.float64)
    slopes = s.d[p + 1 : q][~np.isin(s.x[p + 1 : q], marks)]
    if np.any(slopes != 0):
        return point
    on: Pred = lambda t: float(act.profile(t)) == v  # noqa: E731
    lo, lo_closed, lo_in = _end(act, s, on, attains, p, p - 1, 0)
    hi, hi_closed, hi_in = _end(act, s, on, attains, q, q + 1, 1)
    at = min(max(0.0, lo_in), hi_in)  # the plateau's x nearest 0
    return _Set(i, j, Interval(lo, hi, lo_closed, hi_closed), at)


def _end(
    act: Activation, s: Samples, on: Pred, attains: Pred, inner: int, outer: int, side: int
) -> tuple[float, bool, float]:
    """One end of a plateau whose grid run ends at index `inner` (`outer` the next index
    out): (the end, whether it is closed, the plateau's last x towards it)."""
    if not 0 <= outer < len(s.x):  # the run reaches the end of the grid
        bound = (s.domain.lo, s.domain.hi)[side]
        if math.isfinite(bound):
            return bound, True, bound  # the end of a restricted domain
        if attains(s.f_lim[side]):
            return bound, False, bound  # on to ±∞
        return float(s.x[inner]), True, float(s.x[inner])
    a, b = float(s.x[inner]), float(s.x[outer])
    c = search.crossing(lambda t: -1.0 if on(t) else 1.0, a, b)
    last = c if on(c) else float(np.nextafter(c, a))  # bisection ends on adjacent floats
    last = last if on(last) else a
    for k in (*act.kinks, *act.jumps):
        if abs(last - k) <= KINK_ULPS * np.spacing(max(abs(k), 1e-300)):
            k = float(k)  # open if f leaves the value at k: binary_step's 0 on (−∞, 0)
            return (k, True, k) if on(k) else (k, False, last)
    return last, True, last


__all__ = ["extrema"]
