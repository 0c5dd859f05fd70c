"""The sigmoid/tanh family: smooth, bounded S-shaped squashing functions built on
exponentials (logistic sigmoid, tanh) and the log-sigmoid. sigmoid_algebraic.py holds the
algebraic ones (softsign, arctan, ISRU)."""

from __future__ import annotations

import numpy as np

from actplot.activations._blocks import INF, SMOOTH, Array, frameworks, pair
from actplot.activations._logistic import expit, expit_and_slope, log_expit
from actplot.model import ActivationSpec, Interval


def sigmoid(x: Array) -> Array:
    r"""Logistic sigmoid :math:`\sigma(x) = 1/(1 + e^{-x})`, stable in both tails."""
    return expit(x)


def sigmoid_fused(x: Array) -> tuple[Array, Array]:
    y, d = pair(x)
    # σ' = σ(x)σ(−x), relative-accurate in both tails (not σ(1 − σ), where 1 − σ loses
    # all digits for large x), from the same exp as σ.
    return expit_and_slope(x, y, d, np.empty_like(x))


def sigmoid_d1(x: Array) -> Array:
    return sigmoid_fused(x)[1]  # the fused form's rounding, so f' is one float either way


def sigmoid_d2(x: Array) -> Array:
    # σ'' = σ(1 − σ)(1 − 2σ) and 1 − 2σ(x) = −tanh(x/2).
    return -sigmoid_d1(x) * np.tanh(x / 2)


def tanh(x: Array) -> Array:
    r"""Hyperbolic tangent :math:`(e^x - e^{-x})/(e^x + e^{-x})`."""
    return np.tanh(x)


def _sech2_into(x: Array, out: Array, scratch: Array) -> Array:
    """sech²x = 4e/(1 + e)² with e = e^(−2|x|): no 1 − tanh² cancellation for large |x|."""
    np.abs(x, out=out)
    with np.errstate(over="ignore"):  # −2|x| = −inf for |x| > max/2: e = 0, sech² = 0
        out *= -2.0
    np.exp(out, out=out)
    np.add(out, 1.0, out=scratch)
    scratch *= scratch
    out *= 4.0
    out /= scratch
    return out


def tanh_d1(x: Array) -> Array:
    return _sech2_into(x, np.empty_like(x), np.empty_like(x))


def tanh_fused(x: Array) -> tuple[Array, Array]:
    y, d = pair(x)
    _sech2_into(x, d, y)  # y is scratch space until tanh overwrites it
    return np.tanh(x, out=y), d


def tanh_d2(x: Array) -> Array:
    return -2 * np.tanh(x) * tanh_d1(x)


def logsigmoid(x: Array) -> Array:
    r"""Log-sigmoid :math:`\log\sigma(x) = -\log(1 + e^{-x})`; about x for x → −∞."""
    return log_expit(x)


def logsigmoid_fused(x: Array) -> tuple[Array, Array]:
    y, d = pair(x)
    log_expit(x, out=y)
    np.negative(x, out=d)
    return y, expit(d, out=d)  # f' = σ(−x)


def logsigmoid_d1(x: Array) -> Array:
    return logsigmoid_fused(x)[1]


def logsigmoid_d2(x: Array) -> Array:
    return -sigmoid_d1(x)


SATURATES = "saturates: gradients vanish for large |x|"

SIGMOID = ActivationSpec(
    name="sigmoid",
    family="sigmoid",
    forward=sigmoid,
    d1=sigmoid_d1,
    fused=sigmoid_fused,
    nan_safe=(0, 1),
    d2=sigmoid_d2,
    formula=r"$\sigma(x) = \frac{1}{1+e^{-x}}$",
    derivative_formula=r"$\sigma(x)\,(1-\sigma(x))$",
    text="1 / (1 + exp(-x))",
    range=Interval(0.0, 1.0),
    kink_rule=SMOOTH,
    reference="Verhulst's logistic curve (1845); as a neuron's output in Rumelhart, "
    "Hinton & Williams, Learning representations by back-propagating errors, 1986",
    pros=(
        "reads directly as a probability in (0, 1)",
        "smooth, monotone and cheap to differentiate: f' = f(1 − f)",
    ),
    cons=(
        SATURATES,
        "the slope is at most 0.25, so stacked layers shrink gradients",
        "outputs are always positive: not zero-centred",
    ),
    use="binary-classification outputs and the gates of LSTMs and GRUs",
    aliases=("logistic", "expit", "sigm"),
    frameworks=frameworks("sigmoid", "jax.nn.sigmoid", "sigmoid"),
)

TANH = ActivationSpec(
    name="tanh",
    family="sigmoid",
    forward=tanh,
    d1=tanh_d1,
    fused=tanh_fused,
    nan_safe=(0, 1),
    d2=tanh_d2,
    formula=r"$\tanh x = \frac{e^{x}-e^{-x}}{e^{x}+e^{-x}}$",
    derivative_formula=r"$1-\tanh^2 x$",
    text="tanh(x) = (exp(x) - exp(-x)) / (exp(x) + exp(-x))",
    range=Interval(-1.0, 1.0),
    kink_rule=SMOOTH,
    reference="LeCun, Bottou, Orr & Müller, Efficient BackProp, 1998 (argues for tanh "
    "over the logistic sigmoid in hidden layers)",
    pros=(
        "zero-centred outputs in (−1, 1)",
        "slope 1 at the origin: four times the logistic sigmoid's",
    ),
    cons=(SATURATES, "an exponential per element"),
    use="recurrent cells (the LSTM/GRU candidate state) and bounded outputs",
    aliases=("hyperbolic_tangent",),
    frameworks=frameworks("tanh", "jax.nn.tanh", "tanh"),
)

LOGSIGMOID = ActivationSpec(
    name="logsigmoid",
    family="sigmoid",
    forward=logsigmoid,
    d1=logsigmoid_d1,
    fused=logsigmoid_fused,
    nan_safe=(0, 1),
    d2=logsigmoid_d2,
    formula=r"$\log\sigma(x) = -\log(1+e^{-x})$",
    derivative_formula=r"$\sigma(-x) = 1-\sigma(x)$",
    text="log(1 / (1 + exp(-x))) = -softplus(-x)",
    range=Interval(-INF, 0.0),
    kink_rule=SMOOTH,
    reference="the log-likelihood of logistic regression (Cox, The regression "
    "analysis of binary sequences, 1958)",
    pros=(
        "the log-probability of a sigmoid output, computed without taking log of 0",
        "gradient never vanishes on the negative side (it tends to 1)",
    ),
    cons=("unbounded below and never positive", "rarely a good hidden-layer choice"),
    use="log-likelihood losses (binary cross-entropy, negative sampling in word2vec)",
    frameworks=frameworks("logsigmoid", "jax.nn.log_sigmoid", "log_sigmoid"),
)

SPECS = (SIGMOID, TANH, LOGSIGMOID)
