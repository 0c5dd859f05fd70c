"""The step-shaped hard activations: the binary (Heaviside) step and PyTorch's threshold,
whose value jumps where their argument crosses a point."""

from __future__ import annotations

import numpy as np

from actplot.activations._blocks import (
    INF,
    Array,
    above,
    frameworks,
    kink_at_zero,
    pair,
    step,
    times_mask,
    zeros,
)
from actplot.model import ActivationSpec, Interval, Param


def binary_step(x: Array) -> Array:
    r"""Heaviside step: 1 for x >= 0, else 0 (f(0) = 1); f' = 0 wherever it exists."""
    return step(x, 1.0)


def binary_step_fused(x: Array) -> tuple[Array, Array]:
    y, d = pair(x)
    np.greater_equal(x, 0.0, out=y)
    d[...] = 0
    return y, d


def _threshold(x: Array, threshold: float, value: float, out: Array) -> Array:
    # x·[x > θ] is x above θ and 0 at or below it (−inf·0 is patched to 0), where adding
    # value·[x <= θ] gives value. Branch-free and exact; nan·0 stays nan.
    above(x, threshold, out)
    times_mask(out, x, 0.0)
    if value != 0:
        out += (x <= threshold) * x.dtype.type(value)
    return out


def threshold(x: Array, threshold: float = 1.0, value: float = 0.0) -> Array:
    r"""PyTorch's threshold: x if x > threshold, else value. f(threshold) = value."""
    return _threshold(x, threshold, value, np.empty_like(x))


def threshold_d1(x: Array, threshold: float = 1.0, value: float = 0.0) -> Array:
    r"""1 for x > threshold, else 0 (0 at the threshold, as PyTorch)."""
    return above(x, threshold)


def threshold_fused(x: Array, threshold: float = 1.0, value: float = 0.0) -> tuple[Array, Array]:
    y, d = pair(x)
    return _threshold(x, threshold, value, y), above(x, threshold, d)


BINARY_STEP = ActivationSpec(
    name="binary_step",
    family="piecewise",
    forward=binary_step,
    fused=binary_step_fused,
    nan_safe=(),
    d1=zeros,
    d2=zeros,
    formula=r"$1$ if $x \geq 0$ else $0$",
    derivative_formula=r"$0$ (a Dirac delta at 0 is not representable)",
    text="1 if x >= 0 else 0",
    range=Interval(0.0, 1.0, lo_closed=True, hi_closed=True),
    image=(Interval.closed(0.0, 0.0), Interval.closed(1.0, 1.0)),  # {0, 1}
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

THRESHOLD = ActivationSpec(
    name="threshold",
    symbols={"threshold": r"\theta", "value": "v"},
    family="piecewise",
    forward=threshold,
    fused=threshold_fused,
    nan_safe=(0,),
    d1=threshold_d1,
    d2=zeros,
    formula=r"$x$ if $x > \theta$ else $v$",
    derivative_formula=r"$\mathbb{1}[x > \theta]$",
    text="x if x > threshold else value",
    range=Interval(0.0, INF, lo_closed=True),
    image=(Interval.closed(0.0, 0.0), Interval.above(1.0)),  # {0} ∪ (1, ∞)
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

SPECS = (BINARY_STEP, THRESHOLD)
