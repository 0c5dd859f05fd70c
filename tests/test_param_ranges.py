"""Every accepted parameter value keeps the numerics contract, in float32 and float64.

For every activation in the registry and every numeric parameter, its accepted range is
sampled at its ends (the closest accepted floats; 5e-324 and 1.797e308 where accepted), log-
spaced in between, and (property-based) anywhere in it, all parameters at once; f, f′ and
f″ are evaluated on edge inputs (±0, subnormals, ±1e308, ±inf, nan, ordinary values) with
warnings as errors: no nan for a non-nan input (except at ±inf where f has no limit), no
warning, the input's dtype. Then the reproductions of issue 12 one by one, the user's
``np.seterr(all="raise")``, byte order, untouched inputs, and the command line.
"""

from __future__ import annotations

import json
import math
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from conftest import ONE_INPUT
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from typer.testing import Result

import actplot
from actplot import registry
from actplot.model import Param

NAMES = actplot.names(kinds=ONE_INPUT)  # built-ins and installed plugins
BUILTIN = set(registry.builtin_names(kinds=ONE_INPUT))
DTYPES = [np.float32, np.float64]
MAX = float(np.finfo(np.float64).max)
# Magnitudes probed inside every accepted range (with both signs), besides its ends.
PROBES = [5e-324, 1e-310, 1e-300, 1e-200, 1e-100, 1e-45, 1e-38, 1e-8, 1e-3, 0.5, 1.0, 3.0]
PROBES += [30.0, 1e3, 3e7, 1e17, 3.4e38, 3.5e38, 1e100, 1e200, 1e300, 1.797e308, MAX]


def _samples(p: Param) -> list[float | int]:
    """The accepted values to try: the closest accepted floats at both ends, the probes the
    range holds, and log-spaced (or, bounded, evenly spaced) values in between."""
    b = p.bounds
    values = {0.0, *PROBES, *(-v for v in PROBES)}
    if math.isfinite(b.lo):
        values.add(b.lo if b.closed_lo else math.nextafter(b.lo, math.inf))
    if math.isfinite(b.hi):
        values.add(b.hi if b.closed_hi else math.nextafter(b.hi, -math.inf))
    if b.bounded:
        values.update(np.linspace(b.lo, b.hi, 9).tolist())
    for sign in (1.0, -1.0):
        lo = max(5e-324, b.lo if sign > 0 else -b.hi)
        hi = min(MAX, b.hi if sign > 0 else -b.lo)
        if 0 < lo < hi:  # the interior of a log-spaced grid (the ends are there already)
            logs = np.linspace(math.log(lo), math.log(hi), 14)[1:-1]
            values.update(sign * math.exp(t) for t in logs)
    accepted = sorted(v for v in values if b.admits(v))
    if p.integer:
        ends = {int(b.lo), int(b.hi)} if b.bounded else set()
        return sorted({int(v) for v in accepted if v == int(v)} | ends)
    return accepted


def _edge_inputs(dtype: type, vector: bool) -> np.ndarray:
    info = np.finfo(dtype)
    tiny, sub = float(info.tiny), float(info.smallest_subnormal)
    big = float(info.max)
    values = [0.0, -0.0, sub, -sub, tiny, -tiny, 1e-3, -1e-3, 0.5, -0.5, 1.0, -1.0, 3.0, -3.0]
    values += [30.0, -30.0, 700.0, -700.0, 1e30, -1e30, big, -big, 1e308, -1e308]
    values += [np.inf, -np.inf, np.nan, 2.0, -2.0, 10.0, 0.1, -10.0]  # 32: rows of 4
    with np.errstate(over="ignore"):  # 1e308 is inf in float32: that is the input then
        x = np.array(values).astype(dtype)
    return x.reshape(-1, 4) if vector else x


def _evaluations(act: actplot.Activation, x: np.ndarray) -> Iterator[tuple[str, np.ndarray]]:
    """Every way of evaluating `act` at `x`: f, f′, f″, the fused pair, the 1-D profile (and
    a vector activation's Jacobian of one row)."""
    yield "f", act(x)
    yield "f'", act.derivative(x, 1)
    yield "f''", act.derivative(x, 2)
    y, d = act.value_and_derivative(x)
    yield "fused f", y
    yield "fused f'", d
    flat = x.ravel()
    for order in (0, 1, 2):
        yield f"profile {order}", act.profile(flat, order)
    if act.is_vector:
        yield "jacobian", act.jacobian(x[0])


def _check(act: actplot.Activation, dtype: type) -> None:
    """The contract at the edge inputs (strict for the built-ins: a plugin's own numerics may
    warn or give nan, but its dtype is still kept)."""
    x = _edge_inputs(dtype, act.is_vector)
    strict = act.name in BUILTIN
    with warnings.catch_warnings():
        warnings.simplefilter("error" if strict else "ignore")
        outs = list(_evaluations(act, x))
    for what, y in outs:
        assert y.dtype == dtype, f"{act!r} {what}: dtype {y.dtype}"
        if not strict:
            continue
        xs = x[0] if what == "jacobian" else x
        if what.startswith("profile") or what == "jacobian":
            xs = xs.ravel()
        nan_in = np.isnan(xs)
        if act.is_vector and not what.startswith("profile"):
            nan_in = np.broadcast_to(nan_in.any(axis=-1, keepdims=True), xs.shape)
        if what == "jacobian":
            nan_in = np.broadcast_to(nan_in.any(), y.shape)
        honest = act.spec.no_limit_at_inf & np.isinf(xs) if y.shape == xs.shape else False
        bad = np.isnan(y) & ~nan_in & ~honest
        assert not bad.any(), f"{act!r} {dtype.__name__} {what}: nan at {np.unique(xs[bad])}"


def _numeric(name: str) -> list[Param]:
    return [p for p in actplot.spec(name).params if p.numeric]


CASES = [(name, p.name) for name in NAMES for p in _numeric(name)]


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
@pytest.mark.parametrize(("name", "param"), CASES, ids=[f"{n}-{p}" for n, p in CASES])
def test_each_parameter_over_its_accepted_range(name: str, param: str, dtype: type) -> None:
    p = next(q for q in actplot.spec(name).params if q.name == param)
    accepted = 0
    for value in _samples(p):
        try:
            act = actplot.get(name, **{param: value})
        except actplot.ActplotError:
            continue  # a cross-parameter check refuses it with the others at their defaults
        accepted += 1
        _check(act, dtype)
    assert accepted >= 2, f"{name}:{param} accepted only {accepted} of {_samples(p)}"


def test_the_samples_reach_the_ends() -> None:
    """The sampler itself: open ends give the closest accepted floats, and the extremes."""
    p = actplot.spec("celu").params[0]  # alpha > 0
    got = _samples(p)
    assert got[0] == 5e-324 and got[-1] == MAX and 1.0 in got and len(got) > 20
    leaky = _samples(actplot.spec("leaky_relu").params[0])  # [0, 1]
    assert leaky[0] == 0.0 and leaky[-1] == 1.0 and 5e-324 in leaky
    k = _samples(actplot.spec("softmax").params[1])  # whole numbers in [2, 1000]
    assert k[0] == 2 and k[-1] == 1000 and all(isinstance(v, int) for v in k)


def _param_strategy(p: Param) -> st.SearchStrategy[float | int]:
    b = p.bounds
    if p.integer:
        return st.integers(int(b.lo), int(b.hi))
    lo = b.lo if math.isfinite(b.lo) else None
    hi = b.hi if math.isfinite(b.hi) else None
    anywhere = st.floats(
        min_value=lo,
        max_value=hi,
        exclude_min=lo is not None and not b.lo_closed,
        exclude_max=hi is not None and not b.hi_closed,
        allow_nan=False,
        allow_infinity=False,
        allow_subnormal=lo is None or lo < 2.3e-308,
    )
    return st.one_of(anywhere, st.sampled_from(_samples(p)))


@pytest.mark.parametrize("name", sorted({n for n, _ in CASES}))
def test_any_accepted_parameters_together(name: str) -> None:
    """Property-based: all numeric parameters drawn at once from their accepted ranges."""
    params = _numeric(name)
    draw = st.fixed_dictionaries({p.name: _param_strategy(p) for p in params})

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(values=draw, dtype=st.sampled_from(DTYPES))
    def run(values: dict[str, float | int], dtype: type) -> None:
        try:
            act = actplot.get(name, **values)
        except actplot.ActplotError:
            assume(False)
            return
        _check(act, dtype)

    run()


# The reproductions of issue 12, one by one.


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
@pytest.mark.parametrize("alpha", [3e7, 1e8, 1e17, 1e300, MAX])
def test_elu_slope_is_one_above_zero_for_any_alpha(alpha: float, dtype: type) -> None:
    act = actplot.get("elu", alpha=alpha)
    x = np.array([0.5, 1e-30, 3.0, 1e30], dtype=dtype)
    assert act.derivative(np.array(0.5, dtype=dtype)) == 1
    assert (act.derivative(x) == 1).all()
    assert (act.value_and_derivative(x)[1] == 1).all()
    left = act.derivative(np.array([-1.0, 0.0], dtype=dtype)).astype(np.float64)
    with np.errstate(over="ignore"):
        want = np.array([alpha / math.e, alpha]).astype(dtype).astype(np.float64)
    np.testing.assert_allclose(left, want, rtol=1e-6)  # inf where float32 cannot hold α


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
@pytest.mark.parametrize("name", ["elu", "celu"])
def test_elu_family_slope_is_exactly_one_for_every_alpha(name: str, dtype: type) -> None:
    """The fast x > 0 correction is used only where it rounds to exactly 1."""
    alphas = np.random.default_rng(12).uniform(0, 50, 400).tolist() + [0.0, 1 / 3, 1.1, 7.3]
    x = np.array([1e-3, 0.5, 2.0, 1e4], dtype=dtype)
    for alpha in alphas:
        if name == "celu" and alpha == 0:
            continue
        act = actplot.get(name, alpha=alpha)
        assert (act.derivative(x) == 1).all(), alpha
        assert (act.value_and_derivative(x)[1] == 1).all(), alpha


def test_info_of_a_large_alpha_elu_finds_no_dead_region(cli: Callable[..., Result]) -> None:
    result = cli("info", "elu:alpha=1e17", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["properties"]["dead"] == []  # it said "dead x > 0"


def test_softplus_refuses_a_beta_whose_f0_leaves_float64() -> None:
    with pytest.raises(actplot.ActplotError) as err:
        actplot.get("softplus", beta=5e-324)
    assert str(err.value) == "softplus: beta must be >= 1e-300, not 5e-324"
    act = actplot.get("softplus", beta=1e-300)  # the closest accepted value works
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y = act(np.array([-1e308, -1.0, 0.0, 1.0, 1e308]))
    assert not np.isnan(y).any()
    assert y[2] == pytest.approx(math.log(2) / 1e-300, rel=1e-12)


def _softmax_ref(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max())
    return e / e.sum()


@pytest.mark.parametrize("T", [5e-324, 1e-310, 1e-300, 1e-200])
@pytest.mark.parametrize("name", ["softmax", "softmin", "log_softmax"])
def test_tiny_temperatures_are_exact(name: str, T: float) -> None:
    """x = T·z: the result must be the function of z at temperature 1 (T·z is exact for
    these z, a power of two times small integers)."""
    z = np.array([0.0, 1.0, 3.0, -2.0])
    x = z * T
    assert np.array_equal(x / T, z)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        act = actplot.get(name, temperature=T)
        y, d = act(x), act.derivative(x)
        d2 = act.derivative(x, 2)
        prof = [act.profile(x, order) for order in (0, 1, 2)]
    one = actplot.get(name)
    np.testing.assert_allclose(y, one(z), rtol=1e-14)
    # f′ = f′ at T = 1, divided by T (inf where that passes the float maximum); f″ by T².
    with np.errstate(over="ignore"):
        np.testing.assert_allclose(d, one.derivative(z) / T, rtol=1e-14)
        np.testing.assert_allclose(d2, one.derivative(z, 2) / T / T, rtol=1e-14)
    assert all(not np.isnan(p).any() for p in prof)
    if name == "softmax":
        np.testing.assert_allclose(y, _softmax_ref(z), rtol=1e-14)


@pytest.mark.parametrize("T", [1e200, 1e300, 1.797e308, MAX])
@pytest.mark.parametrize("name", ["softmax", "softmin", "log_softmax"])
def test_huge_temperatures_flatten(name: str, T: float) -> None:
    x = np.array([[0.0, 1.0, 1e300, -1e300], [5.0, -5.0, 0.0, 1e-300]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        act = actplot.get(name, temperature=T)
        y, d, d2 = act(x), act.derivative(x), act.derivative(x, 2)
        prof = [act.profile(x.ravel(), order) for order in (0, 1, 2)]
        jac = act.jacobian(x[0])
    flat = np.log(0.25) if name == "log_softmax" else 0.25
    np.testing.assert_allclose(y[1], flat, rtol=1e-12)  # x/T ≈ 0: uniform
    for out in (y, d, d2, jac, *prof):
        assert not np.isnan(out).any()
    assert np.all(np.abs(d[1]) <= 1.0 / T) and np.all(np.abs(d[1]) > 0.1 / T)


def test_isru_and_squareplus_at_the_float_maximum() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        isru = actplot.get("isru", alpha=1.797e308)
        x = np.array([-np.inf, -1.0, 0.0, 1.0, np.inf])
        assert isru(x)[3] == pytest.approx(1 / math.sqrt(1.797e308), rel=1e-12)
        d2 = isru.derivative(x, 2)
        sq = actplot.get("squareplus", b=1.797e308)
        y, d = sq.value_and_derivative(x)
    assert not np.isnan(d2).any() and d2[2] == 0
    assert y[2] == pytest.approx(math.sqrt(1.797e308) / 2, rel=1e-12) and d[2] == 0.5
    assert not np.isnan(y).any() and not np.isnan(d).any()
    assert y[0] == 0 and y[-1] == np.inf and d[0] == 0 and d[-1] == 1


@pytest.mark.parametrize(
    "spec",
    [
        "threshold:threshold=1e100",
        "threshold:value=-1e300",
        "hardtanh:max_val=1e300",
        "hardshrink:lambd=1e300",
        "elu:alpha=1e300",
        "celu:alpha=1e-100",
        "isrlu:alpha=1e300",
        "softplus:threshold=1e300",
        "leaky_relu:negative_slope=5e-324",
        "prelu:weight=-1e-320",
        "maxout:w1=-1e-300",
        "silu:beta=1e300",
    ],
)
def test_float32_input_with_a_parameter_beyond_float32(spec: str) -> None:
    """Computed in float64 and rounded once: no "overflow in cast", no nan, float32 out."""
    name, _, rest = spec.partition(":")
    key, _, value = rest.partition("=")
    act = actplot.get(name, **{key: float(value)})
    x = _edge_inputs(np.float32, False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        outs = list(_evaluations(act, x))
        wide = [act.profile(x.astype(np.float64), order) for order in (0, 1, 2)]
    for what, y in outs:
        assert y.dtype == np.float32, what
        assert not np.isnan(y[~np.isnan(x)]).any(), (what, x[np.isnan(y)])
    for order in (0, 1, 2):  # the float64 result, rounded to float32
        with np.errstate(over="ignore"):
            want = wide[order].astype(np.float32)
        assert np.array_equal(outs[5 + order][1], want, equal_nan=True), order


@pytest.mark.parametrize("slope", [5e-324, 1e-310, 1e-50])
@pytest.mark.parametrize("name", ["leaky_relu", "leaky_relu6"])
def test_tiny_slopes_at_infinity_in_float32(name: str, slope: float) -> None:
    act = actplot.get(name, negative_slope=slope)
    x = np.array([-np.inf, -1.0, np.inf], dtype=np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y = act(x)
    assert y[0] == -np.inf and y[1] == 0 and y[2] == (6 if name == "leaky_relu6" else np.inf)


@pytest.mark.parametrize("name", NAMES)
def test_the_users_seterr_raise_is_not_ours(name: str) -> None:
    """Under the user's np.seterr(all="raise"), nothing a kernel handles raises, and the
    user's state is back afterwards."""
    act = actplot.get(name)
    old = np.seterr(all="raise")
    try:
        for dtype in DTYPES:
            x = _edge_inputs(dtype, act.is_vector)
            with warnings.catch_warnings():
                warnings.simplefilter("error" if name in BUILTIN else "ignore")
                for _what, y in _evaluations(act, x):
                    assert y.dtype == dtype
        assert np.geterr() == {
            "divide": "raise",
            "over": "raise",
            "under": "raise",
            "invalid": "raise",
        }
        with pytest.raises(FloatingPointError):
            np.array([1e-300]) * np.array([1e-300])  # the user's state still applies to them
    finally:
        np.seterr(**old)


@pytest.mark.parametrize("name", NAMES)
def test_byte_order_and_dtype_are_kept(name: str) -> None:
    act = actplot.get(name)
    base = np.array([-3.0, -0.5, 0.0, 0.25, 2.0, 40.0, -np.inf, np.inf])
    for dtype in ("<f4", ">f4", "<f8", ">f8"):
        x = base.astype(dtype)
        if act.is_vector:
            x = x.reshape(2, 4)
        native = x.astype(np.dtype(dtype).newbyteorder("="))
        with warnings.catch_warnings():
            warnings.simplefilter("error" if name in BUILTIN else "ignore")
            got = list(_evaluations(act, x))
            want = list(_evaluations(act, native))
        for (what, y), (_, w) in zip(got, want, strict=True):
            assert y.dtype == np.dtype(dtype), f"{dtype} {what}: {y.dtype}"
            assert np.array_equal(y, w, equal_nan=True), f"{dtype} {what}"
    for other in (np.int32, np.int64, np.float16, bool):  # everything else: float64
        assert act(base[:4].astype(other)).dtype == np.float64


@pytest.mark.parametrize("name", NAMES)
def test_inputs_are_never_written(name: str) -> None:
    """Read-only inputs (a write raises) of every layout; their values are unchanged."""
    act = actplot.get(name)
    rng = np.random.default_rng(3)
    base = np.concatenate([rng.standard_normal(28) * 10, [0.0, -0.0, np.inf, -np.inf]])
    for dtype in ("<f4", ">f4", "<f8", ">f8"):
        full = base.astype(dtype).reshape(4, 8)
        for x in (full, full[:, ::2], full.T, np.asfortranarray(full)):
            x = x.copy(order="K") if x is full else x
            before = x.copy()
            x.flags.writeable = False
            if not act.is_vector:
                x0 = np.array(x[0, 0])
                x0.flags.writeable = False
                act(x0), act.derivative(x0, 2)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                outs = list(_evaluations(act, x))
            assert np.array_equal(x, before, equal_nan=True) and x.dtype == before.dtype
            for what, y in outs:  # nor handed back, for the caller to write through
                assert not np.shares_memory(y, x), what


def test_cli_softmax_at_a_huge_temperature_works(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    for spec in (
        "softmax:temperature=1e300",
        "softmin:temperature=1e-300",
        "log_softmax:temperature=1.797e308",
    ):
        out = tmp_path / f"{spec.split(':')[0]}.png"
        result = cli("show", spec, "-o", str(out))
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 0


def test_cli_refuses_a_beta_below_the_bound_in_one_line(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    out = tmp_path / "x.png"
    result = cli("show", "softplus:beta=5e-324", "-o", str(out))
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "beta must be >= 1e-300" in lines[0] and "5e-324" in lines[0]
    assert not out.exists()


# Combinations the property-based test found.


@pytest.mark.parametrize("dtype", DTYPES, ids=lambda d: d.__name__)
@pytest.mark.parametrize(
    ("beta", "threshold"), [(2.0, 8.98846567431158e307), (4.0, 5e-324), (1e-300, 1e300)]
)
def test_softplus_extreme_threshold_with_beta(beta: float, threshold: float, dtype: type) -> None:
    act = actplot.get("softplus", beta=beta, threshold=threshold)
    _check(act, dtype)
    y, d = act.value_and_derivative(np.array([-np.inf, np.inf], dtype=dtype))
    assert list(y) == [0, np.inf] and list(d) == [0, 1]


def test_maxout_breakpoint_beyond_the_float_range() -> None:
    """Slopes 0 and 1e-310: the pieces cross at x = −1e310, beyond every float. f′ takes the
    limit piece at ±inf, and no kink is reported."""
    values = {f"w{i}": 0.0 for i in range(1, 4)} | {f"b{i}": 0.0 for i in range(1, 4)}
    act = actplot.get("maxout", k=4, **values, w4=1e-310, b4=1.0)
    for dtype in DTYPES:
        _check(act, dtype)
    x = np.array([-np.inf, -1e308, 0.0, 1e308, np.inf])
    assert list(act.derivative(x)) == [0.0, 1e-310, 1e-310, 1e-310, 1e-310]
    assert act(x)[0] == 0 and act(x)[2] == 1 and act.kinks == ()


@pytest.mark.parametrize(
    "text",
    [
        "softmax(x, temperature=1e300) * 2",
        "x * softmax(x, temperature=1e-300)",
        "log_softmax(x, temperature=5e-324) + softmin(x, temperature=1.797e308)",
    ],
)
def test_softmax_temperatures_through_a_formula(text: str) -> None:
    act = actplot.parse(text)
    old = np.seterr(all="raise")
    try:
        for dtype in DTYPES:
            x = _edge_inputs(dtype, False)
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                for order in (0, 1, 2):
                    y = act.profile(x, order)
                    assert y.dtype == dtype
                    assert not np.isnan(y[~np.isnan(x)]).any(), (order, x[np.isnan(y)])
    finally:
        np.seterr(**old)


def test_a_switch_beyond_the_floats_is_no_kink() -> None:
    """softplus switches to x at threshold/β: 1e300/1e-300 lies beyond every float."""
    assert actplot.get("softplus", beta=1e-300, threshold=1e300).kinks == ()
    assert actplot.get("softplus", beta=2.0, threshold=3.0).kinks == (1.5,)
