"""The asymptotes of an activation at −∞ and +∞ on the whole line: the line y = a·x + b
that f approaches (slope 0: the limit b), or None.

a is the exact f′ far out, required to have settled over the last decades (1e12 .. 1e15);
b is f − a·x (a rounded), required to settle over the decades 1e2 .. 1e15 within roundoff
(which grows like an ulp of f), and taken where its change from one decade to the next
plus its roundoff is least. None where f′ has no finite limit (e^x at +∞, x², sin x) or f − a·x has
none (log(1 + x), √x: f′ → 0 but f → ∞). Both are rounded to the decimal place of their
error estimate, so that bent identity's intercept reads −0.5, not −0.49999999975.
"""

from __future__ import annotations

import math

import numpy as np

from actplot.compute.continuity import window
from actplot.compute.kinds import Asymptote
from actplot.compute.tolerances import ASYMPTOTE_INTERCEPT_RTOL, ASYMPTOTE_RTOL, ASYMPTOTE_ULPS
from actplot.model import Activation

DECADES = np.arange(2, 16)  # x = 10^2 .. 10^15
SLOPE_DECADES = 4  # f′ must agree over the last four of them
EPS = float(np.finfo(np.float64).eps)


def asymptotes(act: Activation) -> tuple[Asymptote | None, Asymptote | None]:
    """The asymptotes at −∞ and at +∞ (None where f has no limit line there)."""
    with np.errstate(all="ignore"):  # e^x overflows to inf far out: judged, not warned
        return _side(act, -1.0), _side(act, 1.0)


def _side(act: Activation, sign: float) -> Asymptote | None:
    x = sign * 10.0 ** DECADES.astype(np.float64)
    x = x[np.abs(x) >= 10 * window(act)]  # beyond every kink and the shape near 0
    if x.size < SLOPE_DECADES + 1:
        return None
    f = np.asarray(act.profile(x), dtype=np.float64)
    d = np.asarray(act.profile(x, 1), dtype=np.float64)
    if not (np.isfinite(f).all() and np.isfinite(d).all()):
        return None  # overflow (e^x), or no real value (log x at −∞)
    slope_err = float(np.max(np.abs(d[-SLOPE_DECADES:] - d[-1])))
    if slope_err > ASYMPTOTE_RTOL * max(1.0, abs(float(d[-1]))):
        return None  # f′ still moving: x², x·log x, sin x, √x
    # A slope that visibly tends to 0 (sinc′ ~ cos(x)/x, log(1 + x)′) is 0: its last value
    # times x = 1e15 would not vanish. Any other is used as it is (rounding π/2 to its
    # 2e-16 error would tilt the line by 4e-16, that is 0.4 at 1e15).
    a = 0.0 if abs(float(d[-1])) <= slope_err else float(d[-1])
    b = f - a * x
    noise = ASYMPTOTE_ULPS * EPS * np.maximum(np.abs(f), np.abs(a * x))
    err = np.abs(np.diff(b)) + noise[:-1]  # b's change to the next decade, and its roundoff
    k = int(np.argmin(err))
    tol = ASYMPTOTE_INTERCEPT_RTOL * max(1.0, abs(float(b[k])))
    if err[k] > tol or (np.abs(b[k + 1 :] - b[k]) > tol + noise[k] + noise[k + 1 :]).any():
        return None  # f − a·x does not settle: log(1 + x), an oscillation about a line
    return Asymptote(_tidy(a, slope_err), _tidy(float(b[k]), 10 * float(err[k])))


def _tidy(v: float, err: float) -> float:
    """`v` rounded to the decimal place of its error `err` (unchanged when exact). The
    intercept's error is taken as 10 times its last change: a tail converging like 1/x is
    off by 10/9 of it, so its own place may round either way (softsign's 1 − 1e-14)."""
    if err <= 0 or not math.isfinite(err):
        return v + 0.0  # + 0.0: no −0
    digits = -math.ceil(math.log10(err))
    return round(v, digits) + 0.0
