"""`actplot show`: draw activations and their derivatives to a file, the terminal or a window.

Parses and forwards only: the drawing lives in actplot.render (imported inside the command,
so that ``actplot --help`` never imports matplotlib).
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

from actplot.compute.curves import DEFAULT_POINTS, MAX_POINTS, MIN_POINTS

if TYPE_CHECKING:
    from collections.abc import Sequence

    from actplot.model import Activation


class Theme(str, Enum):
    light = "light"
    dark = "dark"


# Options that decide where the plot goes, not what it shows: left out of the save hint.
_NOT_IN_HINT = {"output", "terminal", "width", "list_styles"}


def show_command(
    ctx: typer.Context,
    names: Annotated[
        list[str] | None,
        typer.Argument(
            help="Activations: NAME or NAME:param=value[,param=value], e.g. leaky_relu:"
            "negative_slope=0.2, or an expression in x, e.g. 'x*sigmoid(1.702*x)'. A name "
            "may repeat with other parameters.",
            show_default=False,
        ),
    ] = None,
    sweep: Annotated[
        list[str] | None,
        typer.Option(
            help="A family over one parameter: NAME:param=v1,v2,... (repeatable).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write a PNG, SVG or PDF file (by its extension).",
            show_default=False,
        ),
    ] = None,
    derivative: Annotated[
        bool, typer.Option("--derivative/--no-derivative", help="Draw f′ in a panel below.")
    ] = True,
    second: Annotated[bool, typer.Option("--second", help="Draw f″ in a third panel.")] = False,
    saturation: Annotated[
        bool,
        typer.Option(
            "--saturation/--no-saturation",
            help="Shade where |f′| < threshold (tinted) and f′ = 0 (dead, hatched).",
        ),
    ] = True,
    threshold: Annotated[
        float, typer.Option(help="The saturation threshold on |f′| (> 0).")
    ] = 0.05,
    points: Annotated[
        int, typer.Option(help=f"Sample points on the x range ({MIN_POINTS} to {MAX_POINTS}).")
    ] = DEFAULT_POINTS,
    xlim: Annotated[tuple[float, float], typer.Option(metavar="A B", help="The x range.")] = (
        -6.0,
        6.0,
    ),
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
    ] = False,
    title: Annotated[str | None, typer.Option(help="A title above the plot.")] = None,
    theme: Annotated[Theme, typer.Option(help="Colours for a light or dark page.")] = (Theme.light),
    style: Annotated[
        str | None,
        typer.Option(
            help="A matplotlib style over the theme (see --list-styles).", show_default=False
        ),
    ] = None,
    list_styles: Annotated[
        bool, typer.Option("--list-styles", help="List the matplotlib styles and exit.")
    ] = False,
    dpi: Annotated[float, typer.Option(help="Resolution of a PNG file.")] = 150,
    size: Annotated[
        tuple[float, float] | None,
        typer.Option(
            metavar="W H", help="Figure size in inches (default: 8 wide).", show_default=False
        ),
    ] = None,
    terminal: Annotated[
        bool, typer.Option("--terminal", help="Draw in the terminal, even with a display.")
    ] = False,
    width: Annotated[
        int | None,
        typer.Option(
            help="Terminal plot width in columns (default: the terminal's).", show_default=False
        ),
    ] = None,
) -> None:
    """Plot activations with their derivatives; shade saturated and dead regions.

    Writes a file with -o; else opens a window, or draws in the terminal if there is no display.
    """
    from actplot.render import figure

    if list_styles:
        from actplot.render.style import available_styles

        typer.echo("\n".join(available_styles()))
        return
    if output is not None:  # refuse a bad path before any drawing work
        from actplot.render import output as out

        out.check_path(output)
        out.check_dpi(dpi)
    opts = figure.PlotOptions(
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
    ).checked()
    groups = figure.resolve(names or [], sweep or [])
    if opts.style is not None:
        from actplot.render.style import check_style

        check_style(opts.style)

    if output is not None:
        from actplot.render import output as out

        out.save(figure.plot(groups, **_fields(opts)), output, dpi)
        typer.echo(f"wrote {output}")
    if terminal or (output is None and not has_display()):
        from actplot.render.terminal import render_terminal

        text = render_terminal(
            [a for g in groups for a in g],
            derivative=opts.derivative,
            second=opts.second,
            xlim=opts.xlim,
            ylim=opts.ylim,
            points=opts.points,
            width=width,
            color=sys.stdout.isatty() and "NO_COLOR" not in os.environ,
        )
        typer.echo(text)
        if output is None:
            typer.echo(save_hint(groups, ctx))
    elif output is None:
        from actplot.render.interactive import open_window

        sizes = [len(g) for g in groups]  # sweeps get sequential colours
        open_window([a for g in groups for a in g], groups=sizes, **_fields(opts))


def _fields(opts: Any) -> dict[str, Any]:
    """The PlotOptions as keywords, for plot() and open_window()."""
    import dataclasses

    return {f.name: getattr(opts, f.name) for f in dataclasses.fields(opts)}


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
