"""A multilayer perceptron in NumPy: forward and backward on top of the registry's f and f′.

Every hidden layer computes ``z = h W + b`` and ``h = f(z)`` with one elementwise activation;
the last layer is linear (its outputs are the logits). The backward pass uses the
activation's exact derivative ``act.derivative(z)`` (at a kink, the registry's convention),
so what the network learns is the registry's function, not a reimplementation of it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from actplot.errors import ParameterError
from actplot.model import Activation
from actplot.model.gated import require_kind
from actplot.model.validation import choice, refuse

# Weight variance per scheme, as a function of (fan_in, fan_out). Biases start at 0.
INITS = {
    "he": lambda fan_in, fan_out: 2.0 / fan_in,  # He et al. 2015, for rectifiers
    "xavier": lambda fan_in, fan_out: 2.0 / (fan_in + fan_out),  # Glorot & Bengio 2010
    "lecun": lambda fan_in, fan_out: 1.0 / fan_in,  # LeCun et al. 1998; SELU's choice
}


def check_elementwise(act: Activation, what: str = "a hidden layer") -> Activation:
    """`act`, or a ParameterError if it is a vector activation (softmax and kin), a KindError
    naming `what` (the command) if it is a gated one."""
    if act.kind == "gated":
        require_kind(act, ("elementwise",), what)
    if act.is_vector:
        raise ParameterError(
            f"{act.label} is a vector activation (it normalises across units); "
            "a hidden layer needs an elementwise one"
        )
    return act


def check_seed(seed: int) -> int:
    """`seed` if NumPy can seed a generator with it (a whole number >= 0, of any size: not
    through a float, which would round a big seed to another one)."""
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise refuse("seed", "a whole number >= 0", seed)
    return seed


def check_init(scheme: str) -> str:
    """One of :data:`INITS`."""
    return choice(scheme, "init", tuple(INITS))


def init_weights(
    sizes: Sequence[int], scheme: str | Sequence[str], rng: np.random.Generator
) -> list[np.ndarray]:
    """Gaussian weight matrices for layer widths `sizes` (inputs first), zero-mean with the
    variance of `scheme` (one scheme, or one per layer)."""
    schemes = [scheme] * (len(sizes) - 1) if isinstance(scheme, str) else list(scheme)
    if len(schemes) != len(sizes) - 1:
        raise ParameterError(f"need {len(sizes) - 1} initialisation schemes, not {len(schemes)}")
    out = []
    for fan_in, fan_out, s in zip(sizes[:-1], sizes[1:], schemes, strict=True):
        std = math.sqrt(INITS[check_init(s)](fan_in, fan_out))
        out.append(rng.standard_normal((fan_in, fan_out)) * std)
    return out


@dataclass
class Trace:
    """What the forward pass keeps for the backward pass: per layer its input and z."""

    inputs: list[np.ndarray]  # h_{l-1}: the input of layer l (inputs[0] is x)
    pre: list[np.ndarray]  # z_l = h_{l-1} W_l + b_l
    output: np.ndarray  # the linear head's output (the logits)


@dataclass
class Gradients:
    """∂L/∂W_l, ∂L/∂b_l and ∂L/∂z_l for every layer, first layer first."""

    weights: list[np.ndarray]
    biases: list[np.ndarray]
    pre: list[np.ndarray]


class MLP:
    """Hidden layers with activation `act`, then a linear output layer.

    `weights[l]` has shape (fan_in, fan_out); inputs are rows (a batch × features array).
    """

    def __init__(
        self,
        act: Activation,
        weights: Sequence[np.ndarray],
        biases: Sequence[np.ndarray] | None = None,
    ) -> None:
        self.act = check_elementwise(act)
        self.weights = [np.array(w, dtype=np.float64) for w in weights]
        if biases is None:
            biases = [np.zeros(w.shape[1]) for w in self.weights]
        self.biases = [np.array(b, dtype=np.float64) for b in biases]

    @classmethod
    def create(
        cls,
        act: Activation,
        sizes: Sequence[int],
        scheme: str | Sequence[str] = "he",
        seed: int | np.random.Generator = 0,
    ) -> MLP:
        """A freshly initialised network with layer widths `sizes` (inputs first)."""
        rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
        return cls(act, init_weights(sizes, scheme, rng))

    @property
    def params(self) -> list[np.ndarray]:
        """Weights then biases, in the order :meth:`Gradients` lists them (for optimisers)."""
        return [*self.weights, *self.biases]

    def forward(self, x: np.ndarray) -> Trace:
        h = np.asarray(x, dtype=np.float64)
        inputs, pre = [], []
        last = len(self.weights) - 1
        for i, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            z = h @ w + b
            inputs.append(h)
            pre.append(z)
            h = z if i == last else self.act(z)
        return Trace(inputs, pre, h)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return self.forward(x).output

    def backward(self, trace: Trace, grad_output: np.ndarray) -> Gradients:
        """Backpropagate ∂L/∂output through the layers recorded in `trace`."""
        n = len(self.weights)
        dw: list[np.ndarray] = [np.empty(0)] * n
        db: list[np.ndarray] = [np.empty(0)] * n
        dz_all: list[np.ndarray] = [np.empty(0)] * n
        dz = np.asarray(grad_output, dtype=np.float64)  # the head is linear: ∂L/∂z = ∂L/∂out
        for i in range(n - 1, -1, -1):
            dz_all[i] = dz
            dw[i] = trace.inputs[i].T @ dz
            db[i] = dz.sum(axis=0)
            if i:
                dz = (dz @ self.weights[i].T) * self.act.derivative(trace.pre[i - 1])
        return Gradients(dw, db, dz_all)


def cross_entropy(logits: np.ndarray, labels: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean softmax cross-entropy of integer `labels` and its gradient wrt the logits."""
    shifted = logits - logits.max(axis=1, keepdims=True)  # exp never overflows
    log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    n = len(labels)
    rows = np.arange(n)
    loss = float(-log_p[rows, labels].mean())
    grad = np.exp(log_p)
    grad[rows, labels] -= 1.0
    return loss, grad / n


class Adam:
    """Adam (Kingma & Ba 2015) on a list of arrays, updated in place."""

    def __init__(
        self,
        params: Sequence[np.ndarray],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
    ) -> None:
        self.params = list(params)
        self.lr, self.betas, self.eps = lr, betas, eps
        self.m = [np.zeros_like(p) for p in self.params]
        self.v = [np.zeros_like(p) for p in self.params]
        self.t = 0

    def step(self, grads: Sequence[np.ndarray]) -> None:
        """One update, as PyTorch's ``torch.optim.Adam`` computes it (no weight decay)."""
        self.t += 1
        b1, b2 = self.betas
        c1, c2 = 1 - b1**self.t, 1 - b2**self.t  # bias corrections of the moment estimates
        for p, g, m, v in zip(self.params, grads, self.m, self.v, strict=True):
            m *= b1
            m += (1 - b1) * g
            v *= b2
            v += (1 - b2) * g * g
            p -= self.lr * (m / c1) / (np.sqrt(v / c2) + self.eps)
