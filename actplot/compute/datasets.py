"""Small classification data sets: three generated in NumPy, one shipped by scikit-learn.

* spirals: three interleaved spiral arms in the plane, one class each;
* moons: two interleaving half circles;
* circles: a small circle inside a large one;
* digits: the 1,797 8×8 handwritten digits (10 classes) bundled with scikit-learn, used
  when scikit-learn is installed (``pip install "actplot[digits]"``).

Every set is split into train and test parts by the seed, and its features are standardised
with the training part's mean and standard deviation.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from actplot.compute.mlp import check_seed
from actplot.errors import ActplotError, ParameterError
from actplot.model.interval import Interval
from actplot.model.validation import choice, integer, number

if TYPE_CHECKING:
    from numpy.random import Generator as Rng

TEST_FRACTION = 0.25
MIN_SAMPLES, MAX_SAMPLES = 20, 200_000
SAMPLES = Interval.closed(MIN_SAMPLES, MAX_SAMPLES)


@dataclass(frozen=True)
class Dataset:
    """Standardised features and integer labels, split into train and test."""

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    classes: int
    noise: float | None  # None: a fixed data set

    @property
    def features(self) -> int:
        return self.x_train.shape[1]

    @property
    def samples(self) -> int:
        return len(self.y_train) + len(self.y_test)


MAX_NOISE = 100.0
NOISE = Interval.closed(0, MAX_NOISE)


def spirals(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Three spiral arms, one class each: at radius r ∈ [0.05, 1] an arm is at angle 5πr
    (2.5 turns at r = 1) plus its offset; `noise` is the standard deviation of a Gaussian
    jitter of the angle, in radians, so arms overlap near the centre where they are close."""
    arms = 3
    y = np.arange(n) % arms
    r = rng.uniform(0.05, 1.0, n)
    theta = r * 5 * math.pi + y * 2 * math.pi / arms + rng.normal(0, noise, n)
    return np.column_stack([r * np.cos(theta), r * np.sin(theta)]), y


def moons(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles of radius 1; `noise` is the sd of the jitter added."""
    y = np.arange(n) % 2
    t = rng.uniform(0, math.pi, n)
    x = np.where(y == 0, np.cos(t), 1 - np.cos(t))
    z = np.where(y == 0, np.sin(t), 0.5 - np.sin(t))
    return np.column_stack([x, z]) + rng.normal(0, noise, (n, 2)), y


def circles(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """A circle of radius 0.5 (class 1) inside one of radius 1 (class 0), jittered."""
    y = np.arange(n) % 2
    t = rng.uniform(0, 2 * math.pi, n)
    radius = np.where(y == 0, 1.0, 0.5)
    pts = np.column_stack([radius * np.cos(t), radius * np.sin(t)])
    return pts + rng.normal(0, noise, (n, 2)), y


def digits() -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's bundled 8×8 digits (no download), or an ActplotError saying how."""
    try:
        from sklearn.datasets import load_digits
    except ImportError:
        raise ActplotError(
            'the digits data set comes with scikit-learn: pip install "actplot[digits]"'
        ) from None
    data = load_digits()
    return np.asarray(data.data, dtype=np.float64), np.asarray(data.target, dtype=np.int64)


Generator = Callable[[int, float, "Rng"], tuple[np.ndarray, np.ndarray]]
GENERATED: dict[str, tuple[Generator, int, int, float]] = {
    # name: (generator, classes, default samples, default noise)
    "spirals": (spirals, 3, 1500, 0.3),
    "moons": (moons, 2, 1000, 0.2),
    "circles": (circles, 2, 1000, 0.1),
}
NAMES = (*GENERATED, "digits")


def check_data(
    name: str, samples: int | None = None, noise: float | None = None
) -> tuple[str, int | None, float | None]:
    """The data set's name, samples and noise checked (None stays None: the default)."""
    name = choice(name, "dataset", NAMES)
    if name == "digits":
        if samples is not None or noise is not None:
            raise ParameterError("digits is a fixed data set: --samples and --noise do not apply")
        return name, None, None
    if samples is not None:
        samples = integer(samples, "samples", SAMPLES)
    # The generated points live in about [-1.5, 2]; noise beyond 100 drowns every class
    # (and beyond ~1e150 overflows the squares the MLP computes).
    if noise is not None:
        noise = float(number(noise, "noise", NOISE))
    return name, samples, noise


def load(
    name: str,
    samples: int | None = None,
    noise: float | None = None,
    seed: int = 0,
) -> Dataset:
    """The data set `name`, split and standardised (`samples`, `noise`: generated sets only;
    None takes the set's default)."""
    name, samples, noise = check_data(name, samples, noise)
    # a stream apart from the weights' and batches' ones
    rng = np.random.default_rng([check_seed(seed), 2])
    if name == "digits":
        x, y = digits()
        classes = 10
    else:
        make, classes, default_n, default_noise = GENERATED[name]
        noise = default_noise if noise is None else noise
        x, y = make(default_n if samples is None else samples, noise, rng)
    order = rng.permutation(len(y))
    n_test = max(1, round(TEST_FRACTION * len(y)))
    test, train = order[:n_test], order[n_test:]
    x_train, x_test = standardise(x[train], x[test])
    return Dataset(name, x_train, y[train], x_test, y[test], classes, noise)


def standardise(x_train: np.ndarray, x_test: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Both splits scaled by the training split's mean and sd per feature; a constant
    feature (digits' blank corners) stays 0."""
    mean, sd = x_train.mean(axis=0), x_train.std(axis=0)
    sd[sd == 0] = 1.0
    return (x_train - mean) / sd, (x_test - mean) / sd
