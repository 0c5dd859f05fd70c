"""The softmax family: vector activations that turn a row of logits into a probability
distribution (softmax), its logarithm (log_softmax) or the distribution of the negated logits
(softmin). They act along the last axis; ``d1``/``d2`` give the diagonal ∂y_i/∂x_i and
∂²y_i/∂x_i², ``jacobian`` the full K×K matrix, ``profile`` the 1-D view drawn in plots: one
logit t with the other K−1 logits at 0.

Infinite logits follow the limit: +inf entries share the mass equally and the rest get 0;
−inf entries get 0. A row of all −inf has no limit and is treated as equal logits (uniform).
A nan anywhere in a row makes the whole row nan.
"""

from __future__ import annotations

import math

import numpy as np

from actplot.activations import _logistic
from actplot.activations._blocks import INF, Array, frameworks
from actplot.activations.softmax import _rows as rows
from actplot.model import ActivationSpec, Interval, Param

Parts = tuple[Array, Array, Array, Array]
Profile = tuple[Array, Array, Array]


def _div(x: Array, c: float) -> Array:
    """``x / c`` for c > 0, giving ±inf (not an overflow warning) where it leaves the range."""
    if c >= 1:
        return x / c
    info = np.finfo(x.dtype)
    big = float(info.max) * c * (1 - 4 * float(info.eps))
    over = np.abs(x) / info.max > c
    return np.where(over, np.copysign(INF, x), np.clip(x, -big, big) / c)


def _parts(x: Array, temperature: float) -> Parts:
    """For logits `x` (last axis; 0-d is one logit): z = (x − max)/T, e = e^z, s = Σe and
    rest_i = Σ_{j≠i} e_j. rest is exact for the largest entry too (where s − e would
    cancel), so 1 − y = rest/s keeps full relative accuracy when y is close to 1.
    """
    x = np.atleast_1d(x)
    if x.shape[-1] == 0:
        return x, x, x, x
    m = np.max(x, axis=-1, keepdims=True)
    pos, neg = m == INF, m == -INF
    if pos.any() or neg.any():
        # +inf row: its +inf entries become equal logits 0, the rest −inf; all −inf: uniform.
        zero, minf = x.dtype.type(0), x.dtype.type(-INF)
        x = np.where(pos, np.where(x == INF, zero, minf), np.where(neg, zero, x))
        m = np.where(pos | neg, zero, m)
    # Halving first keeps x − m finite for logits of opposite sign near the float maximum;
    # doubling after the division (not dividing by T/2) keeps a subnormal T from becoming 0.
    z = _div(x / 2 - m / 2, temperature)
    with np.errstate(over="ignore"):  # z <= 0: −inf is the rounding, e^z = 0
        z *= 2
    e = np.exp(z)
    s = np.sum(e, axis=-1, keepdims=True)
    top = np.argmax(z, axis=-1)[..., None]
    others = e.copy()
    np.put_along_axis(others, top, 0, axis=-1)
    rest = s - e
    np.put_along_axis(rest, top, np.sum(others, axis=-1, keepdims=True), axis=-1)
    return z, e, s, rest


def _over_t(y: Array, T: float, inplace: bool = False) -> Array:
    """y/T (in place with `inplace`): with a tiny T the true value may pass the float
    maximum, and ±inf is then its rounding (where y is 0, 0/T stays 0)."""
    if T == 1:
        return y
    with np.errstate(over="ignore"):
        return np.divide(y, T, out=y if inplace else None)


def _over_t2(y: Array, T: float) -> Array:
    """y/T² as two divisions: T² itself would underflow to 0 (T < 1e-162) or overflow."""
    return _over_t(_over_t(y, T), T)


def softmax(x: Array, temperature: float = 1.0, k: int = 3) -> Array:
    r"""Softmax: :math:`y_i = e^{x_i/T} / \sum_j e^{x_j/T}` along the last axis. Smooth."""
    return rows.evaluate(x, temperature, 1.0, "p", False)[0]


def softmax_fused(x: Array, temperature: float = 1.0, k: int = 3) -> tuple[Array, Array]:
    """(y, ∂y_i/∂x_i) with ∂y_i/∂x_i = y_i(1 − y_i)/T."""
    y, d = rows.evaluate(x, temperature, 1.0, "p", True)
    d *= y
    return y, _over_t(d, temperature, inplace=True)


def softmax_d1(x: Array, temperature: float = 1.0, k: int = 3) -> Array:
    return softmax_fused(x, temperature)[1]


def softmax_d2(x: Array, temperature: float = 1.0, k: int = 3) -> Array:
    """∂²y_i/∂x_i² = y_i(1 − y_i)(1 − 2y_i)/T², with 1 − 2y_i = (rest_i − e_i)/s."""
    z, e, s, rest = _parts(x, temperature)
    return _over_t2((e / s) * (rest / s) * ((rest - e) / s), temperature).reshape(x.shape)


def log_softmax(x: Array, temperature: float = 1.0, k: int = 3) -> Array:
    r"""Log-softmax: :math:`x_i/T - \log\sum_j e^{x_j/T}`; −inf where softmax is 0."""
    return rows.evaluate(x, temperature, 1.0, "log", False)[0]


def log_softmax_fused(x: Array, temperature: float = 1.0, k: int = 3) -> tuple[Array, Array]:
    """(y, ∂y_i/∂x_i) with ∂y_i/∂x_i = (1 − p_i)/T, p = softmax(x/T)."""
    y, d = rows.evaluate(x, temperature, 1.0, "log", True)
    return y, _over_t(d, temperature, inplace=True)


def log_softmax_d1(x: Array, temperature: float = 1.0, k: int = 3) -> Array:
    return log_softmax_fused(x, temperature)[1]


def log_softmax_d2(x: Array, temperature: float = 1.0, k: int = 3) -> Array:
    """∂²y_i/∂x_i² = −p_i(1 − p_i)/T²."""
    return _over_t(-softmax_d1(x, temperature), temperature)


def softmin(x: Array, temperature: float = 1.0, k: int = 3) -> Array:
    r"""Softmin: :math:`e^{-x_i/T} / \sum_j e^{-x_j/T}`, the softmax of −x. Smooth."""
    return rows.evaluate(x, temperature, -1.0, "p", False)[0]


def softmin_fused(x: Array, temperature: float = 1.0, k: int = 3) -> tuple[Array, Array]:
    """(y, ∂y_i/∂x_i) with ∂y_i/∂x_i = −y_i(1 − y_i)/T (chain rule through −x)."""
    y, d = rows.evaluate(x, temperature, -1.0, "p", True)
    d *= -y
    return y, _over_t(d, temperature, inplace=True)


def softmin_d1(x: Array, temperature: float = 1.0, k: int = 3) -> Array:
    return softmin_fused(x, temperature)[1]


def softmin_d2(x: Array, temperature: float = 1.0, k: int = 3) -> Array:
    """∂²y_i/∂x_i² = y_i(1 − y_i)(1 − 2y_i)/T² (the sign flips twice)."""
    return softmax_d2(-x, temperature)


def _jacobian(x: Array, temperature: float, sign: float, log: bool) -> Array:
    T = temperature
    z, e, s, rest = _parts(-x if sign < 0 else x, T)
    y = e / s
    if log:  # (δ_ij − p_j)/T
        jac = np.broadcast_to(_over_t(-y, T), (x.size, x.size)).copy()
        np.fill_diagonal(jac, _over_t(rest / s, T))
        return jac
    jac = _over_t(-np.outer(y, y), T)  # y_i(δ_ij − y_j)/T, the diagonal without cancellation
    np.fill_diagonal(jac, _over_t(y * (rest / s), T))
    return jac * sign


def softmax_jacobian(x: Array, temperature: float = 1.0, k: int = 3) -> Array:
    """J_ij = y_i(δ_ij − y_j)/T."""
    return _jacobian(x, temperature, 1.0, log=False)


def log_softmax_jacobian(x: Array, temperature: float = 1.0, k: int = 3) -> Array:
    """J_ij = (δ_ij − p_j)/T with p = softmax(x/T)."""
    return _jacobian(x, temperature, 1.0, log=True)


def softmin_jacobian(x: Array, temperature: float = 1.0, k: int = 3) -> Array:
    """J_ij = −y_i(δ_ij − y_j)/T with y = softmin(x)."""
    return _jacobian(x, temperature, -1.0, log=False)


def _sigmoid_profile(u: Array, T: float, sign: float) -> Profile:
    """σ(u) with u = ±t/T − log(K−1), and its t-derivatives; 1 − 2σ(u) = −tanh(u/2)."""
    p, q = _logistic.expit(u), _logistic.expit(-u)
    return p, sign * _over_t(p * q, T), _over_t2(-p * q * np.tanh(u / 2), T)


def softmax_profile(t: Array, temperature: float = 1.0, k: int = 3) -> Profile:
    """One logit t, the other K−1 at 0: σ(t/T − log(K−1))."""
    u = _div(t, temperature) - math.log(k - 1)
    return _sigmoid_profile(u, temperature, 1.0)


def log_softmax_profile(t: Array, temperature: float = 1.0, k: int = 3) -> Profile:
    """One logit t, the other K−1 at 0: log σ(t/T − log(K−1))."""
    T = temperature
    u = _div(t, T) - math.log(k - 1)
    p, q = _logistic.expit(u), _logistic.expit(-u)
    return _logistic.log_expit(u), _over_t(q, T), _over_t2(-p * q, T)


def softmin_profile(t: Array, temperature: float = 1.0, k: int = 3) -> Profile:
    """One logit t, the other K−1 at 0: σ(−t/T − log(K−1))."""
    v = -_div(t, temperature) - math.log(k - 1)
    return _sigmoid_profile(v, temperature, -1.0)


PARAMS = (
    Param(
        "temperature",
        1.0,
        "divides the logits: high T flattens, low T sharpens",
        bounds=Interval.above(0.0),
        span=(0.1, 5.0),
    ),
    Param(
        "k",
        3,
        "number of logits K in the 1-D plot (one logit t, the other K−1 at 0); "
        "ignored when applied to real vectors",
        bounds=Interval.closed(2, 1000),
        integer=True,
        span=(2, 20),
    ),
)
NOTE = "plots show one logit t with the other K−1 logits at 0"
SMOOTH = "no kinks: smooth everywhere (built from exp and log), so f' and f'' are analytic"
BRIDLE = (
    "Bridle, Probabilistic interpretation of feedforward classification network outputs, "
    "with relationships to statistical pattern recognition, in Neurocomputing (NATO ASI "
    "Series F68), Springer 1990"
)
INFS = (
    "PyTorch 2.13 gives nan for a row with a +inf logit (softmin: −inf) or all −inf; actplot "
    "takes the limit (+inf logits share the mass, all −inf is uniform). PyTorch needs dim= (its "
    "implicit choice is deprecated); JAX and Keras default to the last axis. None of them "
    "has a temperature: divide the logits by T first"
)

SOFTMAX = ActivationSpec(
    name="softmax",
    symbols={"temperature": "T"},
    family="softmax",
    forward=softmax,
    d1=softmax_d1,
    fused=softmax_fused,
    d2=softmax_d2,
    formula=r"$y_i = \frac{e^{x_i/T}}{\sum_j e^{x_j/T}}$",
    derivative_formula=r"$\frac{\partial y_i}{\partial x_j} = y_i(\delta_{ij} - y_j)/T$",
    text=f"exp(x_i / T) / sum_j exp(x_j / T) over the last axis; {NOTE}",
    range=Interval(0.0, 1.0),
    params=PARAMS,
    kink_rule=SMOOTH,
    reference=BRIDLE,
    pros=(
        "outputs are positive and sum to 1: a categorical distribution",
        "a smooth, differentiable stand-in for argmax",
        "with cross-entropy, the gradient is simply prediction minus target",
    ),
    cons=(
        "couples the whole row: one large logit pushes every other output down",
        "saturates: confident outputs have almost no gradient",
        "needs the max subtracted to avoid overflow",
    ),
    use="the output layer of multi-class classifiers and the weights of attention",
    aliases=("softargmax", "normalized_exponential"),
    frameworks=frameworks("softmax", "jax.nn.softmax", "softmax"),
    framework_notes=INFS,
    vector=True,
    jacobian=softmax_jacobian,
    profile=softmax_profile,
)

LOG_SOFTMAX = ActivationSpec(
    name="log_softmax",
    symbols={"temperature": "T"},
    family="softmax",
    forward=log_softmax,
    d1=log_softmax_d1,
    fused=log_softmax_fused,
    d2=log_softmax_d2,
    formula=r"$y_i = \frac{x_i}{T} - \log\sum_j e^{x_j/T}$",
    derivative_formula=r"$\frac{\partial y_i}{\partial x_j} = (\delta_{ij} - p_j)/T,"
    r"\ p = \mathrm{softmax}(x/T)$",
    text=f"x_i / T - log(sum_j exp(x_j / T)) over the last axis; {NOTE}",
    range=Interval(-INF, 0.0),
    params=PARAMS,
    kink_rule=SMOOTH,
    reference=BRIDLE,
    pros=(
        "log-probabilities without the underflow of log(softmax(x))",
        "pairs with the negative log-likelihood loss for a stable cross-entropy",
    ),
    cons=(
        "outputs are not probabilities: exponentiate to get them",
        "unbounded below, so very unlikely classes give huge negative numbers",
    ),
    use="the last layer before a negative log-likelihood loss, and sequence models",
    frameworks=frameworks("log_softmax", "jax.nn.log_softmax", "log_softmax"),
    framework_notes=INFS,
    vector=True,
    jacobian=log_softmax_jacobian,
    profile=log_softmax_profile,
)

SOFTMIN = ActivationSpec(
    name="softmin",
    symbols={"temperature": "T"},
    family="softmax",
    forward=softmin,
    d1=softmin_d1,
    fused=softmin_fused,
    d2=softmin_d2,
    formula=r"$y_i = \frac{e^{-x_i/T}}{\sum_j e^{-x_j/T}}$",
    derivative_formula=r"$\frac{\partial y_i}{\partial x_j} = -y_i(\delta_{ij} - y_j)/T$",
    text=f"exp(-x_i / T) / sum_j exp(-x_j / T) over the last axis; {NOTE}",
    range=Interval(0.0, 1.0),
    params=PARAMS,
    kink_rule=SMOOTH,
    reference=BRIDLE + " (softmax of the negated inputs)",
    pros=(
        "turns costs or distances into weights: the smallest gets the most",
        "a smooth, differentiable stand-in for argmin",
    ),
    cons=(
        "the same as softmax(-x), so rarely worth a name of its own",
        "saturates like softmax",
    ),
    use="soft nearest-neighbour or lowest-cost selection",
    frameworks=frameworks("softmin", "", ""),
    framework_notes=INFS + "; JAX and Keras have no softmin: use softmax(-x)",
    vector=True,
    jacobian=softmin_jacobian,
    profile=softmin_profile,
)

SPECS = (SOFTMAX, LOG_SOFTMAX, SOFTMIN)
