"""Regenerate tests/data/torch_reference.json: PyTorch 2.13's values and autograd derivatives.

The test suite compares the registry against this file (it never needs torch itself). Run
after changing an activation that PyTorch also has:

    pip install torch==2.13.0 && python tools/make_torch_reference.py

Points include every kink, where the derivative is a convention rather than a limit, so the
file pins down which convention PyTorch's autograd follows there.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

import actplot

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "torch_reference.json"
T = torch.Tensor


def _vec(fn: Callable[..., T]) -> Callable[..., T]:
    """A vector activation's 1-D profile: logit t with the other k−1 logits at 0."""

    def profile(t: T, temperature: float = 1.0, k: int = 3) -> T:
        logits = torch.zeros(t.shape[0], k, dtype=t.dtype)
        logits = torch.cat([t[:, None], logits[:, 1:]], dim=1)
        return fn(logits / temperature, dim=-1)[:, 0]

    return profile


TORCH: dict[str, Callable[..., T]] = {
    "relu": lambda t: F.relu(t),
    "leaky_relu": lambda t, negative_slope=0.01: F.leaky_relu(t, negative_slope),
    "prelu": lambda t, weight=0.25: F.prelu(t, torch.tensor([weight], dtype=t.dtype)),
    "rrelu": lambda t, lower=1 / 8, upper=1 / 3: F.rrelu(t, lower, upper, training=False),
    "relu6": lambda t: F.relu6(t),
    "elu": lambda t, alpha=1.0: F.elu(t, alpha),
    "celu": lambda t, alpha=1.0: F.celu(t, alpha),
    "selu": lambda t: F.selu(t),
    "gelu": lambda t, approximate="none": F.gelu(t, approximate=approximate),
    "silu": lambda t, beta=1.0: t * torch.sigmoid(beta * t) if beta != 1.0 else F.silu(t),
    "mish": lambda t: F.mish(t),
    "softplus": lambda t, beta=1.0, threshold=20.0: F.softplus(t, beta, threshold),
    "sigmoid": lambda t: torch.sigmoid(t),
    "tanh": lambda t: torch.tanh(t),
    "logsigmoid": lambda t: F.logsigmoid(t),
    "softsign": lambda t: F.softsign(t),
    "hardswish": lambda t: F.hardswish(t),
    "hardsigmoid": lambda t: F.hardsigmoid(t),
    "hardtanh": lambda t, min_val=-1.0, max_val=1.0: F.hardtanh(t, min_val, max_val),
    "threshold": lambda t, threshold=1.0, value=0.0: F.threshold(t, threshold, value),
    "tanhshrink": lambda t: F.tanhshrink(t),
    "softshrink": lambda t, lambd=0.5: F.softshrink(t, lambd),
    "hardshrink": lambda t, lambd=0.5: F.hardshrink(t, lambd),
    "identity": lambda t: t.clone(),
    "arctan": lambda t: torch.atan(t),
    "exponential": lambda t: torch.exp(t),
    "sinusoid": lambda t, omega0=1.0: torch.sin(omega0 * t),
    "softmax": _vec(F.softmax),
    "log_softmax": _vec(F.log_softmax),
    "softmin": _vec(F.softmin),
    # Added with the activations of current models (issue 16).
    "relu2": lambda t: F.relu(t) ** 2,
    "star_relu": lambda t, scale=0.8944, bias=-0.4472: scale * F.relu(t) ** 2 + bias,
    "trelu": lambda t, theta=1.0: F.threshold(t, theta, 0.0),
    # Hugging Face's XIELUActivation._xielu_python, with clamp(max=eps) for its min(x, eps):
    # min splits the gradient at the tie x = eps, clamp gives the left branch's (stated).
    "xielu": lambda t, alpha_p=0.8, alpha_n=0.8, beta=0.5, eps=-1e-6: torch.where(
        t > 0,
        alpha_p * t * t + beta * t,
        (torch.expm1(torch.clamp(t, max=eps)) - t) * alpha_n + beta * t,
    ),
    "elish": lambda t: torch.where(t >= 0, t, torch.expm1(t)) * torch.sigmoid(t),
    "hard_elish": lambda t: (
        torch.where(t >= 0, t, torch.expm1(t)) * F.hardtanh((t + 1) / 2, 0.0, 1.0)
    ),
    "quick_gelu": lambda t: t * torch.sigmoid(1.702 * t),
    "gelu_10": lambda t: torch.clip(F.gelu(t), -10, 10),
    "golu": lambda t: t * torch.exp(-torch.exp(-t)),
    "serf": lambda t: t * torch.erf(F.softplus(t)),
    "smish": lambda t: t * torch.tanh(torch.log1p(torch.sigmoid(t))),
    "tanhexp": lambda t: t * torch.tanh(torch.exp(t)),
    "laplace": lambda t, mu=0.707107, sigma=0.282095: (
        0.5 * (1.0 + torch.erf((t - mu) / (sigma * math.sqrt(2.0))))
    ),
    "dyt": lambda t, alpha=0.5, gamma=1.0, beta=0.0: gamma * torch.tanh(alpha * t) + beta,
    "hard_mish": lambda t: 0.5 * t * torch.clamp(t + 2, 0, 2),
    "snake": lambda t, alpha=1.0: t + torch.sin(alpha * t) ** 2 / alpha,
    "snake_beta": lambda t, alpha=1.0, beta=1.0: t + torch.sin(alpha * t) ** 2 / beta,
    "lisht": lambda t: t * torch.tanh(t),
    "logcosh": lambda t: torch.log(torch.cosh(t)),
}

# Non-default parameters worth pinning too (kinks move with them).
VARIANTS: dict[str, list[dict[str, object]]] = {
    "leaky_relu": [{"negative_slope": 0.2}],
    "elu": [{"alpha": 2.0}],
    "celu": [{"alpha": 2.0}],
    "gelu": [{"approximate": "tanh"}],
    "silu": [{"beta": 2.0}],
    "softplus": [{"beta": 2.0, "threshold": 5.0}],
    "hardtanh": [{"min_val": -2.0, "max_val": 0.5}],
    "softshrink": [{"lambd": 1.0}],
    "hardshrink": [{"lambd": 1.0}],
    "threshold": [{"threshold": -1.0, "value": 2.0}],
    "softmax": [{"temperature": 2.0, "k": 5}],
    "xielu": [{"eps": 0.0}],
    "trelu": [{"theta": 0.0}],
    "sinusoid": [{"omega0": 30.0}],
    "snake_beta": [{"alpha": 2.0, "beta": 0.5}],
    "laplace": [{"mu": 0.0, "sigma": 1.0}],
    "dyt": [{"alpha": 2.0, "gamma": 0.5, "beta": 0.25}],
}


def _swiglu_oai(a: T, b: T, limit: float = 7.0, alpha: float = 1.702) -> T:
    """GPT-OSS's swiglu (its reference torch code), on the split inputs."""
    g = a.clamp(min=None, max=limit)
    u = b.clamp(min=-limit, max=limit)
    return g * torch.sigmoid(alpha * g) * (u + 1)


# Gated units as functions of (a, b): a the gate's input, b the value.
GATED: dict[str, Callable[..., T]] = {
    # F.glu(x) = x1 * sigmoid(x2): the value first, the gate's input second.
    "glu": lambda a, b: F.glu(torch.stack([b, a], dim=-1), dim=-1)[..., 0],
    "bilinear": lambda a, b: a * b,
    "reglu": lambda a, b: F.relu(a) * b,
    "geglu": lambda a, b, approximate="none": F.gelu(a, approximate=approximate) * b,
    "swiglu": lambda a, b, beta=1.0: (
        (F.silu(a) if beta == 1.0 else a * torch.sigmoid(beta * a)) * b
    ),
    "seglu": lambda a, b: F.selu(a) * b,
    "swiglu_oai": _swiglu_oai,
    "fatrelu_glu": lambda a, b, threshold=0.0: F.threshold(a, threshold, 0.0) * b,
}

GATED_VARIANTS: dict[str, list[dict[str, object]]] = {
    "geglu": [{"approximate": "tanh"}],
    "swiglu": [{"beta": 2.0}],
    "swiglu_oai": [{"limit": 3.0, "alpha": 1.0}],
    "fatrelu_glu": [{"threshold": 0.5}],
}


def _gated_grads(fn: Callable[..., T], a: np.ndarray, b: np.ndarray, params: dict) -> dict:
    """f, the two partials and the three second partials by autograd (None where PyTorch
    has no double backward)."""
    ta = torch.tensor(a, dtype=torch.float64, requires_grad=True)
    tb = torch.tensor(b, dtype=torch.float64, requires_grad=True)
    y = fn(ta, tb, **params)
    fa, fb = torch.autograd.grad(y.sum(), (ta, tb), create_graph=True)
    out: dict = {"y": y.detach().numpy().tolist(), "fa": fa.detach().numpy().tolist(),
                 "fb": fb.detach().numpy().tolist()}  # fmt: skip
    zeros = [0.0] * len(a)
    for key, first, wrt in (("faa", fa, ta), ("fab", fa, tb), ("fbb", fb, tb)):
        if not first.requires_grad:
            out[key] = zeros  # piecewise constant in this input: autograd's answer is 0
            continue
        (second,) = torch.autograd.grad(first.sum(), wrt, retain_graph=True, allow_unused=True)
        out[key] = zeros if second is None else second.detach().numpy().tolist()
    return out


def _gated_entries() -> list[dict]:
    entries = []
    for name in actplot.names(kinds=("gated",)):
        if name not in GATED:
            raise SystemExit(f"no torch mapping for the gated unit {name}: add it to GATED")
        for params in [{}, *GATED_VARIANTS.get(name, [])]:
            act = actplot.get(name, **params)
            edges = [*act.kinks, *(float(v) for v in params.values() if isinstance(v, float))]
            axis = np.unique(np.concatenate([np.arange(-8, 8.01, 0.5), edges, [-1e-3, 1e-3]]))
            a, b = (g.ravel() for g in np.meshgrid(axis, np.arange(-8, 8.01, 1.0)))
            entries.append({"name": name, "params": params, "a": a.tolist(), "b": b.tolist(),
                            **_gated_grads(GATED[name], a, b, params)})  # fmt: skip
    return entries


def _grads(fn: Callable[..., T], x: np.ndarray, params: dict) -> dict[str, list | None]:
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    y = fn(t, **params)
    (d1,) = torch.autograd.grad(y.sum(), t, create_graph=True)
    try:
        (d2,) = torch.autograd.grad(d1.sum(), t, allow_unused=True)
        d2_list = None if d2 is None else d2.detach().numpy().tolist()
    except RuntimeError:  # e.g. hardsigmoid has no double backward in PyTorch
        d2_list = None
    if d2_list is None and not d1.requires_grad:
        d2_list = [0.0] * len(x)  # d1 is piecewise constant: autograd's f'' is 0
    return {"y": y.detach().numpy().tolist(), "d1": d1.detach().numpy().tolist(), "d2": d2_list}


def main() -> None:
    entries = []
    for name in actplot.names(kinds=("elementwise", "vector")):
        if name not in TORCH:
            continue
        for params in [{}, *VARIANTS.get(name, [])]:
            act = actplot.get(name, **params)
            x = np.unique(np.concatenate([np.arange(-8, 8.01, 0.25), act.kinks, [-1e-3, 1e-3]]))
            entries.append(
                {"name": name, "params": params, "x": x.tolist(), **_grads(TORCH[name], x, params)}
            )
    one_input = actplot.names(kinds=("elementwise", "vector"))
    missing = sorted(
        n for n in one_input if actplot.spec(n).frameworks.get("torch") and n not in TORCH
    )
    if missing:
        raise SystemExit(f"no torch mapping for {missing}: add them to TORCH")
    gated = _gated_entries()
    OUT.write_text(
        json.dumps({"torch": torch.__version__, "entries": entries, "gated": gated}, indent=0)
    )
    print(f"wrote {len(entries)} + {len(gated)} gated entries from torch {torch.__version__}")


if __name__ == "__main__":
    main()
