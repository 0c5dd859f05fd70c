"""Where an activation saturates and where it is dead, over the whole real line: the one
answer the figure, the window, the table, ``actplot info`` and the gallery all show.

* **saturated** is a tail: |f′| < threshold for every x beyond the onset, out to −∞ or +∞
  (tanh: |x| > 2.18). A dip of |f′| between steeper stretches (gelu's minimum near −0.75,
  the Gaussian's top, sinc's waves) is not saturation. Saturated everywhere (binary_step)
  is one region, (−∞, ∞).
* **dead** is an interval on which f′ is exactly 0 (relu: x < 0; softshrink: |x| < 0.5).
  f′ underflowing to 0 far out (sigmoid beyond 745) is not dead: a run of zeros counts only
  where it borders a visibly non-zero slope, or covers the whole line.

Onsets are found on the wide grid of :func:`actplot.compute.shape.samples` and refined by
bisection; the limits of f′ at ±∞ decide whether a tail exists. Region ends are open: the
value of f′ at an end (a kink's convention, relu′(0) = 0) is not part of the answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from actplot.compute import search
from actplot.compute.tolerances import GENUINE_GAP, KINK_ULPS, MIN_SPAN_RTOL, PROBE_RTOL
from actplot.model import REAL, Activation, Interval

if TYPE_CHECKING:
    from actplot.compute.shape import Samples

SATURATION = 0.05  # the default threshold: |f′| below it counts as saturated


@dataclass(frozen=True)
class Regions:
    """The saturated tails (|f′| < `threshold`) and dead intervals (f′ = 0), sorted."""

    threshold: float
    saturated: tuple[Interval, ...] = ()  # (−∞, a) and/or (b, ∞), or (−∞, ∞) alone
    dead: tuple[Interval, ...] = ()
    domain: Interval = REAL  # the tails run to its ends: ±∞, or a restricted domain's

    @property
    def everywhere(self) -> bool:
        """|f′| < threshold on the whole domain (the real line, as a rule)."""
        return self.saturated == (self.domain,)

    @property
    def left(self) -> float | None:
        """The onset a of the tail x < a, or None (no such tail, or saturated everywhere)."""
        tail = self.saturated[0] if self.saturated else self.domain
        lo, hi = self.domain.lo, self.domain.hi
        return tail.hi if tail.lo == lo and tail.hi != hi else None

    @property
    def right(self) -> float | None:
        """The onset b of the tail x > b, or None (no such tail, or saturated everywhere)."""
        tail = self.saturated[-1] if self.saturated else self.domain
        lo, hi = self.domain.lo, self.domain.hi
        return tail.lo if tail.lo != lo and tail.hi == hi else None

    @classmethod
    def from_onsets(
        cls,
        threshold: float,
        left: float | None,
        right: float | None,
        dead: tuple[Interval, ...] = (),
        everywhere: bool = False,
        domain: Interval = REAL,
    ) -> Regions:
        """The regions of tails x < `left` and x > `right` (None: no tail there)."""
        if everywhere:
            return cls(threshold, (domain,), dead, domain)
        tails = []
        if left is not None:
            tails.append(Interval(domain.lo, left, lo_closed=domain.closed_lo))
        if right is not None:
            tails.append(Interval(right, domain.hi, hi_closed=domain.closed_hi))
        return cls(threshold, tuple(tails), dead, domain)

    def within(self, lo: float, hi: float) -> Regions:
        """The parts of the regions inside [lo, hi] (what a plot of that x range shows)."""
        return Regions(
            self.threshold, _clip(self.saturated, lo, hi), _clip(self.dead, lo, hi), self.domain
        )


def _clip(regions: tuple[Interval, ...], lo: float, hi: float) -> tuple[Interval, ...]:
    return tuple(c for r in regions if (c := r.clip(lo, hi)) is not None)


def regions(act: Activation, threshold: float = SATURATION, s: Samples | None = None) -> Regions:
    """The saturated tails and dead intervals of `act` (`s`: its samples, if at hand)."""
    # The analysis loads here: Regions read back from the cache need none of it.
    from actplot.compute import shape

    with np.errstate(all="ignore"):  # inf − inf far out is expected (nan is skipped)
        s = shape.samples(act) if s is None else s
        dead = tuple(Interval(lo, hi) for lo, hi in _dead(act, s))
        return Regions(threshold, _tails(act, s, threshold), dead, s.domain)


def _tails(act: Activation, s: Samples, threshold: float) -> tuple[Interval, ...]:
    """The tails (−∞, a) and (b, ∞) where |f′| < threshold throughout, or (−∞, ∞)."""
    strong = ~(np.abs(s.d) < threshold)  # nan counts as not saturated
    if not strong.any():
        return (s.domain,)  # (−∞, ∞), or all of a restricted domain
    g = lambda t: abs(float(act.profile(t, 1))) - threshold  # noqa: E731
    tails = []
    lo, hi = s.domain.lo, s.domain.hi  # ±∞, or the ends of a restricted domain
    if abs(s.d_lim[0]) < threshold:  # False for nan (no limit)
        i = int(np.flatnonzero(strong)[0])
        if i > 0:
            onset = search.crossing(g, float(s.x[i - 1]), float(s.x[i]))
            tails.append(Interval(lo, onset, lo_closed=s.domain.closed_lo))
    if abs(s.d_lim[1]) < threshold:
        j = int(np.flatnonzero(strong)[-1])
        if j < len(s.x) - 1:
            onset = search.crossing(g, float(s.x[j]), float(s.x[j + 1]))
            tails.append(Interval(onset, hi, hi_closed=s.domain.closed_hi))
    return tuple(tails)


def _dead(act: Activation, s: Samples) -> list[tuple[float, float]]:
    """(lo, hi) of each interval where f′ is exactly 0, ±inf where it runs on."""
    big = float(np.nanmax(np.abs(np.where(np.isfinite(s.d), s.d, 0.0))))
    floor = GENUINE_GAP * max(1.0, big)
    d = lambda t: abs(float(act.profile(t, 1)))  # noqa: E731
    out = []
    last = len(s.x) - 1
    for i, j in search.runs(s.d == 0):
        lo, hi = _snap(float(s.x[i]), act), _snap(float(s.x[j]), act)
        if hi - lo <= MIN_SPAN_RTOL * max(1.0, abs(lo)):
            continue  # an isolated zero (a kink value or a crossing), not a region
        lo_real = i > 0 and d(lo - PROBE_RTOL * max(1.0, abs(lo))) >= floor
        hi_real = j < last and d(hi + PROBE_RTOL * max(1.0, abs(hi))) >= floor
        if not (lo_real or hi_real or (i == 0 and j == last)):
            continue  # zeros by underflow far out
        if i == 0 and s.d_lim[0] == 0:
            lo = s.domain.lo  # −∞, or the end of a restricted domain
        if j == last and s.d_lim[1] == 0:
            hi = s.domain.hi
        out.append((lo, hi))
    return out


def _snap(x: float, act: Activation) -> float:
    """A kink's neighbouring float (how the grid brackets a kink) as the kink itself."""
    for k in (*act.kinks, *act.jumps):
        if abs(x - k) <= KINK_ULPS * np.spacing(max(abs(k), 1e-300)):
            return float(k)
    return x


__all__ = ["SATURATION", "Regions", "regions"]
