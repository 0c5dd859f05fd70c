"""Other shapes: the identity, bump (Gaussian), periodic (sine), oscillating-decaying (sinc)
and exponential activations."""

from __future__ import annotations

import math

import numpy as np

from actplot.activations._common import Array, frameworks, ones, zeros
from actplot.core import ActivationSpec, Interval
from actplot.registry import register

INF = math.inf
SMOOTH = "smooth everywhere: no kinks"


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


def _exp_limit(dtype: type) -> np.floating:
    """The largest x of `dtype` whose exp is finite (probed once: libm may round up)."""
    t = np.log(np.finfo(dtype).max)
    with np.errstate(over="raise"):
        while True:
            try:
                np.exp(np.full(64, t))
                return t
            except FloatingPointError:
                t = np.nextafter(t, dtype(0))


_EXP_MAX = {np.dtype(t): _exp_limit(t) for t in (np.float32, np.float64)}


def identity(x: Array) -> Array:
    r"""Identity :math:`x`: no nonlinearity at all."""
    return x.copy()


def gaussian(x: Array) -> Array:
    r"""Gaussian bump :math:`e^{-x^2}` (peak 1 at 0, no scaling)."""
    xc = np.clip(x, -1e4, 1e4)  # e^(−1e8) is already 0; keeps x² finite
    return np.exp(-xc * xc)


def gaussian_d1(x: Array) -> Array:
    xc = np.clip(x, -1e4, 1e4)
    return -2 * xc * np.exp(-xc * xc)


def gaussian_d2(x: Array) -> Array:
    xc = np.clip(x, -1e4, 1e4)
    return (4 * xc * xc - 2) * np.exp(-xc * xc)


def _periodic(fn: np.ufunc, x: Array, sign: float = 1.0) -> Array:
    """sign·fn(x), with nan (no limit) at ±inf and no invalid-value warning there."""
    inf = np.isinf(x)
    y = fn(np.where(inf, 0.0, x))
    return np.where(inf, np.nan, y if sign > 0 else -y)


def sinusoid(x: Array) -> Array:
    r"""Sine :math:`\sin x`: periodic, so it has no limit at ±inf (nan there)."""
    return _periodic(np.sin, x)


def sinusoid_d1(x: Array) -> Array:
    return _periodic(np.cos, x)


def sinusoid_d2(x: Array) -> Array:
    return _periodic(np.sin, x, -1.0)


def _sinc_series(x: Array, order: int) -> Array:
    """Taylor series of the order-th derivative of sin(x)/x = Σ (−1)^k x^2k / (2k+1)!."""
    z = x * x
    coef = [(-1) ** k / math.factorial(2 * k + 1) for k in range(_SINC_TERMS)]
    if order == 1:  # Σ 2k c_k x^(2k−1) = x Σ 2k c_k z^(k−1)
        coef = [2 * k * c for k, c in enumerate(coef)][1:]
    elif order == 2:  # Σ 2k(2k−1) c_k z^(k−1)
        coef = [2 * k * (2 * k - 1) * c for k, c in enumerate(coef)][1:]
    acc = np.full_like(z, coef[-1])
    for c in reversed(coef[:-1]):
        acc = acc * z + c
    return acc * x if order == 1 else acc


def _sinc_all(x: Array, order: int) -> Array:
    """The order-th derivative of sin(x)/x: series near 0, closed form elsewhere, 0 at ±inf."""
    near = np.abs(x) < SINC_SERIES_BELOW
    big = np.finfo(x.dtype).max
    # Far side on a copy with the near points moved out to the threshold and ±inf made finite.
    xf = np.clip(np.where(near, SINC_SERIES_BELOW, x), -big, big)
    f = np.sin(xf) / xf
    if order >= 1:
        d1 = (np.cos(xf) - f) / xf  # (x cos x − sin x)/x², without forming x²
        f = d1 if order == 1 else -f - 2 * d1 / xf  # f'' = −f − 2f'/x
    y = np.where(near, _sinc_series(np.where(near, x, 0.0), order), f)
    return np.where(np.isinf(x), 0.0, y)


def sinc(x: Array) -> Array:
    r"""Unnormalized sinc :math:`\sin(x)/x`, with sinc(0) = 1 (the limit); NOT np.sinc."""
    return _sinc_all(x, 0)


def sinc_d1(x: Array) -> Array:
    return _sinc_all(x, 1)


def sinc_d2(x: Array) -> Array:
    return _sinc_all(x, 2)


def exponential(x: Array) -> Array:
    r"""Exponential :math:`e^x`; inf (the true limit) once e^x exceeds the largest float."""
    top = _EXP_MAX[x.dtype]
    return np.where(x > top, np.inf, np.exp(np.minimum(x, top)))


register(
    ActivationSpec(
        name="identity",
        family="other",
        forward=identity,
        d1=ones,
        d2=zeros,
        formula=r"$x$",
        derivative_formula=r"$1$",
        text="x",
        range=Interval(-INF, INF),
        kink_rule=SMOOTH,
        reference="the linear unit of the ADALINE: Widrow & Hoff, Adaptive switching "
        "circuits, 1960",
        pros=("passes values and gradients through unchanged", "costs nothing"),
        cons=(
            "adds no nonlinearity: stacked linear layers collapse into one",
            "unbounded in both directions",
        ),
        use="regression outputs, logits fed to a separate loss, and skip connections",
        aliases=("linear", "none"),
        frameworks=frameworks("nn.Identity", "jax.nn.identity", "linear"),
    )
)

register(
    ActivationSpec(
        name="gaussian",
        family="other",
        forward=gaussian,
        d1=gaussian_d1,
        d2=gaussian_d2,
        formula=r"$e^{-x^2}$",
        derivative_formula=r"$-2x\,e^{-x^2}$",
        text="exp(-x**2)",
        range=Interval(0.0, 1.0, hi_closed=True),
        kink_rule=SMOOTH,
        reference="radial basis functions: Broomhead & Lowe, Multivariable functional "
        "interpolation and adaptive networks, Complex Systems 1988",
        pros=(
            "a local bump: responds only to inputs near 0",
            "smooth and bounded in (0, 1]",
        ),
        cons=(
            "gradient vanishes on both sides, not just one",
            "not monotone: several inputs share each output",
        ),
        use="radial-basis-function networks and similarity or kernel features",
        frameworks=frameworks(),
        framework_notes="no framework ships it; some tables scale it, e.g. exp(−x²/2) or "
        "with a 1/√(2π) factor, while actplot uses the plain exp(−x²)",
    )
)

register(
    ActivationSpec(
        name="sinusoid",
        family="other",
        forward=sinusoid,
        d1=sinusoid_d1,
        d2=sinusoid_d2,
        formula=r"$\sin x$",
        derivative_formula=r"$\cos x$",
        text="sin(x)",
        range=Interval(-1.0, 1.0, lo_closed=True, hi_closed=True),
        kink_rule=SMOOTH + "; no limit at ±inf, so f, f', f'' are nan there",
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
        "activations; Keras has no sine activation",
        no_limit_at_inf=True,
    )
)

register(
    ActivationSpec(
        name="sinc",
        family="other",
        forward=sinc,
        d1=sinc_d1,
        d2=sinc_d2,
        formula=r"$\frac{\sin x}{x}$, $1$ at $x=0$",
        derivative_formula=r"$\frac{\cos x}{x} - \frac{\sin x}{x^2}$, $0$ at $x=0$",
        text="sin(x) / x, and 1 at x = 0",
        range=Interval(SINC_MIN, 1.0, lo_closed=True, hi_closed=True),
        kink_rule=SMOOTH + " (x = 0 is a removable singularity: f(0) = 1, f'(0) = 0, "
        "f''(0) = −1/3)",
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
)

register(
    ActivationSpec(
        name="exponential",
        family="other",
        forward=exponential,
        d1=exponential,
        d2=exponential,
        formula=r"$e^{x}$",
        derivative_formula=r"$e^{x}$",
        text="exp(x)",
        range=Interval(0.0, INF),
        kink_rule=SMOOTH,
        reference="the inverse of the log link for positive outputs (Poisson regression): "
        "McCullagh & Nelder, Generalized Linear Models, 1989",
        pros=(
            "maps any input to a strictly positive value",
            "is its own derivative",
        ),
        cons=(
            "overflows to inf for x above about 709.78 (float64) or 88.72 (float32)",
            "tiny gradients for negative inputs and exploding ones for positive inputs",
        ),
        use="output layers predicting positive quantities such as rates or scales",
        aliases=("exp",),
        frameworks=frameworks("exp", "jax.numpy.exp", "exponential"),
        framework_notes="Keras lists it as the 'exponential' activation; in PyTorch and "
        "JAX it is the plain exp op",
    )
)
