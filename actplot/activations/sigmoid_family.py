"""The sigmoid/tanh family: smooth, bounded S-shaped squashing functions (logistic sigmoid,
tanh, softsign, arctan, ISRU) and the log-sigmoid."""

from __future__ import annotations

import math

import numpy as np

from actplot._special import expit, log_expit
from actplot.activations._common import Array, frameworks
from actplot.core import ActivationSpec, Interval, Param
from actplot.registry import register

INF = math.inf
SMOOTH = "smooth everywhere: no kinks"


def _finite(x: Array) -> Array:
    """x with ±inf replaced by the largest finite float of its dtype (f is flat out there)."""
    big = np.finfo(x.dtype).max
    return np.clip(x, -big, big)


def sigmoid(x: Array) -> Array:
    r"""Logistic sigmoid :math:`\sigma(x) = 1/(1 + e^{-x})`."""
    return expit(x)


def sigmoid_d1(x: Array) -> Array:
    # σ(x)σ(−x) rather than σ(1 − σ): 1 − σ loses all digits for large x.
    return expit(x) * expit(-x)


def sigmoid_d2(x: Array) -> Array:
    # σ'' = σ(1 − σ)(1 − 2σ) and 1 − 2σ(x) = −tanh(x/2).
    return -sigmoid_d1(x) * np.tanh(x / 2)


def tanh(x: Array) -> Array:
    r"""Hyperbolic tangent :math:`(e^x - e^{-x})/(e^x + e^{-x})`."""
    return np.tanh(x)


def tanh_d1(x: Array) -> Array:
    # sech²x = 4e/(1 + e)² with e = exp(−2|x|) (as exp(−|x|)², since −2|x| can overflow):
    e = np.exp(-np.abs(x))  # no 1 − tanh² cancellation for large |x|
    e = e * e
    return 4 * e / ((1 + e) * (1 + e))


def tanh_d2(x: Array) -> Array:
    return -2 * np.tanh(x) * tanh_d1(x)


def logsigmoid(x: Array) -> Array:
    r"""Log-sigmoid :math:`\log\sigma(x) = -\log(1 + e^{-x})`; about x for x → −∞."""
    return log_expit(x)


def logsigmoid_d1(x: Array) -> Array:
    return expit(-x)


def logsigmoid_d2(x: Array) -> Array:
    return -sigmoid_d1(x)


def softsign(x: Array) -> Array:
    r"""Softsign :math:`x/(1 + |x|)`. f'' jumps from 2 to −2 at 0, where it is 0 (PyTorch)."""
    xf = _finite(x)
    return xf / (1 + np.abs(xf))


def softsign_d1(x: Array) -> Array:
    r = 1 / (1 + np.abs(x))
    return r * r


def softsign_d2(x: Array) -> Array:
    r = 1 / (1 + np.abs(x))
    return -2 * np.sign(x) * (r * r * r)


def arctan(x: Array) -> Array:
    r"""Arctangent :math:`\arctan x`, with range (−π/2, π/2)."""
    return np.arctan(x)


def arctan_d1(x: Array) -> Array:
    r = 1 / np.hypot(1.0, x)  # 1/sqrt(1 + x²) without overflowing x²
    return r * r


def arctan_d2(x: Array) -> Array:
    # −2x/(1 + x²)² = −2 (x r) r³ with r = 1/sqrt(1 + x²) and |x r| <= 1.
    r = 1 / np.hypot(1.0, x)
    return -2 * (_finite(x) * r) * (r * r * r)


def _isru_parts(x: Array, alpha: float) -> tuple[Array, Array]:
    """(f, r) with r = 1/sqrt(1 + αx²) and f = x·r, free of overflow for every x."""
    s = math.sqrt(alpha)
    c = 1 / s  # the saturation level; s·|x| <= 1 exactly when |x| <= c
    a = np.abs(x)
    small = a <= c
    u = s * np.minimum(a, c)
    r_small = 1 / np.sqrt(1 + u * u)
    t = c / np.maximum(a, c)  # 1/(s|x|) on the large side, 0 at ±inf
    root = np.sqrt(1 + t * t)
    r = np.where(small, r_small, t / root)
    f = np.where(small, np.minimum(a, c) * r_small, c / root)
    return np.copysign(f, x), r


def isru(x: Array, alpha: float = 1.0) -> Array:
    r"""Inverse square root unit :math:`x/\sqrt{1 + \alpha x^2}`; saturates at ±1/√α."""
    return _isru_parts(x, alpha)[0]


def isru_d1(x: Array, alpha: float = 1.0) -> Array:
    r = _isru_parts(x, alpha)[1]
    return r * r * r


def isru_d2(x: Array, alpha: float = 1.0) -> Array:
    # −3αx(1 + αx²)^(−5/2) = −3α f r⁴, with α f bounded by √α.
    f, r = _isru_parts(x, alpha)
    r2 = r * r
    return -3 * alpha * f * (r2 * r2)


SATURATES = "saturates: gradients vanish for large |x|"

register(
    ActivationSpec(
        name="sigmoid",
        family="sigmoid",
        forward=sigmoid,
        d1=sigmoid_d1,
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
)

register(
    ActivationSpec(
        name="tanh",
        family="sigmoid",
        forward=tanh,
        d1=tanh_d1,
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
)

register(
    ActivationSpec(
        name="logsigmoid",
        family="sigmoid",
        forward=logsigmoid,
        d1=logsigmoid_d1,
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
)

register(
    ActivationSpec(
        name="softsign",
        family="sigmoid",
        forward=softsign,
        d1=softsign_d1,
        d2=softsign_d2,
        formula=r"$\frac{x}{1+|x|}$",
        derivative_formula=r"$\frac{1}{(1+|x|)^2}$",
        text="x / (1 + |x|)",
        range=Interval(-1.0, 1.0),
        kink_rule="f and f' are continuous (f'(0) = 1); f'' jumps from 2 to −2 at 0 and "
        "is taken as 0 there, as PyTorch 2.13's double backward gives",
        reference="Bergstra et al., Quadratic polynomials learn better image features, "
        "2009; studied by Glorot & Bengio, AISTATS 2010",
        pros=(
            "zero-centred like tanh but needs no exponential",
            "approaches ±1 polynomially, so it saturates more gently than tanh",
        ),
        cons=("gradients still vanish, only more slowly", "f'' is discontinuous at 0"),
        use="a cheaper tanh substitute in hidden or output layers",
        frameworks=frameworks("softsign", "jax.nn.soft_sign", "softsign"),
        framework_notes="JAX spells it soft_sign; PyTorch and Keras softsign",
    )
)

register(
    ActivationSpec(
        name="arctan",
        family="sigmoid",
        forward=arctan,
        d1=arctan_d1,
        d2=arctan_d2,
        formula=r"$\arctan x$",
        derivative_formula=r"$\frac{1}{1+x^2}$",
        text="arctan(x)",
        range=Interval(-math.pi / 2, math.pi / 2),
        kink_rule=SMOOTH,
        reference="a classical squashing function with no single founding paper; studied "
        "in Pervan Akman, Tümer Sivri & Berkol, The impact of irrationals on the range "
        "of arctan activation function for deep learning models, IJET 2025",
        pros=(
            "zero-centred with slope 1 at the origin",
            "tails approach ±π/2 like 1/x: slower saturation than tanh",
        ),
        cons=("range (−π/2, π/2) is not a probability", "no framework lists it as an activation"),
        use="an alternative bounded, zero-centred squashing function",
        aliases=("atan", "inverse_tangent"),
        frameworks=frameworks("arctan", "jax.numpy.arctan", ""),
        framework_notes="torch.arctan and jax.numpy.arctan are plain math ops, not listed "
        "activations; Keras has no arctan activation",
    )
)

register(
    ActivationSpec(
        name="isru",
        family="sigmoid",
        forward=isru,
        d1=isru_d1,
        d2=isru_d2,
        formula=r"$\frac{x}{\sqrt{1+\alpha x^2}}$",
        derivative_formula=r"$\left(\frac{1}{\sqrt{1+\alpha x^2}}\right)^3$",
        text="x / sqrt(1 + alpha * x**2)",
        range=Interval(-1.0, 1.0),
        params=(
            Param(
                "alpha",
                1.0,
                "sets the saturation level ±1/sqrt(alpha)",
                low=0.0,
                low_open=True,
                span=(0.1, 4.0),
            ),
        ),
        kink_rule=SMOOTH,
        reference="Carlile et al., Improving deep learning by inverse square root linear "
        "units (ISRLUs), 2017",
        pros=(
            "tanh-like shape from a reciprocal square root, cheaper than exponentials",
            "alpha tunes the output range ±1/sqrt(alpha)",
        ),
        cons=(SATURATES, "no framework ships it: a custom layer"),
        use="recurrent networks where a cheaper tanh replacement is wanted",
        aliases=("inverse_square_root_unit",),
        frameworks=frameworks(),
    )
)
