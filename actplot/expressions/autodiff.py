"""Exact derivatives of an expression tree: forward-mode automatic differentiation of order 2.

Every node evaluates to a jet ``[f, f′, f″]`` (truncated to the order asked for) by the
usual rules: sums, the product and quotient rules, the power rule, the chain rule with each
function's own f′ and f″. A derivative that is structurally zero (of a constant) is None,
so that ``2*exp(x)`` at x = 1000 has f′ = inf rather than 0·inf = nan.

Kink convention (the registry's, from PyTorch's relu, leaky_relu, hardtanh, relu6, abs):
where max(a, b) or min(a, b) is a tie with a′ ≠ b′, f′ is the one-sided slope of smallest
magnitude, and 0 when the two slopes straddle 0 (the minimum-norm subgradient). So
max(0, x)′(0) = 0 like relu, max(0.1x, x)′(0) = 0.1 like leaky_relu, min(x, 6)′(6) = 0
like relu6 and abs′(0) = 0. Then f″ is the chosen side's f″ (0 when f′ = 0 between them).
Where a′ = b′ the branches touch, f′ is that common slope and f″ that of the branch above
(max) or below (min), which is the exact value. where(c, a, b) and ``a if c else b`` take
the selected branch's derivatives; comparisons are steps with derivative 0.

The arithmetic is a backend (:class:`FloatOps`, IEEE float64 with warnings off, or
:class:`actplot.expressions.wide.WideOps`, mpmath numbers without overflow): the same rules
run on either. :mod:`actplot.expressions.limits` runs float64 first and the wide backend
only where float64 met inf·0, inf − inf or 0/0, so that limits come out as the registry's.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Mapping
from typing import Any

import numpy as np

from actplot.expressions import tree as t
from actplot.expressions.functions import UNARY

Array = np.ndarray
Part = Array | float | None  # None: exactly zero
Jet = list[Part]

# Where a function's domain ends or it has poles, as a switch whose zeros are those points.
_EDGES = {
    "log": lambda u: u,
    "sqrt": lambda u: u,
    "log1p": lambda u: u + 1.0,
    "tan": np.cos,
}
_COMPARE = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
    "==": operator.eq, "!=": operator.ne,
}  # fmt: skip


class FloatOps:
    """float64 arithmetic with numpy: the fast path, and the semantics of IEEE 754."""

    def lift(self, x: Any) -> Array:
        return np.array(x, dtype=np.float64)  # a copy: "x" must not alias the input

    def const(self, v: float) -> Any:
        return np.float64(v)  # numpy scalars: 0/0 is nan, not an exception

    def div(self, a: Any, b: Any) -> Any:
        return a / b

    def power(self, v: Any, p: float) -> Any:
        return np.power(v, p)

    def pow2(self, c: Any, v: Any) -> Any:
        return np.power(c, v)

    def log(self, v: Any) -> Any:
        return np.log(v)

    def unary(self, name: str) -> tuple:
        return UNARY[name]

    def truth(self, mask: Array) -> Array:
        return mask.astype(np.float64)

    def profile(self, act: Any, v: Any, order: int) -> Array:
        return act.profile(v, order).astype(np.float64)

    def ones_like(self, v: Any) -> Any:
        return np.ones_like(v)

    def finite(self, v: Any) -> Array:
        return np.isfinite(v)

    def zeros_like(self, v: Any) -> Any:
        return np.zeros_like(v)

    def full(self, p: Part, shape: tuple[int, ...]) -> Array:
        a = np.asarray(0.0 if p is None else p, dtype=np.float64)
        return a if a.shape == shape else np.broadcast_to(a, shape).copy()


FLOAT = FloatOps()


def evaluate(
    node: t.Node,
    x: Any,
    order: int,
    switches: list[Array] | None = None,
    params: Mapping[str, float] | None = None,
    ops: Any = FLOAT,
) -> Jet:
    """``[f, f′, f″][: order + 1]`` of `node` at `x` (float64 arrays, zeros for None), with
    the formula's own parameters set to `params`, in the arithmetic of `ops`.

    With `switches`, the switching functions met on the way (a − b of each max/min, the
    argument of abs, l − r of each comparison, u − k for each kink k of a registry call)
    are appended to it in a fixed order: their sign changes are the candidate kinks.
    """
    shape = np.shape(x)
    lifted = ops.lift(x)
    with np.errstate(all="ignore"):
        jet = _Eval(lifted, order, switches, dict(params or {}), ops).go(node)
    # + 0.0 turns the −0.0 that min's negations leave in a derivative into 0.0.
    return [ops.full(p, shape) if n == 0 else ops.full(p, shape) + 0.0 for n, p in enumerate(jet)]


def _add(a: Part, b: Part) -> Part:
    if a is None:
        return b
    return a if b is None else a + b


def _neg(a: Part) -> Part:
    return None if a is None else -a


def _mul(a: Part, b: Part) -> Part:
    return None if a is None or b is None else a * b


def _z(a: Part) -> Array | float:
    return 0.0 if a is None else a


class _Eval:
    def __init__(
        self, x: Array, order: int, switches: list[Array] | None, params: dict, ops: Any
    ) -> None:
        self.x, self.order, self.switches = x, order, switches
        self.params, self.ops = params, ops

    def jet(self, *parts: Part) -> Jet:
        return list(parts[: self.order + 1])

    def record(self, s: Array | float) -> None:
        if self.switches is not None:
            self.switches.append(np.broadcast_to(s, self.x.shape))

    def go(self, node: t.Node) -> Jet:
        if isinstance(node, (t.Num, t.Const)):
            return self.jet(self.ops.const(node.value), None, None)
        if isinstance(node, t.Par):  # a parameter: a constant as far as x is concerned
            return self.jet(self.ops.const(self.params[node.name]), None, None)
        if isinstance(node, t.X):
            return self.jet(self.x, self.ops.const(1.0), None)
        if isinstance(node, t.Neg):
            return [_neg(p) for p in self.go(node.arg)]
        if isinstance(node, t.Sum):  # the first sign is always +1
            out = self.go(node.terms[0][1])
            for sign, term in node.terms[1:]:
                parts = self.go(term)
                out = [_add(o, p if sign > 0 else _neg(p)) for o, p in zip(out, parts, strict=True)]
            return out
        if isinstance(node, t.Prod):
            out = self.go(node.factors[0][1])
            for power, factor in node.factors[1:]:
                out = (self.mul if power > 0 else self.div)(out, self.go(factor))
            return out
        if isinstance(node, t.Pow):
            return self.power(node)
        if isinstance(node, t.Compare):
            return self.compare(node)
        if isinstance(node, t.Logic):
            values = [np.asarray(self.go(a)[0]) != 0 for a in node.args]
            if node.op == "not":
                truth = ~values[0]
            else:
                both = np.logical_and if node.op == "and" else np.logical_or
                truth = functools.reduce(both, values)  # broadcasts constants, unlike .reduce
            return self.jet(self.ops.truth(truth), None, None)
        assert isinstance(node, t.Call)
        return self.call(node)

    def mul(self, a: Jet, b: Jet) -> Jet:
        v = a[0] * b[0]
        if self.order == 0:
            return [v]
        d = _add(_mul(a[1], b[0]), _mul(a[0], b[1]))
        if self.order == 1:
            return [v, d]
        cross = _mul(a[1], b[1])
        dd = _add(_add(_mul(a[2], b[0]), _mul(a[0], b[2])), None if cross is None else 2 * cross)
        return [v, d, dd]

    def div(self, a: Jet, b: Jet) -> Jet:
        over = self.ops.div
        self.record(b[0])  # a zero of the denominator: a pole, or a removable 0/0
        w = over(a[0], b[0])
        if self.order == 0:
            return [w]
        # (u/v)′ = (u′ − w v′)/v and (u/v)″ = (u″ − 2 w′ v′ − w v″)/v: no v² to overflow.
        top = _add(a[1], _neg(_mul(w, b[1])))
        d = None if top is None else over(top, b[0])
        if self.order == 1:
            return [w, d]
        top2 = _add(_add(a[2], _neg(_mul(w, b[2]))), _neg(_mul(2.0, _mul(d, b[1]))))
        return [w, d, None if top2 is None else over(top2, b[0])]

    def chain(self, f: tuple, u: Jet) -> Jet:
        """(f∘u, f′(u)·u′, f″(u)·u′² + f′(u)·u″)."""
        v = f[0](u[0])
        if self.order == 0 or u[1] is None and (self.order == 1 or u[2] is None):
            return self.jet(v, None, None)
        f1 = f[1](u[0])
        d = _mul(f1, u[1])
        if self.order == 1:
            return [v, d]
        sq = _mul(u[1], u[1])
        return [v, d, _add(_mul(f[2](u[0]), sq), _mul(f1, u[2]))]

    def constant(self, node: t.Node) -> float | None:
        """The value of a node without x (a number, a folded part, a parameter), else None."""
        if isinstance(node, (t.Num, t.Const)):
            return float(node.value)
        if isinstance(node, t.Par):
            return float(self.params[node.name])
        return None

    def power(self, node: t.Pow) -> Jet:
        ops = self.ops
        base, exp = self.go(node.base), self.go(node.exp)
        if (p := self.constant(node.exp)) is not None:  # u**p: the power rule
            if p < 0 or not float(p).is_integer():
                self.record(base[0])  # 0**−1 is a pole; (−1)**0.5 is not real
            if p == 0:  # u**0 = 1 (numpy: even 0**0 and inf**0), a constant
                return self.jet(ops.power(base[0], 0.0), None, None)
            return self.chain(_power_rule(p, ops), base)
        if (c := self.constant(node.base)) is not None:  # c**v = exp(v ln c)
            ln_c = 1.0 if c == np.e else ops.log(ops.const(c))
            cc = ops.const(c)
            f = (lambda v: ops.pow2(cc, v), lambda v: ln_c * ops.pow2(cc, v),
                 lambda v: ln_c * ln_c * ops.pow2(cc, v))  # fmt: skip
            return self.chain(f, exp)
        # u**v = exp(v ln u), for u > 0 (nan elsewhere, as in real arithmetic).
        self.record(base[0])
        log_u = self.chain(ops.unary("log"), base)
        return self.chain(ops.unary("exp"), self.mul(exp, log_u))

    def compare(self, node: t.Compare) -> Jet:
        values = [np.asarray(self.go(o)[0]) for o in node.operands]
        truth = np.ones(np.shape(self.x), dtype=bool)
        for op, left, right in zip(node.ops, values, values[1:], strict=False):
            self.record(left - right)
            truth = truth & _COMPARE[op](left, right)
        return self.jet(self.ops.truth(truth), None, None)

    def call(self, node: t.Call) -> Jet:
        if node.act is not None:
            act = node.act
            u = self.go(node.args[0])
            for k in act.kinks:
                self.record(np.asarray(u[0]) - k)
            fs = tuple(lambda v, n=n: self.ops.profile(act, v, n) for n in range(3))
            return self.chain(fs, u)
        if node.fn in UNARY:
            u = self.go(node.args[0])
            if node.fn in _EDGES and self.switches is not None:
                self.record(_EDGES[node.fn](np.asarray(u[0])))  # the edge of the domain
            return self.chain(self.ops.unary(node.fn), u)
        if node.fn == "abs":
            u = self.go(node.args[0])
            return self.extreme(u, [_neg(p) for p in u], 1)
        if node.fn == "where":
            c, a, b = (self.go(arg) for arg in node.args)
            if not isinstance(node.args[0], (t.Compare, t.Logic)):
                self.record(c[0])
            cond = np.asarray(c[0]) != 0
            return [None if p is None and q is None else np.where(cond, _z(p), _z(q))
                    for p, q in zip(a, b, strict=True)]  # fmt: skip
        sign = 1 if node.fn == "max" else -1
        jets = [self.go(arg) for arg in node.args]
        out = jets[0]
        for nxt in jets[1:]:
            out = self.extreme(out, nxt, sign)
        return out

    def extreme(self, a: Jet, b: Jet, sign: int) -> Jet:
        """max(a, b) (`sign` 1) or min(a, b) (−1), with the tie convention above."""
        if sign < 0:  # min(a, b) = −max(−a, −b), and the convention is symmetric
            return [_neg(p) for p in self.extreme([_neg(p) for p in a], [_neg(p) for p in b], 1)]
        a0, b0 = np.asarray(a[0]), np.asarray(b[0])
        self.record(a0 - b0)
        v = np.maximum(a0, b0)
        if self.order == 0:
            return [v]
        # Equal infinities are not a tie: which branch leads out there is a limit, left
        # to :mod:`.limits` (the nan below), as max(0.01x, x)′ = 1 at +inf.
        above, below, tie = a0 > b0, b0 > a0, (a0 == b0) & self.ops.finite(a0)
        a1, b1 = _z(a[1]), _z(b[1])
        lo, hi = np.minimum(a1, b1), np.maximum(a1, b1)
        slope = np.where(lo > 0, lo, np.where(hi < 0, hi, 0.0))  # minimum-norm subgradient
        d = np.where(above, a1, np.where(below, b1, np.where(tie, slope, np.nan)))
        if self.order == 1:
            return [v, d]
        a2, b2 = _z(a[2]), _z(b[2])
        curve = np.where(a1 == b1, np.maximum(a2, b2),
                         np.where(slope == a1, a2, np.where(slope == b1, b2, 0.0)))  # fmt: skip
        dd = np.where(above, a2, np.where(below, b2, np.where(tie, curve, np.nan)))
        return [v, d, dd]


def _power_rule(p: float, ops: Any) -> tuple:
    """(u**p, p u**(p−1), p(p−1) u**(p−2)) for p ≠ 0; exact forms for p = 1 and 2."""
    if p == 1:
        return (lambda v: v, ops.ones_like, ops.zeros_like)
    if p == 2:
        return (lambda v: v * v, lambda v: 2.0 * v, lambda v: 2.0 * ops.ones_like(v))
    return (
        lambda v: ops.power(v, p),
        lambda v: p * ops.power(v, p - 1.0),
        lambda v: p * (p - 1.0) * ops.power(v, p - 2.0),
    )
