"""The exponential-linear members of the ReLU family: ELU, CELU and SELU, linear for x > 0
and saturating exponentially towards a negative constant for x < 0. Large float32 inputs
go to one compiled kernel for all three when numba is installed (_jit.py, _kernels.py)."""

from __future__ import annotations

import numpy as np

from actplot.activations import _jit as jit
from actplot.activations._blocks import (
    INF,
    Array,
    frameworks,
    kink_at_zero,
    negative_part,
    pair,
    positive_part,
)
from actplot.model import ActivationSpec, Interval, Param

# SELU's constants from Klambauer et al. (2017), to the digits PyTorch uses.
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def _exp_parts(x: Array, alpha: float, fused: bool) -> tuple[Array, Array | None]:
    """(expm1(m/α), exp(m/α)) with m = min(x, 0): the negative side of the ELU family.

    exp(m/α) is exactly 1 for x > 0, so it is already the derivative there when it needs no
    other factor. Both come from one allocation; the second is None unless `fused`.
    """
    e1, ex = pair(x) if fused else (np.empty_like(x), None)
    negative_part(x, e1)
    if alpha != 1:
        with np.errstate(over="ignore"):  # alpha < 1: m/α may round to −inf, giving −1, 0
            np.divide(e1, alpha, out=e1)
    if ex is not None:
        np.exp(e1, out=ex)
    return np.expm1(e1, out=e1), ex


def _plus_pos(y: Array, x: Array, scale: float = 1.0) -> Array:
    """y + scale·max(x, 0), in place (one temporary)."""
    pos = positive_part(x)
    if scale != 1:
        pos *= scale
    y += pos
    return y


def _linear_side(y: Array, x: Array, alpha: float) -> Array:
    """ELU from y = α·expm1(min(x, 0)): add x where x > 0."""
    if alpha <= 1:
        # Then α·expm1(x) >= x for x <= 0, and y = 0 < x for x > 0: max() adds x exactly,
        # with no temporary.
        return np.maximum(y, x, out=y)
    return _plus_pos(y, x)


def elu(x: Array, alpha: float = 1.0) -> Array:
    r"""ELU: x for x > 0, else :math:`\alpha(e^x - 1)`. f'(0) = α, f''(0) = 0 (PyTorch)."""
    if (y := jit.forward("elu", x, 1.0, float(alpha), 1.0)) is not None:  # float32, numba
        return y
    # expm1 keeps full relative accuracy for small negative x.
    y, _ = _exp_parts(x, 1.0, fused=False)
    y *= alpha
    return _linear_side(y, x, alpha)


def elu_d1(x: Array, alpha: float = 1.0) -> Array:
    return elu_fused(x, alpha)[1]


def _alpha_slope(d: Array, x: Array, alpha: float, scale: float = 1.0) -> Array:
    """d = scale·α·e^m for x <= 0 from d = e^m (1 for x > 0), and scale for x > 0."""
    if alpha == 1:
        if scale != 1:
            d *= scale
        return d
    dt = x.dtype.type
    top = dt(scale * alpha)  # d there, in x's dtype
    d *= top
    # x > 0: replace scale·α by scale. Adding fix·[x > 0] (one fast pass) with fix = scale −
    # scale·α computed in the dtype is exact when that difference is (Sterbenz: α in
    # [1/2, 2], SELU's 1.67 included); the scalar test below decides. Otherwise (α = 1e17:
    # 1 − 1e17 + 1e17 = 0) the x > 0 entries are zeroed and scale added: two passes, exact.
    fix = dt(scale) - top
    if top + fix == dt(scale):
        d += (x > 0) * fix
    else:
        pos = x > 0
        d *= np.logical_not(pos)  # d is finite there (top), so no inf·0
        d += pos * dt(scale)
    return d


def elu_fused(x: Array, alpha: float = 1.0) -> tuple[Array, Array]:
    if (fd := jit.fused("elu", x, 1.0, float(alpha), 1.0)) is not None:
        return fd
    y, d = _exp_parts(x, 1.0, fused=True)
    y *= alpha
    return _linear_side(y, x, alpha), _alpha_slope(d, x, alpha)


def elu_d2(x: Array, alpha: float = 1.0) -> Array:
    return np.where(x < 0, alpha * np.exp(np.minimum(x, 0.0)), 0.0)


def celu(x: Array, alpha: float = 1.0) -> Array:
    r"""CELU: x for x > 0, else :math:`\alpha(e^{x/\alpha} - 1)`; C¹ at 0 (f'(0) = 1)."""
    if (y := jit.forward("celu", x, 1.0, float(alpha), float(alpha))) is not None:
        return y
    y, _ = _exp_parts(x, alpha, fused=False)
    y *= alpha
    return np.maximum(y, x, out=y)  # α·expm1(x/α) >= x for x <= 0, 0 < x for x > 0


def celu_d1(x: Array, alpha: float = 1.0) -> Array:
    return celu_fused(x, alpha)[1]


def celu_fused(x: Array, alpha: float = 1.0) -> tuple[Array, Array]:
    if (fd := jit.fused("celu", x, 1.0, float(alpha), float(alpha))) is not None:
        return fd
    y, d = _exp_parts(x, alpha, fused=True)  # d = e^(x/α) for x <= 0, 1 above: f' itself
    y *= alpha
    return np.maximum(y, x, out=y), d


def celu_d2(x: Array, alpha: float = 1.0) -> Array:
    with np.errstate(over="ignore"):
        return np.where(x < 0, np.exp(np.minimum(x, 0.0) / alpha) / alpha, 0.0)


def selu(x: Array) -> Array:
    r"""SELU: :math:`\lambda\,\mathrm{ELU}_\alpha(x)` with Klambauer's λ ≈ 1.0507, α ≈ 1.6733.

    f'(0) = λα (the left value), f''(0) = 0, as in PyTorch.
    """
    if (y := jit.forward("selu", x, SELU_SCALE, SELU_ALPHA, 1.0)) is not None:
        return y
    y, _ = _exp_parts(x, 1.0, fused=False)
    y *= SELU_SCALE * SELU_ALPHA
    # Above max/λ the true value exceeds the largest float, so inf is the correctly rounded
    # answer, not an accident: that one overflow is expected and silenced.
    with np.errstate(over="ignore"):
        return _plus_pos(y, x, SELU_SCALE)


def selu_d1(x: Array) -> Array:
    return selu_fused(x)[1]


def selu_fused(x: Array) -> tuple[Array, Array]:
    if (fd := jit.fused("selu", x, SELU_SCALE, SELU_ALPHA, 1.0)) is not None:
        return fd
    y, d = _exp_parts(x, 1.0, fused=True)
    y *= SELU_SCALE * SELU_ALPHA
    with np.errstate(over="ignore"):
        _plus_pos(y, x, SELU_SCALE)
    return y, _alpha_slope(d, x, SELU_ALPHA, SELU_SCALE)


def selu_d2(x: Array) -> Array:
    return SELU_SCALE * elu_d2(x, SELU_ALPHA)


ALPHA = Param(
    "alpha", 1.0, "scale of the negative saturation", bounds=Interval.at_least(0.0), span=(0.0, 3.0)
)

ELU = ActivationSpec(
    name="elu",
    family="relu",
    forward=elu,
    d1=elu_d1,
    fused=elu_fused,
    nan_safe=(0, 1),
    d2=elu_d2,
    formula=r"$x$ if $x>0$ else $\alpha(e^{x}-1)$",
    derivative_formula=r"$1$ if $x>0$ else $\alpha e^{x}$",
    text="x if x > 0 else alpha * (exp(x) - 1)",
    range=Interval(-1.0, INF),
    params=(ALPHA,),
    kinks=kink_at_zero,
    kink_rule="f'(0) = alpha (left value) and f''(0) = 0 (right value), as PyTorch "
    "2.13's autograd gives them; with alpha = 1 f' is continuous",
    reference="Clevert, Unterthiner & Hochreiter, Fast and accurate deep network "
    "learning by exponential linear units (ELUs), ICLR 2016",
    pros=(
        "negative outputs push mean activations towards zero",
        "smooth negative side saturates softly instead of dying",
    ),
    cons=("an exponential per negative input: dearer than ReLU",),
    use="deep MLPs and CNNs trained without batch normalisation",
    frameworks=frameworks("elu", "jax.nn.elu", "elu"),
    framework_notes="JAX's autodiff gives f'(0) = alpha as PyTorch, but f''(0) = alpha (its "
    "x <= 0 branch) where PyTorch gives 0",
)

CELU = ActivationSpec(
    name="celu",
    family="relu",
    forward=celu,
    d1=celu_d1,
    fused=celu_fused,
    nan_safe=(0, 1),
    d2=celu_d2,
    formula=r"$x$ if $x>0$ else $\alpha(e^{x/\alpha}-1)$",
    derivative_formula=r"$1$ if $x>0$ else $e^{x/\alpha}$",
    text="x if x > 0 else alpha * (exp(x / alpha) - 1)",
    range=Interval(-1.0, INF),
    params=(
        Param(
            "alpha",
            1.0,
            "scale of the negative saturation",
            bounds=Interval.above(0.0),
            span=(0.1, 3.0),
        ),
    ),
    kinks=kink_at_zero,
    kink_rule="C¹: f'(0) = 1 from both sides; f''(0) = 0 (right value, PyTorch 2.13)",
    reference="Barron, Continuously differentiable exponential linear units, 2017",
    pros=("an ELU whose derivative is continuous for every alpha",),
    cons=("an exponential per negative input",),
    use="where ELU is wanted with alpha != 1",
    frameworks=frameworks("celu", "jax.nn.celu", "celu"),
    framework_notes="jax.nn.celu is max(x, 0) + alpha·expm1(min(x, 0)/alpha) and JAX splits "
    "the ties at 0: f'(0) = 1 as PyTorch, but f''(0) = 1/(4·alpha) where PyTorch gives 0",
)

SELU = ActivationSpec(
    name="selu",
    where=r"$\lambda \approx 1.0507$, $\alpha \approx 1.6733$ (fixed)",
    family="relu",
    forward=selu,
    d1=selu_d1,
    fused=selu_fused,
    nan_safe=(0, 1),
    d2=selu_d2,
    formula=r"$\lambda x$ if $x>0$ else $\lambda\alpha(e^{x}-1)$",
    derivative_formula=r"$\lambda$ if $x>0$ else $\lambda\alpha e^{x}$",
    text="scale * (x if x > 0 else alpha * (exp(x) - 1)), scale≈1.0507, alpha≈1.6733",
    range=Interval(-SELU_SCALE * SELU_ALPHA, INF),
    kinks=kink_at_zero,
    kink_rule="f'(0) = scale·alpha ≈ 1.7581 (left value), f''(0) = 0, as PyTorch 2.13",
    reference="Klambauer et al., Self-normalizing neural networks, NeurIPS 2017",
    pros=("with LeCun-normal weights, activations keep mean 0 and variance 1 by themselves",),
    cons=(
        "the self-normalising guarantee needs LeCun init and plain dense layers",
        "an exponential per negative input",
    ),
    use="deep fully connected networks without batch normalisation",
    frameworks=frameworks("selu", "jax.nn.selu", "selu"),
    framework_notes="JAX's autodiff gives f'(0) = scale·alpha as PyTorch, but f''(0) = "
    "scale·alpha ≈ 1.7581 where PyTorch gives 0; ONNX's Selu attributes default to float32 "
    "roundings of alpha and scale (its gamma)",
)

SPECS = (ELU, CELU, SELU)
