"""One interval type for every range actplot states or checks: a function's range (sigmoid's
(0, 1)), a parameter's accepted values (alpha > 0), an option's bounds (dpi in [10, 2400]),
a saturated or dead region of x.

Ends are closed or open; an infinite end is always open.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

INF = math.inf


@dataclass(frozen=True)
class Interval:
    """A real interval such as [0, ∞) or (−1, 1); ±inf ends are always open."""

    lo: float = -INF
    hi: float = INF
    lo_closed: bool = False
    hi_closed: bool = False

    # The shapes parameters and options use, named for how they read.
    @classmethod
    def closed(cls, lo: float, hi: float) -> Interval:
        """[lo, hi]."""
        return cls(lo, hi, True, True)

    @classmethod
    def at_least(cls, lo: float) -> Interval:
        """[lo, ∞)."""
        return cls(lo, INF, lo_closed=True)

    @classmethod
    def above(cls, lo: float) -> Interval:
        """(lo, ∞)."""
        return cls(lo, INF)

    @classmethod
    def at_most(cls, hi: float) -> Interval:
        """(−∞, hi]."""
        return cls(-INF, hi, hi_closed=True)

    @property
    def closed_lo(self) -> bool:
        """Whether the lower end belongs to the interval (never for −∞)."""
        return self.lo_closed and math.isfinite(self.lo)

    @property
    def closed_hi(self) -> bool:
        return self.hi_closed and math.isfinite(self.hi)

    @property
    def bounded(self) -> bool:
        return math.isfinite(self.lo) and math.isfinite(self.hi)

    def __str__(self) -> str:
        left = "[" if self.closed_lo else "("
        right = "]" if self.closed_hi else ")"
        return f"{left}{_fmt_end(self.lo)}, {_fmt_end(self.hi)}{right}"

    def admits(self, v: float) -> bool:
        """Whether the number `v` lies in the interval (nan never does)."""
        lo_ok = v >= self.lo if self.closed_lo else v > self.lo
        hi_ok = v <= self.hi if self.closed_hi else v < self.hi
        return bool(lo_ok and hi_ok)

    def contains(self, y: np.ndarray, tol: float = 0.0) -> np.ndarray:
        """Elementwise membership, with an absolute tolerance at finite ends."""
        y = np.asarray(y, dtype=np.float64)
        lo_ok = y >= self.lo - tol if self.closed_lo or tol else y > self.lo
        hi_ok = y <= self.hi + tol if self.closed_hi or tol else y < self.hi
        return lo_ok & hi_ok

    def clip(self, lo: float, hi: float) -> Interval | None:
        """The part of this interval inside [lo, hi], or None when it is empty or a point."""
        a, b = max(self.lo, lo), min(self.hi, hi)
        if not a < b:
            return None
        return Interval(a, b, self.lo_closed or a > self.lo, self.hi_closed or b < self.hi)

    def describe(self) -> str:
        """The bounds as a condition: ``> 0``, ``>= 0 and <= 1``, ``a finite number``."""
        parts = []
        if math.isfinite(self.lo):
            parts.append(f"{'>=' if self.lo_closed else '>'} {self.lo:g}")
        if math.isfinite(self.hi):
            parts.append(f"{'<=' if self.hi_closed else '<'} {self.hi:g}")
        return " and ".join(parts) or "a finite number"


REAL = Interval()


def _fmt_end(v: float) -> str:
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    if abs(v) >= 1e6:  # 1.797e+308, not its 309 digits
        return f"{v:.5g}".replace("-", "−")
    text = f"{v:.4f}".rstrip("0").rstrip(".")
    return text.replace("-", "−")
