"""Moments of f(z) and f'(z) for z ~ N(0, 1), by composite Gauss–Legendre quadrature, and
whether f self-normalises (mean 0, variance 1 an attracting fixed point, as for SELU).

The panels split at every kink, jump and detected break, so each panel integrates a smooth
piece; the normal density makes everything beyond |z| = 12 negligible (φ(12) ≈ 1e-32).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from actplot.compute.tolerances import ATTRACTING_SLOPE, SELF_NORMALIZING_ATOL
from actplot.model import REAL, Activation, Interval

Z_MAX = 12.0
PANEL = 0.25
NODES = 16


@dataclass(frozen=True)
class GradientStats:
    """E f(z), sd f(z) and E[f'(z)²] (the per-layer gradient gain) for z ~ N(0, 1), and
    the slope at ν = 1 of the variance map ν ↦ Var f(√ν z) (nan where not computed)."""

    mean: float
    std: float
    grad_gain: float
    variance_slope: float = math.nan


def nodes_and_weights(
    breaks: Iterable[float] = (),
    domain: Interval = REAL,
    panel: float = PANEL,
    nodes: int = NODES,
) -> tuple[np.ndarray, np.ndarray]:
    """Quadrature nodes on [-Z_MAX, Z_MAX] (cut to `domain`) and weights that include the
    normal density; on a restricted domain, the density of z conditioned on lying in it.
    Panels of width `panel` with `nodes` Gauss–Legendre nodes each, split at `breaks`."""
    a, b = max(-Z_MAX, domain.lo), min(Z_MAX, domain.hi)
    edges = np.linspace(a, b, max(2, int(round((b - a) / panel)) + 1))
    inner = [k for k in breaks if a < k < b]
    edges = np.unique(np.concatenate([edges, np.asarray(inner, dtype=np.float64)]))
    t, w = np.polynomial.legendre.leggauss(nodes)
    lo, hi = edges[:-1, None], edges[1:, None]
    half = 0.5 * (hi - lo)
    z = (lo + half * (t + 1.0)).ravel()
    weights = (half * w).ravel() * np.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)
    if domain != REAL:
        weights /= weights.sum()  # E[· | z in the domain]
    return z, weights


def gradient_stats(
    act: Activation, breaks: Iterable[float] = (), domain: Interval = REAL
) -> GradientStats:
    """The moments of `act.profile` under the standard normal (conditioned on `domain`
    when it is restricted), to ~1e-12."""
    z, w = nodes_and_weights([*breaks, *act.kinks, *act.jumps, 0.0], domain)
    f = act.profile(z).astype(np.float64)
    d = act.profile(z, 1).astype(np.float64)
    # A function that overflows (an expression such as exp(exp(x))) has infinite moments:
    # inf is the honest answer there, so its inf − inf and overflow are not warned about.
    with np.errstate(over="ignore", invalid="ignore"):
        mean = float(np.dot(w, f))
        var = float(np.dot(w, (f - mean) ** 2))  # two passes: no E f² − (E f)² cancellation
        gain = float(np.dot(w, d * d))
        # d/dν Var f(y), y ~ N(0, ν), at ν = 1, by differentiating the density (∂φ_ν/∂ν =
        # φ_ν·(y² − ν)/(2ν²)): E[(f − E f)²(z² − 1)] / 2, so that jumps of f count too.
        slope = float(np.dot(w, (f - mean) ** 2 * (z * z - 1.0))) / 2
    if math.isnan(var) and not np.isfinite(f).all():
        var = math.inf
    return GradientStats(mean, math.sqrt(max(var, 0.0)), gain, slope)


def self_normalizing(stats: GradientStats) -> bool:
    """Whether mean 0, variance 1 is an attracting fixed point of the map from a layer's
    input moments to its output's, for z ~ N(0, 1) and normalised weights (Klambauer et
    al., 2017): E f(z) = 0 and Var f(z) = 1 within SELF_NORMALIZING_ATOL, and the variance
    map's slope there below ATTRACTING_SLOPE in size (with normalised weights the mean of
    the next input is 0 whatever this one's, so the variance alone decides). SELU: yes; the
    identity keeps every variance, so attracts none: no."""
    fixed = abs(stats.mean) <= SELF_NORMALIZING_ATOL and abs(stats.std**2 - 1) <= (
        SELF_NORMALIZING_ATOL
    )
    return bool(fixed and abs(stats.variance_slope) < ATTRACTING_SLOPE)
