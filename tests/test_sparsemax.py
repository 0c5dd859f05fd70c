"""Sparsemax: the projection onto the simplex, its Jacobian, diagonals, profile and limits.

Against a reference written here by another algorithm (bisection on the threshold τ of
Σ max(x_i − τ, 0) = 1, no sorting), central finite differences away from support changes,
and the conventions sparsemax.py states at them (an entry at the threshold is outside the
support). The 1-D profile is checked against mpmath by tests/test_activations.py.
"""

from __future__ import annotations

import math
import warnings
from fractions import Fraction

import numpy as np
import pytest

import actplot
from actplot.errors import ParameterError

ACT = actplot.get("sparsemax")
RNG = np.random.default_rng(20260516)
INF = math.inf


def _bisect(row: np.ndarray) -> np.ndarray:
    """The Euclidean projection of `row` onto the simplex: τ in [max − 1, max] by bisection
    (g(τ) = Σ max(x − τ, 0) falls from >= 1 to 0), then max(x − τ, 0)."""
    lo, hi = float(row.max()) - 1.0, float(row.max())
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if np.maximum(row - mid, 0.0).sum() > 1.0 else (lo, mid)
    return np.maximum(row - (lo + hi) / 2, 0.0)


def _central(f, x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    cols = []
    for j in range(x.size):
        step = np.zeros_like(x)
        step[j] = h
        cols.append((f(x + step) - f(x - step)) / (2 * h))
    return np.stack(cols, axis=1)


def _margin(row: np.ndarray) -> float:
    """How far the row is from a support change: min |x_i − τ|."""
    p = _bisect(row)
    tau = float(np.mean((row - p)[p > 0]))
    return float(np.min(np.abs(row - tau)))


ROWS = [RNG.normal(0.0, scale, size) for scale in (0.3, 1.0, 3.0) for size in (2, 5, 17, 80)]


def test_registered_as_a_vector_activation_of_the_softmax_family() -> None:
    spec = actplot.spec("sparsemax")
    assert spec.vector and spec.family == "softmax" and ACT.kind == "vector"
    assert spec.jacobian is not None and spec.profile is not None
    assert [p.name for p in spec.params] == ["k"]
    with pytest.raises(ParameterError, match="no parameter 'temperature'"):
        actplot.get("sparsemax", temperature=2.0)
    for bad in ({"k": 1}, {"k": 2.5}, {"k": 1001}):
        with pytest.raises(ParameterError):
            actplot.get("sparsemax", **bad)


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"K{r.size}")
def test_matches_the_projection_by_bisection(row: np.ndarray) -> None:
    p = ACT(row)
    np.testing.assert_allclose(p, _bisect(row), rtol=0, atol=1e-12)
    assert p.sum() == pytest.approx(1.0, abs=1e-13) and (p >= 0).all()
    # exact zeros outside the support, and the largest logit always in it
    assert ((p == 0) | (p > 1e-12)).all() and p[np.argmax(row)] > 0


def test_rows_are_sparse_distributions_with_the_projection_properties() -> None:
    batch = RNG.normal(0.0, 2.0, (64, 9))
    p = ACT(batch)
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, atol=1e-13)
    assert (p >= 0).all() and (p == 0).any(axis=-1).mean() > 0.9
    np.testing.assert_allclose(ACT(batch + 123.25), p, atol=1e-12)  # shift invariant
    perm = RNG.permutation(9)
    np.testing.assert_array_equal(ACT(batch[:, perm]), p[:, perm])  # permutation equivariant
    # a point of the simplex is its own projection
    np.testing.assert_allclose(ACT(p), p, atol=1e-13)
    # monotone in each logit: raising x_i never lowers p_i
    bumped = batch.copy()
    bumped[:, 0] += 0.5
    assert (ACT(bumped)[:, 0] >= p[:, 0] - 1e-15).all()


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"K{r.size}")
def test_jacobian_matches_central_differences_and_is_a_projection(row: np.ndarray) -> None:
    assert _margin(row) > 1e-4  # no support change within the finite-difference step
    jac = ACT.jacobian(row)
    np.testing.assert_allclose(jac, _central(ACT, row), rtol=1e-7, atol=1e-8)
    np.testing.assert_allclose(jac, jac.T, atol=0)
    np.testing.assert_allclose(jac.sum(axis=1), 0.0, atol=1e-15)  # a shift changes nothing
    np.testing.assert_allclose(jac @ jac, jac, atol=1e-15)  # J projects (onto the support)
    s = (ACT(row) > 0).astype(float)
    np.testing.assert_allclose(jac, np.diag(s) - np.outer(s, s) / s.sum(), atol=1e-16)


def test_d1_and_d2_are_the_jacobian_diagonal_and_zero() -> None:
    batch = RNG.normal(0.0, 1.0, (3, 4, 6))
    d1, d2 = ACT.derivative(batch), ACT.derivative(batch, order=2)
    rows = batch.reshape(-1, 6)
    np.testing.assert_array_equal(d1.reshape(-1, 6), [np.diag(ACT.jacobian(r)) for r in rows])
    np.testing.assert_array_equal(d2, 0.0)
    y, d = ACT.value_and_derivative(batch)
    np.testing.assert_array_equal(y, ACT(batch))
    np.testing.assert_array_equal(d, d1)


# Support changes: an entry exactly at the threshold (p_i = 0) is outside the support.
CONVENTIONS = [
    # (row, p, diagonal of J): (1, 0, 0) has τ = 0, the zeros sit on it
    ([1.0, 0.0, 0.0], [1, 0, 0], [0, 0, 0]),
    # (−0.5, 0, 0) has τ = −0.5: the first entry sits on it
    ([-0.5, 0.0, 0.0], [0, 0.5, 0.5], [0, 0.5, 0.5]),
    ([0.0, 0.0, 0.0, 0.0], [0.25] * 4, [0.75] * 4),  # all equal: uniform, all in S
    ([2.0, 1.0], [1, 0], [0, 0]),  # K = 2 at its kink x₁ − x₂ = 1
]


@pytest.mark.parametrize(("row", "p", "diag"), CONVENTIONS)
def test_the_value_at_a_support_change_is_the_stated_one(row, p, diag) -> None:
    x = np.array(row)
    np.testing.assert_array_equal(ACT(x), p)
    np.testing.assert_array_equal(ACT.derivative(x), diag)
    s = np.array(p) > 0
    np.testing.assert_array_equal(ACT.jacobian(x), np.diag(s) - np.outer(s, s) / s.sum())


@pytest.mark.parametrize("k", [2, 3, 7, 1000])
def test_profile_is_one_logit_among_k_minus_1_zeros(k: int) -> None:
    act = actplot.get("sparsemax", k=k)
    lo = -1 / (k - 1)
    assert act.kinks == (lo, 1.0)
    exact = Fraction(lo) == Fraction(-1, k - 1)  # −1/(K−1) is a float (K = 2, 3)
    for t in (-9.0, lo - 1e-3, lo, lo / 2, 0.0, 0.3, 1.0 - 1e-9, 1.0, 4.0):
        row = np.zeros(k)
        row[0] = t
        want = (act(row)[0], act.derivative(row)[0], act.derivative(row, 2)[0])
        for order in (0, 1, 2):
            if t == lo and order == 1 and not exact:
                continue  # the float next to the kink: the row's p_0 ≈ 1e-19 rounds either way
            got = act.profile(np.array([t]), order)[0]
            assert got == pytest.approx(want[order], rel=1e-12, abs=1e-15), (t, order)
    # The kink convention: f' = 0 at both ends of the ramp, (K − 1)/K strictly inside. Where
    # −1/(K−1) is no float (K = 7), the float next to it lies inside or outside exactly.
    below, above = np.nextafter(lo, -INF), np.nextafter(lo, INF)
    d = act.profile(np.array([below, 1.0, (lo + 1) / 2, above]), 1)
    np.testing.assert_array_equal(d, [0.0, 0.0, (k - 1) / k, (k - 1) / k])
    inside = Fraction(lo) > Fraction(-1, k - 1)  # decided exactly; the kink itself is outside
    assert act.profile(np.array([lo]), 1)[0] == ((k - 1) / k if inside else 0.0)


def test_k2_profile_is_the_sparse_sigmoid() -> None:
    """sparsemax([t, 0]) = clip((t + 1)/2, 0, 1): JAX's and Keras' sparse_sigmoid, registered
    on its own. Their conventions at ±1 differ (sparse_sigmoid takes the left-hand slope)."""
    t = np.linspace(-3.0, 3.0, 241)
    act, twin = actplot.get("sparsemax", k=2), actplot.get("sparse_sigmoid")
    np.testing.assert_array_equal(act.profile(t), twin(t))
    away = np.abs(np.abs(t) - 1) > 1e-9
    np.testing.assert_array_equal(act.profile(t, 1)[away], twin.derivative(t)[away])


CASES = [
    ([1e308, -1e308, 0.0], [1, 0, 0]),
    ([3e38, -3e38, 0.0], [1, 0, 0]),
    ([INF, 0.0, 0.0], [1, 0, 0]),
    ([INF, INF, -INF], [0.5, 0.5, 0]),
    ([-INF, 0.0, 0.0], [0, 0.5, 0.5]),
    ([-INF, -INF, -INF], [1 / 3, 1 / 3, 1 / 3]),
    ([5e-324, -5e-324, 0.0], [1 / 3, 1 / 3, 1 / 3]),
    ([1e300, 1e300, 1e300], [1 / 3, 1 / 3, 1 / 3]),
]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_extreme_logits_give_limits_without_warnings(dtype: type) -> None:
    cases = [c for c in CASES if dtype is np.float64 or abs(c[0][0]) not in (1e308, 1e300)]
    x = np.array([c[0] for c in cases] + [[np.nan, 0.0, 1.0]], dtype=dtype)
    want = np.array([c[1] for c in cases])
    with warnings.catch_warnings(), np.errstate(divide="raise", over="raise", invalid="raise"):
        warnings.simplefilter("error")
        y = ACT(x)
        derivs = [ACT.derivative(x, order) for order in (1, 2)]
        jacs = [ACT.jacobian(row) for row in x]
        prof = [ACT.profile(x.ravel(), order) for order in (0, 1, 2)]
    for out in (y, *derivs, *jacs, *prof):
        assert out.dtype == dtype
    np.testing.assert_allclose(y[:-1], want, rtol=2e-7)
    for out in (y, *derivs):
        assert not np.isnan(out[:-1]).any() and np.isnan(out[-1]).all()  # a nan spoils its row
    assert not any(np.isnan(j).any() for j in jacs[:-1]) and np.isnan(jacs[-1]).all()
    for out in prof:  # the profile is one logit: nan only where that logit is nan
        np.testing.assert_array_equal(np.isnan(out), np.isnan(x.ravel()))


def test_shape_dtype_and_the_last_axis() -> None:
    x = RNG.normal(0.0, 2.0, (2, 3, 5))
    for dtype in (np.float32, np.float64):
        y = ACT(x.astype(dtype))
        assert y.shape == x.shape and y.dtype == dtype
        assert ACT.jacobian(x[0, 0].astype(dtype)).dtype == dtype
    y = ACT(x)
    np.testing.assert_array_equal(y, np.reshape([ACT(r) for r in x.reshape(-1, 5)], x.shape))
    other = np.moveaxis(ACT(np.moveaxis(x, 1, -1)), -1, 1)
    assert not np.allclose(y, other)
    assert ACT(np.float64(0.5)).shape == () and ACT(np.float64(0.5)) == 1.0
    np.testing.assert_allclose(ACT(x.astype(np.float32)), y, atol=1e-6)


def test_k_only_shapes_the_profile() -> None:
    x = ROWS[1]
    np.testing.assert_array_equal(actplot.get("sparsemax", k=7)(x), ACT(x))
    t = np.linspace(-2, 2, 9)
    assert not np.allclose(actplot.get("sparsemax", k=7).profile(t), ACT.profile(t))
