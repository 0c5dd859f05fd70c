"""Every tabulated property of an activation, computed from its functions.

* range: inf and sup over a wide grid and the limits at ±∞; an end is closed when a finite x
  attains it, open when it is only approached.
* zero-centred: f is odd, or |E f(z)| <= 0.1 sd f(z) for z ~ N(0, 1).
* monotonic, smoothness (discontinuous, C⁰, C¹, C², C^∞), identity near 0 (f(0) = 0,
  f'(0) = 1), and from :mod:`actplot.compute.regions` the saturated tails (|f'| < 0.05 from
  some x on) and dead regions (f' = 0).
* gradient statistics under z ~ N(0, 1): E f, sd f, E[f'²] (the per-layer gradient gain:
  below 1 gradients shrink layer by layer, above 1 they grow) and sup |f'|; sparsity
  P[f(z) = 0]; self-normalising: (mean 0, variance 1) is a fixed point of z ↦ f(z).
* parity (odd, even, neither), whether f′ is monotonic, the asymptotes at ±∞, the minimum
  and maximum where attained, the Lipschitz constant (sup |f′|, ∞ where f jumps) and the
  true image (a union of intervals and points; ``range`` is its hull).
* cost (measured, relative to relu), filled in by :mod:`actplot.io.cache`.

A gated unit's row is :class:`~actplot.compute.gated_stats.GatedProperties`: to_json,
from_json and sort_rows take both kinds, and ``row.applies(column)`` says which columns a
row has (a one-input row has them all).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from actplot.compute.cost import Cost
from actplot.compute.kinds import Asymptote, Extremum, Monotonic, Parity, Smoothness
from actplot.compute.regions import SATURATION, Regions
from actplot.compute.row_fields import ZERO_CENTRED_SD
from actplot.compute.row_fields import boolean as _b
from actplot.compute.row_fields import end as _end
from actplot.compute.row_fields import finite_or_none as _num
from actplot.compute.row_fields import number as _f
from actplot.compute.row_fields import optional as _opt
from actplot.compute.row_fields import quartiles as _iqr
from actplot.compute.row_fields import text as _s
from actplot.errors import ParameterError
from actplot.model import REAL, Activation, Interval


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
    parity: Parity = Parity.NEITHER
    monotonic_derivative: Monotonic = Monotonic.NEITHER
    asymptotes: tuple[Asymptote | None, Asymptote | None] = (None, None)  # at −∞, +∞
    minimum: Extremum | None = None  # None: not attained (or unbounded)
    maximum: Extremum | None = None
    lipschitz: float = math.inf
    sparsity: float = 0.0
    self_normalizing: bool = False
    image: tuple[Interval, ...] = ()  # disjoint, sorted; () only for rows built by hand
    cost: Cost | None = None
    measured: str = ""  # when the cost was measured (ISO date)
    domain: Interval = REAL  # where the sampled properties were computed
    kind: str = "elementwise"  # or "vector": the activation's kind

    def applies(self, column: str) -> bool:
        """Every table column is defined for a one-input row."""
        return True

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
    from actplot.compute.asymptotes import asymptotes
    from actplot.compute.continuity import continuity
    from actplot.compute.extrema import extrema
    from actplot.compute.gradient_stats import gradient_stats, self_normalizing
    from actplot.compute.image import image
    from actplot.compute.sparsity import sparsity

    s = shape.samples(act, domain)
    check_finite(act, s)
    cont = continuity(act, domain)
    stats = gradient_stats(act, cont.breakpoints, domain)
    odd = shape.is_odd(s)
    low, high = extrema(act, s)
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
        parity=shape.parity(s),
        monotonic_derivative=shape.monotonic_derivative(act, s),
        asymptotes=asymptotes(act) if domain == REAL else (None, None),
        minimum=low,
        maximum=high,
        lipschitz=shape.lipschitz(act, s, cont.smoothness),
        sparsity=sparsity(act, s, domain),
        self_normalizing=self_normalizing(stats),
        image=image(act, s, cont.points.get(0, ())),
        domain=domain,
        kind=act.kind,
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


def _extreme_key(e: Extremum | None) -> float:
    """An attained extremum's value; one not attained sorts last."""
    return math.inf if e is None else e.value


# What each table column sorts by (``actplot table --sort COLUMN``); the keys are the JSON
# keys, and the keys of ``--columns``.
SORT_KEYS: dict[str, Callable[[Properties], Any]] = {
    "name": lambda p: p.label,
    "family": lambda p: (p.family, p.label),
    "range": lambda p: (p.range.lo, p.range.hi),
    "image": lambda p: len(p.image),
    "zero_centered": lambda p: p.zero_centered,
    "parity": lambda p: list(Parity).index(p.parity),
    "monotonic": lambda p: p.monotonic.either,
    "monotonic_derivative": lambda p: p.monotonic_derivative.either,
    "continuity": lambda p: p.smoothness.rank,
    "identity_near_origin": lambda p: p.identity_near_origin,
    "saturation": lambda p: _unsaturated_sides(p.regions),
    "dead": lambda p: len(p.regions.dead),
    "asymptotes": lambda p: sum(a is not None for a in p.asymptotes),
    "minimum": lambda p: _extreme_key(p.minimum),
    "maximum": lambda p: _extreme_key(p.maximum),
    "mean": lambda p: p.mean,
    "std": lambda p: p.std,
    "grad_gain": lambda p: p.grad_gain,
    "max_grad": lambda p: p.max_grad,
    "lipschitz": lambda p: p.lipschitz,
    "sparsity": lambda p: p.sparsity,
    "self_normalizing": lambda p: p.self_normalizing,
    "cost": lambda p: p.cost.forward if p.cost else math.inf,
    "cost_with_derivative": lambda p: p.cost.with_derivative if p.cost else math.inf,
}
# Other spellings people type for a column key (the short forms of earlier versions).
KEY_ALIASES = {"identity": "identity_near_origin", "smoothness": "continuity", "gain": "grad_gain"}


def column_key(column: str) -> str:
    """The JSON key a user's spelling of a column names, or ParameterError listing them."""
    key = column.strip().lower().replace("-", "_")
    key = KEY_ALIASES.get(key, key)
    if key not in SORT_KEYS:
        raise ParameterError(f"unknown column {column!r}; columns: {', '.join(SORT_KEYS)}")
    return key


def sort_rows(rows: Sequence[Any], column: str, reverse: bool = False) -> list[Any]:
    """`rows` ordered by a column of :data:`SORT_KEYS`; a stable sort (ties keep order).
    Rows the column does not apply to (a gated unit's saturation) follow, in their order."""
    key = column_key(column)
    have = [p for p in rows if p.applies(key)]
    return sorted(have, key=SORT_KEYS[key], reverse=reverse) + [
        p for p in rows if not p.applies(key)
    ]


def _unsaturated_sides(r: Regions) -> int:
    """0, 1 or 2: how many of the two tails are not saturated."""
    return 0 if r.everywhere else (r.left is None) + (r.right is None)


def _interval_json(i: Interval) -> list[Any]:
    return [_num(i.lo), _num(i.hi), i.closed_lo, i.closed_hi]


def _interval(d: Sequence[Any]) -> Interval:
    lo, hi, lo_closed, hi_closed = d
    return Interval(_end(lo, -math.inf), _end(hi, math.inf), _b(lo_closed), _b(hi_closed))


def _extremum_json(e: Extremum | None) -> dict[str, Any] | None:
    if e is None:
        return None
    plateau = None if e.plateau is None else _interval_json(e.plateau)
    return {"value": e.value, "at": e.at, "plateau": plateau, "unique": e.unique}


def _extremum(d: dict[str, Any] | None) -> Extremum | None:
    if d is None:
        return None
    plateau = None if d["plateau"] is None else _interval(d["plateau"])
    return Extremum(_f(d["value"]), _f(d["at"]), plateau, _b(d["unique"]))


def _asymptote(d: dict[str, Any] | None) -> Asymptote | None:
    return None if d is None else Asymptote(_f(d["slope"]), _f(d["intercept"]))


def to_json(p: Any) -> dict[str, Any]:
    """The plain-JSON object of `p`: null marks an unbounded end (or an absent cost); a
    gated unit's row has every key, null where it does not apply, and keys of its own."""
    if p.kind == "gated":
        from actplot.compute.gated_stats import to_json as gated

        return gated(p, ONE_INPUT_KEYS)
    from actplot.compute.image import image_text

    r, regions = p.range, p.regions
    return {
        "name": p.name,
        "label": p.label,
        "family": p.family,
        "kind": p.kind,
        "params": p.params,
        "range": [_num(r.lo), _num(r.hi)],
        "range_closed": [r.lo_closed and math.isfinite(r.lo), r.hi_closed and math.isfinite(r.hi)],
        "range_text": str(r),
        "zero_centered": p.zero_centered,
        "odd": p.odd,
        "monotonic": p.monotonic.either,
        "monotonic_direction": p.monotonic.value if p.monotonic.either else None,
        "image": image_text(p.image) if p.image else str(r),
        "image_parts": [_interval_json(i) for i in p.image],
        "parity": p.parity.value,
        "monotonic_derivative": p.monotonic_derivative.either,
        "monotonic_derivative_direction": (
            p.monotonic_derivative.value if p.monotonic_derivative.either else None
        ),
        "continuity": p.smoothness.value,
        "identity_near_origin": p.identity_near_origin,
        "saturation": {
            "threshold": regions.threshold,
            "everywhere": regions.everywhere,
            "left": regions.left,
            "right": regions.right,
        },
        "dead": [[_num(d.lo), _num(d.hi)] for d in regions.dead],
        "asymptotes": [None if a is None else vars(a).copy() for a in p.asymptotes],
        "minimum": _extremum_json(p.minimum),
        "maximum": _extremum_json(p.maximum),
        "mean": p.mean,
        "std": p.std,
        "grad_gain": p.grad_gain,
        "max_grad": _num(p.max_grad),
        "lipschitz": _num(p.lipschitz),
        "sparsity": p.sparsity,
        "self_normalizing": p.self_normalizing,
        "cost": p.cost.forward if p.cost else None,
        "cost_iqr": list(p.cost.forward_iqr) if p.cost and p.cost.forward_iqr else None,
        "cost_with_derivative": p.cost.with_derivative if p.cost else None,
        "cost_with_derivative_iqr": (
            list(p.cost.with_derivative_iqr) if p.cost and p.cost.with_derivative_iqr else None
        ),
        "cost_measured": p.measured or None,
        # null: the whole real line; [lo, hi]: the properties were sampled there only
        "domain": None if p.domain == REAL else [p.domain.lo, p.domain.hi],
    }


def from_json(d: dict[str, Any]) -> Any:
    """The inverse of :func:`to_json` (used to read the cache). Strict: a missing key, a
    wrong type or an out-of-range number raises (KeyError, TypeError, ValueError,
    OverflowError), so that a damaged cache row is recomputed, never shown."""
    if d["kind"] == "gated":
        from actplot.compute.gated_stats import from_json as gated

        return gated(d, ONE_INPUT_KEYS)
    if d["kind"] not in ("elementwise", "vector"):
        raise ValueError(f"kind: {d['kind']!r:.40}")
    sat = d["saturation"]
    dead = tuple(_interval([a, b, False, False]) for a, b in d["dead"])
    domain = REAL if d.get("domain") is None else Interval.closed(*map(_f, d["domain"]))
    regions = Regions.from_onsets(
        _f(sat["threshold"]),
        _opt(sat["left"]),
        _opt(sat["right"]),
        dead,
        _b(sat["everywhere"]),
        domain,
    )
    cost = None
    if d.get("cost") is not None:
        cost = Cost(
            _f(d["cost"]),
            _f(d["cost_with_derivative"]),
            _iqr(d.get("cost_iqr")),
            _iqr(d.get("cost_with_derivative_iqr")),
        )
    params = d["params"]
    if not isinstance(params, dict) or not all(isinstance(k, str) for k in params):
        raise TypeError("params")
    left, right = d["asymptotes"]
    return Properties(
        name=_s(d["name"]),
        label=_s(d["label"]),
        family=_s(d["family"]),
        params=params,
        range=_interval([*d["range"], *d["range_closed"]]),
        odd=_b(d["odd"]),
        zero_centered=_b(d["zero_centered"]),
        monotonic=Monotonic(d["monotonic_direction"] or Monotonic.NEITHER.value),
        smoothness=Smoothness(d["continuity"]),
        identity_near_origin=_b(d["identity_near_origin"]),
        regions=regions,
        mean=_f(d["mean"]),
        std=_f(d["std"]),
        grad_gain=_f(d["grad_gain"]),
        max_grad=_end(d["max_grad"], math.inf),
        parity=Parity(d["parity"]),
        monotonic_derivative=Monotonic(
            d["monotonic_derivative_direction"] or Monotonic.NEITHER.value
        ),
        asymptotes=(_asymptote(left), _asymptote(right)),
        minimum=_extremum(d["minimum"]),
        maximum=_extremum(d["maximum"]),
        lipschitz=_end(d["lipschitz"], math.inf),
        sparsity=_f(d["sparsity"]),
        self_normalizing=_b(d["self_normalizing"]),
        image=tuple(_interval(i) for i in d["image_parts"]),
        cost=cost,
        measured=_s(d.get("cost_measured") or ""),
        domain=domain,
        kind=d["kind"],
    )


# Every key of a one-input row's JSON, in order (a gated row has each, null where it does
# not apply; a test checks this against to_json).
ONE_INPUT_KEYS = (
    "name", "label", "family", "kind", "params", "range", "range_closed", "range_text",
    "zero_centered", "odd", "monotonic", "monotonic_direction", "image", "image_parts",
    "parity", "monotonic_derivative", "monotonic_derivative_direction", "continuity",
    "identity_near_origin", "saturation", "dead", "asymptotes", "minimum", "maximum", "mean",
    "std", "grad_gain", "max_grad", "lipschitz", "sparsity", "self_normalizing", "cost",
    "cost_iqr", "cost_with_derivative", "cost_with_derivative_iqr", "cost_measured", "domain",
)  # fmt: skip


__all__ = [
    "KEY_ALIASES",
    "ZERO_CENTRED_SD",
    "ONE_INPUT_KEYS",
    "SATURATION",
    "SORT_KEYS",
    "Monotonic",
    "Properties",
    "Regions",
    "Smoothness",
    "column_key",
    "from_json",
    "properties",
    "sort_rows",
    "to_json",
]
