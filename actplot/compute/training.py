"""Train the same small network once per activation and record how each one learns.

Every activation starts from the same initial weights, sees the same mini-batches in the same
order and is trained by the same optimiser (Adam) with the same settings, so differences in
the curves come from the activation alone. Loss is the mean softmax cross-entropy; after
every epoch the whole training and test sets are evaluated. A run whose loss stops being a
finite number is stopped and reported as diverged: results are what happened, never tuned.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from actplot.compute import budget as bd
from actplot.compute.datasets import Dataset, check_data, load
from actplot.compute.mlp import (
    MLP,
    Adam,
    check_elementwise,
    check_init,
    check_seed,
    cross_entropy,
    init_weights,
)
from actplot.errors import ParameterError
from actplot.model import Activation
from actplot.model.interval import Interval
from actplot.model.validation import integer, number, refuse

MAX_EPOCHS = 100_000
EPOCHS = Interval.closed(1, MAX_EPOCHS)
WIDTHS = Interval.at_least(1)
MAX_WEIGHTS = 4_000_000  # 32 MB of float64, times four with Adam's moments and gradients


@dataclass(frozen=True)
class TrainConfig:
    """Everything a run depends on besides the activations."""

    dataset: str | None = "spirals"  # None: the data come with the call (read from a file)
    samples: int | None = None  # None: the data set's default
    noise: float | None = None
    hidden: tuple[int, ...] = (64, 64)
    epochs: int = 200
    batch: int = 32
    lr: float = 0.005
    init: str = "lecun"
    seed: int = 0

    def checked(self) -> TrainConfig:
        """This config, or a ParameterError naming the first setting out of its range."""
        if not self.hidden:
            raise refuse("hidden", "one or more layer widths", "")
        hidden = tuple(integer(w, "each hidden layer width", WIDTHS) for w in self.hidden)
        # inputs and classes are at most 64 and 10 (digits)
        weights = sum(a * b for a, b in zip((64, *hidden), (*hidden, 10), strict=True))
        if weights > MAX_WEIGHTS:
            text = ",".join(map(str, hidden))
            too_big = refuse("hidden", f"widths with at most {MAX_WEIGHTS:,} weights", text)
            raise ParameterError(f"{too_big} (about {weights:,} weights)")
        if self.dataset is None:
            if self.samples is not None or self.noise is not None:
                raise ParameterError(
                    "--samples and --noise apply to the generated data sets, not to a file"
                )
            dataset, samples, noise = None, None, None
        else:
            dataset, samples, noise = check_data(self.dataset, self.samples, self.noise)
        return TrainConfig(
            dataset=dataset,
            samples=samples,
            noise=noise,
            hidden=hidden,
            epochs=integer(self.epochs, "epochs", EPOCHS),
            batch=integer(self.batch, "batch", Interval.at_least(1)),
            lr=float(number(self.lr, "lr", Interval.above(0))),
            init=check_init(self.init),
            seed=check_seed(self.seed),
        )


@dataclass
class History:
    """One activation's run: per-epoch curves (epoch 1 first) and the wall time."""

    act: Activation
    train_loss: list[float] = field(default_factory=list)
    test_loss: list[float] = field(default_factory=list)
    train_acc: list[float] = field(default_factory=list)
    test_acc: list[float] = field(default_factory=list)
    seconds: float = 0.0
    diverged_at: int | None = None  # the epoch whose loss was not finite

    def to_json(self) -> dict[str, Any]:
        """Plain JSON: null marks a loss that was not a finite number."""
        return {
            "name": self.act.name,
            "label": self.act.label,
            "params": self.act.params,
            "final": {
                "train_loss": _finite(self.train_loss[-1]),
                "test_loss": _finite(self.test_loss[-1]),
                "train_accuracy": self.train_acc[-1],
                "test_accuracy": self.test_acc[-1],
            },
            "seconds": self.seconds,
            "diverged_at_epoch": self.diverged_at,
            "train_loss": [_finite(v) for v in self.train_loss],
            "test_loss": [_finite(v) for v in self.test_loss],
            "train_accuracy": self.train_acc,
            "test_accuracy": self.test_acc,
        }


def _finite(v: float) -> float | None:
    return v if math.isfinite(v) else None


def parse_hidden(text: str) -> tuple[int, ...]:
    """Layer widths from ``64,64`` (checked by :meth:`TrainConfig.checked`)."""
    try:
        return tuple(int(w) for w in text.split(","))
    except ValueError:
        raise refuse("hidden", "layer widths separated by commas, such as 64,64", text) from None


Progress = Callable[[int, int], None]  # (index of the activation, epochs done)


def train(
    acts: Sequence[Activation],
    config: TrainConfig = TrainConfig(),
    data: Dataset | None = None,
    progress: Progress | None = None,
    budget: bd.Budget | None = None,
) -> tuple[Dataset, list[History]]:
    """Train one network per activation on `config.dataset` (or `data`).

    Refused before any training (:class:`~actplot.compute.budget.OverBudget`) when
    :func:`estimate` is over `budget` (None: the environment's or the default budget)."""
    config = config.checked()
    acts = [check_elementwise(a, "train") for a in acts]
    if not acts:
        raise ParameterError("give at least one activation")
    if data is None:
        if config.dataset is None:
            raise ParameterError("give the data (read from a file) or a data set's name")
        data = load(config.dataset, config.samples, config.noise, config.seed)
    (budget or bd.Budget.resolve()).check(estimate(len(acts), config, data))
    sizes = [data.features, *config.hidden, data.classes]
    weights = init_weights(sizes, config.init, np.random.default_rng([config.seed, 1]))
    return data, [_run(i, a, weights, data, config, progress) for i, a in enumerate(acts)]


def estimate(activations: int, config: TrainConfig, data: Dataset) -> bd.Estimate:
    """The memory and time of training `activations` networks on `data` with `config`."""
    sizes = (data.features, *config.hidden, data.classes)
    return bd.train(activations, sizes, data.samples, config.epochs, config.batch)


def _run(
    index: int,
    act: Activation,
    weights: list[np.ndarray],
    data: Dataset,
    config: TrainConfig,
    progress: Progress | None,
) -> History:
    net = MLP(act, [w.copy() for w in weights])
    opt = Adam(net.params, lr=config.lr)
    hist = History(act)
    n = len(data.y_train)
    # a fresh generator per run: every activation sees the same batches in the same order
    shuffle = np.random.default_rng([config.seed, 3])
    start = time.perf_counter()
    # A diverging run overflows to inf and nan; it is detected below and reported as
    # diverged, so the overflow itself is the honest result, not a warning.
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(1, config.epochs + 1):
            order = shuffle.permutation(n)
            with _one_blas_thread(config.batch):
                for lo in range(0, n, config.batch):
                    rows = order[lo : lo + config.batch]
                    trace = net.forward(data.x_train[rows])
                    _, grad = cross_entropy(trace.output, data.y_train[rows])
                    grads = net.backward(trace, grad)
                    opt.step([*grads.weights, *grads.biases])
            _evaluate(net, data, hist)
            if progress is not None:
                progress(index, epoch)
            if not math.isfinite(hist.train_loss[-1]):
                hist.diverged_at = epoch
                break
    hist.seconds = time.perf_counter() - start
    return hist


SMALL_BATCH = 256  # up to here a mini-batch's products are too small to share out


def _one_blas_thread(batch: int) -> Any:
    """One BLAS thread for small mini-batches: their matrix products take microseconds, and
    a multithreaded BLAS spends more than that handing them out (an MNIST-sized epoch ran
    6× slower with two threads on a loaded 2-core machine). threadpoolctl does this for
    every BLAS NumPy may use; without it, nothing changes."""
    import contextlib

    if batch > SMALL_BATCH:
        return contextlib.nullcontext()
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def _evaluate(net: MLP, data: Dataset, hist: History) -> None:
    for x, y, losses, accs in (
        (data.x_train, data.y_train, hist.train_loss, hist.train_acc),
        (data.x_test, data.y_test, hist.test_loss, hist.test_acc),
    ):
        logits = net(x)
        loss, _ = cross_entropy(logits, y)
        losses.append(loss)
        # nan logits predict nothing: they count as wrong, not as class 0
        right = (logits.argmax(axis=1) == y) & np.isfinite(logits).all(axis=1)
        accs.append(float(right.mean()))
