"""Regenerate tests/data/torch_reference.json: PyTorch 2.13's values and autograd derivatives.

The test suite compares the registry against this file (it never needs torch itself). Run
after changing an activation that PyTorch also has:

    pip install torch==2.13.0 && python tools/make_torch_reference.py

Points include every kink, where the derivative is a convention rather than a limit, so the
file pins down which convention PyTorch's autograd follows there.
"""

from __future__ import annotations

import json
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
    "sinusoid": lambda t: torch.sin(t),
    "softmax": _vec(F.softmax),
    "log_softmax": _vec(F.log_softmax),
    "softmin": _vec(F.softmin),
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
}


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
    for name in actplot.names():
        if name not in TORCH:
            continue
        for params in [{}, *VARIANTS.get(name, [])]:
            act = actplot.get(name, **params)
            x = np.unique(np.concatenate([np.arange(-8, 8.01, 0.25), act.kinks, [-1e-3, 1e-3]]))
            entries.append(
                {"name": name, "params": params, "x": x.tolist(), **_grads(TORCH[name], x, params)}
            )
    missing = sorted(
        n for n in actplot.names() if actplot.spec(n).frameworks.get("torch") and n not in TORCH
    )
    if missing:
        raise SystemExit(f"no torch mapping for {missing}: add them to TORCH")
    OUT.write_text(json.dumps({"torch": torch.__version__, "entries": entries}, indent=0))
    print(f"wrote {len(entries)} entries from torch {torch.__version__} to {OUT}")


if __name__ == "__main__":
    main()
