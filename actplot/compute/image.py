"""The true image of an activation: {f(x) : x in the domain} as sorted disjoint parts, a
single value as a closed point [v, v]. binary_step's is {0, 1}, threshold's {0} ∪ (1, ∞).

Between consecutive jumps of f (the continuity analysis's points of order 0) f is
continuous, so each piece's image is an interval: its inf and sup over the piece, each
closed where an x inside the piece attains it (:func:`actplot.compute.shape.value_range`
on the piece's samples). A jump end is only approached: its one-sided limit f(j±) is
extrapolated to j from a few ulps beside it with the exact f′. The values at the jumps
themselves (what the kernel returns there) are points of their own. Touching or
overlapping parts are merged. A continuous f's image is ``value_range`` itself.

:func:`image_text` writes the parts as text ("{0} ∪ (1, ∞)"); it needs only numpy.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from actplot.compute.tolerances import IMAGE_TOUCH_RTOL, SAME_POINT_RTOL, ZOOM_ULPS
from actplot.model import Activation, Interval

if TYPE_CHECKING:
    from actplot.compute.shape import Samples

MIN_PIECE_POINTS = 3  # a piece the grid misses (two jumps very close) is sampled afresh


def image(act: Activation, s: Samples, jumps: Sequence[float]) -> tuple[Interval, ...]:
    """The image of f on ``s.domain`` as sorted disjoint intervals (points closed)."""
    from actplot.compute import shape  # the analysis: image_text alone needs none of it

    with np.errstate(all="ignore"):
        lo, hi = s.domain.lo, s.domain.hi
        found = {_snap(act, float(j)) for j in jumps if lo <= j <= hi}
        cuts = {j: _step(act, j) for j in sorted(found)}
        if not cuts:
            return (shape.value_range(act, s),)
        parts = [Interval(v, v, True, True) for v in _values(act, list(cuts))]
        for a, b in zip([lo, *cuts], [*cuts, hi], strict=True):
            piece = _piece(act, s, a, b, cuts.get(a), cuts.get(b))
            if piece is not None:
                parts.append(shape.value_range(act, piece))
        return merge(parts)


def _snap(act: Activation, j: float) -> float:
    """A jump found numerically as the declared jump (or kink) it is one point with."""
    for k in (*act.jumps, *act.kinks):
        if abs(j - k) <= SAME_POINT_RTOL * max(1.0, abs(k)):
            return float(k)
    return j


def _step(act: Activation, j: float) -> float:
    """How far beside the jump j to look for its one-sided limits: ZOOM_ULPS ulps at a
    declared jump (exact), SAME_POINT_RTOL where the zoom alone located it."""
    if j in act.jumps or j in act.kinks:
        return ZOOM_ULPS * float(np.spacing(max(abs(j), 1e-300)))
    return SAME_POINT_RTOL * max(1.0, abs(j))


def _values(act: Activation, xs: Sequence[float]) -> list[float]:
    y = np.asarray(act.profile(np.asarray(xs, dtype=np.float64)), dtype=np.float64)
    return [float(v) + 0.0 for v in y if not math.isnan(v)]


def _limit(act: Activation, j: float, t: float) -> float:
    """The one-sided limit of f at the jump j from the side of t: f(t) extrapolated to j
    along the exact f′."""
    f, d = (float(np.asarray(act.profile(t, n))) for n in (0, 1))
    return f - d * (t - j) if math.isfinite(d) else f


def _piece(
    act: Activation, s: Samples, a: float, b: float, step_a: float | None, step_b: float | None
) -> Samples | None:
    """The samples of f on the piece between a and b, an end at a jump (`step_*` not None:
    how far beside it to look) excluded, with the limits there standing for the approached
    ends; None for an empty piece."""
    from actplot.compute.shape import Samples

    cut_a, cut_b = step_a is not None, step_b is not None
    lo = a + step_a if step_a is not None else a
    hi = b - step_b if step_b is not None else b
    if not lo <= hi:
        return None
    # Points within ulps of a jump are its limit, not an interior value: left out.
    keep = ((s.x > lo) | ((s.x == lo) & (not cut_a))) & ((s.x < hi) | ((s.x == hi) & (not cut_b)))
    x = s.x[keep]
    f, d = s.f[keep], s.d[keep]
    if x.size < MIN_PIECE_POINTS:
        x = np.linspace(lo, hi, 65)[1:-1] if cut_a or cut_b else np.linspace(lo, hi, 65)
        f = np.asarray(act.profile(x), dtype=np.float64)
        d = np.asarray(act.profile(x, 1), dtype=np.float64)
    f_lim = (
        _limit(act, a, lo) if cut_a else s.f_lim[0],
        _limit(act, b, hi) if cut_b else s.f_lim[1],
    )
    # A jump end is open: the piece's grid point nearest it attains nothing by being last.
    domain = Interval(a, b, s.domain.closed_lo and not cut_a, s.domain.closed_hi and not cut_b)
    return Samples(x, f, d, f_lim, s.d_lim, domain)


def merge(parts: Sequence[Interval]) -> tuple[Interval, ...]:
    """Sorted disjoint parts: overlapping ones joined, and touching ones where the shared
    end belongs to either ([0, 1) and {1} make [0, 1]; (0, 1) and (1, 2) stay apart)."""
    out: list[Interval] = []
    for p in sorted(parts, key=lambda p: (p.lo, not p.closed_lo)):
        if not out:
            out.append(p)
            continue
        q = out[-1]
        tol = IMAGE_TOUCH_RTOL * max(1.0, abs(q.hi)) if math.isfinite(q.hi) else 0.0
        touch = abs(p.lo - q.hi) <= tol
        if p.lo < q.hi or (touch and (q.closed_hi or p.closed_lo)):
            hi, hi_closed = _upper(q, p)
            out[-1] = Interval(q.lo, hi, q.closed_lo, hi_closed)
        else:
            out.append(p)
    return tuple(out)


def _upper(q: Interval, p: Interval) -> tuple[float, bool]:
    """The upper end of q ∪ p and whether it is closed."""
    if p.hi > q.hi:
        return p.hi, p.closed_hi
    if p.hi < q.hi:
        return q.hi, q.closed_hi
    return q.hi, q.closed_hi or p.closed_hi


def image_text(parts: Sequence[Interval]) -> str:
    """The image as text: "{0, 1}", "{0} ∪ (1, ∞)", "(−∞, −0.5) ∪ {0} ∪ (0.5, ∞)"; points
    next to each other share one pair of braces."""
    out: list[str] = []
    points: list[str] = []
    for p in parts:
        if p.lo == p.hi and p.closed_lo and p.closed_hi:
            points.append(_num(p.lo))
            continue
        if points:
            out.append("{" + ", ".join(points) + "}")
            points = []
        out.append(str(p))
    if points:
        out.append("{" + ", ".join(points) + "}")
    return " ∪ ".join(out) if out else "∅"


def _num(v: float) -> str:
    """A point as Interval.__str__ writes an end: 4 decimals, trailing zeros cut, −."""
    text = f"{v:.4f}".rstrip("0").rstrip(".")
    return text.replace("-", "−") if text not in ("-0", "") else "0"


__all__ = ["image", "image_text", "merge"]
