"""Training: the default run's accuracy, reproducibility, fairness, divergence, the figure."""

from __future__ import annotations

import math
import re
import warnings

import numpy as np
import pytest

import actplot
from actplot.compute.training import History, TrainConfig, parse_hidden, train
from actplot.errors import ParameterError

SHORT = TrainConfig(epochs=15)


def _curves(h: History) -> tuple:
    return h.train_loss, h.test_loss, h.train_acc, h.test_acc, h.diverged_at


def test_relu_on_spirals_with_the_defaults_reaches_0_9() -> None:
    data, (h,) = train([actplot.get("relu")])
    assert data.name == "spirals" and len(h.test_acc) == TrainConfig().epochs
    assert h.test_acc[-1] >= 0.9
    assert h.diverged_at is None and h.seconds > 0


def test_same_seed_same_results_and_another_seed_others() -> None:
    acts = [actplot.get("relu"), actplot.get("tanh")]
    _, a = train(acts, SHORT)
    _, b = train(acts, SHORT)
    assert [_curves(h) for h in a] == [_curves(h) for h in b]
    _, c = train(acts[:1], TrainConfig(epochs=15, seed=1))
    assert _curves(c[0]) != _curves(a[0])


def test_every_activation_gets_the_same_weights_batches_and_optimiser() -> None:
    # leaky_relu with slope 0 is relu: identical curves prove identical everything else
    acts = [actplot.get("relu"), actplot.get("leaky_relu", negative_slope=0), actplot.get("tanh")]
    _, (relu, leaky, tanh) = train(acts, SHORT)
    np.testing.assert_allclose(relu.train_loss, leaky.train_loss, rtol=1e-9)
    assert relu.test_acc == leaky.test_acc
    assert relu.train_loss != tanh.train_loss
    # the order of the activations does not matter either
    _, (alone,) = train(acts[2:], SHORT)
    assert _curves(alone) == _curves(tanh)


@pytest.mark.parametrize("dataset", ["moons", "circles"])
def test_the_two_class_sets_are_learnt_too(dataset: str) -> None:
    data, (h,) = train([actplot.get("relu")], TrainConfig(dataset=dataset, epochs=20))
    assert data.classes == 2 and h.test_acc[-1] > 0.9
    assert h.train_loss[-1] < h.train_loss[0]


def test_a_diverging_run_is_reported_without_warnings() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _, (h,) = train([actplot.get("exponential")], TrainConfig(epochs=5, lr=10.0))
    assert h.diverged_at is not None and len(h.train_loss) == h.diverged_at
    assert not math.isfinite(h.train_loss[-1])
    assert h.train_acc[-1] == 0.0  # nan outputs predict nothing
    data = h.to_json()
    assert data["final"]["train_loss"] is None and data["diverged_at_epoch"] == h.diverged_at


def test_json_has_per_epoch_curves() -> None:
    _, (h,) = train([actplot.get("elu", alpha=0.5)], TrainConfig(epochs=3))
    data = h.to_json()
    assert data["label"] == "elu(alpha=0.5)" and data["params"] == {"alpha": 0.5}
    for key in ("train_loss", "test_loss", "train_accuracy", "test_accuracy"):
        assert len(data[key]) == 3
    assert data["final"]["test_accuracy"] == data["test_accuracy"][-1]


def test_progress_is_reported_per_epoch() -> None:
    seen: list[tuple[int, int]] = []
    train(
        [actplot.get("relu"), actplot.get("tanh")],
        TrainConfig(epochs=2),
        progress=lambda *a: seen.append(a),
    )
    assert seen == [(0, 1), (0, 2), (1, 1), (1, 2)]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"hidden": ()}, "hidden must be one or more layer widths, not ''"),
        ({"hidden": (64, 0)}, "each hidden layer width must be >= 1, not 0"),
        ({"epochs": 0}, "epochs must be >= 1 and <= 100000, not 0"),
        ({"epochs": 2.5}, "epochs must be a whole number, not 2.5"),
        ({"batch": 0}, "batch must be >= 1, not 0"),
        ({"lr": 0.0}, "lr must be > 0, not 0.0"),
        ({"lr": math.inf}, "lr must be finite, not inf"),
        (
            {"hidden": (4096, 4096)},
            "hidden must be widths with at most 4,000,000 weights, not '4096,4096' "
            "(about 17,080,320 weights)",
        ),
        ({"init": "auto"}, "init must be one of 'he', 'xavier', 'lecun', not 'auto'"),
        ({"seed": -1}, "seed must be a whole number >= 0, not -1"),
        ({"seed": 1.0}, "seed must be a whole number >= 0, not 1.0"),
        ({"dataset": "mnist"}, "dataset must be one of 'spirals', 'moons', 'circles', 'digits'"),
        ({"samples": 19}, "samples must be >= 20 and <= 200000, not 19"),
        ({"noise": -0.5}, "noise must be >= 0 and <= 100, not -0.5"),
    ],
)
def test_bad_config(kwargs: dict, message: str) -> None:
    """Refused by TrainConfig.checked, before any data is made, in the one message shape."""
    with pytest.raises(ParameterError, match=re.escape(message)):
        TrainConfig(**kwargs).checked()
    with pytest.raises(ParameterError, match=re.escape(message)):
        train([actplot.get("relu")], TrainConfig(**kwargs))


def test_checked_gives_the_values_it_checked() -> None:
    config = TrainConfig(dataset=" Moons ", init="HE", hidden=(8.0,), epochs=3.0).checked()
    assert (config.dataset, config.init, config.hidden, config.epochs) == ("moons", "he", (8,), 3)
    assert type(config.epochs) is int and type(config.hidden[0]) is int


def test_vector_activations_and_empty_lists_are_refused() -> None:
    with pytest.raises(ParameterError, match="vector activation"):
        train([actplot.get("softmax")], SHORT)
    with pytest.raises(ParameterError, match="at least one activation"):
        train([], SHORT)


def test_parse_hidden() -> None:
    assert parse_hidden("64,64") == (64, 64)
    assert parse_hidden(" 8 ") == (8,)
    with pytest.raises(ParameterError, match="such as 64,64, not '64,x'"):
        parse_hidden("64,x")


def test_figure_has_loss_and_accuracy_per_activation() -> None:
    from actplot.render.training_plot import plot_training

    _, hists = train([actplot.get("relu"), actplot.get("sigmoid")], TrainConfig(epochs=4))
    fig = plot_training(hists, title="spirals")
    loss_ax, acc_ax = fig.axes[:2]
    assert loss_ax.get_yscale() == "log" and acc_ax.get_ylabel() == "accuracy"
    lines = acc_ax.get_lines()
    assert len(lines) == 4  # train and test per activation
    np.testing.assert_allclose(lines[0].get_ydata(), hists[0].train_acc)
    np.testing.assert_allclose(lines[1].get_ydata(), hists[0].test_acc)
    assert lines[1].get_linestyle() == "--"
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert labels == [
        f"relu: test {hists[0].test_acc[-1]:.3f}",
        f"sigmoid: test {hists[1].test_acc[-1]:.3f}",
        "train set",
        "test set",
    ]
