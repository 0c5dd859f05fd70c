"""Gradient flow through a deep random network, per activation.

What is computed: a batch of inputs x ~ N(0, 1) (batch × width) goes through `depth` fully
connected layers ``z_l = h_{l-1} W_l``, ``h_l = f(z_l)`` (biases 0, every W_l of width × width
drawn from one seed, so every activation sees the same weights up to the initialisation's
scale), then a linear read-out. A unit gradient (a random batch × width direction of norm 1,
the same for every activation) is backpropagated from the read-out. Per hidden layer l:

* ``grad_norm``: ‖∂L/∂W_l‖ (Frobenius), the gradient the optimiser would apply to W_l;
* ``preact_grad_norm``: ‖∂L/∂z_l‖, the signal flowing back through the layer;
* ``mean``, ``std``: of the activations h_l over the batch and the units;
* ``dead``: the fraction of units whose derivative f′(z_l) is 0 for every sample.

Layer 1 is the one nearest the input; vanishing gradients show as grad_norm shrinking from
the last layer towards the first, exploding ones as it growing. Initialisations (variance
of W_l): he 2/fan_in, xavier 2/(fan_in + fan_out), lecun 1/fan_in; with square layers
xavier and lecun coincide. ``auto`` chooses from what the function does (see
:func:`auto_init`), not from a list of names.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from actplot.compute.mlp import INITS, MLP, check_elementwise, check_seed
from actplot.errors import ParameterError
from actplot.model import Activation
from actplot.model.interval import Interval
from actplot.model.validation import choice, integer, refuse

DEPTH, WIDTH, BATCH, SEED = 30, 256, 256, 0
SIZES = Interval.at_least(1)
INIT_CHOICES = ("auto", *INITS)  # auto: chosen per activation by auto_init
# depth × width × (batch + width): the weights and the stored pre-activations and inputs
# (about 0.4 GB of float64 at the most)
MAX_CELLS = 16_000_000
# auto: self-normalising when E f(z) and sd f(z) stay within this of 0 and 1 (z ~ N(0, 1))
NORMALISING_TOL = 0.05
# auto: rectifier-shaped when the mean slope on (0, 3] is within this of 1 ...
RECTIFIER_SLOPE_TOL = 0.25
# ... and the mean slope on [−3, 0) is at most this fraction of it
RECTIFIER_FLAT = 1 / 3


@dataclass(frozen=True, eq=False)
class Flow:
    """Per-layer statistics of one activation, first layer first (see the module doc)."""

    act: Activation
    init: str
    init_reason: str
    grad_norm: np.ndarray
    preact_grad_norm: np.ndarray
    mean: np.ndarray
    std: np.ndarray
    dead: np.ndarray

    @property
    def ratio(self) -> float:
        """‖∂L/∂W‖ of the first layer over that of the last (< 1: vanishing)."""
        first, last = float(self.grad_norm[0]), float(self.grad_norm[-1])
        if not (math.isfinite(first) and math.isfinite(last)) or last == 0:
            return math.nan
        return first / last

    def to_json(self) -> dict[str, Any]:
        """Plain JSON; null marks a value that overflowed (inf or nan)."""
        return {
            "name": self.act.name,
            "label": self.act.label,
            "params": self.act.params,
            "init": self.init,
            "init_reason": self.init_reason,
            "first_over_last": _finite(self.ratio),
            "grad_norm": _finite_list(self.grad_norm),
            "preact_grad_norm": _finite_list(self.preact_grad_norm),
            "mean": _finite_list(self.mean),
            "std": _finite_list(self.std),
            "dead": _finite_list(self.dead),
        }


def _finite(v: float) -> float | None:
    return float(v) if math.isfinite(v) else None


def _finite_list(a: np.ndarray) -> list[float | None]:
    return [_finite(v) for v in a.tolist()]


def auto_init(act: Activation) -> tuple[str, str]:
    """The usual initialisation for `act` and why, decided from the function itself:

    1. lecun when f keeps N(0, 1) inputs at mean 0 and sd 1 (within 0.05): SELU's
       self-normalising property, which LeCun's variance 1/fan_in preserves;
    2. he for the ReLU family and for rectifier-shaped functions, f(x) ≈ x for x > 0 and
       ≈ 0 for x < 0 (mean slope on (0, 3] within 0.25 of 1, on [−3, 0) at most a third
       of it): GELU, SiLU, softplus, hardswish... He's factor 2 makes up for the half
       of the inputs such a function zeroes;
    3. xavier otherwise, the sigmoid/tanh family among them.

    The reason returned is a short phrase: "self-normalising", "ReLU family",
    "rectifier-shaped", "sigmoid/tanh family" or "the default".
    """
    from actplot.compute.gradient_stats import gradient_stats

    check_elementwise(act)
    # A function that overflows within the quadrature's reach (exp(exp(x)), say) has
    # infinite or undefined moments: inf and nan are the honest result (they fail the test
    # below), not a warning.
    with np.errstate(over="ignore", invalid="ignore"):
        stats = gradient_stats(act)
    if abs(stats.mean) <= NORMALISING_TOL and abs(stats.std - 1) <= NORMALISING_TOL:
        return "lecun", "self-normalising"
    if act.spec.family == "relu":
        return "he", "ReLU family"
    f0, right, left = (float(v) for v in act(np.array([0.0, 3.0, -3.0])))
    up, down = (right - f0) / 3, (f0 - left) / 3
    if abs(up - 1) <= RECTIFIER_SLOPE_TOL and abs(down) <= RECTIFIER_FLAT * up:
        return "he", "rectifier-shaped"
    if act.spec.family == "sigmoid":
        return "xavier", "sigmoid/tanh family"
    return "xavier", "the default"


def check_sizes(depth: int, width: int, batch: int) -> tuple[int, int, int]:
    """The sizes as whole numbers >= 1 whose arrays fit in :data:`MAX_CELLS`."""
    named = (("depth", depth), ("width", width), ("batch", batch))
    depth, width, batch = (integer(value, name, SIZES) for name, value in named)
    cells = depth * width * (batch + width)
    if cells > MAX_CELLS:
        what = "depth × width × (batch + width)"
        raise refuse(what, f"at most {MAX_CELLS:,} (too big for memory)", cells)
    return depth, width, batch


def gradflow(
    acts: Sequence[Activation],
    depth: int = DEPTH,
    width: int = WIDTH,
    batch: int = BATCH,
    init: str = "auto",
    seed: int = SEED,
) -> list[Flow]:
    """One :class:`Flow` per activation, all from the same inputs, weights and gradient."""
    depth, width, batch = check_sizes(depth, width, batch)
    check_seed(seed)
    init = choice(init, "init", INIT_CHOICES)
    acts = [check_elementwise(a) for a in acts]
    if not acts:
        raise ParameterError("give at least one activation")
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((batch, width))
    unit = rng.standard_normal((batch, width))
    unit /= np.linalg.norm(unit)
    # Standard-normal draws, scaled per scheme later: the same weights for every activation.
    raw = [rng.standard_normal((width, width)) for _ in range(depth + 1)]
    return [_flow(a, x, unit, raw, init) for a in acts]


def _flow(
    act: Activation, x: np.ndarray, unit: np.ndarray, raw: list[np.ndarray], init: str
) -> Flow:
    scheme, reason = auto_init(act) if init == "auto" else (init, "chosen")
    net = MLP(act, [w * math.sqrt(INITS[scheme](*w.shape)) for w in raw])
    # An activation that explodes through depth (exponential, say) overflows to inf and then
    # nan: that is the honest result, reported as such, not a warning.
    with np.errstate(over="ignore", invalid="ignore"):
        trace = net.forward(x)
        grads = net.backward(trace, unit)
        hidden = trace.inputs[1:]  # h_1 ... h_L: the inputs of the layers after them
        derivs = [act.derivative(z) for z in trace.pre[:-1]]
        return Flow(
            act=act,
            init=scheme,
            init_reason=reason,
            grad_norm=np.array([np.linalg.norm(g) for g in grads.weights[:-1]]),
            preact_grad_norm=np.array([np.linalg.norm(g) for g in grads.pre[:-1]]),
            mean=np.array([h.mean() for h in hidden]),
            std=np.array([h.std() for h in hidden]),
            dead=np.array([np.all(d == 0, axis=0).mean() for d in derivs]),
        )


def describe(depth: int, width: int, batch: int) -> str:
    """What the numbers are, in a few sentences, for the terminal and the README."""
    return (
        f"{batch} inputs x ~ N(0, 1) pass through {depth} fully connected layers of width "
        f"{width} and a linear read-out (biases 0; the same weights for every activation, "
        "scaled by its initialisation), and a random gradient of norm 1 is backpropagated "
        "from the read-out. ‖∂L/∂W‖ falling from the last layer to the first means vanishing "
        "gradients, rising means exploding ones. Mean and sd: of the activations f(z) of a "
        "layer. Dead: the fraction of a layer's units with f′(z) = 0 for every input of the "
        "batch."
    )
