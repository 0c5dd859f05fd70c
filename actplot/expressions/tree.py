"""The expression tree: a handful of node types, and its canonical and mathtext printings.

The parser builds these from Python's ``ast`` (which it never compiles); the evaluator in
:mod:`actplot.expressions.autodiff` walks them. Sums and products are n-ary (flattened), so
a long sum is one wide node rather than a deep chain.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    from actplot.model import Activation


@dataclass(frozen=True)
class Num:
    """A literal number or the constant pi or e (``text`` is how it is written)."""

    value: float
    text: str


@dataclass(frozen=True)
class X:
    """The variable x."""


@dataclass(frozen=True)
class Par:
    """A parameter of the formula, such as b in ``x*sigmoid(b*x):b=1``: a constant in x
    whose value is given at evaluation time."""

    name: str


@dataclass(frozen=True)
class Const:
    """A subtree without x, folded to its value once; ``shown`` keeps it for printing."""

    value: float
    shown: Node


@dataclass(frozen=True)
class Sum:
    """``t0 ± t1 ± ...``: (sign, term) pairs, the first sign always +1."""

    terms: tuple[tuple[int, Node], ...]


@dataclass(frozen=True)
class Prod:
    """``f0 * f1 / f2 ...``: (power, factor) pairs with power +1 (times) or −1 (divided by)."""

    factors: tuple[tuple[int, Node], ...]


@dataclass(frozen=True)
class Neg:
    arg: Node


@dataclass(frozen=True)
class Pow:
    base: Node
    exp: Node


@dataclass(frozen=True)
class Call:
    """A function of the table (``act`` None) or a registry activation (``act`` bound)."""

    fn: str
    args: tuple[Node, ...]
    params: tuple[tuple[str, float | str], ...] = ()
    act: Activation | None = None


@dataclass(frozen=True)
class Compare:
    """A comparison chain ``a < b <= c``: 1 where all hold, else 0 (derivative 0)."""

    ops: tuple[str, ...]
    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Logic:
    """``and``/``or`` of truth values (nonzero is true), or ``not`` of one."""

    op: str
    args: tuple[Node, ...]


Node = Union[Num, X, Par, Const, Sum, Prod, Neg, Pow, Call, Compare, Logic]  # noqa: UP007

# Binding strength, loosest first, as in Python.
_PREC = {"or": 1, "and": 2, "not": 3, Compare: 4, Sum: 5, Prod: 6, Neg: 7, Pow: 8}
ATOM = 9


def prec(node: Node) -> int:
    if isinstance(node, Const):
        return prec(node.shown)
    if isinstance(node, Logic):
        return _PREC[node.op]
    return _PREC.get(type(node), ATOM)


def format_number(value: float) -> str:
    """``2`` for whole numbers, ``1.702`` (the shortest round-trip form) otherwise."""
    value = float(value)
    if value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


def to_text(node: Node) -> str:
    """The canonical Python-syntax text of `node`: parsing it gives the same tree."""
    return _Printer(math=False).go(node)


def to_mathtext(node: Node) -> str:
    """`node` as matplotlib mathtext (``$...$``)."""
    return "$" + _Printer(math=True).go(node) + "$"


MATH_NAMES = {
    "exp": r"\exp", "log": r"\ln", "sin": r"\sin", "cos": r"\cos", "tan": r"\tan",
    "tanh": r"\tanh", "sinh": r"\sinh", "cosh": r"\cosh", "max": r"\max", "min": r"\min",
}  # fmt: skip
MATH_OPS = {"<": "<", "<=": r"\leq", ">": ">", ">=": r"\geq", "==": "=", "!=": r"\neq"}


class _Printer:
    def __init__(self, math: bool) -> None:
        self.math = math

    def wrap(self, node: Node, least: int) -> str:
        """`node`, in parentheses if it binds looser than `least`."""
        text = self.go(node)
        if prec(node) < least:
            return r"\left(" + text + r"\right)" if self.math else f"({text})"
        return text

    def go(self, node: Node) -> str:
        m = self.math
        if isinstance(node, Num):
            if m and node.text == "pi":
                return r"\pi"
            return node.text
        if isinstance(node, X):
            return "x"
        if isinstance(node, Par):
            return _math_name(node.name) if m else node.name
        if isinstance(node, Const):
            return self.go(node.shown)
        if isinstance(node, Sum):
            out = self.wrap(node.terms[0][1], 5)
            for sign, term in node.terms[1:]:
                out += (" + " if sign > 0 else " - ") + self.wrap(term, 6)
            return out
        if isinstance(node, Prod):
            return self._math_prod(node) if m else self._prod(node)
        if isinstance(node, Neg):
            return "-" + self.wrap(node.arg, 7)
        if isinstance(node, Pow):
            if m:
                return self.wrap(node.base, ATOM) + "^{" + self.go(node.exp) + "}"
            return self.wrap(node.base, ATOM) + "**" + self.wrap(node.exp, 7)
        if isinstance(node, Compare):
            out = self.wrap(node.operands[0], 5)
            for op, right in zip(node.ops, node.operands[1:], strict=True):
                out += f" {MATH_OPS[op] if m else op} " + self.wrap(right, 5)
            return out
        if isinstance(node, Logic):
            if node.op == "not":
                return (r"\mathrm{not}\ " if m else "not ") + self.wrap(node.args[0], 3)
            word = rf"\ \mathrm{{{node.op}}}\ " if m else f" {node.op} "
            return word.join(self.wrap(a, _PREC[node.op] + 1) for a in node.args)
        return self._call(node)

    def _prod(self, node: Prod) -> str:
        out = self.wrap(node.factors[0][1], 6)
        for power, factor in node.factors[1:]:
            out += ("*" if power > 0 else "/") + self.wrap(factor, 7)
        return out

    def _math_prod(self, node: Prod) -> str:
        top = [f for p, f in node.factors if p > 0]
        bottom = [f for p, f in node.factors if p < 0]
        num = self._juxtapose(top) if top else "1"
        if not bottom:
            return num
        return r"\frac{" + num + "}{" + self._juxtapose(bottom) + "}"

    def _juxtapose(self, factors: list[Node]) -> str:
        parts = [self.wrap(f, 7) for f in factors]
        out = parts[0]
        for prev, part in zip(parts, parts[1:], strict=False):
            # "1.702x" reads better than "1.702·x"; two numbers side by side would not.
            glue = "" if prev[-1:].isdigit() and not part[:1].isdigit() else r"\cdot "
            out += glue + part
        return out

    def _call(self, node: Call) -> str:
        args = [self.go(a) for a in node.args]
        if not self.math:
            params = [f"{k}={v!r}" if isinstance(v, str) else f"{k}={format_number(v)}"
                      for k, v in node.params]  # fmt: skip
            return f"{node.fn}({', '.join(args + params)})"
        if node.fn == "sqrt":
            return r"\sqrt{" + args[0] + "}"
        if node.fn == "abs":
            return "|" + args[0] + "|"
        name = MATH_NAMES.get(node.fn) or r"\mathrm{" + node.fn.replace("_", r"\_") + "}"
        inner = ", ".join(args)
        if node.params:
            shown = [
                r"\mathrm{" + k.replace("_", r"\_") + "}="
                + (r"\mathrm{" + v.replace("_", r"\_") + "}" if isinstance(v, str)
                   else format_number(v))
                for k, v in node.params
            ]  # fmt: skip
            inner += r";\ " + ", ".join(shown)
        return name + r"\left(" + inner + r"\right)"


GREEK = (
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "kappa",
    "lambda", "mu", "nu", "xi", "rho", "sigma", "tau", "phi", "chi", "psi", "omega",
)  # fmt: skip


def _math_name(name: str) -> str:
    """A parameter in mathtext: beta as β, a one-letter name in italics, others upright."""
    base, _, index = name.partition("_")
    text = "\\" + base if base in GREEK else base if len(base) == 1 else r"\mathrm{" + base + "}"
    return text + ("_{" + index + "}" if index else "")


def contains_x(node: Node) -> bool:
    """Whether `node` depends on x (folded constants and parameters do not)."""
    if isinstance(node, X):
        return True
    if isinstance(node, (Num, Const, Par)):
        return False
    return any(contains_x(child) for child in children(node))


def variable(node: Node) -> bool:
    """Whether `node` depends on x or on a parameter (so it cannot be folded at parse time)."""
    if isinstance(node, (X, Par)):
        return True
    if isinstance(node, (Num, Const)):
        return False
    return any(variable(child) for child in children(node))


def parameters(node: Node) -> set[str]:
    """The names of the parameters `node` uses."""
    if isinstance(node, Par):
        return {node.name}
    return set().union(*(parameters(c) for c in children(node)))


def children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, (Sum, Prod)):
        pairs = node.terms if isinstance(node, Sum) else node.factors
        return tuple(child for _, child in pairs)
    if isinstance(node, Neg):
        return (node.arg,)
    if isinstance(node, Pow):
        return (node.base, node.exp)
    if isinstance(node, (Call, Logic)):
        return node.args
    if isinstance(node, Compare):
        return node.operands
    return ()
