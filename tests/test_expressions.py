"""Expressions: the grammar, refusals that quote the offending part, the limits, the
printed forms, the Python API and how registry.parse falls back to an expression."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import numpy as np
import pytest

import actplot
from actplot import parsing
from actplot.errors import ActplotError, ParameterError, UnknownActivationError
from actplot.expressions import ExpressionError, autodiff, parser, tree
from actplot.expressions.parser import MAX_DEPTH, MAX_LENGTH, MAX_TERMS, parse_tree

PACKAGE = Path(actplot.__file__).parent


@pytest.mark.parametrize(
    "text, message",
    [
        ("x.__class__", "attribute access is not allowed: x.__class__"),
        ("x + (1).real", "attribute access is not allowed: (1).real"),
        ("x[0]", "subscripts are not allowed: x[0]"),
        ("(lambda: x)()", "only functions named directly can be called: (lambda: x)()"),
        ("x + (lambda y: y)", "lambda is not allowed: lambda y: y"),
        ("sum([x for x in x])", "unknown function: sum"),
        ("max(*[x for _ in x])", "* unpacking is not allowed: *[x for _ in x]"),
        ("max(x for _ in x)", "comprehensions are not allowed"),
        ("x + [1, 2]", "lists are not allowed: [1, 2]"),
        ("x + (1, 2)", "tuples are not allowed: (1, 2)"),
        ("x + {1: 2}", "dicts are not allowed: {1: 2}"),
        ("(y := x)", "assignment (:=) is not allowed: y := x"),
        ("__import__('os').system('ls')", "only functions named directly can be called"),
        ("__import__('os')", "unknown function: __import__"),
        ("open('f')", "unknown function: open"),
        ("eval('1')", "unknown function: eval"),
        ("y + 1", "unknown name (the variable is x; the constants are pi and e): y"),
        ("x + __builtins__", "unknown name"),
        ("tanh + x", "'tanh' is a function: call it, as in tanh(x): tanh"),
        ("sigmod(x)", "unknown function: sigmod (in 'sigmod(x)'); did you mean sigmoid"),
        ("max(x, key=abs)", "max takes no keyword parameters: max(x, key=abs)"),
        ("relu(x, **{'a': 1})", "** unpacking is not allowed"),
        ("max(*x)", "* unpacking is not allowed: *x"),
        ("relu(x, 2)", "relu takes one argument, the input"),
        ("leaky_relu(x, slope=2)", "leaky_relu has no parameter 'slope'"),
        ("leaky_relu(x, negative_slope=x)", "a parameter value must be a constant"),
        ("gelu(x, approximate='fast')", "approximate must be one of 'none', 'tanh'"),
        ("x // 2", "operator '//' is not allowed: x // 2"),
        ("x % 2", "operator '%' is not allowed"),
        ("x & 1", "operator '&' is not allowed"),
        ("~x", "operator '~' is not allowed: ~x"),
        ("x is 1", "only the comparisons < <= > >= == != are allowed"),
        ("x in x", "only the comparisons"),
        ("x + 1j", "complex numbers are not allowed: 1j"),
        ("x + True", "True is not a number"),
        ("x + None", "None is not a number"),
        ("x + 'a'", "text is only for parameter values"),
        ("f'{x}'", "f-strings are not allowed"),
        ("x +", "not a valid expression"),
        ("import os", "not a valid expression"),
        ("x\0", "not a valid expression"),
        ("", "empty expression"),
        ("2 + pi", "the expression does not use x: '2 + pi'"),
        ("x + log(0)", "constant part overflows: log(0)"),
        ("x + 0/0", "constant part is not a number: 0/0"),
        ("x*1e999", "number too large: 1e999"),
        ("max(x)", "max takes at least 2 arguments"),
        ("where(x, 1)", "where takes 3 arguments"),
        ("exp(x, 2)", "exp takes 1 argument"),
    ],
)
def test_refusals_quote_the_offending_part(text: str, message: str) -> None:
    with pytest.raises(ExpressionError) as info:
        parse_tree(text)
    assert message in str(info.value)
    assert "\n" not in str(info.value)
    assert isinstance(info.value, ActplotError)  # the CLI's one-line error


@pytest.mark.parametrize(
    "text, part",
    [
        ("0/0*x", "0/0"), ("x*(0/0)", "0/0"), ("(0/0)*x", "0/0"), ("x*0/0", "0/0"),
        ("x/0*0", "1/0*0"), ("0/0+x", "0/0"), ("x+0/0", "0/0"),
        ("x*1e308*10", "overflows"), ("1e308*10*x", "overflows"), ("x*(1e308*10)", "overflows"),
        ("x+1e308+1e308", "overflows"), ("1e308+x+1e308", "overflows"),
    ],
)  # fmt: skip
def test_constant_parts_are_refused_wherever_x_stands(text: str, part: str) -> None:
    """The constants of one sum or product are one constant part: 0/0*x, x*0/0 and x*(0/0)
    are refused alike at parse time (0/0*x was accepted, and nan everywhere)."""
    with pytest.raises(ExpressionError, match="constant part") as info:
        parse_tree(text)
    assert part in str(info.value) and f"(in {text!r})" in str(info.value)


@pytest.mark.parametrize("text", ["2*x*3", "x-1+2", "x*1e300*1e-300", "1e308*x*1e-308", "x/2/2"])
def test_finite_constant_parts_anywhere_are_kept(text: str) -> None:
    assert np.isfinite(parsing.parse(text)(np.array([-1.0, 0.0, 1.0]))).all()


def test_no_eval_exec_or_compile_in_the_package() -> None:
    """User text only ever meets ast.parse, which builds a tree and runs nothing."""
    pattern = re.compile(r"(?<![\w.])(eval|exec|compile|__import__)\s*\(")
    for path in PACKAGE.rglob("*.py"):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            assert not pattern.search(line), f"{path}:{n}: {line.strip()}"
    source = (PACKAGE / "expressions" / "parser.py").read_text(encoding="utf-8")
    assert 'ast.parse(src, mode="eval")' in source


class _Counter:
    def __init__(self, monkeypatch: pytest.MonkeyPatch, owner: object, name: str) -> None:
        self.calls = 0
        original = getattr(owner, name)

        def counted(*args, **kwargs):
            self.calls += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(owner, name, counted)


def test_limits_fail_before_doing_the_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """Counting work, not time: each hostile input is refused before it costs anything."""
    parses = _Counter(monkeypatch, parser.ast, "parse")
    builds = _Counter(monkeypatch, parser._Builder, "build")
    evals = _Counter(monkeypatch, autodiff, "evaluate")

    with pytest.raises(ExpressionError, match=r"too long: 39,999 characters \(at most 1,000\)"):
        parse_tree("+".join(["x"] * 20_000))
    assert parses.calls == 0
    with pytest.raises(ExpressionError, match=rf"too large: 399 terms \(at most {MAX_TERMS}\)"):
        parse_tree("+".join(["x"] * 200))  # 399 characters: parsed once, never built
    assert (parses.calls, builds.calls) == (1, 0)
    with pytest.raises(ExpressionError, match=r"nested too deeply: 300 levels"):
        parse_tree("(" * 300 + "x" + ")" * 300)
    assert parses.calls == 1
    with pytest.raises(ExpressionError, match="constant part overflows: 9\\*\\*9\\*\\*9"):
        parse_tree("9**9**9**9")  # float64: 9**387420489 = inf, no 370-million-digit int
    assert evals.calls == 2  # folded 9**9, then 9**387420489 overflowed
    for text in ("-" * 100 + "x", "x" + "**x" * 60, "sigmoid(" * 40 + "x" + ")" * 40):
        with pytest.raises(ExpressionError, match="nested too deeply"):
            parse_tree(text)
    assert MAX_LENGTH == 1000 and MAX_DEPTH == 32


def test_sums_are_wide_not_deep() -> None:
    node = parse_tree("+".join(["x"] * 99))
    assert isinstance(node, tree.Sum) and len(node.terms) == 99
    assert float(actplot.from_expression("-".join(["x"] * 99)).derivative(1.0)) == -97


CANONICAL = [
    ("x * sigmoid( 1.702*x )", "x*sigmoid(1.702*x)"),
    ("x^2", "x**2"),
    ("x−1", "x - 1"),
    ("2×x", "2*x"),
    ("swish(x)", "silu(x)"),
    ("LeakyReLU(x, negative_slope=0.20)", "leaky_relu(x, negative_slope=0.2)"),
    ("gelu(x, approximate='tanh')", "gelu(x, approximate='tanh')"),
    ("x if x > 0 else 0.1*x", "where(x > 0, x, 0.1*x)"),
    ("(-x)**2 - -x**2", "(-x)**2 - -x**2"),
    ("x/(2*x) * 3", "x/(2*x)*3"),
    ("x - (x - 1)", "x - (x - 1)"),
    ("x**-2 + 2**x**2", "x**-2 + 2**x**2"),
    ("(x**2)**3", "(x**2)**3"),
    ("not x > 0 or x < -1 and x != 2", "not x > 0 or x < -1 and x != 2"),
    ("1e-3*x + 1.0", "0.001*x + 1"),
    ("x * sqrt(2/pi)", "x*sqrt(2/pi)"),
]


@pytest.mark.parametrize("text, canonical", CANONICAL)
def test_canonical_text_round_trips(text: str, canonical: str) -> None:
    node = parse_tree(text)
    assert tree.to_text(node) == canonical
    assert parse_tree(canonical) == node
    assert actplot.from_expression(text).name == canonical


@pytest.mark.parametrize("text", [t for t, _ in CANONICAL] + ["abs(x)/e**x", "erf(x)*pi"])
def test_mathtext_typesets_and_reads_as_unicode(text: str) -> None:
    from matplotlib.mathtext import MathTextParser

    from actplot.render.text_math import to_unicode

    formula = actplot.from_expression(text).spec.formula
    MathTextParser("path").parse(formula)  # raises on invalid mathtext
    assert "$" not in to_unicode(formula) and to_unicode(formula)


def test_same_interface_as_get() -> None:
    act = actplot.from_expression("x*tanh(softplus(x))")
    mish = actplot.get("mish")
    x32 = np.linspace(-3, 3, 12, dtype=np.float32).reshape(3, 4)
    assert act(x32).dtype == np.float32 and act(x32).shape == (3, 4)
    np.testing.assert_allclose(act(x32), mish(x32), rtol=1e-6)
    x = np.array([-2.0, np.nan, 0.5])
    for order in (1, 2):
        np.testing.assert_allclose(act.derivative(x, order), mish.derivative(x, order), rtol=1e-9)
    assert np.isnan(act(x)[1])
    assert float(act(1.0)) == pytest.approx(float(mish(1.0)))
    assert (act.label, act.params, act.is_vector, act.kinks, act.jumps) == (
        "x*tanh(softplus(x))",
        {},
        False,
        (),
        (),
    )
    assert act.spec.family == "other" and act.spec.text == "x*tanh(softplus(x))"
    with pytest.raises(ParameterError):
        act.derivative(x, 3)
    y = np.zeros(3)
    assert actplot.from_expression("x")(y) is not y  # no aliasing of the input


def test_name_and_family_for_plugins() -> None:
    act = actplot.from_expression("x*sigmoid(1.702*x)", name="quick_gelu", family="smooth")
    assert (act.name, act.spec.family) == ("quick_gelu", "smooth")
    with pytest.raises(ParameterError, match="snake_case"):
        actplot.from_expression("x", name="Quick GELU")
    with pytest.raises(ParameterError, match="unknown family"):
        actplot.from_expression("x", family="nope")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("relu", "relu"),
        ("leaky-relu", "leaky_relu"),
        ("LeakyReLU:negative_slope=0.2", "leaky_relu(negative_slope=0.2)"),
        ("x", "x"),
        ("relu(x)", "relu(x)"),
        ("x*sigmoid(1.702*x)", "x*sigmoid(1.702*x)"),
        ("max(0.1*x, x)", "max(0.1*x, x)"),
    ],
)
def test_parse_tries_the_registry_then_an_expression(text: str, expected: str) -> None:
    assert parsing.parse(text).label == expected


@pytest.mark.parametrize(
    "text, error, message",
    [
        ("rleu", UnknownActivationError, "unknown activation 'rleu'; did you mean relu"),
        ("e", UnknownActivationError, "unknown activation 'e'"),
        ("relu:alpha=1", ParameterError, "relu has no parameter 'alpha'"),
        ("elu:alpha=x", ParameterError, "elu: alpha must be a number"),
        ("", UnknownActivationError, "missing activation name"),
        ("rleu(x)", ExpressionError, "unknown function: rleu (in 'rleu(x)'); did you mean relu"),
        ("x.__class__", ExpressionError, "attribute access is not allowed: x.__class__"),
        ("2", ExpressionError, "does not use x"),
    ],
)
def test_parse_errors_come_from_the_reading_that_fits(text, error, message) -> None:
    with pytest.raises(error, match=re.escape(message)):
        parsing.parse(text)


def test_the_grammar_in_the_docstring_parses() -> None:
    doc = actplot.from_expression.__doc__ or ""
    assert "where(c, a, b)" in doc
    for name in ("exp", "log", "log1p", "expm1", "sqrt", "abs", "sin", "cos", "tanh", "erf"):
        assert actplot.from_expression(f"{name}(x*x + 1)").name == f"{name}(x*x + 1)"
    ast.parse("x", mode="eval")  # (the module's one use of ast on user text is parse)
