"""`actplot info NAME[:params]`: everything about one activation on one card."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Annotated, Any

import typer

from actplot.cli import completion
from actplot.cli._shared import FormatOption, RichOrJson, console

if TYPE_CHECKING:
    from actplot.compute.properties import Properties
    from actplot.model import Activation


def info_command(
    name: Annotated[
        str,
        typer.Argument(
            help="NAME or NAME:param=value[,param=value] (e.g. elu:alpha=0.5), or an "
            "expression in x (e.g. 'x*tanh(softplus(x))').",
            autocompletion=completion.activation,
        ),
    ],
    format: FormatOption = RichOrJson.rich,
) -> None:
    """Show one activation's card: formula and derivative, parameters, computed properties,
    kink convention, framework names and notes, references, pros, cons and use."""
    from actplot import parsing
    from actplot.io.cache import rows

    act = parsing.parse(name)
    props = rows([act])[0]
    if act.kind == "gated":  # a gated (two-input) unit: its own card, render/gated_card.py
        from actplot.render import gated_card

        gated = {**gated_card.card_data(act, props), **names_data(act.name)}
        if format is RichOrJson.json:
            typer.echo(json.dumps(gated, indent=2, ensure_ascii=False))
        else:
            console().print(gated_card.rich_card(gated, props, _names_rows(gated)))
        return
    card = card_data(act, props)
    if format is RichOrJson.json:
        typer.echo(json.dumps(card, indent=2, ensure_ascii=False))
    else:
        console().print(_rich_card(card, props))


def card_data(act: Activation, props: Properties) -> dict[str, Any]:
    """The card as plain JSON data."""
    from actplot import registry
    from actplot.compute.properties import to_json
    from actplot.render.formula_text import formulas, where
    from actplot.render.text_math import to_unicode

    spec = act.spec
    formula, derivative = formulas(act)  # of the variant drawn (gelu:approximate=tanh)
    return {
        "name": act.name,
        "label": act.label,
        "family": spec.family,
        "family_name": registry.FAMILIES[spec.family],
        "aliases": list(spec.aliases),
        "vector": spec.vector,
        "formula": to_unicode(formula),
        "derivative": to_unicode(derivative),
        "where": to_unicode(where(act)),
        "text": spec.text,
        "formula_mathtext": formula,
        "derivative_mathtext": derivative,
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
        "jumps": list(act.jumps),
        "kink_rule": spec.kink_rule,
        "frameworks": dict(spec.frameworks),
        "framework_notes": spec.framework_notes,
        "reference": spec.reference,
        "pros": list(spec.pros),
        "cons": list(spec.cons),
        "use": spec.use,
        "properties": to_json(props),
        **names_data(spec.name),
    }


def names_data(name: str) -> dict[str, Any]:
    """The frameworks' spellings about the activation (what each gives here, and where one
    means something else there) and the well-known models that use it, with sources."""
    from actplot import registry

    return {"framework_names": registry.framework_names(name), "used_by": registry.used_by(name)}


def _names_rows(card: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The card's rows (label, text, style) for the framework spellings and the models."""
    rows: list[tuple[str, str, str]] = []
    same = [e for e in card["framework_names"] if not e["differs"]]
    if same:
        text = " · ".join(f"{e['name']} ({', '.join(e['frameworks'])})" for e in same)
        rows.append(("also typed as", text, ""))
    for e in card["framework_names"]:
        if e["differs"]:
            there = f"{e['name']} in {', '.join(e['frameworks'])} is {e['means']}"
            rows.append(("elsewhere", f"{there} (here {e['here']}): {e['note']}", "yellow"))
    for u in card["used_by"]:
        rows.append((f"used by {u['model']}", f"{u['text']} — {u['source']}", ""))
    return rows


def _property_lines(props: Properties) -> list[tuple[str, str]]:
    """Every table column but the name, as (long name, text), then what needs saying."""
    from actplot.render.table_columns import COLUMNS, key_lines

    by_key = {c.key: c for c in COLUMNS}
    shown = [c for c in COLUMNS if c.key not in ("name", "family")]
    lines = [(c.long, c.text(props) or "not measured") for c in shown]
    if props.cost:
        for i, (label, text) in enumerate(lines):
            if label.startswith("cost"):
                lines[i] = (label, f"{text}  relative to relu")
    lines += [("", line) for line in key_lines([by_key["saturation"], by_key["cost"]], [props])]
    return lines


def _rich_card(card: dict[str, Any], props: Properties) -> Any:
    from actplot.render.card import CardGrid

    c = CardGrid()
    row, section = c.row, c.section
    row("f(x)", card["formula"], "bold")
    row("f′(x)", card["derivative"], "bold")
    if card["where"]:
        row("where", card["where"])
    row("plain", card["text"])
    if card["vector"]:
        row("", "vector activation: the 1-D curve is one logit x, the others at 0")
    c.parameters(card["params"])
    section("properties")
    for label, value in _property_lines(props):
        row(label, value, "dim" if not label else "")
    section("conventions")
    row("at kinks", card["kink_rule"])
    c.frameworks(card)
    for label, text, style in _names_rows(card):
        row(label, text, style)
    c.use(card)
    return c.panel(card)
