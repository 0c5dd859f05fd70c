"""Gated (two-input) units against mpmath, at their limits, kinks and parameter ends.

Parametrized over ``registry.names(kinds=("gated",))``: a new gated unit is covered by adding
its reference to tests/mpref/gated.py. Values and all five partials (f_a, f_b, f_aa, f_ab,
f_bb) are compared with mpmath (50 digits, finite differences with a step relative to the
point) to 1e-7 relative, with an absolute floor of a few subnormal units times max(1, |b|):
a gate factor that is itself subnormal keeps its absolute error, and b scales it.
At infinite inputs the reference is the iterated limit, a first and then b, evaluated with a
= ±10^1000 and b = ±10^400 (mpmath has no overflow), so 0·inf is 0 where the gate is 0.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import mpmath
import numpy as np
import pytest
from mpmath import mpf
from mpref.gated import GATED_REFERENCES

import actplot
from actplot import registry
from actplot.errors import KindError, ParameterError
from actplot.model import GatedActivation

GATED = registry.names(kinds=("gated",))
BUILTIN = registry.builtin_names(kinds=("gated",))
PARTS = ("f", "f_a", "f_b", "f_aa", "f_ab", "f_bb")

# Points of b where a unit's partials jump (the spec's kinks are values of a).
B_KINKS: dict[str, Callable[[dict], tuple[float, ...]]] = {
    "swiglu_oai": lambda p: (-p["limit"], p["limit"]),
}

A_GRID = [-1e300, -740.0, -30.0, -3.0, -1.0, -0.25, -1e-300, -5e-324, -0.0, 0.0, 5e-324,
          1e-300, 2.2e-308, 1e-8, 0.5, 1.0, 2.5, 7.0, 30.0, 1e300]  # fmt: skip
B_GRID = [-1e300, -7.5, -1.0, -1e-300, -0.0, 0.0, 5e-324, 0.3, 2.0, 1e300]
SPECIAL = [-math.inf, -1e300, -1.0, -0.0, 0.0, 5e-324, 1.0, 1e300, math.inf]


@contextmanager
def strict() -> Iterator[None]:
    """Any warning is an error (the numerics promise none)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def near(points: tuple[float, ...]) -> list[float]:
    """Each point and its neighbourhood on both sides."""
    out = []
    for k in points:
        for d in (1e-9, 1e-3):
            step = d * max(1.0, abs(k))
            out += [k - step, k + step]
    return out


def grid(name: str, act: GatedActivation) -> list[tuple[float, float]]:
    """(a, b) pairs of the grid and around the kinks, leaving out the kinks themselves."""
    a_kinks = act.kinks
    b_kinks = B_KINKS.get(name, lambda p: ())(act.params)
    a_vals = [a for a in A_GRID + near(a_kinks) if a not in a_kinks]
    b_vals = [b for b in B_GRID + near(b_kinks) if b not in b_kinks]
    return [(a, b) for a in a_vals for b in b_vals]


def _step(x: mpf) -> mpf:
    return abs(x) * mpf(2) ** -64 if x else mpf(2) ** -64


def _digits(*xs: float) -> int:
    """80 digits, and as many more as a tiny coordinate needs for 1 + x to keep its step."""
    tiny = [x for x in xs if x and abs(x) < 1]
    return 80 + (math.ceil(-math.log10(min(abs(x) for x in tiny))) if tiny else 0)


def reference(name: str, a: float, b: float, params: dict) -> dict[str, tuple[mpf, mpf]]:
    """f and its five partials from the textbook formula, each with its error bound: central
    differences on a 3×3 stencil with steps 2^-64 relative to the point (the O(h²) error is
    ~1e-38 relative), at enough digits that the rounding left after a second difference,
    10^-(digits - 5)·|f|/h², is far below the tolerance."""
    ref = GATED_REFERENCES[name]
    with mpmath.workdps(_digits(a, b)):
        A, B = mpf(a), mpf(b)
        ha, hb = _step(A), _step(B)
        v = {(i, j): ref(A + i * ha, B + j * hb, **params) for i in (-1, 0, 1) for j in (-1, 0, 1)}
        noise = max(abs(x) for x in v.values()) * mpf(10) ** (5 - mpmath.mp.dps)
        return {
            "f": (+v[0, 0], 0 * noise),
            "f_a": ((v[1, 0] - v[-1, 0]) / (2 * ha), noise / ha),
            "f_b": ((v[0, 1] - v[0, -1]) / (2 * hb), noise / hb),
            "f_aa": ((v[1, 0] - 2 * v[0, 0] + v[-1, 0]) / ha**2, noise / ha**2),
            "f_ab": (
                (v[1, 1] - v[1, -1] - v[-1, 1] + v[-1, -1]) / (4 * ha * hb),
                noise / (ha * hb),
            ),
            "f_bb": ((v[0, 1] - 2 * v[0, 0] + v[0, -1]) / hb**2, noise / hb**2),
        }


def computed(act: GatedActivation, a: np.ndarray, b: np.ndarray) -> dict[str, np.ndarray]:
    """Every part by the separate calls, after checking that value_and_derivative agrees:
    the partials to the bit, f to a few ulp (its fused gate may round differently)."""
    with strict():
        f = act(a, b)
        fa, fb = act.derivative(a, b)
        faa, fab, fbb = act.derivative(a, b, order=2)
        f1, (fa1, fb1) = act.value_and_derivative(a, b)
    np.testing.assert_array_equal(fa1, fa)
    np.testing.assert_array_equal(fb1, fb)
    assert f1.dtype == f.dtype and f1.shape == f.shape
    info = np.finfo(f.dtype)
    scale = np.maximum(1.0, np.abs(np.broadcast_to(b, f.shape).astype(np.float64)))
    with np.errstate(invalid="ignore"):  # inf − inf where both are inf: equal_nan handles it
        err = np.abs(f1.astype(np.float64) - f.astype(np.float64))
        bound = 8 * info.eps * np.abs(f.astype(np.float64)) + 16 * info.tiny * scale
    same = (f1 == f) | (np.isnan(f1) & np.isnan(f)) | (err <= bound)
    assert same.all(), (a[~same], b[~same] if np.ndim(b) else b, f1[~same], f[~same])
    return dict(zip(PARTS, (f, fa, fb, faa, fab, fbb), strict=True))


def check(
    got: float, want: tuple[mpf, mpf], b: float, dtype: type, rtol: float, where: str
) -> None:
    """got against the reference to `rtol`, with an absolute floor: the reference's own error
    bound, and a gate factor below the smallest normal float (flushed to 0 by the gates'
    kernels: σ(a) for a < −708) times max(1, |b|)."""
    w = float(want[0])
    if dtype is np.float32:
        with np.errstate(over="ignore"):
            w = float(np.float32(w))
    floor = float(np.finfo(dtype).tiny) * max(1.0, abs(b)) + float(want[1])
    if math.isinf(w) or math.isinf(got):
        assert got == w, where
        return
    assert abs(got - w) <= rtol * abs(w) + floor, f"{where}: got {got!r}, want {w!r}"


def params_of(act: GatedActivation) -> dict:
    return dict(act.params)


def compare(act: GatedActivation, pairs: list[tuple[float, float]], dtype: type) -> None:
    rtol = 1e-7 if dtype is np.float64 else 2e-5
    a = np.array([p[0] for p in pairs], dtype=dtype)
    b = np.array([p[1] for p in pairs], dtype=dtype)
    b_kinks = B_KINKS.get(act.name, lambda p: ())(act.params)
    keep = ~np.isin(a, act.kinks) & ~np.isin(b, b_kinks)  # rounding may land on a kink
    a, b = a[keep], b[keep]
    got = computed(act, a, b)
    for part in PARTS:
        assert got[part].dtype == dtype
    for i in range(a.size):
        want = reference(act.name, float(a[i]), float(b[i]), params_of(act))
        for part in PARTS:
            where = f"{act.label} {part} at a={a[i]!r}, b={b[i]!r}"
            check(float(got[part][i]), want[part], float(b[i]), dtype, rtol, where)


# ---- the registry's entries ------------------------------------------------------------


def test_the_gated_family_is_there() -> None:
    assert {"glu", "bilinear", "reglu", "geglu", "swiglu", "seglu", "swiglu_oai",
            "fatrelu_glu"} <= set(BUILTIN)  # fmt: skip
    assert set(registry.names(family="gated")) == set(GATED)


@pytest.mark.parametrize("name", BUILTIN)
def test_has_an_independent_reference(name: str) -> None:
    assert name in GATED_REFERENCES, f"add an mpmath reference for {name} to tests/mpref/gated"


@pytest.mark.parametrize("name", GATED)
def test_every_documented_field_is_filled(name: str) -> None:
    spec = actplot.spec(name)
    act = actplot.get(name)
    assert act.kind == spec.kind == "gated" and spec.family == "gated"
    for field in ("formula", "derivative_formula", "text", "diagonal_text", "kink_rule",
                  "reference", "use"):  # fmt: skip
        assert getattr(spec, field).strip(), field
    assert spec.formula.startswith("$") and spec.derivative_formula.startswith("$")
    assert spec.pros and spec.cons
    assert set(spec.frameworks) == {"torch", "jax", "keras"}
    assert actplot.spec(spec.gate).kind == "elementwise"  # the gate is a registry function
    for p in spec.params:
        assert p.doc and p.coerce(p.default, name) == p.default


@pytest.mark.parametrize("name", [n for n in GATED if actplot.spec(n).diagonal])
def test_the_diagonal_is_the_named_function(name: str) -> None:
    """glu's diagonal is silu, reglu's relu2: f(x, x) equals them."""
    act = actplot.get(name)
    diag = actplot.get(act.spec.diagonal)
    x = np.array([-1e300, -30.0, -2.0, -0.5, -0.0, 0.0, 1e-300, 0.5, 2.0, 30.0, 1e150])
    with strict():
        np.testing.assert_allclose(act.diagonal(x), diag(x), rtol=1e-15, atol=0)


@pytest.mark.parametrize("name", BUILTIN)
def test_the_gate_is_the_named_function(name: str) -> None:
    """f(a, 1) is the gate g(a) for the product units (swiglu_oai: g·σ(αg)·2 below L)."""
    act = actplot.get(name)
    if name == "swiglu_oai":
        a = np.linspace(-20, 6.9, 50)
        g = actplot.get("silu", beta=act.params["alpha"])
        np.testing.assert_allclose(act(a, 1.0), 2 * g(a), rtol=1e-15)
        return
    a = np.linspace(-5, 5, 41)
    extra = {k: v for k, v in act.params.items() if k in actplot.spec(act.spec.gate).defaults}
    gate = actplot.get(act.spec.gate, **extra)
    if name == "fatrelu_glu":
        gate = actplot.get("threshold", threshold=act.params["threshold"], value=0.0)
    np.testing.assert_array_equal(act(a, 1.0), gate(a))
    np.testing.assert_array_equal(act.derivative(a, 1.0)[0], gate.derivative(a))


# ---- values and partials -----------------------------------------------------------------


@pytest.mark.parametrize("name", GATED)
def test_values_and_partials_match_mpmath(name: str) -> None:
    act = actplot.get(name)
    compare(act, grid(name, act), np.float64)


@pytest.mark.parametrize("name", GATED)
def test_float32_is_accurate_and_stays_float32(name: str) -> None:
    act = actplot.get(name)
    finite32 = [(a, b) for a, b in grid(name, act) if abs(a) < 3e38 and abs(b) < 3e38]
    compare(act, finite32, np.float32)


def _grows(x1: mpf, x2: mpf) -> bool:
    return abs(x2) > 2 * abs(x1)


def _clean(parts: dict[str, tuple[mpf, mpf]]) -> dict[str, mpf]:
    """The values, with those within their error bound (a difference of rounding) as 0."""
    return {k: v if abs(v) > err else mpf(0) for k, (v, err) in parts.items()}


def _lim_a(name: str, a: float, b: float | mpf, params: dict) -> dict[str, mpf]:
    """Each part at a, or for a = ±inf its limit: the value at ±10^321 where it is bounded
    (the gates' tails are exponential, so that is the limit to any digits), ±inf where it
    grows from ±10^320 to there."""
    if not math.isinf(a):
        return _clean(reference(name, a, b, params))
    s = math.copysign(1, a)
    q1 = _clean(reference(name, s * mpf(10) ** 320, b, params))
    q2 = _clean(reference(name, s * mpf(10) ** 321, b, params))
    return {
        k: mpf(math.copysign(math.inf, q2[k])) if _grows(q1[k], q2[k]) else q2[k] for k in PARTS
    }


def limit(name: str, a: float, b: float, params: dict) -> dict[str, float]:
    """Each part's iterated limit, a first and then b, as a float: for b = ±inf, a part
    bounded in b is its a-limit at b = ±10^311, and one that grows is its a-limit at b = ±1
    times ±inf, 0 where that is 0 in floats (the documented rule)."""
    if not math.isinf(b):
        return {k: float(v) for k, v in _lim_a(name, a, b, params).items()}
    s = math.copysign(1.0, b)
    q1 = _lim_a(name, a, s * mpf(10) ** 310, params)
    q2 = _lim_a(name, a, s * mpf(10) ** 311, params)
    unit = _lim_a(name, a, s, params)
    out = {}
    for k in PARTS:
        if not _grows(q1[k], q2[k]):
            out[k] = float(q2[k])
        else:
            part = float(unit[k])
            out[k] = 0.0 if part == 0 else math.copysign(math.inf, part)
    return out


@pytest.mark.parametrize("name", GATED)
def test_infinite_inputs_are_the_iterated_limits(name: str) -> None:
    """a = ±inf first, then b = ±inf: a gate factor that is 0 in floats times b = ±inf is 0."""
    act = actplot.get(name)
    # Not a kink (pinned below), nor a = 5e-324, where the gate's exact value is half the
    # smallest subnormal: whether it rounds to 0 (and the product with inf to 0) is a tie.
    a_vals = [a for a in SPECIAL if a not in act.kinks and a != 5e-324]
    pairs = [(a, b) for a in a_vals for b in SPECIAL if math.isinf(a) or math.isinf(b)]
    got = computed(act, np.array([p[0] for p in pairs]), np.array([p[1] for p in pairs]))
    for i, (a, b) in enumerate(pairs):
        want = limit(name, a, b, params_of(act))
        for part in PARTS:
            where = f"{name} {part} at a={a}, b={b}"
            assert not np.isnan(got[part][i]), where
            check(float(got[part][i]), (mpf(want[part]), mpf(0)), 1.0, np.float64, 1e-7, where)


@pytest.mark.parametrize("name", GATED)
def test_no_nan_and_no_warning_for_any_non_nan_input(name: str) -> None:
    act = actplot.get(name)
    vals = np.array(SPECIAL + [-1e-310, 1e-310, 1e308, -1e308, 7.0, -7.0, -745.0, 710.0])
    a, b = np.meshgrid(vals, vals)
    for dtype in (np.float64, np.float32):
        with np.errstate(over="ignore"):
            a32, b32 = a.astype(dtype), b.astype(dtype)
        for part, y in computed(act, a32, b32).items():
            assert not np.isnan(y).any(), part
    a_nan = np.array([np.nan, 1.0, np.nan, np.inf])
    b_nan = np.array([1.0, np.nan, np.nan, np.nan])
    for part, y in computed(act, a_nan, b_nan).items():
        assert np.isnan(y).all(), part


@pytest.mark.parametrize("name", GATED)
def test_parameters_at_their_range_ends(name: str) -> None:
    spec = actplot.spec(name)
    settings: list[dict] = []
    for p in spec.params:
        if p.choices:
            settings += [{p.name: c} for c in p.choices]
            continue
        lo, hi = p.slider_range(float(p.default))
        settings += [{p.name: lo}, {p.name: hi}]
        if p.bounds.lo == 0 and not p.bounds.lo_closed:
            settings.append({p.name: 1e-3})
    pairs = [(a, b) for a in (-3.0, -0.7, 0.4, 2.0, 9.0) for b in (-9.0, -0.5, 1.5)]
    for setting in settings:
        act = actplot.get(name, **setting)
        keep = [(a, b) for a, b in pairs if a not in act.kinks]
        compare(act, keep, np.float64)
        inf_grid = np.array(SPECIAL)
        for part, y in computed(act, inf_grid, inf_grid[::-1]).items():
            assert not np.isnan(y).any(), (setting, part)


# ---- kinks -------------------------------------------------------------------------------

SELU_LA = 1.0507009873554804934193349852946 * 1.6732632423543772848170429916717


def _silu_d1(x: float, beta: float) -> float:
    s = 1 / (1 + math.exp(-beta * x))
    return s * (1 + beta * x * (1 - s))


def _silu_d2(x: float, beta: float) -> float:
    s = 1 / (1 + math.exp(-beta * x))
    return beta * s * (1 - s) * (2 + beta * x * (1 - 2 * s))


# (name, params, a, b) -> (f, f_a, f_b, f_aa, f_ab, f_bb): PyTorch's one-sided conventions.
L, AL = 7.0, 1.702
SILU_L = L / (1 + math.exp(-AL * L))
PINNED = {
    ("reglu", (), 0.0, 3.0): (0.0, 0.0, 0.0, 0.0, 0.0, 0.0),
    ("reglu", (), -0.0, -2.0): (0.0, 0.0, 0.0, 0.0, 0.0, 0.0),
    ("seglu", (), 0.0, 3.0): (0.0, 3 * SELU_LA, 0.0, 0.0, SELU_LA, 0.0),
    ("fatrelu_glu", (), 0.0, 3.0): (0.0, 0.0, 0.0, 0.0, 0.0, 0.0),
    ("fatrelu_glu", (("threshold", 1.0),), 1.0, 3.0): (0.0, 0.0, 0.0, 0.0, 0.0, 0.0),
    ("fatrelu_glu", (("threshold", 1.0),), 1.5, 3.0): (4.5, 3.0, 1.5, 0.0, 1.0, 0.0),
    ("swiglu_oai", (), L, 2.0): (
        3 * SILU_L, 3 * _silu_d1(L, AL), SILU_L, 3 * _silu_d2(L, AL), _silu_d1(L, AL), 0.0),
    ("swiglu_oai", (), 3.0, L): (
        (L + 1) * 3 / (1 + math.exp(-AL * 3)), (L + 1) * _silu_d1(3.0, AL),
        3 / (1 + math.exp(-AL * 3)), (L + 1) * _silu_d2(3.0, AL), _silu_d1(3.0, AL), 0.0),
    ("swiglu_oai", (), 3.0, -L): (
        (1 - L) * 3 / (1 + math.exp(-AL * 3)), (1 - L) * _silu_d1(3.0, AL),
        3 / (1 + math.exp(-AL * 3)), (1 - L) * _silu_d2(3.0, AL), _silu_d1(3.0, AL), 0.0),
    ("swiglu_oai", (), 8.0, 9.0): (8 * SILU_L, 0.0, 0.0, 0.0, 0.0, 0.0),
}  # fmt: skip


@pytest.mark.parametrize("key", list(PINNED), ids=lambda k: f"{k[0]}{dict(k[1])}@{k[2]},{k[3]}")
def test_kink_values_are_pinned(key) -> None:
    name, params, a, b = key
    got = computed(actplot.get(name, **dict(params)), np.array([a]), np.array([b]))
    for part, want in zip(PARTS, PINNED[key], strict=True):
        np.testing.assert_allclose(got[part][0], want, rtol=1e-10, atol=0, err_msg=part)


@pytest.mark.parametrize("name", BUILTIN)
def test_every_kink_is_pinned(name: str) -> None:
    act = actplot.get(name)
    pinned = {(k[2], k[3]) for k in PINNED if k[0] == name and not k[1]}
    for k in act.kinks:
        assert any(a == k for a, _ in pinned), f"pin {name}'s values at a = {k} in PINNED"
    for k in B_KINKS.get(name, lambda p: ())(act.params):
        assert any(b == k for _, b in pinned), f"pin {name}'s values at b = {k} in PINNED"


# ---- shapes, dtypes, broadcasting, split ---------------------------------------------------


@pytest.mark.parametrize("name", GATED)
def test_broadcasting_and_dtypes(name: str) -> None:
    act = actplot.get(name)
    a = np.linspace(-3, 3, 6).reshape(3, 2, 1)
    b = np.linspace(-2, 2, 4)
    a0, b0 = a.copy(), b.copy()
    out = act(a, b)
    assert out.shape == (3, 2, 4) and out.dtype == np.float64
    aa, bb = np.broadcast_arrays(a, b)
    np.testing.assert_array_equal(out, act(aa.ravel(), bb.ravel()).reshape(3, 2, 4))
    for part in act.derivative(a, b) + act.derivative(a, b, order=2):
        assert part.shape == (3, 2, 4) and part.dtype == np.float64
        part[...] = 99.0  # independent, writable outputs
    np.testing.assert_array_equal(a, a0)
    np.testing.assert_array_equal(b, b0)
    f32 = np.float32
    assert act(a.astype(f32), b.astype(f32)).dtype == f32
    assert act(a.astype(f32), 2.0).dtype == f32  # a Python number adapts
    assert act(a.astype(f32), b).dtype == np.float64
    assert act(np.arange(3), np.arange(3)).dtype == np.float64
    assert act(1.0, 2.0).shape == () and float(act(1.0, 2.0)) == float(act([1.0], [2.0])[0])
    with pytest.raises(ParameterError, match="do not broadcast"):
        act(np.zeros(3), np.zeros(4))
    with pytest.raises(ParameterError, match="order"):
        act.derivative(1.0, 1.0, order=3)


SLICES = {
    "second": lambda x, d: (x[..., d:], x[..., :d]),
    "first": lambda x, d: (x[..., :d], x[..., d:]),
    "interleaved": lambda x, d: (x[..., ::2], x[..., 1::2]),
}


@pytest.mark.parametrize("name", GATED)
def test_split_follows_the_convention(name: str) -> None:
    act = actplot.get(name)
    x = np.random.default_rng(7).normal(size=(2, 3, 8))
    a, b = act.split(x)
    want_a, want_b = SLICES[act.spec.split](x, 4)
    np.testing.assert_array_equal(a, want_a)
    np.testing.assert_array_equal(b, want_b)
    assert np.shares_memory(a, x)  # views, not copies
    np.testing.assert_array_equal(act(*act.split(x)), act(want_a, want_b))
    for bad in (np.zeros((2, 3)), np.float64(1.0)):
        with pytest.raises(ParameterError, match="even last axis"):
            act.split(bad)


def test_glu_of_the_split_is_torchs_glu() -> None:
    """F.glu(x) = x₁·σ(x₂) with x₁ the first half: computed here in NumPy."""
    glu = actplot.get("glu")
    x = np.random.default_rng(3).normal(0, 4, size=(5, 10))
    x1, x2 = x[..., :5], x[..., 5:]
    np.testing.assert_allclose(glu(*glu.split(x)), x1 / (1 + np.exp(-x2)), rtol=1e-15)


def test_swiglu_oai_is_gpt_oss_reference_code() -> None:
    """gpt-oss's swiglu(x): x_glu, x_linear = x[..., ::2], x[..., 1::2], clamped, (u + 1)."""
    act = actplot.get("swiglu_oai")
    x = np.random.default_rng(5).normal(0, 6, size=(4, 12))
    g = np.minimum(x[..., ::2], 7.0)
    u = np.clip(x[..., 1::2], -7.0, 7.0)
    np.testing.assert_allclose(act(*act.split(x)), g / (1 + np.exp(-1.702 * g)) * (u + 1), 1e-14)


@pytest.mark.parametrize("name", BUILTIN)
def test_declared_range_holds(name: str) -> None:
    act = actplot.get(name)
    v = np.concatenate([np.linspace(-12, 12, 97), [-1e3, 1e3, -np.inf, np.inf]])
    a, b = np.meshgrid(v, v)
    y = act(a, b)
    r = act.spec.range
    assert np.all((y >= r.lo) & (y <= r.hi))
    if r.bounded:  # the ends are attained (swiglu_oai: at a >= L, b = ±L)
        assert np.isclose(y.min(), r.lo, rtol=1e-12) and np.isclose(y.max(), r.hi, rtol=1e-12)


# ---- commands that take no gated unit --------------------------------------------------


def test_require_kind_names_the_kind_in_one_line() -> None:
    from actplot.model.gated import require_kind

    with pytest.raises(KindError) as err:
        require_kind(actplot.get("swiglu"), ("elementwise", "vector"), "gradflow")
    assert "\n" not in str(err.value) and "gated" in str(err.value)


@pytest.mark.parametrize(
    "args",
    [
        ["gradflow", "swiglu", "--depth", "3", "--width", "8", "--batch", "8"],
        ["train", "glu"],
        ["criticality", "reglu"],
    ],
    ids=["gradflow", "train", "criticality"],
)
def test_commands_that_take_no_gated_unit_say_so(cli, args) -> None:
    done = cli(*args)
    assert done.exit_code == 2, done.output
    lines = [ln for ln in done.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "gated" in lines[0] and "Traceback" not in done.output, lines


def test_a_split_convention_can_be_chosen_and_a_spelling_brings_its_own() -> None:
    """vLLM's mul_and_silu is swiglu with the second half the gate: x[:d] * silu(x[d:])."""
    x = np.array([[1.0, -2.0, 0.5, 3.0]])
    d = x.shape[-1] // 2
    want = x[..., :d] * x[..., d:] / (1 + np.exp(-x[..., d:]))
    act = actplot.get("mul_and_silu")
    np.testing.assert_allclose(act(*act.split(x)), want, rtol=1e-15)
    assert act.label == "swiglu(split=second)" and act.split_convention == "second"
    assert act != actplot.get("swiglu") and act == actplot.parse("swiglu:split=second")
    assert act.with_label("MulAndSilu").split_convention == "second"
    assert actplot.get(act, beta=2.0).split_convention == "second"
    own = actplot.get("swiglu", split="first")  # its own convention: nothing changes
    assert own == actplot.get("swiglu") and own.label == "swiglu"
    with pytest.raises(actplot.ParameterError, match="split must be one of"):
        actplot.get("swiglu", split="third")
    with pytest.raises(actplot.ParameterError, match="the name fixes split=second"):
        actplot.parse("mul_and_silu:split=first")
