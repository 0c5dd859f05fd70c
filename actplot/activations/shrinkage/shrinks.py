"""Shrinkage functions: pull small inputs to (or towards) zero and pass large ones through
(tanhshrink, softshrink, hardshrink)."""

from __future__ import annotations

import numpy as np

from actplot.activations._blocks import INF, Array, frameworks, pair, zeros
from actplot.model import ActivationSpec, Interval, Param

# x - tanh(x) = sum_j c_j x^(2j+3): Taylor coefficients of x^3 .. x^25. Below |x| = 1/4 the
# alternating series is truncated after a term < 1e-17 relative; above it the direct
# difference loses under 1e-14 relative (float64) or 6e-6 (float32) to cancellation.
_SERIES_AT = 0.25
_TANHSHRINK_SERIES = (
    0.3333333333333333,
    -0.13333333333333333,
    0.05396825396825397,
    -0.021869488536155203,
    0.008863235529902197,
    -0.003592128036572481,
    0.0014558343870513183,
    -0.000590027440945586,
    0.00023912911424355248,
    -9.691537956929451e-05,
    3.927832388331683e-05,
    -1.5918905069328964e-05,
)


# float32 needs only the first five terms: the sixth is below its rounding at |x| = 1/4.
_SERIES_TERMS = {np.dtype(np.float32): 5, np.dtype(np.float64): len(_TANHSHRINK_SERIES)}


def _tanhshrink_into(x: Array, out: Array, t: Array) -> Array:
    """x − tanh(x) into `out`, given t = tanh(x); the series below |x| = 1/4."""
    # Near 0: Σ c_j s^(2j+3) by Horner in s², on s = x clipped to ±1/4 (finite for any x).
    s2 = np.clip(x, -_SERIES_AT, _SERIES_AT)
    s2 *= s2
    coefs = _TANHSHRINK_SERIES[: _SERIES_TERMS[x.dtype]]
    out.fill(coefs[-1])
    for c in reversed(coefs[:-1]):
        out *= s2
        out += c
    out *= s2
    out *= np.clip(x, -_SERIES_AT, _SERIES_AT, out=s2)
    near = np.logical_and(x < _SERIES_AT, x > -_SERIES_AT)
    out *= near  # blend by 0/1 factors instead of np.where: sums with 0 are exact
    np.subtract(x, t, out=s2)
    s2 *= np.logical_not(near)
    out += s2
    return out


def tanhshrink(x: Array) -> Array:
    r"""Tanhshrink: :math:`x - \tanh x` (a Taylor series for |x| < 1/4, no cancellation)."""
    y = np.empty_like(x)
    return _tanhshrink_into(x, y, np.tanh(x))


def tanhshrink_d1(x: Array) -> Array:
    r""":math:`\tanh^2 x`."""
    t = np.tanh(x)
    t *= t
    return t


def tanhshrink_fused(x: Array) -> tuple[Array, Array]:
    y, d = pair(x)
    np.tanh(x, out=d)
    _tanhshrink_into(x, y, d)
    d *= d
    return y, d


def tanhshrink_d2(x: Array) -> Array:
    r""":math:`2\tanh x\,\mathrm{sech}^2 x`, with sech² x = 4e^{-2|x|}/(1 + e^{-2|x|})²."""
    e = np.exp(-2.0 * np.minimum(np.abs(x), 400.0))  # the cap keeps 2|x| finite
    return 2.0 * np.tanh(x) * (4.0 * e / np.square(1.0 + e))


def softshrink(x: Array, lambd: float = 0.5) -> Array:
    r"""Softshrink: x − λ for x > λ, x + λ for x < −λ, else 0. f'(±λ) = 0 (PyTorch)."""
    y = np.clip(x, -lambd, lambd)
    return np.subtract(x, y, out=y)  # exact: x − ±λ outside, x − x = 0 inside


def _outside(x: Array, lambd: float, out: Array) -> Array:
    """1 for |x| > λ, else 0 (0 at ±λ, as PyTorch)."""
    np.abs(x, out=out)
    return np.greater(out, lambd, out=out)


def shrink_d1(x: Array, lambd: float = 0.5) -> Array:
    """1 for |x| > λ, else 0 (0 at ±λ, as PyTorch); the slope of both soft and hard shrink."""
    return _outside(x, lambd, np.empty_like(x))


def softshrink_fused(x: Array, lambd: float = 0.5) -> tuple[Array, Array]:
    y, d = pair(x)
    np.clip(x, -lambd, lambd, out=y)
    np.subtract(x, y, out=y)
    return y, _outside(x, lambd, d)


def hardshrink(x: Array, lambd: float = 0.5) -> Array:
    r"""Hardshrink: x for |x| > λ, else 0. f(±λ) = 0 and f'(±λ) = 0 (PyTorch)."""
    y = _outside(x, lambd, np.empty_like(x))
    y *= x  # x·1 or x·0 (|x| <= λ is finite): nan·0 stays nan
    return y


def hardshrink_fused(x: Array, lambd: float = 0.5) -> tuple[Array, Array]:
    y, d = pair(x)
    _outside(x, lambd, d)
    return np.multiply(x, d, out=y), d


LAMBD = Param(
    "lambd",
    0.5,
    "half-width of the zeroed band [−λ, λ]",
    bounds=Interval.at_least(0.0),
    span=(0.0, 3.0),
)


def _both_edges(p: dict) -> tuple[float, ...]:
    return (0.0 - p["lambd"], p["lambd"])  # 0 − λ: no −0.0 when λ = 0


TANHSHRINK = ActivationSpec(
    name="tanhshrink",
    family="shrinkage",
    forward=tanhshrink,
    fused=tanhshrink_fused,
    nan_safe=(0, 1),
    d1=tanhshrink_d1,
    d2=tanhshrink_d2,
    formula=r"$x - \tanh(x)$",
    derivative_formula=r"$\tanh^2(x)$",
    text="x - tanh(x)",
    range=Interval(-INF, INF),
    kink_rule="smooth everywhere: no kinks; f(0) = f'(0) = f''(0) = 0",
    reference="Torch7 nn package (Collobert, Kavukcuoglu & Farabet, 2011); no paper",
    pros=(
        "smooth, odd and monotone: a soft version of the shrink functions",
        "flat (cubic) near 0, so small inputs are strongly damped",
    ),
    cons=(
        "gradient is almost 0 near the origin, which slows learning there",
        "rarely used, so little practical evidence",
    ),
    use="sparse-coding style layers that want a smooth shrinkage of small values",
    frameworks=frameworks("tanhshrink", "", "tanh_shrink"),
)

SOFTSHRINK = ActivationSpec(
    name="softshrink",
    symbols={"lambd": r"\lambda"},
    family="shrinkage",
    forward=softshrink,
    fused=softshrink_fused,
    nan_safe=(0,),
    d1=shrink_d1,
    d2=zeros,
    formula=r"$\mathrm{sign}(x)\,\max(|x| - \lambda,\ 0)$",
    derivative_formula=r"$\mathbb{1}[|x| > \lambda]$",
    text="x - lambd if x > lambd, x + lambd if x < -lambd, else 0",
    range=Interval(-INF, INF),
    params=(LAMBD,),
    kinks=_both_edges,
    kink_rule="f(±λ) = 0 and f'(±λ) = 0 (PyTorch 2.13; with λ = 0.5: f'(−0.5) = "
    "f'(0.5) = 0); f'' = 0 everywhere",
    reference="Donoho, De-noising by soft-thresholding, IEEE Trans. Inf. Theory 1995",
    pros=(
        "continuous: the proximal operator of the L1 norm, so it yields exact zeros",
        "cheap: two comparisons and a subtraction",
    ),
    cons=(
        "no gradient inside [−λ, λ]",
        "shifts every large output by λ towards zero (a bias)",
    ),
    use="unrolled sparse-coding networks (LISTA) and denoising",
    aliases=("soft_thresholding",),
    frameworks=frameworks("softshrink", "", "soft_shrink"),
    framework_notes="Keras names the parameter threshold (default 0.5); PyTorch names it lambd",
)

HARDSHRINK = ActivationSpec(
    name="hardshrink",
    symbols={"lambd": r"\lambda"},
    family="shrinkage",
    forward=hardshrink,
    fused=hardshrink_fused,
    nan_safe=(0,),
    d1=shrink_d1,
    d2=zeros,
    formula=r"$x\,\mathbb{1}[|x| > \lambda]$",
    derivative_formula=r"$\mathbb{1}[|x| > \lambda]$",
    text="x if |x| > lambd else 0",
    range=Interval(-INF, INF),
    # f(±λ) = 0 (PyTorch), so ±λ themselves are not values: (−∞, −λ) ∪ {0} ∪ (λ, ∞), not
    # the (−∞, −λ] ∪ {0} ∪ [λ, ∞) of a convention that keeps x at ±λ.
    image=(Interval(-INF, -0.5), Interval.closed(0.0, 0.0), Interval.above(0.5)),
    params=(LAMBD,),
    kinks=_both_edges,
    jumps=lambda p: (-p["lambd"], p["lambd"]) if p["lambd"] > 0 else (),
    kink_rule="f jumps at ±λ and takes the inner value there: f(±λ) = 0, f'(±λ) = 0 "
    "(PyTorch 2.13; λ = 0.5: f jumps from 0 to ±0.5); f'' = 0 everywhere",
    reference="Donoho & Johnstone, Ideal spatial adaptation by wavelet shrinkage, Biometrika 1994",
    pros=(
        "leaves large inputs untouched (no shrinkage bias)",
        "exact zeros for small inputs",
    ),
    cons=("discontinuous at ±λ", "no gradient inside [−λ, λ]"),
    use="sparse representations where large coefficients must stay unbiased",
    aliases=("hard_thresholding",),
    frameworks=frameworks("hardshrink", "", "hard_shrink"),
    framework_notes="Keras names the parameter threshold (default 0.5); PyTorch names it lambd",
)

SPECS = (TANHSHRINK, SOFTSHRINK, HARDSHRINK)
