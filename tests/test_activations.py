"""Every registry activation against independent references, at ordinary and extreme inputs.

Parametrized over ``actplot.names()``: a new activation is covered by adding its mpmath
reference to tests/mpref/, with no new test code.
"""

from __future__ import annotations

import math
import warnings

import mpmath
import numpy as np
import pytest
from mpref import REFERENCES

import actplot

NAMES = actplot.names()
RTOL, ATOL = 1e-7, 1e-12  # the accuracy the registry promises in float64

GRID = np.unique(
    np.concatenate(
        [
            np.linspace(-30, 30, 241),
            [-700.0, -100.0, -40.0, 40.0, 100.0, 700.0],
            [-1e3, -1e-3, -1e-8, -1e-15, 1e-15, 1e-8, 1e-3, 1e3],
            np.linspace(-7, 7, 57) + 0.0123,
        ]
    )
)


def _mp(act: actplot.Activation, order: int, x: float) -> float:
    ref = REFERENCES[act.name]
    f = lambda t: ref(t, **act.params)  # noqa: E731
    if order == 0:
        return float(f(mpmath.mpf(x)))
    return float(mpmath.diff(f, mpmath.mpf(x), n=order))


def _away_from_kinks(act: actplot.Activation, xs: np.ndarray, gap: float = 1e-3) -> np.ndarray:
    keep = np.ones(xs.shape, bool)
    for k in act.kinks:
        keep &= np.abs(xs - k) > gap * max(1.0, abs(k))
    return xs[keep]


def _assert_close(got: np.ndarray, want: np.ndarray, xs: np.ndarray, what: str) -> None:
    same = got == want  # includes matching infinities, where got - want would be nan
    err = np.abs(np.where(same, 0.0, got - np.where(same, 0.0, want)))
    bad = ~(err <= ATOL + RTOL * np.abs(want)) & ~same
    assert not bad.any(), (
        f"{what}: first bad x={xs[bad][:3]}, got {got[bad][:3]}, want {want[bad][:3]}"
    )


def test_registry_holds_the_required_activations() -> None:
    required = """identity binary_step sigmoid tanh relu leaky_relu prelu rrelu relu6 elu celu
    selu gelu silu mish hardswish hardsigmoid hardtanh softplus softsign logsigmoid tanhshrink
    softshrink hardshrink threshold softmax log_softmax softmin squareplus sparse_plus
    sparse_sigmoid arctan isru isrlu bent_identity gaussian sinusoid sinc exponential maxout
    leaky_relu6""".split()
    assert not set(required) - set(NAMES)
    assert len(NAMES) >= 40


@pytest.mark.parametrize("name", NAMES)
def test_has_an_independent_reference(name: str) -> None:
    assert name in REFERENCES, f"add an mpmath reference for {name} to tests/mpref/"


@pytest.mark.parametrize("name", NAMES)
def test_values_match_mpmath(name: str) -> None:
    act = actplot.get(name)
    want = np.array([_mp(act, 0, x) for x in GRID])
    _assert_close(act.profile(GRID), want, GRID, f"{name}(x)")


@pytest.mark.parametrize("order", [1, 2])
@pytest.mark.parametrize("name", NAMES)
def test_derivatives_match_mpmath(name: str, order: int) -> None:
    act = actplot.get(name)
    xs = _away_from_kinks(act, GRID[np.abs(GRID) <= 100])
    want = np.array([_mp(act, order, x) for x in xs])
    _assert_close(act.profile(xs, order), want, xs, f"{name} order {order}")


EDGES64 = [0.0, -0.0, 5e-324, -5e-324, 1e-300, -1e-300, 1e308, -1e308, 1.7e308, -1.7e308]
EDGES32 = [0.0, -0.0, 1e-45, -1e-45, 1e-38, -1e-38, 3e38, -3e38, 1e30, -1e30]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", NAMES)
def test_extreme_inputs_give_limits_without_warnings(name: str, dtype: type) -> None:
    act = actplot.get(name)
    finite = EDGES64 if dtype is np.float64 else EDGES32
    x = np.array([*finite, np.inf, -np.inf, np.nan], dtype=dtype)
    big = np.finfo(dtype).max
    probe = np.array([np.inf, big, -np.inf, -big], dtype=dtype)
    # Underflow to 0 is the right answer (and numpy ignores it by default); the rest raise.
    with warnings.catch_warnings(), np.errstate(divide="raise", over="raise", invalid="raise"):
        warnings.simplefilter("error")
        outs = [act.profile(x, order) for order in (0, 1, 2)]
        limits = [act.profile(probe, order) for order in (0, 1, 2)]
    for order, (y, (p_inf, p_big, m_inf, m_big)) in enumerate(zip(outs, limits, strict=True)):
        assert y.dtype == dtype and y.shape == x.shape
        assert np.isnan(y[-1]), "nan in must give nan out"
        if act.spec.no_limit_at_inf:
            continue  # no limit at ±inf (sin): nan is the honest answer there
        assert not np.isnan(y[:-1]).any(), f"order {order}: nan at {x[:-1][np.isnan(y[:-1])]}"
        # f(±inf) is the limit: it agrees with f at the largest finite input.
        for at_inf, at_big in ((p_inf, p_big), (m_inf, m_big)):
            if abs(at_big) > 1e30:
                assert at_inf == np.copysign(np.inf, at_big), (order, at_inf, at_big)
            else:
                assert at_inf == pytest.approx(at_big, abs=1e-6), (order, at_inf, at_big)


@pytest.mark.parametrize("name", NAMES)
def test_float32_stays_float32_and_is_accurate(name: str) -> None:
    act = actplot.get(name)
    xs = _away_from_kinks(act, GRID[np.abs(GRID) <= 30])
    for order in (0, 1, 2):
        y32 = act.profile(xs.astype(np.float32), order)
        y64 = act.profile(xs, order)
        assert y32.dtype == np.float32
        np.testing.assert_allclose(y32, y64, rtol=2e-5, atol=1e-6 * max(1, np.abs(y64).max()))


@pytest.mark.parametrize("name", NAMES)
def test_shapes_are_kept(name: str) -> None:
    act = actplot.get(name)
    x = np.linspace(-3, 3, 24).reshape(2, 3, 4)
    assert act(x).shape == x.shape
    assert act.derivative(x).shape == x.shape
    assert act.derivative(x, order=2).shape == x.shape
    assert np.asarray(act(0.5)).shape == ()


@pytest.mark.parametrize("name", NAMES)
def test_declared_range_holds_and_is_tight(name: str) -> None:
    act = actplot.get(name)
    declared = act.spec.range
    x = np.concatenate([np.linspace(-60, 60, 24001), [-1e6, 1e6, -1e12, 1e12]])
    x = np.concatenate([x, np.array(act.kinks)])
    y = act.profile(x)
    y = y[~np.isnan(y)]
    assert declared.contains(y, tol=1e-12).all(), (declared, y.min(), y.max())
    for end, closed, extreme in (
        (declared.lo, declared.lo_closed, y.min()),
        (declared.hi, declared.hi_closed, y.max()),
    ):
        if math.isinf(end):
            assert abs(extreme) > 1e5 and np.sign(extreme) == np.sign(end), (end, extreme)
        else:
            assert extreme == pytest.approx(end, abs=1e-6), (end, extreme)
            if not closed:  # an open end is approached, never reached, near the origin
                inner = act.profile(np.linspace(-5, 5, 1001))
                assert not np.isclose(inner, end, rtol=0, atol=1e-15).any()


@pytest.mark.parametrize("name", NAMES)
def test_every_documented_field_is_filled(name: str) -> None:
    spec = actplot.spec(name)
    for field in ("formula", "derivative_formula", "text", "kink_rule", "reference", "use"):
        assert getattr(spec, field).strip(), field
    assert spec.pros and spec.cons
    assert set(spec.frameworks) == {"torch", "jax", "keras"}
    if spec.kinks(spec.defaults) or spec.jumps(spec.defaults):
        assert any(ch.isdigit() for ch in spec.kink_rule), "state the values at the kinks"
    for param in spec.params:
        param.coerce(param.default, name)  # defaults are valid values
