"""The formula of the variant drawn, with every symbol accounted for.

A spec's ``formula`` is the mathtext of its default variant. A choice parameter may change
the formula (``gelu:approximate=tanh`` is the tanh form): ``spec.variants`` maps
``(parameter, choice)`` to that variant's (formula, derivative formula). A numeric
parameter appears in the formulas under a symbol: ``spec.symbols[name]`` (s for
leaky_relu's negative_slope, θ for threshold's threshold), else its Greek letter when it is
named after one (alpha → α, beta → β), else its name when that is one letter (squareplus'
b) or the spec is an expression. :func:`where` gives each symbol that occurs with its value,
then ``spec.where``, which defines the symbols that are not parameters (selu's λ and α,
gelu's Φ). So a legend or card shows no symbol that is neither a parameter with its value
nor defined.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from actplot.render.text_math import GREEK

if TYPE_CHECKING:
    from actplot.model import Activation


def formulas(act: Activation) -> tuple[str, str]:
    """(f, f′) as mathtext for `act`'s parameter values: a variant's own, else the spec's."""
    spec = act.spec
    for (name, choice), pair in spec.variants.items():
        if act.params.get(name) == choice:
            return pair
    return spec.formula, spec.derivative_formula


def where(act: Activation) -> str:
    """Mathtext naming the value of each parameter symbol in `act`'s formulas and defining
    the other symbols, e.g. ``$\\beta = 2$`` for silu:beta=2; "" if there is nothing to say."""
    f, df = formulas(act)
    parts = []
    for p in act.spec.params:
        symbol = _symbol(act, p.name)
        if symbol and p.numeric and _mentions(f + df, symbol):
            parts.append(f"${symbol} = {_number(act.params[p.name])}$")
    kept = "; ".join(d for d in act.spec.where.split("; ") if d and _used(d, f + df))
    return ", ".join([*parts, *([kept] if kept else [])])


def _used(definition: str, mathtext: str) -> bool:
    """Whether a part of `spec.where` ("$\\Phi$, $\\phi$: the normal CDF ...") is about a
    symbol the formulas shown use: gelu's tanh form has no Φ. A definition without
    $-symbols ("a: the gate's input") and a statement of values are always kept."""
    import re

    if ":" not in definition:  # a statement of values (selu's λ ≈ 1.0507, α ≈ 1.6733)
        return True
    symbols = re.findall(r"\$([^$]+)\$", definition.split(":", 1)[0])
    return not symbols or any(_mentions(mathtext, sym.strip()) for sym in symbols)


def _symbol(act: Activation, name: str) -> str:
    """How the formulas write parameter `name` (see the module docstring); "" if not at all."""
    if name in act.spec.symbols:
        return act.spec.symbols[name]
    if name in GREEK:
        return "\\" + name
    if len(name) == 1 or act.spec.labeler is not None:
        return name  # squareplus' b, maxout's k; an expression's parameters by their names
    return ""


def _mentions(mathtext: str, symbol: str) -> bool:
    """Whether `symbol` (``\\beta``, ``s``, ``b``) occurs as a symbol in `mathtext`: a
    command not followed by a letter, or a letter that is not part of a word or command."""
    import re

    if symbol.startswith("\\"):
        return re.search(re.escape(symbol) + r"(?![A-Za-z])", mathtext) is not None
    pattern = rf"(?<![A-Za-z\\]){re.escape(symbol)}(?![A-Za-z])"
    return re.search(pattern, _outside_words(mathtext)) is not None


def _outside_words(mathtext: str) -> str:
    """`mathtext` with ``\\mathrm{...}``-style words blanked (ReLU6 is not a symbol)."""
    import re

    return re.sub(r"\\(?:mathrm|text|operatorname|mathbb)\{[^}]*\}", " ", mathtext)


def _number(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
