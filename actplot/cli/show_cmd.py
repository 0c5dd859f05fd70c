"""`actplot show`: draw activations and their derivatives to a file, the terminal or a window.

Parses and forwards only: the options are built (and so validated) once as a
:class:`~actplot.render.options.PlotOptions`, whose defaults are the options' defaults here,
and the file, the terminal and the window all take (groups, options). The drawing lives in
actplot.render (imported inside the command, so that ``actplot --help`` never imports
matplotlib).
"""

from __future__ import annotations

import os
import re
import shlex
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from actplot.cli import completion
from actplot.cli._shared import BudgetMB, BudgetSeconds, Theme, out_of_memory
from actplot.compute.curves import MAX_POINTS, MIN_POINTS
from actplot.render.options import PlotOptions
from actplot.render.output import DEFAULT_DPI, FORMATS

if TYPE_CHECKING:
    from collections.abc import Sequence

    from actplot.model import Activation

DEFAULTS = PlotOptions()  # the library's defaults are the command line's
_FORMATS = ", ".join(sorted({f.upper() for f in FORMATS.values()}))
DEFAULT_THEME = Theme(DEFAULTS.theme)

# Options that decide where the plot goes, not what it shows: left out of the save hint.
_NOT_IN_HINT = {"output", "terminal", "width", "list_styles", "budget_mb", "budget_seconds"}


def show_command(
    ctx: typer.Context,
    names: Annotated[
        list[str] | None,
        typer.Argument(
            help="Activations: NAME or NAME:param=value[,param=value], e.g. leaky_relu:"
            "negative_slope=0.2, or an expression in x, e.g. 'x*sigmoid(1.702*x)'. A name "
            "may repeat with other parameters. A last label=TEXT sets the legend text: "
            "'gelu:approximate=tanh,label=GELU (tanh)'.",
            show_default=False,
            autocompletion=completion.activation,
        ),
    ] = None,
    sweep: Annotated[
        list[str] | None,
        typer.Option(
            help="A family over one parameter: NAME:param=v1,v2,... (repeatable).",
            show_default=False,
            autocompletion=completion.activation,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help=f"Write an image file, its format by the extension: {_FORMATS}; or .html, "
            "an interactive page (one file, works offline).",
            show_default=False,
        ),
    ] = None,
    derivative: Annotated[
        bool, typer.Option("--derivative/--no-derivative", help="Draw f′ in a panel below.")
    ] = DEFAULTS.derivative,
    second: Annotated[
        bool, typer.Option("--second", help="Draw f″ in a third panel.")
    ] = DEFAULTS.second,
    saturation: Annotated[
        bool,
        typer.Option(
            "--saturation/--no-saturation",
            help="Shade the saturated tails, where |f′| < threshold from there on (tinted), "
            "and where f′ = 0 (dead, hatched).",
        ),
    ] = DEFAULTS.saturation,
    threshold: Annotated[
        float, typer.Option(help="The saturation threshold on |f′| (> 0).")
    ] = DEFAULTS.threshold,
    points: Annotated[
        int, typer.Option(help=f"Sample points on the x range ({MIN_POINTS} to {MAX_POINTS}).")
    ] = DEFAULTS.points,
    xlim: Annotated[
        tuple[float, float] | None,
        typer.Option(
            metavar="A B",
            help="The x range (default: -6 6, widened to show every kink, jump, pole and "
            "extremum of the functions, e.g. relu6's cap at 6).",
            show_default=False,
        ),
    ] = None,
    ylim: Annotated[
        tuple[float, float] | None,
        typer.Option(
            metavar="A B",
            help="The y range of the f panel (default: fit the curves).",
            show_default=False,
        ),
    ] = None,
    formulas: Annotated[
        bool,
        typer.Option(
            "--formulas/--no-formulas",
            help="Mathtext formulas in the legend (off by default: typesetting them is slow).",
        ),
    ] = DEFAULTS.formulas,
    title: Annotated[str | None, typer.Option(help="A title above the plot.")] = None,
    theme: Annotated[Theme, typer.Option(help="Colours for a light or dark page.")] = DEFAULT_THEME,
    style: Annotated[
        str | None,
        typer.Option(
            help="Matplotlib styles over the theme, comma-separated: names (see "
            "--list-styles; with SciencePlots installed science,ieee,no-latex), .mplstyle "
            "paths or package.style.",
            show_default=False,
        ),
    ] = None,
    transparent: Annotated[
        bool, typer.Option("--transparent", help="No background colour behind the panels.")
    ] = DEFAULTS.transparent,
    asymptotes: Annotated[
        bool,
        typer.Option("--asymptotes", help="Dashed guides at the limits of f at ±∞ and at poles."),
    ] = DEFAULTS.asymptotes,
    list_styles: Annotated[
        bool, typer.Option("--list-styles", help="List the matplotlib styles and exit.")
    ] = False,
    dpi: Annotated[
        float, typer.Option(help="Resolution of a raster file (PNG, JPEG, TIFF, WebP).")
    ] = DEFAULT_DPI,
    size: Annotated[
        tuple[float, float] | None,
        typer.Option(
            metavar="W H",
            help="Figure size in inches (default: 8 wide, or the style's size).",
            show_default=False,
        ),
    ] = None,
    terminal: Annotated[
        bool, typer.Option("--terminal", help="Draw in the terminal, even with a display.")
    ] = False,
    width: Annotated[
        int | None,
        typer.Option(
            help="Terminal plot width in columns, 30 to 1000 (default: the terminal's, at "
            "most 1000).",
            show_default=False,
        ),
    ] = None,
    budget_mb: BudgetMB = None,
    budget_seconds: BudgetSeconds = None,
) -> None:
    """Plot activations with their derivatives; shade saturated and dead regions.

    Writes a file with -o; else opens a window, or draws in the terminal if there is no display.
    Every option is checked, and the memory and time the drawing needs estimated, before
    anything is drawn or written: curves × points and the image's pixels (at most the
    memory budget ÷ 8 bytes, 268 megapixels by default) must fit the budget.
    """
    from actplot.compute.budget import Budget
    from actplot.render import figure, labels
    from actplot.render import output as out
    from actplot.render import terminal as term

    if list_styles:
        from actplot.render.style import available_styles

        typer.echo("\n".join(available_styles()))
        return
    fmt = None
    if output is not None:  # refuse a bad path before any drawing work
        _, fmt = out.check_path(output, pages=True)
        dpi = out.check_dpi(dpi)
    width = term.check_width(width)  # before a file is written, as the options below
    budget = Budget.resolve(budget_mb, budget_seconds)
    opts = PlotOptions(  # validated here, once: the drawers trust it
        derivative=derivative,
        second=second,
        saturation=saturation,
        threshold=threshold,
        xlim=xlim,
        ylim=ylim,
        points=points,
        formulas=formulas,
        title=title,
        theme=theme.value,
        style=style,
        size=size,
        transparent=transparent,
        asymptotes=asymptotes,
    )
    groups = figure.resolve(names or [], sweep or [])
    if figure.gated_plot.is_gated(groups):  # the terminal shows a gated unit's slices
        from actplot.render import gated_terminal as term
    labels.check_labels(groups)
    if fmt is not None:
        figure.check_budget(groups, opts, budget, fmt, dpi)
    if terminal or output is None:  # the terminal or a window samples the same curves
        figure.check_budget(groups, opts, budget)

    if output is not None and fmt is not None:
        from actplot.cli._shared import wrote

        with out_of_memory(f"drawing {output}"):
            if fmt == "html":  # the page follows the reader's light/dark unless --theme
                from actplot.render import web_page

                given = ctx.get_parameter_source("theme")
                system = getattr(given, "name", "DEFAULT") in ("DEFAULT", "DEFAULT_MAP")
                web_page.write_page(output, groups, opts, follow_system=system)
            else:
                fig = figure.new_figure(groups, opts)
                figure.check_pixels(fig, fmt, dpi, budget)  # its final size, before encoding
                out.save(fig, output, dpi)
        wrote(output)
    if output is None and not terminal and has_display():
        from actplot.render.interactive import NoWindow, open_window

        try:
            open_window(groups, opts)
            return
        except NoWindow as why:  # a display that cannot be reached, or no GUI toolkit
            from actplot.cli._shared import report

            report(f"actplot: {why}; drawing in the terminal instead")
    if terminal or output is None:
        typer.echo(term.render_terminal(groups, opts, width=width, color=use_colour()))
        if output is None:
            typer.echo(save_hint(groups, ctx))


def use_colour() -> bool:
    """Colour on a terminal, unless NO_COLOR is set (any value) or TERM is dumb."""
    return (
        sys.stdout.isatty()
        and "NO_COLOR" not in os.environ
        and os.environ.get("TERM", "") != "dumb"
    )


def has_display() -> bool:
    """Whether a window can open: always on macOS and Windows, with X11/Wayland on Linux."""
    if sys.platform in ("darwin", "win32"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def save_hint(groups: Sequence[Sequence[Activation]], ctx: typer.Context | None = None) -> str:
    """``save it: actplot show ... -o NAME.png``, repeating the names and the options typed
    on the command line (read from `ctx`), so the file shows what the terminal showed."""
    words: list[str] = []
    if ctx is not None:
        words += ctx.params.get("names") or []
        for param in ctx.command.params:
            name = param.name or ""
            typed = getattr(ctx.get_parameter_source(name), "name", "") == "COMMANDLINE"
            if typed and param.param_type_name == "option" and name not in _NOT_IN_HINT:
                words += _option_args(param, ctx.params[name])
    # An expression's name is its text: keep the file name to safe characters ("x/2" would
    # name a folder).
    names = (re.sub(r"[^\w.+-]+", "_", a.name).strip("_.+-") for g in groups for a in g)
    stem = "_".join(dict.fromkeys(n for n in names if n))[:60] or "plot"
    return "save it: " + shlex.join(["actplot", "show", *words, "-o", f"{stem}.png"])


def _option_args(param: Any, value: Any) -> list[str]:
    """The command-line words that give the click Option `param` the value `value`."""
    if param.is_flag:
        if value:
            return [param.opts[-1]]
        return [param.secondary_opts[-1]] if param.secondary_opts else []
    if isinstance(value, Enum):
        value = value.value
    values = value if param.multiple else [value]
    out: list[str] = []
    for v in values:
        parts = v if isinstance(v, tuple) else (v,)
        out += [param.opts[-1], *(f"{p:g}" if isinstance(p, float) else str(p) for p in parts)]
    return out
