"""Gradient flow through depth: what theory says, the automatic initialisation, the figure."""

from __future__ import annotations

import re
import warnings

import numpy as np
import pytest
from conftest import ONE_INPUT

import actplot
from actplot.compute.gradflow import Flow, auto_init, check_sizes, gradflow
from actplot.errors import ParameterError

ELEMENTWISE = [n for n in actplot.names(kinds=ONE_INPUT) if not actplot.get(n).is_vector]


@pytest.fixture(scope="module")
def flows() -> dict[str, Flow]:
    """The defaults (depth 30, width 256, batch 256, auto init), computed once."""
    acts = [actplot.get(n) for n in ("sigmoid", "tanh", "relu", "selu", "binary_step")]
    return {f.act.name: f for f in gradflow(acts)}


def test_sigmoid_gradients_vanish_by_orders_of_magnitude(flows: dict[str, Flow]) -> None:
    f = flows["sigmoid"]
    assert f.init == "xavier"
    # each layer multiplies by about sqrt(E f'(z)²) ≈ 0.2: ~1e-18 over 29 layers
    assert f.ratio < 1e-10
    assert np.all(np.diff(np.log(f.grad_norm)) > 0)  # shrinking at every step toward layer 1


def test_relu_with_he_stays_within_an_order_of_magnitude(flows: dict[str, Flow]) -> None:
    f = flows["relu"]
    assert f.init == "he"
    assert f.grad_norm.max() / f.grad_norm.min() < 10
    assert np.all((0.1 < f.std) & (f.std < 10))  # the activations neither vanish nor explode


def test_selu_with_lecun_keeps_mean_0_and_sd_1(flows: dict[str, Flow]) -> None:
    f = flows["selu"]
    assert f.init == "lecun"
    assert np.abs(f.mean).max() < 0.1
    assert np.abs(f.std - 1).max() < 0.1


def test_dead_units(flows: dict[str, Flow]) -> None:
    assert flows["binary_step"].dead.tolist() == [1.0] * 30  # f' = 0 everywhere
    assert np.all(flows["binary_step"].grad_norm == 0)
    assert flows["sigmoid"].dead.max() == 0  # f' > 0 everywhere
    assert flows["tanh"].dead.max() == 0
    assert 0 <= flows["relu"].dead.min() and flows["relu"].dead.max() < 1


def test_lists_are_per_layer_first_layer_first(flows: dict[str, Flow]) -> None:
    f = flows["sigmoid"]
    data = f.to_json()
    for key in ("grad_norm", "preact_grad_norm", "mean", "std", "dead"):
        assert len(data[key]) == 30
        assert data[key] == pytest.approx(getattr(f, key).tolist())
    assert data["grad_norm"][0] < data["grad_norm"][-1]
    assert data["first_over_last"] == pytest.approx(f.ratio)


def test_same_seed_same_numbers_and_the_same_weights_for_every_activation() -> None:
    acts = [actplot.get("relu"), actplot.get("leaky_relu", negative_slope=0)]
    a = gradflow(acts, depth=6, width=32, batch=16, seed=3)
    b = gradflow(acts[:1], depth=6, width=32, batch=16, seed=3)
    np.testing.assert_array_equal(a[0].grad_norm, b[0].grad_norm)
    # leaky_relu with slope 0 is relu: the same weights give the same flow
    np.testing.assert_allclose(a[0].grad_norm, a[1].grad_norm, rtol=1e-12)
    c = gradflow(acts[:1], depth=6, width=32, batch=16, seed=4)
    assert not np.array_equal(a[0].grad_norm, c[0].grad_norm)


def test_a_fixed_init_applies_to_every_activation() -> None:
    out = gradflow([actplot.get("relu"), actplot.get("tanh")], depth=3, width=8, init="lecun")
    assert [f.init for f in out] == ["lecun", "lecun"]


@pytest.mark.parametrize(
    "name, scheme",
    [
        ("relu", "he"), ("leaky_relu", "he"), ("elu", "he"), ("gelu", "he"), ("silu", "he"),
        ("softplus", "he"), ("mish", "he"), ("selu", "lecun"), ("sigmoid", "xavier"),
        ("tanh", "xavier"), ("softsign", "xavier"), ("gaussian", "xavier"),
    ],
)  # fmt: skip
def test_auto_init_follows_the_shape(name: str, scheme: str) -> None:
    assert auto_init(actplot.get(name))[0] == scheme


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_auto_init_and_a_short_run_for_every_activation_without_warnings(name: str) -> None:
    act = actplot.get(name)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        scheme, reason = auto_init(act)
        (f,) = gradflow([act], depth=30, width=24, batch=24)
    assert scheme in ("he", "xavier", "lecun") and reason
    if act.spec.family == "relu" and scheme != "lecun":
        assert scheme == "he"
    if act.spec.family == "sigmoid":
        assert scheme == "xavier"
    assert len(f.grad_norm) == 30 and np.all((f.dead >= 0) & (f.dead <= 1))


def test_overflow_is_reported_not_warned() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        (f,) = gradflow([actplot.get("exponential")], depth=30, width=64, batch=16)
    assert not np.isfinite(f.grad_norm).all()
    data = f.to_json()
    assert None in data["grad_norm"] and data["first_over_last"] is None


@pytest.mark.parametrize("name", ["softmax", "log_softmax"])
def test_vector_activations_are_refused(name: str) -> None:
    with pytest.raises(ParameterError, match="vector activation"):
        gradflow([actplot.get(name)], depth=2, width=4, batch=4)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"depth": 0}, "depth must be >= 1, not 0"),
        ({"width": -1}, "width must be >= 1, not -1"),
        ({"batch": 2.5}, "batch must be a whole number, not 2.5"),
        (
            {"depth": 1000, "width": 1000, "batch": 100},
            "depth × width × (batch + width) must be at most 16,000,000 (too big for memory), "
            "not 1100000000",
        ),
        (
            {"init": "glorot"},
            "init must be one of 'auto', 'he', 'xavier', 'lecun', 'critical', not 'glorot'",
        ),
    ],
)
def test_bad_sizes_and_init(kwargs: dict, message: str) -> None:
    with pytest.raises(ParameterError, match=re.escape(message)):
        gradflow([actplot.get("relu")], **kwargs)
    if "init" not in kwargs:
        with pytest.raises(ParameterError, match=re.escape(message)):
            check_sizes(kwargs.get("depth", 1), kwargs.get("width", 1), kwargs.get("batch", 1))


def test_figure_draws_one_log_line_per_activation(flows: dict[str, Flow]) -> None:
    from actplot.render.gradflow_plot import plot_gradflow

    shown = [flows["sigmoid"], flows["relu"], flows["binary_step"]]
    fig = plot_gradflow(shown, title="t")
    grad_ax, theory_ax, sd_ax, dead_ax = fig.axes[:4]
    assert grad_ax.get_yscale() == "log" and sd_ax.get_yscale() == "log"
    lines = grad_ax.get_lines()
    assert len(lines) == 3
    np.testing.assert_allclose(lines[0].get_ydata(), flows["sigmoid"].grad_norm)
    assert list(lines[0].get_xdata()) == list(range(1, 31))
    assert np.isnan(lines[2].get_ydata()).all()  # zero gradients: a gap on the log axis
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels[0] == "sigmoid (xavier)" and labels[1] == "relu (he)"
    assert "gradient exactly 0 in 30/30 layers" in labels[2]
    np.testing.assert_array_equal(dead_ax.get_lines()[2].get_ydata(), np.ones(30))
