"""The compiled kernels (activations/_kernels.py, numba) against the NumPy forms and the float64
reference, and the rule for when they run (activations/_jit.py). Parametrized over the kernel
table, so a new kernel is covered by adding its row."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

import actplot
from actplot.activations import _jit, _kernels

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from check_float32 import outputs, ulps  # noqa: E402

CASES = [
    pytest.param(name, dtype, id=f"{name}-{np.dtype(dtype).name}")
    for name, kernel in sorted(_jit.KERNELS.items())
    for dtype in kernel.dtypes
]
# Kernels that repeat the NumPy form's operations in its precision: the same bits. The others
# compute in float64 and round once, and are held to the float64 result rounded.
SAME_BITS = {"hardsigmoid", "hardswish"}
ULP_BOUND = 1  # tools/check_float32.py over all 2³² inputs: see benchmarks/RESULTS.md
# Parameter values beside the defaults, for the kernels that take them.
PARAMS: dict[str, list[dict[str, float]]] = {
    "elu": [{"alpha": 0.0}, {"alpha": 0.3}, {"alpha": 2.5}, {"alpha": 1e17}],
    "celu": [{"alpha": 0.05}, {"alpha": 2.5}, {"alpha": 1e17}],
}
PARAM_CASES = [
    pytest.param(name, np.float32, params, id=f"{name}-{params}")
    for name, sets in sorted(PARAMS.items())
    for params in sets
]


def large(dtype: type) -> np.ndarray:
    """Above the kernels' size threshold: the edges, a dense sweep over [−20, 20] (every kink
    and both tails), normal draws, and tiny magnitudes of both signs."""
    fi = np.finfo(dtype)
    edges = [0.0, -0.0, np.inf, -np.inf, np.nan, fi.max, -fi.max, fi.tiny, -fi.tiny]
    edges += [fi.smallest_subnormal, -fi.smallest_subnormal, 3.0, -3.0, 1.5, -1.5, 15.0, -15.0]
    tiny = np.geomspace(float(fi.smallest_subnormal), 1.0, 4096)
    parts = [
        np.array(edges),
        np.linspace(-20.0, 20.0, 1 << 17),
        np.random.default_rng(5).normal(0.0, 5.0, 1 << 15),
        tiny,
        -tiny,
    ]
    x = np.concatenate(parts).astype(dtype)
    x = x[: x.size // 64 * 64]  # reshapes to (2, -1), (4, -1) below
    assert x.size >= 2 * _jit.MIN_SIZE
    return x


@pytest.mark.parametrize(
    ("name", "dtype", "params"),
    [pytest.param(*case.values, {}, id=case.id) for case in CASES] + PARAM_CASES,
)
def test_kernel_agrees_with_the_numpy_form(
    name: str, dtype: type, params: dict[str, float], monkeypatch
) -> None:
    act = actplot.get(name, **params)
    x = large(dtype)
    got = outputs(act, x)
    monkeypatch.setitem(_jit._state, "on", False)
    if name in SAME_BITS:
        for g, w in zip(got, outputs(act, x), strict=True):
            np.testing.assert_array_equal(g, w)
            assert np.array_equal(np.signbit(g), np.signbit(w))
        return
    with np.errstate(over="ignore"):  # the float64 result rounds to ±inf where too big
        want = [w.astype(dtype) for w in outputs(act, x.astype(np.float64))]
    for label, g, w in zip(("f", "fused f", "fused f'"), got, want, strict=True):
        d = ulps(g, w)
        k = int(np.argmax(d))
        assert d[k] <= ULP_BOUND, (label, x[k], g[k], w[k])


@pytest.mark.parametrize(("name", "dtype"), CASES)
def test_kernel_runs_only_where_it_applies(name: str, dtype: type, monkeypatch) -> None:
    kernel = _jit.KERNELS[name]
    calls: list[str] = []
    for attr in (kernel.forward, kernel.fused):
        real = getattr(_kernels, attr)
        monkeypatch.setattr(
            _kernels, attr, lambda *a, _real=real, _attr=attr: (calls.append(_attr), _real(*a))[1]
        )
    act = actplot.get(name)
    x = large(dtype)
    outputs(act, x)
    assert calls == [kernel.forward, kernel.fused]
    calls.clear()
    outputs(act, x[: _jit.MIN_SIZE - 1])  # too small
    outputs(act, large(dtype).reshape(2, -1)[:, ::2])  # not contiguous
    for other in {np.float32, np.float64} - set(kernel.dtypes):  # not the kernel's dtype
        outputs(act, large(other))
    assert calls == []
    outputs(act, x.reshape(4, -1))  # any C-contiguous shape
    assert calls == [kernel.forward, kernel.fused]
    calls.clear()
    monkeypatch.setitem(_jit._state, "on", False)
    outputs(act, x)
    assert calls == []


@pytest.mark.parametrize(("name", "dtype"), CASES)
def test_kernel_keeps_the_input_shape(name: str, dtype: type) -> None:
    x = large(dtype)[: 3 * _jit.MIN_SIZE // 2 * 2].reshape(3, -1, 2)
    act = actplot.get(name)
    for y in outputs(act, x):
        assert y.shape == x.shape and y.dtype == x.dtype and y.flags.c_contiguous


def test_actplot_jit_0_turns_the_kernels_off(monkeypatch) -> None:
    monkeypatch.setitem(_jit._state, "on", None)
    monkeypatch.setenv("ACTPLOT_JIT", "0")
    assert not _jit.available()
    monkeypatch.setitem(_jit._state, "on", None)
    monkeypatch.delenv("ACTPLOT_JIT")
    assert _jit.available()


def test_exp_kernel_is_accurate_to_1e_10() -> None:
    """The e^t the GELU kernel carries, over its whole domain (−112.5 <= t <= 0 there)."""
    t = -np.concatenate([np.linspace(0.0, 120.0, 200_001), np.geomspace(1e-300, 1.0, 1001)])
    got = np.array([_kernels._exp_nonpositive(v) for v in t[::97]])
    np.testing.assert_allclose(got, np.exp(t[::97]), rtol=1e-10, atol=0)


def test_kernels_compile_without_a_cache_where_numba_has_none(monkeypatch) -> None:
    """numba refuses cache=True outright when no cache folder is writable (a read-only
    install, no writable home): the kernels then compile in each process instead."""

    def refuse(**options: object) -> object:
        raise RuntimeError("cannot cache function: no locator available")

    assert _kernels._can_cache()  # the suite's own install: a writable __pycache__
    monkeypatch.setattr(_kernels.numba, "njit", refuse)
    assert not _kernels._can_cache()
