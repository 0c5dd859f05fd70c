"""Mean-field signal propagation: the known results (relu's σ_w² = 2, tanh's 1 and its rising
boundary, selu's q* = 1, sigmoid far above every usual initialisation), the boundary against
an independent mpmath quadrature, the correlation map's slope against χ₁, and the command."""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path

import mpmath as mp
import numpy as np
import pytest
from conftest import ONE_INPUT

import actplot
from actplot.compute import criticality as cr

mp.mp.dps = 30


def _gauss(g, q: float):
    """E[g(√q z)] for z ~ N(0, 1), by mpmath (split at 0, where the test functions kink)."""
    s = mp.sqrt(q)
    dens = lambda z: g(s * z) * mp.exp(-z * z / 2) / mp.sqrt(2 * mp.pi)  # noqa: E731
    return mp.quad(dens, [-mp.inf, 0, mp.inf])


TANH = (mp.tanh, lambda u: 1 / mp.cosh(u) ** 2)
SIGMOID = (lambda u: 1 / (1 + mp.exp(-u)), lambda u: mp.exp(-u) / (1 + mp.exp(-u)) ** 2)


def _independent_edge(fns, sb2: float, bracket: tuple[float, float]) -> float:
    """The edge of chaos by Poole et al.'s parametrisation: on it σ_w²(q) = 1/E[f′²] and
    σ_b²(q) = q − σ_w² E[f²]; solve σ_b²(q) = sb2 for q with mpmath."""
    f, d = fns
    sw2 = lambda q: 1 / _gauss(lambda u: d(u) ** 2, q)  # noqa: E731
    sb = lambda q: q - sw2(q) * _gauss(lambda u: f(u) ** 2, q) - sb2  # noqa: E731
    q = mp.findroot(sb, tuple(mp.mpf(b) for b in bracket), solver="anderson")
    return float(sw2(q))


def test_relu_is_critical_at_he() -> None:
    relu = actplot.get("relu")
    assert cr.critical_sigma_w2(relu, 0.0) == pytest.approx(2.0, rel=1e-9)
    assert cr.chi1(relu, 0.7, 2.0) == pytest.approx(1.0, rel=1e-12)  # any q: E[relu′²] = 1/2
    assert cr.analyse(relu, 2.0, 0.0).phase == "critical"


def test_tanh_is_critical_at_xavier_and_its_boundary_rises_as_poole() -> None:
    tanh = actplot.get("tanh")
    assert cr.critical_sigma_w2(tanh, 0.0) == pytest.approx(1.0, rel=1e-9)
    grid = [0.0, 0.01, 0.05, 0.1, 0.2, 0.3]
    edge = cr.boundary(tanh, grid)
    assert all(a < b for a, b in zip(edge, edge[1:], strict=False)), edge
    for sb2 in (0.05, 0.2):
        want = _independent_edge(TANH, sb2, (1e-6 + sb2, 10))
        assert cr.critical_sigma_w2(tanh, sb2) == pytest.approx(want, rel=1e-7)


def test_selu_with_lecun_keeps_unit_variance_and_zero_mean() -> None:
    selu = actplot.get("selu")
    assert cr.fixed_point(selu, 1.0, 0.0) == pytest.approx(1.0, abs=1e-9)
    f, w = cr.expect(selu, 1.0)
    assert abs(float(np.dot(w, f))) < 1e-9  # mean 0 at q* = 1


def test_sigmoid_critical_point_is_far_above_every_usual_init() -> None:
    sigmoid = actplot.get("sigmoid")
    for sb2 in (0.0, 0.1):
        got = cr.critical_sigma_w2(sigmoid, sb2)
        assert got > 16  # χ₁ ≤ σ_w²/16 since f′ ≤ 1/4
        assert got == pytest.approx(_independent_edge(SIGMOID, sb2, (1, 200)), rel=1e-6)
    assert cr.analyse(sigmoid, 1.0, 0.0).chi1 <= 1 / 16  # why it vanishes at Xavier


@pytest.mark.parametrize("name, sw2, sb2", [("relu", 1.5, 0.1), ("tanh", 2.0, 0.05),
                                            ("gelu", 1.5, 0.2), ("elu", 1.2, 0.1)])  # fmt: skip
def test_the_correlation_maps_slope_at_one_is_chi1(name: str, sw2: float, sb2: float) -> None:
    act = actplot.get(name)
    r = cr.analyse(act, sw2, sb2)
    assert r.chi_c1 == pytest.approx(r.chi1, rel=2e-4)
    q = r.q_star
    assert cr.correlation_map(act, 1.0, q, sw2, sb2) == pytest.approx(1.0, rel=1e-10)


def test_the_chaotic_phase_has_a_correlation_fixed_point_below_one() -> None:
    tanh = actplot.get("tanh")
    r = cr.analyse(tanh, 2.5, 0.0)
    assert r.phase == "chaotic" and r.chi1 > 1 and 0 <= r.c_star < 1
    c = cr.correlation_map(tanh, r.c_star, r.q_star, 2.5, 0.0)
    assert c == pytest.approx(r.c_star, abs=1e-8)


@pytest.mark.parametrize("name", actplot.names(kinds=ONE_INPUT))
def test_every_activation_gets_numbers_or_a_reason(name: str) -> None:
    act = actplot.get(name)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            r = cr.analyse(act, 1.0, 0.0)
        except actplot.ActplotError as exc:
            assert act.spec.vector or act.jumps or "without bound" in str(exc), exc
            return
    assert math.isfinite(r.q_star) and r.q_star >= 0 and r.chi1 >= 0
    assert cr.variance_map(act, r.q_star, 1.0, 0.0) == pytest.approx(r.q_star, abs=1e-9)
    assert r.phase == ("critical" if abs(r.chi1 - 1) <= 1e-6 else
                       "ordered" if r.chi1 < 1 else "chaotic")  # fmt: skip


def test_cli_json_and_reasons(cli) -> None:
    result = cli("criticality", "relu", "tanh", "softmax", "exponential", "-f", "json")
    assert result.exit_code == 0, result.output
    records = {r["name"]: r for r in json.loads(result.stdout)}
    assert records["relu"]["critical_sigma_w2"] == pytest.approx(2.0)
    assert records["tanh"]["phase"] == "critical" and records["tanh"]["xi_grad"] is None
    assert records["softmax"]["applies"] is False and "vector" in records["softmax"]["reason"]
    assert "without bound" in records["exponential"]["reason"]


def test_cli_phase_diagram_is_drawn(cli, tmp_path: Path) -> None:
    out = tmp_path / "phase.png"
    result = cli("criticality", "relu", "tanh", "-o", str(out), "--sigma-b2-max", "0.2")
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    from actplot.render.criticality_plot import plot_phase

    grid = np.linspace(0, 0.2, 5)
    fig = plot_phase([("tanh", grid, np.array(cr.boundary(actplot.get("tanh"), grid)))])
    ax = fig.axes[0]
    assert [line.get_label() for line in ax.get_lines()][0] == "tanh"
    assert {t.get_text() for t in ax.texts} >= {"tanh", "He", "LeCun / Xavier"}


@pytest.mark.parametrize("args, message", [
    (["relu", "--sigma-w2", "0"], "--sigma-w2 must be"),
    (["relu", "--sigma-b2", "-1"], "--sigma-b2 must be"),
    (["relu", "--sigma-w2", "nan"], "--sigma-w2 must be"),
])  # fmt: skip
def test_cli_bad_values_are_one_line(cli, args: list[str], message: str) -> None:
    result = cli("criticality", *args)
    assert result.exit_code == 2 and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_at_q_zero_a_kink_counts_both_slopes() -> None:
    """σ_b = 0 and f(0) = 0 drive q* to 0 below the edge; there χ₁ is the limit q → 0⁺,
    σ_w² (f′(0⁻)² + f′(0⁺)²)/2, not f′(0)'s convention value: selu's edge is 2/(λ² + (λα)²)."""
    selu = actplot.get("selu")
    lam, alpha = 1.0507009873554805, 1.6732632423543772
    want = 2 / (lam**2 + (lam * alpha) ** 2)
    assert cr.critical_sigma_w2(selu, 0.0) == pytest.approx(want, rel=1e-9)
    assert cr.chi1(selu, 0.0, 1.0) == pytest.approx(1 / want, rel=1e-12)


@pytest.mark.parametrize("name, init, sw2", [("relu", "he", 2.0), ("tanh", "lecun", 1.0),
                                             ("sigmoid", "xavier", 1.0)])  # fmt: skip
def test_measured_gradients_follow_the_theory_within_finite_width_scatter(
    name: str, init: str, sw2: float
) -> None:
    """‖∂L/∂z_l‖ measured through gradflow's network against √(Π χ_k): relu with He and tanh
    at its critical point keep it near 1, sigmoid's collapses by χ₁ ≈ 0.06 a layer. Over
    several seeds the measured log-norm scatters around the theory by far less than the
    trend (width 256: a few percent a layer)."""
    from actplot.compute.gradflow import gradflow

    act = actplot.get(name)
    depth = 20
    theory = cr.layer_theory(act, depth, sw2)
    errors = []
    for seed in range(4):
        flow = gradflow([act], depth=depth, width=256, batch=128, init=init, seed=seed)[0]
        errors.append(np.log(flow.preact_grad_norm) - np.log(theory.preact_grad_norm))
    spread = np.abs(np.mean(errors, axis=0))
    # measured: mean log-error at most 0.04 (relu, layer 1), seed-to-seed sd up to 0.08
    assert spread.max() < 0.15, spread
    if name == "sigmoid":
        assert theory.preact_grad_norm[0] < 1e-10  # the predicted collapse the gradflow shows


def test_the_figures_the_readme_quotes() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    tanh, selu, sigmoid = (actplot.get(n) for n in ("tanh", "selu", "sigmoid"))
    edge = cr.critical_sigma_w2(tanh, 0.05)
    assert f"{edge:.3f} at σ_b² = 0.05" in readme
    assert f"χ₁ = {cr.analyse(selu, 1.0, 0.0).chi1:.2f}" in readme
    assert f"sigmoid's critical\nσ_w² of {cr.critical_sigma_w2(sigmoid, 0.0):.0f}" in readme


def test_gradflow_at_the_critical_init_with_biases_follows_the_theory(cli) -> None:
    result = cli("gradflow", "tanh", "binary_step", "--init", "critical", "--sigma-b2", "0.05",
                 "--depth", "12", "--width", "256", "--batch", "128", "-f", "json")  # fmt: skip
    assert result.exit_code == 2 and "binary_step jumps" in result.stderr  # no edge for it
    result = cli("gradflow", "tanh", "relu", "--init", "critical", "--sigma-b2", "0.05",
                 "--depth", "12", "--width", "256", "--batch", "128", "-f", "json")  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["sigma_b2"] == 0.05
    tanh, relu = data["activations"]
    assert tanh["sigma_w2"] == pytest.approx(cr.critical_sigma_w2(actplot.get("tanh"), 0.05))
    measured = np.log(tanh["preact_grad_norm"])
    assert np.abs(measured - np.log(tanh["theory_preact_grad_norm"])).max() < 0.15
    assert len(tanh["theory_chi1"]) == 12 and tanh["theory_reason"] is None
    # relu has no edge at σ_b² > 0 below the unbounded variance: σ_w² = 2 is its boundary
    assert relu["sigma_w2"] == pytest.approx(2.0, rel=1e-6)


def test_gradflow_keeps_its_weights_and_says_when_theory_does_not_apply(cli) -> None:
    from actplot.compute.gradflow import gradflow

    before = gradflow([actplot.get("relu")], depth=5, width=32, batch=16, init="he")[0]
    again = gradflow([actplot.get("relu")], depth=5, width=32, batch=16, sigma_w2=2.0)[0]
    assert np.allclose(before.grad_norm, again.grad_norm, rtol=1e-12)  # same weights
    step = gradflow([actplot.get("binary_step")], depth=5, width=32, batch=16)[0]
    assert step.theory is None and "jumps" in step.theory_reason
    assert step.to_json()["theory_preact_grad_norm"] is None


def test_the_gradflow_figure_draws_theory_dashed_beside_the_measurement() -> None:
    from actplot.compute.gradflow import gradflow
    from actplot.render.gradflow_plot import plot_gradflow

    flows = gradflow([actplot.get("tanh"), actplot.get("binary_step")], depth=6, width=32,
                     batch=16)  # fmt: skip
    ax = plot_gradflow(flows).axes[1]
    styles = [line.get_linestyle() for line in ax.get_lines()]
    assert styles.count("-") == 2 and len(styles) == 3  # binary_step: measured only
    dashed = [line for line in ax.get_lines() if line.get_linestyle() != "-"][0]
    assert np.allclose(dashed.get_ydata(), flows[0].theory.preact_grad_norm)
