"""The NumPy MLP: backward pass against finite differences, initialisations, Adam, the loss."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
from conftest import ONE_INPUT

import actplot
from actplot.compute.mlp import MLP, Adam, check_elementwise, cross_entropy, init_weights
from actplot.errors import ParameterError

ELEMENTWISE = [n for n in actplot.names(kinds=ONE_INPUT) if not actplot.get(n).is_vector]
VECTOR = [n for n in actplot.names(kinds=ONE_INPUT) if actplot.get(n).is_vector]
SIZES = (3, 5, 4, 3)  # two hidden layers: the derivative enters twice
STEP = 1e-6
MARGIN = 1e-3  # no pre-activation this close to a kink or jump: the differences stay smooth


def _loss(net: MLP, x: np.ndarray, y: np.ndarray) -> float:
    return cross_entropy(net(x), y)[0]


def _network_away_from_kinks(act: actplot.Activation) -> tuple[MLP, np.ndarray, np.ndarray]:
    """A small random network and batch whose hidden pre-activations avoid f's kinks by
    MARGIN, so a step of STEP in any weight cannot cross one."""
    points = np.array([*act.kinks, *act.jumps])
    for seed in range(50):
        rng = np.random.default_rng(seed)
        net = MLP.create(act, SIZES, "xavier", rng)
        net.biases = [rng.normal(0, 0.3, b.shape) for b in net.biases]
        x = rng.standard_normal((6, SIZES[0]))
        y = rng.integers(0, SIZES[-1], 6)
        hidden = np.concatenate([z.ravel() for z in net.forward(x).pre[:-1]])
        if not points.size or np.abs(hidden[:, None] - points[None, :]).min() > MARGIN:
            return net, x, y
    raise AssertionError(f"no draw keeps {act.name}'s pre-activations off its kinks")


@pytest.mark.parametrize("name", ELEMENTWISE)
def test_backward_matches_finite_differences(name: str) -> None:
    act = actplot.get(name)
    net, x, y = _network_away_from_kinks(act)
    trace = net.forward(x)
    grads = net.backward(trace, cross_entropy(trace.output, y)[1])
    analytic = [*grads.weights, *grads.biases]
    for param, grad in zip(net.params, analytic, strict=True):
        numeric = np.zeros_like(param)
        for idx in np.ndindex(param.shape):
            keep = param[idx]
            param[idx] = keep + STEP
            up = _loss(net, x, y)
            param[idx] = keep - STEP
            down = _loss(net, x, y)
            param[idx] = keep
            numeric[idx] = (up - down) / (2 * STEP)
        np.testing.assert_allclose(grad, numeric, rtol=1e-5, atol=1e-8, err_msg=name)


def test_the_gradient_check_covers_kinked_and_smooth_activations() -> None:
    kinked = [n for n in ELEMENTWISE if actplot.get(n).kinks]
    assert {"relu", "leaky_relu", "hardtanh", "elu"} <= set(kinked)
    assert {"tanh", "sigmoid", "gelu", "silu"} <= set(ELEMENTWISE) - set(kinked)


def test_preactivation_gradients_chain_to_the_weight_gradients() -> None:
    net = MLP.create(actplot.get("tanh"), (4, 6, 6, 2), "he", seed=1)
    x = np.random.default_rng(2).standard_normal((8, 4))
    trace = net.forward(x)
    grads = net.backward(trace, np.ones((8, 2)))
    for inp, dz, dw, db in zip(trace.inputs, grads.pre, grads.weights, grads.biases, strict=True):
        np.testing.assert_allclose(dw, inp.T @ dz)
        np.testing.assert_allclose(db, dz.sum(axis=0))


@pytest.mark.parametrize("name", VECTOR)
def test_vector_activations_are_refused(name: str) -> None:
    with pytest.raises(ParameterError, match="vector activation"):
        check_elementwise(actplot.get(name))
    with pytest.raises(ParameterError, match="elementwise"):
        MLP.create(actplot.get(name), (2, 3, 2))


@pytest.mark.parametrize(
    "scheme, variance", [("he", 2 / 400), ("xavier", 2 / 600), ("lecun", 1 / 400)]
)
def test_initialisations_have_their_variance(scheme: str, variance: float) -> None:
    (w,) = init_weights((400, 200), scheme, np.random.default_rng(0))
    assert w.shape == (400, 200)
    assert abs(w.mean()) < 0.01 * math.sqrt(variance) * 10
    assert w.var() == pytest.approx(variance, rel=0.02)


def test_unknown_initialisation() -> None:
    with pytest.raises(
        ParameterError, match="init must be one of 'he', 'xavier', 'lecun', not 'glorot'"
    ):
        init_weights((2, 2), "glorot", np.random.default_rng(0))


def test_cross_entropy_is_stable_and_right() -> None:
    logits = np.array([[1e300, 0.0, -1e300], [0.0, 0.0, 0.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss, grad = cross_entropy(logits, np.array([0, 2]))
    assert loss == pytest.approx(math.log(3) / 2)  # row 1 is certain and right: loss 0
    np.testing.assert_allclose(grad.sum(axis=1), 0, atol=1e-15)
    np.testing.assert_allclose(grad[1], np.array([1, 1, -2]) / 3 / 2)


def test_adam_first_step_is_lr_against_the_gradient_and_converges() -> None:
    p = np.array([1.0, -2.0, 3.0])
    opt = Adam([p], lr=0.1)
    opt.step([np.array([0.5, -4.0, 0.1])])
    np.testing.assert_allclose(p, [0.9, -1.9, 2.9], rtol=1e-6)  # Adam's first step: lr·sign
    for _ in range(2000):
        opt.step([2 * p])  # the gradient of |p|²
    np.testing.assert_allclose(p, 0, atol=1e-3)
