"""Smooth ReLU-like activations built from square roots and polynomials instead of
exponentials: squareplus, sparse plus, ISRLU and the bent identity."""

from __future__ import annotations

import math

import numpy as np

from actplot.activations._blocks import (
    INF,
    SMOOTH,
    Array,
    clip_finite,
    frameworks,
    infinite_at,
    pair,
    positive_param,
)
from actplot.model import ActivationSpec, Interval


def _squareplus_into(x: Array, b: float, y: Array, t: Array, d: Array | None) -> Array:
    """Squareplus into y (and f' into d) from g = (H + |x|)/2, H = √(x² + b): f is g for
    x >= 0 and b/(4g) for x < 0 (no cancellation either side), and f' = 1 − w or w with
    w = b/(4gH) = f'(−|x|). |x| is capped at the largest float (then +inf is added back)."""
    big = float(np.finfo(x.dtype).max)
    np.abs(x, out=t)
    np.clip(t, 0.0, big, out=t)
    h = d if d is not None else y
    if b <= big / 2:
        np.clip(t, 0.0, math.sqrt(big) / 2, out=h)  # x² + b stays finite; beyond, H = |x|
        h *= h
        h += b
        np.sqrt(h, out=h)
        np.maximum(h, t, out=h)  # H
    else:  # x² + b would overflow even for small x: hypot scales
        np.hypot(t, math.sqrt(b), out=h)
    t *= 0.5
    if d is None:
        y *= 0.5
    else:
        np.multiply(d, 0.5, out=y)
    y += t  # g
    np.divide(0.25 * b, y, out=t)  # b/(4g)
    if d is not None:
        np.divide(t, d, out=d)  # w
    pos = x >= 0
    y *= pos  # blend by 0/1 factors (sums with 0 are exact)
    t *= np.logical_not(pos)
    y += t
    np.clip(x, big, INF, out=t)  # + inf at +inf, else + 0
    t -= big
    y += t
    if d is not None:  # m + (1 − 2m)·w with m = [x >= 0]
        np.greater_equal(x, 0.0, out=t)
        t *= -2.0
        t += 1.0
        d *= t
        d += pos
    # −inf was computed as −max, where f = b/(4g) is about b/(4·max): 0.25 for b = max.
    # The limit is 0 (one min() pass finds any −inf).
    if (at := infinite_at(x, -1)) is not None:
        y[at] = 0.0
        if d is not None:
            d[at] = 0.0
    return y


def squareplus(x: Array, b: float = 4.0) -> Array:
    r"""Squareplus: :math:`(x + \sqrt{x^2+b})/2`, as :math:`b/(2(\sqrt{x^2+b}-x))` for x < 0."""
    return _squareplus_into(x, b, np.empty_like(x), np.empty_like(x), None)


def squareplus_fused(x: Array, b: float = 4.0) -> tuple[Array, Array]:
    y, d = pair(x)
    return _squareplus_into(x, b, y, np.empty_like(x), d), d


def squareplus_d1(x: Array, b: float = 4.0) -> Array:
    return squareplus_fused(x, b)[1]


def squareplus_d2(x: Array, b: float = 4.0) -> Array:
    h = np.hypot(x, math.sqrt(b))
    return ((0.5 * b) / h) / h / h  # b / (2H³)


def sparse_plus(x: Array) -> Array:
    r"""Sparse plus: 0 for x <= −1, :math:`(x+1)^2/4` for |x| < 1, x for x >= 1. C¹;
    f'' jumps at ±1, where the left-hand values are used: f''(−1) = 0, f''(1) = 1/2."""
    # (u + 1)²/4 with u = clip(x, −1, 1) is >= x everywhere below 1 ((x − 1)² >= 0) and 1
    # from there on, so max() with x picks each piece without a branch.
    y = np.clip(x, -1.0, 1.0)
    y += 1.0
    y *= y
    y *= 0.25
    return np.maximum(y, x, out=y)


def sparse_plus_d1(x: Array) -> Array:
    d = np.clip(x, -1.0, 1.0)
    d += 1.0
    d *= 0.5  # (x + 1)/2 on [−1, 1]: 0 and 1 at the ends, as the outer pieces
    return d


def sparse_plus_fused(x: Array) -> tuple[Array, Array]:
    y, d = pair(x)
    np.clip(x, -1.0, 1.0, out=d)
    d += 1.0
    np.multiply(d, d, out=y)
    y *= 0.25
    np.maximum(y, x, out=y)
    d *= 0.5
    return y, d


def sparse_plus_d2(x: Array) -> Array:
    return np.where((x > -1) & (x <= 1), x.dtype.type(0.5), x.dtype.type(0.0))


def _isrlu_parts(x: Array, alpha: float, y: Array, s2: Array) -> Array:
    """y = min(x, 0) (capped where αx² would pass max/4) and s2 = 1 + αy²."""
    big = float(np.finfo(x.dtype).max)
    np.clip(x, -min(math.sqrt(big / 4) / math.sqrt(alpha), big), 0.0, out=y)
    np.multiply(y, math.sqrt(alpha), out=s2)
    s2 *= s2
    s2 += 1.0
    return s2


def isrlu(x: Array, alpha: float = 1.0) -> Array:
    r"""ISRLU: x for x >= 0, :math:`x/\sqrt{1+\alpha x^2}` below. C² at 0 (f' = 1, f'' = 0)."""
    y, s = np.empty_like(x), np.empty_like(x)
    np.sqrt(_isrlu_parts(x, alpha, y, s), out=s)
    y /= s
    # x < 0: x/s >= x (s >= 1); x >= 0: 0/1 = 0 <= x. So max() adds the linear side.
    return np.maximum(y, x, out=y)


def isrlu_fused(x: Array, alpha: float = 1.0) -> tuple[Array, Array]:
    y, d = pair(x)
    s = np.sqrt(_isrlu_parts(x, alpha, y, d))
    y /= s
    np.maximum(y, x, out=y)
    with np.errstate(over="ignore"):  # s³ = inf far left: f' = 1/inf = 0, the limit
        d *= s  # s³ = (1 + αx²)^(3/2), and 1 for x >= 0
    return y, np.divide(1.0, d, out=d)


def isrlu_d1(x: Array, alpha: float = 1.0) -> Array:
    return isrlu_fused(x, alpha)[1]


def isrlu_d2(x: Array, alpha: float = 1.0) -> Array:
    a = 1 / math.sqrt(alpha)
    xn = clip_finite(x, -INF, 0.0)
    g = np.hypot(a, xn)
    return np.where(x >= 0, 0.0, -3 * math.sqrt(alpha) * (xn / g) * (a / g) ** 4)


def _bent_parts(x: Array, xl: Array, h: Array) -> Array:
    """xl = x capped at ±√max/2 (beyond, x/√(x² + 1) is ±1 to the last digit) and
    h = √(xl² + 1)."""
    limit = math.sqrt(float(np.finfo(x.dtype).max)) / 2
    np.clip(x, -limit, limit, out=xl)
    np.multiply(xl, xl, out=h)
    h += 1.0
    return np.sqrt(h, out=h)


def _bent_finish(w: Array, x: Array, out: Array) -> Array:
    """f = x·(1 + w/2) from w = x/(√(x² + 1) + 1): √(x² + 1) − 1 = x·w without cancellation,
    and a positive factor, so ±inf stays ±inf."""
    np.multiply(w, 0.5, out=out)
    out += 1.0
    with np.errstate(over="ignore"):  # f > max exactly when 1.5x − 0.5 > max: inf is right
        out *= x
    return out


def bent_identity(x: Array) -> Array:
    r"""Bent identity: :math:`(\sqrt{x^2+1}-1)/2 + x`, with √(x²+1) − 1 = x²/(√(x²+1) + 1)."""
    y, h = np.empty_like(x), np.empty_like(x)
    _bent_parts(x, y, h)
    h += 1.0
    y /= h
    return _bent_finish(y, x, y)


def bent_identity_fused(x: Array) -> tuple[Array, Array]:
    y, d = pair(x)
    w = np.empty_like(x)
    _bent_parts(x, y, d)
    np.add(d, 1.0, out=w)
    np.divide(y, w, out=w)
    np.divide(y, d, out=d)  # x/√(x² + 1)
    d *= 0.5
    d += 1.0
    return _bent_finish(w, x, y), d


def bent_identity_d1(x: Array) -> Array:
    return bent_identity_fused(x)[1]


def bent_identity_d2(x: Array) -> Array:
    h = np.hypot(x, 1.0)
    return (0.5 / h) / h / h  # 1 / (2(x²+1)^(3/2))


SQUAREPLUS = ActivationSpec(
    name="squareplus",
    family="smooth",
    forward=squareplus,
    d1=squareplus_d1,
    fused=squareplus_fused,
    nan_safe=(0, 1),
    d2=squareplus_d2,
    formula=r"$\frac{1}{2}(x + \sqrt{x^2 + b})$",
    derivative_formula=r"$\frac{1}{2}\left(1 + \frac{x}{\sqrt{x^2 + b}}\right)$",
    text="(x + sqrt(x^2 + b)) / 2",
    range=Interval(0.0, INF),
    params=(positive_param("b", 4.0, "smoothness: b -> 0 tends to ReLU", (0.1, 16.0)),),
    kink_rule=f"{SMOOTH} for b > 0; f'(0) = 0.5, f''(0) = 1/(2√b) = 0.25 at b = 4",
    reference="Barron, Squareplus: a softplus-like algebraic rectifier, 2021",
    pros=(
        "softplus-like shape from a square root only: no exp or log",
        "one parameter sets how sharp the bend is",
    ),
    cons=("approaches 0 only like b/(4|x|): slower than softplus",),
    use="a cheap softplus replacement, e.g. on accelerators without fast exp",
    frameworks=frameworks("", "jax.nn.squareplus", "squareplus"),
    framework_notes="JAX and Keras (default b = 4) accept b = 0, which is ReLU; here "
    "b > 0 keeps it smooth",
)

SPARSE_PLUS = ActivationSpec(
    name="sparse_plus",
    family="smooth",
    forward=sparse_plus,
    d1=sparse_plus_d1,
    fused=sparse_plus_fused,
    nan_safe=(0, 1),
    d2=sparse_plus_d2,
    formula=r"$0$ if $x \leq -1$, $\frac{(x+1)^2}{4}$ if $|x| < 1$, else $x$",
    derivative_formula=r"$0$ if $x \leq -1$, $\frac{x+1}{2}$ if $|x| < 1$, else $1$",
    text="0 if x <= -1, (x + 1)^2 / 4 if -1 < x < 1, x if x >= 1",
    range=Interval(0.0, INF, lo_closed=True),
    kinks=lambda p: (-1.0, 1.0),
    kink_rule="C¹: f'(-1) = 0 and f'(1) = 1 from both sides; f'' jumps there and "
    "takes the left-hand value (PyTorch lacks it): f''(-1) = 0, f''(1) = 0.5. "
    "JAX's autograd gives f''(1) = 0 (its x >= 1 branch)",
    reference="Blondel, Martins & Niculae, Learning with Fenchel-Young losses, JMLR 2020",
    pros=(
        "exactly 0 below -1 (sparse) and exactly x above 1",
        "differentiable, with a continuous derivative (sparse sigmoid)",
        "only a square: no transcendental functions",
    ),
    cons=(
        "second derivative jumps at ±1",
        "no gradient below -1, so units can die as with ReLU",
    ),
    use="a piecewise-polynomial stand-in for softplus where exact zeros are wanted",
    frameworks=frameworks("", "jax.nn.sparse_plus", "sparse_plus"),
)

ISRLU = ActivationSpec(
    name="isrlu",
    family="smooth",
    forward=isrlu,
    d1=isrlu_d1,
    fused=isrlu_fused,
    nan_safe=(0, 1),
    d2=isrlu_d2,
    formula=r"$x$ if $x \geq 0$ else $\frac{x}{\sqrt{1 + \alpha x^2}}$",
    derivative_formula=r"$1$ if $x \geq 0$ else $(1 + \alpha x^2)^{-3/2}$",
    text="x if x >= 0 else x / sqrt(1 + alpha * x^2)",
    range=Interval(-1.0, INF),
    params=(positive_param("alpha", 1.0, "negative side saturates at -1/sqrt(alpha)", (0.1, 5.0)),),
    kink_rule="no kink: twice differentiable at 0, f'(0) = 1 and f''(0) = 0 from both "
    "sides (only f''' jumps)",
    reference="Carlile et al., Improving deep learning by inverse square root linear "
    "units (ISRLUs), 2017",
    pros=(
        "ELU-like negative saturation from a square root instead of an exp",
        "smooth (C²) at 0 with negative outputs that pull the mean towards 0",
    ),
    cons=("not in PyTorch, JAX or Keras: a custom layer", "little use outside its paper"),
    use="an ELU replacement where an inverse square root is cheaper than exp",
    frameworks=frameworks(),
)

BENT_IDENTITY = ActivationSpec(
    name="bent_identity",
    family="smooth",
    forward=bent_identity,
    d1=bent_identity_d1,
    fused=bent_identity_fused,
    nan_safe=(0, 1),
    d2=bent_identity_d2,
    formula=r"$\frac{\sqrt{x^2 + 1} - 1}{2} + x$",
    derivative_formula=r"$\frac{x}{2\sqrt{x^2 + 1}} + 1$",
    text="(sqrt(x^2 + 1) - 1) / 2 + x",
    range=Interval(-INF, INF),
    kink_rule=f"{SMOOTH}; f'(0) = 1, f''(0) = 0.5",
    reference="no founding paper; it appears in activation-function tables from about 2016 on",
    pros=(
        "smooth, monotonic and unbounded both ways: gradient between 0.5 and 1.5",
        "never saturates, so gradients never vanish",
    ),
    cons=(
        "unbounded both ways: no squashing or sparsity",
        "absent from the major frameworks",
    ),
    use="regression-style networks that want a gently bent, never-flat nonlinearity",
    frameworks=frameworks(),
)

SPECS = (SQUAREPLUS, SPARSE_PLUS, ISRLU, BENT_IDENTITY)
