"""User text to an expression tree, through a whitelist of Python's ``ast`` node types.

``ast.parse`` only builds a syntax tree: nothing is compiled or run. Every node type outside
the grammar is refused with a message quoting the offending part. Limits on the length, the
number of terms and the nesting depth make hostile input fail at once, and constant parts
are folded to float64 (so ``9**9**9**9`` overflows to inf and is refused, instead of
becoming an integer with 10^369,693,099 digits).
"""

from __future__ import annotations

import ast
import difflib
import math
from collections.abc import Collection

import numpy as np

from actplot.errors import ExpressionError, ParameterError
from actplot.expressions import tree as t
from actplot.expressions.functions import MATH, call_node, known_function

MAX_LENGTH = 1000  # characters
MAX_TERMS = 200  # numbers, names, operators and calls
MAX_DEPTH = 32  # nested parentheses, calls and powers
CONSTANTS = {"pi": math.pi, "e": math.e}
RESERVED = ("name", "family", "label")  # keys with another meaning next to the parameters
# Spellings from outside Python that users type: x^2, Unicode minus and times signs.
_TRANSLATE = str.maketrans({"^": "**", "−": "-", "×": "*", "·": "*"})
_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
_CMPOPS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}
_REFUSED = {
    ast.Attribute: "attribute access is not allowed",
    ast.Subscript: "subscripts are not allowed",
    ast.Slice: "subscripts are not allowed",
    ast.Lambda: "lambda is not allowed",
    ast.ListComp: "comprehensions are not allowed",
    ast.SetComp: "comprehensions are not allowed",
    ast.DictComp: "comprehensions are not allowed",
    ast.GeneratorExp: "comprehensions are not allowed",
    ast.List: "lists are not allowed",
    ast.Tuple: "tuples are not allowed",
    ast.Set: "sets are not allowed",
    ast.Dict: "dicts are not allowed",
    ast.NamedExpr: "assignment (:=) is not allowed",
    ast.Await: "await is not allowed",
    ast.Yield: "yield is not allowed",
    ast.YieldFrom: "yield is not allowed",
    ast.JoinedStr: "f-strings are not allowed",
    ast.FormattedValue: "f-strings are not allowed",
    ast.Starred: "* unpacking is not allowed",
}


def parse_tree(text: str, params: Collection[str] = ()) -> t.Node:
    """The tree of `text`, an expression in x and the parameters named in `params`;
    ExpressionError if it is refused."""
    if not isinstance(text, str):
        raise ExpressionError(f"an expression is text, not {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ExpressionError(
            f"expression too long: {len(text):,} characters (at most {MAX_LENGTH:,})"
        )
    src = " ".join(text.translate(_TRANSLATE).split())  # one line: newlines are not syntax
    if not src:
        raise ExpressionError("empty expression")
    _check_nesting(src)
    try:
        body = ast.parse(src, mode="eval").body
    except SyntaxError as exc:
        where = f" at column {exc.offset}" if exc.offset else ""
        raise ExpressionError(f"not a valid expression{where}: {_short(src)}") from None
    except (ValueError, MemoryError, RecursionError):  # null bytes; parser limits
        raise ExpressionError(f"not a valid expression: {_short(src)}") from None
    count = sum(isinstance(n, ast.expr) for n in ast.walk(body))  # ast.walk is iterative
    if count > MAX_TERMS:
        raise ExpressionError(f"expression too large: {count:,} terms (at most {MAX_TERMS})")
    node = _Builder(src, frozenset(params)).build(body, 0)
    if not t.contains_x(node):
        raise ExpressionError(f"the expression does not use x: {_short(src)}")
    return node


def check_param_name(name: str) -> str:
    """`name` if it can name a formula parameter: a plain identifier that is not x, pi, e,
    a function, or a reserved key."""
    if not isinstance(name, str) or not name.isidentifier() or not name.isascii():
        raise ExpressionError(f"a parameter name is a plain identifier, not {name!r}")
    if name in ("x", *CONSTANTS, *RESERVED) or known_function(name):
        raise ExpressionError(
            f"{name!r} cannot name a parameter: it is taken (x, pi, e, functions, "
            f"{', '.join(RESERVED)})"
        )
    return name


def _short(src: str, most: int = 80) -> str:
    """`src` quoted, cut to `most` characters: messages stay one readable line."""
    return repr(src if len(src) <= most else src[: most - 3] + "...")


def _check_nesting(src: str) -> None:
    depth = deepest = 0
    for ch in src:
        depth += (ch in "([{") - (ch in ")]}")
        deepest = max(deepest, depth)
    if deepest > MAX_DEPTH:
        raise ExpressionError(
            f"expression nested too deeply: {deepest} levels (at most {MAX_DEPTH})"
        )


class _Builder:
    def __init__(self, src: str, params: frozenset[str]) -> None:
        self.src, self.params = src, params

    def fail(self, reason: str, node: ast.AST, hint: str = "") -> ExpressionError:
        """An error quoting the source of `node` (and the whole text, if short)."""
        part = ast.get_source_segment(self.src, node) or self.src
        if len(part) > 60:
            part = part[:57] + "..."
        context = f" (in {self.src!r})" if part != self.src and len(self.src) <= 80 else ""
        return ExpressionError(f"{reason}: {part}{context}{hint}")

    def build(self, node: ast.AST, depth: int) -> t.Node:
        if depth > MAX_DEPTH:
            raise self.fail(f"expression nested too deeply (at most {MAX_DEPTH} levels)", node)
        out = self._build(node, depth + 1)
        if not isinstance(out, (t.Num, t.Const)) and not t.variable(out):
            return t.Const(self._fold(out, node), out)
        return out

    def _fold(self, out: t.Node, node: ast.AST) -> float:
        value = self._value(out)
        if not math.isfinite(value):
            what = "overflows" if math.isinf(value) else "is not a number"
            raise self.fail(f"constant part {what}", node)
        return value

    @staticmethod
    def _value(out: t.Node) -> float:
        """The value of the constant tree `out` (inf or nan where it overflows)."""
        from actplot.expressions.autodiff import evaluate

        with np.errstate(all="ignore"):
            return float(evaluate(out, np.zeros(()), 0)[0])

    def _build(self, node: ast.AST, depth: int) -> t.Node:
        if type(node) in _REFUSED:
            raise self.fail(_REFUSED[type(node)], node)
        if isinstance(node, ast.Constant):
            return self._number(node)
        if isinstance(node, ast.Name):
            return self._name(node)
        if isinstance(node, ast.BinOp):
            return self._binop(node, depth)
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.UAdd):
                return self.build(node.operand, depth)
            if isinstance(node.op, ast.USub):
                return t.Neg(self.build(node.operand, depth))
            if isinstance(node.op, ast.Not):
                return t.Logic("not", (self.build(node.operand, depth),))
            raise self.fail("operator '~' is not allowed", node)
        if isinstance(node, ast.Compare):
            ops = []
            for op in node.ops:
                if type(op) not in _CMPOPS:
                    raise self.fail("only the comparisons < <= > >= == != are allowed", node)
                ops.append(_CMPOPS[type(op)])
            operands = (node.left, *node.comparators)
            return t.Compare(tuple(ops), tuple(self.build(o, depth) for o in operands))
        if isinstance(node, ast.BoolOp):
            op = "and" if isinstance(node.op, ast.And) else "or"
            return t.Logic(op, tuple(self.build(v, depth) for v in node.values))
        if isinstance(node, ast.IfExp):  # a if c else b: where(c, a, b)
            parts = (node.test, node.body, node.orelse)
            return t.Call("where", tuple(self.build(p, depth) for p in parts))
        if isinstance(node, ast.Call):
            return self._call(node, depth)
        raise self.fail(f"{type(node).__name__} is not allowed", node)

    def _number(self, node: ast.Constant) -> t.Node:
        v = node.value
        if isinstance(v, bool) or v is None or v is Ellipsis:
            raise self.fail(f"{v!r} is not a number", node)
        if isinstance(v, complex):
            raise self.fail("complex numbers are not allowed", node)
        if isinstance(v, (str, bytes)):
            raise self.fail("text is only for parameter values (approximate='tanh')", node)
        try:
            value = float(v)
        except OverflowError:
            value = math.inf
        if not math.isfinite(value):
            raise self.fail("number too large", node)
        return t.Num(value, t.format_number(value))

    def _name(self, node: ast.Name) -> t.Node:
        if node.id == "x":
            return t.X()
        if node.id in CONSTANTS:
            return t.Num(CONSTANTS[node.id], node.id)
        if node.id in self.params:
            return t.Par(node.id)
        if known_function(node.id):
            raise self.fail(f"{node.id!r} is a function: call it, as in {node.id}(x)", node)
        close = difflib.get_close_matches(node.id, [*self.params, *CONSTANTS, "x"], n=2)
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        if self.params:
            hint += f"; the parameters are {', '.join(sorted(self.params))}"
        else:
            hint += f"; declare a parameter with a default, as in '{node.id}*x:{node.id}=1'"
        raise self.fail("unknown name (the variable is x; the constants are pi and e)", node, hint)

    def _binop(self, node: ast.BinOp, depth: int) -> t.Node:
        op = _BINOPS.get(type(node.op))
        if op is None:
            raise self.fail(f"operator {_op_symbol(node.op)!r} is not allowed", node)
        if op == "**":
            return t.Pow(self.build(node.left, depth), self.build(node.right, depth))
        group = ("+", "-") if op in "+-" else ("*", "/")
        # Walk the left spine iteratively: a long sum becomes one wide node, not a deep one.
        pairs: list[tuple[int, ast.AST]] = []
        cur: ast.AST = node
        while isinstance(cur, ast.BinOp) and _BINOPS.get(type(cur.op)) in group:
            sign = 1 if _BINOPS[type(cur.op)] in ("+", "*") else -1
            pairs.append((sign, cur.right))
            cur = cur.left
        pairs.append((1, cur))
        built = tuple((s, self.build(n, depth)) for s, n in reversed(pairs))
        kind = t.Sum if op in "+-" else t.Prod
        # The constant operands of a flat sum or product are one constant part, wherever x
        # stands among them: 0/0*x, x*0/0 and x*(0/0) are refused alike.
        constant = tuple((s, n) for s, n in built if not t.variable(n))
        if len(constant) > 1 and len(constant) < len(built):
            if constant[0][0] < 0:  # the first operand's sign is taken as +: x/0*0 is 1/0*0
                constant = ((1, t.Num(0.0 if op in "+-" else 1.0, "0" if op in "+-" else "1")),
                            *constant)  # fmt: skip
            value = self._value(kind(constant))
            if not math.isfinite(value):
                what = "overflows" if math.isinf(value) else "is not a number"
                raise ExpressionError(
                    f"constant part {what}: {t.to_text(kind(constant))} (in {_short(self.src)})"
                )
        return kind(built)

    def _call(self, node: ast.Call, depth: int) -> t.Node:
        if not isinstance(node.func, ast.Name):
            raise self.fail("only functions named directly can be called", node)
        name = node.func.id
        if not known_function(name):
            raise self.fail("unknown function", node.func, _suggest(name))
        for kw in node.keywords:
            if kw.arg is None:
                raise self.fail("** unpacking is not allowed", node)
            if name in MATH:
                raise self.fail(f"{name} takes no keyword parameters", node)
        args = tuple(self.build(a, depth) for a in node.args)
        params = {kw.arg: self._param(kw.value, depth) for kw in node.keywords if kw.arg}
        try:
            return call_node(name, args, params)
        except ParameterError as exc:
            raise self.fail(str(exc), node) from None

    def _param(self, value: ast.AST, depth: int) -> float | str:
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            return value.value
        built = self.build(value, depth)
        if not isinstance(built, (t.Num, t.Const)):
            raise self.fail(
                "a parameter value must be a constant, not depend on x or on a formula parameter",
                value,
            )
        return built.value


def _op_symbol(op: ast.operator) -> str:
    symbols = {
        ast.FloorDiv: "//", ast.Mod: "%", ast.MatMult: "@", ast.LShift: "<<",
        ast.RShift: ">>", ast.BitOr: "|", ast.BitAnd: "&", ast.BitXor: "^",
    }  # fmt: skip
    return symbols.get(type(op), "")


def _suggest(name: str) -> str:
    from actplot import registry

    known = [*MATH, *registry.names()]
    close = difflib.get_close_matches(name.lower(), known, n=3, cutoff=0.6)
    return f"; did you mean {' or '.join(close)}?" if close else ""
