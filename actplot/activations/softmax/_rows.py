"""Fast row-wise kernels for the softmax family (used by softmax.py).

Logits are rows (R, K) along the last axis. NumPy runs one tiny inner loop per row for a
reduction or a broadcast along a short last axis (K = 16, say), which costs more than the
whole formula; so short rows are first copied into a transposed (K, R) work array, where
every operation runs along R. Row maxima and sums are halving trees of elementwise calls,
in an order that does not depend on R: a batch equals its rows evaluated one by one.

Infinite logits take the limits documented in softmax.py (their rows are rewritten first);
a nan anywhere in a row makes the whole row nan.
"""

from __future__ import annotations

import numpy as np

from actplot.activations._blocks import INF

Array = np.ndarray
_LONG_ROWS = 64  # from this row length on, NumPy's own row reductions are fast enough


class _Layout:
    """Where the logits of one row lie in the work array: a column of a contiguous (K, R)
    transposed copy for short rows (every operation then runs along R, the long axis), or
    a row of the (R, K) array itself for long ones. Row statistics broadcast either way."""

    def __init__(self, x: Array) -> None:
        self.k = x.shape[-1]
        self.rows = x.reshape(-1, self.k)
        self.columns = self.k < _LONG_ROWS
        self.axis = 0 if self.columns else 1

    def work(self, like: Array) -> Array:
        """A copy of the logits in this layout (keeps `like`'s array subclass)."""
        shape = (self.k, self.rows.shape[0]) if self.columns else self.rows.shape
        out = np.empty_like(like, shape=shape, order="C")
        np.copyto(out, self.rows.T if self.columns else self.rows)
        return out

    def reduce(self, a: Array, pick: np.ufunc) -> Array:
        """pick over each row's logits, shaped to broadcast against `a` (nan propagates).
        Short rows: a halving tree of elementwise calls along R, in the same order for any
        number of rows, so a batch equals its rows evaluated one by one to the bit."""
        if not self.columns:
            return pick.reduce(a, axis=1, keepdims=True)
        if a.shape[0] == 1:
            return a.copy()
        h = a.shape[0] // 2
        b = pick(a[:h], a[h : 2 * h])
        if a.shape[0] % 2:
            pick(b[:1], a[2 * h :], out=b[:1])
        while b.shape[0] > 1:
            k, h = b.shape[0], b.shape[0] // 2
            pick(b[:h], b[h : 2 * h], out=b[:h])
            if k % 2:
                pick(b[:1], b[2 * h : 2 * h + 1], out=b[:1])
            b = b[:h]
        return b.copy()

    def result(self, a: Array, like: Array) -> Array:
        """`a` back in the logits' shape (a new array for the column layout)."""
        if not self.columns:
            return a.reshape(like.shape)
        out = np.empty_like(like, order="C")
        np.copyto(out.reshape(self.rows.shape), a.T)
        return out


def _limits(w: Array, m: Array, sign: float) -> tuple[Array, Array]:
    """Rows whose extreme is infinite, rewritten as their limit: +inf logits (−inf for
    softmin) become equal logits 0 and the rest −inf; an all −inf row becomes uniform."""
    pos, neg = m == sign * INF, m == -sign * INF
    if not (pos.any() or neg.any()):
        return w, m
    zero, minf = w.dtype.type(0), w.dtype.type(-sign * INF)
    w = np.where(pos, np.where(w == sign * INF, zero, minf), np.where(neg, zero, w))
    return w, np.where(pos | neg, zero, m)


def _rest_over_sum(lay: _Layout, e: Array, s: Array, out: Array) -> Array:
    """1 − y_i = Σ_{j≠i} e_j / s into `out` (not `e`), relative-accurate even where y ≈ 1.

    s − e_i would cancel for a dominant entry; instead Σ_{j≠i} e_j is the sum of the entries
    before i plus the sum of those after it (exclusive prefix and suffix sums): sums of
    positive terms, so accurate everywhere, ties included.
    """
    if lay.columns:  # rows of (K, R): K − 1 elementwise steps each way
        out[0] = 0
        for i in range(1, e.shape[0]):
            np.add(out[i - 1], e[i - 1], out=out[i])
        after = e[-1].copy()
        for i in range(e.shape[0] - 2, -1, -1):
            out[i] += after
            after += e[i]
    else:  # long rows: cumulative sums along them
        out[:, 0] = 0
        np.cumsum(e[:, :-1], axis=1, out=out[:, 1:])
        out[:, :-1] += np.cumsum(e[:, :0:-1], axis=1)[:, ::-1]
    out /= s
    return out


def evaluate(
    x: Array, temperature: float, sign: float, kind: str, fused: bool
) -> tuple[Array, Array | None]:
    """softmax (kind "p") or log_softmax ("log") of sign·x/T along the last axis, and with
    `fused` also 1 − p (relative-accurate), both in x's shape.

    At most four arrays like x at any time, outputs included.
    """
    if x.size == 0:
        return x.copy(), (x.copy() if fused else None)
    lay = _Layout(x)
    z = lay.work(x)
    pick = np.maximum if sign > 0 else np.minimum
    z, m = _limits(z, lay.reduce(z, pick), sign)
    with np.errstate(over="ignore"):  # opposite-sign logits near max: z = −inf, e^z = 0
        np.subtract(z, m, out=z) if sign > 0 else np.subtract(m, z, out=z)
        if temperature != 1:
            z /= temperature
    del m
    if kind == "p":
        e = np.exp(z, out=z)
        s = lay.reduce(e, np.add)
        rest = _rest_over_sum(lay, e, s, np.empty_like(e)) if fused else None
        e /= s
        y = lay.result(e, x)
        del z, e  # free the work array before the second result is allocated
        return y, None if rest is None else lay.result(rest, x)
    e = np.exp(z)
    s = lay.reduce(e, np.add)
    rest = _rest_over_sum(lay, e, s, np.empty_like(e)) if fused else None
    del e
    z -= np.log(s)
    y = lay.result(z, x)
    del z
    return y, None if rest is None else lay.result(rest, x)
