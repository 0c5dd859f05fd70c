"""The table row of a gated unit f(a, b) (a the gate's input, b the value): its statistics
under independent a, b ~ N(0, 1) and what else a function of two inputs has.

* mean, std: E f and sd f; grad_gain: E‖∇f‖² = E f_a² + E f_b² (the per-layer gradient
  gain of the unit, its two terms kept as grad_gain_a and grad_gain_b); sparsity P[f = 0];
  self_normalizing as for a one-input row, with the variance map ν ↦ Var f(√ν a, √ν b)
  (its slope at ν = 1 is E[(f − E f)²(a² + b² − 2)]/2). All by the tensor product of the
  one-input rule (:func:`.gradient_stats.nodes_and_weights`: composite Gauss–Legendre
  with the normal density on [−12, 12]), its panels split in a at the gate's kinks and in
  both inputs at every break found along slices, so each cell integrates a smooth piece
  (to ~1e-13; the tests check closed forms, the gate's own 1-D moments and Monte Carlo).
  A zero set bounded by breaks (reglu's a ≤ 0) has its exact mass; its ends are breaks.
* max_grad: max ‖∇f‖ on the box [−BOX, BOX]², on a grid through the kinks, zoomed into
  around the best points until the cells are ~1e-9 wide.
* range: inf and sup of f over a grid out to ±1e300 in both inputs, zoomed around a finite
  extreme; an end beyond 1e200 is unbounded (open), a finite one is attained (closed).
* continuity: :func:`.continuity.continuity` along slices a ↦ f(a, b₀) and b ↦ f(a₀, b)
  (f and its partials in that input) at a few b₀ and a₀; the least smooth slice decides.
* zero_centered: the one-input rule (|E f| ≤ 0.1 sd f), or f odd in the value,
  f(a, −b) = −f(a, b), which makes E f = 0 (every g(a)·b unit).
* cost: f(a, b) per output element, and f with both partials, against relu per element.

One-input properties (saturation, dead regions, monotonicity, asymptotes, ...) are not
defined for two inputs: :meth:`GatedProperties.applies` says which columns a row has, and
the row's JSON has null for the keys of the others.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from actplot.compute.cost import Cost
from actplot.compute.kinds import Smoothness
from actplot.compute.row_fields import (
    ZERO_CENTRED_SD,
    boolean,
    end,
    finite_or_none,
    number,
    quartiles,
    text,
)
from actplot.model import REAL, GatedActivation, Interval

BOX = 3.0  # max ‖∇f‖ on [−BOX, BOX]²
BOX_POINTS = 601  # per side: a step of 0.01
PANEL = 0.5  # quadrature panels per input (16 Gauss–Legendre nodes each): 768 nodes
UNBOUNDED = 1e200  # a sampled |f| beyond this is taken to grow without bound
SLICES = (-1.3, 0.8)  # the fixed input of the continuity slices (generic values), and one
# beyond the largest kink (where a clamped or thresholded gate is not 0)

# The table columns (their JSON keys, compute.properties.SORT_KEYS) a gated row has.
COLUMNS = frozenset(
    {"name", "family", "range", "zero_centered", "continuity", "mean", "std", "grad_gain",
     "max_grad", "sparsity", "self_normalizing", "cost", "cost_with_derivative"}
)  # fmt: skip


@dataclass(frozen=True)
class GatedProperties:
    """One table row of a gated unit with bound parameters (see the module docstring)."""

    name: str
    label: str
    family: str
    params: dict[str, Any]
    range: Interval
    odd_in_value: bool  # f(a, −b) = −f(a, b)
    zero_centered: bool
    smoothness: Smoothness
    mean: float
    std: float
    grad_gain: float  # E‖∇f‖² = grad_gain_a + grad_gain_b
    grad_gain_a: float  # E f_a²
    grad_gain_b: float  # E f_b²
    max_grad: float  # max ‖∇f‖ on [−box, box]²
    sparsity: float
    self_normalizing: bool
    gate: str
    split: str
    diagonal: str
    diagonal_text: str
    breaks_a: tuple[float, ...] = ()  # values of a where f or a partial breaks
    breaks_b: tuple[float, ...] = ()
    box: float = BOX
    cost: Cost | None = None
    measured: str = ""

    kind = "gated"
    domain = REAL  # always the whole plane

    def applies(self, column: str) -> bool:
        """Whether the table column (its JSON key) is defined for a gated unit."""
        return column in COLUMNS

    def with_cost(self, cost: Cost, measured: str) -> GatedProperties:
        return replace(self, cost=cost, measured=measured)


# ---- evaluation ----------------------------------------------------------------------------


class _Slice:
    """f along one input with the other fixed, shaped like what compute.continuity reads:
    ``profile(x, order)`` is f, ∂f/∂(that input) or its second derivative."""

    jumps: tuple[float, ...] = ()

    def __init__(self, act: GatedActivation, along: str, at: float) -> None:
        self.act, self.along, self.at = act, along, at
        self.kinks = act.kinks if along == "a" else ()

    def profile(self, x: Any, order: int = 0) -> np.ndarray:
        x = np.asarray(x, dtype=np.float64)
        other = np.full_like(x, self.at)
        a, b = (x, other) if self.along == "a" else (other, x)
        if order == 0:
            return self.act(a, b)
        part = 0 if self.along == "a" else order  # (f_a, f_b) or (f_aa, f_ab, f_bb)
        return self.act.derivative(a, b, order=order)[part]


def _continuity(act: GatedActivation) -> tuple[Smoothness, tuple[float, ...], tuple[float, ...]]:
    """The least smooth slice's class, and the breaks found along a and along b."""
    from actplot.compute.continuity import continuity

    beyond = max((abs(k) for k in act.kinks if math.isfinite(k)), default=0.0) + 1.3
    found: dict[str, set[float]] = {"a": set(act.kinks), "b": set()}
    worst = Smoothness.CINF
    for along in ("a", "b"):
        for at in (*SLICES, beyond):
            c = continuity(_Slice(act, along, at))  # type: ignore[arg-type]
            found[along] |= set(c.breakpoints)
            worst = min(worst, c.smoothness, key=lambda s: s.rank)
    return worst, tuple(sorted(found["a"])), tuple(sorted(found["b"]))


def _moments(
    act: GatedActivation, breaks_a: Sequence[float], breaks_b: Sequence[float]
) -> dict[str, float]:
    """E f, sd f, E f_a², E f_b², P[f = 0] and the variance map's slope at ν = 1."""
    from actplot.compute.gradient_stats import nodes_and_weights

    za, wa = nodes_and_weights([*breaks_a, 0.0], panel=PANEL)
    zb, wb = nodes_and_weights([*breaks_b, 0.0], panel=PANEL)
    a, b = np.meshgrid(za, zb, indexing="ij")
    w = np.outer(wa, wb)
    f = act(a, b).astype(np.float64)
    fa, fb = (d.astype(np.float64) for d in act.derivative(a, b))
    mean = float(np.sum(w * f))
    dev2 = (f - mean) ** 2  # two passes: no E f² − (E f)² cancellation
    return {
        "mean": mean,
        "var": float(np.sum(w * dev2)),
        "gain_a": float(np.sum(w * fa * fa)),
        "gain_b": float(np.sum(w * fb * fb)),
        "sparsity": float(np.sum(w[f == 0.0])),
        "slope": float(np.sum(w * dev2 * (a * a + b * b - 2.0))) / 2,
    }


def _grad_norm(act: GatedActivation) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    def norm(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        fa, fb = act.derivative(a, b)
        return np.hypot(fa.astype(np.float64), fb.astype(np.float64))

    return norm


def _zoom_max(
    fn: Callable[[np.ndarray, np.ndarray], np.ndarray],
    xa: np.ndarray,
    xb: np.ndarray,
    lo: float = -math.inf,
    hi: float = math.inf,
    starts: int = 4,
) -> float:
    """The largest value of `fn` on the grid xa × xb, then on ever finer grids (kept in
    [lo, hi]²) around the best `starts` grid points, until the cells are ~1e-9 wide."""
    values = fn(*np.meshgrid(xa, xb, indexing="ij"))
    values = np.where(np.isnan(values), -np.inf, values)
    best = float(values.max())
    for flat in np.argsort(values, axis=None)[::-1][:starts]:
        i, j = np.unravel_index(flat, values.shape)
        ca, cb = float(xa[i]), float(xb[j])
        ha = max(_step(xa, i), 1e-300)
        hb = max(_step(xb, j), 1e-300)
        for _ in range(8):
            ga = np.clip(np.linspace(ca - ha, ca + ha, 21), lo, hi)
            gb = np.clip(np.linspace(cb - hb, cb + hb, 21), lo, hi)
            v = fn(*np.meshgrid(ga, gb, indexing="ij"))
            v = np.where(np.isnan(v), -np.inf, v)
            k, m = np.unravel_index(int(np.argmax(v)), v.shape)
            best = max(best, float(v[k, m]))
            ca, cb, ha, hb = float(ga[k]), float(gb[m]), ha / 10, hb / 10
            if ha < 1e-9 * max(1.0, abs(ca)) and hb < 1e-9 * max(1.0, abs(cb)):
                break
    return best


def _step(x: np.ndarray, i: int) -> float:
    """The larger grid step beside x[i]."""
    left = x[i] - x[i - 1] if i > 0 else 0.0
    right = x[i + 1] - x[i] if i + 1 < len(x) else 0.0
    return float(max(left, right))


def _with_breaks(x: np.ndarray, breaks: Sequence[float]) -> np.ndarray:
    """`x` with each break and the floats beside it (one-sided values at a kink)."""
    marks = np.array([k for k in breaks if math.isfinite(k)], dtype=np.float64)
    near = [np.nextafter(marks, -np.inf), marks, np.nextafter(marks, np.inf)]
    return np.unique(np.concatenate([x, *near]))


def _max_grad(act: GatedActivation, breaks_a: Sequence[float], breaks_b: Sequence[float]) -> float:
    inside = lambda ks: [k for k in ks if -BOX <= k <= BOX]  # noqa: E731
    xa = _with_breaks(np.linspace(-BOX, BOX, BOX_POINTS), inside(breaks_a))
    xb = _with_breaks(np.linspace(-BOX, BOX, BOX_POINTS), inside(breaks_b))
    xa, xb = xa[(xa >= -BOX) & (xa <= BOX)], xb[(xb >= -BOX) & (xb <= BOX)]
    return _zoom_max(_grad_norm(act), xa, xb, -BOX, BOX)


def _range(act: GatedActivation, breaks_a: Sequence[float], breaks_b: Sequence[float]) -> Interval:
    """inf and sup of f over the plane, from a grid out to ±1e300 (see the docstring)."""
    pos = np.concatenate([np.linspace(0.0, 12.0, 241), np.geomspace(12.0, 1e300, 120)])
    grid = np.concatenate([-pos, pos])
    xa, xb = _with_breaks(grid, breaks_a), _with_breaks(grid, breaks_b)
    hi = _zoom_max(lambda a, b: act(a, b).astype(np.float64), xa, xb)
    lo = -_zoom_max(lambda a, b: -act(a, b).astype(np.float64), xa, xb)
    lo_end = -math.inf if lo < -UNBOUNDED else lo
    hi_end = math.inf if hi > UNBOUNDED else hi
    return Interval(lo_end, hi_end, math.isfinite(lo_end), math.isfinite(hi_end))


def _odd_in_value(act: GatedActivation) -> bool:
    """f(a, −b) = −f(a, b) on a grid (to 1e-12 relative)."""
    x = np.concatenate([np.linspace(-6.0, 6.0, 121), [-50.0, -20.0, 20.0, 50.0]])
    a, b = np.meshgrid(x, x[x > 0], indexing="ij")
    f, g = act(a, b).astype(np.float64), act(a, -b).astype(np.float64)
    return bool(np.all(np.abs(f + g) <= 1e-12 * np.maximum(1.0, np.abs(f))))


def gated_properties(act: GatedActivation) -> GatedProperties:
    """The table row of the gated unit `act` (with its parameters), without cost."""
    from actplot.compute.gradient_stats import GradientStats, self_normalizing

    with np.errstate(all="ignore"):  # the grids' far ends overflow to inf: expected
        smoothness, breaks_a, breaks_b = _continuity(act)
        m = _moments(act, breaks_a, breaks_b)
        value_range = _range(act, breaks_a, breaks_b)
        max_grad = _max_grad(act, breaks_a, breaks_b)
        odd = _odd_in_value(act)
    std = math.sqrt(max(m["var"], 0.0))
    stats = GradientStats(m["mean"], std, m["gain_a"] + m["gain_b"], m["slope"])
    spec = act.spec
    return GatedProperties(
        name=act.name,
        label=act.label,
        family=spec.family,
        params=dict(act.params),
        range=value_range,
        odd_in_value=odd,
        zero_centered=odd or abs(m["mean"]) <= ZERO_CENTRED_SD * std,
        smoothness=smoothness,
        mean=m["mean"],
        std=std,
        grad_gain=stats.grad_gain,
        grad_gain_a=m["gain_a"],
        grad_gain_b=m["gain_b"],
        max_grad=max_grad,
        sparsity=min(1.0, m["sparsity"]),
        self_normalizing=self_normalizing(stats),
        gate=spec.gate,
        split=act.split_convention,
        diagonal=spec.diagonal,
        diagonal_text=spec.diagonal_text,
        breaks_a=breaks_a,
        breaks_b=breaks_b,
    )


# ---- cost ------------------------------------------------------------------------------------


def measure(acts: Sequence[GatedActivation], relu: Any) -> list[Cost]:
    """The cost of each gated unit per output element, relative to relu per element, timed
    in interleaved rounds like :func:`.cost.measure`: f(a, b) against relu(x), and f with
    both partials against relu's value and derivative, a, b and x all of cost.ELEMENTS."""
    from actplot.compute import cost

    rng = np.random.default_rng(0)
    x, a, b = (rng.standard_normal(cost.ELEMENTS) * 3.0 for _ in range(3))
    jobs: list[Callable[[], object]] = [lambda: relu(x), lambda: relu.value_and_derivative(x)]
    for act in acts:
        jobs.append(lambda g=act: g(a, b))
        jobs.append(lambda g=act: (g(a, b), g.derivative(a, b)))
    loops = [cost._loops(job) for job in jobs]
    times = np.empty((cost.REPEATS, len(jobs)))
    for r in range(cost.REPEATS):
        for k, job in enumerate(jobs):
            times[r, k] = cost._time(job, loops[k])
    ratios = np.empty_like(times)
    ratios[:, 0::2] = times[:, 0::2] / times[:, [0]]
    ratios[:, 1::2] = times[:, 1::2] / times[:, [1]]
    q1, median, q3 = np.percentile(ratios, [25, 50, 75], axis=0)
    return [
        Cost(
            float(median[k]),
            float(median[k + 1]),
            (float(q1[k]), float(q3[k])),
            (float(q1[k + 1]), float(q3[k + 1])),
        )
        for k in range(2, len(jobs), 2)
    ]


# ---- JSON --------------------------------------------------------------------------------------


def to_json(p: GatedProperties, one_input_keys: Sequence[str]) -> dict[str, Any]:
    """The plain-JSON object of `p`: every key of a one-input row (`one_input_keys`), null
    where the property does not apply, and the gated unit's own keys."""
    r = p.range
    c = p.cost
    own = {
        "name": p.name,
        "label": p.label,
        "family": p.family,
        "kind": p.kind,
        "params": p.params,
        "range": [finite_or_none(r.lo), finite_or_none(r.hi)],
        "range_closed": [r.lo_closed and math.isfinite(r.lo), r.hi_closed and math.isfinite(r.hi)],
        "range_text": str(r),
        "zero_centered": p.zero_centered,
        "odd_in_value": p.odd_in_value,
        "continuity": p.smoothness.value,
        "mean": p.mean,
        "std": p.std,
        "grad_gain": p.grad_gain,
        "grad_gain_a": p.grad_gain_a,
        "grad_gain_b": p.grad_gain_b,
        "max_grad": finite_or_none(p.max_grad),
        "max_grad_box": [-p.box, p.box],  # max ‖∇f‖ on this square of (a, b)
        "sparsity": p.sparsity,
        "self_normalizing": p.self_normalizing,
        "gate": p.gate,
        "split": p.split,
        "diagonal": p.diagonal or None,
        "diagonal_text": p.diagonal_text,
        "breaks_a": list(p.breaks_a),
        "breaks_b": list(p.breaks_b),
        "cost": c.forward if c else None,
        "cost_iqr": list(c.forward_iqr) if c and c.forward_iqr else None,
        "cost_with_derivative": c.with_derivative if c else None,
        "cost_with_derivative_iqr": (
            list(c.with_derivative_iqr) if c and c.with_derivative_iqr else None
        ),
        "cost_measured": p.measured or None,
        "domain": None,
    }
    return {**{k: None for k in one_input_keys}, **own}


def from_json(d: dict[str, Any], one_input_keys: Sequence[str]) -> GatedProperties:
    """The inverse of :func:`to_json`. Strict like the one-input rows: a missing key, a
    wrong type, an out-of-range number or a value where a one-input key must be null
    raises, so that a damaged cache row is recomputed."""
    if d["kind"] != "gated":
        raise ValueError("kind")
    for k in one_input_keys:
        if k not in GATED_KEYS and d[k] is not None:
            raise ValueError(f"{k} of a gated row must be null")
    params = d["params"]
    if not isinstance(params, dict) or not all(isinstance(k, str) for k in params):
        raise TypeError("params")
    lo, hi = d["range"]
    lo_closed, hi_closed = d["range_closed"]
    box = [number(v) for v in d["max_grad_box"]]
    if len(box) != 2 or box[0] != -box[1] or not box[1] > 0:
        raise ValueError("max_grad_box")
    if d["split"] not in ("first", "second", "interleaved"):
        raise ValueError("split")
    cost = None
    if d["cost"] is not None:
        cost = Cost(
            number(d["cost"]),
            number(d["cost_with_derivative"]),
            quartiles(d["cost_iqr"]),
            quartiles(d["cost_with_derivative_iqr"]),
        )
    if d["domain"] is not None:
        raise ValueError("a gated row's domain is the whole plane (null)")
    sparsity = number(d["sparsity"])
    if not 0.0 <= sparsity <= 1.0:
        raise ValueError("sparsity")
    return GatedProperties(
        name=text(d["name"]),
        label=text(d["label"]),
        family=text(d["family"]),
        params=params,
        range=Interval(
            end(lo, -math.inf), end(hi, math.inf), boolean(lo_closed), boolean(hi_closed)
        ),
        odd_in_value=boolean(d["odd_in_value"]),
        zero_centered=boolean(d["zero_centered"]),
        smoothness=Smoothness(d["continuity"]),
        mean=number(d["mean"]),
        std=number(d["std"]),
        grad_gain=number(d["grad_gain"]),
        grad_gain_a=number(d["grad_gain_a"]),
        grad_gain_b=number(d["grad_gain_b"]),
        max_grad=end(d["max_grad"], math.inf),
        sparsity=sparsity,
        self_normalizing=boolean(d["self_normalizing"]),
        gate=text(d["gate"]),
        split=d["split"],
        diagonal=text(d["diagonal"] or ""),
        diagonal_text=text(d["diagonal_text"]),
        breaks_a=tuple(number(v) for v in d["breaks_a"]),
        breaks_b=tuple(number(v) for v in d["breaks_b"]),
        box=box[1],
        cost=cost,
        measured=text(d["cost_measured"] or ""),
    )


# The keys to_json writes for a gated row itself (the others of a one-input row are null).
GATED_KEYS = frozenset(
    {"name", "label", "family", "kind", "params", "range", "range_closed", "range_text",
     "zero_centered", "continuity", "mean", "std", "grad_gain", "max_grad", "sparsity",
     "self_normalizing", "cost", "cost_iqr", "cost_with_derivative",
     "cost_with_derivative_iqr", "cost_measured", "domain"}
)  # fmt: skip
