"""The one validator: numbers and choices, checked against constraints given as data, with
one message shape, ``WHAT must be CONDITION, not VALUE``.

Parameters (:class:`~actplot.model.param.Param`), plot options, training and gradient-flow
settings and the command line all check their values here, so the same mistake reads the
same wherever it is made. Failures raise :class:`~actplot.errors.ParameterError`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from actplot.errors import ParameterError
from actplot.model.interval import REAL, Interval


def refuse(what: str, condition: str, value: Any) -> ParameterError:
    """The error for `value` of `what` failing `condition` (one message shape)."""
    return ParameterError(f"{what} must be {condition}, not {value!r}")


def number(value: Any, what: str, bounds: Interval = REAL, *, integer: bool = False) -> float | int:
    """`value` (a number, or text) as a finite float (int with `integer`) inside `bounds`."""
    if isinstance(value, bool):
        raise refuse(what, "a number", value)
    try:
        v = float(value)
    except (TypeError, ValueError, OverflowError):
        raise refuse(what, "a number", value) from None
    if not math.isfinite(v):
        raise refuse(what, "finite", value)
    if integer:
        if v != int(v):
            raise refuse(what, "a whole number", value)
        v = int(v)
    if not bounds.admits(v):
        raise refuse(what, bounds.describe(), value)
    return v


def integer(value: Any, what: str, bounds: Interval = REAL) -> int:
    return int(number(value, what, bounds, integer=True))


def numbers(value: Any, what: str, count: int = 2, bounds: Interval = REAL) -> tuple[float, ...]:
    """`count` finite numbers (axis limits, a size in inches), each inside `bounds`."""
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__") or len(value) != count:
        raise refuse(what, f"{count} numbers", value)
    return tuple(float(number(v, what, bounds)) for v in value)


def choice(value: Any, what: str, choices: Sequence[str]) -> str:
    """`value` as one of `choices` (case and surrounding space forgiven)."""
    text = str(value).strip().lower()
    if text not in choices:
        raise refuse(what, "one of " + ", ".join(repr(c) for c in choices), value)
    return text
