"""The ReLU family: rectifiers with a linear positive side (ReLU, its leaky, parametric
and randomized variants, ReLU6 and the seeds' leaky ReLU6). elu.py holds the
exponential-linear members of the family."""

from __future__ import annotations

import numpy as np

from actplot.activations._blocks import (
    INF,
    Array,
    above,
    frameworks,
    inside,
    kink_at_zero,
    leaky,
    leaky_grad,
    pair,
    positive_part,
    zeros,
)
from actplot.model import ActivationSpec, Interval, Param


def relu(x: Array) -> Array:
    r"""ReLU: :math:`\max(0, x)`. Kink at 0, where the derivative is 0 (PyTorch)."""
    return positive_part(x)


def relu_d1(x: Array) -> Array:
    return above(x, 0.0)


def relu_fused(x: Array) -> tuple[Array, Array]:
    y, d = pair(x)
    return positive_part(x, y), above(x, 0.0, d)


def leaky_relu(x: Array, negative_slope: float = 0.01) -> Array:
    r"""Leaky ReLU: x for x > 0, else negative_slope·x. f'(0) = negative_slope (PyTorch)."""
    return leaky(x, negative_slope)


def leaky_relu_d1(x: Array, negative_slope: float = 0.01) -> Array:
    return leaky_grad(x, negative_slope)


def _leaky_fused(x: Array, slope: float) -> tuple[Array, Array]:
    y, d = pair(x)
    if slope == 0:
        positive_part(x, y)
    else:
        np.multiply(x, slope, out=y)
        (np.maximum if slope <= 1 else np.minimum)(y, x, out=y)
    return y, leaky_grad(x, slope, d)


def leaky_relu_fused(x: Array, negative_slope: float = 0.01) -> tuple[Array, Array]:
    return _leaky_fused(x, negative_slope)


def prelu(x: Array, weight: float = 0.25) -> Array:
    r"""PReLU with one shared learnable slope `weight`: x for x > 0, else weight·x."""
    with np.errstate(over="ignore"):  # |weight| > 1: weight·x may round to ±inf, correctly
        return leaky(x, weight)


def prelu_d1(x: Array, weight: float = 0.25) -> Array:
    return leaky_grad(x, weight)


def prelu_fused(x: Array, weight: float = 0.25) -> tuple[Array, Array]:
    with np.errstate(over="ignore"):
        return _leaky_fused(x, weight)


def rrelu(x: Array, lower: float = 1 / 8, upper: float = 1 / 3) -> Array:
    r"""RReLU in evaluation mode: a leaky ReLU with slope (lower + upper) / 2."""
    return leaky(x, (lower + upper) / 2)


def rrelu_d1(x: Array, lower: float = 1 / 8, upper: float = 1 / 3) -> Array:
    return leaky_grad(x, (lower + upper) / 2)


def rrelu_fused(x: Array, lower: float = 1 / 8, upper: float = 1 / 3) -> tuple[Array, Array]:
    return _leaky_fused(x, (lower + upper) / 2)


def relu6(x: Array) -> Array:
    r"""ReLU6: :math:`\min(\max(0, x), 6)`. f'(0) = f'(6) = 0 (PyTorch, via hardtanh)."""
    return np.clip(x, 0.0, 6.0)


def relu6_d1(x: Array) -> Array:
    return inside(x, 0.0, 6.0)


def relu6_fused(x: Array) -> tuple[Array, Array]:
    y, d = pair(x)
    return np.clip(x, 0.0, 6.0, out=y), inside(x, 0.0, 6.0, d)


def leaky_relu6(x: Array, negative_slope: float = 0.01) -> Array:
    r"""Leaky ReLU6: negative_slope·x for x <= 0, x up to 6, then 6.

    f'(0) = negative_slope as for leaky_relu, f'(6) = 0 as for relu6.
    """
    return np.clip(leaky(x, negative_slope), -INF, 6.0)


def _capped_at_6(d: Array, x: Array) -> Array:
    """A leaky slope (slope or 1) made 0 from 6 on, in place."""
    d *= x < 6
    return d


def leaky_relu6_d1(x: Array, negative_slope: float = 0.01) -> Array:
    return _capped_at_6(leaky_grad(x, negative_slope), x)


def leaky_relu6_fused(x: Array, negative_slope: float = 0.01) -> tuple[Array, Array]:
    y, d = _leaky_fused(x, negative_slope)
    np.clip(y, -INF, 6.0, out=y)
    return y, _capped_at_6(d, x)


SLOPE = Param(
    "negative_slope", 0.01, "slope for x <= 0", bounds=Interval.closed(0.0, 1.0), span=(0.0, 0.5)
)
DEAD = ("dies: units with negative input get no gradient",)

RELU = ActivationSpec(
    name="relu",
    family="relu",
    forward=relu,
    d1=relu_d1,
    fused=relu_fused,
    nan_safe=(0,),
    d2=zeros,
    formula=r"$\max(0,\ x)$",
    derivative_formula=r"$\mathbb{1}[x > 0]$",
    text="max(0, x)",
    range=Interval(0.0, INF, lo_closed=True),
    kinks=kink_at_zero,
    kink_rule="f'(0) = 0 (PyTorch 2.13); f'' = 0 everywhere",
    reference="Nair & Hinton, Rectified linear units improve restricted Boltzmann "
    "machines, ICML 2010",
    pros=(
        "one comparison per element: the cheapest nonlinearity there is",
        "gradient exactly 1 for every positive input, so deep stacks do not vanish",
        "outputs are exactly 0 for half the inputs: sparse activations",
    ),
    cons=(*DEAD, "not zero-centred: outputs are never negative", "unbounded above"),
    use="the default for hidden layers of CNNs and MLPs",
    aliases=("rectifier", "rectified_linear"),
    frameworks=frameworks("relu", "jax.nn.relu", "relu"),
    framework_notes="jax.nn.relu's custom JVP gives f'(0) = 0, as PyTorch; autodiff of "
    "jnp.maximum(x, 0) gives 0.5 there (JAX splits ties)",
)

LEAKY_RELU = ActivationSpec(
    name="leaky_relu",
    symbols={"negative_slope": "s"},
    family="relu",
    forward=leaky_relu,
    d1=leaky_relu_d1,
    fused=leaky_relu_fused,
    nan_safe=(0,),
    d2=zeros,
    formula=r"$\max(0,x) + s\,\min(0,x)$",
    derivative_formula=r"$1$ if $x>0$ else $s$",
    text="x if x > 0 else negative_slope * x",
    range=Interval(-INF, INF),
    params=(SLOPE,),
    kinks=kink_at_zero,
    kink_rule="f'(0) = negative_slope (PyTorch 2.13); f'' = 0 everywhere",
    reference="Maas, Hannun & Ng, Rectifier nonlinearities improve neural network "
    "acoustic models, ICML 2013",
    pros=(
        "negative inputs keep a small gradient, so units cannot die",
        "almost as cheap as ReLU",
    ),
    cons=(
        "the slope is one more hyperparameter to choose",
        "not clearly better than ReLU in practice",
    ),
    use="drop-in replacement for ReLU when many units stop learning",
    aliases=("leakyrelu", "lrelu"),
    frameworks=frameworks("leaky_relu", "jax.nn.leaky_relu", "leaky_relu"),
    framework_notes="default slope: PyTorch 0.01, JAX 0.01, ONNX 0.01, Keras 0.2 "
    "(keras.activations, keras.ops) but 0.3 for the keras.layers.LeakyReLU layer; JAX's "
    "autodiff takes its x >= 0 branch at 0, f'(0) = 1, where PyTorch gives negative_slope",
)

PRELU = ActivationSpec(
    name="prelu",
    symbols={"weight": "a"},
    family="relu",
    forward=prelu,
    d1=prelu_d1,
    fused=prelu_fused,
    nan_safe=(0,),
    d2=zeros,
    formula=r"$\max(0,x) + a\,\min(0,x)$",
    derivative_formula=r"$1$ if $x>0$ else $a$",
    text="x if x > 0 else weight * x  (weight is learned)",
    range=Interval(-INF, INF),
    params=(Param("weight", 0.25, "learned slope for x <= 0", span=(-0.5, 1.0)),),
    kinks=kink_at_zero,
    kink_rule="f'(0) = weight (PyTorch 2.13); f'' = 0 everywhere",
    reference="He et al., Delving deep into rectifiers, ICCV 2015",
    pros=("the negative slope is learned per layer or channel instead of tuned",),
    cons=("extra parameters that can overfit small data sets",),
    use="image classifiers where a learned leak helped (He et al.)",
    aliases=("parametric_relu",),
    frameworks=frameworks("prelu", "", "PReLU layer"),
    framework_notes="PyTorch initialises weight at 0.25; Keras' PReLU layer at 0",
)

RRELU = ActivationSpec(
    name="rrelu",
    symbols={"lower": "l", "upper": "u"},
    family="relu",
    forward=rrelu,
    d1=rrelu_d1,
    fused=rrelu_fused,
    nan_safe=(0,),
    d2=zeros,
    formula=r"$\max(0,x) + \frac{l+u}{2}\min(0,x)$",
    derivative_formula=r"$1$ if $x>0$ else $\frac{l+u}{2}$",
    text="x if x > 0 else (lower + upper) / 2 * x  (evaluation mode)",
    range=Interval(-INF, INF),
    params=(
        Param("lower", 1 / 8, "lower bound of the random slope", bounds=Interval.closed(0.0, 1.0)),
        Param("upper", 1 / 3, "upper bound of the random slope", bounds=Interval.closed(0.0, 1.0)),
    ),
    check=lambda p: (
        None
        if p["lower"] <= p["upper"]
        else f"lower must be <= upper ({p['upper']!r}), not {p['lower']!r}"
    ),
    kinks=kink_at_zero,
    kink_rule="f'(0) = (lower + upper) / 2 (PyTorch 2.13, eval mode); f'' = 0",
    reference="Xu et al., Empirical evaluation of rectified activations in "
    "convolutional network, 2015",
    pros=("random slopes during training act as a regulariser",),
    cons=("training and evaluation behave differently; shown here in evaluation mode",),
    use="small image data sets where the randomness regularises",
    aliases=("randomized_relu",),
    frameworks=frameworks("rrelu", "", ""),
    framework_notes="training mode draws the slope from U(lower, upper) per element",
)

RELU6 = ActivationSpec(
    name="relu6",
    family="relu",
    forward=relu6,
    d1=relu6_d1,
    fused=relu6_fused,
    nan_safe=(0,),
    d2=zeros,
    formula=r"$\min(\max(0,x),\ 6)$",
    derivative_formula=r"$\mathbb{1}[0 < x < 6]$",
    text="min(max(0, x), 6)",
    range=Interval(0.0, 6.0, lo_closed=True, hi_closed=True),
    kinks=lambda p: (0.0, 6.0),
    kink_rule="f'(0) = f'(6) = 0 (PyTorch 2.13, computed as hardtanh(0, 6)); f'' = 0",
    reference="Krizhevsky, Convolutional deep belief networks on CIFAR-10, 2010; "
    "MobileNets (Howard et al., 2017)",
    pros=(
        "bounded output suits low-precision and fixed-point inference",
        "stops activations from growing without limit",
    ),
    cons=(*DEAD, "also no gradient above 6"),
    use="mobile networks (MobileNet) and quantised models",
    frameworks=frameworks("relu6", "jax.nn.relu6", "relu6"),
    framework_notes="jax.nn.relu6's custom JVP gives f'(0) = f'(6) = 0, as PyTorch",
)

LEAKY_RELU6 = ActivationSpec(
    name="leaky_relu6",
    symbols={"negative_slope": "s"},
    family="relu",
    forward=leaky_relu6,
    d1=leaky_relu6_d1,
    fused=leaky_relu6_fused,
    nan_safe=(0,),
    d2=zeros,
    formula=r"$\min(\max(sx,\ x),\ 6)$",
    derivative_formula=r"$s$ if $x\leq 0$, $1$ if $0<x<6$, else $0$",
    text="negative_slope * x if x <= 0 else min(x, 6)",
    range=Interval(-INF, 6.0, hi_closed=True),
    params=(SLOPE,),
    kinks=lambda p: (0.0, 6.0),
    kink_rule="f'(0) = negative_slope as leaky_relu, f'(6) = 0 as relu6; f'' = 0. No "
    "framework ships it, so it follows its two parents' PyTorch conventions",
    reference="proposed in the seed articles: ReLU6 combined with a leaky negative side",
    pros=(
        "bounded above like ReLU6, so suited to low precision",
        "keeps a gradient for negative inputs, so units do not die",
    ),
    cons=("no framework ships it: a custom layer", "no gradient above 6"),
    use="an experiment: mobile-style networks that suffer from dead units",
    aliases=("relu6_leaky",),
    frameworks=frameworks(),
)

SPECS = (RELU, LEAKY_RELU, PRELU, RRELU, RELU6, LEAKY_RELU6)
