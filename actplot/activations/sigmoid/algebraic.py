"""The algebraic members of the sigmoid/tanh family: softsign, arctan and ISRU, bounded
S-shaped squashers built from divisions, square roots or arctan instead of exponentials."""

from __future__ import annotations

import math

import numpy as np

from actplot.activations._blocks import INF, SMOOTH, Array, clip_finite, frameworks, pair
from actplot.model import ActivationSpec, Interval, Param

SATURATES = "saturates: gradients vanish for large |x|"


def _softsign_parts(x: Array, y: Array, q: Array) -> Array:
    """y = x/q with q = 1 + |x|, both capped at the largest float (so ±inf gives ±1)."""
    big = np.finfo(x.dtype).max
    np.abs(x, out=q)
    np.clip(q, 0.0, big, out=q)
    q += 1.0
    np.clip(x, -big, big, out=y)
    return np.divide(y, q, out=y)


def softsign(x: Array) -> Array:
    r"""Softsign :math:`x/(1 + |x|)`. f'' jumps from 2 to −2 at 0, where it is 0 (PyTorch)."""
    return _softsign_parts(x, np.empty_like(x), np.empty_like(x))


def softsign_fused(x: Array) -> tuple[Array, Array]:
    y, d = pair(x)
    _softsign_parts(x, y, d)
    np.divide(1.0, d, out=d)  # f' = 1/(1 + |x|)²
    d *= d
    return y, d


def softsign_d1(x: Array) -> Array:
    return softsign_fused(x)[1]


def softsign_d2(x: Array) -> Array:
    r = 1 / (1 + np.abs(x))
    return -2 * np.sign(x) * (r * r * r)


def arctan(x: Array) -> Array:
    r"""Arctangent :math:`\arctan x`, with range (−π/2, π/2)."""
    return np.arctan(x)


def _arctan_slope(x: Array, out: Array) -> Array:
    """1/(1 + x²); x² = inf for |x| > 1.3e154 gives 0, the limit (the true value underflows)."""
    with np.errstate(over="ignore"):
        np.multiply(x, x, out=out)
    out += 1.0
    return np.divide(1.0, out, out=out)


def arctan_d1(x: Array) -> Array:
    return _arctan_slope(x, np.empty_like(x))


def arctan_fused(x: Array) -> tuple[Array, Array]:
    y, d = pair(x)
    return np.arctan(x, out=y), _arctan_slope(x, d)


def arctan_d2(x: Array) -> Array:
    # −2x/(1 + x²)² = −2 (x r) r³ with r = 1/sqrt(1 + x²) and |x r| <= 1.
    r = 1 / np.hypot(1.0, x)
    return -2 * (clip_finite(x, -INF, INF) * r) * (r * r * r)


def _isru_parts(x: Array, alpha: float, y: Array, s: Array) -> Array:
    """y = x/s with s = sqrt(1 + αx²), x clipped where αx² would pass max/4 (f is ±1/√α
    to the last digit there, and nothing overflows)."""
    big = float(np.finfo(x.dtype).max)
    limit = min(math.sqrt(big / 4) / math.sqrt(alpha), big)
    np.clip(x, -limit, limit, out=y)
    np.multiply(y, math.sqrt(alpha), out=s)  # (√α·x)² <= max/4, whatever α
    s *= s
    s += 1.0
    np.sqrt(s, out=s)
    return np.divide(y, s, out=y)


def isru(x: Array, alpha: float = 1.0) -> Array:
    r"""Inverse square root unit :math:`x/\sqrt{1 + \alpha x^2}`; saturates at ±1/√α."""
    return _isru_parts(x, alpha, np.empty_like(x), np.empty_like(x))


def isru_fused(x: Array, alpha: float = 1.0) -> tuple[Array, Array]:
    y, d = pair(x)
    _isru_parts(x, alpha, y, d)
    np.divide(1.0, d, out=d)  # f' = r³ with r = 1/s
    r = d.copy()
    d *= r
    d *= r
    return y, d


def isru_d1(x: Array, alpha: float = 1.0) -> Array:
    return isru_fused(x, alpha)[1]


def isru_d2(x: Array, alpha: float = 1.0) -> Array:
    # −3αx(1 + αx²)^(−5/2) = −3α f r⁴, with α f bounded by √α.
    s = np.empty_like(x)
    f = _isru_parts(x, alpha, np.empty_like(x), s)
    r2 = 1 / (s * s)
    f *= alpha  # first: 3α alone may overflow (α near the float maximum), α·f never does
    f *= -3.0
    return f * (r2 * r2)


SOFTSIGN = ActivationSpec(
    name="softsign",
    family="sigmoid",
    forward=softsign,
    d1=softsign_d1,
    fused=softsign_fused,
    nan_safe=(0, 1),
    d2=softsign_d2,
    formula=r"$\frac{x}{1+|x|}$",
    derivative_formula=r"$\frac{1}{(1+|x|)^2}$",
    text="x / (1 + |x|)",
    range=Interval(-1.0, 1.0),
    kink_rule="f and f' are continuous (f'(0) = 1); f'' jumps from 2 to −2 at 0 and "
    "is taken as 0 there, as PyTorch 2.13's double backward gives",
    reference="Bergstra et al., Quadratic polynomials learn better image features, "
    "2009; studied by Glorot & Bengio, AISTATS 2010",
    pros=(
        "zero-centred like tanh but needs no exponential",
        "approaches ±1 polynomially, so it saturates more gently than tanh",
    ),
    cons=("gradients still vanish, only more slowly", "f'' is discontinuous at 0"),
    use="a cheaper tanh substitute in hidden or output layers",
    frameworks=frameworks("softsign", "jax.nn.soft_sign", "softsign"),
    framework_notes="JAX spells it soft_sign; PyTorch and Keras softsign. JAX's autodiff "
    "gives f''(0) = −2 (the right-hand value) where PyTorch gives 0",
)

ARCTAN = ActivationSpec(
    name="arctan",
    family="sigmoid",
    forward=arctan,
    d1=arctan_d1,
    fused=arctan_fused,
    nan_safe=(0, 1),
    d2=arctan_d2,
    formula=r"$\arctan x$",
    derivative_formula=r"$\frac{1}{1+x^2}$",
    text="arctan(x)",
    range=Interval(-math.pi / 2, math.pi / 2),
    kink_rule=SMOOTH,
    reference="a classical squashing function with no single founding paper; studied "
    "in Pervan Akman, Tümer Sivri & Berkol, The impact of irrationals on the range "
    "of arctan activation function for deep learning models, IJET 2025",
    pros=(
        "zero-centred with slope 1 at the origin",
        "tails approach ±π/2 like 1/x: slower saturation than tanh",
    ),
    cons=("range (−π/2, π/2) is not a probability", "no framework lists it as an activation"),
    use="an alternative bounded, zero-centred squashing function",
    aliases=("atan", "inverse_tangent"),
    frameworks=frameworks("arctan", "jax.numpy.arctan", ""),
    framework_notes="torch.arctan and jax.numpy.arctan are plain math ops, not listed "
    "activations; Keras has no arctan activation",
)

ISRU = ActivationSpec(
    name="isru",
    family="sigmoid",
    forward=isru,
    d1=isru_d1,
    fused=isru_fused,
    nan_safe=(0, 1),
    d2=isru_d2,
    formula=r"$\frac{x}{\sqrt{1+\alpha x^2}}$",
    derivative_formula=r"$\left(\frac{1}{\sqrt{1+\alpha x^2}}\right)^3$",
    text="x / sqrt(1 + alpha * x**2)",
    range=Interval(-1.0, 1.0),
    params=(
        Param(
            "alpha",
            1.0,
            "sets the saturation level ±1/sqrt(alpha)",
            bounds=Interval.above(0.0),
            span=(0.1, 4.0),
        ),
    ),
    kink_rule=SMOOTH,
    reference="Carlile et al., Improving deep learning by inverse square root linear "
    "units (ISRLUs), 2017",
    pros=(
        "tanh-like shape from a reciprocal square root, cheaper than exponentials",
        "alpha tunes the output range ±1/sqrt(alpha)",
    ),
    cons=(SATURATES, "no framework ships it: a custom layer"),
    use="recurrent networks where a cheaper tanh replacement is wanted",
    aliases=("inverse_square_root_unit",),
    frameworks=frameworks(),
)

SPECS = (SOFTSIGN, ARCTAN, ISRU)
