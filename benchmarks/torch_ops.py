"""PyTorch counterparts of the registry, for the throughput comparison.

Where torch.nn.functional (or torch) has the activation, that function; elsewhere the short
composition of torch ops a PyTorch user would write (marked "composed" in the tables).
Vector activations act along the last axis; gated units take the projection of width 2d
(GATED). Every entry takes the registry's default parameters, since those are what the
benchmark times.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import torch
import torch.nn.functional as F

T = torch.Tensor

NATIVE: dict[str, Callable[[T], T]] = {
    "relu": F.relu,
    "leaky_relu": lambda t: F.leaky_relu(t, 0.01),
    "prelu": lambda t: F.prelu(t, torch.tensor([0.25], dtype=t.dtype)),
    "rrelu": lambda t: F.rrelu(t, 1 / 8, 1 / 3, training=False),
    "relu6": F.relu6,
    "elu": F.elu,
    "celu": F.celu,
    "selu": F.selu,
    "gelu": F.gelu,
    "gelu_tanh": lambda t: F.gelu(t, approximate="tanh"),
    "silu": F.silu,
    "mish": F.mish,
    "softplus": F.softplus,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "logsigmoid": F.logsigmoid,
    "softsign": F.softsign,
    "hardswish": F.hardswish,
    "hardsigmoid": F.hardsigmoid,
    "hardtanh": F.hardtanh,
    "threshold": lambda t: F.threshold(t, 1.0, 0.0),
    "tanhshrink": F.tanhshrink,
    "softshrink": F.softshrink,
    "hardshrink": F.hardshrink,
    "identity": lambda t: t.clone(),  # actplot returns a new array too
    "arctan": torch.atan,
    "exponential": torch.exp,
    "sinusoid": torch.sin,
    "softmax": lambda t: F.softmax(t, dim=-1),
    "log_softmax": lambda t: F.log_softmax(t, dim=-1),
    "softmin": lambda t: F.softmin(t, dim=-1),
}


def _sparse_plus(t: T) -> T:
    return torch.where(t >= 1, t, 0.25 * torch.clamp(t + 1, 0, 2) ** 2)


def _isrlu(t: T) -> T:
    return torch.where(t >= 0, t, t * torch.rsqrt(1 + t * t))


def _maxout(t: T) -> T:  # the registry's default k = 3 pieces
    return torch.maximum(torch.maximum(-0.5 * t - 1.5, 0.25 * t), 1.5 * t - 2.5)


def _xielu(t: T) -> T:  # Hugging Face's XIELUActivation._xielu_python, default parameters
    eps = torch.tensor(-1e-6, dtype=t.dtype)
    return torch.where(
        t > 0, 0.8 * t * t + 0.5 * t, (torch.expm1(torch.min(t, eps)) - t) * 0.8 + 0.5 * t
    )


COMPOSED: dict[str, Callable[[T], T]] = {
    "leaky_relu6": lambda t: torch.clamp(F.leaky_relu(t, 0.01), max=6.0),
    "squareplus": lambda t: 0.5 * (t + torch.sqrt(t * t + 4.0)),
    "sparse_plus": _sparse_plus,
    "isrlu": _isrlu,
    "bent_identity": lambda t: 0.5 * (torch.sqrt(t * t + 1) - 1) + t,
    "isru": lambda t: t * torch.rsqrt(1 + t * t),
    "sparse_sigmoid": lambda t: 0.5 * torch.clamp(t + 1, 0, 2),
    "gaussian": lambda t: torch.exp(-t * t),
    "sinc": lambda t: torch.sinc(t / math.pi),  # torch.sinc is the normalized sin(πx)/(πx)
    "maxout": _maxout,
    "binary_step": lambda t: torch.heaviside(t, torch.ones((), dtype=t.dtype)),
    # the activations of current models (issue 16), as their codebases write them
    "relu2": lambda t: F.relu(t).square(),  # modded-nanogpt, HF's ReLUSquaredActivation
    "star_relu": lambda t: 0.8944 * F.relu(t) ** 2 - 0.4472,  # timm's StarReLU
    "trelu": lambda t: F.threshold(t, 1.0, 0.0),
    "xielu": _xielu,
    "elish": lambda t: torch.where(t >= 0, t, torch.expm1(t)) * torch.sigmoid(t),
    "hard_elish": lambda t: torch.where(t >= 0, t, torch.expm1(t)) * torch.clamp((t + 1) / 2, 0, 1),
    "quick_gelu": lambda t: t * torch.sigmoid(1.702 * t),  # HF's QuickGELUActivation
    "gelu_10": lambda t: torch.clip(F.gelu(t), -10, 10),  # HF's ClippedGELUActivation
    "golu": lambda t: t * torch.exp(-torch.exp(-t)),
    "serf": lambda t: t * torch.erf(F.softplus(t)),
    "smish": lambda t: t * torch.tanh(torch.log1p(torch.sigmoid(t))),
    "tanhexp": lambda t: t * torch.tanh(torch.exp(t)),
    "laplace": lambda t: 0.5 * (1.0 + torch.erf((t - 0.707107) / (0.282095 * math.sqrt(2.0)))),
    "dyt": lambda t: torch.tanh(0.5 * t),  # gamma 1, beta 0
    "hard_mish": lambda t: 0.5 * t * torch.clamp(t + 2, 0, 2),  # timm's hard_mish
    "snake": lambda t: t + torch.sin(t) ** 2,  # alpha 1
    "snake_beta": lambda t: t + torch.sin(t) ** 2,  # alpha = beta = 1
    "lisht": lambda t: t * torch.tanh(t),
    "logcosh": lambda t: torch.log(torch.cosh(t)),
}


def _halves(t: T) -> tuple[T, T]:
    d = t.shape[-1] // 2
    return t[..., :d], t[..., d:]


def _swiglu_oai(t: T) -> T:  # gpt-oss's reference swiglu (alpha 1.702, limit 7)
    x_glu, x_linear = t[..., ::2], t[..., 1::2]
    x_glu = x_glu.clamp(min=None, max=7.0)
    x_linear = x_linear.clamp(min=-7.0, max=7.0)
    return x_glu * torch.sigmoid(1.702 * x_glu) * (x_linear + 1)


def _gated(gate: Callable[[T], T]) -> Callable[[T], T]:
    """vLLM's act_and_mul: gate(x[..., :d]) * x[..., d:]."""

    def unit(t: T) -> T:
        a, b = _halves(t)
        return gate(a) * b

    return unit


# Gated units take the projection x of width 2d (PyTorch's F.glu, vLLM's *_and_mul, gpt-oss),
# as actplot's act(*act.split(x)) does; both give d outputs per row.
GATED: dict[str, tuple[Callable[[T], T], str]] = {
    "glu": (lambda t: F.glu(t, dim=-1), "native"),
    "swiglu": (_gated(F.silu), "composed"),
    "geglu": (_gated(F.gelu), "composed"),
    "reglu": (_gated(F.relu), "composed"),
    "seglu": (_gated(F.selu), "composed"),
    "fatrelu_glu": (_gated(lambda a: F.threshold(a, 0.0, 0.0)), "composed"),
    "bilinear": (_gated(lambda a: a), "composed"),
    "swiglu_oai": (_swiglu_oai, "composed"),
}


def counterpart(name: str) -> tuple[Callable[[T], T], str] | None:
    """The torch function for `name` and how it was obtained ("native" or "composed")."""
    if name in NATIVE:
        return NATIVE[name], "native"
    if name in COMPOSED:
        return COMPOSED[name], "composed"
    return GATED.get(name)


def with_backward(fn: Callable[[T], T], t: T) -> Callable[[], tuple[T, T]]:
    """A job computing fn(t) and its autograd backward for an upstream gradient of ones.

    torch.heaviside has no backward: there the derivative is torch.zeros_like (the true
    f' away from 0), which is what a user would have to write.
    """
    leaf = t.detach().clone().requires_grad_(True)
    ones = torch.ones_like(leaf)

    def job() -> tuple[T, T]:
        y = fn(leaf)
        (grad,) = torch.autograd.grad(y, leaf, ones)
        return y, grad

    try:
        job()
    except RuntimeError:  # "derivative for aten::heaviside is not implemented"
        plain = t.detach()
        return lambda: (fn(plain), torch.zeros_like(plain))
    return job
