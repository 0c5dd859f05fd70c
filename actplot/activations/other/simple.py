"""Other shapes: the identity, bump (Gaussian) and exponential activations. The oscillating
ones (sine, sinc) live in waves.py."""

from __future__ import annotations

import numpy as np

from actplot.activations._blocks import INF, SMOOTH, Array, frameworks, ones, pair, zeros
from actplot.model import ActivationSpec, Interval


def identity(x: Array) -> Array:
    r"""Identity :math:`x`: no nonlinearity at all."""
    return x.copy()


def identity_fused(x: Array) -> tuple[Array, Array]:
    y, d = pair(x)
    np.copyto(y, x)
    d.fill(1.0)
    return y, d


def _gaussian_into(x: Array, out: Array) -> Array:
    """e^(−x²) with x capped at ±1e4 (e^(−1e8) is already 0; x² stays finite)."""
    np.clip(x, -1e4, 1e4, out=out)
    out *= out
    np.negative(out, out=out)
    return np.exp(out, out=out)


def gaussian(x: Array) -> Array:
    r"""Gaussian bump :math:`e^{-x^2}` (peak 1 at 0, no scaling)."""
    return _gaussian_into(x, np.empty_like(x))


def gaussian_fused(x: Array) -> tuple[Array, Array]:
    y, d = pair(x)
    _gaussian_into(x, y)
    np.clip(x, -1e4, 1e4, out=d)
    d *= -2.0
    d *= y  # −2x·e^(−x²)
    return y, d


def gaussian_d1(x: Array) -> Array:
    return gaussian_fused(x)[1]


def gaussian_d2(x: Array) -> Array:
    xc = np.clip(x, -1e4, 1e4)
    return (4 * xc * xc - 2) * np.exp(-xc * xc)


def exponential(x: Array) -> Array:
    r"""Exponential :math:`e^x`; inf (the true limit) once e^x exceeds the largest float."""
    with np.errstate(over="ignore"):
        return np.exp(x)


def exponential_fused(x: Array) -> tuple[Array, Array]:
    y, d = pair(x)
    with np.errstate(over="ignore"):
        np.exp(x, out=y)
    np.copyto(d, y)
    return y, d


IDENTITY = ActivationSpec(
    name="identity",
    family="other",
    forward=identity,
    d1=ones,
    fused=identity_fused,
    nan_safe=(0,),
    d2=zeros,
    formula=r"$x$",
    derivative_formula=r"$1$",
    text="x",
    range=Interval(-INF, INF),
    kink_rule=SMOOTH,
    reference="the linear unit of the ADALINE: Widrow & Hoff, Adaptive switching circuits, 1960",
    pros=("passes values and gradients through unchanged", "costs nothing"),
    cons=(
        "adds no nonlinearity: stacked linear layers collapse into one",
        "unbounded in both directions",
    ),
    use="regression outputs, logits fed to a separate loss, and skip connections",
    aliases=("linear", "none"),
    frameworks=frameworks("nn.Identity", "jax.nn.identity", "linear"),
)

GAUSSIAN = ActivationSpec(
    name="gaussian",
    family="other",
    forward=gaussian,
    d1=gaussian_d1,
    fused=gaussian_fused,
    nan_safe=(0, 1),
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

EXPONENTIAL = ActivationSpec(
    name="exponential",
    family="other",
    forward=exponential,
    d1=exponential,
    fused=exponential_fused,
    nan_safe=(0, 1),
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

SPECS = (IDENTITY, GAUSSIAN, EXPONENTIAL)
