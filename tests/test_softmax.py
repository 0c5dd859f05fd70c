"""The vector activations (softmax family): Jacobians, diagonals, stability, shapes, profile.

Parametrized over the registry's vector activations, against formulas written here from
the textbook definitions and against central finite differences.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from conftest import ONE_INPUT

import actplot
from actplot import registry
from actplot.errors import ParameterError

# The built-in ones: the formulas below are theirs (a plugin's vector activation is checked
# by the registry-wide tests).
VECTOR = [  # sparsemax (no temperature, not exp-based) is tests/test_sparsemax.py's
    n
    for n in registry.builtin_names(kinds=ONE_INPUT)
    if actplot.spec(n).vector and n != "sparsemax"
]
TEMPS = [1.0, 0.4, 2.5]
RNG = np.random.default_rng(20240611)
X5 = RNG.normal(0.0, 1.5, 5)


def _plain(name: str, x: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """The textbook formula along the last axis, for moderate logits only."""
    sign = -1.0 if name == "softmin" else 1.0
    e = np.exp(sign * x / temperature)
    p = e / e.sum(axis=-1, keepdims=True)
    return np.log(p) if name == "log_softmax" else p


def _plain_jacobian(name: str, x: np.ndarray, temperature: float) -> np.ndarray:
    eye = np.eye(x.size)
    if name == "softmin":  # y = softmax(−x/T): ∂y_i/∂x_j = −y_i(δ_ij − y_j)/T
        y = _plain("softmin", x, temperature)
        return -y[:, None] * (eye - y[None, :]) / temperature
    p = _plain("softmax", x, temperature)
    if name == "log_softmax":
        return (eye - p[None, :]) / temperature
    return p[:, None] * (eye - p[None, :]) / temperature


def _jacobian(act: actplot.Activation, x: np.ndarray) -> np.ndarray:
    return act.jacobian(np.asarray(x, dtype=np.float64))


def _central(f, x: np.ndarray, h: float = 1e-5) -> np.ndarray:
    """J[i, j] ≈ ∂f_i/∂x_j by central differences."""
    cols = []
    for j in range(x.size):
        step = np.zeros_like(x)
        step[j] = h
        cols.append((f(x + step) - f(x - step)) / (2 * h))
    return np.stack(cols, axis=1)


def test_the_family_is_registered_as_vector() -> None:
    assert {"softmax", "log_softmax", "softmin"} <= set(VECTOR)
    for name in VECTOR:
        spec = actplot.spec(name)
        assert spec.jacobian is not None and spec.profile is not None


@pytest.mark.parametrize("temperature", TEMPS)
@pytest.mark.parametrize("name", VECTOR)
def test_jacobian_matches_central_differences(name: str, temperature: float) -> None:
    act = actplot.get(name, temperature=temperature)
    want = _central(act, X5)
    np.testing.assert_allclose(_jacobian(act, X5), want, rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("temperature", TEMPS)
@pytest.mark.parametrize("name", VECTOR)
def test_jacobian_matches_the_formula(name: str, temperature: float) -> None:
    act = actplot.get(name, temperature=temperature)
    want = _plain_jacobian(name, X5, temperature)
    np.testing.assert_allclose(_jacobian(act, X5), want, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(act(X5), _plain(name, X5, temperature), rtol=1e-12)


def test_activation_jacobian_method_returns_k_by_k() -> None:
    for name in VECTOR:
        jac = actplot.get(name).jacobian(X5.astype(np.float32))
        assert jac.shape == (5, 5) and jac.dtype == np.float32


@pytest.mark.parametrize("temperature", TEMPS)
@pytest.mark.parametrize("name", VECTOR)
def test_d1_and_d2_are_the_jacobian_diagonal(name: str, temperature: float) -> None:
    act = actplot.get(name, temperature=temperature)
    d1, d2 = act.derivative(X5), act.derivative(X5, order=2)
    np.testing.assert_allclose(d1, np.diag(_jacobian(act, X5)), rtol=1e-13, atol=1e-16)
    np.testing.assert_allclose(d1, np.diag(_central(act, X5)), rtol=1e-6, atol=1e-9)
    # d2_i = ∂(d1_i)/∂x_i: the diagonal of the finite-difference Jacobian of d1.
    np.testing.assert_allclose(d2, np.diag(_central(act.derivative, X5)), rtol=1e-6, atol=1e-9)
    # The same along the last axis of a batch.
    batch = RNG.normal(0.0, 2.0, (2, 3, 5))
    for order in (1, 2):
        rows = [act.derivative(row, order) for row in batch.reshape(-1, 5)]
        np.testing.assert_array_equal(act.derivative(batch, order), np.reshape(rows, batch.shape))


@pytest.mark.parametrize("name", VECTOR)
def test_d1_keeps_relative_accuracy_when_one_logit_dominates(name: str) -> None:
    act = actplot.get(name)
    sign = -1.0 if name == "softmin" else 1.0
    x = sign * np.array([50.0, 0.0, 0.0])
    tiny = 2 * math.exp(-50)  # the mass outside logit 0 is tiny/(1 + tiny)
    one_minus_y = tiny / (1 + tiny)
    want = {
        "softmax": one_minus_y / (1 + tiny),
        "softmin": -one_minus_y / (1 + tiny),
        "log_softmax": one_minus_y,
    }[name]
    assert act.derivative(x)[0] == pytest.approx(want, rel=1e-13, abs=0)


@pytest.mark.parametrize("name", VECTOR)
def test_rows_are_distributions_and_jacobian_rows_sum_to_zero(name: str) -> None:
    act = actplot.get(name, temperature=0.7)
    batch = RNG.normal(0.0, 3.0, (4, 6))
    y = act(batch)
    probs = np.exp(y) if name == "log_softmax" else y
    np.testing.assert_allclose(probs.sum(axis=-1), 1.0, rtol=1e-14)
    assert (probs > 0).all()
    # Adding a constant to every logit changes nothing, so J·1 = 0.
    np.testing.assert_allclose(act(batch + 17.0), y, rtol=1e-12, atol=1e-12)
    for row in batch:
        np.testing.assert_allclose(_jacobian(act, row).sum(axis=1), 0.0, atol=1e-15)


# Per name: logits → the limit. +inf logits share the mass, −inf ones get 0, all −inf is
# uniform; a nan makes its whole row nan.
THIRD, LOG2, LOG3 = 1 / 3, math.log(2), math.log(3)
INF = math.inf
CASES = {
    "softmax": [
        ([1e308, -1e308, 0], [1, 0, 0]),
        ([3e38, -3e38, 0], [1, 0, 0]),
        ([INF, 0, 0], [1, 0, 0]),
        ([INF, INF, -INF], [0.5, 0.5, 0]),
        ([-INF, 0, 0], [0, 0.5, 0.5]),
        ([-INF, -INF, -INF], [THIRD, THIRD, THIRD]),
    ],
    "log_softmax": [
        ([1e308, -1e308, 0], [0, -INF, -1e308]),
        ([3e38, -3e38, 0], [0, -6e38, -3e38]),  # −6e38 overflows to −inf in float32
        ([INF, 0, 0], [0, -INF, -INF]),
        ([INF, INF, -INF], [-LOG2, -LOG2, -INF]),
        ([-INF, 0, 0], [-INF, -LOG2, -LOG2]),
        ([-INF, -INF, -INF], [-LOG3, -LOG3, -LOG3]),
    ],
    "softmin": [
        ([1e308, -1e308, 0], [0, 1, 0]),
        ([3e38, -3e38, 0], [0, 1, 0]),
        ([INF, 0, 0], [0, 0.5, 0.5]),
        ([INF, INF, -INF], [0, 0, 1]),
        ([-INF, 0, 0], [1, 0, 0]),
        ([-INF, -INF, -INF], [THIRD, THIRD, THIRD]),
    ],
}


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", VECTOR)
def test_extreme_logits_give_limits_without_warnings(name: str, dtype: type) -> None:
    act = actplot.get(name)
    cases = [(x, y) for x, y in CASES[name] if dtype is np.float64 or abs(x[0]) != 1e308]
    x = np.array([c[0] for c in cases] + [[np.nan, 0.0, 1.0]], dtype=dtype)
    want = np.array([c[1] for c in cases])
    if dtype is np.float32:
        want[np.abs(want) > np.finfo(dtype).max] = -INF
    with warnings.catch_warnings(), np.errstate(divide="raise", over="raise", invalid="raise"):
        warnings.simplefilter("error")
        y = act(x)
        derivs = [act.derivative(x, order) for order in (1, 2)]
        jacs = [act.spec.jacobian(row, **act.params) for row in x]
        hot = actplot.get(name, temperature=0.1)
        y_hot = hot(x)
    for out in (y, *derivs, *jacs, y_hot):
        assert out.dtype == dtype
    np.testing.assert_allclose(y[:-1], want, rtol=2e-7)
    assert np.isnan(y[-1]).all() and np.isnan(y_hot[-1]).all()
    for out in (*derivs, *jacs[:-1]):
        assert not np.isnan(out[:-1]).any()
    # A small temperature sharpens but keeps the same limits at infinity.
    np.testing.assert_allclose(y_hot[2:-1], want[2:], rtol=2e-7)


@pytest.mark.parametrize("name", VECTOR)
def test_shape_is_kept_and_the_operation_runs_along_the_last_axis(name: str) -> None:
    act = actplot.get(name)
    x = RNG.normal(0.0, 2.0, (2, 3, 5))
    for dtype in (np.float32, np.float64):
        y = act(x.astype(dtype))
        assert y.shape == (2, 3, 5) and y.dtype == dtype
    y = act(x)
    want = np.stack([act(row) for row in x.reshape(-1, 5)]).reshape(x.shape)
    np.testing.assert_array_equal(y, want)
    np.testing.assert_allclose(y, _plain(name, x), rtol=1e-12)
    # Applied along another axis the answer differs: the last axis really is the one used.
    other = np.moveaxis(act(np.moveaxis(x, 1, -1)), -1, 1)
    assert not np.allclose(y, other)
    assert act(np.float64(0.5)).shape == ()


@pytest.mark.parametrize("temperature", TEMPS)
@pytest.mark.parametrize("name", VECTOR)
def test_k2_profile_is_the_sigmoid(name: str, temperature: float) -> None:
    act = actplot.get(name, temperature=temperature, k=2)
    t = np.linspace(-12.0, 12.0, 97)
    u = -t / temperature if name == "softmin" else t / temperature
    s = 1.0 / (1.0 + np.exp(-u))  # computed independently of actplot._special
    du = -1.0 / temperature if name == "softmin" else 1.0 / temperature
    if name == "log_softmax":
        want = [np.log(s), (1 - s) * du, -s * (1 - s) * du**2]
    else:
        want = [s, s * (1 - s) * du, s * (1 - s) * (1 - 2 * s) * du**2]
    for order in (0, 1, 2):
        np.testing.assert_allclose(act.profile(t, order), want[order], rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("k", [2, 3, 7])
@pytest.mark.parametrize("name", VECTOR)
def test_profile_is_one_logit_among_k_minus_1_zeros(name: str, k: int) -> None:
    act = actplot.get(name, temperature=0.8, k=k)
    for t in (-9.0, -1.3, 0.0, 0.7, 4.0):
        row = np.zeros(k)
        row[0] = t
        assert act.profile(np.array([t]))[0] == pytest.approx(act(row)[0], rel=1e-13, abs=0)
        for order in (1, 2):
            got = act.profile(np.array([t]), order)[0]
            assert got == pytest.approx(act.derivative(row, order)[0], rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("temperature", [0.4, 2.5])
@pytest.mark.parametrize("name", VECTOR)
def test_temperature_divides_the_logits(name: str, temperature: float) -> None:
    hot, cold = actplot.get(name, temperature=temperature), actplot.get(name)
    x = X5 * 3
    np.testing.assert_allclose(hot(x), cold(x / temperature), rtol=1e-13)
    for order in (1, 2):
        want = cold.derivative(x / temperature, order) / temperature**order
        np.testing.assert_allclose(hot.derivative(x, order), want, rtol=1e-12)
    want = _jacobian(cold, x / temperature) / temperature
    np.testing.assert_allclose(_jacobian(hot, x), want, rtol=1e-12, atol=1e-16)
    t = np.linspace(-6, 6, 25)
    for order in (0, 1, 2):
        want = cold.profile(t / temperature, order) / temperature**order
        np.testing.assert_allclose(hot.profile(t, order), want, rtol=1e-12, atol=1e-16)
    # A higher temperature flattens the distribution towards uniform.
    p_hot = np.exp(hot(x)) if name == "log_softmax" else hot(x)
    p_cold = np.exp(cold(x)) if name == "log_softmax" else cold(x)
    assert (np.ptp(p_hot) < np.ptp(p_cold)) == (temperature > 1)


@pytest.mark.parametrize("name", VECTOR)
def test_k_only_shapes_the_profile_and_parameters_are_validated(name: str) -> None:
    x = X5
    np.testing.assert_array_equal(actplot.get(name, k=7)(x), actplot.get(name)(x))
    assert not np.allclose(actplot.get(name, k=7).profile(x), actplot.get(name).profile(x))
    for bad in ({"k": 1}, {"k": 2.5}, {"k": 1001}, {"temperature": 0}, {"temperature": -1}):
        with pytest.raises(ParameterError):
            actplot.get(name, **bad)
