"""``actplot info`` for a gated unit f(a, b): its card as JSON data and as a rich panel.

The formula and both partial derivatives, the element-wise gate and which half of a
projection is its input (the spec's split convention), the diagonal f(x, x), the
parameters, the kink rule, the statistics of :mod:`actplot.compute.gated_stats` (under
independent a, b ~ N(0, 1)) with the one-input properties said not to apply, and the
reference, frameworks, pros, cons and use.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from actplot.compute.gated_stats import GatedProperties
from actplot.model import GatedActivation

Row = tuple[str, str, str]  # label, text, style


def card_data(act: GatedActivation, props: GatedProperties) -> dict[str, Any]:
    """The card as plain JSON data (the same keys as a one-input card where they mean the
    same, and the gated unit's own: gate, split, diagonal)."""
    from actplot import registry
    from actplot.compute.properties import to_json
    from actplot.model.gated import SPLITS
    from actplot.render.formula_text import formulas, where
    from actplot.render.text_math import to_unicode

    spec = act.spec
    formula, derivative = formulas(act)  # of the variant (geglu:approximate=tanh)
    return {
        "name": act.name,
        "label": act.label,
        "family": spec.family,
        "family_name": registry.FAMILIES[spec.family],
        "kind": act.kind,
        "aliases": list(spec.aliases),
        "formula": to_unicode(formula),
        "derivative": to_unicode(derivative),
        "where": to_unicode(where(act)),
        "text": spec.text,
        "formula_mathtext": formula,
        "derivative_mathtext": derivative,
        "gate": spec.gate,
        "split": act.split_convention,
        "split_text": SPLITS[act.split_convention],
        "diagonal": spec.diagonal or None,
        "diagonal_text": spec.diagonal_text,
        "params": [
            {
                "name": p.name,
                "value": act.params[p.name],
                "default": p.default,
                "accepts": p.accepts(),
                "doc": p.doc,
            }
            for p in spec.params
        ],
        "kinks": list(act.kinks),
        "kink_rule": spec.kink_rule,
        "frameworks": dict(spec.frameworks),
        "framework_notes": spec.framework_notes,
        "reference": spec.reference,
        "pros": list(spec.pros),
        "cons": list(spec.cons),
        "use": spec.use,
        "properties": to_json(props),
    }


def statistics(props: GatedProperties) -> list[tuple[str, str]]:
    """The computed properties as (label, text), then what the table says about them."""
    from actplot.compute.cost import describe
    from actplot.render.table_columns import COLUMNS, SMOOTHNESS_TEXT, cost_text, num, yes

    p = props
    zero = "yes (f odd in b: E f = 0)" if p.odd_in_value else yes(p.zero_centered)
    breaks = [f"{v} = {', '.join(num(x) for x in xs)}" for v, xs in
              (("a", p.breaks_a), ("b", p.breaks_b)) if xs]  # fmt: skip
    smooth = SMOOTHNESS_TEXT[p.smoothness] + (f" (breaks at {'; '.join(breaks)})" if breaks else "")
    lines = [
        ("range", str(p.range)),
        ("zero-centred", zero),
        ("smoothness", smooth),
        ("E f(a, b)", num(p.mean)),
        ("sd f(a, b)", num(p.std)),
        ("E‖∇f‖²", f"{num(p.grad_gain)} = E(∂f/∂a)² {num(p.grad_gain_a)} + "
                   f"E(∂f/∂b)² {num(p.grad_gain_b)}"),
        (f"max ‖∇f‖ on [−{p.box:g}, {p.box:g}]²", num(p.max_grad)),
        ("P[f(a, b) = 0]", num(p.sparsity)),
        ("self-normalising", yes(p.self_normalizing)),
    ]  # fmt: skip
    if p.cost is not None:
        c = p.cost
        lines += [
            ("cost of f", f"{cost_text(c.forward, c.forward_spread)}  relative to relu"),
            ("cost of f + ∇f", f"{cost_text(c.with_derivative, c.with_derivative_spread)}"
                               "  relative to relu"),
        ]  # fmt: skip
    lines.append(("", "statistics for independent a, b ~ N(0, 1)"))
    absent = [c.long for c in COLUMNS if not c.applies(p)]
    lines.append(("", f"not defined for two inputs: {', '.join(absent)}"))
    if p.cost is not None:
        lines.append(("", f"{describe(p.measured or 'never')}; per output element of f(a, b)"))
    return lines


def rich_card(card: dict[str, Any], props: GatedProperties, extra: Sequence[Row] = ()) -> Any:
    """The card as a rich Panel; `extra` rows go after the frameworks (other names, the
    models that use it)."""
    from actplot.render.card import CardGrid

    c = CardGrid()
    row, section = c.row, c.section
    row("f(a, b)", card["formula"], "bold")
    row("∂f", card["derivative"], "bold")
    if card["where"]:
        row("where", card["where"])
    row("plain", card["text"])
    section("two inputs")
    row("inputs", "a: the gate's input, b: the value it scales; act(a, b)")
    row("gate", f"{card['gate']}, element-wise, of a")
    row("split", f"{card['split']}: {card['split_text']}; act(*act.split(x))")
    row("diagonal", f"f(x, x) = {card['diagonal_text']}")
    if card["diagonal"]:
        row("", f"the self-gated function a = b is the registry's {card['diagonal']}", "dim")
    c.parameters(card["params"])
    section("properties")
    for label, value in statistics(props):
        row(label, value, "dim" if not label else "")
    section("conventions")
    kinks = ", ".join(f"{k:g}" for k in card["kinks"])
    row("kinks in a", kinks or "none")
    row("at kinks", card["kink_rule"])
    c.frameworks(card)
    for label, text, style in extra:
        row(label, text, style)
    c.use(card)
    return c.panel(card)
