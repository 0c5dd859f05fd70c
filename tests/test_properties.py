"""The computed properties: true for every registry entry, equal to the declared metadata,
and equal to closed forms and Monte Carlo estimates where those exist."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from conftest import ONE_INPUT

import actplot
from actplot import registry
from actplot.compute.continuity import continuity
from actplot.compute.gradient_stats import gradient_stats
from actplot.compute.kinds import Monotonic, Smoothness
from actplot.compute.properties import Properties, from_json, properties, to_json
from actplot.model import ActivationSpec, Interval

NAMES = actplot.names(kinds=ONE_INPUT)
SQRT_2PI = math.sqrt(2 * math.pi)


@pytest.fixture(scope="module")
def props() -> dict[str, Properties]:
    return {name: properties(actplot.get(name)) for name in NAMES}


def _spec(name: str, f, d1, d2, **kw) -> actplot.Activation:
    """An unregistered activation, for shapes the registry may not have."""
    fields = dict(
        name=name, family="other", forward=f, d1=d1, d2=d2, formula="$x$",
        derivative_formula="$1$", text="x", range=Interval(-math.inf, math.inf),
        kink_rule="", reference="", pros=(), cons=(), use="",
    )  # fmt: skip
    return ActivationSpec(**{**fields, **kw}).bind()


# ---- the declared metadata against the computation -------------------------------------


# a plugin's range is its claim
@pytest.mark.parametrize("name", registry.builtin_names(kinds=ONE_INPUT))
def test_declared_range_is_the_computed_range(name: str, props: dict[str, Properties]) -> None:
    declared, got = actplot.spec(name).range, props[name].range
    for want, have in ((declared.lo, got.lo), (declared.hi, got.hi)):
        assert have == pytest.approx(want, rel=1e-6, abs=1e-9), (declared, got)
    assert (got.lo_closed, got.hi_closed) == (declared.lo_closed, declared.hi_closed), (
        f"declared {declared}, computed {got}"
    )


@pytest.mark.parametrize("name", NAMES)
def test_every_jump_of_f_or_f_prime_is_a_declared_kink(name: str) -> None:
    act = actplot.get(name)
    marks = (*act.kinks, *act.jumps)
    found = continuity(act).points
    for x in (*found[0], *found[1]):
        assert any(abs(x - k) <= 1e-9 * max(1.0, abs(k)) for k in marks), (x, marks)
    for x in found[0]:
        assert any(abs(x - k) <= 1e-9 * max(1.0, abs(k)) for k in act.jumps), (x, act.jumps)


@pytest.mark.parametrize("name", NAMES)
def test_json_round_trip(name: str, props: dict[str, Properties]) -> None:
    assert from_json(to_json(props[name])) == props[name]


# ---- individual properties -----------------------------------------------------------


@pytest.mark.parametrize(
    "name, smooth",
    [("relu", "C0"), ("selu", "C0"), ("hardswish", "C0"), ("elu", "C1"), ("celu", "C1"),
     ("softsign", "C1"), ("sparse_plus", "C1"), ("isrlu", "C2"), ("tanh", "Cinf"),
     ("gelu", "Cinf"), ("softplus", "Cinf"), ("binary_step", "discontinuous"),
     ("hardshrink", "discontinuous")],
)  # fmt: skip
def test_smoothness(name: str, smooth: str, props: dict[str, Properties]) -> None:
    assert props[name].smoothness is Smoothness(smooth)


def test_smoothness_sorts_from_least_to_most_smooth() -> None:
    order = ["discontinuous", "C0", "C1", "C2", "Cinf"]
    assert sorted(Smoothness, key=lambda s: s.rank) == [Smoothness(v) for v in order]


def test_a_real_jump_is_found_but_a_threshold_switch_is_not() -> None:
    # PyTorch's softplus switches to x at beta*x > threshold: a 2e-9 step at 20, 0.31 at 1.
    assert properties(actplot.get("softplus")).smoothness is Smoothness.CINF
    assert properties(actplot.get("softplus", threshold=1)).smoothness is Smoothness.DISCONTINUOUS
    # An undeclared kink is found all the same.
    act = _spec("abs", np.abs, np.sign, np.zeros_like)
    cont = continuity(act)
    assert cont.smoothness is Smoothness.C0
    assert cont.points[1] == pytest.approx((0.0,), abs=1e-12)


def test_a_kink_of_f_second_derivative_makes_c2() -> None:
    def d2(x):
        return np.where(x > 1, 6 * (x - 1), 0.0)  # f = (x−1)³ for x > 1: f''' jumps at 1

    act = _spec("cubic", lambda x: np.where(x > 1, (x - 1) ** 3, 0.0) + x,
                lambda x: np.where(x > 1, 3 * (x - 1) ** 2, 0.0) + 1, d2)  # fmt: skip
    cont = continuity(act)
    assert cont.smoothness is Smoothness.C2
    assert cont.points[3] == pytest.approx((1.0,), abs=1e-6)


@pytest.mark.parametrize(
    "name, interval",
    [("sigmoid", "(0, 1)"), ("tanh", "(−1, 1)"), ("relu", "[0, ∞)"), ("relu6", "[0, 6]"),
     ("selu", "(−1.7581, ∞)"), ("gaussian", "(0, 1]"), ("hardtanh", "[−1, 1]"),
     ("softplus", "(0, ∞)"), ("logsigmoid", "(−∞, 0)"), ("binary_step", "[0, 1]")],
)  # fmt: skip
def test_range_text(name: str, interval: str, props: dict[str, Properties]) -> None:
    assert str(props[name].range) == interval


def test_interior_extremes_are_refined(props: dict[str, Properties]) -> None:
    # Minima of x·σ(x), x·tanh(softplus(x)), x·Φ(x) (mpmath): closed, at an interior point.
    for name, low in (
        ("silu", -0.2784645427610738),
        ("mish", -0.3088434130172504),
        ("gelu", -0.1699712074799037),
    ):
        r = props[name].range
        assert r.lo_closed and r.lo == pytest.approx(low, rel=1e-12), name


def test_selu_lower_bound_is_only_approached(props: dict[str, Properties]) -> None:
    r = props["selu"].range
    assert not r.lo_closed and r.lo == pytest.approx(-1.0507009873554805 * 1.6732632423543772)


def test_monotonic(props: dict[str, Properties]) -> None:
    assert props["relu"].monotonic is Monotonic.INCREASING
    assert props["softplus"].monotonic is Monotonic.INCREASING  # despite the step at 20
    assert props["binary_step"].monotonic is Monotonic.INCREASING  # a jump upwards
    assert props["softmin"].monotonic is Monotonic.DECREASING
    for name in ("mish", "gelu", "silu", "gaussian", "sinusoid"):
        assert props[name].monotonic is Monotonic.NEITHER, name
        assert not props[name].monotonic.either


@pytest.mark.parametrize(
    "name, zero",
    [("tanh", True), ("softsign", True), ("hardtanh", True), ("selu", True),
     ("sigmoid", False), ("relu", False), ("softplus", False), ("elu", False)],
)  # fmt: skip
def test_zero_centred_as_defined(name: str, zero: bool, props: dict[str, Properties]) -> None:
    p = props[name]
    assert p.zero_centered is zero
    assert p.zero_centered == (p.odd or abs(p.mean) <= 0.1 * p.std)


def test_odd(props: dict[str, Properties]) -> None:
    assert {n for n in ("tanh", "softsign", "hardtanh", "identity") if props[n].odd} == {
        "tanh", "softsign", "hardtanh", "identity"
    }  # fmt: skip
    assert not props["relu"].odd and not props["sigmoid"].odd and not props["gelu"].odd


def test_identity_near_origin(props: dict[str, Properties]) -> None:
    yes = {n for n in NAMES if props[n].identity_near_origin}
    assert {"identity", "tanh", "elu", "softsign", "hardtanh"} <= yes
    assert not {"relu", "selu", "silu", "gelu", "sigmoid", "leaky_relu"} & yes


def test_saturation_crossings(props: dict[str, Properties]) -> None:
    tanh_x = math.atanh(math.sqrt(0.95))  # 1 − tanh² = 0.05
    s = (1 + math.sqrt(0.8)) / 2  # σ(1 − σ) = 0.05
    sigmoid_x = math.log(s / (1 - s))
    for name, x in (("tanh", tanh_x), ("sigmoid", sigmoid_x)):
        r = props[name].regions
        assert r.left == pytest.approx(-x, rel=1e-9)
        assert r.right == pytest.approx(x, rel=1e-9)
        assert r.saturated == (Interval(-math.inf, r.left), Interval(r.right, math.inf))
    relu = props["relu"].regions
    assert relu.left == pytest.approx(0, abs=1e-12) and relu.right is None
    assert props["identity"].regions.saturated == ()
    assert props["sinusoid"].regions.right is None  # |cos| keeps returning above 0.05
    step = props["binary_step"].regions  # saturated everywhere: one region, no onsets
    assert step.everywhere and step.saturated == (Interval(),)
    assert step.left is None and step.right is None


def test_saturation_is_a_tail_not_an_interior_dip(props: dict[str, Properties]) -> None:
    # gelu′ crosses 0 at its minimum (x ≈ −0.75), the Gaussian′ at its top (0), sinc′ at
    # every wave: |f′| < 0.05 there too, but only the tails out to ±∞ count.
    gelu = props["gelu"].regions
    assert gelu.right is None and gelu.saturated == (Interval(-math.inf, gelu.left),)
    assert -3 < gelu.left < -2
    gaussian = props["gaussian"].regions
    assert [r.lo for r in gaussian.saturated] == [-math.inf, gaussian.right]
    assert gaussian.left == pytest.approx(-gaussian.right) and 2 < gaussian.right < 2.2
    sinc = props["sinc"].regions
    assert sinc.right is not None and sinc.right > 15  # past the waves steeper than 0.05


def test_dead_regions(props: dict[str, Properties]) -> None:
    def dead(name: str) -> list[tuple[float, float]]:
        return [(r.lo, r.hi) for r in props[name].regions.dead]

    assert dead("relu") == [(-math.inf, 0.0)]
    assert dead("relu6") == [(-math.inf, 0.0), (6.0, math.inf)]
    assert dead("softshrink") == [(-0.5, 0.5)]
    assert props["softshrink"].regions.saturated == ()  # dead inside, but no tail
    assert dead("binary_step") == [(-math.inf, math.inf)]
    # f' underflows to exactly 0 far out, but these are not dead:
    for name in ("sigmoid", "tanh", "gaussian", "softplus"):
        assert dead(name) == [], name


def test_max_slope(props: dict[str, Properties]) -> None:
    assert props["silu"].max_grad == pytest.approx(1.0998393, abs=1e-6)
    assert props["sigmoid"].max_grad == pytest.approx(0.25)
    assert props["selu"].max_grad == pytest.approx(1.0507009873554805 * 1.6732632423543772)
    assert props["exponential"].max_grad == math.inf


# ---- gradient statistics ---------------------------------------------------------------


def test_closed_forms(props: dict[str, Properties]) -> None:
    relu = props["relu"]
    assert relu.mean == pytest.approx(1 / SQRT_2PI, rel=1e-12)
    assert relu.std == pytest.approx(math.sqrt(0.5 - 1 / (2 * math.pi)), rel=1e-12)
    assert relu.grad_gain == pytest.approx(0.5, rel=1e-12)
    assert props["tanh"].mean == pytest.approx(0, abs=1e-14)
    assert props["sigmoid"].mean == pytest.approx(0.5, rel=1e-12)
    ident = props["identity"]
    assert (ident.mean, ident.std, ident.grad_gain) == pytest.approx((0, 1, 1), abs=1e-12)
    e = props["exponential"]  # E e^z = e^½, E e^2z = e²
    assert e.mean == pytest.approx(math.exp(0.5), rel=1e-12)
    assert e.std == pytest.approx(math.sqrt(math.e**2 - math.e), rel=1e-10)
    assert e.grad_gain == pytest.approx(math.e**2, rel=1e-12)
    selu = props["selu"]  # the self-normalising fixed point: mean 0, variance 1
    assert (selu.mean, selu.std) == pytest.approx((0, 1), abs=1e-6)


def test_quadrature_splits_at_kinks_off_its_panel_grid() -> None:
    # threshold: x above t, v below; E f = φ(t) + v Φ(t), E f'² = 1 − Φ(t).
    t, v = 0.3, -2.0
    stats = gradient_stats(actplot.get("threshold", threshold=t, value=v))
    phi = math.exp(-t * t / 2) / SQRT_2PI
    cdf = 0.5 * (1 + math.erf(t / math.sqrt(2)))
    assert stats.mean == pytest.approx(phi + v * cdf, rel=1e-12)
    assert stats.grad_gain == pytest.approx(1 - cdf, rel=1e-12)


@pytest.mark.parametrize("name", NAMES)
def test_quadrature_agrees_with_monte_carlo(name: str) -> None:
    act = actplot.get(name)
    z = np.random.default_rng(12345).standard_normal(400_000)
    f, d = act.profile(z), act.profile(z, 1)
    stats = gradient_stats(act)
    n = z.size
    assert stats.mean == pytest.approx(f.mean(), abs=6 * f.std() / math.sqrt(n) + 1e-12)
    assert stats.std == pytest.approx(f.std(), rel=0.02, abs=1e-9)
    g = d * d
    assert stats.grad_gain == pytest.approx(g.mean(), abs=6 * g.std() / math.sqrt(n) + 1e-12)


def _variants() -> list[tuple[str, dict[str, float]]]:
    """Each numeric parameter at both ends of its slider span."""
    out = []
    for name in NAMES:
        for param in actplot.spec(name).params:
            if param.numeric and param.span:
                out += [(name, {param.name: v}) for v in param.span]
    return out


@pytest.mark.parametrize("name, params", _variants())
def test_parametrised_rows_hold_every_value_and_warn_nothing(name: str, params: dict) -> None:
    try:
        act = actplot.get(name, **params)
    except actplot.ParameterError:
        pytest.skip("the span end conflicts with another default")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = properties(act)
    x = np.concatenate([np.linspace(-60, 60, 24001), act.kinks, [-1e6, 1e6]])
    y = act.profile(x)
    y = y[~np.isnan(y)]
    assert p.range.contains(y, tol=1e-9 * max(1.0, float(np.abs(y).max()))).all(), p.range
    assert all(map(math.isfinite, (p.mean, p.std, p.grad_gain)))


def test_smoothness_follows_the_parameters() -> None:
    assert properties(actplot.get("isrlu", alpha=5)).smoothness is Smoothness.C2
    assert properties(actplot.get("prelu", weight=1)).smoothness is Smoothness.CINF  # identity
    assert properties(actplot.get("elu", alpha=2)).smoothness is Smoothness.C0  # f' 2 → 1
