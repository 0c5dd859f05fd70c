"""Every tabulated property of an activation, computed from its functions.

* range: inf and sup over a wide grid and the limits at ±∞; an end is closed when a finite x
  attains it, open when it is only approached.
* zero-centred: f is odd, or |E f(z)| <= 0.1 sd f(z) for z ~ N(0, 1).
* monotonic, smoothness (discontinuous, C⁰, C¹, C², C^∞), identity near 0 (f(0) = 0,
  f'(0) = 1), and from :mod:`actplot.compute.regions` the saturated tails (|f'| < 0.05 from
  some x on) and dead regions (f' = 0).
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
from actplot.compute.kinds import Monotonic, Smoothness
from actplot.compute.regions import SATURATION, Regions
from actplot.errors import ParameterError
from actplot.model import REAL, Activation, Interval

ZERO_CENTRED_SD = 0.1


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
    monotonic: Monotonic
    smoothness: Smoothness
    identity_near_origin: bool
    regions: Regions  # saturated tails and dead intervals, at regions.threshold
    mean: float
    std: float
    grad_gain: float
    max_grad: float
    cost: Cost | None = None
    measured: str = ""  # when the cost was measured (ISO date)
    domain: Interval = REAL  # where the sampled properties were computed

    @property
    def threshold(self) -> float:
        return self.regions.threshold

    def with_cost(self, cost: Cost, measured: str) -> Properties:
        return replace(self, cost=cost, measured=measured)


def properties(act: Activation, domain: Interval = REAL) -> Properties:
    """The properties of `act` (with its parameters), without cost, on the whole line or
    on a bounded `domain` (moments then under N(0, 1) conditioned on it).

    ParameterError if `act` is not finite somewhere in the domain (a pole, or a stretch
    where it has no real value): sampled properties and quadrature would mean nothing.
    """
    import numpy as np

    if domain != REAL and not domain.bounded:
        raise ParameterError(f"a restricted domain is bounded, not {domain}")
    # Far out the grid meets inf − inf and slopes across two-ulp jumps that overflow: both
    # are expected and handled (nan is skipped, a huge residual is a jump), not warnings.
    with np.errstate(all="ignore"):
        return _properties(act, domain)


def _properties(act: Activation, domain: Interval) -> Properties:
    # The analysis runs only here: reading cached rows needs none of it.
    from actplot.compute import regions, shape
    from actplot.compute.continuity import continuity
    from actplot.compute.gradient_stats import gradient_stats

    s = shape.samples(act, domain)
    check_finite(act, s)
    cont = continuity(act, domain)
    stats = gradient_stats(act, cont.breakpoints, domain)
    odd = shape.is_odd(s)
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
        identity_near_origin=shape.identity_near_origin(act, domain),
        regions=regions.regions(act, SATURATION, s),
        mean=stats.mean,
        std=stats.std,
        grad_gain=stats.grad_gain,
        max_grad=shape.max_slope(act, s),
        domain=domain,
    )


def check_finite(act: Activation, s: Any) -> None:
    """ParameterError naming where `act` is not finite inside the sampled domain: at its
    poles (1/x at 0), or where f has no real value (log(x) for x < 0). inf at a finite x
    by overflow (e^x beyond 709.8) is a value, not a singularity."""
    import numpy as np

    from actplot.compute import search

    lo, hi = s.domain.lo, s.domain.hi
    poles = [p for p in act.poles if lo <= p <= hi]
    where = ""
    bad = np.isnan(s.f) | np.isnan(s.d)
    if poles and not bad.any():
        shown = ", ".join(_x(p) for p in poles[:3]) + (", ..." if len(poles) > 3 else "")
        where = f"at x = {shown}"
    elif bad.any():
        bad |= np.isin(s.x, poles)
        spans = []
        last = len(s.x) - 1
        for i, j in search.runs(bad):
            # Each end as the kink it brackets (sqrt: "x < 0", not "x <= -4.9e-324").
            below = j < last and s.x[j + 1] in act.kinks
            above = i > 0 and s.x[i - 1] in act.kinks
            b, le = (_x(s.x[j + 1]), "<") if below else (_x(s.x[j]), "<=")
            a, ge = (_x(s.x[i - 1]), "<") if above else (_x(s.x[i]), "<=")
            left, right = i == 0 and math.isinf(lo), j == last and math.isinf(hi)
            if left and right:
                spans.append("anywhere")
            elif left:
                spans.append(f"for x {le} {b}")
            elif right:
                spans.append(f"for x {'>' if above else '>='} {a}")
            elif i == j:
                spans.append(f"at x = {_x(s.x[i])}")
            else:
                spans.append(f"for {a} {ge} x {le} {b}")
        where = ", ".join(spans[:3]) + (", ..." if len(spans) > 3 else "")
    if where:
        inside = "" if s.domain == REAL else f" inside the domain {s.domain}"
        raise ParameterError(
            f"{act.label} is not finite {where}{inside}: its table row would be meaningless "
            "(restrict the domain to where it is finite, e.g. actplot table --xlim A B)"
        )


def _x(v: float) -> str:
    return f"{v:.6g}".replace("-", "−")


# What each table column sorts by (``actplot table --sort COLUMN``).
SORT_KEYS: dict[str, Callable[[Properties], Any]] = {
    "name": lambda p: p.label,
    "family": lambda p: (p.family, p.label),
    "range": lambda p: (p.range.lo, p.range.hi),
    "zero_centered": lambda p: p.zero_centered,
    "monotonic": lambda p: p.monotonic.either,
    "continuity": lambda p: p.smoothness.rank,
    "identity": lambda p: p.identity_near_origin,
    "saturation": lambda p: _unsaturated_sides(p.regions),
    "dead": lambda p: len(p.regions.dead),
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


def _unsaturated_sides(r: Regions) -> int:
    """0, 1 or 2: how many of the two tails are not saturated."""
    return 0 if r.everywhere else (r.left is None) + (r.right is None)


def _num(v: float | None) -> float | None:
    """A float for JSON: None for ±inf and nan (JSON has neither)."""
    return None if v is None or not math.isfinite(v) else v


def to_json(p: Properties) -> dict[str, Any]:
    """The plain-JSON object of `p`: null marks an unbounded end (or an absent cost)."""
    r, regions = p.range, p.regions
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
        "monotonic": p.monotonic.either,
        "monotonic_direction": p.monotonic.value if p.monotonic.either else None,
        "continuity": p.smoothness.value,
        "identity_near_origin": p.identity_near_origin,
        "saturation": {
            "threshold": regions.threshold,
            "everywhere": regions.everywhere,
            "left": regions.left,
            "right": regions.right,
        },
        "dead": [[_num(d.lo), _num(d.hi)] for d in regions.dead],
        "mean": p.mean,
        "std": p.std,
        "grad_gain": p.grad_gain,
        "max_grad": _num(p.max_grad),
        "cost": p.cost.forward if p.cost else None,
        "cost_with_derivative": p.cost.with_derivative if p.cost else None,
        "cost_measured": p.measured or None,
        # null: the whole real line; [lo, hi]: the properties were sampled there only
        "domain": None if p.domain == REAL else [p.domain.lo, p.domain.hi],
    }


def from_json(d: dict[str, Any]) -> Properties:
    """The inverse of :func:`to_json` (used to read the cache)."""
    lo, hi = d["range"]
    lo_closed, hi_closed = d["range_closed"]
    sat = d["saturation"]
    dead = tuple(
        Interval(-math.inf if a is None else a, math.inf if b is None else b) for a, b in d["dead"]
    )
    domain = REAL if d.get("domain") is None else Interval.closed(*d["domain"])
    regions = Regions.from_onsets(
        sat["threshold"], sat["left"], sat["right"], dead, sat["everywhere"], domain
    )
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
        monotonic=Monotonic(d["monotonic_direction"] or Monotonic.NEITHER.value),
        smoothness=Smoothness(d["continuity"]),
        identity_near_origin=d["identity_near_origin"],
        regions=regions,
        mean=d["mean"],
        std=d["std"],
        grad_gain=d["grad_gain"],
        max_grad=math.inf if d["max_grad"] is None else d["max_grad"],
        cost=cost,
        measured=d.get("cost_measured") or "",
        domain=domain,
    )


__all__ = [
    "SATURATION",
    "SORT_KEYS",
    "Monotonic",
    "Properties",
    "Regions",
    "Smoothness",
    "from_json",
    "properties",
    "sort_rows",
    "to_json",
]
