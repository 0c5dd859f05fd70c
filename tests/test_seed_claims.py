"""The seed articles' claims that the table can check deterministically.

Cost claims (Hard-Swish cheaper than Swish, ELU and Leaky ReLU a little dearer than ReLU,
sigmoid/tanh slow because of the exponential) depend on timing and are not tested here;
the measured outcome is in the README. Where a seed is wrong, the test asserts the truth.
"""

from __future__ import annotations

import math

import pytest

import actplot
from actplot.compute.kinds import Smoothness
from actplot.compute.properties import Properties, properties


@pytest.fixture(scope="module")
def p() -> dict[str, Properties]:
    names = ("sigmoid", "tanh", "relu", "relu6", "leaky_relu", "elu", "selu", "silu",
             "hardswish", "softmax")  # fmt: skip
    return {n: properties(actplot.get(n)) for n in names}


def test_tanh_is_zero_centred_and_sigmoid_is_not(p: dict[str, Properties]) -> None:
    assert p["tanh"].zero_centered and p["tanh"].odd
    assert not p["sigmoid"].zero_centered
    assert p["sigmoid"].mean == pytest.approx(0.5)  # every output positive: mean 1/2


def test_sigmoid_and_tanh_gradients_vanish_for_large_inputs(p: dict[str, Properties]) -> None:
    for name in ("sigmoid", "tanh"):
        prop, act = p[name], actplot.get(name)
        left, right = prop.regions.left, prop.regions.right
        assert left is not None and right is not None, name
        assert -3 < left < 0 < right < 3, name
        assert abs(float(act.derivative(10.0))) < 1e-3 and abs(float(act.derivative(-10.0))) < 1e-3
        assert prop.grad_gain < 0.5  # E f'(z)²: the gradient shrinks through every layer
    # "the gradient is at most 1/4" for the sigmoid, 1 for tanh
    assert p["sigmoid"].max_grad == pytest.approx(0.25)
    assert p["tanh"].max_grad == pytest.approx(1.0)


def test_relu_does_not_saturate_for_positive_inputs_but_dies_for_negative(
    p: dict[str, Properties],
) -> None:
    relu = p["relu"]
    assert relu.regions.right is None and relu.max_grad == 1.0
    (dead,) = relu.regions.dead  # "Dying ReLU": no gradient at all for x < 0
    assert (dead.lo, dead.hi) == (-math.inf, 0.0)
    assert not relu.zero_centered and relu.range.lo == 0 and relu.range.lo_closed
    assert p["leaky_relu"].regions.dead == ()  # Leaky ReLU keeps a gradient there


def test_relu6_is_bounded(p: dict[str, Properties]) -> None:
    assert str(p["relu6"].range) == "[0, 6]"


def test_leaky_relu_with_slope_one_is_the_identity() -> None:
    lin = properties(actplot.get("leaky_relu", negative_slope=1.0))
    assert lin.identity_near_origin and lin.smoothness is Smoothness.CINF
    assert lin.grad_gain == pytest.approx(1.0) and lin.mean == pytest.approx(0, abs=1e-12)


def test_elu_mean_is_nearer_zero_than_relu_but_not_zero_centred(p: dict[str, Properties]):
    # Seed 001 calls ELU zero-centred; its outputs' mean is smaller than ReLU's but, at 0.16
    # with sd 0.79, not within 0.1 sd of 0.
    elu, relu = p["elu"], p["relu"]
    assert 0 < elu.mean < relu.mean
    assert elu.mean == pytest.approx(0.1605, abs=1e-4)
    assert not elu.zero_centered


def test_selu_self_normalises(p: dict[str, Properties]) -> None:
    assert p["selu"].zero_centered
    assert (p["selu"].mean, p["selu"].std) == pytest.approx((0.0, 1.0), abs=1e-6)


def test_swish_is_smooth_where_relu_has_a_corner(p: dict[str, Properties]) -> None:
    assert p["silu"].smoothness is Smoothness.CINF and p["relu"].smoothness is Smoothness.C0
    assert p["hardswish"].smoothness is Smoothness.C0  # the hard version brings corners back


def test_probability_outputs_lie_in_the_open_unit_interval(p: dict[str, Properties]) -> None:
    for name in ("sigmoid", "softmax"):
        assert str(p[name].range) == "(0, 1)", name
    assert str(p["tanh"].range) == "(−1, 1)"
