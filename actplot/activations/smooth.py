"""Smooth ReLU-like activations: curves that follow x for large inputs and fade to (about) 0
for negative ones without a corner. This module holds the ones built on exponentials (GELU,
SiLU/Swish, Mish, softplus); smooth_algebraic.py holds the square-root ones."""

from __future__ import annotations

import math

import numpy as np

from actplot._special import expit, ndtr
from actplot.activations._common import SMOOTH, Array, clip_finite, frameworks, positive_param
from actplot.core import ActivationSpec, Interval, Param
from actplot.registry import register

INF = math.inf
SQRT_2_OVER_PI = math.sqrt(2 / math.pi)
INV_SQRT_2PI = 1 / math.sqrt(2 * math.pi)
GELU_C = 0.044715
# Minima (value at the single negative critical point), from mpmath at 30 digits.
GELU_MIN = -0.16997120747990366
SILU_MIN = -0.27846454276107380
MISH_MIN = -0.30884341301725041


def _gelu_tanh_parts(x: Array) -> tuple[Array, Array]:
    # Beyond |x| = 100 the logistic below is exactly 0 or 1; clipping keeps x³ finite.
    xc = np.clip(x, -100.0, 100.0)
    return xc, 2 * SQRT_2_OVER_PI * (xc + GELU_C * xc**3)


def gelu(x: Array, approximate: str = "none") -> Array:
    r"""GELU: :math:`x\Phi(x)`; 'tanh': :math:`\frac{x}{2}(1+\tanh u) = x\,\sigma(2u)`,
    :math:`u = \sqrt{2/\pi}(x + 0.044715x^3)`. Smooth: no kinks."""
    if approximate == "tanh":
        xc, v = _gelu_tanh_parts(x)
        return np.maximum(x, -100.0) * expit(v)
    return np.maximum(x, -40.0) * ndtr(x)  # Φ(x) is exactly 0 below −40


def gelu_d1(x: Array, approximate: str = "none") -> Array:
    if approximate == "tanh":
        xc, v = _gelu_tanh_parts(x)
        s = expit(v)
        return s + xc * s * expit(-v) * 2 * SQRT_2_OVER_PI * (1 + 3 * GELU_C * xc * xc)
    xc = np.clip(x, -40.0, 40.0)
    return ndtr(x) + xc * INV_SQRT_2PI * np.exp(-0.5 * xc * xc)


def gelu_d2(x: Array, approximate: str = "none") -> Array:
    if approximate == "tanh":
        xc, v = _gelu_tanh_parts(x)
        g = expit(v) * expit(-v)
        dv = 2 * SQRT_2_OVER_PI * (1 + 3 * GELU_C * xc * xc)
        d2v = 12 * SQRT_2_OVER_PI * GELU_C * xc
        return g * (2 * dv - xc * np.tanh(0.5 * v) * dv * dv + xc * d2v)
    xc = np.clip(x, -40.0, 40.0)
    return INV_SQRT_2PI * np.exp(-0.5 * xc * xc) * (2 - xc * xc)


def _silu_parts(x: Array, beta: float) -> tuple[Array, Array, Array]:
    # σ(z) is 0 or 1 in every float format once |z| > 1500, even times x = ±1.8e308.
    xc = clip_finite(x, -1500.0 / beta, 1500.0 / beta)
    z = beta * xc
    return xc, z, expit(z)


def silu(x: Array, beta: float = 1.0) -> Array:
    r"""SiLU / Swish-β: :math:`x\,\sigma(\beta x)`; silu(−∞) = 0, silu(∞) = ∞. No kinks."""
    xc, z, s = _silu_parts(x, beta)
    return np.where(x > 0, x, xc) * s


def silu_d1(x: Array, beta: float = 1.0) -> Array:
    xc, z, s = _silu_parts(x, beta)
    return s + z * s * expit(-z)


def silu_d2(x: Array, beta: float = 1.0) -> Array:
    xc, z, s = _silu_parts(x, beta)
    return beta * s * expit(-z) * (2 - z * np.tanh(0.5 * z))


def _mish_parts(x: Array) -> tuple[Array, Array]:
    """t = tanh(softplus(x)) and h = sech²(softplus(x)), from r = e^(−|x|) only."""
    r = np.exp(-np.abs(x))
    pos = x >= 0
    q = r * (r + 2)
    # x >= 0: t = (1 + 2r)/(1 + 2r + 2r²);  x < 0: t = (r² + 2r)/(r² + 2r + 2).
    den = np.where(pos, 1 + 2 * r + 2 * r * r, q + 2)
    t = np.where(pos, 1 + 2 * r, q) / den
    h = 4 * np.square((1 + r) * np.where(pos, r, 1) / den)  # 1 − t² without cancellation
    return t, h


def mish(x: Array) -> Array:
    r"""Mish: :math:`x\tanh(\ln(1+e^x))`. Smooth: no kinks."""
    t, _ = _mish_parts(x)
    return np.maximum(x, -1000.0) * t


def mish_d1(x: Array) -> Array:
    t, h = _mish_parts(x)
    return t + np.clip(x, -1000.0, 1000.0) * h * expit(x)


def mish_d2(x: Array) -> Array:
    t, h = _mish_parts(x)
    s = expit(x)
    return h * s * (2 + np.clip(x, -1000.0, 1000.0) * (expit(-x) - 2 * t * s))


def _softplus_z(x: Array, beta: float, threshold: float) -> Array:
    # Clipping keeps beta·x finite; clipped values stay on the same branch.
    return beta * clip_finite(x, -1e4 / beta, 2 * threshold / beta)


def softplus(x: Array, beta: float = 1.0, threshold: float = 20.0) -> Array:
    r"""Softplus (PyTorch): x if βx > threshold, else :math:`\ln(1+e^{\beta x})/\beta`.

    At βx = threshold the log branch is used: f'(t/β) = σ(t), f''(t/β) = 0 (PyTorch 2.13).
    """
    z = _softplus_z(x, beta, threshold)
    soft = (np.maximum(z, 0) + np.log1p(np.exp(-np.abs(z)))) / beta
    return np.where(z > threshold, x, soft)


def softplus_d1(x: Array, beta: float = 1.0, threshold: float = 20.0) -> Array:
    z = _softplus_z(x, beta, threshold)
    return np.where(z > threshold, 1.0, expit(z))


def softplus_d2(x: Array, beta: float = 1.0, threshold: float = 20.0) -> Array:
    z = _softplus_z(x, beta, threshold)
    return np.where(z >= threshold, 0.0, beta * expit(z) * expit(-z))


register(
    ActivationSpec(
        name="gelu",
        family="smooth",
        forward=gelu,
        d1=gelu_d1,
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
        framework_notes="PyTorch (approximate='none') and Keras (approximate=False) default "
        "to the exact form; jax.nn.gelu defaults to approximate=True, the tanh form",
    )
)

register(
    ActivationSpec(
        name="silu",
        family="smooth",
        forward=silu,
        d1=silu_d1,
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
)

register(
    ActivationSpec(
        name="mish",
        family="smooth",
        forward=mish,
        d1=mish_d1,
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
)

register(
    ActivationSpec(
        name="softplus",
        family="smooth",
        forward=softplus,
        d1=softplus_d1,
        d2=softplus_d2,
        formula=r"$\frac{1}{\beta}\ln(1 + e^{\beta x})$ if $\beta x \leq t$ else $x$",
        derivative_formula=r"$\sigma(\beta x)$ if $\beta x \leq t$ else $1$",
        text="log(1 + exp(beta * x)) / beta, or x once beta * x > threshold",
        range=Interval(0.0, INF),
        params=(
            positive_param("beta", 1.0, "sharpness: larger is closer to ReLU", (0.1, 5.0)),
            positive_param("threshold", 20.0, "beta*x above which f is just x", (1.0, 40.0)),
        ),
        kinks=lambda p: (p["threshold"] / p["beta"],),
        jumps=lambda p: (p["threshold"] / p["beta"],),
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
)
