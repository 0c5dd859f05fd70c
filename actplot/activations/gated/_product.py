"""The kernels of a product unit f(a, b) = g(a)·b from the element-wise gate's own kernels
(g, its fused (g, g') and g''), so a gated unit is exactly as accurate as its gate:

    f_a = g'(a)·b,  f_b = g(a),  f_aa = g''(a)·b,  f_ab = g'(a),  f_bb = 0.

Infinite inputs: f and its partials are the iterated limits, a first and then b. So a factor
that is exactly 0 (g(a) = 0 for a finite a, or the gate's limit at a = ±inf) times b = ±inf
is 0, not nan: for a fixed gate value 0, f(a, b) = 0 for every finite b. Likewise g(+inf) = inf
times b = 0 is 0 (f(a, 0) = 0 for every finite a). In floats every nan of a product of
non-nan factors is such a 0·inf, so it becomes 0; a nan input is restored by the model.

Each product is one correctly rounded float multiplication of the gate's factor and b; a
gate factor below the smallest normal float (σ(a) for a < −708) keeps its absolute error,
so the product is relative-accurate only where |b| does not lift it back above ~1e-290.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

Array = np.ndarray
Kernel = Callable[..., Array]
Fused = Callable[..., tuple[Array, Array]]


def times(h: Array, b: Array, out: Array | None = None) -> Array:
    """h·b into `out` (default: in place into `h`, a fresh array), with 0·inf = 0 (the
    iterated limit)."""
    out = h if out is None else out
    with np.errstate(over="ignore", invalid="ignore"):  # inf is the rounding of a huge product
        np.multiply(h, b, out=out)
    return zero_nan(out)


def zero_nan(y: Array) -> Array:
    """`y` with every nan replaced by 0, in place; one min() pass when there is none."""
    if y.size and np.isnan(np.min(y)):
        y[np.isnan(y)] = 0.0
    return y


def product_kernels(
    g: Kernel, fused: Fused, g2: Kernel
) -> tuple[Kernel, Callable[..., tuple[Array, Array]], Callable[..., tuple[Array, Array, Array]]]:
    """(forward, grad, hessian) of g(a)·b; the unit's parameters are the gate's."""

    def forward(a: Array, b: Array, **params: Any) -> Array:
        return times(g(a, **params), b)

    def grad(a: Array, b: Array, **params: Any) -> tuple[Array, Array]:
        y, d = fused(a, **params)
        return times(d, b), y

    def hessian(a: Array, b: Array, **params: Any) -> tuple[Array, Array, Array]:
        _, d = fused(a, **params)
        return times(np.array(g2(a, **params)), b), d, np.zeros_like(a)

    return forward, grad, hessian


def product_fused(fused: Fused) -> Callable[..., tuple[Array, Array, Array]]:
    """(f, f_a, f_b) of g(a)·b from one call of the gate's fused (g, g'): the partials are
    grad's to the bit, f is forward's to the rounding of the fused g (a few ulp)."""

    def value_and_grad(a: Array, b: Array, **params: Any) -> tuple[Array, Array, Array]:
        y, d = fused(a, **params)
        return times(y, b, out=np.empty_like(y)), times(d, b), y

    return value_and_grad
