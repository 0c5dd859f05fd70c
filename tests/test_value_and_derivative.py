"""`Activation.value_and_derivative`: the fused (f, f') agrees with act(x) and
act.derivative(x) for every registry activation, keeps dtypes and shapes, and maps nan to nan.

Parametrized over ``actplot.names()`` (plugins' activations included), so a new activation
is covered without new test code; that no floating-point warning is raised on the way is
checked for the built-ins, whose numerics actplot promises.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from conftest import ONE_INPUT

import actplot
from actplot import registry
from actplot.model import ActivationSpec

NAMES = actplot.names(kinds=ONE_INPUT)
BUILTIN = set(registry.builtin_names(kinds=ONE_INPUT))
DTYPES = [np.float32, np.float64]


def _inputs(act: actplot.Activation, dtype: type) -> np.ndarray:
    """Ordinary values, every kink, signed zeros, tiny, huge and infinite inputs."""
    info = np.finfo(dtype)
    special = [0.0, -0.0, info.smallest_subnormal, -info.smallest_subnormal, info.tiny]
    special += [info.max, -info.max, info.max / 4, np.inf, -np.inf, 1e-3, -1e-3, 700, -700]
    x = np.concatenate(
        [
            np.linspace(-30, 30, 601),
            np.random.default_rng(1).standard_normal(400) * 5,
            np.asarray(act.kinks, dtype=np.float64),
            special,
        ]
    )
    x = x.astype(dtype)
    if act.is_vector:
        x = x[: x.size // 4 * 4].reshape(-1, 4)
    return x


def _assert_same(got: np.ndarray, want: np.ndarray, what: str) -> None:
    """Equal up to a few ulp (the fused form may round differently), nan and inf alike."""
    assert got.dtype == want.dtype and got.shape == want.shape, what
    eps = np.finfo(got.dtype).eps
    tiny = np.finfo(got.dtype).tiny
    np.testing.assert_allclose(
        got.astype(np.float64),
        want.astype(np.float64),
        rtol=8 * eps,
        atol=16 * tiny,
        equal_nan=True,
        err_msg=what,
    )


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", NAMES)
def test_equals_the_separate_calls(name: str, dtype: type) -> None:
    act = actplot.get(name)
    x = _inputs(act, dtype)
    strict = "raise" if name in BUILTIN else "ignore"  # a plugin's own numerics may warn
    with warnings.catch_warnings(), np.errstate(divide=strict, over=strict, invalid=strict):
        warnings.simplefilter("error" if name in BUILTIN else "ignore")
        y, d = act.value_and_derivative(x)
        want_y, want_d = act(x), act.derivative(x)
    _assert_same(y, want_y, f"{name} f")
    _assert_same(d, want_d, f"{name} f'")


@pytest.mark.parametrize("name", NAMES)
def test_non_default_parameters_agree_too(name: str) -> None:
    spec = actplot.spec(name)
    for param in spec.params:
        if not param.numeric or param.span is None:
            continue
        for value in param.span:
            try:
                act = actplot.get(name, **{param.name: value})
            except actplot.ActplotError:
                continue  # e.g. a cross-parameter check refuses this combination
            x = _inputs(act, np.float64)
            y, d = act.value_and_derivative(x)
            _assert_same(y, act(x), f"{act.label} f")
            _assert_same(d, act.derivative(x), f"{act.label} f'")


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name", NAMES)
def test_nan_in_gives_nan_out_anywhere_in_a_long_array(name: str, dtype: type) -> None:
    act = actplot.get(name)
    x = np.linspace(-8, 8, 4000, dtype=dtype)
    where = np.zeros(x.size, bool)
    where[[0, 1, 17, 63, 64, 65, 1000, 2047, 3999]] = True
    x[where] = np.nan
    if act.is_vector:
        x, where = x.reshape(-1, 8), np.isnan(x.reshape(-1, 8)).any(axis=-1, keepdims=True)
        where = np.broadcast_to(where, x.shape)  # a nan spreads over its row
    y, d = act.value_and_derivative(x)
    for out, what in ((y, "f"), (d, "f'"), (act(x), "act(x)"), (act.derivative(x), "d1")):
        assert np.array_equal(np.isnan(out), where), f"{name} {what}"


@pytest.mark.parametrize("name", NAMES)
def test_declared_nan_safe_orders_hold_without_the_guard(name: str) -> None:
    """The spec's own functions keep nan for the orders it declares nan_safe."""
    spec = actplot.spec(name)
    act = actplot.get(name)
    x = np.array([-2.0, np.nan, 0.0, np.nan, 3.0, np.nan, -np.inf, np.inf])
    nan = np.isnan(x)
    if 0 in spec.nan_safe:
        assert np.isnan(spec.forward(x, **act.params))[nan].all()
    if 1 in spec.nan_safe:
        assert np.isnan(spec.d1(x, **act.params))[nan].all()
        if spec.fused is not None:
            y, d = spec.fused(x, **act.params)
            assert np.isnan(y)[nan].all() and np.isnan(d)[nan].all()


@pytest.mark.parametrize("name", NAMES)
def test_shapes_dtypes_and_independent_outputs(name: str) -> None:
    act = actplot.get(name)
    x = np.linspace(-3, 3, 24).reshape(2, 3, 4)
    before = x.copy()
    y, d = act.value_and_derivative(x)
    assert y.shape == d.shape == x.shape
    assert np.array_equal(x, before), "the input must not be modified"
    y0, d0 = act.value_and_derivative(0.5)
    assert np.asarray(y0).shape == () and np.asarray(d0).shape == ()
    assert y0.dtype == d0.dtype == np.float64
    y32, d32 = act.value_and_derivative(np.float32(0.5))
    assert y32.dtype == d32.dtype == np.float32
    yi, di = act.value_and_derivative([1, 2, 3])  # integers become float64
    assert yi.dtype == di.dtype == np.float64
    d_copy = d.copy()
    y[...] = 123.0  # the two outputs never share memory
    assert np.array_equal(d, d_copy)


def test_specs_without_a_fused_form_fall_back_to_forward_and_d1() -> None:
    base = actplot.spec("softsign")
    spec = ActivationSpec(**{**base.__dict__, "fused": None, "nan_safe": ()})
    act = spec.bind()
    x = np.array([-2.0, 0.0, np.nan, 5.0])
    y, d = act.value_and_derivative(x)
    _assert_same(y, base.bind()(x), "f")
    _assert_same(d, base.bind().derivative(x), "f'")


@pytest.mark.parametrize("name", NAMES)
def test_strided_and_transposed_inputs_give_the_same_values(name: str) -> None:
    # Up to rounding: NumPy's SIMD loops (exp, ...) may round differently from its strided ones.
    act = actplot.get(name)
    x = np.random.default_rng(3).standard_normal((12, 10)) * 4
    for view in (x.T, x[:, ::3], np.asfortranarray(x)):
        y, d = act.value_and_derivative(view)
        want_y, want_d = act.value_and_derivative(np.ascontiguousarray(view))
        _assert_same(y, want_y, f"{name} f")
        _assert_same(d, want_d, f"{name} f'")
        _assert_same(act(view), want_y, f"{name} act(x)")


@pytest.mark.parametrize("name", sorted(BUILTIN))
def test_the_spec_functions_compute_in_float32(name: str) -> None:
    """The kernels themselves keep float32 (the Activation would cast a float64 result back,
    hiding a kernel that silently computes, and allocates, in float64, and whose float32
    overflow handling the float32 tests then never reach)."""
    spec = actplot.spec(name)
    params = spec.defaults
    x = np.linspace(-8, 8, 24, dtype=np.float32)
    if spec.vector:
        x = x.reshape(4, 6)
    outs = {"forward": spec.forward(x.copy(), **params), "d1": spec.d1(x.copy(), **params)}
    outs["d2"] = spec.d2(x.copy(), **params)
    if spec.fused is not None:
        outs["fused f"], outs["fused f'"] = spec.fused(x.copy(), **params)
    lost = {what: str(np.asarray(out).dtype) for what, out in outs.items()}
    assert all(dtype == "float32" for dtype in lost.values()), lost
