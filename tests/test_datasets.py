"""The data sets: shapes, balance, standardisation, seeds, digits with and without sklearn."""

from __future__ import annotations

import re
import sys

import numpy as np
import pytest

from actplot.compute import datasets
from actplot.errors import ActplotError, ParameterError

GENERATED = list(datasets.GENERATED)


@pytest.mark.parametrize("name", GENERATED)
def test_generated_sets_are_split_balanced_and_standardised(name: str) -> None:
    _, classes, samples, noise = datasets.GENERATED[name]
    d = datasets.load(name)
    assert (d.name, d.classes, d.samples, d.features, d.noise) == (
        name, classes, samples, 2, noise,
    )  # fmt: skip
    assert len(d.y_test) == round(0.25 * samples)
    assert set(np.unique(d.y_train)) == set(range(classes))
    counts = np.bincount(np.concatenate([d.y_train, d.y_test]))
    assert counts.max() - counts.min() <= 1  # classes take turns
    np.testing.assert_allclose(d.x_train.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(d.x_train.std(axis=0), 1, rtol=1e-12)


@pytest.mark.parametrize("name", GENERATED)
def test_the_seed_decides_everything(name: str) -> None:
    a, b, c = datasets.load(name, seed=1), datasets.load(name, seed=1), datasets.load(name, seed=2)
    np.testing.assert_array_equal(a.x_train, b.x_train)
    np.testing.assert_array_equal(a.y_test, b.y_test)
    assert not np.array_equal(a.x_train, c.x_train)


def test_samples_and_noise() -> None:
    d = datasets.load("moons", samples=101, noise=0.0)
    assert d.samples == 101 and d.noise == 0.0


def test_circles_without_noise_are_two_radii() -> None:
    x, y = datasets.circles(200, 0.0, np.random.default_rng(0))
    radius = np.hypot(x[:, 0], x[:, 1])
    np.testing.assert_allclose(radius[y == 0], 1.0)
    np.testing.assert_allclose(radius[y == 1], 0.5)


def test_spiral_arms_without_noise_are_rotations_of_each_other() -> None:
    x, y = datasets.spirals(3000, 0.0, np.random.default_rng(0))
    r = np.hypot(x[:, 0], x[:, 1])
    angle = np.arctan2(x[:, 1], x[:, 0])
    offset = np.angle(np.exp(1j * (angle - 5 * np.pi * r)))  # the arm's own offset
    for arm in range(3):
        expected = np.angle(np.exp(1j * arm * 2 * np.pi / 3))
        np.testing.assert_allclose(np.angle(np.exp(1j * (offset[y == arm] - expected))), 0,
                                   atol=1e-9)  # fmt: skip


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"name": "mnist"}, "dataset must be one of 'spirals', 'moons', 'circles', 'digits'"),
        ({"name": "moons", "samples": 5}, "samples must be >= 20 and <= 200000, not 5"),
        ({"name": "moons", "samples": 20.5}, "samples must be a whole number, not 20.5"),
        ({"name": "moons", "noise": -1.0}, "noise must be >= 0 and <= 100, not -1.0"),
        ({"name": "moons", "noise": float("nan")}, "noise must be finite, not nan"),
        ({"name": "spirals", "noise": 1e308}, "noise must be >= 0 and <= 100, not 1e+308"),
        ({"name": "digits", "samples": 100}, "digits is a fixed data set"),
    ],
)
def test_bad_input(kwargs: dict, message: str) -> None:
    with pytest.raises(ParameterError, match=re.escape(message)):
        datasets.load(**kwargs)
    with pytest.raises(ParameterError, match=re.escape(message)):
        datasets.check_data(**kwargs)


def test_digits_from_scikit_learn() -> None:
    pytest.importorskip("sklearn")
    d = datasets.load("digits")
    assert (d.classes, d.features, d.samples, d.noise) == (10, 64, 1797, None)
    assert set(np.unique(d.y_train)) == set(range(10))
    assert np.isfinite(d.x_train).all()  # the blank corner pixels (sd 0) stay 0, not nan


def test_digits_without_scikit_learn_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sklearn", None)  # makes `import sklearn...` fail
    monkeypatch.setitem(sys.modules, "sklearn.datasets", None)
    with pytest.raises(ActplotError, match=r'pip install "actplot\[digits\]"'):
        datasets.load("digits")
