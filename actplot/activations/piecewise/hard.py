"""Hard/piecewise activations: cheap piecewise-linear (or piecewise-quadratic) stand-ins for
smooth curves (hardswish, hardsigmoid, hardtanh, sparse_sigmoid). The steps (binary_step,
threshold) live in steps.py, maxout in maxout.py."""

from __future__ import annotations

import numpy as np

from actplot.activations import _jit as jit
from actplot.activations._blocks import (
    INF,
    Array,
    above,
    frameworks,
    inside,
    pair,
    times_mask,
    zeros,
)
from actplot.model import ActivationSpec, Interval, Param


def _hardsigmoid(x: Array, out: Array) -> Array:
    """clip(x/6 + 1/2, 0, 1) into `out`: 0 from −3 down and 1 from 3 up, exactly."""
    np.multiply(x, 1 / 6, out=out)
    out += 0.5
    return np.clip(out, 0.0, 1.0, out=out)


def hardswish(x: Array) -> Array:
    r"""Hardswish: :math:`x\,\mathrm{ReLU6}(x+3)/6`: 0 for x <= −3, x for x >= 3."""
    if (y := jit.forward("hardswish", x)) is not None:
        return y
    return times_mask(_hardsigmoid(x, np.empty_like(x)), x, 0.0)


def _hardswish_slope(x: Array, out: Array, scratch: Array) -> Array:
    """(2x + 3)/6 = (x + 1.5)/3 on (−3, 3) (no cancellation near −1.5), 0 from −3 down
    (f'(−3) = 0) and 1 from 3 up (f'(3) = 1), as PyTorch."""
    inner = inside(x, -3.0, 3.0, scratch)
    np.clip(x, -3.0, 3.0, out=out)
    out += 1.5
    out *= 1 / 3
    out *= inner
    out += x >= 3
    return out


def hardswish_d1(x: Array) -> Array:
    r"""(2x + 3)/6 on (−3, 3), 0 below, 1 above; f'(−3) = 0, f'(3) = 1 (PyTorch)."""
    return _hardswish_slope(x, np.empty_like(x), np.empty_like(x))


def hardswish_fused(x: Array) -> tuple[Array, Array]:
    if (fd := jit.fused("hardswish", x)) is not None:
        return fd
    y, d = pair(x)
    _hardswish_slope(x, d, y)  # y is scratch until the forward overwrites it
    return times_mask(_hardsigmoid(x, y), x, 0.0), d


def hardswish_d2(x: Array) -> Array:
    r"""1/3 on (−3, 3), else 0; f''(±3) = 0 (PyTorch)."""
    return inside(x, -3.0, 3.0) / 3.0


def hardsigmoid(x: Array) -> Array:
    r"""Hardsigmoid: :math:`\mathrm{ReLU6}(x+3)/6`. f'(±3) = 0 (PyTorch)."""
    if (y := jit.forward("hardsigmoid", x)) is not None:
        return y
    return _hardsigmoid(x, np.empty_like(x))


def _hardsigmoid_slope(x: Array, out: Array) -> Array:
    """1/6 on (−3, 3), else 0, into `out`."""
    inside(x, -3.0, 3.0, out)
    out *= 1 / 6  # 1·(1/6): the same float as 1/6
    return out


def hardsigmoid_d1(x: Array) -> Array:
    return _hardsigmoid_slope(x, np.empty_like(x))


def hardsigmoid_fused(x: Array) -> tuple[Array, Array]:
    if (fd := jit.fused("hardsigmoid", x)) is not None:
        return fd
    y, d = pair(x)
    return _hardsigmoid(x, y), _hardsigmoid_slope(x, d)


def hardtanh(x: Array, min_val: float = -1.0, max_val: float = 1.0) -> Array:
    r"""Hardtanh: x clipped to [min_val, max_val]. f' = 0 at both ends (PyTorch)."""
    return np.clip(x, min_val, max_val)


def hardtanh_d1(x: Array, min_val: float = -1.0, max_val: float = 1.0) -> Array:
    return inside(x, min_val, max_val)


def hardtanh_fused(x: Array, min_val: float = -1.0, max_val: float = 1.0) -> tuple[Array, Array]:
    y, d = pair(x)
    return np.clip(x, min_val, max_val, out=y), inside(x, min_val, max_val, d)


def _sparse_sigmoid(x: Array, out: Array) -> Array:
    np.add(x, 1.0, out=out)
    np.clip(out, 0.0, 2.0, out=out)
    out *= 0.5
    return out


def sparse_sigmoid(x: Array) -> Array:
    r"""Sparse sigmoid: :math:`\tfrac12\,\mathrm{clip}(x+1, 0, 2)`. f'(−1) = 0, f'(1) = 1/2."""
    return _sparse_sigmoid(x, np.empty_like(x))


def _sparse_sigmoid_slope(x: Array, out: Array) -> Array:
    above(x, -1.0, out)
    out *= x <= 1
    out *= 0.5
    return out


def sparse_sigmoid_d1(x: Array) -> Array:
    r"""1/2 on (−1, 1], else 0: the left-hand value at both kinks."""
    return _sparse_sigmoid_slope(x, np.empty_like(x))


def sparse_sigmoid_fused(x: Array) -> tuple[Array, Array]:
    y, d = pair(x)
    return _sparse_sigmoid(x, y), _sparse_sigmoid_slope(x, d)


HARDSWISH = ActivationSpec(
    name="hardswish",
    family="piecewise",
    forward=hardswish,
    fused=hardswish_fused,
    nan_safe=(0,),
    d1=hardswish_d1,
    d2=hardswish_d2,
    formula=r"$x\,\frac{\mathrm{ReLU6}(x+3)}{6}$",
    derivative_formula=r"$0$ if $x\leq -3$, $\frac{2x+3}{6}$ if $-3<x<3$, else $1$",
    text="x * min(max(x + 3, 0), 6) / 6",
    range=Interval(-0.375, INF, lo_closed=True),
    kinks=lambda p: (-3.0, 3.0),
    kink_rule="f'(−3) = 0 and f'(3) = 1 (the outer pieces' slopes), f''(±3) = 0, "
    "f'' = 1/3 on (−3, 3), as PyTorch 2.13's autograd gives; f' jumps from 1.5 to 1 "
    "at 3 and from 0 to −0.5 at −3",
    reference="Howard et al., Searching for MobileNetV3, ICCV 2019",
    pros=(
        "tracks SiLU/swish closely without an exponential",
        "exact zeros below −3 and the identity above 3",
        "friendly to quantised and mobile inference",
    ),
    cons=(
        "f' jumps at ±3 (from 0 to −0.5 and from 1.5 to 1)",
        "no gradient below −3",
    ),
    use="mobile CNNs (MobileNetV3, EfficientNet-lite) as a cheap swish",
    aliases=("h_swish", "hard_silu"),
    frameworks=frameworks("hardswish", "jax.nn.hard_silu", "hard_silu"),
    framework_notes="JAX and Keras export it as hard_silu with hard_swish as an alias",
)

HARDSIGMOID = ActivationSpec(
    name="hardsigmoid",
    family="piecewise",
    forward=hardsigmoid,
    fused=hardsigmoid_fused,
    nan_safe=(0,),
    d1=hardsigmoid_d1,
    d2=zeros,
    formula=r"$\frac{\mathrm{ReLU6}(x+3)}{6}$",
    derivative_formula=r"$\frac{1}{6}\,\mathbb{1}[-3 < x < 3]$",
    text="min(max(x + 3, 0), 6) / 6",
    range=Interval(0.0, 1.0, lo_closed=True, hi_closed=True),
    kinks=lambda p: (-3.0, 3.0),
    kink_rule="f'(−3) = f'(3) = 0, f' = 1/6 between (PyTorch 2.13); f'' = 0 everywhere",
    reference="Courbariaux, Bengio & David, BinaryConnect, NeurIPS 2015 (hard sigmoid); "
    "Howard et al., MobileNetV3, ICCV 2019 (this ReLU6 form)",
    pros=(
        "no exponential: a clip and a scale",
        "exact 0 and 1 outside [−3, 3]",
    ),
    cons=("no gradient outside [−3, 3]", "a coarse fit to the logistic sigmoid"),
    use="gates in mobile networks (squeeze-and-excitation in MobileNetV3)",
    aliases=("h_sigmoid",),
    frameworks=frameworks("hardsigmoid", "jax.nn.hard_sigmoid", "hard_sigmoid"),
    framework_notes="PyTorch, JAX and Keras 3 use ReLU6(x + 3)/6; Keras 2 / tf.keras "
    "used clip(0.2x + 0.5, 0, 1) (kinks at ±2.5), so old models disagree; PyTorch's "
    "backward uses 1/6 rounded to float32 even for float64 tensors",
)

HARDTANH = ActivationSpec(
    name="hardtanh",
    symbols={"min_val": "a", "max_val": "b"},
    family="piecewise",
    forward=hardtanh,
    fused=hardtanh_fused,
    nan_safe=(0,),
    d1=hardtanh_d1,
    d2=zeros,
    formula=r"$\min(\max(x,\ a),\ b)$",
    derivative_formula=r"$\mathbb{1}[a < x < b]$",
    text="min(max(x, min_val), max_val)",
    range=Interval(-1.0, 1.0, lo_closed=True, hi_closed=True),
    params=(
        Param("min_val", -1.0, "lower clip value", span=(-3.0, 0.0)),
        Param("max_val", 1.0, "upper clip value", span=(0.0, 3.0)),
    ),
    check=lambda p: (
        None
        if p["min_val"] < p["max_val"]
        else f"min_val must be < max_val ({p['max_val']!r}), not {p['min_val']!r}"
    ),
    kinks=lambda p: (p["min_val"], p["max_val"]),
    kink_rule="f'(min_val) = f'(max_val) = 0 (PyTorch 2.13; defaults: f'(−1) = f'(1) "
    "= 0); f'' = 0 everywhere",
    reference="Collobert et al., Natural language processing (almost) from scratch, JMLR 2011",
    pros=("identity in the middle, bounded outside: cheaper than tanh",),
    cons=("no gradient outside [min_val, max_val]", "kinks instead of soft saturation"),
    use="a cheap tanh replacement; bounding activations in quantised models",
    aliases=("htanh",),
    frameworks=frameworks("hardtanh", "jax.nn.hard_tanh", "hard_tanh"),
    framework_notes="only PyTorch lets the clip values change; JAX and Keras fix "
    "[−1, 1]. At the kinks JAX's autodiff takes the middle branch, f'(±1) = 1, where "
    "PyTorch gives 0",
)

SPARSE_SIGMOID = ActivationSpec(
    name="sparse_sigmoid",
    family="piecewise",
    forward=sparse_sigmoid,
    fused=sparse_sigmoid_fused,
    nan_safe=(0,),
    d1=sparse_sigmoid_d1,
    d2=zeros,
    formula=r"$\frac{1}{2}\,\mathrm{clip}(x+1,\ 0,\ 2)$",
    derivative_formula=r"$\frac{1}{2}\,\mathbb{1}[-1 < x \leq 1]$",
    text="0.5 * clip(x + 1, 0, 2)",
    range=Interval(0.0, 1.0, lo_closed=True, hi_closed=True),
    kinks=lambda p: (-1.0, 1.0),
    kink_rule="left-hand values (PyTorch lacks it): f'(−1) = 0, f'(1) = 0.5; f'' = 0 "
    "everywhere. JAX's autodiff of its jnp.clip splits each tie and gives 0.25 at ±1",
    reference="Blondel, Martins & Niculae, Learning with Fenchel-Young losses, JMLR 2020",
    pros=(
        "exact 0 and 1 outside [−1, 1]: sparse probabilities",
        "the derivative of sparse_plus, as sigmoid is of softplus",
    ),
    cons=("no gradient outside [−1, 1]",),
    use="sparse gates and probabilities in Fenchel-Young-loss models",
    frameworks=frameworks("", "jax.nn.sparse_sigmoid", "sparse_sigmoid"),
)

SPECS = (HARDSWISH, HARDSIGMOID, HARDTANH, SPARSE_SIGMOID)
