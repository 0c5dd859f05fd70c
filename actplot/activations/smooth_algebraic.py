"""Smooth ReLU-like activations built from square roots and polynomials instead of
exponentials: squareplus, sparse plus, ISRLU and the bent identity."""

from __future__ import annotations

import math

import numpy as np

from actplot.activations._common import SMOOTH, Array, clip_finite, frameworks, positive_param
from actplot.core import ActivationSpec, Interval
from actplot.registry import register

INF = math.inf


def _squareplus_neg(x: Array, b: float) -> tuple[Array, Array]:
    """H = √(x²+b) and q = (H − x)/2 on the negative side (x clipped to <= 0)."""
    xn = np.minimum(x, 0.0)
    hn = np.hypot(xn, math.sqrt(b))
    return hn, 0.5 * hn - 0.5 * xn


def squareplus(x: Array, b: float = 4.0) -> Array:
    r"""Squareplus: :math:`(x + \sqrt{x^2+b})/2`, as :math:`b/(2(\sqrt{x^2+b}-x))` for x < 0."""
    xp = np.maximum(x, 0.0)
    _, q = _squareplus_neg(x, b)
    return np.where(x >= 0, 0.5 * xp + 0.5 * np.hypot(xp, math.sqrt(b)), (0.25 * b) / q)


def squareplus_d1(x: Array, b: float = 4.0) -> Array:
    xp = clip_finite(x, 0.0, INF)
    hn, q = _squareplus_neg(x, b)
    pos = 0.5 + 0.5 * xp / np.hypot(xp, math.sqrt(b))
    return np.where(x >= 0, pos, ((0.25 * b) / hn) / q)  # b / (2H(H − x))


def squareplus_d2(x: Array, b: float = 4.0) -> Array:
    h = np.hypot(x, math.sqrt(b))
    return ((0.5 * b) / h) / h / h  # b / (2H³)


def sparse_plus(x: Array) -> Array:
    r"""Sparse plus: 0 for x <= −1, :math:`(x+1)^2/4` for |x| < 1, x for x >= 1. C¹;
    f'' jumps at ±1, where the left-hand values are used: f''(−1) = 0, f''(1) = 1/2."""
    return np.where(x >= 1, x, 0.25 * np.square(np.clip(x, -1.0, 1.0) + 1))


def sparse_plus_d1(x: Array) -> Array:
    return np.where(x >= 1, 1.0, 0.5 * (np.clip(x, -1.0, 1.0) + 1))


def sparse_plus_d2(x: Array) -> Array:
    return np.where((x > -1) & (x <= 1), 0.5, 0.0)


def _isrlu_parts(x: Array, alpha: float) -> tuple[float, Array, Array]:
    """a = 1/√α, x clipped to [−max, 0] and G = √(a² + x²), so 1 + αx² = (G/a)²."""
    a = 1 / math.sqrt(alpha)
    xn = clip_finite(x, -INF, 0.0)
    return a, xn, np.hypot(a, xn)


def isrlu(x: Array, alpha: float = 1.0) -> Array:
    r"""ISRLU: x for x >= 0, :math:`x/\sqrt{1+\alpha x^2}` below. C² at 0 (f' = 1, f'' = 0)."""
    a, xn, g = _isrlu_parts(x, alpha)
    return np.where(x >= 0, x, (xn / g) * a)


def isrlu_d1(x: Array, alpha: float = 1.0) -> Array:
    a, xn, g = _isrlu_parts(x, alpha)
    return np.where(x >= 0, 1.0, (a / g) ** 3)


def isrlu_d2(x: Array, alpha: float = 1.0) -> Array:
    a, xn, g = _isrlu_parts(x, alpha)
    return np.where(x >= 0, 0.0, -3 * math.sqrt(alpha) * (xn / g) * (a / g) ** 4)


def bent_identity(x: Array) -> Array:
    r"""Bent identity: :math:`(\sqrt{x^2+1}-1)/2 + x`, with √(x²+1) − 1 = x²/(√(x²+1) + 1)."""
    big = float(np.finfo(x.dtype).max)
    xf = np.clip(x, -big, big / 4)
    core = xf + 0.5 * (xf * (xf / (np.hypot(xf, 1.0) + 1)))
    # Above max/4, f = 1.5x − 0.5 to full precision; it overflows exactly when 0.75x > max/2.
    hi = 0.75 * np.maximum(x, big / 4)
    huge = np.where(hi > big / 2, INF, 2 * np.minimum(hi, big / 2))
    return np.where(x > big / 4, huge, np.where(x == -INF, x, core))


def bent_identity_d1(x: Array) -> Array:
    xf = clip_finite(x, -INF, INF)
    return 1 + 0.5 * (xf / np.hypot(xf, 1.0))


def bent_identity_d2(x: Array) -> Array:
    h = np.hypot(x, 1.0)
    return (0.5 / h) / h / h  # 1 / (2(x²+1)^(3/2))


register(
    ActivationSpec(
        name="squareplus",
        family="smooth",
        forward=squareplus,
        d1=squareplus_d1,
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
)

register(
    ActivationSpec(
        name="sparse_plus",
        family="smooth",
        forward=sparse_plus,
        d1=sparse_plus_d1,
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
)

register(
    ActivationSpec(
        name="isrlu",
        family="smooth",
        forward=isrlu,
        d1=isrlu_d1,
        d2=isrlu_d2,
        formula=r"$x$ if $x \geq 0$ else $\frac{x}{\sqrt{1 + \alpha x^2}}$",
        derivative_formula=r"$1$ if $x \geq 0$ else $(1 + \alpha x^2)^{-3/2}$",
        text="x if x >= 0 else x / sqrt(1 + alpha * x^2)",
        range=Interval(-1.0, INF),
        params=(
            positive_param("alpha", 1.0, "negative side saturates at -1/sqrt(alpha)", (0.1, 5.0)),
        ),
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
)

register(
    ActivationSpec(
        name="bent_identity",
        family="smooth",
        forward=bent_identity,
        d1=bent_identity_d1,
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
)
