"""S-shapes from recent models: the Laplace activation (the Gaussian CDF of a shifted, scaled
input, MEGA's attention activation) and DyT (a scaled tanh that replaces LayerNorm in
"Transformers without Normalization")."""

from __future__ import annotations

import math

import numpy as np

from actplot.activations._blocks import SMOOTH, Array, frameworks, pair, positive_param, scaled
from actplot.activations._special import ndtr
from actplot.activations.sigmoid.logistic import tanh_d1, tanh_fused
from actplot.model import ActivationSpec, Interval, Param

INV_SQRT_2PI = 1 / math.sqrt(2 * math.pi)
LAPLACE_MU = 0.707107  # 1/√2 to six digits, as in MEGA and transformers
LAPLACE_SIGMA = 0.282095  # 1/(2√π) to six digits
U_CAP = 50.0  # φ(50) < 1e-543: the density is 0 beyond in every float format


def _standardised(x: Array, mu: float, sigma: float, out: Array) -> Array:
    """u = (x − μ)/σ into `out`. ±inf where it leaves the float range (its rounding). In
    float32, μ goes in as a float32 and its rounding error (an absolute 2e-8 that the tail
    magnifies u-fold) as a second float32: x − μ_hi is exact near μ."""
    with np.errstate(over="ignore"):
        np.subtract(x, mu, out=out)
        if x.dtype != np.float64 and mu != 0:
            lo = float(mu - float(np.float32(mu)))
            if lo:
                out -= lo
        out /= sigma
    return out


def laplace(x: Array, mu: float = LAPLACE_MU, sigma: float = LAPLACE_SIGMA) -> Array:
    r"""Laplace activation :math:`\frac12(1 + \mathrm{erf}((x-\mu)/(\sigma\sqrt2)))
    = \Phi((x-\mu)/\sigma)`, by scipy's ndtr (relative-accurate in the lower tail, where
    1 + erf would cancel). Smooth; 0 and 1 at ∓inf."""
    u = _standardised(x, mu, sigma, np.empty_like(x))
    return ndtr(u, out=u)


def _density_into(u: Array, out: Array) -> Array:
    """φ(u) = e^(−u²/2)/√(2π) into `out`, u capped at ±50 (beyond, φ is 0 anyway)."""
    np.clip(u, -U_CAP, U_CAP, out=out)
    out *= out
    out *= -0.5
    np.exp(out, out=out)
    out *= INV_SQRT_2PI
    return out


def laplace_fused(
    x: Array, mu: float = LAPLACE_MU, sigma: float = LAPLACE_SIGMA
) -> tuple[Array, Array]:
    """(f, f') with f' = φ(u)/σ: one u for both."""
    y, d = pair(x)
    u = _standardised(x, mu, sigma, y)
    _density_into(u, d)
    with np.errstate(over="ignore"):  # a tiny σ: the true f' passes the float maximum
        d /= sigma
    return ndtr(u, out=y), d


def laplace_d1(x: Array, mu: float = LAPLACE_MU, sigma: float = LAPLACE_SIGMA) -> Array:
    return laplace_fused(x, mu, sigma)[1]


def laplace_d2(x: Array, mu: float = LAPLACE_MU, sigma: float = LAPLACE_SIGMA) -> Array:
    """f'' = −u·φ(u)/σ², u capped at ±50 in the product (φ = 0 there, so no inf·0), and
    divided by σ twice (σ² itself may underflow)."""
    u = _standardised(x, mu, sigma, np.empty_like(x))
    d = _density_into(u, np.empty_like(x))
    np.clip(u, -U_CAP, U_CAP, out=u)
    d *= u
    np.negative(d, out=d)
    with np.errstate(over="ignore"):
        d /= sigma
        d /= sigma
    return d


def _phase(x: Array, alpha: float) -> Array:
    """αx, with 0 (not nan) for α = 0 at infinite x and ±inf where it leaves the range."""
    with np.errstate(over="ignore"):
        return scaled(x, alpha)


def dyt(x: Array, alpha: float = 0.5, gamma: float = 1.0, beta: float = 0.0) -> Array:
    r"""Dynamic tanh :math:`\gamma\tanh(\alpha x) + \beta`; γ and β are per-channel vectors
    in the paper, scalars here. Smooth; β ∓ γ at ∓inf (α > 0)."""
    y = np.tanh(_phase(x, alpha))
    with np.errstate(over="ignore"):  # γ and β near the float maximum: inf is the rounding
        y *= gamma
        y += beta
    return y


def _times(v: Array, *factors: float) -> Array:
    """v·c₁·c₂··· in place, the array first: each step is finite·finite (inf only as a
    rounding) or 0, never inf·0, as long as every factor is nonzero; a zero factor gives 0."""
    if any(c == 0 for c in factors):
        v[...] = 0.0
        return v
    with np.errstate(over="ignore"):
        for c in factors:
            v *= c
    return v


def dyt_fused(
    x: Array, alpha: float = 0.5, gamma: float = 1.0, beta: float = 0.0
) -> tuple[Array, Array]:
    """(f, f') with f' = γα·sech²(αx), sech² without the 1 − tanh² cancellation."""
    t, s = tanh_fused(_phase(x, alpha))
    with np.errstate(over="ignore"):
        t *= gamma
        t += beta
    return t, _times(s, alpha, gamma)


def dyt_d1(x: Array, alpha: float = 0.5, gamma: float = 1.0, beta: float = 0.0) -> Array:
    return _times(tanh_d1(_phase(x, alpha)), alpha, gamma)


def dyt_d2(x: Array, alpha: float = 0.5, gamma: float = 1.0, beta: float = 0.0) -> Array:
    """f'' = −2γα²·tanh(αx)·sech²(αx)."""
    t, s = tanh_fused(_phase(x, alpha))
    s *= t
    return _times(s, -2.0, alpha, alpha, gamma)


LAPLACE = ActivationSpec(
    name="laplace",
    family="sigmoid",
    forward=laplace,
    d1=laplace_d1,
    fused=laplace_fused,
    nan_safe=(0, 1),
    d2=laplace_d2,
    formula=r"$\frac{1}{2}\left(1+\mathrm{erf}\left(\frac{x-\mu}{\sigma\sqrt{2}}\right)\right)$",
    derivative_formula=r"$\frac{1}{\sigma\sqrt{2\pi}}\,e^{-(x-\mu)^2/(2\sigma^2)}$",
    text="0.5 * (1 + erf((x - mu) / (sigma * sqrt(2)))), the normal CDF of (x - mu) / sigma",
    range=Interval(0.0, 1.0),
    params=(
        Param("mu", LAPLACE_MU, "the input where f = 1/2 (the centre)", span=(-2.0, 2.0)),
        positive_param("sigma", LAPLACE_SIGMA, "the width of the rise", span=(0.05, 2.0)),
    ),
    kink_rule=SMOOTH,
    reference="Ma et al., Mega: Moving Average Equipped Gated Attention, ICLR 2023 "
    "(arXiv:2209.10655), as the attention activation; μ = 1/√2 and σ = 1/(2√π) make it "
    "match squared ReLU's value and slope at x = √2",
    pros=(
        "bounded in (0, 1) with a bounded slope (at most 1/(σ√2π) ≈ 1.41)",
        "as sharp as squared ReLU near its centre, without its unbounded growth",
    ),
    cons=(
        "saturates: gradients vanish beyond a few σ from μ",
        "an erf per element, and two constants to tune",
    ),
    use="attention-score activation in MEGA-style models, in place of softmax or relu²",
    aliases=("laplace_activation",),
    frameworks=frameworks(),
    framework_notes="none of PyTorch, JAX or Keras has it; transformers' LaplaceActivation "
    "(ACT2CLS 'laplace', mu=0.707107, sigma=0.282095) is 0.5 * (1 + torch.erf((x - mu) / "
    "(sigma * sqrt(2))))",
)

DYT = ActivationSpec(
    name="dyt",
    family="sigmoid",
    forward=dyt,
    d1=dyt_d1,
    fused=dyt_fused,
    nan_safe=(0, 1),
    d2=dyt_d2,
    formula=r"$\gamma\,\tanh(\alpha x)+\beta$",
    derivative_formula=r"$\gamma\alpha\,\mathrm{sech}^2(\alpha x)$",
    text="gamma * tanh(alpha * x) + beta",
    range=Interval(-1.0, 1.0),
    params=(
        Param("alpha", 0.5, "input scale (learnable; the paper's initial value)", span=(0.0, 4.0)),
        Param("gamma", 1.0, "output scale (a per-channel weight in the paper)", span=(-2.0, 2.0)),
        Param("beta", 0.0, "output shift (a per-channel bias in the paper)", span=(-2.0, 2.0)),
    ),
    kink_rule=SMOOTH,
    reference="Zhu, Chen, He, LeCun & Liu, Transformers without Normalization, CVPR 2025 "
    "(arXiv:2503.10622)",
    pros=(
        "element-wise: replaces LayerNorm/RMSNorm without computing any statistics",
        "squashes outliers like the S-shaped input-output map LayerNorm is observed to have",
    ),
    cons=(
        "saturates: gradients vanish for large |αx|",
        "α needs tuning for large language models (the paper lowers its initial value with width)",
    ),
    use="in place of the normalization layers of Transformers (ViT, DiT, LLaMA in the paper)",
    aliases=("dynamic_tanh",),
    frameworks=frameworks(),
    framework_notes="none of PyTorch, JAX or Keras has it; the paper's DynamicTanh module is "
    "weight * torch.tanh(alpha * x) + bias with alpha a learnable scalar (init 0.5) and "
    "weight, bias per channel (init 1, 0)",
)

SPECS = (LAPLACE, DYT)
