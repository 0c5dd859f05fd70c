"""Softplus and Mish: the smooth ReLU-like activations built on log(1 + e^x)."""

from __future__ import annotations

import math

import numpy as np

from actplot.activations._blocks import (
    INF,
    SMOOTH,
    Array,
    clip_finite,
    frameworks,
    pair,
    positive_param,
)
from actplot.activations._logistic import expit
from actplot.model import ActivationSpec, Interval, Param, Params

MISH_MIN = -0.30884341301725041  # the value at its negative critical point (mpmath)

# Mish with one exponential: e = e^x gives tanh(softplus(x)) = n/w with n = e(e + 2) and
# w = n + 2, and sech²(softplus(x))·σ(x) = 4e(1 + e)/w², all without cancellation.
# Above x = 40, tanh(softplus(x)) is 1 to the last bit, so x is capped there inside e.
_MISH_CAP = 40.0


def _mish_t(x: Array, t: Array, e: Array) -> tuple[Array, Array, Array]:
    """t = tanh(softplus(x)) in `t`; `e` ends holding w = e(e + 2) + 2 and is returned with
    n = e(e + 2) (before the division) left nowhere: (t, w, e^x) where e^x is gone."""
    np.clip(x, -INF, _MISH_CAP, out=e)
    np.exp(e, out=e)
    np.add(e, 2.0, out=t)
    t *= e  # n
    return t, e, e


def mish(x: Array) -> Array:
    r"""Mish: :math:`x\tanh(\ln(1+e^x))`. Smooth: no kinks."""
    y, w = np.empty_like(x), np.empty_like(x)
    _mish_t(x, y, w)
    np.add(y, 2.0, out=w)
    y /= w  # t = n/w
    y *= np.clip(x, -np.finfo(x.dtype).max, INF, out=w)
    return y


def mish_fused(x: Array) -> tuple[Array, Array]:
    y, d = pair(x)
    w = np.empty_like(x)
    _mish_t(x, y, d)  # y = n, d = e
    np.subtract(y, d, out=d)  # e(1 + e) = n − e
    np.add(y, 2.0, out=w)
    y /= w  # t
    d /= w
    d /= w
    d *= 4.0
    big = np.finfo(x.dtype).max
    d *= np.clip(x, -big, _MISH_CAP, out=w)
    d += y  # f' = t + x·sech²(softplus x)·σ(x)
    y *= np.clip(x, -big, INF, out=w)
    return y, d


def mish_d1(x: Array) -> Array:
    return mish_fused(x)[1]


def mish_d2(x: Array) -> Array:
    # From r = e^(−|x|): t = tanh(softplus x) and h = sech²(softplus x) without cancellation.
    r = np.exp(-np.abs(x))
    pos = x >= 0
    q = r * (r + 2)
    den = np.where(pos, 1 + 2 * r + 2 * r * r, q + 2)
    t = np.where(pos, 1 + 2 * r, q) / den
    h = 4 * np.square((1 + r) * np.where(pos, r, 1) / den)
    s = expit(x)
    return h * s * (2 + np.clip(x, -1000.0, 1000.0) * (expit(-x) - 2 * t * s))


def _softplus_z(x: Array, beta: float, threshold: float) -> Array:
    """βx clipped to [−1e4, 2·threshold] (within the float range): clipped values stay on
    the same branch. Clipping after the product: β·clip(x) may round past the maximum."""
    with np.errstate(over="ignore"):  # ±inf, clipped next
        z = np.multiply(x, beta)
    return clip_finite(z, -1e4, 2 * threshold)


# e^z must stay finite for z up to the threshold: below this cap log1p(e^z) is computed
# directly (accurate in both tails); larger thresholds take the two-term form.
_EXP_CAP = {np.dtype(np.float32): 80.0, np.dtype(np.float64): 700.0}


def _softplus_into(x: Array, beta: float, threshold: float, y: Array, d: Array | None) -> Array:
    """f into y (and f' into d): log1p(e^(βx))/β with z = βx capped at min(2·threshold, cap)
    (the linear branch takes over above threshold anyway), then x where βx > threshold."""
    with np.errstate(over="ignore"):  # beta > 1: −max·β = −inf, and e^−inf = 0
        np.multiply(x, beta, out=y)
    # Capped after the product: a cap on x (min(2·threshold, cap)/β) underflows to 0 for a
    # subnormal threshold, and +inf would then fall on the log branch.
    np.clip(y, -INF, min(2 * threshold, _EXP_CAP[x.dtype]), out=y)
    linear = y > threshold  # PyTorch's test, βx > threshold, on the same branch
    np.exp(y, out=y)
    if d is not None:
        np.add(y, 1.0, out=d)
        np.divide(y, d, out=d)  # σ(z) = e^z/(1 + e^z)
        d *= np.logical_not(linear)
        d += linear  # 1 on the linear branch; σ(threshold) at it (PyTorch)
    np.log1p(y, out=y)
    if beta != 1:
        y /= beta
    y *= np.logical_not(linear)  # blend by 0/1 factors: x·[βx > t] would be −inf·0 at −inf
    lin = np.clip(x, threshold / beta, INF)
    lin *= linear
    y += lin
    return y


def softplus(x: Array, beta: float = 1.0, threshold: float = 20.0) -> Array:
    r"""Softplus (PyTorch): x if βx > threshold, else :math:`\ln(1+e^{\beta x})/\beta`.

    At βx = threshold the log branch is used: f'(t/β) = σ(t), f''(t/β) = 0 (PyTorch 2.13).
    """
    if threshold >= _EXP_CAP[x.dtype]:
        return _softplus_stable(x, beta, threshold)
    return _softplus_into(x, beta, threshold, np.empty_like(x), None)


def _softplus_stable(x: Array, beta: float, threshold: float) -> Array:
    z = _softplus_z(x, beta, threshold)
    with np.errstate(over="ignore"):  # z/β passes the maximum only where z > threshold (x)
        soft = (np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))) / beta
    return np.where(z > threshold, x, soft)


def softplus_d1(x: Array, beta: float = 1.0, threshold: float = 20.0) -> Array:
    return softplus_fused(x, beta, threshold)[1]


def softplus_fused(x: Array, beta: float = 1.0, threshold: float = 20.0) -> tuple[Array, Array]:
    if threshold >= _EXP_CAP[x.dtype]:
        z = _softplus_z(x, beta, threshold)
        return _softplus_stable(x, beta, threshold), np.where(z > threshold, 1.0, expit(z))
    y, d = pair(x)
    return _softplus_into(x, beta, threshold, y, d), d


def softplus_d2(x: Array, beta: float = 1.0, threshold: float = 20.0) -> Array:
    z = _softplus_z(x, beta, threshold)
    return np.where(z >= threshold, 0.0, beta * expit(z) * expit(-z))


def _switch(p: Params) -> tuple[float, ...]:
    """x = threshold/β, where f switches to x; none where that lies beyond every float."""
    at = float(p["threshold"]) / float(p["beta"])
    return (at,) if math.isfinite(at) else ()


MISH = ActivationSpec(
    name="mish",
    where=r"$\sigma$: the logistic sigmoid",
    family="smooth",
    forward=mish,
    d1=mish_d1,
    fused=mish_fused,
    nan_safe=(0, 1),
    d2=mish_d2,
    formula=r"$x\,\tanh(\ln(1 + e^{x}))$",
    derivative_formula=r"$\tanh(s) + x\,\sigma(x)\,\mathrm{sech}^2(s),\ s = \ln(1+e^x)$",
    text="x * tanh(softplus(x))",
    range=Interval(MISH_MIN, INF, lo_closed=True),
    kink_rule=f"{SMOOTH}; f'(0) = 0.6, f''(0) = 0.64",
    reference="Misra, Mish: A self regularized non-monotonic activation function, 2019",
    pros=(
        "smooth with a soft negative dip, like Swish",
        "reported small gains over ReLU and Swish in object detection (YOLOv4)",
    ),
    cons=(
        "an exponential, a log and a tanh per element: among the dearest here",
        "gains over SiLU are small and not consistent",
    ),
    use="vision backbones such as YOLOv4's CSPDarknet",
    frameworks=frameworks("mish", "jax.nn.mish", "mish"),
    framework_notes="PyTorch's gradient is nan at ±inf; here the limits 0 and 1",
)

SOFTPLUS = ActivationSpec(
    name="softplus",
    symbols={"threshold": "t"},
    where=r"$\sigma$: the logistic sigmoid",
    family="smooth",
    forward=softplus,
    d1=softplus_d1,
    fused=softplus_fused,
    nan_safe=(0, 1),
    d2=softplus_d2,
    formula=r"$\frac{1}{\beta}\ln(1 + e^{\beta x})$ if $\beta x \leq t$ else $x$",
    derivative_formula=r"$\sigma(\beta x)$ if $\beta x \leq t$ else $1$",
    text="log(1 + exp(beta * x)) / beta, or x once beta * x > threshold",
    range=Interval(0.0, INF),
    params=(
        Param(
            "beta",
            1.0,
            "sharpness: larger is closer to ReLU. At least 1e-300: f(0) = ln 2/beta, which "
            "leaves float64 below about 3.9e-309",
            bounds=Interval.at_least(1e-300),
            span=(0.1, 5.0),
        ),
        positive_param("threshold", 20.0, "beta*x above which f is just x", (1.0, 40.0)),
    ),
    kinks=_switch,
    jumps=_switch,
    kink_rule="at x = threshold/beta (20 by default) f switches to the linear branch, "
    "dropping by log1p(exp(-threshold))/beta ≈ 2.06e-9; f there is the log value, f' = "
    "σ(threshold) ≈ 0.9999999979 and f'' = 0, as PyTorch 2.13's autograd gives them",
    reference="Dugas et al., Incorporating second-order functional knowledge for "
    "better option pricing, NeurIPS 2000",
    pros=(
        "a smooth ReLU: positive everywhere, gradient never exactly 0",
        "its derivative is the logistic sigmoid",
    ),
    cons=(
        "an exp and a log1p per element",
        "PyTorch's threshold switch adds a tiny jump (about 2e-9)",
    ),
    use="outputs that must be positive (variances, rates) and smooth-ReLU experiments",
    frameworks=frameworks("softplus", "jax.nn.softplus", "softplus"),
    framework_notes="only PyTorch has beta and threshold; jax.nn.softplus and Keras "
    "compute log(1 + e^x) everywhere, with no linear switch",
)

SPECS = (MISH, SOFTPLUS)
