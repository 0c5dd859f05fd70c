"""The vectorised logistic kernels (activations/_logistic.py) against mpmath, at the edges,
with `out` aliasing x, and in float32 within the bound the exhaustive check measured."""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable
from pathlib import Path

import mpmath
import numpy as np
import pytest

from actplot.activations import _logistic as lg

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import check_float32  # noqa: E402

mpmath.mp.dps = 60


def _sigma(x: mpmath.mpf) -> mpmath.mpf:
    return 1 / (1 + mpmath.exp(-x))


def _pair(index: int) -> Callable[[np.ndarray], np.ndarray]:
    def run(x: np.ndarray) -> np.ndarray:
        y, d = np.empty_like(x), np.empty_like(x)
        return lg.expit_and_slope(x, y, d, np.empty_like(x))[index]

    return run


KERNELS: dict[str, tuple[Callable[[np.ndarray], np.ndarray], Callable[[mpmath.mpf], object]]] = {
    "expit": (lg.expit, _sigma),
    "log_expit": (lg.log_expit, lambda x: -mpmath.log1p(mpmath.exp(-x))),
    "logistic_slope": (lg.logistic_slope, lambda x: _sigma(x) * _sigma(-x)),
    "expit_and_slope[0]": (_pair(0), _sigma),
    "expit_and_slope[1]": (_pair(1), lambda x: _sigma(x) * _sigma(-x)),
}
X64 = np.concatenate(
    [
        np.linspace(-745.0, 745.0, 3001),
        np.linspace(-40.0, 40.0, 2001),
        np.geomspace(1e-300, 1.0, 301),
        -np.geomspace(1e-300, 1.0, 301),
    ]
)
TINY64 = np.finfo(np.float64).tiny


@pytest.mark.parametrize("kernel", KERNELS)
def test_float64_agrees_with_mpmath(kernel: str) -> None:
    fn, ref = KERNELS[kernel]
    got = fn(X64.copy())
    want = np.array([float(ref(mpmath.mpf(float(v)))) for v in X64])
    err = np.abs(got - want)
    # a few ulp where the result is a normal float; a few subnormal spacings below
    allowed = np.where(np.abs(want) >= TINY64, 1e-13 * np.abs(want), 4 * 5e-324)
    bad = err > allowed
    assert not bad.any(), (X64[bad][:4], got[bad][:4], want[bad][:4])


def test_log1p_unit_keeps_every_digit_of_tiny_e() -> None:
    e = np.concatenate([[0.0, 5e-324, 1e-300], np.geomspace(1e-30, 1.0, 601)])
    out, scratch = np.empty_like(e), np.empty_like(e)
    got = lg.log1p_unit(e.copy(), out, scratch)
    want = np.array([float(mpmath.log1p(mpmath.mpf(float(v)))) for v in e])
    np.testing.assert_allclose(got, want, rtol=4e-15, atol=0)
    assert got[0] == 0.0 and got[1] == 5e-324


EDGES: dict[str, tuple[float, ...]] = {
    # x:        -inf, -max, -1e-300, -0, 0, 1e-300, max, inf
    "expit": (0.0, 0.0, 0.5, 0.5, 0.5, 0.5, 1.0, 1.0),
    "log_expit": (
        -np.inf,
        -np.inf,
        -np.log(2),
        -np.log(2),
        -np.log(2),
        -np.log(2),
        -0.0,
        -0.0,
    ),  # fmt: skip
    "logistic_slope": (0.0, 0.0, 0.25, 0.25, 0.25, 0.25, 0.0, 0.0),
}


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("kernel", EDGES)
def test_edges_give_limits_without_warnings(kernel: str, dtype: type) -> None:
    big = np.finfo(dtype).max
    x = np.array([-np.inf, -big, -1e-30, -0.0, 0.0, 1e-30, big, np.inf, np.nan], dtype=dtype)
    with warnings.catch_warnings(), np.errstate(divide="raise", over="raise", invalid="raise"):
        warnings.simplefilter("error")
        y = KERNELS[kernel][0](x)
    assert y.dtype == dtype
    want = np.array(EDGES[kernel], dtype=dtype)
    if kernel == "log_expit":
        want[1] = -big  # log σ(x) = x for x far below 0
    np.testing.assert_allclose(y[:-1], want, rtol=2e-7)
    assert np.isnan(y[-1])


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_expit_into_its_own_input_keeps_the_subnormal_tail(dtype: type) -> None:
    # σ(x) = e^x is subnormal where e^(−x) overflows: the patch must read x before out
    # overwrites it.
    x = np.array([-100.0, -95.0, -800.0, -720.0, -1.0, 3.0], dtype=dtype)
    want = lg.expit(x.copy())
    assert (want[:2] > 0).all() if dtype is np.float32 else (want[3] > 0)
    same = x.copy()
    assert lg.expit(same, out=same) is same
    np.testing.assert_array_equal(same, want)


@pytest.mark.parametrize("dtype", [np.float16, np.longdouble])
def test_other_float_types_go_to_scipy(dtype: type) -> None:
    import scipy.special

    x = np.linspace(-20, 20, 41).astype(dtype)
    np.testing.assert_array_equal(lg.expit(x), scipy.special.expit(x))
    np.testing.assert_array_equal(lg.log_expit(x), scipy.special.log_expit(x))


@pytest.mark.parametrize("name", sorted(check_float32.BOUNDS))
def test_float32_dense_sample_within_the_exhaustive_bound(name: str) -> None:
    """Every 4099th float32 bit pattern (about a million inputs, all binades and both signs)
    against the float64 result rounded: within the bound the full 2³² run recorded."""
    rows = check_float32.check_chunk(name, start=7, stride=4099)
    for output, bound, (worst, at, _, inputs, _) in zip(
        check_float32.OUTPUTS, check_float32.BOUNDS[name], rows, strict=True
    ):
        assert inputs > 1_000_000
        assert worst <= bound, (output, worst, at)
