"""Maxout in one dimension: the upper envelope of k affine pieces (family "piecewise")."""

from __future__ import annotations

from fractions import Fraction
from itertools import pairwise

import numpy as np

from actplot.activations._blocks import INF, Array, frameworks, pair, zeros
from actplot.model import ActivationSpec, Interval, Param

MAX_PIECES = 4
DEFAULT_W = (-0.5, 0.25, 1.5, 3.0)
DEFAULT_B = (-1.5, 0.0, -2.5, -8.0)
_MAX = float(np.finfo(np.float64).max)


def _pieces(p: dict) -> list[tuple[float, float]]:
    """The (w_i, b_i) pairs in use: the first k."""
    return [(float(p[f"w{i}"]), float(p[f"b{i}"])) for i in range(1, int(p["k"]) + 1)]


def _envelope(p: dict) -> tuple[list[float], list[float], list[float]]:
    """The upper envelope of the pieces: its breakpoints and, left to right, the slopes and
    intercepts of the pieces on it. Exact rational arithmetic, so ties are decided exactly."""
    best: dict[Fraction, Fraction] = {}
    for w, b in _pieces(p):
        fw, fb = Fraction(w), Fraction(b)
        best[fw] = max(best.get(fw, fb), fb)
    hull: list[tuple[Fraction, Fraction]] = []

    def meet(a: tuple[Fraction, Fraction], c: tuple[Fraction, Fraction]) -> Fraction:
        return (a[1] - c[1]) / (c[0] - a[0])

    for line in sorted(best.items()):  # increasing slope: the envelope's order left to right
        while len(hull) >= 2 and meet(hull[-2], line) <= meet(hull[-2], hull[-1]):
            hull.pop()  # the last piece is never strictly above the others
        hull.append(line)
    breaks = [_break_float(meet(a, c)) for a, c in pairwise(hull)]
    return breaks, [float(w) for w, _ in hull], [float(b) for _, b in hull]


def _break_float(q: Fraction) -> float:
    """A breakpoint as a float; beyond the float range (a slope gap of 1e-310 puts it at
    1e310) rounded down, to the maximum or to −inf, so that ``x > it`` is exactly
    ``x > q`` for every float x, ±inf included."""
    try:
        return float(q)
    except OverflowError:
        return _MAX if q > 0 else -INF


def _affine(x: Array, w: float, b: float, out: Array) -> Array:
    """w·x + b into `out`: IEEE rounding, ±inf (no warning) where w·x overflows, and b
    (not inf·0) for w = 0."""
    if w == 0:
        out.fill(b)
        return out
    with np.errstate(over="ignore"):
        np.multiply(x, w, out=out)
    out += b
    return out


def _envelope_into(x: Array, p: dict, out: Array) -> Array:
    _, slopes, intercepts = _envelope(p)
    _affine(x, slopes[0], intercepts[0], out)
    if len(slopes) > 1:
        piece = np.empty_like(x)
        for w, b in zip(slopes[1:], intercepts[1:], strict=True):
            np.maximum(out, _affine(x, w, b, piece), out=out)
    return out


def _slope_into(x: Array, p: dict, out: Array) -> Array:
    """The slope of the envelope's piece at x (the left one at a breakpoint): the table of
    slopes indexed by how many breakpoints lie below x. Exact: no sums of slopes."""
    breaks, slopes, _ = _envelope(p)
    count = np.zeros(x.shape, np.uint8)
    for br in breaks:
        count += x > br
    return np.take(np.array(slopes, dtype=x.dtype), count, out=out, mode="clip")  # no buffer


def maxout(x: Array, **p: float) -> Array:
    r"""Maxout: :math:`\max_{i \le k} (w_i x + b_i)`; f' at a breakpoint is the smaller slope."""
    return _envelope_into(x, p, np.empty_like(x))


def maxout_d1(x: Array, **p: float) -> Array:
    r"""The slope of the piece on the envelope at x; at a breakpoint the left one."""
    return _slope_into(x, p, np.empty_like(x))


def maxout_fused(x: Array, **p: float) -> tuple[Array, Array]:
    y, d = pair(x)
    return _envelope_into(x, p, y), _slope_into(x, p, d)


def _kinks(p: dict) -> tuple[float, ...]:
    """The breakpoints inside the float range (one beyond it is no kink of any float x)."""
    return tuple(b for b in _envelope(p)[0] if abs(b) < _MAX)


def _lowest(p: dict) -> float:
    """The minimum of the envelope (-inf unless its slopes take both signs or 0)."""
    breaks, slopes, intercepts = _envelope(p)
    if slopes[0] > 0 or slopes[-1] < 0:
        return -INF
    j = next(i for i, w in enumerate(slopes) if w >= 0)
    if slopes[j] == 0:  # a flat piece: its intercept (any point will do, even ±inf)
        return intercepts[j]
    return slopes[j] * breaks[j - 1] + intercepts[j]


def _param(name: str, default: float, doc: str, span: tuple[float, float]) -> Param:
    return Param(name, default, doc, bounds=Interval.closed(-1e6, 1e6), span=span)


DEFAULTS = {"k": 3, **{f"w{i + 1}": w for i, w in enumerate(DEFAULT_W)}}
DEFAULTS.update({f"b{i + 1}": b for i, b in enumerate(DEFAULT_B)})

MAXOUT = ActivationSpec(
    name="maxout",
    where=r"$w_i$, $b_i$: the parameters w1…w4, b1…b4 (the first k)",
    family="piecewise",
    forward=maxout,
    d1=maxout_d1,
    fused=maxout_fused,
    d2=zeros,
    formula=r"$\max_{i \leq k}\ (w_i x + b_i)$",
    derivative_formula=r"$w_j$ for the piece $j$ attaining the maximum",
    text="max(w1*x + b1, ..., wk*x + bk)",
    range=Interval(_lowest(DEFAULTS), INF, lo_closed=True),
    params=(
        Param(
            "k",
            3,
            "number of affine pieces used",
            bounds=Interval.closed(1, MAX_PIECES),
            integer=True,
            span=(1, MAX_PIECES),
        ),
        *(
            _param(f"w{i + 1}", w, f"slope of piece {i + 1}", (-3.0, 3.0))
            for i, w in enumerate(DEFAULT_W)
        ),
        *(
            _param(f"b{i + 1}", b, f"intercept of piece {i + 1}", (-5.0, 5.0))
            for i, b in enumerate(DEFAULT_B)
        ),
    ),
    kinks=_kinks,
    kink_rule="kinks at the breakpoints of the upper envelope; f' there is the smaller "
    "of the two slopes (the left-hand derivative; PyTorch has no maxout). Defaults: "
    "f'(−2) = −0.5, f'(2) = 0.25, minimum f(−2) = −0.5; f'' = 0 everywhere",
    reference="Goodfellow et al., Maxout networks, ICML 2013",
    pros=(
        "learns its own convex piecewise-linear shape (ReLU and |x| are special cases)",
        "never saturates on both sides and has no dead region unless learned",
        "worked well with dropout",
    ),
    cons=(
        "k times the parameters and compute of a plain unit",
        "always convex in its input",
    ),
    use="the original model pairs it with dropout in MLPs and CNNs; mostly historical",
    frameworks=frameworks("", "", ""),
    framework_notes="real maxout takes the max over k learned linear units of the whole "
    "input vector (a layer, e.g. TensorFlow Addons' Maxout); this is the 1-D scalar "
    "version with k pieces w_i·x + b_i (pieces beyond k are ignored)",
)

SPECS = (MAXOUT,)
