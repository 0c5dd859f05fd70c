"""An :class:`~actplot.model.ActivationSpec` for a parsed expression, with the formula's own
parameters (``x*sigmoid(b*x)`` with b = 1) as :class:`~actplot.model.Param` entries, so
that sweeps, sliders, tables and labels treat them as a registry parameter."""

from __future__ import annotations

import functools
import math
import re
from typing import Any

import numpy as np

from actplot.errors import ExpressionError, ParameterError
from actplot.expressions import kinks, limits, tree
from actplot.expressions.parser import check_param_name, parse_tree
from actplot.model import Activation, ActivationSpec, Interval, Param, validation

KINK_RULE = (
    "an expression: f′ and f″ by exact automatic differentiation. At a tie of max/min/abs "
    "with different slopes, f′ is the one-sided slope nearest 0, and 0 when the slopes "
    "straddle 0 (max(0, x)′(0) = 0 as relu, max(0.1x, x)′(0) = 0.1 as leaky_relu, "
    "min(x, 6)′(6) = 0 as relu6, abs′(0) = 0); where(c, a, b) takes the selected branch; "
    "comparisons are steps with f′ = 0; registry functions keep their own conventions"
)
_NAME = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")


def from_expression(
    text: str, name: str | None = None, family: str = "other", **params: Any
) -> Activation:
    """See :func:`actplot.expressions.from_expression`."""
    declared = {check_param_name(k): _default(k, v) for k, v in params.items()}
    node = parse_tree(text, declared)
    unused = sorted(set(declared) - tree.parameters(node))
    if unused:
        raise ExpressionError(f"parameter {unused[0]!r} is declared but not used in {text!r}")
    return make_spec(node, text, name, family, declared).bind()


def _default(name: str, value: Any) -> float:
    return float(validation.number(value, f"parameter {name}"))


def span(default: float) -> tuple[float, float]:
    """A slider's range for a formula parameter: 0 to twice the default (either sign), or
    −1 to 1 around a default of 0."""
    if default == 0:
        return (-1.0, 1.0)
    return (0.0, 2 * default) if default > 0 else (2 * default, 0.0)


def make_spec(
    node: tree.Node,
    text: str,
    name: str | None,
    family: str,
    declared: dict[str, float] | None = None,
) -> ActivationSpec:
    from actplot import registry

    if name is not None and not _NAME.match(name):
        raise ParameterError(f"an expression's name must be snake_case, not {name!r}")
    registry.check_family(family, ParameterError)
    declared = declared or {}
    canonical = tree.to_text(node)

    @functools.cache
    def breaks(key: tuple[tuple[str, Any], ...]) -> tuple:
        return kinks.find(node, dict(key))

    def at(params: Any) -> tuple:
        return breaks(tuple(sorted(params.items())))

    def forward(x: np.ndarray, **p: Any) -> np.ndarray:
        return limits.evaluate(node, x, 0, p)[0]

    def d1(x: np.ndarray, **p: Any) -> np.ndarray:
        return limits.evaluate(node, x, 1, p)[1]

    def d2(x: np.ndarray, **p: Any) -> np.ndarray:
        return limits.evaluate(node, x, 2, p)[2]

    def fused(x: np.ndarray, **p: Any) -> tuple[np.ndarray, np.ndarray]:
        value, slope = limits.evaluate(node, x, 1, p)  # one pass gives both
        return value, slope

    def labeler(params: Any) -> str:
        """The text that gives this activation back: ``x*sigmoid(b*x):b=2``."""
        shown = ",".join(f"{k}={tree.format_number(v)}" for k, v in params.items())
        return f"{name or canonical}:{shown}" if shown else name or canonical

    return ActivationSpec(
        name=name or canonical,
        family=family,
        forward=forward,
        d1=d1,
        d2=d2,
        formula=tree.to_mathtext(node),
        derivative_formula="exact, by automatic differentiation of f",
        text=" ".join(text.split()),
        range=Interval(-math.inf, math.inf),  # not declared: table and info compute it
        kink_rule=KINK_RULE,
        reference="a user expression" if name is None else f"the expression {canonical}",
        pros=(),
        cons=(),
        use="your own formula: compare it with the registry in actplot show and table",
        frameworks={"torch": "", "jax": "", "keras": ""},  # none ships it under a name
        params=tuple(
            Param(k, v, "a parameter of the formula", span=span(v)) for k, v in declared.items()
        ),
        kinks=lambda params: at(params)[0],
        jumps=lambda params: at(params)[1],
        poles=lambda params: at(params)[2],
        fused=fused,
        labeler=labeler if declared else None,
    )
