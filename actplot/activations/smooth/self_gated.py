"""Self-gated activations x·gate(x) with other gates than SiLU's σ and GELU's Φ: GoLU (the
Gompertz curve e^(−e^(−x))), SERF (erf of softplus), Smish (tanh of log(1 + σ)) and TanhExp
(tanh of e^x). All are smooth, dip below 0 once for negative x and follow x (Smish: 0.6x)
for large x. Each gate is written so that no branch overflows and no tail cancels."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from actplot.activations._blocks import (
    INF,
    SMOOTH,
    Array,
    clip_finite,
    frameworks,
    pair,
    times_mask,
)
from actplot.activations._logistic import expit, logistic_slope
from actplot.activations._special import erf
from actplot.model import ActivationSpec, Interval

TWO_OVER_SQRT_PI = 2 / math.sqrt(math.pi)

# Minima (value at the single negative critical point), from mpmath at 40 digits. GoLU's is
# −Ω·e^(−1/Ω) at x = −Ω, Ω = W(1) the omega constant.
GOLU_MIN = -0.097260131227639404585
SERF_MIN = -0.34843745875960642022
SMISH_MIN = -0.24999366366012949539
TANHEXP_MIN = -0.35328577784821127099

# Beyond these the gates are 0 or 1 (and their derivatives 0) to the last bit, in float32
# and float64; capping x there keeps exponentials finite.
_GOLU_LO = -50.0  # e^(−e^50) = 0
_SERF_HI = 30.0  # e^(−softplus(30)²) = e^−900 = 0
_TANHEXP_HI = 40.0  # tanh(e^40) = 1, sech²(e^40) = 0


# ---- GoLU: x·G(x), G = exp(−e^(−x)) ------------------------------------------------------


def _gompertz(x: Array, out: Array, u: Array) -> Array:
    """G = exp(−u) into `out`, with u = e^(−x) for x capped below at −50 left in `u`."""
    np.clip(x, _GOLU_LO, INF, out=u)
    np.negative(u, out=u)
    np.exp(u, out=u)  # u = e^(−x), 0 at +inf
    np.negative(u, out=out)
    return np.exp(out, out=out)


def golu(x: Array) -> Array:
    r"""GoLU: :math:`x\,e^{-e^{-x}}`. Smooth: no kinks."""
    y, u = np.empty_like(x), np.empty_like(x)
    _gompertz(x, y, u)
    # Below −50 G is exactly 0, so x·G = max(x, −50)·G there too: no −inf·0.
    y *= np.clip(x, _GOLU_LO, INF, out=u)
    return y


def golu_fused(x: Array) -> tuple[Array, Array]:
    y, d = pair(x)
    u = np.empty_like(x)
    _gompertz(x, y, u)
    u *= clip_finite(x, _GOLU_LO, INF)  # x·e^(−x) (0 at +inf: max·0)
    u += 1.0
    np.multiply(y, u, out=d)  # f' = G(1 + x e^(−x))
    y *= np.clip(x, _GOLU_LO, INF, out=u)
    return y, d


def golu_d1(x: Array) -> Array:
    return golu_fused(x)[1]


def golu_d2(x: Array) -> Array:
    g, u = np.empty_like(x), np.empty_like(x)
    _gompertz(x, g, u)
    xf = clip_finite(x, _GOLU_LO, INF)
    t = xf * u  # x e^(−x)
    t += 2.0
    t -= xf  # 2 − x + x e^(−x)
    g *= u
    g *= t  # f'' = G e^(−x)(2 − x + x e^(−x))
    return g


# ---- SERF: x·erf(softplus(x)) -------------------------------------------------------------


def _softplus(x: Array) -> Array:
    """log(1 + e^x) = max(x, 0) + log1p(e^−|x|): accurate in both tails, inf at +inf."""
    t = np.abs(x)
    np.negative(t, out=t)
    np.exp(t, out=t)
    np.log1p(t, out=t)
    t += np.clip(x, 0.0, INF)
    return t


def serf(x: Array) -> Array:
    r"""SERF: :math:`x\,\mathrm{erf}(\ln(1 + e^x))`. Smooth: no kinks."""
    y = erf(_softplus(x))
    return times_mask(y, x, 0.0)  # erf(0)·(−inf): the limit 0


def _serf_slope(x: Array) -> tuple[Array, Array, Array, Array]:
    """(xc, sp, s, w) for the derivatives: xc = x capped to [−max, 30], sp = softplus(xc),
    s = σ(x), w = (2/√π)e^(−sp²)σ(x), the derivative of erf(softplus(x))."""
    xc = clip_finite(x, -INF, _SERF_HI)
    sp = _softplus(xc)
    s = expit(x)
    w = np.square(sp)
    np.negative(w, out=w)
    np.exp(w, out=w)
    w *= s
    w *= TWO_OVER_SQRT_PI
    return xc, sp, s, w


def serf_fused(x: Array) -> tuple[Array, Array]:
    xc, _, _, w = _serf_slope(x)
    e = erf(_softplus(x))
    d = np.multiply(w, xc, out=w)  # x·w: 0 above 30 (w = 0 there; at −inf −max·0)
    d += e  # f' = erf(softplus x) + x·w
    return times_mask(e, x, 0.0), d


def serf_d1(x: Array) -> Array:
    return serf_fused(x)[1]


def serf_d2(x: Array) -> Array:
    """f'' = w·(2 + x(1 − σ − 2σ·softplus)), with 1 − σ = σ(−x). In float64 for float32
    input: f'' has a root near −2.26, where float32 loses 3e-5 relative at x = −2.25."""
    return _in_float64(_serf_d2, x)


def _serf_d2(x: Array) -> Array:
    xc, sp, s, w = _serf_slope(x)
    sp *= s
    sp *= -2.0
    sp += expit(-x)
    sp *= xc
    sp += 2.0
    w *= sp
    return w


def _in_float64(fn: Callable[[Array], Array], x: Array) -> Array:
    """fn(x) evaluated in float64 and rounded once to x's dtype. For the values where a
    root makes the formula ill-conditioned, float32's own rounding would cost more than
    the 2e-5 relative the registry promises there."""
    if x.dtype == np.float64:
        return fn(x)
    with np.errstate(over="ignore"):  # a float64 result beyond float32: inf, its rounding
        return fn(x.astype(np.float64)).astype(x.dtype)


# ---- Smish: x·tanh(log(1 + σ(x))) ---------------------------------------------------------
# With s = σ(x): tanh(log(1 + s)) = s(s + 2)/D, D = s² + 2s + 2, a rational function of
# s ∈ (0, 1) with no cancellation; dt/dx = 4(1 + s)·s q/D², q = σ(−x) = 1 − s.


def _smish_t(s: Array) -> tuple[Array, Array]:
    """(t, D) from s = σ(x)."""
    n = s + 2.0
    n *= s  # s(s + 2)
    den = n + 2.0
    n /= den
    return n, den


def smish(x: Array) -> Array:
    r"""Smish: :math:`x\tanh(\ln(1 + \sigma(x)))`. Smooth: no kinks."""
    t, _ = _smish_t(expit(x))
    return times_mask(t, x, 0.0)  # t = 0 at −inf: the limit 0


def _smish_slope(s: Array, q: Array, den: Array) -> Array:
    """t' = 4(1 + s)·sq/D²."""
    dt = s + 1.0
    dt *= s
    dt *= q
    dt *= 4.0
    dt /= den
    dt /= den
    return dt


def smish_fused(x: Array) -> tuple[Array, Array]:
    s, q = expit(x), expit(-x)
    t, den = _smish_t(s)
    d = _smish_slope(s, q, den)
    d *= clip_finite(x, -INF, INF)
    d += t  # f' = t + x t'
    return times_mask(t, x, 0.0), d


def smish_d1(x: Array) -> Array:
    return smish_fused(x)[1]


def smish_d2(x: Array) -> Array:
    # t'' = d²t/ds²·(s')² + dt/ds·s'', s' = sq, s'' = sq(q − s) = −sq·tanh(x/2),
    # dt/ds = 4(1 + s)/D², d²t/ds² = −4(3s² + 6s + 2)/D³; f'' = 2t' + x t''.
    xf = clip_finite(x, -INF, INF)
    s = expit(x)
    _, den = _smish_t(s)
    sq = logistic_slope(x)  # s·q
    dt_ds = 4.0 * (1.0 + s) / den / den
    d2t_ds2 = -4.0 * (3.0 * s * s + 6.0 * s + 2.0) / den / den / den
    t2 = d2t_ds2 * sq * sq - dt_ds * sq * np.tanh(0.5 * xf)
    return 2.0 * dt_ds * sq + xf * t2


# ---- TanhExp: x·tanh(e^x) -----------------------------------------------------------------


def _tanhexp_parts(x: Array) -> tuple[Array, Array, Array]:
    """(xd, z, h): xd = x capped to [−max, 40], z = e^xd, h = sech²(z) = 4w/(1 + w)² with
    w = e^(−2z) (no cancellation, 0 beyond x ≈ 5.9)."""
    xd = clip_finite(x, -INF, _TANHEXP_HI)
    z = np.exp(xd)
    w = np.multiply(z, -2.0)
    np.exp(w, out=w)
    h = w + 1.0
    np.square(h, out=h)
    np.divide(w, h, out=h)
    h *= 4.0
    return xd, z, h


def tanhexp(x: Array) -> Array:
    r"""TanhExp: :math:`x\tanh(e^x)`. Smooth: no kinks."""
    y = np.clip(x, -INF, _TANHEXP_HI)
    np.exp(y, out=y)
    np.tanh(y, out=y)
    return times_mask(y, x, 0.0)  # tanh(0)·(−inf): the limit 0


def tanhexp_fused(x: Array) -> tuple[Array, Array]:
    xd, z, h = _tanhexp_parts(x)
    t = np.tanh(z)
    d = np.multiply(xd, z, out=xd)
    d *= h
    d += t  # f' = tanh(e^x) + x e^x sech²(e^x)
    return times_mask(t, x, 0.0), d


def tanhexp_d1(x: Array) -> Array:
    return tanhexp_fused(x)[1]


def tanhexp_d2(x: Array) -> Array:
    # f'' = e^x sech²(e^x)·(2 + x − 2x e^x tanh(e^x)).
    xd, z, h = _tanhexp_parts(x)
    k = xd * z
    k *= np.tanh(z)
    k *= -2.0
    k += xd
    k += 2.0
    k *= z
    k *= h
    return k


GOLU = ActivationSpec(
    name="golu",
    family="smooth",
    forward=golu,
    d1=golu_d1,
    fused=golu_fused,
    nan_safe=(0, 1),
    d2=golu_d2,
    formula=r"$x\,e^{-e^{-x}}$",
    derivative_formula=r"$e^{-e^{-x}}\,(1 + x\,e^{-x})$",
    text="x * exp(-exp(-x))",
    range=Interval(GOLU_MIN, INF, lo_closed=True),
    kink_rule=f"{SMOOTH}; f'(0) = 1/e ≈ 0.368, f''(0) = 2/e ≈ 0.736",
    reference="Das et al., Gompertz linear units: leveraging asymmetry for enhanced "
    "learning dynamics (GoLU), 2025 (arXiv 2502.03654)",
    pros=(
        "self-gated like SiLU/GELU, with the asymmetric Gompertz gate: smaller variance "
        "of the outputs for negative inputs",
        "reported gains over GELU and SiLU across vision and language tasks",
    ),
    cons=(
        "two exponentials per element",
        "new (2025): little independent evidence yet",
    ),
    use="a drop-in replacement for GELU/SiLU in Transformers and CNNs",
    frameworks=frameworks(),
    framework_notes="no built-in in PyTorch, JAX or Keras. The authors' package (golu, "
    "with a CUDA kernel) defines the general x·α·e^(−β·e^(−γx)) with α = β = γ = 1 by "
    "default, the function here",
)

SERF = ActivationSpec(
    name="serf",
    where=r"$\sigma$: the logistic sigmoid",
    family="smooth",
    forward=serf,
    d1=serf_d1,
    fused=serf_fused,
    nan_safe=(0, 1),
    d2=serf_d2,
    formula=r"$x\,\mathrm{erf}(\ln(1 + e^{x}))$",
    derivative_formula=r"$\mathrm{erf}(s) + \frac{2}{\sqrt{\pi}}\,x\,\sigma(x)\,e^{-s^2},"
    r"\ s = \ln(1+e^x)$",
    text="x * erf(softplus(x))",
    range=Interval(SERF_MIN, INF, lo_closed=True),
    kink_rule=f"{SMOOTH}; f'(0) = erf(ln 2) ≈ 0.6730, f''(0) ≈ 0.6979",
    reference="Nag, Bhattacharyya, Mukherjee & Kundu, SERF: Towards better training of "
    "deep neural networks using log-Softplus ERror activation Function, WACV 2023",
    pros=(
        "Mish-like shape with an erf instead of a tanh",
        "reported small gains over Mish and Swish on image and graph tasks",
    ),
    cons=("an exp, a log and an erf per element", "little use beyond its paper"),
    use="an experiment: a Mish alternative in CNNs",
    frameworks=frameworks(),
    framework_notes="no built-in in PyTorch, JAX or Keras: x * torch.erf(F.softplus(x))",
)

SMISH = ActivationSpec(
    name="smish",
    where=r"$\sigma$: the logistic sigmoid",
    family="smooth",
    forward=smish,
    d1=smish_d1,
    fused=smish_fused,
    nan_safe=(0, 1),
    d2=smish_d2,
    formula=r"$x\,\tanh(\ln(1 + \sigma(x)))$",
    derivative_formula=r"$t + x\,\frac{4(1+\sigma)\,\sigma(1-\sigma)}{(\sigma^2 + 2\sigma + 2)^2},"
    r"\ t = \frac{\sigma(\sigma+2)}{\sigma^2 + 2\sigma + 2}$",
    text="x * tanh(log(1 + sigmoid(x)))",
    range=Interval(SMISH_MIN, INF, lo_closed=True),
    kink_rule=f"{SMOOTH}; f'(0) = tanh(ln 1.5) = 5/13 ≈ 0.385, f''(0) = 48/169 ≈ 0.284",
    reference="Wang, Ren & Wang, Smish: A novel activation function for deep learning "
    "methods, Electronics 11(4):540, 2022",
    pros=(
        "smooth and non-monotonic like Mish, with a bounded gate",
        "reported gains over ReLU and Mish on small image classifiers",
    ),
    cons=(
        "grows like 0.6x, not x: the gate tends to tanh(ln 2) = 0.6",
        "a sigmoid, a log and a tanh per element; little use beyond its paper",
    ),
    use="an experiment: a Mish alternative in CNNs",
    frameworks=frameworks(),
    framework_notes="no built-in in PyTorch, JAX or Keras. The paper's general form is "
    "α·x·tanh(ln(1 + σ(βx))); its experiments and this entry use α = β = 1",
)

TANHEXP = ActivationSpec(
    name="tanhexp",
    family="smooth",
    forward=tanhexp,
    d1=tanhexp_d1,
    fused=tanhexp_fused,
    nan_safe=(0, 1),
    d2=tanhexp_d2,
    formula=r"$x\,\tanh(e^{x})$",
    derivative_formula=r"$\tanh(e^x) + x\,e^x\,\mathrm{sech}^2(e^x)$",
    text="x * tanh(exp(x))",
    range=Interval(TANHEXP_MIN, INF, lo_closed=True),
    kink_rule=f"{SMOOTH}; f'(0) = tanh(1) ≈ 0.7616, f''(0) = 2 sech²(1) ≈ 0.8399",
    reference="Liu & Di, TanhExp: A smooth activation function with high convergence "
    "speed for lightweight neural networks, IET Computer Vision 15(2), 2021 "
    "(arXiv 2003.09855)",
    pros=(
        "close to the identity for positive inputs sooner than Mish (f'(x) = 1 to 7 "
        "digits from x ≈ 3)",
        "reported faster convergence in small (mobile) networks",
    ),
    cons=(
        "an exp and a tanh per element",
        "little use beyond its paper",
    ),
    use="an experiment: lightweight CNNs for mobile inference",
    frameworks=frameworks(),
    framework_notes="no built-in in PyTorch, JAX or Keras: x * torch.tanh(torch.exp(x))",
)

SPECS = (GOLU, SERF, SMISH, TANHEXP)
