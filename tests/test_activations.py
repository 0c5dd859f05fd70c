"""Every built-in activation against independent references, at ordinary and extreme inputs.

Parametrized over the built-ins (``registry.builtin_names()``): a new activation is covered by
adding its mpmath reference to tests/mpref/, with no new test code. Values and derivatives are
compared out to |x| = 1e300, with a relative tolerance wherever the reference is a normal
float (so a tail value of the wrong sign or size fails however small it is) and an absolute
one only where the reference is subnormal or 0. What any activation must do (shapes, dtypes),
a plugin's included, is checked over ``actplot.names()``.
"""

from __future__ import annotations

import math
import warnings

import mpmath
import numpy as np
import pytest
from conftest import ONE_INPUT
from mpref import REFERENCES

import actplot
from actplot import registry
from actplot.compute import shape
from actplot.compute.extrema import extrema

NAMES = actplot.names(kinds=ONE_INPUT)  # built-ins and installed plugins
BUILTIN = registry.builtin_names(kinds=ONE_INPUT)
RTOL = 1e-7  # the accuracy the registry promises in float64, relative
TINY = np.finfo(np.float64).tiny  # below it (subnormal or 0) the reference is held absolutely
HUGE = [1e5, 1e10, 1e20, 1e50, 1e100, 1e160, 1e200, 1e250, 1e300]

GRID = np.unique(
    np.concatenate(
        [
            np.linspace(-30, 30, 241),
            [-700.0, -100.0, -40.0, 40.0, 100.0, 700.0],
            [-1e3, -1e-3, -1e-8, -1e-15, 1e-15, 1e-8, 1e-3, 1e3],
            np.linspace(-7, 7, 57) + 0.0123,
            # the tails: where exp under- and overflows, and far beyond
            [-30.5, -35.0, -50.0, -200.0, -500.0, -708.5, -745.0, -750.0, 709.5, 711.0, 800.0],
            HUGE,
            np.negative(HUGE),
        ]
    )
)


def _bits(v: float) -> int:
    """The binary exponent of |v| (0 for 0)."""
    return math.frexp(v)[1]


def _precision(x: float, scale: float, claim: float) -> int:
    """Working bits for a reference result near `claim` (the value under test), from terms of
    size `scale`: 128 bits beyond the cancellation from scale down to claim, plus twice the
    bits of |x| (x² next to a constant at 1e300). Where the claim is 0, subnormal or not
    finite, 1200 bits: enough to resolve any float64 result and to push the finite-difference
    error below 2^-2400. Using the claim is safe: a claim too large gives a reference far
    below it (a failure), one too small a more precise reference."""
    room = 2 * max(0, _bits(x))
    if not (math.isfinite(claim) and abs(claim) >= TINY):
        return 1200 + room
    return 128 + room + max(0, _bits(scale) - _bits(claim))


def _mp(act: actplot.Activation, order: int, x: float, claim: float) -> float:
    """The mpmath reference of the order-th derivative at x, at the precision `claim` needs."""
    ref = REFERENCES[act.name]
    f = lambda t: ref(t, **act.params)  # noqa: E731
    scale = max(1.0, abs(x), abs(float(act.profile(np.array([x]))[0])))
    with mpmath.workprec(_precision(x, scale, claim)):
        if order == 0:
            return float(f(mpmath.mpf(x)))
        if closed := getattr(ref, "derivatives", None):  # textbook closed forms
            return float(closed[order - 1](mpmath.mpf(x), **act.params))
        # mpmath's step is 2^-(prec+10), absolute, at (prec+20)·(order+1) working bits, so
        # x ± h stay distinct at 1e300 and the difference keeps prec + 20 bits.
        return float(mpmath.diff(f, mpmath.mpf(x), n=order))


def _reference(act: actplot.Activation, order: int, xs: np.ndarray) -> tuple[np.ndarray, ...]:
    """(got, want): the activation's values at xs and the mpmath references."""
    got = act.profile(xs, order)
    want = np.array([_mp(act, order, x, v) for x, v in zip(xs, got, strict=True)])
    return got, want


def _away_from_kinks(act: actplot.Activation, xs: np.ndarray, gap: float = 1e-3) -> np.ndarray:
    keep = np.ones(xs.shape, bool)
    for k in act.kinks:
        keep &= np.abs(xs - k) > gap * max(1.0, abs(k))
    return xs[keep]


def _assert_close(got: np.ndarray, want: np.ndarray, xs: np.ndarray, what: str) -> None:
    """Relative to the reference where it is a normal float; within TINY where it is not."""
    same = got == want  # includes matching infinities, where got - want would be nan
    with np.errstate(invalid="ignore", over="ignore"):
        err = np.abs(got - want)
    allowed = np.where(np.abs(want) >= TINY, RTOL * np.abs(want), TINY)
    bad = ~(err <= allowed) & ~same
    assert not bad.any(), (
        f"{what}: first bad x={xs[bad][:3]}, got {got[bad][:3]}, want {want[bad][:3]}"
    )


def test_registry_holds_the_required_activations() -> None:
    required = """identity binary_step sigmoid tanh relu leaky_relu prelu rrelu relu6 elu celu
    selu gelu silu mish hardswish hardsigmoid hardtanh softplus softsign logsigmoid tanhshrink
    softshrink hardshrink threshold softmax log_softmax softmin squareplus sparse_plus
    sparse_sigmoid arctan isru isrlu bent_identity gaussian sinusoid sinc exponential maxout
    leaky_relu6""".split()
    assert not set(required) - set(BUILTIN)
    assert len(BUILTIN) >= 40 and set(BUILTIN) <= set(NAMES)


@pytest.mark.parametrize("name", BUILTIN)
def test_has_an_independent_reference(name: str) -> None:
    assert name in REFERENCES, f"add an mpmath reference for {name} to tests/mpref/"


@pytest.mark.parametrize("name", BUILTIN)
def test_values_match_mpmath(name: str) -> None:
    act = actplot.get(name)
    got, want = _reference(act, 0, GRID)
    _assert_close(got, want, GRID, f"{name}(x)")


@pytest.mark.parametrize("order", [1, 2])
@pytest.mark.parametrize("name", BUILTIN)
def test_derivatives_match_mpmath(name: str, order: int) -> None:
    act = actplot.get(name)
    xs = _away_from_kinks(act, GRID)
    got, want = _reference(act, order, xs)
    _assert_close(got, want, xs, f"{name} order {order}")


@pytest.mark.parametrize(
    "name", [n for n in BUILTIN if getattr(REFERENCES[n], "derivatives", None)]
)
def test_closed_form_references_agree_with_differentiating_the_reference(name: str) -> None:
    ref = REFERENCES[name]
    with mpmath.workdps(40):
        for x in (-1.5, -0.3, 0.2, 0.707, 1.1, 2.5):
            for order, closed in enumerate(ref.derivatives, start=1):
                want = mpmath.diff(ref, mpmath.mpf(x), n=order)
                assert mpmath.almosteq(closed(mpmath.mpf(x)), want, rel_eps=1e-30), (x, order)


EDGES64 = [0.0, -0.0, 5e-324, -5e-324, 1e-300, -1e-300, 1e308, -1e308, 1.7e308, -1.7e308]
EDGES32 = [0.0, -0.0, 1e-45, -1e-45, 1e-38, -1e-38, 3e38, -3e38, 1e30, -1e30]


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", BUILTIN)
def test_extreme_inputs_give_limits_without_warnings(name: str, dtype: type) -> None:
    act = actplot.get(name)
    finite = EDGES64 if dtype is np.float64 else EDGES32
    x = np.array([*finite, np.inf, -np.inf, np.nan], dtype=dtype)
    big = np.finfo(dtype).max
    probe = np.array([np.inf, big, -np.inf, -big], dtype=dtype)
    # Underflow to 0 is the right answer. The kernels run in actplot's own floating-point
    # state (underflow ignored, the rest warn), so the warnings filter is what catches them.
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
def test_float32_stays_float32(name: str) -> None:
    act = actplot.get(name)
    x = np.array([-3e38, -100.0, -1.5, 0.0, 0.5, 2.0, 100.0, 3e38], dtype=np.float32)
    for order in (0, 1, 2):
        assert act.profile(x, order).dtype == np.float32, order
    y, d = act.value_and_derivative(x)
    assert y.dtype == d.dtype == np.float32


F32 = np.finfo(np.float32)


@pytest.mark.parametrize("name", BUILTIN)
def test_float32_is_accurate(name: str) -> None:
    """Float32 against float64 at the same (float32) inputs, tails included: relative where
    the float64 result is a normal float32, within float32's tiny where it is not."""
    act = actplot.get(name)
    grid = GRID[np.abs(GRID) < F32.max]
    x32 = _away_from_kinks(act, grid).astype(np.float32)
    x64 = x32.astype(np.float64)
    for order in (0, 1, 2):
        y32 = act.profile(x32, order)
        with np.errstate(over="ignore"):
            want = act.profile(x64, order).astype(np.float32)  # rounded, ±inf if too big
        same = y32 == want
        with np.errstate(invalid="ignore"):  # inf − inf where both overflow: `same`
            err = np.abs(y32.astype(np.float64) - want.astype(np.float64))
        allowed = np.where(np.abs(want) >= F32.tiny, 2e-5 * np.abs(want), F32.tiny)
        bad = ~(err <= allowed) & ~same
        assert not bad.any(), (order, x32[bad][:3], y32[bad][:3], want[bad][:3])


@pytest.mark.parametrize("name", NAMES)
def test_shapes_are_kept(name: str) -> None:
    act = actplot.get(name)
    x = np.linspace(-3, 3, 24).reshape(2, 3, 4)
    assert act(x).shape == x.shape
    assert act.derivative(x).shape == x.shape
    assert act.derivative(x, order=2).shape == x.shape
    assert np.asarray(act(0.5)).shape == ()


@pytest.mark.parametrize("name", BUILTIN)
def test_declared_range_holds_and_is_tight(name: str) -> None:
    act = actplot.get(name)
    declared = act.spec.range
    x = np.concatenate([np.linspace(-60, 60, 24001), [-1e6, 1e6, -1e12, 1e12]])
    # the kinks and the interior extrema (a 0.005 grid misses a curved minimum by 1e-6)
    low, high = extrema(act, shape.samples(act))
    inner = [e.at for e in (low, high) if e is not None and math.isfinite(e.at)]
    x = np.concatenate([x, np.array(act.kinks), inner])
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
                # (on [−1, 1]: laplace's σ = 0.28 takes it within 1e-16 of 1 by x = 3)
                inner = act.profile(np.linspace(-1, 1, 1001))
                assert not np.isclose(inner, end, rtol=0, atol=1e-15).any()


@pytest.mark.parametrize("name", BUILTIN)
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
