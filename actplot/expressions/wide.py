"""Wide arithmetic for expressions: mpmath numbers, which neither overflow nor underflow.

float64 turns e^800 into inf and then 1/(1 + e^800)·e^800 into inf/inf = nan, although the
true value, about e^−800, is simply 0 in float64. Evaluated with mpmath's numbers (any
exponent) at 113 bits, the same rules of :mod:`actplot.expressions.autodiff` give the true
value, which rounds to the float64 answer. mpmath does this well and is small; writing a
log-domain number type by hand would repeat it with less care. It is used only at the
points where float64 came out nan (see :mod:`actplot.expressions.limits`), a handful per
plot or table, so its speed (about a microsecond per operation and element) does not show.

Real arithmetic only: where mpmath would answer with a complex number (the log or square
root of a negative number) or raise (division by zero), these give nan.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

Array = np.ndarray
PRECISION = 113  # bits: quadruple precision, so that cancellation near a limit stays small


@functools.cache
def _ctx() -> Any:
    """A private mpmath context (the global one belongs to the user and the tests)."""
    import mpmath

    ctx = mpmath.MPContext()
    ctx.prec = PRECISION
    return ctx


def _div(a: Any, b: Any) -> Any:
    if b == 0:
        return _ctx().nan
    return a / b


def _log(v: Any) -> Any:
    return _ctx().log(v) if v >= 0 else _ctx().nan


def _sqrt(v: Any) -> Any:
    return _ctx().sqrt(v) if v >= 0 else _ctx().nan


def _log1p(v: Any) -> Any:
    return _ctx().log1p(v) if v >= -1 else _ctx().nan


# Beyond this, an argument of exp (or tanh, erf, ...) gives a result whose exponent alone
# would not fit in memory (e^(e^1e300)); its float64 rounding is known without it.
BIG = "1e310"  # text: as a Python float it would already be inf


def _clamped(fn: Any) -> Any:
    """`fn` with its argument held to ±BIG: for the saturating functions (exp, tanh, erf)
    the result rounds to the same float64 (inf, 0, ±1) and mpmath does not try to build an
    exponent of 10^300 digits."""

    def apply(v: Any) -> Any:
        ctx = _ctx()
        big = ctx.mpf(BIG)
        if ctx.isnan(v):
            return v
        return fn(big if v > big else -big if v < -big else v)

    return apply


def _periodic(fn: Any) -> Any:
    """`fn` (sin, cos, tan) with no answer beyond ±BIG, where float64 has none either."""

    def apply(v: Any) -> Any:
        ctx = _ctx()
        return ctx.nan if ctx.isnan(v) or abs(v) > ctx.mpf(BIG) else fn(v)

    return apply


def _power(v: Any, p: Any) -> Any:
    """v**p for real results only: a negative base needs a whole exponent."""
    ctx = _ctx()
    if v == 0 and p < 0:
        return ctx.nan
    if v < 0 and not ctx.isint(p):
        return ctx.nan
    if v != 0 and ctx.isfinite(v) and ctx.isfinite(p) and abs(ctx.mag(v) * p) > ctx.mpf(BIG):
        # the result's exponent would be astronomically large: its float64 is inf or 0
        return ctx.inf if ctx.mag(v) * p > 0 else ctx.mpf(0)
    return ctx.power(v, p)


def _elementwise(fn: Any, nin: int = 1) -> Any:
    def safe(*args: Any) -> Any:
        try:
            return fn(*args)
        except (OverflowError, ZeroDivisionError, ValueError):  # e^(e^800): no answer here
            return _ctx().nan

    ufunc = np.frompyfunc(safe, nin, 1)

    def apply(*args: Any) -> Any:
        return ufunc(*args)

    return apply


class WideOps:
    """The arithmetic backend of :func:`actplot.expressions.autodiff.evaluate` on object
    arrays of mpmath numbers (see the module docstring)."""

    def __init__(self) -> None:
        self._shape: tuple[int, ...] = ()
        ctx = _ctx()
        m = ctx
        c, per = _clamped, _periodic
        gauss = _elementwise(c(lambda v: 2 / m.sqrt(m.pi) * m.exp(-v * v)))
        sech2 = _elementwise(c(lambda v: m.sech(v) ** 2))
        sec2 = _elementwise(per(lambda v: _div(1, m.cos(v) ** 2)))
        inv = _elementwise(lambda v: _div(1, v))
        e = _elementwise(c(m.exp))
        self._unary = {
            "exp": (e, e, e),
            "log": (_elementwise(_log), inv, _elementwise(lambda v: -_div(1, v * v))),
            "log1p": (
                _elementwise(_log1p),
                _elementwise(lambda v: _div(1, 1 + v)),
                _elementwise(lambda v: -_div(1, (1 + v) ** 2)),
            ),
            "expm1": (_elementwise(c(m.expm1)), e, e),
            "sqrt": (
                _elementwise(_sqrt),
                _elementwise(lambda v: _div(0.5, _sqrt(v))),
                _elementwise(lambda v: _div(-0.25, v * _sqrt(v))),
            ),
            "sin": (
                _elementwise(per(m.sin)),
                _elementwise(per(m.cos)),
                _elementwise(per(lambda v: -m.sin(v))),
            ),
            "cos": (
                _elementwise(per(m.cos)),
                _elementwise(per(lambda v: -m.sin(v))),
                _elementwise(per(lambda v: -m.cos(v))),
            ),
            "tan": (
                _elementwise(per(m.tan)),
                sec2,
                _elementwise(per(lambda v: 2 * m.tan(v) * _div(1, m.cos(v) ** 2))),
            ),
            "tanh": (
                _elementwise(c(m.tanh)),
                sech2,
                _elementwise(c(lambda v: -2 * m.tanh(v) * m.sech(v) ** 2)),
            ),
            "sinh": (_elementwise(c(m.sinh)), _elementwise(c(m.cosh)), _elementwise(c(m.sinh))),
            "cosh": (_elementwise(c(m.cosh)), _elementwise(c(m.sinh)), _elementwise(c(m.cosh))),
            "erf": (_elementwise(c(m.erf)), gauss, _elementwise(lambda v: -2 * v * gauss(v))),
            "erfc": (
                _elementwise(c(m.erfc)),
                _elementwise(lambda v: -gauss(v)),
                _elementwise(lambda v: 2 * v * gauss(v)),
            ),
        }
        self._div = _elementwise(_div, 2)
        self._power = _elementwise(_power, 2)
        self._mpf = _elementwise(lambda v: ctx.mpf(float(v)))
        self._float = np.vectorize(float, otypes=[np.float64])
        self._finite = _elementwise(ctx.isfinite)

    def lift(self, x: Any) -> Array:
        a = np.asarray(x, dtype=np.float64)
        self._shape = a.shape  # constants take it: see const()
        return np.asarray(self._mpf(a), dtype=object)

    def const(self, v: float) -> Any:
        # An array, not an mpf: mpf + ndarray would first try (slowly) to convert the array.
        return np.full(self._shape, _ctx().mpf(float(v)), dtype=object)

    def div(self, a: Any, b: Any) -> Any:
        return self._div(a, b)

    def power(self, v: Any, p: float) -> Any:
        return self._power(v, self.const(p))

    def pow2(self, c: Any, v: Any) -> Any:
        return self._power(c, v)

    def log(self, v: Any) -> Any:
        return _elementwise(_log)(v)

    def unary(self, name: str) -> tuple:
        return self._unary[name]

    def truth(self, mask: Array) -> Array:
        return self.lift(np.asarray(mask, dtype=np.float64))

    def profile(self, act: Any, v: Any, order: int) -> Array:
        """A registry activation inside the formula: its own float64 kernels (which take
        ±inf and huge arguments in their stride), lifted back."""
        return self.lift(act.profile(self.to_float(v), order).astype(np.float64))

    def finite(self, v: Any) -> Array:
        return np.asarray(self._finite(v), dtype=bool)

    def ones_like(self, v: Any) -> Any:
        return self.lift(np.ones(np.shape(v)))

    def zeros_like(self, v: Any) -> Any:
        return self.lift(np.zeros(np.shape(v)))

    def to_float(self, v: Any) -> Array:
        """Rounded to float64: beyond its range to ±inf, below it to ±0."""
        a = np.asarray(v, dtype=object)
        with np.errstate(invalid="ignore", over="ignore"):  # nan stays nan; beyond: ±inf
            return self._float(a) if a.size else np.zeros(a.shape)

    def full(self, p: Any, shape: tuple[int, ...]) -> Array:
        a = np.zeros(shape) if p is None else self.to_float(p)
        return a if a.shape == shape else np.broadcast_to(a, shape).copy()


WIDE = functools.cache(WideOps)
