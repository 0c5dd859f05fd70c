"""Sparsemax (Martins & Astudillo 2016): the Euclidean projection of a row of logits onto
the probability simplex, p = argmin ‖p − z‖² over p ≥ 0, Σp = 1, along the last axis.

p_i = max(z_i − τ, 0), with τ found from the sorted row z₍₁₎ ≥ z₍₂₎ ≥ ...: the support size
k = max{j : 1 + j·z₍ⱼ₎ > z₍₁₎ + ... + z₍ⱼ₎} and τ = (z₍₁₎ + ... + z₍ₖ₎ − 1)/k. Piecewise
linear: J = diag(s) − s sᵀ/|S| with s_i = [p_i > 0] (the support S), and f'' = 0.

At a support change (z_i = τ, so p_i = 0) entry i counts as outside the support, as in the
hand-written backward passes of entmax and TensorFlow Addons: the one-sided value from the
side where i is not in S. Shift invariance makes the row's maximum 0 first; entries more than
1 below it are never in the support, so they are clipped to −2 (no overflow for logits of
opposite sign near the float maximum). Infinite logits follow the softmax family's limits:
+inf entries share the mass equally (the rest get 0), −inf entries get 0, a row of all −inf
is uniform, and a nan anywhere makes its whole row nan.
"""

from __future__ import annotations

import numpy as np

from actplot.activations._blocks import INF, Array, frameworks
from actplot.activations.softmax.softmax import PARAMS
from actplot.model import ActivationSpec, Interval

Profile = tuple[Array, Array, Array]


def _shifted(x: Array) -> tuple[Array, Array]:
    """(z, nan0): z = x − max along the last axis clipped to [−2, 0], with infinite rows
    rewritten as their limits; nan0 is 0 per row, nan for a row holding a nan (add it to
    spread the nan over the row)."""
    m = np.max(x, axis=-1, keepdims=True)
    pos, neg = m == INF, m == -INF
    if pos.any() or neg.any():
        zero, minf = x.dtype.type(0), x.dtype.type(-INF)
        x = np.where(pos, np.where(x == INF, zero, minf), np.where(neg, zero, x))
        m = np.where(pos | neg, zero, m)
    with np.errstate(over="ignore"):  # opposite-sign logits near max: −inf, clipped to −2
        z = np.subtract(x, m)
    np.clip(z, -2.0, 0.0, out=z)
    nan0 = np.multiply(m, 0.0, out=m)  # m is finite or nan here
    return z, nan0


def _project(x: Array) -> tuple[Array, Array]:
    """(p, nan0) for logits `x` (at least 1-D, a non-empty last axis)."""
    z, nan0 = _shifted(x)
    zs = np.sort(z, axis=-1)[..., ::-1]
    cs = np.cumsum(zs, axis=-1)
    j = np.arange(1, z.shape[-1] + 1, dtype=z.dtype)
    zs *= j
    zs += 1.0
    k = np.count_nonzero(zs > cs, axis=-1, keepdims=True)  # 1 + j·z₍ⱼ₎ > Σ_{i<=j} z₍ᵢ₎
    np.maximum(k, 1, out=k)  # a nan row counts 0: keep the division quiet
    tau = np.take_along_axis(cs, k - 1, axis=-1)
    tau -= 1.0
    tau /= k.astype(z.dtype)
    z -= tau
    p = np.clip(z, 0.0, INF, out=z)
    p += nan0
    return p, nan0


def sparsemax(x: Array, k: int = 3) -> Array:
    r"""Sparsemax :math:`p_i = \max(x_i - \tau(x), 0)` along the last axis: exact zeros
    outside the support; rows sum to 1."""
    if x.shape[-1] == 0:
        return x.copy()
    return _project(x)[0]


def _diagonal(p: Array, nan0: Array) -> Array:
    """∂p_i/∂x_i = s_i(1 − 1/|S|), s_i = [p_i > 0]."""
    s = np.greater(p, 0.0, out=np.empty_like(p))
    n = np.sum(s, axis=-1, keepdims=True)
    np.maximum(n, 1.0, out=n)
    d = s / n
    np.subtract(s, d, out=d)
    d += nan0
    return d


def sparsemax_fused(x: Array, k: int = 3) -> tuple[Array, Array]:
    """(p, ∂p_i/∂x_i) from one projection."""
    if x.shape[-1] == 0:
        return x.copy(), x.copy()
    p, nan0 = _project(x)
    return p, _diagonal(p, nan0)


def sparsemax_d1(x: Array, k: int = 3) -> Array:
    return sparsemax_fused(x)[1]


def sparsemax_d2(x: Array, k: int = 3) -> Array:
    """∂²p_i/∂x_i² = 0: piecewise linear (nan over a row with a nan)."""
    if x.shape[-1] == 0:
        return x.copy()
    return np.zeros_like(x) + _shifted(x)[1]


def sparsemax_jacobian(x: Array, k: int = 3) -> Array:
    """J = diag(s) − s sᵀ/|S| at a 1-D `x` (symmetric, rows summing to 0)."""
    p, nan0 = _project(x)
    s = np.greater(p, 0.0, out=np.empty_like(p))
    n = max(float(s.sum()), 1.0)
    jac = np.outer(s, s / n)
    np.negative(jac, out=jac)
    jac[np.diag_indices_from(jac)] += s
    jac += nan0  # nan0 has one element: 0, or nan for a row with a nan
    return jac


def _ramp(t: Array, m: int) -> Array:
    """v = m·t + 1 for the integer m = K − 1 <= 999, with t clipped to ±2 (beyond, v has the
    sign and the clipped ramp the value it needs) and one rounding only: t = t_hi + t_lo by
    Veltkamp's split, m·t_hi and m·t_lo are exact (few bits each), and m·t_hi + 1 is exact
    where it cancels. So the sign of v, whether t is inside the ramp, is exact even next to
    a kink −1/(K−1) that is not a float."""
    t = np.clip(t, -2.0, 2.0)
    split = 2.0 ** (27 if t.dtype == np.float64 else 12) + 1.0
    c = t * split
    hi = c - (c - t)
    lo = t - hi
    hi *= float(m)
    hi += 1.0
    lo *= float(m)
    hi += lo
    return hi


def sparsemax_profile(t: Array, k: int = 3) -> Profile:
    """One logit t, the other K−1 at 0: clip(((K−1)t + 1)/K, 0, 1), the support being all K
    logits on (−1/(K−1), 1), {t} from 1 up, the K−1 zeros from −1/(K−1) down. f' is (K−1)/K
    on the open interval and 0 at both ends (the convention above), f'' = 0."""
    t = np.atleast_1d(t)  # 0-d: one logit (the caller restores the shape)
    v = _ramp(t, k - 1)
    d = np.greater(v, 0.0, out=np.empty_like(t))
    d *= t < 1.0
    d *= (k - 1) / k
    v /= float(k)
    return np.clip(v, 0.0, 1.0, out=v), d, np.zeros_like(t)


SPARSEMAX = ActivationSpec(
    name="sparsemax",
    family="softmax",
    forward=sparsemax,
    d1=sparsemax_d1,
    fused=sparsemax_fused,
    d2=sparsemax_d2,
    formula=r"$y_i = \max(x_i - \tau(x),\ 0)$, $\sum_i y_i = 1$",
    derivative_formula=r"$\frac{\partial y_i}{\partial x_j} = s_i\delta_{ij} - "
    r"\frac{s_i s_j}{|S|},\ s_i = [y_i > 0]$",
    text="max(x_i - tau, 0) over the last axis, tau chosen so that the row sums to 1 (the "
    "projection onto the simplex); plots show one logit t with the other K-1 logits at 0",
    where=r"$\tau$: the threshold, $S$: the support $\{i: y_i > 0\}$",
    range=Interval(0.0, 1.0, lo_closed=True, hi_closed=True),
    params=PARAMS[1:],  # K only: sparsemax has no temperature
    kinks=lambda p: (-1.0 / (p["k"] - 1), 1.0),
    kink_rule="piecewise linear, f'' = 0; where the support changes (x_i = τ, y_i = 0) "
    "entry i counts as outside it, as entmax's and TensorFlow Addons' backward passes: for "
    "the profile (K = 3) f(−0.5) = 0, f'(−0.5) = 0 (left-hand) and f(1) = 1, f'(1) = 0 "
    "(right-hand: t alone in the support); f' = (K − 1)/K = 2/3 between",
    reference="Martins & Astudillo, From softmax to sparsemax: a sparse model of attention "
    "and multi-label classification, ICML 2016 (arXiv:1602.02068)",
    pros=(
        "exact zeros: a sparse distribution, so the attention or the prediction names a "
        "few entries outright",
        "piecewise linear with a cheap Jacobian (diag(s) − ssᵀ/|S|): no exponentials",
    ),
    cons=(
        "entries outside the support get no gradient at all",
        "needs a sort (or a selection) per row: O(K log K)",
        "not a log-probability: log of the zeros is −inf, so it pairs with the sparsemax "
        "loss, not cross-entropy",
    ),
    use="sparse attention and multi-label outputs; entmax generalises it (α = 2 is sparsemax)",
    aliases=("sparse_max",),
    frameworks=frameworks("", "", "sparsemax"),
    framework_notes="keras.activations.sparsemax / keras.ops.sparsemax (Keras 3, axis=-1); "
    "PyTorch has none (the entmax package's sparsemax, dim=-1); JAX has none in jax.nn. Keras "
    "differentiates its forward by autodiff, so at a support change its gradient may differ "
    "from the convention here",
    vector=True,
    jacobian=sparsemax_jacobian,
    profile=sparsemax_profile,
)

SPECS = (SPARSEMAX,)
