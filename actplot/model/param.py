"""One parameter of an activation: its PyTorch-style name, default, meaning and accepted
values (an :class:`~actplot.model.interval.Interval`, or a tuple of choices)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from actplot.errors import ParameterError
from actplot.model import validation
from actplot.model.interval import REAL, Interval

ParamValue = float | int | str
Params = Mapping[str, ParamValue]


@dataclass(frozen=True)
class Param:
    """A parameter: numeric ones accept the values in ``bounds`` (whole numbers with
    ``integer``), string ones one of ``choices``. ``span`` is a sensible range for sliders."""

    name: str
    default: ParamValue
    doc: str
    bounds: Interval = REAL
    integer: bool = False
    choices: tuple[str, ...] = ()
    span: tuple[float, float] | None = None

    @property
    def numeric(self) -> bool:
        return not self.choices

    def coerce(self, value: Any, owner: str) -> ParamValue:
        """Validate `value` (a number, or text from the command line) for this parameter."""
        where = f"{owner}: {self.name}"
        if self.choices:
            return validation.choice(value, where, self.choices)
        return validation.number(value, where, self.bounds, integer=self.integer)

    def accepts(self) -> str:
        """What the parameter accepts, in words (for ``actplot info``)."""
        if self.choices:
            return "one of " + ", ".join(self.choices)
        return self.bounds.describe()

    def slider_range(self, value: float) -> tuple[float, float]:
        """A slider's ends: ``span`` or the bounds, widened to hold `value`, kept strictly
        inside an open end (a slider must not offer a value the parameter refuses)."""
        b = self.bounds
        if self.span is not None:
            lo, hi = self.span
        elif b.bounded:
            lo, hi = b.lo, b.hi
        else:
            reach = 2.0 * max(1.0, abs(value))
            lo = b.lo if math.isfinite(b.lo) else value - reach
            hi = b.hi if math.isfinite(b.hi) else value + reach
        lo, hi = min(lo, value), max(hi, value)
        if not b.lo_closed and lo <= b.lo:
            lo = b.lo + 1e-3 * (hi - b.lo)
        if not b.hi_closed and hi >= b.hi:
            hi = b.hi - 1e-3 * (b.hi - lo)
        return float(lo), float(hi)


def bind_values(
    owner: str,
    declared: tuple[Param, ...],
    given: Mapping[str, Any],
    check: Callable[[Params], str | None] | None = None,
) -> dict[str, ParamValue]:
    """The defaults of `declared` with `given` validated over them (unknown names and a
    failed cross-parameter `check` raise :class:`~actplot.errors.ParameterError`)."""
    known = {p.name: p for p in declared}
    unknown = sorted(set(given) - set(known))
    if unknown:
        valid = ", ".join(known) if known else "none"
        raise ParameterError(f"{owner} has no parameter {unknown[0]!r} (parameters: {valid})")
    values = {p.name: p.default for p in declared}
    for key, value in given.items():
        values[key] = known[key].coerce(value, owner)
    if check is not None and (reason := check(values)):
        raise ParameterError(f"{owner}: {reason}")
    return values
