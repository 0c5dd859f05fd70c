"""GPT-OSS's clamped SwiGLU: g = min(a, L), u = clip(b, −L, L), f = g·σ(αg)·(u + 1).

As in OpenAI's gpt-oss reference code, Hugging Face's GptOssExperts and vLLM's
swigluoai_and_mul: the gate's input is clamped from above only, the value on both sides, the
value gets a bias of 1, and the projection is interleaved (gate x[..., ::2], value
x[..., 1::2]). The gate is silu with β = α, so its kernels are silu's. Both clamps pass the
gradient at their bounds (PyTorch's clamp backward: where a <= L, where −L <= b <= L), so at
a = L and b = ±L the partials take the inner side's value. f is bounded for every input,
infinities included (g(−inf) = 0 and the clamps bound the rest): finite while L·(L + 1) is,
and ±inf, its rounding, beyond (L above about 1.3e154).
"""

from __future__ import annotations

import math

import numpy as np

from actplot.activations._blocks import Array, frameworks, positive_param
from actplot.activations.smooth.gelu_silu import SILU_MIN, silu, silu_d2, silu_fused
from actplot.model import GatedSpec, Interval
from actplot.model.param import Params

LIMIT, ALPHA = 7.0, 1.702


def _parts(a: Array, b: Array, limit: float) -> tuple[Array, Array, Array]:
    """(g, u + 1, [a <= L]) with g = min(a, L), u = clip(b, −L, L); nan stays nan."""
    g = np.minimum(a, limit)
    u1 = np.clip(b, -limit, limit)
    u1 += 1.0
    return g, u1, np.less_equal(a, limit).astype(a.dtype)


def _forward(a: Array, b: Array, limit: float = LIMIT, alpha: float = ALPHA) -> Array:
    g, u1, _ = _parts(a, b, limit)
    y = silu(g, alpha)
    with np.errstate(over="ignore"):  # L beyond ~1.3e154: g·(u + 1) passes the float maximum
        y *= u1
    return y


def _grad(a: Array, b: Array, limit: float = LIMIT, alpha: float = ALPHA) -> tuple[Array, Array]:
    g, u1, inner = _parts(a, b, limit)
    y, d = silu_fused(g, alpha)
    d *= inner  # clamp: the gradient passes where a <= L
    with np.errstate(over="ignore"):  # a huge L: inf is the rounding
        d *= u1
    y *= np.abs(b) <= limit  # ... and where |b| <= L
    return d, y


def _fused(
    a: Array, b: Array, limit: float = LIMIT, alpha: float = ALPHA
) -> tuple[Array, Array, Array]:
    """(f, f_a, f_b) as _forward and _grad give them, from one silu_fused."""
    g, u1, inner = _parts(a, b, limit)
    y, d = silu_fused(g, alpha)
    d *= inner
    with np.errstate(over="ignore"):
        f = np.multiply(y, u1)
        d *= u1
    y *= np.abs(b) <= limit
    return f, d, y


def _hessian(
    a: Array, b: Array, limit: float = LIMIT, alpha: float = ALPHA
) -> tuple[Array, Array, Array]:
    g, u1, inner = _parts(a, b, limit)
    d2 = silu_d2(g, alpha)
    d2 *= inner
    with np.errstate(over="ignore"):
        d2 *= u1
    _, d = silu_fused(g, alpha)
    d *= inner
    d *= np.abs(b) <= limit
    return d2, d, np.zeros_like(a)


def _silu_top(limit: float, alpha: float) -> float:
    """max of g·σ(αg) over g <= L: silu is increasing above its minimum, so its value at L."""
    return limit / (1.0 + math.exp(-alpha * limit))


def _range(limit: float, alpha: float) -> Interval:
    """f over all (a, b): products of s = g·σ(αg) in [SILU_MIN/α, s(L)] and u + 1 in
    [1 − L, 1 + L]; the extremes are among the corners."""
    s = (SILU_MIN / alpha, _silu_top(limit, alpha))
    v = (1.0 - limit, 1.0 + limit)
    corners = [x * y for x in s for y in v]
    return Interval.closed(min(corners), max(corners))


def _kinks(p: Params) -> tuple[float, ...]:
    return (float(p["limit"]),)


SWIGLU_OAI = GatedSpec(
    "swiglu_oai",
    _forward,
    _grad,
    _hessian,
    fused=_fused,
    formula=r"$g\,\sigma(\alpha g)\,(u + 1),\ g = \min(a, L),\ u = \mathrm{clip}(b, -L, L)$",
    derivative_formula=r"$\partial_a f = \mathbb{1}[a \leq L]\,\mathrm{silu}_\alpha'(g)\,(u + 1),"
    r"\quad \partial_b f = \mathbb{1}[|b| \leq L]\,g\,\sigma(\alpha g)$",
    text="g * sigmoid(alpha * g) * (u + 1), g = min(a, limit), u = clip(b, -limit, limit)",
    symbols={"limit": "L", "alpha": r"\alpha"},
    where=r"$\sigma$: the logistic sigmoid; a: the gate's input, b: the value",
    gate="silu",
    split="interleaved",
    diagonal_text="min(x, L)·σ(α·min(x, L))·(clip(x, −L, L) + 1)",
    range=_range(LIMIT, ALPHA),
    params=(
        positive_param("limit", LIMIT, "clamp of the gate's input (above) and the value", (1, 12)),
        positive_param("alpha", ALPHA, "slope inside the sigmoid", (0.5, 3.0)),
    ),
    kinks=_kinks,
    kink_rule="kinks along a = L and b = ±L: PyTorch's clamp passes the gradient at its "
    "bounds, so f_a(L, b) = silu_α'(L)·(u + 1), f_b(a, ±L) = g·σ(αg), and f_aa, f_ab there "
    "are the inner side's; f_a = f_aa = 0 for a > L, f_b = f_ab = 0 for |b| > L; f_bb = 0; "
    "f is finite at every input, ±inf included (g(−inf) = 0)",
    reference="OpenAI, gpt-oss-120b & gpt-oss-20b model card, 2025, and the gpt-oss "
    "reference code (torch/model.py swiglu)",
    pros=(
        "the clamps bound the unit's output and keep low-precision (MXFP4) experts stable",
        "the +1 on the value keeps a path open when the value is near 0",
    ),
    cons=(
        "zero gradient through a above L and through b beyond ±L",
        "two extra parameters, and an interleaved layout to get right",
    ),
    use="GPT-OSS's mixture-of-experts MLPs",
    frameworks=frameworks(),
    framework_notes="vLLM: SwigluOAIAndMul(alpha=1.702, limit=7.0) (swigluoai_and_mul), "
    "interleaved split; Hugging Face: GptOssExperts (alpha 1.702, limit 7.0), the same "
    "interleaved form",
)
