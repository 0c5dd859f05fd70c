"""Expression derivatives against mpmath, the kink convention against the registry, and
overflow without warnings or errors.

The reference reads the text with its own walk over Python's ``ast`` (not actplot's tree)
and calls the mpmath references of tests/mpref for registry activations, so a bug in
actplot's parser or evaluator cannot hide in the reference.
"""

from __future__ import annotations

import ast
import math
import operator
import re
import warnings
from collections.abc import Callable

import mpmath
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from mpmath import mp
from mpref import REFERENCES

import actplot
from actplot.expressions.parser import parse_tree

_FUNCS: dict[str, Callable] = {
    "exp": mp.exp, "log": mp.log, "log1p": mp.log1p, "expm1": mp.expm1, "sqrt": mp.sqrt,
    "abs": mp.fabs, "sin": mp.sin, "cos": mp.cos, "tan": mp.tan, "tanh": mp.tanh,
    "sinh": mp.sinh, "cosh": mp.cosh, "erf": mp.erf, "erfc": mp.erfc, "max": max, "min": min,
}  # fmt: skip
_CMP = {
    ast.Lt: lambda a, b: a < b, ast.LtE: lambda a, b: a <= b, ast.Gt: lambda a, b: a > b,
    ast.GtE: lambda a, b: a >= b, ast.Eq: lambda a, b: a == b, ast.NotEq: lambda a, b: a != b,
}  # fmt: skip


def reference(text: str) -> Callable[[mpmath.mpf], mpmath.mpf]:
    """f(x) in mpmath for an expression in actplot's grammar."""
    body = ast.parse(text.replace("^", "**"), mode="eval").body
    return lambda x: _ev(body, mp.mpf(x))


def derivative(text: str, x: float, order: int) -> float:
    f = reference(text)
    if order == 0:
        return float(f(mp.mpf(x)))
    return float(mpmath.diff(f, mp.mpf(x), n=order))


def _ev(n: ast.AST, x: mpmath.mpf):  # noqa: C901  (one branch per node type)
    if isinstance(n, ast.Constant):
        return mp.mpf(n.value) if isinstance(n.value, (int, float)) else n.value
    if isinstance(n, ast.Name):
        return {"x": x, "pi": mp.pi, "e": mp.e}[n.id]
    if isinstance(n, ast.UnaryOp):
        v = _ev(n.operand, x)
        if isinstance(n.op, ast.Not):
            return mp.mpf(not v)
        return -v if isinstance(n.op, ast.USub) else v
    if isinstance(n, ast.BinOp):
        ops = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
               ast.Div: operator.truediv, ast.Pow: operator.pow}  # fmt: skip
        return ops[type(n.op)](_ev(n.left, x), _ev(n.right, x))
    if isinstance(n, ast.Compare):
        vals = [_ev(v, x) for v in (n.left, *n.comparators)]
        ok = all(_CMP[type(o)](a, b) for o, a, b in zip(n.ops, vals, vals[1:], strict=False))
        return mp.mpf(ok)
    if isinstance(n, ast.BoolOp):
        vals = [bool(_ev(v, x)) for v in n.values]
        return mp.mpf(all(vals) if isinstance(n.op, ast.And) else any(vals))
    if isinstance(n, ast.IfExp):
        return _ev(n.body, x) if _ev(n.test, x) else _ev(n.orelse, x)
    assert isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
    args = [_ev(a, x) for a in n.args]
    if n.func.id == "where":
        return args[1] if args[0] else args[2]
    if n.func.id in _FUNCS:
        return _FUNCS[n.func.id](*args)
    params = {k.arg: _ev(k.value, x) for k in n.keywords}
    params = {k: v if isinstance(v, str) else float(v) for k, v in params.items()}
    return REFERENCES[actplot.resolve(n.func.id)](args[0], **params)


RTOL, ATOL = 1e-6, 1e-10
POINTS = [-3.7, -1.3, -0.4, 0.2, 0.9, 2.4, 5.1]
SMOOTH_AND_PIECEWISE = [
    "x*sigmoid(1.702*x)",
    "x*tanh(softplus(x))",
    "0.5*x*(1 + tanh(sqrt(2/pi)*(x + 0.044715*x**3)))",
    "0.5*x*(1 + erf(x/sqrt(2)))",
    "x/(1 + exp(-x))",
    "log1p(exp(x))",
    "exp(-x**2/2)",
    "sin(x)*cos(2*x)",
    "x**3 - 2*x**2 + x/3",
    "(1 + x**2)**0.5",
    "2**x",
    "(1 + x*x)**(x/3)",
    "tan(x/4)",
    "sinh(x/2)*cosh(x/3)",
    "erfc(x)",
    "expm1(x)/2",
    "log(1 + x*x)",
    "1/(1 + x*x)",
    "(x - 1)*(x + 2)/(x*x + 3)",
    "x/(1 + abs(x))",
    "e**x - pi",
    "x^2",
    "-(-x)",
    "-x**2",
    "x*-2",
    "max(x, 0.1*x)",
    "min(max(0.01*x, x), 6)",
    "abs(x - 0.5)*x",
    "where(x > 0, x, exp(x) - 1)",
    "x if x > 1 else x**2",
    "max(sin(x), cos(x), x/4)",
    "min(x**2, 1, exp(x))",
    "(x > -1 and x < 1)*x**2 + (not x < 2)*x",
    "(x > -1 and 1)*x + (x < 0 or pi)*x**2",
    "leaky_relu(x, negative_slope=0.2)**2",
    "elu(2*x, alpha=0.5)",
    "gelu(x, approximate='tanh')",
    "softplus(x, beta=2)",
    "silu(x, beta=1.5) - selu(x)",
    "softmax(x)*x",
    "mish(sigmoid(x))",
    "hardswish(x)*x",
    "swish(x)/(1 + tanh(x)**2)",
]


def close(got: float, want: float) -> bool:
    return abs(got - want) <= RTOL * abs(want) + ATOL


@pytest.mark.parametrize("text", SMOOTH_AND_PIECEWISE)
@pytest.mark.parametrize("order", [0, 1, 2])
def test_exact_against_mpmath(text: str, order: int) -> None:
    act = actplot.from_expression(text)
    got = act.profile(np.array(POINTS), order)
    for x, g in zip(POINTS, got, strict=True):
        want = derivative(text, x, order)
        assert close(float(g), want), (text, order, x, float(g), want)


# Smooth random expressions: bounded pieces so that values stay moderate.
_LEAF = st.sampled_from(["x", "0.5", "1.3", "2", "pi"])
_UNARY = ["exp(tanh({}))", "sin({})", "cos({})", "tanh({})", "sigmoid({})", "softplus({})",
          "erf({})", "log1p(({})**2)", "sqrt(1 + ({})**2)", "mish({})", "gelu({})",
          "({})**2", "({})**3", "-({})", "silu({}, beta=0.7)"]  # fmt: skip
_BINARY = ["({}) + ({})", "({}) - ({})", "({})*({})", "({})/(1 + ({})**2)",
           "(1 + ({})**2)**(0.3*tanh({}))"]  # fmt: skip


def _expressions() -> st.SearchStrategy[str]:
    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        unary = st.tuples(st.sampled_from(_UNARY), inner).map(lambda p: p[0].format(p[1]))
        binary = st.tuples(st.sampled_from(_BINARY), inner, inner).map(
            lambda p: p[0].format(p[1], p[2])
        )
        return unary | binary

    return st.recursive(_LEAF, extend, max_leaves=6).filter(lambda s: re.search(r"\bx\b", s))


@settings(max_examples=150, deadline=None, database=None)
@given(text=_expressions(), x=st.floats(-3, 3), order=st.sampled_from([1, 2]))
def test_random_smooth_expressions_against_mpmath(text: str, x: float, order: int) -> None:
    want = derivative(text, x, order)
    assume(math.isfinite(want) and abs(want) < 1e12)
    got = float(actplot.from_expression(text).profile(np.array([x]), order)[0])
    assert close(got, want), (text, x, order, got, want)


# The kink convention: expressions of registry activations agree with them everywhere,
# at the kinks (the exact float and its neighbours) included.
SAME_AS_REGISTRY = [
    ("max(0, x)", "relu"),
    ("x*(x > 0)", "relu"),
    ("max(0.01*x, x)", "leaky_relu"),
    ("where(x > 0, x, 0.01*x)", "leaky_relu"),
    ("min(max(0, x), 6)", "relu6"),
    ("max(-1, min(1, x))", "hardtanh"),
    ("min(max(0.01*x, x), 6)", "leaky_relu6"),
    ("where(x > 0.5, x - 0.5, where(x < -0.5, x + 0.5, 0))", "softshrink"),
    ("x*min(max(x + 3, 0), 6)/6", "hardswish"),
    ("x*sigmoid(x)", "silu"),
    ("x*0.5*(1 + erf(x/sqrt(2)))", "gelu"),
    ("(x + sqrt(x*x + 4))/2", "squareplus"),
    ("x/(1 + abs(x))", "softsign"),
]


@pytest.mark.parametrize("text, name", SAME_AS_REGISTRY)
def test_kink_convention_matches_the_registry(text: str, name: str) -> None:
    expr, act = actplot.from_expression(text), actplot.get(name)
    assert expr.kinks == act.kinks
    assert expr.jumps == act.jumps
    marks = np.array([*act.kinks])
    # Not the floats next to a kink: x + 3 rounds to 6 a float below x = 3 (hardswish).
    x = np.concatenate([np.linspace(-8, 8, 1601), marks, marks - 1e-9, marks + 1e-9])
    for order in (0, 1, 2):
        got, want = expr.profile(x, order), act.profile(x, order)
        np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12, err_msg=f"{text} {order}")


@pytest.mark.parametrize(
    "text, x, d1, d2",
    [
        ("abs(x)", 0.0, 0.0, 0.0),
        ("abs(x - 2)", 2.0, 0.0, 0.0),
        ("max(x, -x)", 0.0, 0.0, 0.0),
        ("max(0.5*x, 2*x)", 0.0, 0.5, 0.0),  # both slopes positive: the smaller
        ("min(-0.5*x, -2*x)", 0.0, -0.5, 0.0),  # both negative: the one nearer 0
        ("max(x**2, -x**2)", 0.0, 0.0, 2.0),  # touching branches: the exact f''
        ("min(x**2, -x**2)", 0.0, 0.0, -2.0),
        ("max(x, sin(x))", 0.0, 1.0, 0.0),  # equal slopes: f'' of the branch above
        ("where(x >= 1, 2*x, x)", 1.0, 2.0, 0.0),  # the selected branch
        ("abs(x**2)", 0.0, 0.0, 2.0),
    ],
)
def test_values_at_ties(text: str, x: float, d1: float, d2: float) -> None:
    act = actplot.from_expression(text)
    assert float(act.derivative(x, 1)) == d1
    assert float(act.derivative(x, 2)) == d2


@pytest.mark.parametrize(
    "text, kinks, jumps",
    [
        ("max(0, x - 0.3)", (0.3,), ()),
        ("abs(x + 2) + abs(x - 1)", (-2.0, 1.0), ()),
        ("where(x > 1, 1, 0)", (1.0,), (1.0,)),
        ("max(x**2, 0)", (), ()),  # f' is continuous: no kink
        ("relu(x - 5)*2", (5.0,), ()),
        ("binary_step(x + 1)", (-1.0,), (-1.0,)),
        ("max(x, 1e6)", (1e6,), ()),
        ("tanh(x)", (), ()),
    ],
)
def test_kinks_and_jumps_are_found(text: str, kinks: tuple, jumps: tuple) -> None:
    act = actplot.from_expression(text)
    assert act.kinks == pytest.approx(kinks, rel=1e-15)
    assert act.jumps == pytest.approx(jumps, rel=1e-15)


OVERFLOWING = ["exp(exp(x))", "x/(1 + exp(-x))", "2*exp(x)", "x**100", "1/x", "log(x)",
               "sqrt(x)", "x**x", "max(exp(x), x)", "cosh(x)*sinh(x)", "softplus(x)*exp(x)",
               "where(x > 0, exp(x**2), -exp(x**2))", "tan(x)"]  # fmt: skip
EXTREMES = np.array(
    [-np.inf, -1e308, -1e3, -1.0, -0.0, 0.0, 1e-300, 1.0, 1e3, 1e308, np.inf, np.nan]
)


@pytest.mark.parametrize("text", OVERFLOWING)
def test_overflow_is_inf_or_nan_never_an_error_or_warning(text: str) -> None:
    act = actplot.from_expression(text)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for order in (0, 1, 2):
            y = act.profile(EXTREMES, order)
            assert y.shape == EXTREMES.shape and y.dtype == np.float64
            assert np.isnan(y[-1])  # nan in, nan out


def test_overflow_gives_inf_or_the_limit() -> None:
    x = np.array([-1000.0, 1000.0])
    assert list(actplot.from_expression("x/(1 + exp(-x))")(x)) == [0.0, 1000.0]
    assert list(actplot.from_expression("2*exp(x)").derivative(x)) == [0.0, math.inf]
    assert list(actplot.from_expression("exp(exp(x))")(x)) == [1.0, math.inf]
    assert list(actplot.from_expression("tanh(x)*x").derivative(x)) == [-1.0, 1.0]


def test_the_tree_is_what_is_differentiated() -> None:
    """The folded constant keeps its printed form but is evaluated once."""
    node = parse_tree("x*sqrt(2/pi)")
    assert "sqrt(2/pi)" in actplot.from_expression("x*sqrt(2/pi)").name
    assert type(node).__name__ == "Prod"
    assert float(actplot.from_expression("x*sqrt(2/pi)").derivative(0.0)) == math.sqrt(2 / math.pi)
