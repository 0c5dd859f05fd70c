"""`actplot table`: one row of computed properties per activation."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from actplot import parsing, registry

SORTABLE = (
    "name, family, range, zero_centered, monotonic, continuity, identity, saturation, dead, "
    "mean, std, grad_gain, max_grad, cost, cost_with_derivative"
)


class TableFormat(str, Enum):
    rich = "rich"
    markdown = "markdown"
    csv = "csv"
    json = "json"
    latex = "latex"


def table_command(
    names: Annotated[
        list[str] | None,
        typer.Argument(
            help="Activations (NAME, NAME:param=value or an expression in x such as "
            "'max(0.1*x, x)'); default: all.",
            show_default=False,
        ),
    ] = None,
    sort: Annotated[
        str | None, typer.Option("--sort", help=f"Sort by a column: {SORTABLE}.")
    ] = None,
    reverse: Annotated[bool, typer.Option("--reverse", help="Sort in descending order.")] = False,
    family: Annotated[
        str | None, typer.Option(help=f"Only this family: {', '.join(registry.FAMILIES)}.")
    ] = None,
    format: Annotated[TableFormat, typer.Option("--format", "-f", help="Output format.")] = (
        TableFormat.rich
    ),
    remeasure: Annotated[
        bool,
        typer.Option("--remeasure", help="Recompute the properties and time the cost again."),
    ] = False,
) -> None:
    """Tabulate what the functions themselves show (sampling and quadrature, not metadata).

    Columns: range (open or closed ends); zero-centred (f odd, or |E f(z)| <= 0.1 sd f(z)
    for z ~ N(0, 1)); monotonic; smoothness (discontinuous, C⁰, C¹, C², C^∞); ≈x at 0
    (f(0) = 0 and f′(0) = 1); saturates (where |f′| < 0.05 from there on); dead (f′ = 0
    exactly); E f, sd f and E f′² (the per-layer gradient gain) under z ~ N(0, 1); max |f′|;
    cost of f and of f + f′ measured on this machine, relu = 1.

    Results are cached in $ACTPLOT_CACHE_DIR (else $XDG_CACHE_HOME/actplot or
    ~/.cache/actplot), keyed by the registry's source and this machine.
    """
    from actplot.compute.properties import sort_rows
    from actplot.io import cache
    from actplot.render.table_formats import RENDERERS

    if family is not None:
        registry.check_family(family)
    if sort is not None:
        sort_rows([], sort)  # a bad column fails before any work
    # The whole registry from a warm cache needs no activation code at all.
    rows = None if names or remeasure else cache.registry_rows(family)
    if rows is None:
        if names:
            acts = [parsing.parse(n) for n in names]
            if family is not None:
                acts = [a for a in acts if a.spec.family == family]
        else:
            acts = [registry.get(n) for n in registry.names(family)]
        acts = list({a.label: a for a in acts}.values())  # an alias never repeats its entry
        rows = cache.rows(acts, remeasure=remeasure)
    if sort is not None:
        rows = sort_rows(rows, sort, reverse)
    out = RENDERERS[format.value](rows)
    if format is TableFormat.rich:
        from rich.console import Console

        console = Console()
        if not console.is_terminal:  # a file or a pipe: no wrapping at 80 columns
            console = Console(width=250)
        console.print(out)
    else:
        typer.echo(out)
