"""Activations from formulas: ``actplot.from_expression("x*tanh(softplus(x))")``.

User text is parsed with ``ast.parse`` into a whitelisted tree (:mod:`.parser`, never
compiled or run), differentiated exactly in forward mode (:mod:`.autodiff`), and wrapped in
an :class:`~actplot.model.ActivationSpec` (:mod:`.spec`) with kinks found numerically
(:mod:`.kinks`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from actplot.errors import ExpressionError

if TYPE_CHECKING:
    from actplot.model import Activation

__all__ = ["ExpressionError", "from_expression"]


def from_expression(
    text: str, name: str | None = None, family: str = "other", **params: float
) -> Activation:
    """An activation from an expression in x, such as ``"x*tanh(softplus(x))"``.

    The grammar: numbers, x, pi, e, + − * / ** (or ^), unary minus, parentheses; exp, log,
    log1p, expm1, sqrt, abs, sin, cos, tan, tanh, sinh, cosh, erf, erfc, max, min,
    where(c, a, b) and ``a if c else b`` with comparisons (< <= > >= == !=, and, or, not);
    and every registry activation by name or alias with keyword parameters, as in
    ``leaky_relu(x, negative_slope=0.2)``. Derivatives are exact (automatic
    differentiation), with limits where float64 would give inf·0. `name` (snake_case) and
    `family` label it, e.g. for a plugin; the name defaults to the expression's canonical
    text. Other keywords declare the formula's own parameters with their defaults:
    ``from_expression("x*sigmoid(b*x)", b=1.0)`` has ``.params == {"b": 1.0}``.
    """
    from actplot.expressions.spec import from_expression as build

    return build(text, name, family, **params)
