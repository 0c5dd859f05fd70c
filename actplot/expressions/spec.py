"""An :class:`~actplot.model.ActivationSpec` for a parsed expression."""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from typing import Any

import numpy as np

from actplot.errors import ParameterError
from actplot.expressions import autodiff, kinks, tree
from actplot.expressions.parser import parse_tree
from actplot.model import Activation, ActivationSpec, Interval

KINK_RULE = (
    "an expression: f′ and f″ by exact automatic differentiation. At a tie of max/min/abs "
    "with different slopes, f′ is the one-sided slope nearest 0, and 0 when the slopes "
    "straddle 0 (max(0, x)′(0) = 0 as relu, max(0.1x, x)′(0) = 0.1 as leaky_relu, "
    "min(x, 6)′(6) = 0 as relu6, abs′(0) = 0); where(c, a, b) takes the selected branch; "
    "comparisons are steps with f′ = 0; registry functions keep their own conventions"
)
_NAME = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
_FIELDS = {f.name for f in dataclasses.fields(ActivationSpec)}


def from_expression(text: str, name: str | None = None, family: str = "other") -> Activation:
    """See :func:`actplot.expressions.from_expression`."""
    node = parse_tree(text)
    return make_spec(node, text, name, family).bind()


def make_spec(node: tree.Node, text: str, name: str | None, family: str) -> ActivationSpec:
    from actplot import registry

    if name is not None and not _NAME.match(name):
        raise ParameterError(f"an expression's name must be snake_case, not {name!r}")
    registry.check_family(family, ParameterError)
    canonical = tree.to_text(node)
    breaks = functools.cache(lambda: kinks.find(node))

    def forward(x: np.ndarray, **_: Any) -> np.ndarray:
        return autodiff.evaluate(node, x, 0)[0]

    def d1(x: np.ndarray, **_: Any) -> np.ndarray:
        return autodiff.evaluate(node, x, 1)[1]

    def d2(x: np.ndarray, **_: Any) -> np.ndarray:
        return autodiff.evaluate(node, x, 2)[2]

    def fused(x: np.ndarray, **_: Any) -> tuple[np.ndarray, np.ndarray]:
        value, slope = autodiff.evaluate(node, x, 1)  # one pass gives both
        return value, slope

    # (f, f′) in one pass where the core has the field for it.
    extra = {"fused": fused} if "fused" in _FIELDS else {}

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
        kinks=lambda params: breaks()[0],
        jumps=lambda params: breaks()[1],
        **extra,
    )
