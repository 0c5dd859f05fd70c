"""The numbers behind a gated unit's picture: f(a, b) and its partials on a box, gate slices,
the diagonal. No drawing here (:mod:`actplot.render.gated_plot` draws them).

A gated unit ``f(a, b)`` (a the gate's input, b the value) is shown on a square box
``[−L, L]²``: L is :data:`DEFAULT_HALF` (4), widened to show every kink of the gate with a
margin (swiglu_oai's clamp at a = 7). The grid has an even number of nodes per axis, so that
neither a = 0 nor b = 0 is a node: an exact zero at a node is then a true plateau of f
(reglu's half-plane a ≤ 0), never the measure-zero line b = 0, and the zero contour is drawn
through sign changes only. Slices are f against a at fixed values of b (``b = −2, −1, 1, 2``:
scaled copies of the gate when f = g(a)·b) and f against b at fixed a; the diagonal is
f(x, x), the self-gated function the unit becomes when both inputs are equal (glu's is
silu).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from actplot.compute.curves import LIMIT_MAX, check_limits, nice_ceil
from actplot.model import GatedActivation

DEFAULT_HALF = 4.0
KINK_MARGIN = 1.15  # the box reaches this far past the largest kink
GRID_POINTS = 240  # nodes per axis (even: see the module docstring)
B_SLICES: tuple[float, ...] = (-2.0, -1.0, 1.0, 2.0)
A_SLICES: tuple[float, ...] = (-2.0, -1.0, 1.0, 2.0)


@dataclass(frozen=True)
class GatedGrid:
    """f and its partials on the grid: arrays of shape (len(b), len(a)), rows along b (so an
    image with ``origin="lower"`` has a across, b up); `plateau` marks nodes where f is
    exactly 0."""

    a: np.ndarray
    b: np.ndarray
    f: np.ndarray
    fa: np.ndarray
    fb: np.ndarray

    @property
    def extent(self) -> tuple[float, float, float, float]:
        """(left, right, bottom, top) of the image whose pixels are centred on the nodes."""
        da, db = self.a[1] - self.a[0], self.b[1] - self.b[0]
        return (
            float(self.a[0] - da / 2),
            float(self.a[-1] + da / 2),
            float(self.b[0] - db / 2),
            float(self.b[-1] + db / 2),
        )

    @property
    def plateau(self) -> np.ndarray:
        return self.f == 0

    @property
    def changes_sign(self) -> bool:
        """Whether f takes both signs on the grid (then a zero contour separates them)."""
        return bool(np.any(self.f > 0) and np.any(self.f < 0))

    def part(self, which: str) -> np.ndarray:
        """``"f"``, ``"fa"`` (∂f/∂a) or ``"fb"`` (∂f/∂b)."""
        return {"f": self.f, "fa": self.fa, "fb": self.fb}[which]


@dataclass(frozen=True)
class Slices:
    """Curves of f along one input with the other held: ``values[k]`` is the held value and
    ``y[k]`` (and ``dy[k]``, the partial along `x`) the curve over `x`."""

    x: np.ndarray
    values: tuple[float, ...]
    y: tuple[np.ndarray, ...]
    dy: tuple[np.ndarray, ...]


def default_half(act: GatedActivation) -> float:
    """L of the box [−L, L]²: :data:`DEFAULT_HALF`, widened past the gate's kinks, up to
    the ±1e12 that ``--xlim`` accepts (a kink beyond it, fatrelu_glu:threshold=1e308, is
    off the picture rather than a box no axis can draw)."""
    far = max((abs(k) for k in act.kinks if math.isfinite(k)), default=0.0)
    if far * KINK_MARGIN <= DEFAULT_HALF:
        return DEFAULT_HALF
    return min(nice_ceil(far * KINK_MARGIN), LIMIT_MAX)


def box(
    acts: Sequence[GatedActivation], lim: tuple[float, float] | None = None
) -> tuple[float, float]:
    """The range of a and of b: `lim` (checked), else [−L, L] for the widest of `acts`."""
    if lim is not None:
        return check_limits(lim, "x")
    half = max((default_half(a) for a in acts), default=DEFAULT_HALF)
    return (-half, half)


def nodes(lim: tuple[float, float], points: int = GRID_POINTS) -> np.ndarray:
    """`points` (made even) nodes centred in equal cells of `lim`: a symmetric range never
    has 0 as a node."""
    n = points + points % 2
    step = (lim[1] - lim[0]) / n
    return lim[0] + step * (np.arange(n) + 0.5)


def grid(
    act: GatedActivation,
    alim: tuple[float, float],
    blim: tuple[float, float] | None = None,
    points: int = GRID_POINTS,
) -> GatedGrid:
    """f, ∂f/∂a and ∂f/∂b of `act` on the grid of `alim` × `blim` (default: `alim`)."""
    a = nodes(alim, points)
    b = nodes(blim or alim, points)
    aa, bb = np.meshgrid(a, b)
    f = act(aa, bb)
    fa, fb = act.derivative(aa, bb)
    return GatedGrid(a, b, f, fa, fb)


def slices_along_a(
    act: GatedActivation, x: np.ndarray, b_values: Sequence[float] = B_SLICES
) -> Slices:
    """f(a; b = b_k) and ∂f/∂a along `x` = a, for each held b_k."""
    ys, dys = [], []
    for b in b_values:
        ys.append(act(x, np.full_like(x, b)))
        dys.append(act.derivative(x, np.full_like(x, b))[0])
    return Slices(x, tuple(float(v) for v in b_values), tuple(ys), tuple(dys))


def slices_along_b(
    act: GatedActivation, x: np.ndarray, a_values: Sequence[float] = A_SLICES
) -> Slices:
    """f(b; a = a_k) and ∂f/∂b along `x` = b, for each held a_k."""
    ys, dys = [], []
    for a in a_values:
        ys.append(act(np.full_like(x, a), x))
        dys.append(act.derivative(np.full_like(x, a), x)[1])
    return Slices(x, tuple(float(v) for v in a_values), tuple(ys), tuple(dys))


def diagonal(act: GatedActivation, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """f(x, x) and its derivative d/dx f(x, x) = ∂f/∂a + ∂f/∂b on the line a = b."""
    fa, fb = act.derivative(x, x)
    return act.diagonal(x), fa + fb


def line(lim: tuple[float, float], points: int) -> np.ndarray:
    """`points` evenly spaced values across `lim`, ends included (slices and diagonal)."""
    return np.linspace(lim[0], lim[1], points)
