"""Smooth ReLU-like activations: curves that follow x for large inputs and fade to (about) 0
for negative ones without a corner. This module holds GELU and SiLU/Swish;
softplus_mish.py beside it holds softplus and Mish, algebraic.py the square-root ones."""

from __future__ import annotations

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
from actplot.activations._logistic import expit, logistic_slope
from actplot.activations.smooth._gelu import (
    GELU_C,
    INV_SQRT_2PI,
    SQRT_2_OVER_PI,
    gelu_exact,
    gelu_exact_fused,
    gelu_tanh,
    gelu_tanh_fused,
)
from actplot.model import ActivationSpec, Interval, Param

# Minima (value at the single negative critical point), from mpmath at 30 digits.
GELU_MIN = -0.16997120747990366
SILU_MIN = -0.27846454276107380


def gelu(x: Array, approximate: str = "none") -> Array:
    r"""GELU: :math:`x\Phi(x)`; 'tanh': :math:`\frac{x}{2}(1+\tanh u) = x\,\sigma(2u)`,
    :math:`u = \sqrt{2/\pi}(x + 0.044715x^3)`. Smooth: no kinks."""
    return gelu_tanh(x) if approximate == "tanh" else gelu_exact(x)


def gelu_fused(x: Array, approximate: str = "none") -> tuple[Array, Array]:
    return gelu_tanh_fused(x) if approximate == "tanh" else gelu_exact_fused(x)


def gelu_d1(x: Array, approximate: str = "none") -> Array:
    return gelu_fused(x, approximate)[1]


def gelu_d2(x: Array, approximate: str = "none") -> Array:
    if approximate == "tanh":
        xc = np.clip(x, -100.0, 100.0)
        v = 2 * SQRT_2_OVER_PI * (xc + GELU_C * xc * xc * xc)
        g = expit(v) * expit(-v)
        dv = 2 * SQRT_2_OVER_PI * (1 + 3 * GELU_C * xc * xc)
        d2v = 12 * SQRT_2_OVER_PI * GELU_C * xc
        return g * (2 * dv - xc * np.tanh(0.5 * v) * dv * dv + xc * d2v)
    xc = np.clip(x, -40.0, 40.0)
    return INV_SQRT_2PI * np.exp(-0.5 * xc * xc) * (2 - xc * xc)


def _silu_exp(x: Array, beta: float, t: Array) -> Array:
    """t = e^(−βx): inf far left, where σ(βx) = 0."""
    with np.errstate(over="ignore"):
        np.multiply(x, -beta, out=t)
        return np.exp(t, out=t)


def silu(x: Array, beta: float = 1.0) -> Array:
    r"""SiLU / Swish-β: :math:`x\,\sigma(\beta x)`; silu(−∞) = 0, silu(∞) = ∞. No kinks."""
    y = _silu_exp(x, beta, np.empty_like(x))
    y += 1.0
    with np.errstate(invalid="ignore"):  # −inf/inf at −inf ...
        np.divide(x, y, out=y)  # x/(1 + e^(−βx))
    if (at := infinite_at(x, -1)) is not None:
        y[at] = 0.0  # ... where the limit is 0
    return y


def silu_fused(x: Array, beta: float = 1.0) -> tuple[Array, Array]:
    y, d = pair(x)
    t = _silu_exp(x, beta, np.empty_like(x))
    np.add(t, 1.0, out=d)
    np.divide(1.0, d, out=d)  # s = σ(βx)
    with np.errstate(invalid="ignore"):  # ±inf·0 at x = ±inf, patched below
        np.multiply(x, d, out=y)  # x·s
        np.clip(t, 0.0, np.finfo(x.dtype).max, out=t)  # inf only where s = 0
        t *= d  # σ(−βx)
        t *= y
        t *= beta
        d += t  # f' = s + βx·s·σ(−βx)
    if (at := infinite_at(x, -1)) is not None:
        y[at], d[at] = 0.0, 0.0  # the limits at −inf
    if (at := infinite_at(x, 1)) is not None:
        d[at] = 1.0  # and at +inf
    return y, d


def silu_d1(x: Array, beta: float = 1.0) -> Array:
    return silu_fused(x, beta)[1]


def silu_d2(x: Array, beta: float = 1.0) -> Array:
    # σ(z) is 0 or 1 in every float format once |z| > 1500, even times x = ±1.8e308.
    z = beta * clip_finite(x, -1500.0 / beta, 1500.0 / beta)
    # σ(z)σ(−z) by logistic_slope: expit(−z) is 0 from z ≈ 709.8 on, e^−|z| not until 745.
    return beta * logistic_slope(z) * (2 - z * np.tanh(0.5 * z))


GELU = ActivationSpec(
    name="gelu",
    variants={
        ("approximate", "tanh"): (
            r"$\frac{x}{2}\left(1 + \tanh u\right),\ u = \sqrt{2/\pi}\,(x + 0.044715\,x^3)$",
            r"$\frac{1}{2}(1 + \tanh u) + \frac{x}{2}\,\mathrm{sech}^2 u\,\sqrt{2/\pi}\,"
            r"(1 + 0.134145\,x^2)$",
        )
    },
    where=r"$\Phi$, $\phi$: the standard normal CDF and density",
    family="smooth",
    forward=gelu,
    d1=gelu_d1,
    fused=gelu_fused,
    nan_safe=(0, 1),
    d2=gelu_d2,
    formula=r"$x\,\Phi(x)$",
    derivative_formula=r"$\Phi(x) + x\,\phi(x)$",
    text="x * Phi(x), Phi the standard normal CDF (or the tanh approximation)",
    range=Interval(GELU_MIN, INF, lo_closed=True),
    params=(
        Param(
            "approximate",
            "none",
            "'none': exact normal CDF; 'tanh': the tanh approximation",
            choices=("none", "tanh"),
        ),
    ),
    kink_rule=f"{SMOOTH}; f'(0) = 0.5, f''(0) = 0.798 (√(2/π)) in both forms",
    reference="Hendrycks & Gimpel, Gaussian error linear units (GELUs), 2016",
    pros=(
        "smooth and slightly non-monotonic: small negative inputs pass a little signal",
        "weights each input by how likely it is to be positive under a unit Gaussian",
        "strong results in Transformers (BERT, GPT)",
    ),
    cons=(
        "dearer than ReLU: an erf (or a tanh of a cubic) per element",
        "two variants (exact and tanh) give slightly different numbers",
    ),
    use="feed-forward blocks of Transformers",
    aliases=("gaussian_error_linear_unit",),
    frameworks=frameworks("gelu", "jax.nn.gelu", "gelu"),
    framework_notes="PyTorch (approximate='none'), keras.activations.gelu (approximate=False) "
    "and ONNX default to the exact form; jax.nn.gelu and keras.ops.gelu default to "
    "approximate=True, the tanh form",
)

SILU = ActivationSpec(
    name="silu",
    where=r"$\sigma$: the logistic sigmoid",
    family="smooth",
    forward=silu,
    d1=silu_d1,
    fused=silu_fused,
    nan_safe=(0, 1),
    d2=silu_d2,
    formula=r"$x\,\sigma(\beta x)$",
    derivative_formula=r"$\sigma(\beta x)\,(1 + \beta x\,(1 - \sigma(\beta x)))$",
    text="x * sigmoid(beta * x)",
    range=Interval(SILU_MIN, INF, lo_closed=True),
    params=(positive_param("beta", 1.0, "slope inside the sigmoid (Swish-β)", (0.1, 5.0)),),
    kink_rule=f"{SMOOTH}; f'(0) = 0.5, f''(0) = β/2 (0.5 at β = 1)",
    reference="Elfwing, Uchibe & Doya, Sigmoid-weighted linear units, 2018; "
    "Ramachandran, Zoph & Le, Searching for activation functions (Swish), 2017",
    pros=(
        "smooth, with a small negative dip that keeps gradients for negative inputs",
        "found by automated search to beat ReLU on deep image models",
        "cheap: one sigmoid and one product",
    ),
    cons=(
        "non-monotonic, unbounded above",
        "dearer than ReLU",
    ),
    use="CNNs such as EfficientNet and MobileNetV3, and LLM gated MLPs (SwiGLU)",
    aliases=("swish", "sigmoid_linear_unit"),
    frameworks=frameworks("silu", "jax.nn.silu", "silu"),
    framework_notes="PyTorch, JAX and Keras fix beta = 1 (JAX and Keras also call it "
    "swish); PyTorch's silu(-inf) is nan, here the limit 0",
)

SPECS = (GELU, SILU)
