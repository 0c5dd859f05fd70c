"""Gated units from their textbook formulas, f(a, b: mpf, **params) -> mpf: a is the gate's
input, b the value. Kept apart from REFERENCES (one-input functions of x)."""

from __future__ import annotations

from collections.abc import Callable

import mpmath
from mpmath import mpf

from mpref.relu_family import SELU_ALPHA, SELU_SCALE

REFERENCES: dict[str, Callable[..., mpf]] = {}  # the one-input table gains nothing here


def _sigmoid(x: mpf) -> mpf:
    return 1 / (1 + mpmath.exp(-x))


def _gelu(x: mpf, approximate: str = "none") -> mpf:
    if approximate == "tanh":
        u = mpmath.sqrt(2 / mpmath.pi) * (x + mpf("0.044715") * x**3)
        return x / 2 * (1 + mpmath.tanh(u))
    if abs(x) > 1e100:  # mpmath's erfc leaves the float range; Φ is 0 or 1 to any digits
        return x if x > 0 else mpf(0)
    return x * mpmath.ncdf(x)


def _selu(x: mpf) -> mpf:
    return SELU_SCALE * (x if x > 0 else SELU_ALPHA * mpmath.expm1(x))


def _swiglu_oai(a: mpf, b: mpf, limit: float = 7.0, alpha: float = 1.702) -> mpf:
    lim = mpf(limit)
    g = min(a, lim)
    u = max(-lim, min(b, lim))
    return g * _sigmoid(mpf(alpha) * g) * (u + 1)


GATED_REFERENCES: dict[str, Callable[..., mpf]] = {
    "glu": lambda a, b: _sigmoid(a) * b,
    "bilinear": lambda a, b: a * b,
    "reglu": lambda a, b: max(mpf(0), a) * b,
    "geglu": lambda a, b, approximate="none": _gelu(a, approximate) * b,
    "swiglu": lambda a, b, beta=1.0: a * _sigmoid(mpf(beta) * a) * b,
    "seglu": lambda a, b: _selu(a) * b,
    "swiglu_oai": _swiglu_oai,
    "fatrelu_glu": lambda a, b, threshold=0.0: (a if a > mpf(threshold) else mpf(0)) * b,
}
