"""Hard/piecewise activations: cheap piecewise-linear (or piecewise-quadratic) stand-ins for
smooth curves, and step functions (hardswish, hardsigmoid, hardtanh, sparse_sigmoid,
binary_step, threshold). Maxout lives in maxout.py."""

from __future__ import annotations

import math

import numpy as np

from actplot.activations._common import Array, frameworks, kink_at_zero, step, zeros
from actplot.core import ActivationSpec, Interval, Param
from actplot.registry import register

INF = math.inf


def _inside(x: Array, lo: float, hi: float) -> Array:
    """1 on the open interval (lo, hi), else 0, in x's dtype."""
    return ((x > lo) & (x < hi)).astype(x.dtype)


def hardswish(x: Array) -> Array:
    r"""Hardswish: :math:`x\,\mathrm{ReLU6}(x+3)/6`: 0 for x <= −3, x for x >= 3."""
    c = np.clip(x, -3.0, 3.0)  # the clamp keeps inf out of the quadratic branch
    return np.where(x >= 3, x, c * (c + 3.0) / 6.0)


def hardswish_d1(x: Array) -> Array:
    r"""(2x + 3)/6 on (−3, 3), 0 below, 1 above; f'(−3) = 0, f'(3) = 1 (PyTorch)."""
    c = np.clip(x, -3.0, 3.0)
    return np.where(x >= 3, 1.0, np.where(x > -3, (2.0 * c + 3.0) / 6.0, 0.0))


def hardswish_d2(x: Array) -> Array:
    r"""1/3 on (−3, 3), else 0; f''(±3) = 0 (PyTorch)."""
    return _inside(x, -3.0, 3.0) / 3.0


def hardsigmoid(x: Array) -> Array:
    r"""Hardsigmoid: :math:`\mathrm{ReLU6}(x+3)/6`. f'(±3) = 0 (PyTorch)."""
    return np.clip(x + 3.0, 0.0, 6.0) / 6.0


def hardsigmoid_d1(x: Array) -> Array:
    return _inside(x, -3.0, 3.0) / 6.0


def hardtanh(x: Array, min_val: float = -1.0, max_val: float = 1.0) -> Array:
    r"""Hardtanh: x clipped to [min_val, max_val]. f' = 0 at both ends (PyTorch)."""
    return np.clip(x, min_val, max_val)


def hardtanh_d1(x: Array, min_val: float = -1.0, max_val: float = 1.0) -> Array:
    return _inside(x, min_val, max_val)


def sparse_sigmoid(x: Array) -> Array:
    r"""Sparse sigmoid: :math:`\tfrac12\,\mathrm{clip}(x+1, 0, 2)`. f'(−1) = 0, f'(1) = 1/2."""
    return 0.5 * np.clip(x + 1.0, 0.0, 2.0)


def sparse_sigmoid_d1(x: Array) -> Array:
    r"""1/2 on (−1, 1], else 0: the left-hand value at both kinks."""
    return ((x > -1) & (x <= 1)).astype(x.dtype) * 0.5


def binary_step(x: Array) -> Array:
    r"""Heaviside step: 1 for x >= 0, else 0 (f(0) = 1); f' = 0 wherever it exists."""
    return step(x, 1.0)


def threshold(x: Array, threshold: float = 1.0, value: float = 0.0) -> Array:
    r"""PyTorch's threshold: x if x > threshold, else value. f(threshold) = value."""
    return np.where(x > threshold, x, value)


def threshold_d1(x: Array, threshold: float = 1.0, value: float = 0.0) -> Array:
    r"""1 for x > threshold, else 0 (0 at the threshold, as PyTorch)."""
    return (x > threshold).astype(x.dtype)


register(
    ActivationSpec(
        name="hardswish",
        family="piecewise",
        forward=hardswish,
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
)

register(
    ActivationSpec(
        name="hardsigmoid",
        family="piecewise",
        forward=hardsigmoid,
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
)

register(
    ActivationSpec(
        name="hardtanh",
        family="piecewise",
        forward=hardtanh,
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
        check=lambda p: None if p["min_val"] < p["max_val"] else "min_val must be < max_val",
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
)

register(
    ActivationSpec(
        name="sparse_sigmoid",
        family="piecewise",
        forward=sparse_sigmoid,
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
)

register(
    ActivationSpec(
        name="binary_step",
        family="piecewise",
        forward=binary_step,
        d1=zeros,
        d2=zeros,
        formula=r"$1$ if $x \geq 0$ else $0$",
        derivative_formula=r"$0$ (a Dirac delta at 0 is not representable)",
        text="1 if x >= 0 else 0",
        range=Interval(0.0, 1.0, lo_closed=True, hi_closed=True),
        kinks=kink_at_zero,
        jumps=kink_at_zero,
        kink_rule="f jumps from 0 to 1 at x = 0 and f(0) = 1; f' = f'' = 0 everywhere, "
        "including 0 (the true derivative there is a Dirac delta, which an array cannot "
        "hold; PyTorch's heaviside has no autograd)",
        reference="McCulloch & Pitts, A logical calculus of the ideas immanent in nervous "
        "activity, 1943; Rosenblatt's perceptron, 1958",
        pros=("the simplest on/off neuron", "outputs are exactly 0 or 1"),
        cons=(
            "zero gradient everywhere: useless for backpropagation",
            "discontinuous at 0",
        ),
        use="perceptrons, binarised networks (with a straight-through gradient), teaching",
        aliases=("heaviside", "step", "unit_step"),
        frameworks=frameworks("", "", ""),
        framework_notes="no activation of that name in PyTorch, JAX or Keras; the tensor "
        "function torch.heaviside(x, values) (jnp.heaviside in JAX) computes it with the "
        "value at 0 as an argument (here 1), and PyTorch's has no backward",
    )
)

register(
    ActivationSpec(
        name="threshold",
        family="piecewise",
        forward=threshold,
        d1=threshold_d1,
        d2=zeros,
        formula=r"$x$ if $x > \theta$ else $v$",
        derivative_formula=r"$\mathbb{1}[x > \theta]$",
        text="x if x > threshold else value",
        range=Interval(0.0, INF, lo_closed=True),
        params=(
            Param("threshold", 1.0, "inputs at or below it are replaced", span=(-3.0, 3.0)),
            Param("value", 0.0, "the replacement value", span=(-3.0, 3.0)),
        ),
        kinks=lambda p: (p["threshold"],),
        jumps=lambda p: (p["threshold"],) if p["value"] != p["threshold"] else (),
        kink_rule="f(threshold) = value and f'(threshold) = 0 (PyTorch 2.13); defaults: f "
        "jumps from 0 to 1 at x = 1, f(1) = 0, f'(1) = 0, and no output lies in (0, 1]; "
        "f'' = 0 everywhere. With value = threshold it is a kink, not a jump",
        reference="PyTorch's Threshold module, from Lua Torch7 (Collobert, Kavukcuoglu & "
        "Farabet, 2011)",
        pros=("generalises ReLU: threshold = value = 0 gives ReLU",),
        cons=(
            "discontinuous unless value equals threshold",
            "no gradient below the threshold",
        ),
        use="clamping small activations to a fixed value",
        frameworks=frameworks("threshold", "", "threshold"),
        framework_notes="PyTorch and Keras have no defaults (Keras calls value "
        "default_value); the defaults here, threshold = 1 and value = 0, make it differ "
        "visibly from ReLU",
    )
)
