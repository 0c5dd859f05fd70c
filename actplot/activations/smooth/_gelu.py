"""GELU's formulas (used by gelu_silu.py).

Exact form: x·Φ(x) = max(x, 0) − a·q with a = |x| and q = Φ(−a), the normal lower tail
from scipy's ndtr (accurate far into the tail, where 1 − Φ(a) would cancel). Beyond a = 40
the tail is below the smallest float, so a is capped there. No branches: x >= 0 and x < 0
differ only in signs, applied with 0/1 factors.

Float32 inputs of 65536 elements or more go to a compiled kernel when numba is installed
(_jit.py): the same formula in float64 arithmetic, rounded once.

The tanh form is x·σ(2u), u = √(2/π)(x + 0.044715x³), computed as x/(1 + e^(−2u)).
"""

from __future__ import annotations

import math

import numpy as np

from actplot.activations import _jit as jit
from actplot.activations._blocks import Array, pair, positive_part
from actplot.activations._special import ndtr

INV_SQRT_2PI = 1 / math.sqrt(2 * math.pi)
SQRT_2_OVER_PI = math.sqrt(2 / math.pi)
GELU_C = 0.044715
A_MAX = 40.0  # Φ(−40) < 1e-349: q is 0 beyond in every float format


def _capped_abs(x: Array, out: Array) -> Array:
    """a = min(|x|, 40) (nan stays nan)."""
    np.abs(x, out=out)
    return np.clip(out, 0.0, A_MAX, out=out)


def _lower_tail(a: Array, out: Array) -> Array:
    """Φ(−a) into `out`, by scipy's ndtr (accurate far into the tail)."""
    np.negative(a, out=out)
    return ndtr(out, out=out)


def _gaussian(a: Array, out: Array) -> Array:
    """e^(−a²/2) into `out`."""
    np.multiply(a, a, out=out)
    out *= -0.5
    return np.exp(out, out=out)


def gelu_exact(x: Array) -> Array:
    if (y := jit.forward("gelu", x)) is not None:  # float32, numba installed
        return y
    y, q = np.empty_like(x), np.empty_like(x)
    a = _capped_abs(x, y)
    q = _lower_tail(a, q)  # q = Φ(−a); a is left as it was
    q *= a  # a·q
    return np.subtract(positive_part(x, y), q, out=y)  # max(x, 0) − a·Φ(−a)


def gelu_exact_fused(x: Array) -> tuple[Array, Array]:
    if (fd := jit.fused("gelu", x)) is not None:
        return fd
    f, d = pair(x)
    g = np.empty_like(x)
    a = _capped_abs(x, f)
    q = _lower_tail(a, d)  # q = Φ(−a), as in gelu_exact
    _gaussian(a, g)
    g *= a  # a·e^(−a²/2)
    g *= INV_SQRT_2PI  # a·φ(a)
    a *= q  # a·q
    np.subtract(q, g, out=d)  # w = Φ(−a) − aφ(a): f'(x) for x <= 0
    np.subtract(positive_part(x, g), a, out=f)  # f = max(x, 0) − a·q
    # f' = Φ(x) + xφ(x) is w for x <= 0 and 1 − w for x > 0: m + (1 − 2m)·w, m = [x > 0].
    np.greater(x, 0.0, out=g)
    g *= -2.0
    g += 1.0
    d *= g
    d += x > 0
    return f, d


def _tanh_exp(x: Array, xc: Array, t: Array) -> Array:
    """t = e^(−v) with v = 2√(2/π)(xc + 0.044715xc³) and xc = x clipped to ±100 (left in
    `xc`): beyond ±100 the logistic factor is exactly 0 or 1, and the clip keeps xc³ finite."""
    np.clip(x, -100.0, 100.0, out=xc)
    np.multiply(xc, xc, out=t)
    t *= GELU_C
    t += 1.0
    t *= xc
    t *= -2 * SQRT_2_OVER_PI
    with np.errstate(over="ignore"):  # e^(−v) = inf: the factor is 1/inf = 0, correctly
        return np.exp(t, out=t)


def gelu_tanh(x: Array) -> Array:
    y, t = np.empty_like(x), np.empty_like(x)
    _tanh_exp(x, y, t)
    t += 1.0
    np.clip(x, -100.0, math.inf, out=y)
    return np.divide(y, t, out=y)  # x·σ(v), and 0 (not −inf·0) at −inf


def gelu_tanh_fused(x: Array) -> tuple[Array, Array]:
    f, d = pair(x)
    s = np.empty_like(x)
    t = _tanh_exp(x, s, d)  # s holds xc for now
    np.multiply(s, s, out=f)  # v' = 2√(2/π)(1 + 3·0.044715x²), then x·v'
    f *= 3 * GELU_C
    f += 1.0
    f *= 2 * SQRT_2_OVER_PI
    f *= s
    np.add(t, 1.0, out=s)
    np.divide(1.0, s, out=s)  # σ(v)
    np.clip(t, 0.0, np.finfo(x.dtype).max, out=t)  # inf only where σ(v) = 0
    t *= s
    t *= s  # σ(v)σ(−v)
    t *= f
    t += s  # f' = σ(v) + x·v'·σ(v)σ(−v)
    np.clip(x, -100.0, math.inf, out=f)
    f *= s
    return f, t
