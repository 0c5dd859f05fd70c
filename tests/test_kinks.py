"""The values at kinks, jumps and removable singularities, pinned exactly from the definitions.

A derivative at a kink is a convention, not a limit: for the functions PyTorch has, the
convention is its autograd's and tests/data/torch_reference.json pins it. For the ones PyTorch
lacks, each spec's kink_rule (``actplot info NAME``) states the value, and the table below
holds it as a literal worked out from the definition (never computed by actplot), in float64
and float32. Every kink and jump of such a built-in must appear in the table
(test_every_kink_without_a_torch_reference_is_pinned), so a new one cannot go unpinned; and at
every kink of every built-in, each value must be one of the two one-sided limits.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from conftest import ONE_INPUT

import actplot
from actplot import registry

SIGMA_20 = 1 / (1 + math.exp(-20.0))  # σ(20), softplus′ at its threshold switch

# (name, params, x, order, expected): the value of the order-th derivative at x.
KINKS: list[tuple[str, dict, float, int, float]] = [
    # binary_step: 1 if x >= 0 else 0 (f(0) = f(−0) = 1); f' = f'' = 0, the Dirac delta aside
    ("binary_step", {}, 0.0, 0, 1.0),
    ("binary_step", {}, -0.0, 0, 1.0),
    ("binary_step", {}, 0.0, 1, 0.0),
    ("binary_step", {}, 0.0, 2, 0.0),
    # leaky_relu6 = min(leaky_relu(x, s), 6): f'(0) = s as leaky_relu, f'(6) = 0 as relu6
    ("leaky_relu6", {}, 0.0, 0, 0.0),
    ("leaky_relu6", {}, 0.0, 1, 0.01),
    ("leaky_relu6", {}, 0.0, 2, 0.0),
    ("leaky_relu6", {}, 6.0, 0, 6.0),
    ("leaky_relu6", {}, 6.0, 1, 0.0),
    ("leaky_relu6", {}, 6.0, 2, 0.0),
    ("leaky_relu6", {"negative_slope": 0.2}, 0.0, 1, 0.2),
    ("leaky_relu6", {"negative_slope": 0.2}, 6.0, 1, 0.0),
    ("leaky_relu6", {"negative_slope": 0.0}, 0.0, 1, 0.0),
    ("leaky_relu6", {"negative_slope": 1.0}, 0.0, 1, 1.0),
    ("leaky_relu6", {"negative_slope": 1.0}, 6.0, 1, 0.0),
    # sparse_sigmoid = clip((x + 1)/2, 0, 1): left-hand values f'(−1) = 0, f'(1) = 1/2
    ("sparse_sigmoid", {}, -1.0, 0, 0.0),
    ("sparse_sigmoid", {}, -1.0, 1, 0.0),
    ("sparse_sigmoid", {}, -1.0, 2, 0.0),
    ("sparse_sigmoid", {}, 1.0, 0, 1.0),
    ("sparse_sigmoid", {}, 1.0, 1, 0.5),
    ("sparse_sigmoid", {}, 1.0, 2, 0.0),
    # sparse_plus: 0, (x + 1)²/4, x: C¹, f'' takes the left-hand value (0 at −1, 1/2 at 1)
    ("sparse_plus", {}, -1.0, 0, 0.0),
    ("sparse_plus", {}, -1.0, 1, 0.0),
    ("sparse_plus", {}, -1.0, 2, 0.0),
    ("sparse_plus", {}, 1.0, 0, 1.0),
    ("sparse_plus", {}, 1.0, 1, 1.0),
    ("sparse_plus", {}, 1.0, 2, 0.5),
    # maxout (defaults: −0.5x − 1.5, 0.25x, 1.5x − 2.5): breakpoints −2 and 2, the smaller
    # (left) slope there; f'' = 0
    ("maxout", {}, -2.0, 0, -0.5),
    ("maxout", {}, -2.0, 1, -0.5),
    ("maxout", {}, -2.0, 2, 0.0),
    ("maxout", {}, 2.0, 0, 0.5),
    ("maxout", {}, 2.0, 1, 0.25),
    ("maxout", {}, 2.0, 2, 0.0),
    ("maxout", {"k": 2}, -2.0, 1, -0.5),
    ("maxout", {"k": 4, "w4": 2.5, "b4": -6.5}, 4.0, 0, 3.5),  # 1.5x − 2.5 = 2.5x − 6.5
    ("maxout", {"k": 4, "w4": 2.5, "b4": -6.5}, 4.0, 1, 1.5),
    ("maxout", {"k": 4, "w4": 2.5, "b4": -6.5}, 2.0, 1, 0.25),
    # threshold: x if x > θ else value, f(θ) = value, f'(θ) = 0 (PyTorch; pinned again here
    # exactly, and for the kink case value = θ that the torch file lacks)
    ("threshold", {}, 1.0, 0, 0.0),
    ("threshold", {}, 1.0, 1, 0.0),
    ("threshold", {}, 1.0, 2, 0.0),
    ("threshold", {"threshold": -1.0, "value": 2.0}, -1.0, 0, 2.0),
    ("threshold", {"threshold": -1.0, "value": 2.0}, -1.0, 1, 0.0),
    ("threshold", {"threshold": 2.0, "value": 2.0}, 2.0, 0, 2.0),
    ("threshold", {"threshold": 2.0, "value": 2.0}, 2.0, 1, 0.0),
    # hardshrink: x if |x| > λ else 0; softshrink: x ∓ λ outside [−λ, λ], else 0. At ±λ the
    # inner value: f = f' = 0 (PyTorch); λ = 0 included, where the kinks meet at 0
    ("hardshrink", {}, 0.5, 0, 0.0),
    ("hardshrink", {}, -0.5, 0, 0.0),
    ("hardshrink", {}, 0.5, 1, 0.0),
    ("hardshrink", {}, -0.5, 1, 0.0),
    ("hardshrink", {"lambd": 0.0}, 0.0, 0, 0.0),
    ("hardshrink", {"lambd": 0.0}, 0.0, 1, 0.0),
    ("softshrink", {}, 0.5, 0, 0.0),
    ("softshrink", {}, -0.5, 0, 0.0),
    ("softshrink", {}, 0.5, 1, 0.0),
    ("softshrink", {}, -0.5, 1, 0.0),
    ("softshrink", {"lambd": 0.0}, 0.0, 1, 0.0),
    ("softshrink", {"lambd": 2.0}, -2.0, 1, 0.0),
    # softplus at the threshold switch x = threshold/β: the log value, σ(threshold), 0
    ("softplus", {}, 20.0, 0, math.log1p(math.exp(20.0))),
    ("softplus", {}, 20.0, 1, SIGMA_20),
    ("softplus", {}, 20.0, 2, 0.0),
    # Piecewise definitions that are smooth at the seam, and removable singularities:
    # isrlu: x for x >= 0, x/√(1 + αx²) below; f'(0) = 1, f''(0) = 0 from both sides
    ("isrlu", {}, 0.0, 0, 0.0),
    ("isrlu", {}, 0.0, 1, 1.0),
    ("isrlu", {}, 0.0, 2, 0.0),
    ("isrlu", {"alpha": 3.0}, 0.0, 1, 1.0),
    # sinc = sin(x)/x: f(0) = 1, f'(0) = 0, f''(0) = −1/3
    ("sinc", {}, 0.0, 0, 1.0),
    ("sinc", {}, 0.0, 1, 0.0),
    ("sinc", {}, 0.0, 2, -1 / 3),
    # squareplus = (x + √(x² + b))/2: f(0) = √b/2, f'(0) = 1/2, f''(0) = 1/(2√b)
    ("squareplus", {}, 0.0, 0, 1.0),
    ("squareplus", {}, 0.0, 1, 0.5),
    ("squareplus", {}, 0.0, 2, 0.25),
    ("squareplus", {"b": 1.0}, 0.0, 2, 0.5),
    # bent_identity = (√(x² + 1) − 1)/2 + x: f(0) = 0, f'(0) = 1, f''(0) = 1/2
    ("bent_identity", {}, 0.0, 0, 0.0),
    ("bent_identity", {}, 0.0, 1, 1.0),
    ("bent_identity", {}, 0.0, 2, 0.5),
    # gaussian = e^(−x²): 1, 0, −2 at 0; isru = x/√(1 + αx²): 0, 1, 0 at 0
    ("gaussian", {}, 0.0, 0, 1.0),
    ("gaussian", {}, 0.0, 1, 0.0),
    ("gaussian", {}, 0.0, 2, -2.0),
    ("isru", {}, 0.0, 0, 0.0),
    ("isru", {}, 0.0, 1, 1.0),
    ("isru", {}, 0.0, 2, 0.0),
    # hard_mish = ½x·clip(x + 2, 0, 2): the parabola's values on the closed [−2, 0] (clamp
    # passes the gradient at its bounds; timm's backward agrees)
    ("hard_mish", {}, -2.0, 0, 0.0),
    ("hard_mish", {}, -2.0, 1, -1.0),
    ("hard_mish", {}, -2.0, 2, 1.0),
    ("hard_mish", {}, 0.0, 0, 0.0),
    ("hard_mish", {}, 0.0, 1, 1.0),
    ("hard_mish", {}, 0.0, 2, 1.0),
    # sparsemax's profile clip(((K−1)t + 1)/K, 0, 1): an entry at the threshold is outside
    # the support (entmax's and TF Addons' backward), so f′ = 0 at both kinks
    ("sparsemax", {}, -0.5, 0, 0.0),
    ("sparsemax", {}, -0.5, 1, 0.0),
    ("sparsemax", {}, -0.5, 2, 0.0),
    ("sparsemax", {}, 1.0, 0, 1.0),
    ("sparsemax", {}, 1.0, 1, 0.0),
    ("sparsemax", {}, 1.0, 2, 0.0),
    ("sparsemax", {"k": 2}, -1.0, 1, 0.0),
    ("sparsemax", {"k": 2}, 1.0, 1, 0.0),
]


def _id(row: tuple) -> str:
    name, params, x, order, _ = row
    bound = ",".join(f"{k}={v}" for k, v in params.items())
    return f"{name}({bound})" + "′" * order + f"({x})" if order else f"{name}({bound})({x})"


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("row", KINKS, ids=_id)
def test_value_at_the_kink_is_the_stated_one(row: tuple, dtype: type) -> None:
    name, params, x, order, expected = row
    act = actplot.get(name, **params)
    got = act.profile(np.array([x], dtype=dtype), order)
    assert got.dtype == dtype
    want = dtype(expected)
    eps = np.finfo(dtype).eps
    # Exact where the value is exact in binary (every row but 1/3, σ(20) and the log),
    # else within 2 ulp; 0 must be 0.
    assert got[0] == want or abs(got[0] - want) <= 2 * eps * abs(want), (got[0], want)


def _pinned_by_torch() -> set[str]:
    data = json.loads((Path(__file__).parent / "data" / "torch_reference.json").read_text())
    return {e["name"] for e in data["entries"]}


@pytest.mark.parametrize("name", registry.builtin_names(kinds=ONE_INPUT))
def test_every_kink_without_a_torch_reference_is_pinned(name: str) -> None:
    """Each kink and jump (default parameters) of a built-in PyTorch lacks has a row for f,
    f' and f'' here, with the value its kink_rule states."""
    if name in _pinned_by_torch():
        return  # its kinks are pinned by tests/data/torch_reference.json
    spec = actplot.spec(name)
    points = set(spec.kinks(spec.defaults)) | set(spec.jumps(spec.defaults))
    pinned = {(x, order) for n, params, x, order, _ in KINKS if n == name and not params}
    missing = sorted((x, o) for x in points for o in (0, 1, 2) if (x, o) not in pinned)
    assert not missing, f"add the values at {missing} (x, order) of {name} to KINKS"


def _one_sided(act: actplot.Activation, k: float, order: int) -> tuple[float, float]:
    """The order-th derivative just left and just right of k (a relative 1e-9 away)."""
    h = 1e-9 * max(1.0, abs(k))
    left, right = act.profile(np.array([k - h, k + h]), order)
    return float(left), float(right)


@pytest.mark.parametrize("name", registry.builtin_names(kinds=ONE_INPUT))
def test_every_kink_value_is_a_one_sided_limit(name: str) -> None:
    """At a kink, f, f' and f'' equal the limit from the left or from the right (neither an
    average nor anything else): the registry-wide form of the conventions above."""
    act = actplot.get(name)
    for k in act.kinks:
        for order in (0, 1, 2):
            at = float(act.profile(np.array([k]), order)[0])
            left, right = _one_sided(act, k, order)
            close = [abs(at - v) <= 1e-6 * max(1.0, abs(v)) for v in (left, right)]
            assert any(close), f"{name} order {order} at {k}: {at}, limits {left}, {right}"
