"""The properties of issue 14 (parity, monotonic derivative, asymptotes, extrema, Lipschitz
constant, sparsity, self-normalisation, the true image) against independent references:
random points, fine grids, mpmath, closed forms and Monte Carlo; over the whole registry."""

from __future__ import annotations

import math
from dataclasses import dataclass

import mpmath
import numpy as np
import pytest
from conftest import ONE_INPUT

import actplot
from actplot import registry
from actplot.compute import shape
from actplot.compute.asymptotes import asymptotes
from actplot.compute.continuity import Continuity, continuity
from actplot.compute.extrema import extrema
from actplot.compute.gradient_stats import GradientStats, gradient_stats, self_normalizing
from actplot.compute.image import image, image_text, merge
from actplot.compute.kinds import Extremum, Monotonic, Parity, Smoothness
from actplot.compute.sparsity import sparsity
from actplot.model import REAL, Activation, Interval
from actplot.parsing import parse

pytestmark = pytest.mark.filterwarnings("error")  # the computations never warn

NAMES = actplot.names(kinds=ONE_INPUT)
BUILTINS = registry.builtin_names(kinds=ONE_INPUT)
INF = math.inf


def phi(x: float) -> float:
    """Φ, the standard normal distribution function."""
    return 0.5 * math.erfc(-x / math.sqrt(2))


@dataclass
class Row:
    act: Activation
    s: shape.Samples
    cont: Continuity
    stats: GradientStats


def row(act: Activation, domain: Interval = REAL) -> Row:
    with np.errstate(all="ignore"):
        s = shape.samples(act, domain)
        cont = continuity(act, domain)
        return Row(act, s, cont, gradient_stats(act, cont.breakpoints, domain))


@pytest.fixture(scope="module")
def rows() -> dict[str, Row]:
    return {name: row(actplot.get(name)) for name in NAMES}


def values(act: Activation, x: np.ndarray, order: int = 0) -> np.ndarray:
    with np.errstate(all="ignore"):
        return np.asarray(act.profile(x, order), dtype=np.float64)


def the_image(r: Row) -> tuple[Interval, ...]:
    return image(r.act, r.s, r.cont.points.get(0, ()))


def the_extrema(r: Row) -> tuple[Extremum | None, Extremum | None]:
    return extrema(r.act, r.s)


RNG_POINTS = np.random.default_rng(14).uniform(-12.0, 12.0, 4000)
FAR = np.geomspace(12.0, 1e6, 200)


# ---- parity ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_parity_against_mirrored_random_points(name: str, rows: dict[str, Row]) -> None:
    act = rows[name].act
    x = np.concatenate([RNG_POINTS, FAR])
    f, m = values(act, x), values(act, -x)
    scale = np.maximum(1.0, np.abs(f))
    odd = np.abs(m + f) <= 1e-9 * scale
    even = np.abs(m - f) <= 1e-9 * scale
    got = shape.parity(rows[name].s)
    if got is Parity.ODD:
        assert odd.all()
    elif got is Parity.EVEN:
        assert even.all()
    else:
        assert not odd.all() and not even.all()


@pytest.mark.parametrize(
    "name, want",
    [("tanh", Parity.ODD), ("sinusoid", Parity.ODD), ("hardshrink", Parity.ODD),
     ("gaussian", Parity.EVEN), ("sinc", Parity.EVEN), ("relu", Parity.NEITHER),
     ("gelu", Parity.NEITHER), ("binary_step", Parity.NEITHER)],
)  # fmt: skip
def test_parity_of_known_functions(name: str, want: Parity, rows: dict[str, Row]) -> None:
    assert shape.parity(rows[name].s) is want


def test_parity_needs_a_mirrored_domain() -> None:
    gauss = actplot.get("gaussian")
    assert shape.parity(shape.samples(gauss, Interval.closed(-2.0, 2.0))) is Parity.EVEN
    assert shape.parity(shape.samples(gauss, Interval.closed(-2.0, 3.0))) is Parity.NEITHER
    tanh = actplot.get("tanh")
    assert shape.parity(shape.samples(tanh, Interval.closed(-2.0, 2.0))) is Parity.ODD
    assert shape.parity(shape.samples(tanh, Interval.closed(-1.0, 2.0))) is Parity.NEITHER


# ---- monotonic derivative ------------------------------------------------------------------


# Wikipedia's "monotonic derivative" column (activation function, table of functions).
WIKIPEDIA_MONOTONIC_DERIVATIVE = {
    "identity": True, "binary_step": True, "relu": True, "leaky_relu": True,
    "softplus": True, "elu": True, "tanh": False, "sigmoid": False, "gelu": False,
    "silu": False, "mish": False, "selu": False, "gaussian": False, "sinusoid": False,
    "arctan": False, "softsign": False, "bent_identity": True, "isrlu": True,
    "isru": False,
}  # fmt: skip


@pytest.mark.parametrize("name, want", sorted(WIKIPEDIA_MONOTONIC_DERIVATIVE.items()))
def test_monotonic_derivative_as_wikipedia(name: str, want: bool, rows: dict[str, Row]) -> None:
    assert shape.monotonic_derivative(rows[name].act, rows[name].s).either is want


@pytest.mark.parametrize("alpha, want", [(0.3, True), (1.0, True), (1.01, False), (2.0, False)])
def test_elu_has_a_monotonic_derivative_only_up_to_alpha_one(alpha: float, want: bool) -> None:
    r = row(actplot.get("elu", alpha=alpha))
    assert shape.monotonic_derivative(r.act, r.s).either is want


@pytest.mark.parametrize("name", NAMES)
def test_monotonic_derivative_against_a_random_grid(name: str, rows: dict[str, Row]) -> None:
    act = rows[name].act
    marks = np.unique([*act.kinks, *act.jumps])
    between = (marks[1:] + marks[:-1]) / 2  # a piece narrower than the grid (xielu's (ε, 0])
    x = np.sort(np.concatenate([RNG_POINTS, FAR, -FAR, between]))
    if act.jumps:  # f′ there is a Dirac delta: not compared
        near = np.min(np.abs(x[:, None] - np.array(act.jumps)[None, :]), axis=1)
        x = x[near > 1e-9]
    with np.errstate(invalid="ignore"):  # e^x's inf − inf far out: nan, neither up nor down
        step = np.diff(values(act, x, 1))
    up, down = (step > 1e-9).any(), (step < -1e-9).any()
    got = shape.monotonic_derivative(act, rows[name].s)
    if got is Monotonic.INCREASING:
        assert not down
    elif got is Monotonic.DECREASING:
        assert not up
    else:
        assert up and down


# ---- Lipschitz constant --------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_lipschitz_is_the_largest_slope(name: str, rows: dict[str, Row]) -> None:
    r = rows[name]
    got = shape.lipschitz(r.act, r.s, r.cont.smoothness)
    if r.cont.smoothness is Smoothness.DISCONTINUOUS:
        assert got == INF
        return
    marks = np.array([*r.act.kinks, *r.act.jumps], dtype=np.float64)  # sup |f′| beside one
    beside = np.concatenate([np.nextafter(marks, -INF), np.nextafter(marks, INF)])
    x = np.concatenate([np.linspace(-30.0, 30.0, 600_001), FAR, -FAR, [1e12, -1e12], beside])
    fine = float(np.nanmax(np.abs(values(r.act, x, 1))))
    if got == INF and math.isfinite(fine):  # a slope without bound (relu2's 2x): still
        far = np.abs(values(r.act, np.array([-1e300, 1e300]), 1))  # growing at ±1e300
        assert far.max() > 1e100, far
    else:
        assert got == pytest.approx(fine, rel=1e-6)
    if math.isfinite(got):  # the definition: |f(x) − f(y)| <= L |x − y|
        rng = np.random.default_rng(1)
        a, b = rng.uniform(-20, 20, 20_000), rng.uniform(-20, 20, 20_000)
        quotient = np.abs(values(r.act, a) - values(r.act, b)) / np.abs(a - b)
        assert quotient.max() <= got * (1 + 1e-9)


def test_lipschitz_of_known_functions(rows: dict[str, Row]) -> None:
    def lip(name: str) -> float:
        r = rows[name]
        return shape.lipschitz(r.act, r.s, r.cont.smoothness)

    assert lip("relu") == 1.0 and lip("sigmoid") == pytest.approx(0.25)
    assert lip("selu") == pytest.approx(1.0507009873554805 * 1.6732632423543772)
    assert lip("gaussian") == pytest.approx(math.sqrt(2 / math.e))  # |(e^{−x²})′| at 1/√2
    assert lip("exponential") == INF  # unbounded slope
    for name in ("binary_step", "hardshrink", "threshold"):
        assert lip(name) == INF, name  # a jump


# ---- asymptotes ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_asymptotes_against_direct_evaluation(name: str) -> None:
    act = actplot.get(name)
    for line, sign in zip(asymptotes(act), (-1.0, 1.0), strict=True):
        x = sign * np.array([1e6, 1e8, 1e10])
        f = values(act, x)
        if line is None:  # no line through f far out: the tangent at 1e8 misses at 1e6
            a = values(act, x[1:2], 1)[0]
            with np.errstate(all="ignore"):  # e^x: inf − inf
                miss = np.abs(f - (a * x + (f[1] - a * x[1])))
            assert not np.isfinite(f).all() or not np.isfinite(a) or miss.max() > 1e-3
        else:
            off = np.abs(f - (line.slope * x + line.intercept))
            assert (off <= 1e-5 + 1e-12 * np.abs(x) * max(1, abs(line.slope))).all(), off


@pytest.mark.parametrize(
    "text, left, right",
    [("relu", (0, 0), (1, 0)), ("leaky_relu", (0.01, 0), (1, 0)), ("softsign", (0, -1), (0, 1)),
     ("elu", (0, -1), (1, 0)), ("elu:alpha=2.5", (0, -2.5), (1, 0)),
     ("bent_identity", (0.5, -0.5), (1.5, -0.5)), ("tanhshrink", (1, 1), (1, -1)),
     ("log_softmax", (1, -math.log(2)), (0, 0)), ("softmin", (0, 1), (0, 0)),
     ("arctan", (0, -math.pi / 2), (0, math.pi / 2)), ("sinc", (0, 0), (0, 0)),
     ("exponential", (0, 0), None), ("sinusoid", None, None),
     ("x*tanh(exp(x))", (0, 0), (1, 0)), ("x**2", None, None), ("sin(x)", None, None),
     ("log(1+abs(x))", None, None), ("sqrt(x**2+1)", (-1, 0), (1, 0)),
     ("x*atan(x)", (-math.pi / 2, -1), (math.pi / 2, -1)), ("2*x + sin(x)/x", (2, 0), (2, 0))],
)  # fmt: skip
def test_asymptotes_of_known_functions(text: str, left, right) -> None:
    got = asymptotes(parse(text))
    for line, want in zip(got, (left, right), strict=True):
        if want is None:
            assert line is None
        else:
            assert line is not None, (text, want)
            assert (line.slope, line.intercept) == pytest.approx(want, rel=1e-9, abs=1e-12)


# ---- minimum and maximum -------------------------------------------------------------------


def _mp_minimum(f) -> tuple[float, float]:
    """The minimum of f (an mpmath function) near −1, by findroot on f′ at 30 digits."""
    mpmath.mp.dps = 30
    at = mpmath.findroot(lambda t: mpmath.diff(f, t), -1.0)
    return float(f(at)), float(at)


MP_MINIMA = {
    "mish": lambda t: t * mpmath.tanh(mpmath.log1p(mpmath.exp(t))),
    "gelu": lambda t: t * mpmath.ncdf(t),
    "silu": lambda t: t / (1 + mpmath.exp(-t)),
}


@pytest.mark.parametrize("name", sorted(MP_MINIMA))
def test_smooth_minima_against_mpmath(name: str, rows: dict[str, Row]) -> None:
    value, at = _mp_minimum(MP_MINIMA[name])
    low, high = the_extrema(rows[name])
    assert high is None and low is not None and low.unique and low.plateau is None
    assert low.value == pytest.approx(value, rel=1e-14)
    assert low.at == pytest.approx(at, rel=1e-12)


def test_the_issues_numbers(rows: dict[str, Row]) -> None:
    for name, value, at in (
        ("mish", -0.30884, -1.19243),
        ("gelu", -0.16997, -0.75179),
        ("silu", -0.27846, -1.27846),
    ):
        low = the_extrema(rows[name])[0]
        assert low is not None
        assert (round(low.value, 5), round(low.at, 5)) == (value, at), name


@pytest.mark.parametrize("name", NAMES)
def test_extrema_agree_with_the_range(name: str, rows: dict[str, Row]) -> None:
    r = rows[name]
    rng = shape.value_range(r.act, r.s)
    low, high = the_extrema(r)
    for got, end, closed in ((low, rng.lo, rng.closed_lo), (high, rng.hi, rng.closed_hi)):
        assert (got is not None) == closed
        if got is None:
            continue
        assert got.value == end
        f_at = float(values(r.act, np.array([got.at]))[0])
        assert f_at == pytest.approx(got.value, rel=1e-15, abs=1e-300)
        if got.plateau is not None:
            p = got.plateau
            assert p.admits(got.at) or got.at in (p.lo, p.hi)
            lo, hi = max(p.lo, -1e6), min(p.hi, 1e6)
            inside = np.linspace(lo, hi, 1001)[1:-1]
            assert (values(r.act, inside) == got.value).all()
            for end_x, way in ((p.lo, -1.0), (p.hi, 1.0)):
                if math.isfinite(end_x):  # f leaves the value just outside the plateau
                    beyond = end_x + way * 1e-6 * max(1.0, abs(end_x))
                    assert values(r.act, np.array([beyond]))[0] != got.value


@pytest.mark.parametrize(
    "name, low, high",
    [("relu", Interval.at_most(0.0), None),
     ("relu6", Interval.at_most(0.0), Interval.at_least(6.0)),
     ("hardtanh", Interval.at_most(-1.0), Interval.at_least(1.0)),
     ("sparse_sigmoid", Interval.at_most(-1.0), Interval.at_least(1.0)),
     ("threshold", Interval.at_most(1.0), None),
     ("binary_step", Interval(-INF, 0.0), Interval.at_least(0.0))],
)  # fmt: skip
def test_plateaus_to_float_precision(name: str, low, high, rows: dict[str, Row]) -> None:
    got = the_extrema(rows[name])
    for e, want in zip(got, (low, high), strict=True):
        if want is not None:
            assert e is not None and e.plateau == want and e.unique


def test_several_attaining_points_are_not_unique(rows: dict[str, Row]) -> None:
    low, high = the_extrema(rows["sinusoid"])
    assert low is not None and high is not None and not low.unique and not high.unique
    assert (low.at, high.at) == pytest.approx((-math.pi / 2, math.pi / 2), rel=1e-12)
    low, high = the_extrema(rows["sinc"])  # even: its minimum at ±4.4934
    assert low is not None and not low.unique and abs(low.at) == pytest.approx(4.493409457909064)
    assert high == Extremum(1.0, 0.0)
    assert the_extrema(rows["sigmoid"]) == (None, None)  # only approached
    assert the_extrema(rows["gaussian"]) == (None, Extremum(1.0, 0.0))


def test_extrema_on_a_bounded_domain() -> None:
    low, high = the_extrema(row(actplot.get("relu"), Interval.closed(-2.0, 3.0)))
    assert low == Extremum(0.0, 0.0, Interval.closed(-2.0, 0.0))
    assert high == Extremum(3.0, 3.0)
    low, high = the_extrema(row(actplot.get("sinusoid"), Interval.closed(0.0, 1.0)))
    assert low == Extremum(0.0, 0.0) and high == Extremum(math.sin(1.0), 1.0)


# ---- the true image ------------------------------------------------------------------------


@pytest.mark.parametrize("name", BUILTINS)  # a plugin's declaration is its claim
def test_image_is_the_declared_one(name: str, rows: dict[str, Row]) -> None:
    spec = actplot.spec(name)
    want = spec.image or (spec.range,)
    got = the_image(rows[name])
    assert len(got) == len(want), (image_text(got), image_text(want))
    for g, w in zip(got, want, strict=True):
        assert (g.lo, g.hi) == pytest.approx((w.lo, w.hi), rel=1e-6, abs=1e-9), (g, w)
        assert (g.closed_lo, g.closed_hi) == (w.closed_lo, w.closed_hi), (g, w)
    if spec.image:  # the ends of a union are the jumps' exact one-sided limits and values
        assert got == want


@pytest.mark.parametrize("name", NAMES)
def test_image_hull_is_the_range_and_holds_every_value(name: str, rows: dict[str, Row]) -> None:
    r = rows[name]
    got = the_image(r)
    rng = shape.value_range(r.act, r.s)
    assert (got[0].lo, got[0].closed_lo, got[-1].hi, got[-1].closed_hi) == (
        rng.lo, rng.closed_lo, rng.hi, rng.closed_hi,
    )  # fmt: skip
    for a, b in zip(got, got[1:], strict=False):  # sorted and disjoint
        assert a.hi < b.lo or (a.hi == b.lo and not (a.closed_hi or b.closed_lo))
    x = np.concatenate([RNG_POINTS, FAR, -FAR, r.act.jumps, r.act.kinks])
    y = values(r.act, x)
    inside = np.zeros(y.shape, dtype=bool)
    for part in got:
        inside |= part.contains(y, tol=1e-12 * max(1.0, abs(part.lo), abs(part.hi)))
    assert inside.all(), (image_text(got), y[~inside][:5])


@pytest.mark.parametrize(
    "text, want",
    [("binary_step", "{0, 1}"), ("threshold", "{0} ∪ (1, ∞)"), ("relu", "[0, ∞)"),
     ("hardshrink", "(−∞, −0.5) ∪ {0} ∪ (0.5, ∞)"),
     ("hardshrink:lambd=2", "(−∞, −2) ∪ {0} ∪ (2, ∞)"),
     ("threshold:value=0.5", "{0.5} ∪ (1, ∞)"), ("threshold:value=1", "[1, ∞)"),
     ("threshold:value=2", "(1, ∞)"), ("x*(x > 1)", "{0} ∪ (1, ∞)")],
)  # fmt: skip
def test_image_text(text: str, want: str) -> None:
    assert image_text(the_image(row(parse(text)))) == want


def test_image_on_a_bounded_domain() -> None:
    def text(name: str, lo: float, hi: float) -> str:
        return image_text(the_image(row(actplot.get(name), Interval.closed(lo, hi))))

    assert text("binary_step", -2.0, 3.0) == "{0, 1}"
    assert text("binary_step", -3.0, 0.0) == "{0, 1}"  # the jump at the domain's end
    assert text("binary_step", 0.0, 3.0) == "{1}"
    assert text("hardshrink", -2.0, 3.0) == "[−2, −0.5) ∪ {0} ∪ (0.5, 3]"
    assert text("threshold", 1.0, 2.0) == "{0} ∪ (1, 2]"


def test_merge() -> None:
    pt = lambda v: Interval(v, v, True, True)  # noqa: E731
    assert merge([Interval(0.0, 1.0), pt(1.0)]) == (Interval(0.0, 1.0, False, True),)
    assert merge([Interval(0.0, 1.0), Interval(1.0, 2.0)]) == (
        Interval(0.0, 1.0), Interval(1.0, 2.0),
    )  # fmt: skip
    assert merge([Interval(1.0, 3.0), Interval(0.0, 2.0, True)]) == (Interval(0.0, 3.0, True),)
    assert merge([pt(0.0), pt(0.0), pt(1.0)]) == (pt(0.0), pt(1.0))
    assert image_text(merge([pt(1.0), pt(0.0)])) == "{0, 1}"


# ---- sparsity ----------------------------------------------------------------------------


def the_sparsity(r: Row) -> float:
    return sparsity(r.act, r.s, r.s.domain)


@pytest.mark.parametrize(
    "text, want",
    [("relu", 0.5), ("relu6", 0.5), ("binary_step", 0.5), ("tanh", 0.0), ("sigmoid", 0.0),
     ("gaussian", 0.0), ("gelu", 0.0), ("tanhshrink", 0.0),
     ("softshrink", math.erf(0.5 / math.sqrt(2))), ("hardshrink", math.erf(0.5 / math.sqrt(2))),
     ("softshrink:lambd=1.3", math.erf(1.3 / math.sqrt(2))),
     ("hardshrink:lambd=2", math.erf(2 / math.sqrt(2))), ("threshold", phi(1.0)),
     ("threshold:threshold=-0.7", phi(-0.7)), ("threshold:value=0.5", 0.0),
     ("sparse_plus", phi(-1.0)), ("hardsigmoid", phi(-3.0)), ("hardswish", phi(-3.0)),
     ("max(abs(x)-1,0)**4", math.erf(1 / math.sqrt(2))),
     ("max(x-2,0) + min(x-1,0)", phi(2.0) - phi(1.0)), ("min(x-2,0)", 1 - phi(2.0)),
     ("min(x-9,0)", 0.5 * math.erfc(9 / math.sqrt(2))),
     ("max(x+9,0)", 0.5 * math.erfc(9 / math.sqrt(2)))],
)  # fmt: skip
def test_sparsity_closed_forms(text: str, want: float) -> None:
    assert the_sparsity(row(parse(text))) == pytest.approx(want, rel=1e-12, abs=1e-300)


def test_sparsity_on_a_bounded_domain_is_conditioned() -> None:
    got = the_sparsity(row(actplot.get("relu"), Interval.closed(-2.0, 3.0)))
    assert got == pytest.approx((phi(0) - phi(-2)) / (phi(3) - phi(-2)), rel=1e-12)
    assert the_sparsity(row(actplot.get("relu"), Interval.closed(-2.0, -1.0))) == 1.0
    assert the_sparsity(row(actplot.get("relu"), Interval.closed(1.0, 2.0))) == 0.0


@pytest.mark.parametrize("name", NAMES)
def test_sparsity_against_monte_carlo(name: str, rows: dict[str, Row]) -> None:
    n = 400_000
    z = np.random.default_rng(7).standard_normal(n)
    mc = float(np.mean(values(rows[name].act, z) == 0))
    got = the_sparsity(rows[name])
    assert abs(mc - got) <= 5 * math.sqrt(max(got * (1 - got), 1 / n) / n), (mc, got)


# ---- self-normalising ----------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_only_selu_self_normalizes(name: str, rows: dict[str, Row]) -> None:
    assert self_normalizing(rows[name].stats) is (name == "selu")


def test_selu_fixed_point_by_monte_carlo(rows: dict[str, Row]) -> None:
    z = np.random.default_rng(3).standard_normal(2_000_000)
    y = values(rows["selu"].act, z)
    assert abs(y.mean()) < 5e-3 and abs(y.var() - 1) < 5e-3
    # The variance map's slope by a central difference over ν with common random numbers.
    h = 0.05
    var = [values(rows["selu"].act, math.sqrt(1 + e) * z).var() for e in (-h, h)]
    assert (var[1] - var[0]) / (2 * h) == pytest.approx(rows["selu"].stats.variance_slope, abs=0.02)


@pytest.mark.parametrize("name", ["identity", "hardshrink", "tanh", "relu"])
def test_variance_slope_by_monte_carlo(name: str, rows: dict[str, Row]) -> None:
    z = np.random.default_rng(5).standard_normal(1_000_000)
    h = 0.05
    var = [values(rows[name].act, math.sqrt(1 + e) * z).var() for e in (-h, h)]
    slope = rows[name].stats.variance_slope
    assert (var[1] - var[0]) / (2 * h) == pytest.approx(slope, abs=0.02)


def test_identity_keeps_every_variance_so_attracts_none(rows: dict[str, Row]) -> None:
    stats = rows["identity"].stats
    assert abs(stats.mean) < 1e-12 and stats.std == pytest.approx(1.0)  # a fixed point...
    assert stats.variance_slope == pytest.approx(1.0)  # ...that does not attract
    assert not self_normalizing(stats)


def test_selu_with_rounded_constants_still_self_normalizes() -> None:
    rounded = parse("1.050701*(max(x,0) + min(1.673263*(exp(x)-1), 0))")
    assert self_normalizing(row(rounded).stats)
    assert not self_normalizing(row(parse("1.0507*(max(x,0) + min(1.6733*(exp(x)-1), 0))")).stats)


# ---- formulas ----------------------------------------------------------------------------


def test_formulas_get_the_same_answers_as_their_builtins(rows: dict[str, Row]) -> None:
    for text, name in (("x*sigmoid(x)", "silu"), ("max(x, 0)", "relu"), ("tanh(x)", "tanh")):
        f, b = row(parse(text)), rows[name]
        assert shape.parity(f.s) is shape.parity(b.s)
        fm, bm = the_extrema(f), the_extrema(b)
        for e, g in zip(fm, bm, strict=True):
            assert (e is None) == (g is None)
            if e is not None and g is not None:
                assert (e.value, e.at) == pytest.approx((g.value, g.at), rel=1e-12, abs=1e-300)
                assert e.plateau == g.plateau
        assert image_text(the_image(f)) == image_text(the_image(b))
        assert the_sparsity(f) == pytest.approx(the_sparsity(b), rel=1e-12, abs=1e-300)
        assert asymptotes(f.act) == asymptotes(b.act)


def test_formulas_without_limits() -> None:
    r = row(parse("x*tanh(exp(x))"))
    assert shape.parity(r.s) is Parity.NEITHER
    assert shape.monotonic_derivative(r.act, r.s) is Monotonic.NEITHER
    square = row(parse("x**2"))
    assert shape.parity(square.s) is Parity.EVEN
    assert shape.monotonic_derivative(square.act, square.s) is Monotonic.INCREASING
    assert shape.lipschitz(square.act, square.s, square.cont.smoothness) == INF
    assert the_extrema(square) == (Extremum(0.0, 0.0), None)
