"""The NumPy building blocks the family modules share: clips, steps, masks, fused pairs,
and the constants (INF) and parameter shapes they all use."""

from __future__ import annotations

import math

import numpy as np

from actplot.model import Interval, Param
from actplot.model.interval import INF as INF  # defined once, there

Array = np.ndarray

FRAMEWORK_KEYS = ("torch", "jax", "keras")


def frameworks(torch: str = "", jax: str = "", keras: str = "") -> dict[str, str]:
    """The function's name in each framework ('' where the framework lacks it)."""
    return {"torch": torch, "jax": jax, "keras": keras}


def scaled(x: Array, c: float) -> Array:
    """``c * x`` that gives 0 (not nan) for ``c == 0`` and infinite x."""
    if c == 0:
        return np.zeros_like(x)
    return x * c


# Speed notes (numpy 2.x with AVX-512, arrays of 1e6): np.clip with two bounds is a fast
# SIMD loop while np.maximum(x, 0) is ~3x slower; np.where, np.putmask and np.sign are 10-40x
# slower than arithmetic on random-signed data (branchy loops). And a fresh 8 MB temporary
# can cost more than the arithmetic (page faults on a VM), so the formulas below write into
# their output with out= and allocate nothing else.


def pair(x: Array) -> tuple[Array, Array]:
    """Two empty arrays like `x` in one allocation: the (f, f') of a fused evaluation.

    One block instead of two keeps the allocator from returning memory to the OS between
    calls (and faulting it back in), which otherwise costs more than the arithmetic.
    """
    block = np.empty_like(x, shape=(2, *x.shape), order="C")
    return block[0], block[1]


def positive_part(x: Array, out: Array | None = None) -> Array:
    """max(x, 0) as a clip (nan stays nan)."""
    return np.clip(x, 0.0, math.inf, out=out)


def negative_part(x: Array, out: Array | None = None) -> Array:
    """min(x, 0) as a clip (nan stays nan)."""
    return np.clip(x, -math.inf, 0.0, out=out)


def above(x: Array, t: float, out: Array | None = None) -> Array:
    """1 where x > t, else 0 (nan: 0), in x's dtype."""
    if out is None:
        out = np.empty_like(x)
    return np.greater(x, t, out=out)


def inside(x: Array, lo: float, hi: float, out: Array | None = None) -> Array:
    """1 on the open interval (lo, hi), else 0 (nan: 0), in x's dtype."""
    if out is None:
        out = np.empty_like(x)
    if lo == -hi:  # |x| < hi: abs is exact, and two passes beat two masks
        np.abs(x, out=out)
        return np.less(out, hi, out=out)
    mask = x > lo
    np.logical_and(mask, x < hi, out=mask)
    np.copyto(out, mask)
    return out


def infinite_at(x: Array, sign: float) -> Array | None:
    """Where x is +inf (sign > 0) or −inf (sign < 0), or None if nowhere: one max() or
    min() pass decides (a nan there may hide an infinity, so nan also gives the mask)."""
    if not x.size:
        return None
    bound = np.max(x) if sign > 0 else np.min(x)
    if bound == sign * math.inf or bound != bound:
        return x == sign * math.inf
    return None


def times_mask(y: Array, x: Array, at_neg_inf: float) -> Array:
    """y·x in place, for a y that is 0 wherever x is −inf: there −inf·0 would be nan, so it
    becomes `at_neg_inf`. Cheaper than clamping x first: one min() finds any −inf."""
    with np.errstate(invalid="ignore"):
        y *= x
    if (at := infinite_at(x, -1)) is not None:
        y[at] = at_neg_inf
    return y


def step(x: Array, at_zero: float) -> Array:
    """Heaviside step: 0 below 0, 1 above, `at_zero` at 0."""
    if at_zero == 1:
        return np.greater_equal(x, 0.0, out=np.empty_like(x))
    out = above(x, 0.0)
    if at_zero:
        out[x == 0] = at_zero
    return out


def leaky(x: Array, slope: float) -> Array:
    """x for x > 0, slope·x otherwise (finite for ±inf whatever the slope; nan stays nan)."""
    if slope == 0:
        return positive_part(x)
    out = np.multiply(x, slope)
    # slope <= 1: the larger of x and slope·x; slope > 1: the smaller. No inf·0: slope != 0.
    (np.maximum if slope <= 1 else np.minimum)(out, x, out=out)
    return out


def leaky_grad(x: Array, slope: float, out: Array | None = None) -> Array:
    """1 for x > 0, slope for x <= 0 (PyTorch: the slope at the kink); exact, no rounding."""
    out = above(x, 0.0, out)
    if 0 <= slope <= 1:
        return np.clip(out, slope, 1.0, out=out)
    # Not slope + (1 − slope)·[x > 0]: that rounds to 1 ± 1 ulp for some slopes.
    out += (x <= 0) * x.dtype.type(slope)
    return out


def clip_finite(x: Array, lo: float, hi: float) -> Array:
    """np.clip with python bounds capped to the dtype's finite range (no cast overflow)."""
    big = float(np.finfo(x.dtype).max)
    return np.clip(x, max(lo, -big), min(hi, big))


def zeros(x: Array, **params: object) -> Array:
    """0 everywhere (the second derivative of a piecewise-linear function)."""
    return np.zeros_like(x)


def ones(x: Array, **params: object) -> Array:
    return np.ones_like(x)


def kink_at_zero(params: object) -> tuple[float, ...]:
    return (0.0,)


SMOOTH = "smooth everywhere: no kinks"


def positive_param(name: str, default: float, doc: str, span: tuple[float, float]) -> Param:
    """A numeric parameter that must be > 0."""
    return Param(name, default, doc, bounds=Interval.above(0.0), span=span)
