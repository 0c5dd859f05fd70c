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

Arithmetic is IEEE float64 with warnings off: overflow gives ±inf (or the limit, as in
x/(1 + exp(−x)) → 0), 0/0 and inf − inf give nan, and nothing raises.
"""

from __future__ import annotations

import functools
import operator

import numpy as np

from actplot.expressions import tree as t
from actplot.expressions.functions import UNARY

Array = np.ndarray
Part = Array | float | None  # None: exactly zero
Jet = list[Part]

_COMPARE = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
    "==": operator.eq, "!=": operator.ne,
}  # fmt: skip


def evaluate(node: t.Node, x: Array, order: int, switches: list[Array] | None = None) -> Jet:
    """``[f, f′, f″][: order + 1]`` of `node` at `x` (float64 arrays, zeros for None).

    With `switches`, the switching functions met on the way (a − b of each max/min, the
    argument of abs, l − r of each comparison, u − k for each kink k of a registry call)
    are appended to it in a fixed order: their sign changes are the candidate kinks.
    """
    x = np.array(x, dtype=np.float64)  # a copy: the result of "x" must not alias the input
    with np.errstate(all="ignore"):
        jet = _Eval(x, order, switches).go(node)
    # + 0.0 turns the −0.0 that min's negations leave in a derivative into 0.0.
    return [_full(p, x.shape) if n == 0 else _full(p, x.shape) + 0.0 for n, p in enumerate(jet)]


def _full(p: Part, shape: tuple[int, ...]) -> Array:
    a = np.asarray(0.0 if p is None else p, dtype=np.float64)
    return a if a.shape == shape else np.broadcast_to(a, shape).copy()


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
    def __init__(self, x: Array, order: int, switches: list[Array] | None) -> None:
        self.x, self.order, self.switches = x, order, switches

    def jet(self, *parts: Part) -> Jet:
        return list(parts[: self.order + 1])

    def record(self, s: Array | float) -> None:
        if self.switches is not None:
            self.switches.append(np.broadcast_to(s, self.x.shape))

    def go(self, node: t.Node) -> Jet:
        if isinstance(node, (t.Num, t.Const)):  # numpy scalars: 0/0 is nan, not an exception
            return self.jet(np.float64(node.value), None, None)
        if isinstance(node, t.X):
            return self.jet(self.x, np.float64(1.0), None)
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
            return self.jet(truth.astype(np.float64), None, None)
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
        w = a[0] / b[0]
        if self.order == 0:
            return [w]
        # (u/v)′ = (u′ − w v′)/v and (u/v)″ = (u″ − 2 w′ v′ − w v″)/v: no v² to overflow.
        top = _add(a[1], _neg(_mul(w, b[1])))
        d = None if top is None else top / b[0]
        if self.order == 1:
            return [w, d]
        top2 = _add(_add(a[2], _neg(_mul(w, b[2]))), _neg(_mul(2.0, _mul(d, b[1]))))
        return [w, d, None if top2 is None else top2 / b[0]]

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

    def power(self, node: t.Pow) -> Jet:
        base, exp = self.go(node.base), self.go(node.exp)
        if isinstance(node.exp, (t.Num, t.Const)):  # u**p: the power rule
            p = float(node.exp.value)
            if p == 0:  # u**0 = 1 (numpy: even 0**0 and inf**0), a constant
                return self.jet(np.power(base[0], 0.0), None, None)
            return self.chain(_power_rule(p), base)
        if isinstance(node.base, (t.Num, t.Const)):  # c**v = exp(v ln c)
            c = float(node.base.value)
            ln_c = 1.0 if c == np.e else np.log(c)
            f = (lambda v: np.power(c, v), lambda v: ln_c * np.power(c, v),
                 lambda v: ln_c * ln_c * np.power(c, v))  # fmt: skip
            return self.chain(f, exp)
        # u**v = exp(v ln u), for u > 0 (nan elsewhere, as in real arithmetic).
        log_u = self.chain(UNARY["log"], base)
        return self.chain(UNARY["exp"], self.mul(exp, log_u))

    def compare(self, node: t.Compare) -> Jet:
        values = [np.asarray(self.go(o)[0]) for o in node.operands]
        truth = np.ones(np.shape(self.x), dtype=bool)
        for op, left, right in zip(node.ops, values, values[1:], strict=False):
            self.record(left - right)
            truth = truth & _COMPARE[op](left, right)
        return self.jet(truth.astype(np.float64), None, None)

    def call(self, node: t.Call) -> Jet:
        if node.act is not None:
            act = node.act
            u = self.go(node.args[0])
            for k in act.kinks:
                self.record(np.asarray(u[0]) - k)
            fs = tuple(lambda v, n=n: act.profile(v, n).astype(np.float64) for n in range(3))
            return self.chain(fs, u)
        if node.fn in UNARY:
            return self.chain(UNARY[node.fn], self.go(node.args[0]))
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
        above, below, tie = a0 > b0, b0 > a0, a0 == b0
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


def _power_rule(p: float) -> tuple:
    """(u**p, p u**(p−1), p(p−1) u**(p−2)) for p ≠ 0; exact forms for p = 1 and 2."""
    if p == 1:
        return (lambda v: v, lambda v: np.ones_like(v), lambda v: np.zeros_like(v))
    if p == 2:
        return (lambda v: v * v, lambda v: 2.0 * v, lambda v: np.full_like(v, 2.0))
    return (
        lambda v: np.power(v, p),
        lambda v: p * np.power(v, p - 1.0),
        lambda v: p * (p - 1.0) * np.power(v, p - 2.0),
    )
