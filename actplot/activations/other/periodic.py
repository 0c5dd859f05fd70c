"""Snake and SnakeBeta: the identity plus a periodic ripple, x + sin²(αx)/α (snake) and
x + sin²(αx)/β (snake_beta, BigVGAN's form with a separate magnitude β). Monotone for β ≥ α.

f itself tends to ±inf at ±inf, but f' = 1 + (α/β)·sin(2αx) and f'' oscillate forever:
they have no limit there and are nan at ±inf (``no_limit_at_inf``). Where αx passes the float
maximum (|x| > max/α) the product has no float; the phase is taken at ±max there, so f (whose
ripple is below x's last digit) is still right and f', f'' are values in their ranges.
"""

from __future__ import annotations

import numpy as np

from actplot.activations._blocks import (
    INF,
    SMOOTH,
    Array,
    frameworks,
    infinite_at,
    pair,
    positive_param,
)
from actplot.activations.other._trig import sin_cos
from actplot.model import ActivationSpec, Interval

Parts = tuple[Array, Array]


def _phase(x: Array, alpha: float) -> Array:
    """p = αx, clipped to ±max (finite even where x is ±inf)."""
    big = np.finfo(x.dtype).max
    with np.errstate(over="ignore"):
        p = np.multiply(x, alpha)
    return np.clip(p, -big, big, out=p)


def _double(x: Array, p: Array) -> tuple[Array, Array]:
    """(sin 2p, cos 2p): 2p is exact, so both keep full relative accuracy (also near their
    zeros, where sin p + cos p would cancel). Where 2p leaves the range at a finite x (|p| >
    max/2), from sin p and cos p instead; nan at x = ±inf (no limit there)."""
    with np.errstate(over="ignore"):
        t = np.multiply(p, 2.0)
    s2, c2 = sin_cos(t, sin=np.empty_like(x), cos=t)
    assert s2 is not None and c2 is not None
    if np.isnan(np.max(s2)) and (far := np.isnan(s2) & np.isfinite(x)).any():
        s, c = sin_cos(p[far], sin=np.empty(far.sum(), x.dtype), cos=np.empty(far.sum(), x.dtype))
        assert s is not None and c is not None
        s2[far] = 2.0 * s * c
        c2[far] = (c - s) * (c + s)
    return s2, c2


def _forward_into(x: Array, p: Array, beta: float, out: Array) -> Array:
    """f = x + sin²p/β into `out` (may be p); +inf where a tiny β sends the ripple past max."""
    sin_cos(p, sin=out)
    out *= out
    with np.errstate(over="ignore", invalid="ignore"):
        out /= beta
        out += x  # −inf + inf is nan at x = −inf: the limit is set below
    for sign in (-1.0, 1.0):
        if (at := infinite_at(x, sign)) is not None:
            out[at] = x[at]
    return out


def _slope_into(s2: Array, c2: Array, alpha: float, beta: float) -> Array:
    """f' = 1 + (α/β)·sin 2p into s2. For α = β: 1 + sin 2p where sin 2p >= 0, and
    cos²2p/(1 − sin 2p) (the same number, without the cancellation) where it is < 0: full
    relative accuracy near the zeros of f', and never below 0. Else (sin 2p·α)/β + 1 (α/β
    itself may overflow)."""
    if alpha == beta:
        low = s2 < 0
        c2 *= c2
        with np.errstate(invalid="ignore", divide="ignore"):  # 1 − sin = 0 only where unused
            np.divide(c2, np.subtract(1.0, s2), out=c2)
        s2 += 1.0
        np.copyto(s2, c2, where=low)
        return s2
    with np.errstate(over="ignore"):
        s2 *= alpha
        s2 /= beta
    s2 += 1.0
    return s2


def _snake(x: Array, alpha: float, beta: float) -> Array:
    p = _phase(x, alpha)
    return _forward_into(x, p, beta, p)


def _snake_fused(x: Array, alpha: float, beta: float) -> Parts:
    y, d = pair(x)
    p = _phase(x, alpha)
    s2, c2 = _double(x, p)
    np.copyto(d, _slope_into(s2, c2, alpha, beta))
    return _forward_into(x, p, beta, y), d


def _snake_d1(x: Array, alpha: float, beta: float) -> Array:
    s2, c2 = _double(x, _phase(x, alpha))
    return _slope_into(s2, c2, alpha, beta)


def _snake_d2(x: Array, alpha: float, beta: float) -> Array:
    """f'' = (2α²/β)·cos 2p, the factors one at a time (2α²/β may overflow where the
    product does not; each is nonzero, so no inf·0)."""
    _, c2 = _double(x, _phase(x, alpha))
    with np.errstate(over="ignore"):
        c2 *= 2.0
        c2 *= alpha
        c2 *= alpha
        c2 /= beta
    return c2


def snake(x: Array, alpha: float = 1.0) -> Array:
    r"""Snake :math:`x + \sin^2(\alpha x)/\alpha`: f(±inf) = ±inf."""
    return _snake(x, alpha, alpha)


def snake_fused(x: Array, alpha: float = 1.0) -> Parts:
    """(f, f') with f' = 1 + sin(2αx)."""
    return _snake_fused(x, alpha, alpha)


def snake_d1(x: Array, alpha: float = 1.0) -> Array:
    return _snake_d1(x, alpha, alpha)


def snake_d2(x: Array, alpha: float = 1.0) -> Array:
    """f'' = 2α·cos(2αx)."""
    return _snake_d2(x, alpha, alpha)


def snake_beta(x: Array, alpha: float = 1.0, beta: float = 1.0) -> Array:
    r"""SnakeBeta :math:`x + \sin^2(\alpha x)/\beta`: f(±inf) = ±inf."""
    return _snake(x, alpha, beta)


def snake_beta_fused(x: Array, alpha: float = 1.0, beta: float = 1.0) -> Parts:
    """(f, f') with f' = 1 + (α/β)·sin(2αx)."""
    return _snake_fused(x, alpha, beta)


def snake_beta_d1(x: Array, alpha: float = 1.0, beta: float = 1.0) -> Array:
    return _snake_d1(x, alpha, beta)


def snake_beta_d2(x: Array, alpha: float = 1.0, beta: float = 1.0) -> Array:
    """f'' = (2α²/β)·cos(2αx)."""
    return _snake_d2(x, alpha, beta)


NO_LIMIT = (
    SMOOTH + "; f(±inf) = ±inf, but f' and f'' oscillate with no limit, so they are nan "
    "at ±inf; where |αx| passes the float maximum the phase is taken at ±max (f is still "
    "right there: its ripple is below x's last digit)"
)
ZIYIN = (
    "Liu Ziyin, Hartwig & Ueda, Neural networks fail to learn periodic functions and how "
    "to fix it, NeurIPS 2020 (arXiv:2006.08195)"
)
BIGVGAN = "Lee, Ping, Ginsburg, Catanzaro & Yoon, BigVGAN: a universal neural vocoder with "
BIGVGAN += "large-scale training, ICLR 2023 (arXiv:2206.04658)"
EPSILON = (
    "BigVGAN's code divides by (α + 1e-9) (by (β + 1e-9) for SnakeBeta) and can learn "
    "log α, log β (alpha_logscale); descript-audio-codec's snake also adds 1e-9"
)
ALPHA = positive_param("alpha", 1.0, "frequency of the ripple (learnable per channel)", (0.1, 5.0))

SNAKE = ActivationSpec(
    name="snake",
    family="other",
    forward=snake,
    d1=snake_d1,
    fused=snake_fused,
    nan_safe=(0, 1),
    d2=snake_d2,
    formula=r"$x + \frac{1}{\alpha}\sin^2(\alpha x)$",
    derivative_formula=r"$1 + \sin(2\alpha x)$",
    text="x + sin(alpha * x)**2 / alpha",
    range=Interval(-INF, INF),
    params=(ALPHA,),
    kink_rule=NO_LIMIT,
    reference=ZIYIN + "; used per channel in " + BIGVGAN,
    pros=(
        "monotone (f' = 1 + sin 2αx >= 0) and about x far out: extrapolates "
        "periodic signals where relu and tanh cannot",
        "the periodic bias suits audio: BigVGAN's vocoder uses it in every residual block",
    ),
    cons=(
        "f' oscillates between 0 and 2 forever: no saturation, but many flat points",
        "a sine per element, and α to learn per channel",
    ),
    use="neural vocoders and audio codecs (BigVGAN, DAC, EnCodec descendants); "
    "periodic time series",
    aliases=("snake_activation",),
    frameworks=frameworks(),
    framework_notes="none of PyTorch, JAX or Keras has it; " + EPSILON + "; TensorFlow "
    "Addons' tfa.activations.snake(x, frequency) is the same function with α = frequency",
    no_limit_at_inf=True,
)

SNAKE_BETA = ActivationSpec(
    name="snake_beta",
    family="other",
    forward=snake_beta,
    d1=snake_beta_d1,
    fused=snake_beta_fused,
    nan_safe=(0, 1),
    d2=snake_beta_d2,
    formula=r"$x + \frac{1}{\beta}\sin^2(\alpha x)$",
    derivative_formula=r"$1 + \frac{\alpha}{\beta}\sin(2\alpha x)$",
    text="x + sin(alpha * x)**2 / beta",
    range=Interval(-INF, INF),
    params=(
        ALPHA,
        positive_param(
            "beta", 1.0, "inverse magnitude of the ripple (learnable per channel)", (0.1, 5.0)
        ),
    ),
    kink_rule=NO_LIMIT,
    reference=BIGVGAN + " (SnakeBeta); snake of " + ZIYIN + " with the magnitude separated",
    pros=(
        "frequency α and magnitude 1/β of the ripple learnt separately",
        "snake itself at β = α; monotone whenever β >= α",
    ),
    cons=(
        "not monotone when α > β (f' = 1 + (α/β) sin 2αx dips below 0)",
        "f' and f'' oscillate forever, and two parameters per channel to learn",
    ),
    use="BigVGAN-v2 and the vocoders built on it (Qwen-TTS, seed-vc, ...)",
    frameworks=frameworks(),
    framework_notes="none of PyTorch, JAX or Keras has it; " + EPSILON,
    no_limit_at_inf=True,
)

SPECS = (SNAKE, SNAKE_BETA)
