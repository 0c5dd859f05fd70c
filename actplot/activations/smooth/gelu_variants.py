"""GELU variants that models name on their own: QuickGELU, x·σ(1.702x) (OpenAI's CLIP; a
SiLU with β = 1.702, computed by gelu_silu's kernels), and gelu_10, the exact GELU clipped
to [−10, 10] (Hugging Face's ClippedGELUActivation(-10, 10), for quantisation)."""

from __future__ import annotations

import numpy as np

from actplot.activations._blocks import INF, SMOOTH, Array, frameworks
from actplot.activations.smooth._gelu import gelu_exact, gelu_exact_fused
from actplot.activations.smooth.gelu_silu import (
    GELU_MIN,
    SILU_MIN,
    gelu_d2,
    silu,
    silu_d2,
    silu_fused,
)
from actplot.model import ActivationSpec, Interval

QUICK = 1.702  # the slope inside the sigmoid (Hendrycks & Gimpel's sigmoid approximation)
CLIP = 10.0  # gelu_10's bounds are ±CLIP; gelu > −0.17 never meets the lower one


def quick_gelu(x: Array) -> Array:
    r"""QuickGELU: :math:`x\,\sigma(1.702x)`. Smooth: no kinks."""
    return silu(x, QUICK)


def quick_gelu_fused(x: Array) -> tuple[Array, Array]:
    return silu(x, QUICK), quick_gelu_d1(x)


def quick_gelu_d1(x: Array) -> Array:
    """f' in float64 for float32 input, rounded once: f' has a root at x ≈ −0.7512, where
    its condition number (about 700 at x = −0.75) turns float32's rounding of 1.702x and of
    σ into 5e-5 relative, more than the registry's 2e-5 for float32."""
    if x.dtype == np.float64:
        return silu_fused(x, QUICK)[1]
    with np.errstate(over="ignore"):
        return silu_fused(x.astype(np.float64), QUICK)[1].astype(x.dtype)


def quick_gelu_d2(x: Array) -> Array:
    return silu_d2(x, QUICK)


def gelu_10(x: Array) -> Array:
    r"""GELU clipped: :math:`\mathrm{clip}(x\Phi(x), -10, 10)`. One kink, at x = 10: the
    true crossing 10/Φ(10) = 10 + 7.6e-23 rounds to 10, where gelu(10) rounds to 10 in
    float32 and float64. There f'(10) = gelu'(10) ≈ 1 and f''(10) = gelu''(10), the left
    values (PyTorch's clamp passes the gradient at its bounds)."""
    y = gelu_exact(x)
    return np.clip(y, -CLIP, CLIP, out=y)


def _inside(x: Array) -> Array:
    """[gelu(x) <= 10], which is [x <= 10] exactly (see gelu_10)."""
    return x <= CLIP


def gelu_10_fused(x: Array) -> tuple[Array, Array]:
    y, d = gelu_exact_fused(x)
    np.clip(y, -CLIP, CLIP, out=y)
    d *= _inside(x)  # nan stays nan: nan·0
    return y, d


def gelu_10_d1(x: Array) -> Array:
    return gelu_10_fused(x)[1]


def gelu_10_d2(x: Array) -> Array:
    d = gelu_d2(x)
    d *= _inside(x)
    return d


QUICK_GELU = ActivationSpec(
    name="quick_gelu",
    where=r"$\sigma$: the logistic sigmoid",
    family="smooth",
    forward=quick_gelu,
    d1=quick_gelu_d1,
    fused=quick_gelu_fused,
    nan_safe=(0, 1),
    d2=quick_gelu_d2,
    formula=r"$x\,\sigma(1.702\,x)$",
    derivative_formula=r"$\sigma(1.702x)\,(1 + 1.702x\,(1 - \sigma(1.702x)))$",
    text="x * sigmoid(1.702 * x)",
    range=Interval(SILU_MIN / QUICK, INF, lo_closed=True),
    kink_rule=f"{SMOOTH}; f'(0) = 0.5, f''(0) = 0.851 (1.702/2)",
    reference="Hendrycks & Gimpel, Gaussian error linear units (GELUs), 2016 (the "
    "sigmoid approximation); Radford et al., CLIP, 2021",
    pros=(
        "one sigmoid: cheaper than the exact GELU's erf",
        "what CLIP and the models fine-tuned from it were trained with",
    ),
    cons=(
        "differs from the exact GELU by up to about 0.02: weights trained with one "
        "degrade with the other",
    ),
    use="OpenAI CLIP and OpenCLIP models (their text and vision Transformers)",
    frameworks=frameworks(),
    framework_notes="no built-in in PyTorch, JAX or Keras: x * sigmoid(1.702 * x), which is "
    "silu with beta = 1.702 here. Hugging Face transformers (quick_gelu, "
    "QuickGELUActivation) and OpenCLIP (QuickGELU) ship it; it is not jax.nn.gelu's "
    "approximate=True, which is the tanh form",
)

GELU_10 = ActivationSpec(
    name="gelu_10",
    where=r"$\Phi$, $\phi$: the standard normal CDF and density",
    family="smooth",
    forward=gelu_10,
    d1=gelu_10_d1,
    fused=gelu_10_fused,
    nan_safe=(0, 1),
    d2=gelu_10_d2,
    formula=r"$\min(x\,\Phi(x),\ 10)$",
    derivative_formula=r"$(\Phi(x) + x\,\phi(x))\,\mathbb{1}[x \leq 10]$",
    text="clip(x * Phi(x), -10, 10), Phi the standard normal CDF",
    range=Interval(GELU_MIN, CLIP, lo_closed=True, hi_closed=True),
    kinks=lambda p: (CLIP,),
    kink_rule="f' jumps from 1 to 0 at x = 10 (gelu(x) = 10 at 10 + 7.6e-23, which "
    "rounds to 10): f(10) = 10, f'(10) = gelu'(10) = 1 and f''(10) = gelu''(10) ≈ −7.5e-21, "
    "the left values, as PyTorch 2.13's autograd gives for torch.clip(F.gelu(x), -10, 10) "
    "(clamp passes the gradient at its bounds); the lower bound −10 is never reached",
    reference="Hugging Face transformers' ClippedGELUActivation(-10, 10), after Wu et al., "
    "Integer quantization for deep learning inference, 2020 (arXiv 2004.09602)",
    pros=("exact GELU for every input up to 10, bounded above: a fixed range to quantise",),
    cons=(
        "no gradient above 10",
        "an erf per element, as GELU",
    ),
    use="GELU models prepared for integer quantisation (HF config activation gelu_10)",
    frameworks=frameworks(),
    framework_notes="Hugging Face transformers' gelu_10 clips the exact GELU "
    "(nn.functional.gelu); no built-in in PyTorch, JAX or Keras: "
    "torch.clip(F.gelu(x), -10, 10)",
)

SPECS = (QUICK_GELU, GELU_10)
