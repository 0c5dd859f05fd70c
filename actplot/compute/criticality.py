"""Mean-field signal propagation through a deep random network (Poole et al. 2016,
"Exponential expressivity in deep neural networks through transient chaos"; Schoenholz et
al. 2017, "Deep information propagation").

With weights W_ij ~ N(0, σ_w²/N) and biases ~ N(0, σ_b²), the pre-activation variance of a
wide layer follows the variance map

    q ↦ V(q) = σ_w² E[f(√q z)²] + σ_b²,   z ~ N(0, 1),

to its fixed point q* (the one reached from q = 1). Backpropagated gradients are scaled per
layer by χ₁ = σ_w² E[f′(√q* z)²]; the correlation c of two inputs follows

    c ↦ (σ_w² E[f(u₁) f(u₂)] + σ_b²) / q*,   u₁ = √q* z₁,  u₂ = √q* (c z₁ + √(1 − c²) z₂),

whose slope at c = 1 is χ₁ again. χ₁ < 1 is the ordered phase (gradients vanish, c* = 1),
χ₁ > 1 the chaotic one (gradients explode, c* < 1); the edge of chaos χ₁ = 1 is where He
(σ_w² = 2 for relu) and Xavier (σ_w² = 1 for tanh) come from. Depth scales: gradients
ξ_∇ = 1/|ln χ₁|, variance ξ_q = −1/ln χ_q with χ_q = V′(q*) = χ₁ + σ_w² E[f f″], correlation
ξ_c = −1/ln χ_c with χ_c the correlation map's slope at c*.

Expectations are composite Gauss–Legendre quadrature under the normal density split at
every kink of f(√q z) (:func:`actplot.compute.gradient_stats.nodes_and_weights`, ~1e-12);
the two-dimensional one nests it, splitting the inner integral at the kinks it meets for
each outer node. Written here because no library computes these maps for an arbitrary f.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass

import numpy as np

from actplot.compute.gradient_stats import nodes_and_weights
from actplot.compute.tolerances import JUMP_RTOL
from actplot.errors import ParameterError
from actplot.model import Activation
from actplot.model.gated import require_kind

Q_TINY = 1e-300  # q = 0 is evaluated as this (the limit from above)
Q_MAX = 1e8  # a variance beyond this is "grows without bound" (the fixed point is ∞)
SW2_RANGE = (1e-3, 1e3)  # where the edge of chaos is looked for
C_STEPS = 40  # bisection halvings for c* (to 1e-10)
ROOT_STEPS = 80  # bisection halvings (the bracket shrinks to ~1e-24 of its width)
PANEL_2D, NODES_2D = 0.5, 8  # the nested quadrature: 384 × 384 nodes plus kinks
SLOPE_STEP = 1e-8  # c = 1 − this for the slope at 1 (relu's map has a (1 − c)^1.5 term)


@dataclass(frozen=True)
class Criticality:
    """One activation at (σ_w², σ_b²): the fixed point, slopes, depth scales and phase, and
    the critical σ_w² at that σ_b² (None where χ₁ never reaches 1)."""

    name: str
    sigma_w2: float
    sigma_b2: float
    critical_sigma_w2: float | None
    q_star: float
    chi1: float
    chi_c1: float  # the correlation map's slope at c = 1 (equals χ₁; computed separately)
    chi_q: float
    c_star: float
    chi_c: float
    xi_grad: float  # 1/|ln χ₁|: gradients change e-fold over this many layers (inf at χ₁ = 1)
    xi_q: float
    xi_c: float
    phase: str  # ordered, critical or chaotic

    def to_json(self) -> dict[str, object]:
        return {k: (v if not isinstance(v, float) or math.isfinite(v) else None)
                for k, v in asdict(self).items()}  # fmt: skip


def check_applies(act: Activation) -> None:
    """ParameterError with the reason when the mean-field theory does not apply to `act`
    (KindError for a gated unit)."""
    if act.kind == "gated":
        require_kind(act, ("elementwise",), "criticality")
    if act.spec.vector:
        raise ParameterError(
            f"{act.label} is a vector activation: the mean-field maps need one input per unit"
        )
    for x in act.jumps:  # a real jump, not a formula switching branch (softplus at 20)
        below, above = act.profile(np.nextafter([x, x], [-np.inf, np.inf])).astype(float)
        if not abs(above - below) <= JUMP_RTOL * max(1.0, abs(below)):
            raise ParameterError(
                f"{act.label} jumps at x = {x:g}: χ₁ = σ_w² E[f′²] misses the jump's "
                "infinite derivative, so the theory's gradient factor would be wrong"
            )


@functools.lru_cache(maxsize=256)
def _nodes(breaks: tuple[float, ...]) -> tuple[np.ndarray, np.ndarray]:
    return nodes_and_weights(breaks)


def expect(act: Activation, q: float, orders: Sequence[int] = (0,)) -> list[np.ndarray]:
    """f (or f′, f″ for `orders`) at √q z on the quadrature nodes, and the weights last.
    At q = 0 the limit q → 0⁺: a kink at 0 then counts both one-sided slopes (selu′(0±)),
    not the kink's convention value."""
    s = math.sqrt(max(q, Q_TINY))
    z, w = _nodes(tuple(k / s for k in act.kinks))
    u = s * z
    return [act.profile(u, k).astype(np.float64) for k in orders] + [w]


def variance_map(act: Activation, q: float, sw2: float, sb2: float) -> float:
    f, w = expect(act, q)
    with np.errstate(over="ignore", invalid="ignore"):
        return float(sw2 * np.dot(w, f * f) + sb2)


def fixed_point(act: Activation, sw2: float, sb2: float) -> float:
    """q*, the fixed point of the variance map reached from q = 1; inf when q grows
    without bound. Found as the nearest root of V(q) − q on the side V moves q to."""
    h = lambda q: variance_map(act, q, sw2, sb2) - q  # noqa: E731
    h1 = h(1.0)
    if h1 == 0 or abs(h1) <= 1e-14:
        return 1.0
    if h1 < 0:  # q shrinks: the largest root below 1, or 0 where the map contracts to it
        # |h| within roundoff of 0 is not a root: hardtanh's map is the identity to 1e-23
        # near 0, and only 0 is a true fixed point there.
        up = lambda q: h(q) > 1e-13 * max(q, 1e-300)  # noqa: E731
        grid = [1.0, *np.geomspace(1.0, 1e-14, 15)[1:]]
        for hi, lo in zip(grid, grid[1:], strict=False):
            if up(lo):
                return _root(h, lo, hi)
        v0 = sw2 * float(act.profile(0.0)) ** 2 + sb2  # V(0) exactly: f(0) = 0 and σ_b = 0
        return 0.0 if v0 == 0 else _root(h, 0.0, grid[-1])
    grid = list(np.geomspace(1.0, Q_MAX, 9))
    for lo, hi in zip(grid, grid[1:], strict=False):
        if not h(hi) > 0:  # nan (overflow) counts as unbounded
            return _root(h, lo, hi) if math.isfinite(h(hi)) else math.inf
    return math.inf


def _root(g: Callable[[float], float], lo: float, hi: float) -> float:
    """The sign change of `g` in [lo, hi]: regula falsi with the Illinois rule (superlinear,
    ~10 calls where bisection takes 50), falling back to halving when a value is not finite
    (scipy's brentq would do; scipy stays behind activations/_special.py)."""
    glo, ghi = g(lo), g(hi)
    side = 0
    for _ in range(ROOT_STEPS):
        if math.isfinite(glo) and math.isfinite(ghi) and ghi != glo:
            x = hi - ghi * (hi - lo) / (ghi - glo)
            if not lo < x < hi:
                x = 0.5 * (lo + hi)
        else:
            x = 0.5 * (lo + hi)
        gx = g(x)
        if gx == 0 or hi - lo <= 4e-16 * max(abs(lo), abs(hi)):
            return x
        if (gx > 0) == (ghi > 0):
            hi, ghi = x, gx
            if side == 1:
                glo /= 2
            side = 1
        else:
            lo, glo = x, gx
            if side == -1:
                ghi /= 2
            side = -1
    return 0.5 * (lo + hi)


def chi1(act: Activation, q: float, sw2: float) -> float:
    d, w = expect(act, q, (1,))
    with np.errstate(over="ignore", invalid="ignore"):  # an exploding f′: χ₁ = inf, honestly
        return float(sw2 * np.dot(w, d * d))


def chi_q(act: Activation, q: float, sw2: float) -> float:
    """V′(q*) = χ₁ + σ_w² E[f f″] (Stein's lemma on d/dq E f(√q z)²)."""
    f, d, d2, w = expect(act, q, (0, 1, 2))
    with np.errstate(over="ignore", invalid="ignore"):
        return float(sw2 * np.dot(w, d * d + f * d2))


def pair_expectation(act: Activation, q: float, c: float, order: int = 0) -> float:
    """E[g(u₁) g(u₂)] for the pair above, g = f (`order` 0) or f′ (1): Gauss–Legendre
    panels in z₁ (split at the kinks of g(√q z₁)) and, for each z₁ node, in z₂ (split where
    u₂ meets a kink)."""
    s = math.sqrt(q)
    kinks = np.asarray(act.kinks, dtype=np.float64)
    z1, w1 = nodes_and_weights(list(kinks / s) if s > 0 else [], panel=PANEL_2D, nodes=NODES_2D)
    g1 = act.profile(s * z1, order).astype(np.float64)
    r = math.sqrt(max(0.0, 1.0 - c * c))
    if r == 0:
        with np.errstate(over="ignore", invalid="ignore"):
            return float(np.dot(w1, g1 * g1))
    t, tw = np.polynomial.legendre.leggauss(NODES_2D)
    edges = np.linspace(-12.0, 12.0, int(round(24.0 / PANEL_2D)) + 1)
    cuts = np.broadcast_to(edges, (len(z1), len(edges)))
    if s > 0 and len(kinks):  # where u₂ = s (c z₁ + r z₂) is a kink, in z₂
        cuts = np.concatenate([cuts, np.clip((kinks / s - c * z1[:, None]) / r, -12, 12)], 1)
    cuts = np.sort(cuts, axis=1)
    lo, hi = cuts[:, :-1, None], cuts[:, 1:, None]
    half = 0.5 * (hi - lo)
    z2 = lo + half * (t + 1.0)
    w2 = half * tw * np.exp(-0.5 * z2 * z2) / math.sqrt(2 * math.pi)
    u2 = s * (c * z1[:, None, None] + r * z2)
    g2 = act.profile(u2.ravel(), order).astype(np.float64).reshape(u2.shape)
    with np.errstate(over="ignore", invalid="ignore"):
        inner = (w2 * g2).sum(axis=(1, 2))
        return float(np.dot(w1, g1 * inner))


def correlation_map(act: Activation, c: float, q: float, sw2: float, sb2: float) -> float:
    return (sw2 * pair_expectation(act, q, c) + sb2) / q


def correlation_fixed_point(act: Activation, q: float, sw2: float, sb2: float) -> float:
    """c* < 1 in the chaotic phase: the root of C(c) − c below 1, by bisection (C(0) ≥ 0,
    and C(c) < c just below 1 where the slope χ₁ exceeds 1)."""
    g = lambda c: correlation_map(act, c, q, sw2, sb2) - c  # noqa: E731
    lo, hi = 0.0, 1.0 - 1e-6
    if g(lo) <= 0:
        return lo
    for _ in range(C_STEPS):
        mid = 0.5 * (lo + hi)
        if hi - lo < 1e-10:
            break
        lo, hi = (mid, hi) if g(mid) > 0 else (lo, mid)
    return 0.5 * (lo + hi)


def critical_sigma_w2(act: Activation, sb2: float) -> float | None:
    """The σ_w² on the edge of chaos at `sb2`: χ₁(σ_w², q*(σ_w², σ_b²)) = 1; None when χ₁
    stays below (or above) 1 over :data:`SW2_RANGE`."""

    def g(sw2: float) -> float:
        q = fixed_point(act, sw2, sb2)
        return chi1(act, q, sw2) - 1.0 if math.isfinite(q) else math.inf

    grid = np.geomspace(*SW2_RANGE, 25)
    values = [g(float(v)) for v in grid]
    for i in range(len(grid) - 1):
        (a, ga), (b, gb) = (grid[i], values[i]), (grid[i + 1], values[i + 1])
        if ga == 0:
            return float(a)
        if ga < 0 < gb:  # inf (q* unbounded) counts as above
            return _root(g, float(a), float(b))
    return None


def boundary(act: Activation, sb2: Sequence[float]) -> list[float | None]:
    """The edge of chaos σ_w²(σ_b²) at each of `sb2`."""
    return [critical_sigma_w2(act, float(b)) for b in sb2]


def analyse(act: Activation, sw2: float, sb2: float) -> Criticality:
    """Everything above for `act` at (σ_w², σ_b²)."""
    check_applies(act)
    q = fixed_point(act, sw2, sb2)
    if not math.isfinite(q):
        raise ParameterError(
            f"{act.label}: the pre-activation variance grows without bound at σ_w² = {sw2:g}, "
            f"σ_b² = {sb2:g} (no fixed point below {Q_MAX:g}): the theory has no q* there"
        )
    x1 = chi1(act, q, sw2)
    xq = chi_q(act, q, sw2)
    if q == 0:
        slope = x1  # every input maps to 0: c is undefined, the slope is its limit χ₁
    else:
        at_one = correlation_map(act, 1.0, q, sw2, sb2)
        slope = (at_one - correlation_map(act, 1 - SLOPE_STEP, q, sw2, sb2)) / SLOPE_STEP
    c_star = 1.0 if x1 <= 1 or q == 0 else correlation_fixed_point(act, q, sw2, sb2)
    xc = x1 if c_star >= 1.0 - 1e-9 else sw2 * pair_expectation(act, q, c_star, order=1)
    phase = "critical" if abs(x1 - 1) <= 1e-6 else "ordered" if x1 < 1 else "chaotic"
    return Criticality(
        name=act.label,
        sigma_w2=sw2,
        sigma_b2=sb2,
        critical_sigma_w2=critical_sigma_w2(act, sb2),
        q_star=float(q),
        chi1=x1,
        chi_c1=float(slope),
        chi_q=xq,
        c_star=c_star,
        chi_c=xc,
        xi_grad=_scale(x1),
        xi_q=_scale(xq),
        xi_c=_scale(xc),
        phase=phase,
    )


def _scale(chi: float) -> float:
    """1/|ln χ|: the layers over which a factor χ per layer changes a quantity e-fold."""
    if chi <= 0:
        return 0.0
    return math.inf if abs(chi - 1) <= 1e-12 else 1.0 / abs(math.log(chi))


@dataclass(frozen=True)
class LayerTheory:
    """The mean-field prediction for the network of :mod:`actplot.compute.gradflow` (inputs
    N(0, 1), `depth` square layers, a read-out of the same scale, a unit gradient at the
    output), first layer first: the variance ``q`` of each layer's pre-activations, its
    gradient factor ``chi1`` and the norm ‖∂L/∂z_l‖ of the backpropagated gradient,
    ``preact_grad_norm`` = √(χ_l χ_{l+1} ⋯ χ_L)."""

    q: np.ndarray
    chi1: np.ndarray
    preact_grad_norm: np.ndarray


def layer_theory(act: Activation, depth: int, sw2: float, sb2: float = 0.0) -> LayerTheory:
    """The per-layer prediction (see :class:`LayerTheory`); q grows to inf where it does."""
    check_applies(act)
    q = np.empty(depth)
    chi = np.empty(depth)
    q_l = sw2 * 1.0 + sb2  # the first layer sees the N(0, 1) inputs themselves
    for layer in range(depth):
        q[layer] = q_l
        finite = math.isfinite(q_l) and q_l <= Q_MAX
        chi[layer] = chi1(act, q_l, sw2) if finite else math.nan
        q_l = variance_map(act, q_l, sw2, sb2) if finite else math.inf
    with np.errstate(over="ignore", invalid="ignore"):  # inf and nan are the honest answer
        norms = np.sqrt(np.cumprod(chi[::-1])[::-1])
    return LayerTheory(q, chi, norms)
