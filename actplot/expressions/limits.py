"""f, f′ and f″ of an expression with the registry's contract: no nan for a non-nan input
unless no limit exists.

float64 evaluation (:mod:`.autodiff`) is exact almost everywhere, but meets inf·0, inf − inf
and 0/0 where an intermediate overflows although the result does not: 1/(1 + e^−x) at
x = −800 has f′ = e^−800/(1 + e^−800)², which rounds to 0, yet float64 computes
(0 − 0·(−inf))/inf. At those points only, in three steps:

1. finite x: the same rules in wide arithmetic (:mod:`.wide`, no overflow), rounded back;
2. x = ±inf: the limit, from the wide values at ±1e300, ±1e250, ±1e200 and ±1e150: their
   common value when they agree; 0 when all are below 1e-20 (sin(x)/x, or a second
   derivative whose cancellation leaves 1e-34 of noise); ±inf when all have one sign and
   grow outwards past 1e100 (x + sin x); otherwise nan, honestly (sin, x·sin x at ±inf);
3. finite x still nan (sin(x)/x at 0): a removable singularity, when the wide values on
   both sides at x ± 1e-12·max(1, |x|) agree; otherwise nan (a pole or the edge of the
   domain: log(x) for x < 0 has no real value).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from actplot.expressions import autodiff
from actplot.expressions import tree as t

Array = np.ndarray
FAR = (1e300, 1e250, 1e200, 1e150)  # where the limit at ±inf is read, farthest first
NEAR = 1e-12  # relative offset of the two sides of a removable singularity
AGREE = 1e-9  # relative agreement of the two readings of a limit
TINY, HUGE = 1e-20, 1e100  # readings at ±1e300 and ±1e150 that say 0 or ±inf


def evaluate(
    node: t.Node, x: Array, order: int, params: Mapping[str, float] | None = None
) -> list[Array]:
    """``[f, f′, f″][: order + 1]`` at `x`, limits taken where float64 meets inf·0."""
    jet = autodiff.evaluate(node, x, order, params=params)
    xs = np.asarray(x, dtype=np.float64)
    # nan for a non-nan x; inf for a finite x, which may be an overflow on the way
    # (log(1 + e^x) at x = 800 is 800, not inf).
    bad = ~np.isnan(xs) & np.logical_or.reduce(
        [np.isnan(p) | (np.isinf(p) & np.isfinite(xs)) for p in jet]
    )
    if not bad.any():
        return jet
    where = np.flatnonzero(bad.ravel())
    fixed = _repair(node, xs.ravel()[where], order, params)
    out = []
    for part, better in zip(jet, fixed, strict=True):
        flat = part.reshape(-1).copy()
        old = flat[where]
        # nan is replaced by what the wide arithmetic says; inf only by a finite value
        # (1/x at 0 stays inf: there the wide arithmetic has no answer either).
        take = np.isnan(old) | (np.isinf(old) & np.isfinite(better))
        flat[where[take]] = better[take]
        out.append(flat.reshape(part.shape))
    return out


def _repair(node: t.Node, x: Array, order: int, params: Mapping[str, float] | None) -> list[Array]:
    from actplot.expressions.wide import WIDE

    ops = WIDE()
    finite = np.isfinite(x)
    out = [np.full(x.shape, np.nan) for _ in range(order + 1)]
    if finite.any():
        jet = autodiff.evaluate(node, x[finite], order, params=params, ops=ops)
        for o, p in zip(out, jet, strict=True):
            o[finite] = p
    infinite = ~finite
    if infinite.any():
        sign = np.sign(x[infinite])
        readings = [
            autodiff.evaluate(node, sign * far, order, params=params, ops=ops) for far in FAR
        ]
        for n, o in enumerate(out):
            o[infinite] = _limit(np.stack([r[n] for r in readings]))
    still = finite & np.logical_or.reduce([np.isnan(o) for o in out])
    if still.any():
        at = x[still]
        h = NEAR * np.maximum(1.0, np.abs(at))
        left = autodiff.evaluate(node, at - h, order, params=params, ops=ops)
        right = autodiff.evaluate(node, at + h, order, params=params, ops=ops)
        for n, o in enumerate(out):  # only the orders still without an answer
            o[still] = np.where(np.isnan(o[still]), _agreed(left[n], right[n]), o[still])
    return out


def _agreed(a: Array, b: Array) -> Array:
    """The common value of the two sides of a point (relative to max(1, |v|)), or nan."""
    with np.errstate(invalid="ignore"):
        scale = np.maximum(1.0, np.maximum(np.abs(a), np.abs(b)))
        same = (a == b) | (np.abs(a - b) <= AGREE * scale)
    return np.where(same & ~np.isnan(a), 0.5 * (a + b), np.nan)


def _limit(readings: Array) -> Array:
    """The limit at ±inf from `readings` (rows: the FAR points, farthest first)."""
    far = readings[0]
    with np.errstate(invalid="ignore", over="ignore"):
        size = np.abs(readings)
        big = size.max(axis=0)
        same = (np.ptp(readings, axis=0) <= AGREE * big) | (readings == far).all(axis=0)
        value = np.where(same, readings.mean(axis=0), np.nan)
        value = np.where(~same & (big < TINY), 0.0, value)
        one_sign = (np.sign(readings) == np.sign(far)).all(axis=0)
        grows = one_sign & (size[0] > HUGE) & (np.diff(size, axis=0) < 0).all(axis=0)
        value = np.where(~same & grows, np.copysign(np.inf, far), value)
    return np.where(np.isnan(readings).any(axis=0), np.nan, value)
