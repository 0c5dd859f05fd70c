"""Gated units in the property table: their statistics under independent a, b ~ N(0, 1)
against closed forms, the gate's own 1-D moments and Monte Carlo; the one rule that marks
the one-input columns n/a in every format; the cache; the CLI; and ``actplot info``'s card."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Callable

import numpy as np
import pytest
from typer.testing import Result

import actplot
from actplot import registry
from actplot.compute import gated_stats
from actplot.compute.gated_stats import GatedProperties, gated_properties
from actplot.compute.gradient_stats import gradient_stats
from actplot.compute.kinds import Smoothness
from actplot.compute.properties import ONE_INPUT_KEYS, from_json, properties, to_json
from actplot.render.table_columns import COLUMNS, NA

pytestmark = pytest.mark.usefixtures("module_cache_dir")
GATED = registry.names(kinds=("gated",))
SQRT_2PI = math.sqrt(2 * math.pi)


def _phi(x: float) -> float:
    return math.exp(-0.5 * x * x) / SQRT_2PI


def _Phi(x: float) -> float:
    return 0.5 * math.erfc(-x / math.sqrt(2))


@pytest.fixture(scope="module")
def rows() -> dict[str, GatedProperties]:
    with np.errstate(all="raise"):  # no warning, no nan: the computation handles its own
        return {n: gated_properties(actplot.get(n)) for n in GATED}


def test_the_registry_has_the_gated_units() -> None:
    assert {"glu", "swiglu", "reglu", "bilinear", "geglu", "seglu", "swiglu_oai",
            "fatrelu_glu"} <= set(GATED)  # fmt: skip


# ---- the numbers -----------------------------------------------------------------------


def test_bilinear_closed_forms(rows) -> None:
    p = rows["bilinear"]  # f = a·b: E f = 0, Var f = E a² E b² = 1, ‖∇f‖² = a² + b²
    assert p.mean == pytest.approx(0, abs=1e-14) and p.std == pytest.approx(1, rel=1e-13)
    assert p.grad_gain == pytest.approx(2, rel=1e-13)
    assert p.grad_gain_a == pytest.approx(1, rel=1e-13)
    assert p.max_grad == pytest.approx(math.sqrt(18), rel=1e-12)  # the corners (±3, ±3)
    assert p.sparsity == 0 and p.smoothness is Smoothness.CINF and p.zero_centered
    assert str(p.range) == "(−∞, ∞)"
    # Var f(√ν a, √ν b) = ν²: slope 2 at ν = 1, so (0, 1) is fixed but not attracting
    assert not p.self_normalizing


def test_reglu_closed_forms(rows) -> None:
    p = rows["reglu"]  # relu(a)·b: Var = E relu(a)² = 1/2; E‖∇f‖² = P[a > 0] + 1/2 = 1
    assert p.mean == pytest.approx(0, abs=1e-14)
    assert p.std**2 == pytest.approx(0.5, rel=1e-13)
    assert p.grad_gain == pytest.approx(1, rel=1e-13)
    assert p.sparsity == pytest.approx(0.5, rel=1e-13)  # f = 0 exactly for a <= 0
    assert p.max_grad == pytest.approx(math.sqrt(18), rel=1e-12)
    assert p.smoothness is Smoothness.C0 and p.breaks_a == (0.0,) and p.breaks_b == ()


def test_geglu_closed_form(rows) -> None:
    # E[a²Φ(a)²] = 1/3 + 1/(2π√3) (Stein's lemma twice, E φ(a)² = 1/(2π√3))
    assert rows["geglu"].std ** 2 == pytest.approx(1 / 3 + 1 / (2 * math.pi * math.sqrt(3)), 1e-13)


@pytest.mark.parametrize("theta", [0.3, 1.1])  # off the panels' grid: the kink must split
def test_fatrelu_closed_forms(theta: float) -> None:
    p = gated_properties(actplot.get("fatrelu_glu", threshold=theta))
    var = 1 - _Phi(theta) + theta * _phi(theta)  # E[a² 1[a > θ]]
    assert p.std**2 == pytest.approx(var, rel=1e-12)
    assert p.grad_gain == pytest.approx(1 - _Phi(theta) + var, rel=1e-12)
    assert p.sparsity == pytest.approx(_Phi(theta), rel=1e-12)
    assert p.smoothness is Smoothness.DISCONTINUOUS  # f jumps from 0 to θ·b at a = θ


def test_seglu_has_selus_unit_variance(rows) -> None:
    # SELU's constants make E selu(a) = 0 and E selu(a)² = 1 (to their printed digits)
    assert rows["seglu"].std == pytest.approx(1, abs=1e-4)


def _product(act) -> bool:
    """Whether f(a, b) = f(a, 1)·b (a product unit g(a)·b) on a grid."""
    x = np.linspace(-6, 6, 97)
    a, b = np.meshgrid(x, x)
    return bool(np.allclose(act(a, b), act(a, np.ones_like(b)) * b, rtol=1e-12, atol=1e-300))


@pytest.mark.parametrize("name", [n for n in GATED if _product(actplot.get(n))])
def test_product_units_match_their_gates_own_moments(name: str, rows) -> None:
    """For f = g(a)·b: E f = 0, E f² = E g², E f_a² = E g′², E f_b² = E g² with the 1-D
    moments of the registry's gate (its own kernels and 1-D quadrature)."""
    act = actplot.get(name)
    gate = actplot.get(act.spec.gate, **act.params)
    x = np.linspace(-8, 8, 1601)
    assert np.allclose(act(x, 1.0), gate(x), rtol=1e-14, atol=0), "the gate is f(a, 1)"
    g = gradient_stats(gate, gate.kinks)
    second = g.std**2 + g.mean**2  # E g(a)²
    p = rows[name]
    assert p.mean == pytest.approx(0, abs=1e-13)
    assert p.std**2 == pytest.approx(second, rel=1e-12)
    assert p.grad_gain_a == pytest.approx(g.grad_gain, rel=1e-12)
    assert p.grad_gain_b == pytest.approx(second, rel=1e-12)
    assert p.odd_in_value and p.zero_centered
    assert p.smoothness is properties(gate).smoothness  # g(a)·b is as smooth as g


def test_swiglu_oai_separates_into_one_dimensional_integrals(rows) -> None:
    """f = h(g)·(u + 1) with h = silu_α, g = min(a, L), u = clip(b, −L, L): every moment is
    a product of one-dimensional ones (computed here by scipy's adaptive quad)."""
    from scipy.integrate import quad

    L, alpha = 7.0, 1.702

    def h(x: float) -> float:
        return x / (1 + math.exp(-alpha * x))

    def dh(x: float) -> float:
        s = 1 / (1 + math.exp(-alpha * x))
        return s * (1 + alpha * x * (1 - s))

    def e(fn: Callable[[float], float], lo: float = -40, hi: float = 40) -> float:
        return quad(lambda z: fn(z) * _phi(z), lo, hi, points=[0.0, L], limit=200)[0]

    eh = e(lambda a: h(min(a, L)))
    eh2 = e(lambda a: h(min(a, L)) ** 2)
    edh2 = e(lambda a: dh(a) ** 2, hi=L)
    eu2 = e(lambda b: (min(max(b, -L), L) + 1) ** 2)
    inner = 1 - 2 * _Phi(-L)  # P[|b| < L]
    p = rows["swiglu_oai"]
    assert p.mean == pytest.approx(eh, rel=1e-10)
    assert p.std**2 == pytest.approx(eh2 * eu2 - eh**2, rel=1e-10)
    assert p.grad_gain_a == pytest.approx(edh2 * eu2, rel=1e-10)
    assert p.grad_gain_b == pytest.approx(eh2 * inner, rel=1e-10)
    assert not p.zero_centered and not p.odd_in_value  # the value's +1: E f = E h > 0
    assert p.breaks_a == (L,) and p.breaks_b == (-L, L) and p.smoothness is Smoothness.C0


@pytest.mark.parametrize("name", GATED)
def test_quadrature_agrees_with_monte_carlo(name: str, rows) -> None:
    act = actplot.get(name)
    rng = np.random.default_rng(16)
    a, b = rng.standard_normal((2, 1_000_000))
    f = act(a, b)
    fa, fb = act.derivative(a, b)
    p, n = rows[name], len(a)
    g2 = fa * fa + fb * fb
    for got, sample in ((p.mean, f), (p.std**2, (f - f.mean()) ** 2), (p.grad_gain, g2)):
        assert abs(got - sample.mean()) <= 5 * sample.std() / math.sqrt(n) + 1e-12, name
    assert abs(p.sparsity - np.mean(f == 0)) <= 5 * math.sqrt(0.25 / n)


@pytest.mark.parametrize("name", GATED)
def test_finer_panels_change_nothing(name: str, rows, monkeypatch: pytest.MonkeyPatch) -> None:
    """The stated accuracy: halving the panels changes the moments by < 1e-12."""
    monkeypatch.setattr(gated_stats, "PANEL", gated_stats.PANEL / 2)
    fine = gated_properties(actplot.get(name))
    p = rows[name]
    for key in ("mean", "std", "grad_gain", "sparsity"):
        assert getattr(fine, key) == pytest.approx(getattr(p, key), rel=1e-12, abs=1e-13), key


@pytest.mark.parametrize("name", GATED)
def test_max_grad_is_the_boxs_maximum(name: str, rows) -> None:
    act = actplot.get(name)
    x = np.linspace(-3, 3, 1501)
    a, b = np.meshgrid(x, x)
    fa, fb = act.derivative(a, b)
    dense = float(np.hypot(fa, fb).max())
    assert dense * (1 - 1e-6) <= rows[name].max_grad <= dense * (1 + 1e-4), name


def _shifted_sine(c: float) -> actplot.GatedActivation:
    """A scratch unit sin(a − c)·b, whose ‖∇f‖² = 8cos²(a − c) + 1 on |b| = 3 peaks inside
    the box at a = c, off the grid."""
    from actplot.model import GatedSpec, Interval

    def forward(a, b):
        return np.sin(a - c) * b

    def grad(a, b):
        return np.cos(a - c) * b, np.sin(a - c)

    def hessian(a, b):
        return -np.sin(a - c) * b, np.cos(a - c), np.zeros_like(a)

    return GatedSpec(
        "shifted_sine", forward, grad, hessian, formula="$\\sin(a - c)\\,b$",
        derivative_formula="", text="sin(a - c) * b", gate="sin", split="first",
        diagonal_text="", range=Interval(-math.inf, math.inf), kink_rule="", reference="",
        pros=(), cons=(), use="",
    ).bind()  # fmt: skip


def test_an_interior_maximum_is_zoomed_into_and_a_scratch_units_moments() -> None:
    c = 0.123456789
    p = gated_properties(_shifted_sine(c))
    assert p.max_grad == pytest.approx(3.0, rel=1e-12)  # √(8 + 1) at a = c, |b| = 3
    # E sin²(a − c) = (1 − e⁻² cos 2c)/2; E‖∇f‖² = E cos² + E sin² = 1
    assert p.std**2 == pytest.approx((1 - math.exp(-2) * math.cos(2 * c)) / 2, rel=1e-13)
    assert p.grad_gain == pytest.approx(1.0, rel=1e-13) and p.mean == pytest.approx(0, abs=1e-14)
    assert p.smoothness is Smoothness.CINF and p.kind == "gated"


def test_glu_max_grad_is_at_the_box_edge(rows) -> None:
    """‖∇f‖² = σ′(a)²b² + σ(a)² is largest on |b| = 3; there a 1-D search finds it."""
    a = np.linspace(-3, 3, 2_000_001)
    s = 1 / (1 + np.exp(-a))
    best = float(np.sqrt((s * (1 - s) * 3) ** 2 + s**2).max())
    assert rows["glu"].max_grad == pytest.approx(best, rel=1e-10)


@pytest.mark.parametrize("name", GATED)
def test_declared_range_is_the_computed_range(name: str, rows) -> None:
    declared, got = actplot.spec(name).range, rows[name].range
    assert got.lo == pytest.approx(declared.lo, rel=1e-9) or got.lo == declared.lo
    assert got.hi == pytest.approx(declared.hi, rel=1e-9) or got.hi == declared.hi
    assert (got.lo_closed, got.hi_closed) == (declared.lo_closed, declared.hi_closed)


# ---- the row's JSON and the cache ---------------------------------------------------------


@pytest.mark.parametrize("name", GATED)
def test_json_round_trip_with_every_key(name: str, rows) -> None:
    d = to_json(rows[name])
    assert set(ONE_INPUT_KEYS) <= set(d) and d["kind"] == "gated"
    assert from_json(json.loads(json.dumps(d))) == rows[name]
    for key in ("saturation", "dead", "monotonic", "parity", "asymptotes", "lipschitz"):
        assert d[key] is None
    assert d["max_grad_box"] == [-3.0, 3.0]


def test_one_input_keys_are_a_one_input_rows_keys() -> None:
    assert tuple(to_json(properties(actplot.get("relu")))) == ONE_INPUT_KEYS


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.pop("grad_gain_a"),
        lambda d: d.update(mean="0.1"),
        lambda d: d.update(saturation={"threshold": 0.05}),  # a one-input key must be null
        lambda d: d.update(kind="elementwise"),
        lambda d: d.update(kind="nonsense"),
        lambda d: d.update(split="middle"),
        lambda d: d.update(sparsity=1.5),
        lambda d: d.update(max_grad_box=[0, 3]),
        lambda d: d.update(range=[None]),
    ],
)
def test_a_damaged_row_is_refused(damage, rows) -> None:
    d = json.loads(json.dumps(to_json(rows["swiglu"])))
    damage(d)
    with pytest.raises((KeyError, TypeError, ValueError)):
        from_json(d)


def test_a_gated_row_is_cached_and_a_damaged_one_recomputed(cache_dir) -> None:
    from actplot.io import cache

    act = actplot.get("reglu")
    (first,) = cache.rows([act])
    assert first.kind == "gated" and first.cost is not None and first.cost.forward > 0
    assert cache.load()["reglu"]["kind"] == "gated"
    (again,) = cache.rows([act])
    assert again == first  # read back: the measured cost is the stored one
    stored = cache.load()
    stored["reglu"]["std"] = "broken"
    cache.save(stored)
    notes: list[str] = []
    (fixed,) = cache.rows([act], note=notes.append)
    assert "damaged" in notes[0] and "reglu" in notes[0]
    assert fixed.std == pytest.approx(math.sqrt(0.5), rel=1e-13)


# ---- the one rule: what applies, and n/a / empty / null --------------------------------------


def test_the_columns_that_do_not_apply_read_na_empty_and_null(rows) -> None:
    p, relu = rows["glu"], properties(actplot.get("relu"))
    d = to_json(p)
    shown = {c.key for c in COLUMNS if c.applies(p)}
    assert shown == set(gated_stats.COLUMNS)
    for c in COLUMNS:
        assert tuple(c.fields(relu)) == tuple(c.fields(p)), c.key  # the same CSV fields
        if c.applies(p):
            assert c.text(p) != NA and c.text(relu) != NA
            continue
        assert c.text(p) == NA
        assert set(c.fields(p).values()) == {""}, c.key
        assert all(d[k] is None for k in c.json), c.key


def test_sorting_puts_rows_a_column_does_not_apply_to_last(rows) -> None:
    from actplot.compute.properties import sort_rows

    one = [properties(actplot.get(n)) for n in ("tanh", "relu")]
    mixed = [rows["glu"], *one, rows["swiglu"]]
    for reverse in (False, True):
        got = [p.name for p in sort_rows(mixed, "saturation", reverse)]
        assert got[2:] == ["glu", "swiglu"]
    assert [p.name for p in sort_rows(mixed, "grad_gain")] == ["glu", "tanh", "relu", "swiglu"]


# ---- the command and the API -----------------------------------------------------------------


@pytest.fixture
def table(cli: Callable[..., Result]) -> Callable[..., str]:
    def run(*args: str) -> str:
        result = cli("table", *args)
        assert result.exit_code == 0, result.output
        return result.stdout

    return run


def test_the_whole_table_includes_the_gated_family(table) -> None:
    rows = json.loads(table("-f", "json"))
    assert [r["name"] for r in rows] == actplot.names()
    gated = [r for r in rows if r["kind"] == "gated"]
    assert [r["name"] for r in gated] == GATED
    assert all(r["saturation"] is None and r["grad_gain"] > 0 for r in gated)


def test_named_family_sorted(table) -> None:
    rows = json.loads(table("swiglu", "glu", "-f", "json"))
    assert [r["name"] for r in rows] == ["swiglu", "glu"]
    assert rows[1]["diagonal"] == "silu" and rows[1]["split"] == "second"
    family = json.loads(table("--family", "gated", "--sort", "grad_gain", "-f", "json"))
    gains = [r["grad_gain"] for r in family]
    assert [r["name"] for r in family] != GATED and gains == sorted(gains)
    assert {r["name"] for r in family} == set(GATED)


def test_csv_tsv_markdown_latex_html(table) -> None:
    for fmt, sep in (("csv", ","), ("tsv", "\t")):
        out = list(csv.DictReader(io.StringIO(table("swiglu", "relu", "-f", fmt)), delimiter=sep))
        assert out[0]["name"] == "swiglu" and out[0]["saturation"] == ""
        assert out[0]["saturates_left"] == "" and out[0]["monotonic"] == ""
        assert float(out[0]["grad_gain"]) == pytest.approx(0.7352578714501816, rel=1e-9)
        assert out[1]["monotonic"] == "true"
    md = table("swiglu", "relu", "-f", "markdown")
    assert md.splitlines()[2].startswith("| swiglu | (−∞, ∞) | yes | n/a | C^∞ | n/a |")
    assert "Gated units f(a, b)" in md and "E‖∇f‖²" in md
    tex = table("swiglu", "relu", "-f", "latex")
    assert "swiglu & $(-\\infty, \\infty)$ & yes & n/a & $C^\\infty$ & n/a" in tex
    assert tex.isascii() and "\\nabla" in tex
    page = table("swiglu", "relu", "-f", "html")
    assert "<td>n/a</td>" in page and page.count("<svg") == 2 and "σ(βa) b" in page


def test_a_default_column_no_row_has_is_left_out(table) -> None:
    md = table("--family", "gated", "-f", "markdown")
    assert "saturates" not in md.splitlines()[0] and "n/a |" not in md
    assert "| E f′² |" in md.splitlines()[0]
    assert "saturates" in table("--family", "gated", "-f", "markdown", "-c", "name,saturation")


@pytest.mark.parametrize("width", [80, 100, 120])
def test_the_terminal_table_fits_with_gated_rows(table, monkeypatch, width: int) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    out = table("swiglu", "swiglu_oai", "fatrelu_glu:threshold=1", "relu", "tanh")
    lines = out.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= width
    row = next(line for line in lines if line.strip().startswith("swiglu_oai"))
    assert "[−41.9997, 55.9996]" in row and "n/a" in row
    assert "Gated units f(a, b)" in out


def test_xlim_is_for_one_input(cli) -> None:
    result = cli("table", "swiglu", "--xlim", "-1", "1")
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "swiglu is a gated (two-input) activation; table --xlim takes" in line
    result = cli("table", "--family", "gated", "--xlim", "-1", "1", "-f", "json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    assert "gated units (two inputs) are left out" in result.stderr


def test_the_api_returns_gated_rows() -> None:
    rows = actplot.table(["swiglu", "relu"], columns="grad_gain,saturation")
    assert rows[0]["kind"] == "gated" and rows[0]["saturation"] is None
    assert rows[0]["grad_gain"] == pytest.approx(0.7352578714501816, rel=1e-9)
    assert rows[1]["kind"] == "elementwise"


# ---- actplot info ----------------------------------------------------------------------------


def test_info_shows_a_gated_card(cli) -> None:
    result = cli("info", "swiglu")
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())  # the card's lines wrap at any width
    for part in (
        "swiglu — gated units (two inputs)", "f(a, b)", "a σ(βa) b", "∂ₐ f =", "gate silu",
        "the first half of the last axis is the gate's input a", "f(x, x) = x·silu(x)",
        "beta = 1.0", "E‖∇f‖² 0.7353", "max ‖∇f‖ on [−3, 3]² 4.338", "kinks in a none",
        "statistics for independent a, b ~ N(0, 1)", "not defined for two inputs:",
        "saturates", "Shazeer", "relative to relu",
    ):  # fmt: skip
        assert part in out, part


def test_info_json_of_a_gated_unit(cli) -> None:
    result = cli("info", "glu", "--format", "json")
    assert result.exit_code == 0, result.output
    card = json.loads(result.stdout)
    assert card["kind"] == "gated" and card["diagonal"] == "silu" and card["split"] == "second"
    assert card["gate"] == "sigmoid" and "PyTorch's F.glu" in card["split_text"]
    assert card["properties"]["grad_gain"] == pytest.approx(0.33821527720828737, rel=1e-9)
    assert card["frameworks"]["torch"] == "glu" and card["kinks"] == []
    card = json.loads(cli("info", "fatrelu_glu:threshold=0.5", "-f", "json").stdout)
    assert card["kinks"] == [0.5] and card["params"][0]["value"] == 0.5
