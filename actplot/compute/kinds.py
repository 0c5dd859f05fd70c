"""The enumerated answers of the analysis, in a module of their own so that rows read back
from the cache need none of the analysis: :class:`Smoothness` (from
:mod:`.continuity`) and :class:`Monotonic` (from :mod:`.shape`)."""

from __future__ import annotations

from enum import Enum


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
