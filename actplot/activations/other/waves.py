"""The oscillating "other" activations: the sine sin(ω₀x) (ω₀ = 1 by default, SIREN's
frequency) and the (unnormalized) sinc."""

from __future__ import annotations

import math

import numpy as np

from actplot.activations._blocks import (
    SMOOTH,
    Array,
    frameworks,
    infinite_at,
    pair,
    positive_param,
)
from actplot.activations.other._trig import sin_cos
from actplot.model import ActivationSpec, Interval


def _tan_fixed_point() -> float:
    """The first positive root of tan x = x (where sinc has its minimum), by Newton."""
    x = 4.49
    for _ in range(50):  # h(x) = sin x − x cos x, h'(x) = x sin x
        step = (math.sin(x) - x * math.cos(x)) / (x * math.sin(x))
        x -= step
        if abs(step) < 1e-16 * x:
            break
    return x


SINC_ARGMIN = _tan_fixed_point()  # 4.493409457909064...
SINC_MIN = math.sin(SINC_ARGMIN) / SINC_ARGMIN  # −0.2172336282112216...

SINC_SERIES_BELOW = 0.5  # |x| below this uses the Taylor series (cancellation in f', f'')
_SINC_TERMS = 10  # (0.5²)^10/21! ≈ 2e-26: far below float64 rounding


def _phase(x: Array, omega0: float) -> Array:
    """ω₀x: x itself for ω₀ = 1; else the product, clipped to ±max where it leaves the float
    range at a finite x (no float holds it: the phase of ±max stands in) and nan at ±inf."""
    if omega0 == 1:
        return x
    big = np.finfo(x.dtype).max
    with np.errstate(over="ignore"):
        p = np.multiply(x, omega0)
    if omega0 > 1:
        np.clip(p, -big, big, out=p)
        for sign in (-1.0, 1.0):  # still no limit at ±inf
            if (at := infinite_at(x, sign)) is not None:
                p[at] = np.nan
    return p


def _times(v: Array, c: float) -> Array:
    """v·c in place (c > 0), inf where the true value passes the float maximum."""
    if c != 1:
        with np.errstate(over="ignore"):
            v *= c
    return v


def sinusoid(x: Array, omega0: float = 1.0) -> Array:
    r"""Sine :math:`\sin(\omega_0 x)`: periodic, so it has no limit at ±inf (nan there)."""
    return sin_cos(_phase(x, omega0), sin=np.empty_like(x))[0]


def sinusoid_d1(x: Array, omega0: float = 1.0) -> Array:
    """f' = ω₀·cos(ω₀x)."""
    return _times(sin_cos(_phase(x, omega0), cos=np.empty_like(x))[1], omega0)


def sinusoid_fused(x: Array, omega0: float = 1.0) -> tuple[Array, Array]:
    y, d = pair(x)
    sin_cos(_phase(x, omega0), y, d)
    return y, _times(d, omega0)


def sinusoid_d2(x: Array, omega0: float = 1.0) -> Array:
    """f'' = −ω₀²·sin(ω₀x), ω₀ applied twice (ω₀² may overflow where the product does not)."""
    y = sinusoid(x, omega0)
    np.negative(y, out=y)
    return _times(_times(y, omega0), omega0)


_SINC_COEFS = [(-1) ** k / math.factorial(2 * k + 1) for k in range(_SINC_TERMS)]

# Σ c_k x^(2k) and its derivatives Σ 2k c_k x^(2k−1) = x Σ 2k c_k z^(k−1), Σ 2k(2k−1) c_k z^(k−1)
_SINC_SERIES = (
    _SINC_COEFS,
    [2 * k * c for k, c in enumerate(_SINC_COEFS)][1:],
    [2 * k * (2 * k - 1) * c for k, c in enumerate(_SINC_COEFS)][1:],
)


def _sinc_series(xn: Array, order: int) -> Array:
    """The Taylor series of the order-th derivative of sin(x)/x at xn (|xn| < 1/2)."""
    z = xn * xn
    coef = _SINC_SERIES[order]
    out = np.full_like(xn, coef[-1])
    for c in reversed(coef[:-1]):
        out *= z
        out += c
    if order == 1:
        out *= xn
    return out


def _sinc(x: Array, orders: tuple[int, ...]) -> list[Array]:
    """The derivatives of sin(x)/x of these orders (0, 1, 2; at most two of them): the
    closed form at a = |x| (moved out to 1/2 near 0, capped at max), then the Taylor
    series written over the elements below |x| = 1/2 (gathered: few of them, as a rule).
    Four arrays like x at most, outputs included."""
    big = np.finfo(x.dtype).max
    outs = [np.empty_like(x) for _ in orders]
    a, b = np.empty_like(x), np.empty_like(x)  # scratch

    def capped_abs(out: Array) -> Array:
        np.abs(x, out=out)
        return np.clip(out, SINC_SERIES_BELOW, big, out=out)

    f = outs[orders.index(0)] if 0 in orders else b
    slope = 1 if 1 in orders else 2 if 2 in orders else None
    d = outs[orders.index(slope)] if slope is not None else None
    sin_cos(capped_abs(a), f, d, r=a, z=None if f is b else b)  # a is overwritten
    f /= capped_abs(a)  # f = sin(a)/a
    if d is not None:  # (cos a − f)/a: f'(a). Not over a² at once: for a > 1e154 that
        d -= f  # leaves the normal range although f'(a) ≈ cos(a)/a does not.
        d /= a
    if 2 in orders:  # f'' = −f − 2f'/x: −f(a) − 2·f'(a)/a, even
        f2 = outs[orders.index(2)]  # may be d itself
        np.divide(d, a, out=f2)
        f2 *= -2.0
        f2 -= f
    if 1 in orders:  # f' is odd: f'(a)·x/a, with x capped (x/a = ±1 at ±inf)
        np.clip(x, -big, big, out=b)  # b is free: f is no longer needed
        b /= a
        d *= b
    del a, b, f, d
    for sign in (-1.0, 1.0):  # the limits at ±inf are 0 exactly, not sin(max)/max
        if (at := infinite_at(x, sign)) is not None:
            for out in outs:
                out[at] = 0.0
    near = np.logical_and(x < SINC_SERIES_BELOW, x > -SINC_SERIES_BELOW)
    if near.any():
        xn = x[near]
        for order, out in zip(orders, outs, strict=True):
            out[near] = _sinc_series(xn, order)
    return outs


def sinc(x: Array) -> Array:
    r"""Unnormalized sinc :math:`\sin(x)/x`, with sinc(0) = 1 (the limit); NOT np.sinc."""
    return _sinc(x, (0,))[0]


def sinc_d1(x: Array) -> Array:
    return _sinc(x, (1,))[0]


def sinc_d2(x: Array) -> Array:
    return _sinc(x, (2,))[0]


def sinc_fused(x: Array) -> tuple[Array, Array]:
    y, d = _sinc(x, (0, 1))
    return y, d


SINUSOID = ActivationSpec(
    name="sinusoid",
    family="other",
    forward=sinusoid,
    d1=sinusoid_d1,
    fused=sinusoid_fused,
    nan_safe=(0, 1),
    d2=sinusoid_d2,
    formula=r"$\sin(\omega_0 x)$",
    derivative_formula=r"$\omega_0\cos(\omega_0 x)$",
    text="sin(omega0 * x)",
    range=Interval(-1.0, 1.0, lo_closed=True, hi_closed=True),
    params=(
        positive_param(
            "omega0",
            1.0,
            "frequency ω₀: sin(ω₀x); SIREN uses 30 in its first layer",
            span=(0.5, 30.0),
        ),
    ),
    symbols={"omega0": r"\omega_0"},
    kink_rule=SMOOTH + "; no limit at ±inf, so f, f', f'' are nan there; where |ω₀x| "
    "passes the float maximum at a finite x, the phase is taken at ±max",
    reference="Parascandolo, Huttunen & Virtanen, Taming the waves: sine as activation "
    "function in deep neural networks, 2016; Sitzmann et al., SIREN, NeurIPS 2020",
    pros=(
        "periodic: represents oscillating signals and fine detail well",
        "derivatives are sines again, so gradients never saturate for good",
    ),
    cons=(
        "many inputs map to each output: the loss surface has many local minima",
        "needs careful initialisation (SIREN) to train deep",
    ),
    use="implicit neural representations (SIREN) and periodic signals",
    aliases=("sin", "sine"),
    frameworks=frameworks("sin", "jax.numpy.sin", ""),
    framework_notes="torch.sin and jax.numpy.sin are plain math ops, not listed "
    "activations; Keras has no sine activation. SIREN's SineLayer computes "
    "torch.sin(omega_0 * linear(x)) with omega_0 = 30 (omega0=30 here) and scales its "
    "weight initialisation by 1/omega_0",
    no_limit_at_inf=True,
)

SINC = ActivationSpec(
    name="sinc",
    family="other",
    forward=sinc,
    d1=sinc_d1,
    fused=sinc_fused,
    nan_safe=(0, 1),
    d2=sinc_d2,
    formula=r"$\frac{\sin x}{x}$, $1$ at $x=0$",
    derivative_formula=r"$\frac{\cos x}{x} - \frac{\sin x}{x^2}$, $0$ at $x=0$",
    text="sin(x) / x, and 1 at x = 0",
    range=Interval(SINC_MIN, 1.0, lo_closed=True, hi_closed=True),
    kink_rule=SMOOTH + " (x = 0 is a removable singularity: f(0) = 1, f'(0) = 0, f''(0) = −1/3)",
    reference="the cardinal sine, named by Woodward & Davies, Information theory and "
    "inverse probability in telecommunication, 1952",
    pros=(
        "smooth, bounded and decaying: a damped oscillation around a central peak",
        "unlike sin it has limits (0) at ±inf",
    ),
    cons=(
        "not monotone: many local minima and maxima",
        "needs a series near 0 to evaluate its derivatives accurately",
    ),
    use="experiments with oscillating activations; band-limited signal models",
    aliases=("cardinal_sine",),
    frameworks=frameworks(),
    framework_notes="numpy.sinc, torch.sinc and jax.numpy.sinc are the NORMALIZED "
    "sin(πx)/(πx); this unnormalized sinc equals np.sinc(x / π)",
)

SPECS = (SINUSOID, SINC)
