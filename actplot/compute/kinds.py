"""The enumerated answers of the analysis, in a module of their own so that rows read back
from the cache need none of the analysis: :class:`Smoothness` (from
:mod:`.continuity`) and :class:`Monotonic` (from :mod:`.shape`)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from actplot.model import Interval


class Smoothness(Enum):
    """The order of continuity: discontinuous, C⁰, C¹, C² (no break of f‴ found: C^∞).

    Members are listed from least to most smooth; :attr:`rank` sorts them so.
    """

    DISCONTINUOUS = "discontinuous"
    C0 = "C0"
    C1 = "C1"
    C2 = "C2"
    CINF = "Cinf"

    @property
    def rank(self) -> int:
        return list(Smoothness).index(self)


class Monotonic(Enum):
    """Whether f never decreases, never increases, or neither (jumps count)."""

    INCREASING = "increasing"
    DECREASING = "decreasing"
    NEITHER = "neither"

    @property
    def either(self) -> bool:
        """Monotonic in one direction or the other."""
        return self is not Monotonic.NEITHER


class Parity(Enum):
    """f(−x) = −f(x) (odd), f(−x) = f(x) (even), or neither."""

    ODD = "odd"
    EVEN = "even"
    NEITHER = "neither"


@dataclass(frozen=True)
class Asymptote:
    """The line y = slope·x + intercept that f approaches at −∞ or +∞; slope 0 is the limit
    (a horizontal asymptote: relu at −∞, softsign's ±1)."""

    slope: float
    intercept: float


@dataclass(frozen=True)
class Extremum:
    """The least (or greatest) value of f, where a finite x attains it: ``at`` is the
    attaining x nearest 0; ``plateau`` the interval of x attaining it when that is more than
    a point (relu's minimum 0 on (−∞, 0]); ``unique`` False when separate points attain it
    (sin's maximum). Where the plateau's end nearest 0 is open, ``at`` is the last float
    inside it (binary_step's minimum 0 on (−∞, 0): at = −5e-324)."""

    value: float
    at: float
    plateau: Interval | None = None
    unique: bool = True
