"""`actplot table`: one row of computed properties per activation."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from actplot import parsing, registry
from actplot.cli import completion
from actplot.cli._shared import choices, console, plain_text, wrote
from actplot.render.table_formats import RENDERERS

SORTABLE = (
    "name, family, range, zero_centered, monotonic, continuity, identity, saturation, dead, "
    "mean, std, grad_gain, max_grad, cost, cost_with_derivative"
)


TableFormat: Any = choices("TableFormat", RENDERERS)


def table_command(
    names: Annotated[
        list[str] | None,
        typer.Argument(
            help="Activations (NAME, NAME:param=value or an expression in x such as "
            "'max(0.1*x, x)'); default: all.",
            show_default=False,
            autocompletion=completion.activation,
        ),
    ] = None,
    sort: Annotated[
        str | None, typer.Option("--sort", help=f"Sort by a column: {SORTABLE}.")
    ] = None,
    reverse: Annotated[bool, typer.Option("--reverse", help="Sort in descending order.")] = False,
    family: Annotated[
        str | None,
        typer.Option(
            help=f"Only this family: {', '.join(registry.FAMILIES)}.",
            autocompletion=completion.family,
        ),
    ] = None,
    format: Annotated[TableFormat, typer.Option("--format", "-f", help="Output format.")] = (
        TableFormat.rich
    ),
    remeasure: Annotated[
        bool,
        typer.Option("--remeasure", help="Recompute the properties and time the cost again."),
    ] = False,
    xlim: Annotated[
        tuple[float, float] | None,
        typer.Option(
            "--xlim",
            metavar="A B",
            help="Compute every column on [A, B] only (moments under N(0, 1) conditioned "
            "on it), e.g. for a formula with a pole outside it; default: the whole line.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the table to this file in the --format (rich as plain text, no "
            "colour) instead of printing it.",
            show_default=False,
        ),
    ] = None,
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
    from actplot.compute.curves import check_limits
    from actplot.compute.properties import sort_rows
    from actplot.io import atomic, cache
    from actplot.model import REAL, Interval

    if family is not None:
        registry.check_family(family)
    if sort is not None:
        sort_rows([], sort)  # a bad column fails before any work
    if output is not None:
        atomic.check(output)
    domain = REAL if xlim is None else Interval.closed(*check_limits(xlim, "x"))
    # The whole registry from a warm cache needs no activation code at all.
    rows = None if names or remeasure or xlim else cache.registry_rows(family)
    if rows is None:
        if names:
            acts = [parsing.parse(n) for n in names]
            if family is not None:
                acts = [a for a in acts if a.spec.family == family]
        else:
            acts = [registry.get(n) for n in registry.names(family)]
        acts = list({a.label: a for a in acts}.values())  # an alias never repeats its entry
        rows = cache.rows(acts, remeasure=remeasure, domain=domain)
    if sort is not None:
        rows = sort_rows(rows, sort, reverse)
    rendered = RENDERERS[format.value](rows)
    if output is not None:
        # the bytes stdout would get: text formats as echoed, rich as a pipe receives it
        text = rendered + "\n" if isinstance(rendered, str) else plain_text(rendered)
        atomic.write_text(output, text)
        wrote(output)
    elif isinstance(rendered, str):
        typer.echo(rendered)
    else:
        console().print(rendered)
