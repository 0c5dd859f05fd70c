"""Moments of f(z) and f'(z) for z ~ N(0, 1), by composite Gauss–Legendre quadrature.

The panels split at every kink, jump and detected break, so each panel integrates a smooth
piece; the normal density makes everything beyond |z| = 12 negligible (φ(12) ≈ 1e-32).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from actplot.model import REAL, Activation, Interval

Z_MAX = 12.0
PANEL = 0.25
NODES = 16


@dataclass(frozen=True)
class GradientStats:
    """E f(z), sd f(z) and E[f'(z)²] (the per-layer gradient gain) for z ~ N(0, 1)."""

    mean: float
    std: float
    grad_gain: float


def nodes_and_weights(
    breaks: Iterable[float] = (), domain: Interval = REAL
) -> tuple[np.ndarray, np.ndarray]:
    """Quadrature nodes on [-Z_MAX, Z_MAX] (cut to `domain`) and weights that include the
    normal density; on a restricted domain, the density of z conditioned on lying in it."""
    a, b = max(-Z_MAX, domain.lo), min(Z_MAX, domain.hi)
    edges = np.linspace(a, b, max(2, int(round((b - a) / PANEL)) + 1))
    inner = [k for k in breaks if a < k < b]
    edges = np.unique(np.concatenate([edges, np.asarray(inner, dtype=np.float64)]))
    t, w = np.polynomial.legendre.leggauss(NODES)
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
    if math.isnan(var) and not np.isfinite(f).all():
        var = math.inf
    return GradientStats(mean, math.sqrt(max(var, 0.0)), gain)
