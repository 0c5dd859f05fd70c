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
:func:`auto_init`), not from a list of names; ``critical`` puts σ_w² (the variance times
fan_in) on the edge of chaos at σ_b² (:mod:`actplot.compute.criticality`), and `sigma_w2`
sets it directly. With σ_b² > 0 every layer gets biases drawn from N(0, σ_b²).

Beside the measurement, the mean-field prediction of the same network
(:func:`actplot.compute.criticality.layer_theory`): each layer's variance q_l, its gradient
factor χ₁ and ‖∂L/∂z_l‖ = √(χ_l ⋯ χ_L), the ``theory_*`` keys of the JSON.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from actplot.compute import budget as bd
from actplot.compute.mlp import INITS, MLP, check_elementwise, check_seed
from actplot.errors import ParameterError
from actplot.model import Activation
from actplot.model.interval import Interval
from actplot.model.validation import choice, integer, number, refuse

DEPTH, WIDTH, BATCH, SEED = 30, 256, 256, 0
SIZES = Interval.at_least(1)
INIT_CHOICES = ("auto", *INITS, "critical")  # auto: by auto_init; critical: χ₁ = 1
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
    sigma_w2: float = math.nan  # the weights' variance times fan_in
    sigma_b2: float = 0.0
    theory: Any = None  # a criticality.LayerTheory, or None where the theory does not apply
    theory_reason: str = ""  # why not, then

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
            "sigma_w2": self.sigma_w2,
            "sigma_b2": self.sigma_b2,
            "theory_q": None if self.theory is None else _finite_list(self.theory.q),
            "theory_chi1": None if self.theory is None else _finite_list(self.theory.chi1),
            "theory_preact_grad_norm": (
                None if self.theory is None else _finite_list(self.theory.preact_grad_norm)
            ),
            "theory_reason": self.theory_reason or None,
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
    budget: bd.Budget | None = None,
    progress: Callable[[int, int], None] | None = None,
    sigma_w2: float | None = None,
    sigma_b2: float = 0.0,
) -> list[Flow]:
    """One :class:`Flow` per activation, all from the same inputs, weights and gradient.

    Refused up front (:class:`~actplot.compute.budget.OverBudget`) when the estimate of
    :func:`actplot.compute.budget.gradflow` is over `budget` (None: the environment's or
    the default budget). `progress(0, done)` is called after each activation."""
    depth, width, batch = check_sizes(depth, width, batch)
    check_seed(seed)
    init = choice(init, "init", INIT_CHOICES)
    acts = [check_elementwise(a, "gradflow") for a in acts]
    if not acts:
        raise ParameterError("give at least one activation")
    if sigma_w2 is not None:
        sigma_w2 = float(number(sigma_w2, "sigma_w2", Interval(0.0, 1e3, hi_closed=True)))
    sigma_b2 = float(number(sigma_b2, "sigma_b2", Interval.closed(0.0, 1e3)))
    (budget or bd.Budget.resolve()).check(bd.gradflow(len(acts), depth, width, batch))
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((batch, width))
    unit = rng.standard_normal((batch, width))
    unit /= np.linalg.norm(unit)
    # Standard-normal draws, scaled per scheme later: the same weights for every activation.
    raw = [rng.standard_normal((width, width)) for _ in range(depth + 1)]
    # Biases from a stream of their own, so that the weights stay those of the seed.
    raw_b = np.random.default_rng([seed, 5]).standard_normal((depth + 1, width))
    flows = []
    for a in acts:
        flows.append(_flow(a, x, unit, raw, init, sigma_w2, sigma_b2, raw_b))
        if progress is not None:
            progress(0, len(flows))
    return flows


def _flow(
    act: Activation,
    x: np.ndarray,
    unit: np.ndarray,
    raw: list[np.ndarray],
    init: str,
    sigma_w2: float | None = None,
    sigma_b2: float = 0.0,
    raw_b: np.ndarray | None = None,
) -> Flow:
    from actplot.compute import criticality as cr
    from actplot.errors import ActplotError

    width = raw[0].shape[0]
    if sigma_w2 is not None:
        scheme, reason, sw2 = f"σ_w² = {sigma_w2:g}", "chosen", sigma_w2
    elif init == "critical":
        cr.check_applies(act)
        found = cr.critical_sigma_w2(act, sigma_b2)
        if found is None:
            raise ParameterError(
                f"{act.label} has no edge of chaos (χ₁ = 1) for σ_w² up to "
                f"{cr.SW2_RANGE[1]:g} at σ_b² = {sigma_b2:g}"
            )
        scheme, reason, sw2 = "critical", f"χ₁ = 1 at σ_w² = {found:.4g}", found
    else:
        scheme, reason = auto_init(act) if init == "auto" else (init, "chosen")
        sw2 = INITS[scheme](width, width) * width
    if sigma_w2 is None and init != "critical":  # exactly the scaling of before
        weights = [w * math.sqrt(INITS[scheme](*w.shape)) for w in raw]
    else:
        weights = [w * math.sqrt(sw2 / w.shape[0]) for w in raw]
    biases = None
    if sigma_b2 > 0 and raw_b is not None:
        biases = [b * math.sqrt(sigma_b2) for b in raw_b]
    net = MLP(act, weights, biases)
    try:
        theory, why = cr.layer_theory(act, len(raw) - 1, sw2, sigma_b2), ""
    except ActplotError as exc:
        theory, why = None, str(exc)
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
            sigma_w2=sw2,
            sigma_b2=sigma_b2,
            theory=theory,
            theory_reason=why,
        )


def describe(depth: int, width: int, batch: int, sigma_b2: float = 0.0) -> str:
    """What the numbers are, in a few sentences, for the terminal and the README."""
    biases = "biases 0" if sigma_b2 == 0 else f"biases from N(0, {sigma_b2:g})"
    return (
        f"{batch} inputs x ~ N(0, 1) pass through {depth} fully connected layers of width "
        f"{width} and a linear read-out ({biases}; the same weights for every activation, "
        "scaled by its initialisation), and a random gradient of norm 1 is backpropagated "
        "from the read-out. ‖∂L/∂W‖ falling from the last layer to the first means vanishing "
        "gradients, rising means exploding ones. Mean and sd: of the activations f(z) of a "
        "layer. Dead: the fraction of a layer's units with f′(z) = 0 for every input of the "
        "batch. Theory: mean-field signal propagation for the same network, ‖∂L/∂z_l‖ = "
        "√(χ_l ⋯ χ_L) with χ = σ_w² E[f′(√q z)²] at each layer's variance q."
    )
