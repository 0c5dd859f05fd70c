"""Every tabulated property of an activation, computed from its functions.

* range: inf and sup over a wide grid and the limits at ±∞; an end is closed when a finite x
  attains it, open when it is only approached.
* zero-centred: f is odd, or |E f(z)| <= 0.1 sd f(z) for z ~ N(0, 1).
* monotonic, smoothness (discontinuous, C⁰, C¹, C², C^∞), identity near 0 (f(0) = 0,
  f'(0) = 1), saturated sides (|f'| < 0.05 from some x on), dead regions (f' = 0).
* gradient statistics under z ~ N(0, 1): E f, sd f, E[f'²] (the per-layer gradient gain:
  below 1 gradients shrink layer by layer, above 1 they grow) and sup |f'|.
* cost (measured, relative to relu), filled in by :mod:`actplot.io.cache`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from actplot.compute.cost import Cost
from actplot.errors import ParameterError
from actplot.model import Activation, Interval

ZERO_CENTRED_SD = 0.1
SATURATION = 0.05  # |f'| below this counts as saturated (tanh: |x| > 2.178)
SMOOTHNESS = {-1: "discontinuous", 0: "C0", 1: "C1", 2: "C2", None: "Cinf"}


@dataclass(frozen=True)
class Properties:
    """One table row: the computed properties of an activation with bound parameters."""

    name: str
    label: str
    family: str
    params: dict[str, Any]
    range: Interval
    odd: bool
    zero_centered: bool
    monotonic: str  # "increasing", "decreasing" or ""
    smoothness: int | None  # -1 discontinuous, k for C^k, None for C^∞
    identity_near_origin: bool
    saturates_left: float | None  # |f'| < threshold for all x < this (+inf: everywhere)
    saturates_right: float | None  # ... for all x > this (−inf: everywhere)
    dead: tuple[tuple[float, float], ...]
    mean: float
    std: float
    grad_gain: float
    max_grad: float
    threshold: float = SATURATION
    cost: Cost | None = None
    measured: str = ""  # when the cost was measured (ISO date)

    @property
    def continuity(self) -> str:
        return SMOOTHNESS[self.smoothness]

    def with_cost(self, cost: Cost, measured: str) -> Properties:
        return replace(self, cost=cost, measured=measured)


def properties(act: Activation) -> Properties:
    """The properties of `act` (with its parameters), without cost."""
    import numpy as np

    # Far out the grid meets inf − inf and slopes across two-ulp jumps that overflow: both
    # are expected and handled (nan is skipped, a huge residual is a jump), not warnings.
    with np.errstate(all="ignore"):
        return _properties(act)


def _properties(act: Activation) -> Properties:
    # The analysis modules load only here: reading cached rows needs none of them.
    from actplot.compute import shape
    from actplot.compute.continuity import continuity
    from actplot.compute.gradient_stats import gradient_stats

    s = shape.samples(act)
    cont = continuity(act)
    stats = gradient_stats(act, cont.breakpoints)
    odd = shape.is_odd(s)
    left, right = shape.saturated_sides(act, s, SATURATION)
    return Properties(
        name=act.name,
        label=act.label,
        family=act.spec.family,
        params=dict(act.params),
        range=shape.value_range(act, s),
        odd=odd,
        zero_centered=odd or abs(stats.mean) <= ZERO_CENTRED_SD * stats.std,
        monotonic=shape.monotonic(s),
        smoothness=cont.smoothness,
        identity_near_origin=shape.identity_near_origin(act),
        saturates_left=left,
        saturates_right=right,
        dead=tuple(shape.dead_regions(act, s)),
        mean=stats.mean,
        std=stats.std,
        grad_gain=stats.grad_gain,
        max_grad=shape.max_slope(act, s),
    )


_ORDER = {-1: -1, 0: 0, 1: 1, 2: 2, None: 99}  # C^∞ sorts after every C^k
# What each table column sorts by (``actplot table --sort COLUMN``).
SORT_KEYS: dict[str, Callable[[Properties], Any]] = {
    "name": lambda p: p.label,
    "family": lambda p: (p.family, p.label),
    "range": lambda p: (p.range.lo, p.range.hi),
    "zero_centered": lambda p: p.zero_centered,
    "monotonic": lambda p: bool(p.monotonic),
    "continuity": lambda p: _ORDER[p.smoothness],
    "identity": lambda p: p.identity_near_origin,
    "saturation": lambda p: (p.saturates_left is None) + (p.saturates_right is None),
    "dead": lambda p: len(p.dead),
    "mean": lambda p: p.mean,
    "std": lambda p: p.std,
    "grad_gain": lambda p: p.grad_gain,
    "max_grad": lambda p: p.max_grad,
    "cost": lambda p: p.cost.forward if p.cost else math.inf,
    "cost_with_derivative": lambda p: p.cost.with_derivative if p.cost else math.inf,
}


def sort_rows(rows: Sequence[Properties], column: str, reverse: bool = False) -> list[Properties]:
    """`rows` ordered by a column of :data:`SORT_KEYS`; a stable sort (ties keep order)."""
    key = column.strip().lower().replace("-", "_")
    if key not in SORT_KEYS:
        raise ParameterError(f"cannot sort by {column!r}; columns: {', '.join(SORT_KEYS)}")
    return sorted(rows, key=SORT_KEYS[key], reverse=reverse)


def _num(v: float | None) -> float | None:
    """A float for JSON: None for ±inf and nan (JSON has neither)."""
    return None if v is None or not math.isfinite(v) else v


def to_json(p: Properties) -> dict[str, Any]:
    """The plain-JSON object of `p`: null marks an unbounded end (or an absent cost)."""
    r = p.range
    left, right = p.saturates_left, p.saturates_right
    everywhere = left == math.inf
    return {
        "name": p.name,
        "label": p.label,
        "family": p.family,
        "params": p.params,
        "range": [_num(r.lo), _num(r.hi)],
        "range_closed": [r.lo_closed and math.isfinite(r.lo), r.hi_closed and math.isfinite(r.hi)],
        "range_text": str(r),
        "zero_centered": p.zero_centered,
        "odd": p.odd,
        "monotonic": bool(p.monotonic),
        "monotonic_direction": p.monotonic or None,
        "continuity": p.continuity,
        "identity_near_origin": p.identity_near_origin,
        "saturation": {
            "threshold": p.threshold,
            "everywhere": everywhere,
            "left": None if everywhere else left,
            "right": None if everywhere else right,
        },
        "dead": [[_num(lo), _num(hi)] for lo, hi in p.dead],
        "mean": p.mean,
        "std": p.std,
        "grad_gain": p.grad_gain,
        "max_grad": _num(p.max_grad),
        "cost": p.cost.forward if p.cost else None,
        "cost_with_derivative": p.cost.with_derivative if p.cost else None,
        "cost_measured": p.measured or None,
    }


def from_json(d: dict[str, Any]) -> Properties:
    """The inverse of :func:`to_json` (used to read the cache)."""
    lo, hi = d["range"]
    lo_closed, hi_closed = d["range_closed"]
    sat = d["saturation"]
    left, right = (math.inf, -math.inf) if sat["everywhere"] else (sat["left"], sat["right"])
    cost = None
    if d.get("cost") is not None:
        cost = Cost(d["cost"], d["cost_with_derivative"])
    return Properties(
        name=d["name"],
        label=d["label"],
        family=d["family"],
        params=d["params"],
        range=Interval(
            -math.inf if lo is None else lo, math.inf if hi is None else hi, lo_closed, hi_closed
        ),
        odd=d["odd"],
        zero_centered=d["zero_centered"],
        monotonic=d["monotonic_direction"] or "",
        smoothness={v: k for k, v in SMOOTHNESS.items()}[d["continuity"]],
        identity_near_origin=d["identity_near_origin"],
        saturates_left=left,
        saturates_right=right,
        dead=tuple(
            (-math.inf if a is None else a, math.inf if b is None else b) for a, b in d["dead"]
        ),
        mean=d["mean"],
        std=d["std"],
        grad_gain=d["grad_gain"],
        max_grad=math.inf if d["max_grad"] is None else d["max_grad"],
        threshold=sat["threshold"],
        cost=cost,
        measured=d.get("cost_measured") or "",
    )


__all__ = ["SORT_KEYS", "Properties", "from_json", "properties", "sort_rows", "to_json"]
