"""What the two kinds of table row (:mod:`.properties`, one input; :mod:`.gated_stats`,
gated units) share: the zero-centred rule's constant and the strict readers of their JSON
fields, which raise (TypeError, ValueError, OverflowError) on anything but the expected
type, so that a damaged cache row is recomputed, never shown."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

# Zero-centred: f odd (in its value input, for a gated unit) or |E f| <= this · sd f.
ZERO_CENTRED_SD = 0.1


def finite_or_none(v: float | None) -> float | None:
    """A float for JSON: None for ±inf and nan (JSON has neither)."""
    return None if v is None or not math.isfinite(v) else v


def end(v: float | None, inf: float) -> float:
    """The inverse of :func:`finite_or_none` for an interval's end: None is `inf`."""
    return inf if v is None else number(v)


def quartiles(v: Sequence[float] | None) -> tuple[float, float] | None:
    if v is None:
        return None
    q1, q3 = v
    return number(q1), number(q3)


def number(v: Any) -> float:
    """A JSON number as a float; TypeError for anything else (a bool, a string)."""
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise TypeError(f"not a number: {v!r:.40}")
    return float(v)  # OverflowError for an integer beyond float (10**400)


def optional(v: Any) -> float | None:
    return None if v is None else number(v)


def boolean(v: Any) -> bool:
    if not isinstance(v, bool):
        raise TypeError(f"not a boolean: {v!r:.40}")
    return v


def text(v: Any) -> str:
    if not isinstance(v, str):
        raise TypeError(f"not a string: {v!r:.40}")
    return v
