"""The searches the numerical answers share: runs of True in a grid mask, the point between
two grid points where a function changes sign (bisection), and the maximum of a function
bracketed by two grid points (golden-section search)."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from actplot.compute.tolerances import BISECT_STEPS, GOLDEN_STEPS

Fn = Callable[[float], float]


def runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(first, last) index of each run of True in `mask`, in order; last is inclusive."""
    edges = np.diff(np.concatenate([[0], np.asarray(mask).astype(np.int8), [0]]))
    starts = np.flatnonzero(edges == 1)
    stops = np.flatnonzero(edges == -1) - 1
    return list(zip(starts.tolist(), stops.tolist(), strict=True))


def run_edges(mask: np.ndarray) -> list[int]:
    """The indices of the first and the last element of every run of True, sorted."""
    return sorted({i for run in runs(mask) for i in run})


def crossing(g: Fn, a: float, b: float, steps: int = BISECT_STEPS) -> float:
    """The x in [a, b] where ``g(x) < 0`` changes, by bisection down to adjacent floats."""
    below = g(a) < 0
    for _ in range(steps):
        m = 0.5 * (a + b)
        if m in (a, b):
            break
        if (g(m) < 0) == below:
            a = m
        else:
            b = m
    return 0.5 * (a + b)


def golden_max(g: Fn, a: float, b: float, steps: int = GOLDEN_STEPS) -> float:
    """The x in [a, b] where `g` is largest, for `g` unimodal there (golden-section search)."""
    r = (math.sqrt(5) - 1) / 2
    c, d = b - r * (b - a), a + r * (b - a)
    gc, gd = g(c), g(d)
    for _ in range(steps):
        if gc >= gd:
            b, d, gd = d, c, gc
            c = b - r * (b - a)
            gc = g(c)
        else:
            a, c, gc = c, d, gd
            d = a + r * (b - a)
            gd = g(d)
    return c if gc >= gd else d
