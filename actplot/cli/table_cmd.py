"""`actplot table`: one row of computed properties per activation."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from actplot import registry
from actplot.cli import completion
from actplot.cli._shared import PIPE_WIDTH, choices, console, plain_text, report, wrote
from actplot.compute.properties import SORT_KEYS
from actplot.render.table_formats import FORMATS
from actplot.render.table_latex import LAYOUTS

KEYS = ", ".join(SORT_KEYS)

TableFormat: Any = choices("TableFormat", FORMATS)
LatexLayout: Any = choices("LatexLayout", LAYOUTS)


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
    columns: Annotated[
        str | None,
        typer.Option(
            "--columns",
            "-c",
            help=f"The columns to show, comma-separated, or 'all': {KEYS}. Default: those "
            "that fit (rich), a set that fits a one-column article (latex), all (csv, tsv, "
            "json).",
            show_default=False,
        ),
    ] = None,
    sort: Annotated[
        str | None, typer.Option("--sort", help="Sort by a column (the same keys).")
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
    latex_layout: Annotated[
        LatexLayout,
        typer.Option(
            "--latex-layout",
            help="LaTeX float: column (table), wide (table*, spanning two columns) or "
            "landscape (sidewaystable, package rotating), for more columns.",
        ),
    ] = LatexLayout.column,
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

    Columns (the JSON keys): range and image (the values f takes); zero_centered; parity;
    monotonic and monotonic_derivative; continuity (C⁰, C¹, C², C^∞); identity_near_origin
    (f(0) = 0, f′(0) = 1); saturation (|f′| < 0.05 from there to ±∞) and dead (f′ = 0);
    asymptotes at ±∞; minimum and maximum where attained; mean, std, grad_gain (E f′²),
    sparsity (P[f = 0]) and self_normalizing under z ~ N(0, 1); max_grad and lipschitz;
    cost and cost_with_derivative measured on this machine, relu = 1 (median ± half the
    interquartile range). The key under the table says what each shown column means.

    Results are cached in $ACTPLOT_CACHE_DIR (else $XDG_CACHE_HOME/actplot or
    ~/.cache/actplot), keyed by the registry's source and this machine.
    """
    from actplot.io import atomic
    from actplot.render.table_api import rows as table_rows
    from actplot.render.table_columns import select
    from actplot.render.table_formats import render

    if columns is not None:
        select(columns)  # an unknown key fails before any work
    if output is not None:
        atomic.check(output)
    rows = table_rows(
        names,
        family=family,
        sort=sort,
        reverse=reverse,
        xlim=xlim,
        remeasure=remeasure,
        note=lambda text: report(f"note: {text}"),
    )
    width = PIPE_WIDTH if output is not None else console().width
    rendered = render(format.value, rows, columns, width=width, layout=latex_layout.value)
    if output is not None:
        # the bytes stdout would get: text formats as echoed, rich as a pipe receives it
        text = rendered + "\n" if isinstance(rendered, str) else plain_text(rendered)
        atomic.write_text(output, text)
        wrote(output)
    elif isinstance(rendered, str):
        typer.echo(rendered)
    else:
        console().print(rendered)
