"""Small building blocks shared by the family modules."""

from __future__ import annotations

import numpy as np

from actplot.core import Param

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


def step(x: Array, at_zero: float) -> Array:
    """Heaviside step: 0 below 0, 1 above, `at_zero` at 0."""
    # Comparisons and casts vectorize without branches; np.heaviside and np.where are
    # several times slower on random-signed data.
    out = np.asarray(x > 0).astype(x.dtype)
    if at_zero:
        out[x == 0] = at_zero
    return out


def leaky(x: Array, slope: float) -> Array:
    """x for x > 0, slope·x otherwise (finite for ±inf whatever the slope)."""
    # max(x, 0) + slope·min(x, 0): branch-free, and no inf·0 when the slope is 0.
    out = np.maximum(x, 0)
    if slope != 0:
        out = out + slope * np.minimum(x, 0)
    return out


def leaky_grad(x: Array, slope: float) -> Array:
    """1 for x > 0, slope for x <= 0 (PyTorch: the slope at the kink)."""
    # Not slope + (1 − slope)·[x > 0]: that rounds to 1 ± 1 ulp for some slopes.
    out = np.full_like(x, slope)
    np.putmask(out, x > 0, 1)
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
    return Param(name, default, doc, low=0.0, low_open=True, span=span)
