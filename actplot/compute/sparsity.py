"""Sparsity: the probability P[f(z) = 0] that a standard normal input gives exactly zero
output (relu: ½; softshrink and hardshrink: erf(λ/√2); tanh: 0, its one zero has no mass).

The zero set is read off the grid as runs of exact zeros, each end bisected (to adjacent
floats at a declared kink, to ~1e-19 of the grid step elsewhere); its normal mass is
Φ(b) − Φ(a) by erfc, accurate in both tails. A run narrower than MIN_SPAN_RTOL is a point
(tanh's 0, tanhshrink's) with no mass. Zeros by underflow far out (sigmoid below −745, the
Gaussian beyond ±27) are not sparsity: a run counts where f is above UNDERFLOW_FLOOR just
beside it, or where it covers the whole domain. On a bounded domain the probability is
conditioned on z lying in it, as the gradient statistics are.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from actplot.compute import search
from actplot.compute.shape import Samples
from actplot.compute.tolerances import MIN_SPAN_RTOL, PROBE_RTOL, UNDERFLOW_FLOOR
from actplot.model import Activation, Interval

Pred = Callable[[float], bool]
MAX_RUNS = 64  # more separate zero intervals than this is not a shape we tabulate
EDGE_STEPS = 64  # bisection steps: adjacent floats from a kink's pair, 2^-64 of a grid step


def sparsity(act: Activation, s: Samples, domain: Interval) -> float:
    """P[f(z) = 0] for z ~ N(0, 1), conditioned on z in `domain` when it is bounded."""
    with np.errstate(all="ignore"):
        total = sum(_mass(a, b) for a, b in zero_set(act, s, domain))
    whole = _mass(domain.lo, domain.hi)
    return min(1.0, total / whole) if whole > 0 else 0.0


def zero_set(act: Activation, s: Samples, domain: Interval) -> list[tuple[float, float]]:
    """(a, b) of each interval of x in `domain` where f is exactly 0, sorted (points, the
    isolated zeros, left out)."""
    zero: Pred = lambda t: float(act.profile(t)) == 0  # noqa: E731
    last = len(s.x) - 1
    out = []
    for i, j in search.runs(s.f == 0)[:MAX_RUNS]:
        if i == j and _isolated(act, float(s.x[i])):
            continue  # a crossing (tanh) or a touching point: no mass
        ends = []
        seen = i == 0 and j == last  # zeros everywhere on the grid
        for k, out_k, bound, limit in ((i, i - 1, domain.lo, s.f_lim[0]),
                                       (j, j + 1, domain.hi, s.f_lim[1])):  # fmt: skip
            if not 0 <= out_k <= last:  # the run reaches the end of the grid
                ends.append(bound if math.isfinite(bound) or limit == 0 else float(s.x[k]))
                continue
            inside, way = float(s.x[k]), float(np.sign(out_k - k))
            seen = seen or _visible(act, inside, way)
            end = _edge(zero, inside, float(s.x[out_k]))
            # Far out the grid is sparse: look beside the bisected end too, unless f is
            # tiny even at the next grid point (underflow all the way).
            if not seen and end != inside and abs(s.f[out_k]) > UNDERFLOW_FLOOR:
                seen = _visible(act, end, way)
            ends.append(end)
        lo, hi = ends
        point = math.isfinite(hi - lo) and hi - lo <= MIN_SPAN_RTOL * max(1.0, abs(lo))
        if seen and not point:
            out.append((max(lo, domain.lo), min(hi, domain.hi)))
    return out


def _isolated(act: Activation, x: float) -> bool:
    """Whether f is non-zero MIN_SPAN_RTOL either side of its zero at x."""
    span = MIN_SPAN_RTOL * max(1.0, abs(x))
    return bool(np.all(np.asarray(act.profile(np.array([x - span, x + span]))) != 0))


def _visible(act: Activation, x: float, way: float) -> bool:
    """Whether |f| is above UNDERFLOW_FLOOR a step of PROBE_RTOL beyond x (way ±1)."""
    t = x + way * PROBE_RTOL * max(1.0, abs(x))
    return abs(float(act.profile(t))) > UNDERFLOW_FLOOR


def _edge(zero: Pred, inside: float, outside: float) -> float:
    """Where the zeros from `inside` end towards `outside` (not a zero): the last zero when
    the bisection gets down to adjacent floats, else the middle of its last bracket."""
    outside = float(outside)
    c = search.crossing(lambda t: -1.0 if zero(t) else 1.0, inside, outside, EDGE_STEPS)
    if zero(c):
        return c
    before = float(np.nextafter(c, inside))
    return before if zero(before) else c


def _mass(a: float, b: float) -> float:
    """Φ(b) − Φ(a) for the standard normal, accurate in both tails."""
    if a >= b:
        return 0.0
    r = math.sqrt(2)
    if a >= 0:  # upper tail: Q(a) − Q(b), Q(x) = erfc(x/√2)/2
        return 0.5 * (math.erfc(a / r) - math.erfc(b / r))
    if b <= 0:  # lower tail: Φ(b) − Φ(a), Φ(x) = erfc(−x/√2)/2
        return 0.5 * (math.erfc(-b / r) - math.erfc(-a / r))
    return 1.0 - 0.5 * (math.erfc(-a / r) + math.erfc(b / r))


__all__ = ["sparsity", "zero_set"]
