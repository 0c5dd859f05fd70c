"""Where an expression has kinks, jumps and poles, found numerically (best effort).

Candidates are the zeros of the switching functions the evaluator records (a − b of each
max/min, the argument of abs, l − r of each comparison, u − k at each kink k of a registry
call): their sign changes on a grid dense near 0 and geometric out to ±1e300, each
bisected down to two adjacent floats (bisection on the floats' bit patterns, so it takes
at most 64 steps at any magnitude). A candidate is kept if f (a jump) or f′ (a kink)
differs between its two sides, and is a pole as well where f is not finite there or grows
without bound towards it (1/x at 0, tan(x) at π/2). Zeros closer together than the grid
spacing (max(sin(50x), 0)) can be missed, periodic switches are searched on the even
part only, and at most MAX_POINTS are kept, nearest 0 first.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from actplot.expressions import limits
from actplot.expressions import tree as t
from actplot.expressions.autodiff import evaluate

MAX_POINTS = 200
RTOL = 1e-6  # a change of f or f′ across k larger than this (relative) is a break
SPREAD = 1e-9  # k ± SPREAD·max(1, |k|) are the two sides of a candidate k
DENSE = 20.0  # the search grid is even on [−DENSE, DENSE], geometric beyond
OSCILLATING = 8  # a switch crossing 0 this often on the even part is taken as periodic
BLOW_UP = 1e4  # |f| at k ± δ this many times |f| at k ± 1e-3 (or 1): a pole
_SIGN = np.int64(-(2**63))
_MAGNITUDE = np.int64(2**63 - 1)


def _grid() -> np.ndarray:
    half = np.concatenate([np.linspace(0.0, DENSE, 4001), np.geomspace(DENSE, 1e300, 600)])
    return np.unique(np.concatenate([-half, half]))


def _key(x: np.ndarray) -> np.ndarray:
    """Floats as int64 in the same order (adjacent floats differ by 1)."""
    bits = np.asarray(x, dtype=np.float64).view(np.int64)
    return np.where(bits < 0, -(bits & _MAGNITUDE), bits)


def _float(k: np.ndarray) -> np.ndarray:
    return np.where(k < 0, (-k) | _SIGN, k).astype(np.int64).view(np.float64)


Points = tuple[float, ...]


def find(node: t.Node, params: Mapping[str, float] | None = None) -> tuple[Points, Points, Points]:
    """(kinks, jumps, poles) of the expression with `params`: jumps are kinks too, as in the
    registry, and poles are jumps."""
    x = _grid()
    switches: list[np.ndarray] = []
    evaluate(node, x, 0, switches, params)
    if not switches:
        return (), (), ()
    points: list[np.ndarray] = []
    lo_all, hi_all, which_all = [], [], []
    for n, s in enumerate(switches):
        sign = np.sign(s)
        zero = np.flatnonzero(sign == 0)
        cross = np.flatnonzero(sign[:-1] * sign[1:] < 0)
        if np.count_nonzero(np.abs(x[cross]) <= DENSE) >= OSCILLATING:
            # Periodic-looking (abs(sin(x))): its crossings on the sparse tail grid would be
            # a random sample of infinitely many; keep the dense part only.
            zero, cross = zero[np.abs(x[zero]) <= DENSE], cross[np.abs(x[cross]) < DENSE]
        points.append(x[zero])
        lo_all.append(cross)
        hi_all.append(cross + 1)
        which_all.append(np.full(cross.size, n))
    lo_i, hi_i = np.concatenate(lo_all), np.concatenate(hi_all)
    which = np.concatenate(which_all)
    order = np.argsort(np.abs(x[lo_i]), kind="stable")[: 4 * MAX_POINTS]
    brackets = (x[lo_i[order]], x[hi_i[order]], which[order], len(switches))
    points.append(_bisect(node, *brackets, params))
    candidates = np.unique(np.concatenate(points))
    candidates = candidates[np.argsort(np.abs(candidates), kind="stable")][: 4 * MAX_POINTS]
    return _classify(node, candidates, params)


def _switch_values(
    node: t.Node, x: np.ndarray, which: np.ndarray, count: int, params: Mapping | None
) -> np.ndarray:
    switches: list[np.ndarray] = []
    evaluate(node, x, 0, switches, params)
    if len(switches) != count:  # the tree records a fixed sequence; never expected
        return np.zeros_like(x)
    stacked = np.stack(switches)
    return stacked[which, np.arange(x.size)]


def _bisect(
    node: t.Node,
    lo: np.ndarray,
    hi: np.ndarray,
    which: np.ndarray,
    count: int,
    params: Mapping | None,
) -> np.ndarray:
    """For each bracket [lo, hi] of a sign change, the float where the switch changes."""
    if lo.size == 0:
        return lo
    klo, khi = _key(lo), _key(hi)
    slo = np.sign(_switch_values(node, lo, which, count, params))
    for _ in range(70):
        open_ = khi - klo > 1
        if not open_.any():
            break
        kmid = klo + (khi - klo) // 2
        smid = np.sign(_switch_values(node, _float(kmid), which, count, params))
        exact = open_ & (smid == 0)
        klo = np.where(exact, kmid, klo)
        khi = np.where(exact, kmid, khi)
        same = open_ & ~exact & (smid == slo)
        klo = np.where(same, kmid, klo)
        khi = np.where(open_ & ~exact & ~same, kmid, khi)
    return _float(khi)


def _classify(
    node: t.Node, at: np.ndarray, params: Mapping | None
) -> tuple[Points, Points, Points]:
    """Keep the candidates where f or f′ changes between k − δ, k and k + δ.

    δ = 1e-9·max(1, |k|), not one float: the switching argument is itself rounded, so a
    tie can cover a few floats around k (x + 3 == 6 for x = 3 and the float below it).
    """
    if at.size == 0:
        return (), (), ()
    delta = SPREAD * np.maximum(1.0, np.abs(at))
    triple = np.stack([at - delta, at, at + delta])
    f, d, dd = (a.reshape(triple.shape) for a in limits.evaluate(node, triple.ravel(), 2, params))
    wide = 1e-3 * np.maximum(1.0, np.abs(at))
    outer = limits.evaluate(node, np.stack([at - wide, at + wide]).ravel(), 0, params)[0]
    pole = _poles(f, outer.reshape(2, -1))
    jump = _breaks(f, d, delta) | pole  # a pole's steep sides can pass for a slope
    kink = jump | _breaks(d, dd, delta)
    keep = np.flatnonzero(kink)
    keep = keep[np.argsort(at[keep])]
    # Candidates from ties a float apart are one kink: keep one of each cluster, the pole
    # if one of them is (log|x| is −inf at 0 only, finite a float away), else the first.
    if keep.size:
        starts = np.concatenate([[True], np.diff(at[keep]) > 2 * delta[keep][1:]])
        cluster = np.cumsum(starts) - 1
        chosen = keep[starts].copy()
        for c in np.unique(cluster[pole[keep]]):
            chosen[c] = keep[(cluster == c) & pole[keep]][0]
        keep = chosen
    keep = keep[np.argsort(np.abs(at[keep]), kind="stable")][:MAX_POINTS]
    kinks = tuple(sorted(float(v) for v in at[keep]))
    jumps = tuple(sorted(float(v) for v in at[keep[jump[keep]]]))
    poles = tuple(sorted(float(v) for v in at[keep[pole[keep]]]))
    return kinks, jumps, poles


def _poles(f: np.ndarray, outer: np.ndarray) -> np.ndarray:
    """Columns where f is not finite at k, or |f| just beside k dwarfs |f| farther off."""
    with np.errstate(invalid="ignore", over="ignore"):
        beside = np.minimum(np.abs(f[0]), np.abs(f[2]))
        off = np.maximum(1.0, np.where(np.isfinite(outer), np.abs(outer), 0.0).max(axis=0))
        return ~np.isfinite(f[1]) | (beside > BLOW_UP * off)


def _breaks(y: np.ndarray, slope: np.ndarray, delta: np.ndarray) -> np.ndarray:
    """Columns where the rows (k − δ, k, k + δ) of `y` differ by more than RTOL and more
    than its `slope` can explain over 2δ."""
    finite = np.isfinite(y)
    top = np.where(finite, y, -np.inf).max(axis=0)
    bottom = np.where(finite, y, np.inf).min(axis=0)
    scale = np.maximum(1.0, np.where(finite, np.abs(y), 0.0).max(axis=0))
    steep = np.where(np.isfinite(slope), np.abs(slope), 0.0).max(axis=0)
    mixed = finite.any(axis=0) & ~finite.all(axis=0)  # finite on one side only
    with np.errstate(invalid="ignore", over="ignore"):
        return (top - bottom > RTOL * scale + 3 * delta * steep) | mixed
