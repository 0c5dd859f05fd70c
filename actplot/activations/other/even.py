"""Even, U-shaped activations built on tanh: LiSHT, x·tanh x, and log cosh x (whose
derivative is tanh). Both are 0 at 0, about x² /(1 or 2) near it and about |x| far out."""

from __future__ import annotations

import numpy as np

from actplot.activations._blocks import INF, SMOOTH, Array, frameworks, pair
from actplot.activations.sigmoid.logistic import tanh_d1, tanh_fused
from actplot.model import ActivationSpec, Interval

X_CAP = 400.0  # sech²(400) = 0 in every float format: x·sech²x is 0 beyond, and x stays finite
LOGCOSH_SWITCH = 20.0  # log cosh a = a − log 2 + log1p(e^(−2a)); e^(−40) is below a·eps beyond


def lisht(x: Array) -> Array:
    r"""LiSHT :math:`x\tanh x`: even, f(±inf) = +inf."""
    y = np.tanh(x)
    y *= x
    return y


def _lisht_slope(x: Array, t: Array, s: Array, out: Array) -> Array:
    """f' = tanh x + x·sech²x (both terms of x's sign: no cancellation) into `out` (may be
    s), x capped at ±400 in the product (no inf·0)."""
    xc = np.clip(x, -X_CAP, X_CAP)
    np.multiply(xc, s, out=out)
    out += t
    return out


def lisht_fused(x: Array) -> tuple[Array, Array]:
    y, d = pair(x)
    t, s = tanh_fused(x)
    _lisht_slope(x, t, s, d)
    return np.multiply(t, x, out=y), d


def lisht_d1(x: Array) -> Array:
    t, s = tanh_fused(x)
    return _lisht_slope(x, t, s, s)


def lisht_d2(x: Array) -> Array:
    """f'' = 2·sech²x·(1 − x tanh x), x capped at ±400 (sech² is 0 there)."""
    t, s = tanh_fused(x)
    t *= np.clip(x, -X_CAP, X_CAP)
    np.subtract(1.0, t, out=t)
    t *= s
    t *= 2.0
    return t


def logcosh(x: Array) -> Array:
    r"""log cosh x, as ½·log1p(sinh²b) + (a − b) with a = |x|, b = min(a, 20): relative-
    accurate near 0 (where a − log 2 + log1p(e^(−2a)) would cancel) and finite up to the float
    maximum (cosh overflows from 710 on). f(±inf) = +inf."""
    a = np.abs(x)
    b = np.clip(a, 0.0, LOGCOSH_SWITCH)
    a -= b
    np.sinh(b, out=b)
    b *= b
    np.log1p(b, out=b)
    b *= 0.5
    b += a
    return b


def logcosh_fused(x: Array) -> tuple[Array, Array]:
    """(log cosh x, tanh x)."""
    y, d = pair(x)
    np.copyto(y, logcosh(x))
    return y, np.tanh(x, out=d)


def logcosh_d1(x: Array) -> Array:
    return np.tanh(x)


def logcosh_d2(x: Array) -> Array:
    """sech²x, without the 1 − tanh² cancellation."""
    return tanh_d1(x)


LISHT = ActivationSpec(
    name="lisht",
    family="other",
    forward=lisht,
    d1=lisht_d1,
    fused=lisht_fused,
    nan_safe=(0, 1),
    d2=lisht_d2,
    formula=r"$x\,\tanh x$",
    derivative_formula=r"$\tanh x + x\,\mathrm{sech}^2 x$",
    text="x * tanh(x)",
    range=Interval(0.0, INF, lo_closed=True),
    kink_rule=SMOOTH,
    reference="Roy, Manna, Dubey & Chaudhuri, LiSHT: Non-parametric linearly scaled "
    "hyperbolic tangent activation function for neural networks, CVIP 2022 "
    "(arXiv:1901.05894)",
    pros=(
        "unbounded above with a gradient that tends to ±1: no saturation for large |x|",
        "negative inputs give large positive outputs instead of dying",
    ),
    cons=(
        "even: x and −x give the same output, so the sign of the input is lost",
        "never negative: outputs are not zero-centred",
    ),
    use="experiments with non-monotone activations (the paper: MLPs, ResNets, LSTMs)",
    frameworks=frameworks(),
    framework_notes="none of PyTorch, JAX or Keras has it; TensorFlow Addons had "
    "tfa.activations.lisht (x * tanh(x)), now unmaintained",
)

LOGCOSH = ActivationSpec(
    name="logcosh",
    family="other",
    forward=logcosh,
    d1=logcosh_d1,
    fused=logcosh_fused,
    nan_safe=(0, 1),
    d2=logcosh_d2,
    formula=r"$\log\cosh x$",
    derivative_formula=r"$\tanh x$",
    text="log(cosh(x)), about x**2 / 2 near 0 and |x| - log(2) far out",
    range=Interval(0.0, INF, lo_closed=True),
    kink_rule=SMOOTH,
    reference="the log-cosh loss, a smooth Huber loss (Saleh & Saleh, Statistical "
    "properties of the log-cosh loss function used in machine learning, arXiv:2208.04564, "
    "2022); as an activation, the antiderivative of tanh",
    pros=(
        "smooth and convex: x²/2 near 0 and |x| − log 2 far out, like the Huber function",
        "its derivative is tanh: bounded gradients everywhere",
    ),
    cons=(
        "even and never negative: the sign of the input is lost",
        "rarely used as a hidden activation; mostly known as a regression loss",
    ),
    use="a smooth, robust penalty (log-cosh loss); a convex even activation",
    aliases=("log_cosh",),
    frameworks=frameworks(),
    framework_notes="not an activation in PyTorch, JAX or Keras; Keras has the loss "
    "keras.losses.log_cosh (mean of log cosh(y_pred − y_true)); cosh itself overflows from "
    "|x| = 710, so log(cosh(x)) in any framework gives inf there where this gives |x| − log 2",
)

SPECS = (LISHT, LOGCOSH)
