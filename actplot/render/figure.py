"""The figure: functions on top, their derivatives below on a shared x axis, regions marked.

:func:`plot` is ``actplot show -o``'s figure from Python: the same options with the same
defaults, built by :func:`new_figure` as a whole :class:`matplotlib.figure.Figure` (never
through pyplot, so nothing global changes) at the dpi ``show`` saves with, on a canvas that
saves PDF/PS/EPS with TrueType (Type 42) fonts and SVG with its text as text. It can also
draw into the user's own Axes (``ax=``, ``axes=``), leaving the rest of their figure alone.

Readable at any count: a curve that nearly coincides with an earlier one is drawn dashed
over it; from :data:`STRIPS_FROM` shaded functions on, the saturated and dead regions are
thin strips under the panels, one per function in its colour, instead of stacked tints; a
region covering the whole range (binary_step′ = 0) is said in the legend, not painted over
the panel; poles are gaps, kept out of the y range and named in the legend. The regions
come from :mod:`actplot.compute.regions`, as in the table; the Axes-level pieces live in
:mod:`actplot.render.panels`.
"""

from __future__ import annotations

import contextlib
import functools
import io
import math
import os
import re
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from actplot import parsing
from actplot.compute import budget as bd
from actplot.compute import curves as cv
from actplot.compute import regions as rg
from actplot.errors import ParameterError
from actplot.model import Activation, Bound
from actplot.render import gated_plot
from actplot.render import style as st
from actplot.render.labels import check_labels, flat_labels, labels, pole_note
from actplot.render.options import PlotOptions
from actplot.render.panels import (
    DEAD_HATCHES,
    GUIDE_STYLE,
    SATURATED_ALPHA,
    asymptote_lines,
    curve_data,
    draw_curves,
    draw_strips,
    jump_points,
    mark_jumps,
    overlay_dashes,
    robust_ylim,
    shade_saturation,
    singular_points,
    threshold_lines,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "PlotOptions",
    "curve_data",
    "draw",
    "draw_curves",
    "jump_points",
    "labels",
    "mark_jumps",
    "new_figure",
    "plot",
    "resolve",
    "robust_ylim",
    "shade_saturation",
    "threshold_lines",
]

Item = str | Activation
AXIS_LABELS = {0: "f(x)", 1: "f′(x)", 2: "f″(x)"}
STRIPS_FROM = 3  # shaded functions from which regions become strips under the panels
STRIP_ROW = 0.12  # inches per strip row (at 10-point text)
MIN_STRIP_ROW = 0.06
STRIP_SHARE = 0.15  # of the figure's height, at most, when rows can shrink
STYLE_HEIGHT = {1: 1.0, 2: 1.35, 3: 1.7}  # a style's figure height, scaled by panel count
COMPACT_WIDTH = 5.0  # inches; narrower figures (a paper column is 3.3–3.5) get COMPACT_RC
COMPACT_RC: dict[str, Any] = {
    "font.size": 8.0,
    "legend.fontsize": 7.0,
    "lines.linewidth": 1.2,
    "axes.linewidth": 0.6,
    "grid.linewidth": 0.4,
    "xtick.major.size": 2.5,
    "ytick.major.size": 2.5,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
}
# What a saved file embeds: TrueType (Type 42) fonts in PDF and PostScript, which paper
# submission systems accept (Type 3 they reject); SVG text as text; fixed SVG ids.
SAVE_RC: dict[str, Any] = {
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "svg.fonttype": "none",
    "svg.hashsalt": "actplot",
}


def resolve(
    activations: Item | Sequence[Item | Sequence[Item]], sweep: Sequence[str] = ()
) -> list[list[Activation]]:
    """Groups of activations: one per name/``name:p=v``/Activation, one per sweep.

    An inner sequence is a family drawn as a sweep, as is each ``NAME:param=v1,v2`` in
    `sweep`.
    """
    if isinstance(activations, (str, Bound)):
        activations = [activations]
    groups: list[list[Activation]] = []
    for item in activations:
        if isinstance(item, (str, Bound)):
            groups.append([_one(item)])
        else:
            groups.append([_one(i) for i in item])
    groups.extend(parsing.parse_sweep(s) for s in sweep)
    gated_plot.check_kinds(groups)  # gated units and one-input functions: drawn apart
    groups = [g for g in groups if g]
    if not groups:
        raise ParameterError("nothing to plot: give at least one activation")
    return groups


def _one(item: Item) -> Activation:
    if isinstance(item, Bound):
        return item
    if isinstance(item, str):
        return parsing.parse(item)
    raise ParameterError(f"expected an activation name or Activation, not {item!r}")


def relabel(
    groups: list[list[Activation]], texts: Sequence[str | None] | None
) -> list[list[Activation]]:
    """`groups` with the legend labels `texts`, one per curve in order (None: keep)."""
    if texts is None:
        return groups
    if isinstance(texts, str):
        texts = [texts]
    count = sum(len(g) for g in groups)
    if len(texts) != count:
        raise ParameterError(f"labels must be {count} texts (one per curve), not {len(texts)}")
    it = iter(texts)
    return [[a if (t := next(it)) is None else a.with_label(t) for a in g] for g in groups]


def plot(
    activations: Item | Sequence[Item | Sequence[Item]] = (),
    *,
    sweep: Sequence[str] = (),
    labels: Sequence[str | None] | None = None,
    derivative: bool = True,
    second: bool = False,
    saturation: bool = True,
    threshold: float = rg.SATURATION,
    xlim: tuple[float, float] | None = None,
    ylim: tuple[float, float] | None = None,
    points: int = cv.DEFAULT_POINTS,
    formulas: bool = False,
    title: str | None = None,
    theme: str = "light",
    style: str | None = None,
    size: tuple[float, float] | None = None,
    grid: bool = True,
    transparent: bool = False,
    asymptotes: bool = False,
    ax: Axes | None = None,
    axes: Sequence[Axes] | None = None,
) -> Figure:
    """The figure ``actplot show ... -o FILE`` draws, with the same options and defaults.

    Nothing is shown or saved: ``fig.savefig("a.png")`` writes what ``show -o a.png`` writes
    (same size, 150 dpi, pixel for pixel), and a PDF or EPS embeds TrueType fonts.

    Args:
        activations: names, ``"name:p=v"`` strings (``"relu:label=ReLU"`` sets the legend
            text), Activation objects, or inner lists of them drawn as one sweep.
        sweep: ``"NAME:param=v1,v2,..."`` families, each drawn in shades of one colour.
        labels: a legend text per curve, in order (None keeps the default label).
        derivative: draw f′ in a panel below f.
        second: draw f″ in a third panel.
        saturation: mark where |f′| < `threshold` from there on (saturated) and where
            f′ = 0 (dead): tints and hatches, or strips under the panels for many functions.
        threshold: the saturation threshold on |f′| (> 0).
        xlim: the x range; None: [−6, 6], widened to show every kink, jump, pole and
            extremum of the functions drawn (relu6's cap at 6) with a margin.
        ylim: the y range of the f panel; None: fit the curves, leaving runaways and poles
            out.
        points: sample points on the x range (11 to 1,000,001; kinks are added).
        formulas: the mathtext formula of the variant drawn under each group's first entry.
        title: a title above the panels.
        theme: ``"light"`` or ``"dark"``.
        style: matplotlib styles over the theme, comma-separated: library names (also
            SciencePlots' ``science``, ``ieee``, ``no-latex`` when installed), ``.mplstyle``
            paths or ``package.style``.
        size: the figure's (width, height) in inches; None: 8 wide by the panel count, or
            the style's own size.
        grid: draw grid lines.
        transparent: no background colour behind the panels.
        asymptotes: dashed guides at the finite limits of f at ±∞ and at poles.
        ax: draw the f panel alone into this Axes (derivative and second are then unused).
        axes: draw f, f′ (and f″) into these 2 (or 3) Axes, one panel each.

    Returns:
        The new Figure, or with `ax`/`axes` the figure that holds them.

    >>> fig = plot(["relu", "elu"], xlim=(-3, 3))
    >>> [a.get_ylabel() for a in fig.axes]
    ['f(x)', 'f′(x)']
    """
    if ax is not None and axes is not None:
        raise ParameterError("give ax (the f panel alone) or axes (one per panel), not both")
    targets = None if ax is None and axes is None else [ax] if ax is not None else list(axes)
    if targets is not None:
        if not 1 <= len(targets) <= 3:
            raise ParameterError(f"axes must be 1 to 3 Axes (f, f′, f″), not {len(targets)}")
        derivative, second = len(targets) >= 2, len(targets) == 3
    opts = PlotOptions(
        derivative=derivative,
        second=second,
        saturation=saturation,
        threshold=threshold,
        xlim=xlim,
        ylim=ylim,
        points=points,
        formulas=formulas,
        title=title,
        theme=theme,
        style=style,
        size=size,
        grid=grid,
        transparent=transparent,
        asymptotes=asymptotes,
    )
    groups = relabel(resolve(activations, sweep), labels)
    if targets is None:
        return new_figure(groups, opts)
    with st.styled(opts.theme, opts.style):
        draw_into(targets, groups, opts)
    fig = targets[0].figure
    return getattr(fig, "figure", fig)  # a subfigure's root figure


# Formats drawn as pixels at the dpi: the raster ones, and PostScript, whose translucent
# tints are rasterized (see PublicationCanvas).
RASTER = frozenset({"png", "jpeg", "tiff", "webp", "eps", "ps"})


def check_budget(
    groups: Sequence[Sequence[Activation]],
    opts: PlotOptions,
    budget: bd.Budget,
    fmt: str | None = None,
    dpi: float = 150.0,
) -> bd.Estimate:
    """What drawing `groups` with `opts` costs (:func:`actplot.compute.budget.show`), to a
    file of format `fmt` at `dpi` (None: the terminal or a window, no image), or
    OverBudget: first for the image's pixels (naming the limit), then for the whole."""
    pixels = 0.0
    if fmt in RASTER:
        with st.styled(opts.theme, opts.style):
            width, height = _size(groups, opts)
        bd.check_image(width * dpi, height * dpi, budget)
        pixels = width * height * dpi * dpi
    curves = sum(len(g) for g in groups)
    return budget.check(bd.show(curves, opts.points, len(opts.orders), pixels))


def check_pixels(fig: Figure, fmt: str, dpi: float, budget: bd.Budget) -> None:
    """Refuse to encode `fig` as a raster `fmt` at `dpi` when its pixels (its final size:
    strips and a legend below may have grown it) are over `budget`."""
    if fmt in RASTER:
        width, height = (float(v) * dpi for v in fig.get_size_inches())
        bd.check_image(width, height, budget)


def new_figure(groups: Sequence[Sequence[Activation]], opts: PlotOptions) -> Figure:
    """A Figure of `groups` drawn with `opts`, at :data:`~actplot.render.output.DEFAULT_DPI`
    so that ``fig.savefig(path)`` gives the image ``actplot show -o path`` writes."""
    from matplotlib.figure import Figure

    from actplot.render.output import DEFAULT_DPI

    with st.styled(opts.theme, opts.style):
        size = _size(groups, opts)
        with _compact(size, opts):
            fig = Figure(figsize=size, dpi=DEFAULT_DPI, layout=repeatable_layout())
            _canvas_class()(fig)
            # Gated (two-input) units: heatmaps, slices and the diagonal, one block each.
            (gated_plot.draw if gated_plot.is_gated(groups) else draw)(fig, groups, opts)
    return fig


def _size(groups: Sequence[Sequence[Activation]], opts: PlotOptions) -> tuple[float, float]:
    """The figure's size: :func:`figure_size`, or a gated figure's (a row per unit)."""
    if not gated_plot.is_gated(groups):
        return figure_size(opts)
    width = None if opts.style is None else figure_size(opts)[0]
    return gated_plot.figure_size(len(gated_plot.gated_units(groups)), opts, width)


def _compact(size: tuple[float, float], opts: PlotOptions) -> Any:
    """:data:`COMPACT_RC` for a figure narrower than :data:`COMPACT_WIDTH` without a style
    of its own (a style sets its own fonts): 8-point text and thinner lines, as a paper
    column wants, so that the curves keep the room."""
    import matplotlib

    if opts.style is None and size[0] < COMPACT_WIDTH:
        return matplotlib.rc_context(COMPACT_RC)
    return contextlib.nullcontext()


def figure_size(opts: PlotOptions) -> tuple[float, float]:
    """`opts.size`; else a style's own figure size (its height scaled for the panels), or
    8 inches wide by the panel count. Call inside :func:`~actplot.render.style.styled`."""
    if opts.size is not None:
        return opts.size
    n = len(opts.orders)
    if opts.style is not None:
        import matplotlib as mpl

        width, height = (float(v) for v in mpl.rcParams["figure.figsize"])
        if [width, height] != [float(v) for v in mpl.rcParamsDefault["figure.figsize"]]:
            return (width, round(height * STYLE_HEIGHT[n], 3))
    return opts.figsize


@functools.cache
def _canvas_class() -> type:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    class PublicationCanvas(FigureCanvasAgg):
        """Agg, saving with :data:`SAVE_RC`: however the figure is saved (``fig.savefig``,
        Jupyter), a PDF or EPS embeds TrueType fonts and an SVG keeps its text as text.

        PostScript has no transparency: for PS and EPS the translucent tints are rasterized
        (blended as on screen) and translucent lines take their blended colour, instead of
        both being painted opaque; the creation date is left out so that the same figure
        gives the same bytes.
        """

        def print_figure(self, filename: Any, *args: Any, **kwargs: Any) -> Any:
            import matplotlib

            fmt = str(kwargs.get("format") or _extension(filename) or "").lower()
            with matplotlib.rc_context(SAVE_RC):
                if fmt not in ("ps", "eps"):
                    return super().print_figure(filename, *args, **kwargs)
                with _postscript_safe(self.figure):
                    buffer = io.BytesIO()
                    result = super().print_figure(buffer, *args, **kwargs)
                data = re.sub(rb"%%CreationDate: [^\n]*\n", b"", buffer.getvalue(), count=1)
                if isinstance(filename, (str, os.PathLike)):
                    Path(filename).write_bytes(data)
                else:
                    filename.write(data)
                return result

    return PublicationCanvas


def _extension(filename: Any) -> str:
    if isinstance(filename, (str, os.PathLike)):
        return Path(filename).suffix.lstrip(".")
    return ""


@contextlib.contextmanager
def _postscript_safe(fig: Any) -> Iterator[None]:
    """Translucent patches and lines in their colours blended over the page, opaque, for a
    format without transparency (where two tints overlap, the later one shows); everything
    restored afterwards."""
    from matplotlib.colors import to_rgba
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    undo: list[Callable[[], Any]] = []

    def blended(color: Any, alpha: float, page: Any) -> tuple[float, ...]:
        ink, under = to_rgba(color), to_rgba(page)
        if ink[3] == 0:  # "none" stays none
            return ink
        return tuple(alpha * c + (1 - alpha) * b for c, b in zip(ink[:3], under[:3], strict=True))

    try:
        for artist in fig.findobj(lambda a: isinstance(a, (Patch, Line2D))):
            alpha = artist.get_alpha()
            if alpha is None or alpha >= 1 or artist is fig.patch:
                continue
            axes = artist.axes
            page = axes.get_facecolor() if axes is not None else fig.get_facecolor()
            undo.append(functools.partial(artist.set_alpha, alpha))
            if isinstance(artist, Patch):
                # As given ("none" stays none when the alpha comes back), not as resolved.
                face = getattr(artist, "_original_facecolor", artist.get_facecolor())
                edge = getattr(artist, "_original_edgecolor", artist.get_edgecolor())
                undo += [
                    functools.partial(artist.set_facecolor, face),
                    functools.partial(artist.set_edgecolor, edge),
                ]
                artist.set_alpha(None)
                artist.set_facecolor(blended(artist.get_facecolor(), alpha, page))
                artist.set_edgecolor(blended(artist.get_edgecolor(), alpha, page))
            else:
                undo.append(functools.partial(artist.set_color, artist.get_color()))
                artist.set_alpha(None)
                artist.set_color(blended(artist.get_color(), alpha, page))
        yield
    finally:
        for step in reversed(undo):
            step()


def repeatable_layout() -> Any:
    """Constrained layout that starts every run from the grid's own positions.

    Plain constrained layout starts from where the last draw left the axes, so the second
    save of a figure can differ from the first in the last bits of a coordinate (enough to
    change an SVG clip-path id). Starting afresh makes every save of a figure byte-identical.
    """
    return _repeatable_layout_class()()


@functools.cache
def _repeatable_layout_class() -> type:
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    class RepeatableConstrainedLayout(ConstrainedLayoutEngine):
        def execute(self, fig: Any) -> Any:
            for ax in fig.axes:
                spec = ax.get_subplotspec()
                if spec is not None and ax.get_in_layout():
                    ax.set_position(spec.get_position(fig))
                    ax.set_in_layout(True)  # set_position takes it out of the layout
            with warnings.catch_warnings():
                # On a figure too small for its legend the layout gives up and the axes keep
                # their grid positions; the picture is still drawn, so no warning is due.
                warnings.filterwarnings("ignore", "constrained_layout not applied")
                return super().execute(fig)

    return RepeatableConstrainedLayout


@dataclass
class _Plan:
    """What every panel draws: per curve its activation's samples, look and regions."""

    opts: PlotOptions
    curves: list[cv.Curve]
    colors: list[Any]
    dashes: list[Any]
    texts: list[str]  # legend entries, with their notes
    names: list[str]  # one-line names (strip rows)
    regions: list[rg.Regions]  # what is drawn: clipped, whole-range regions left out
    ylims: dict[int, tuple[float, float]]
    strips: bool


def _plan(groups: Sequence[Sequence[Activation]], opts: PlotOptions) -> _Plan:
    check_labels(groups)
    acts = [a for g in groups for a in g]
    xlim = opts.x_range
    looks = st.assign([len(g) for g in groups], opts.theme, opts.style)
    curves = [cv.sample(a, xlim, opts.points, opts.orders) for a in acts]
    ylims = {}
    for order in opts.orders:
        if order == 0 and opts.ylim:
            ylims[order] = opts.ylim
        else:
            ys = [curve_data(c, order)[1] for c in curves]
            poles = [singular_points(c, order) for c in curves]
            ylims[order] = robust_ylim([c.x for c in curves], ys, poles=poles)
    lo, hi = ylims[0]
    dashes = overlay_dashes(curves, [d for _, d in looks], hi - lo)
    texts = flat_labels(groups, opts.formulas)
    names = [t.split("\n")[0] for t in flat_labels(groups)]  # one line each, for strips
    regions = []
    for i, act in enumerate(acts):
        shown, notes = _regions_and_notes(act, opts)
        regions.append(shown)
        if notes:
            first, _, rest = texts[i].partition("\n")
            texts[i] = f"{first} ({'; '.join(notes)})" + (f"\n{rest}" if rest else "")
    shaded = sum(1 for r in regions if r.saturated or r.dead)
    return _Plan(
        opts,
        curves,
        [c for c, _ in looks],
        dashes,
        texts,
        names,
        regions,
        ylims,
        strips=shaded >= STRIPS_FROM,
    )


def _regions_and_notes(act: Activation, opts: PlotOptions) -> tuple[rg.Regions, list[str]]:
    """The regions to draw in the x range, and the notes for the legend: a region that
    covers the whole range is said (``f′ = 0 everywhere``), not painted; poles are named."""
    lo, hi = opts.x_range
    notes = []
    if note := pole_note(act, (lo, hi)):
        notes.append(note)
    if not opts.saturation:
        return rg.Regions(opts.threshold), notes
    full = rg.regions(act, opts.threshold)
    shown = full.within(lo, hi)

    def covers(r: Any) -> bool:
        return bool(r.lo <= lo and r.hi >= hi)

    if any(covers(r) for r in shown.dead):
        everywhere = any(r.lo == -math.inf and r.hi == math.inf for r in full.dead)
        notes.append(f"f′ = 0 {'everywhere' if everywhere else 'on the whole range'}")
    elif any(covers(r) for r in shown.saturated):
        where = "everywhere" if full.everywhere else "on the whole range"
        notes.append(f"|f′| < {opts.threshold:g} {where}")
    dead = tuple(r for r in shown.dead if not covers(r))
    saturated = tuple(r for r in shown.saturated if not covers(r))
    return rg.Regions(opts.threshold, saturated, dead), notes


def draw(fig: Figure, groups: Sequence[Sequence[Activation]], opts: PlotOptions) -> None:
    """Draw `groups` into an empty `fig`: one panel per order (strips under them for many
    functions), the legend at the right or below. Call inside
    :func:`actplot.render.style.styled` (colours and rcParams come from it)."""
    opts = opts.for_acts([a for g in groups for a in g])
    plan = _plan(groups, opts)
    n = len(opts.orders)
    ratios = [3.0] + [2.0] * (n - 1)
    rows = sum(1 for r in plan.regions if r.saturated or r.dead) if plan.strips else 0
    if rows:
        import matplotlib as mpl

        width, height = fig.get_size_inches()
        row = STRIP_ROW * float(mpl.rcParams["font.size"]) / 10  # as tall as the row labels
        # At most STRIP_SHARE of a small figure: thinner rows there, with smaller labels.
        row = max(MIN_STRIP_ROW, min(row, STRIP_SHARE * height / rows))
        strip = row * rows + 0.1
        if opts.size is None:
            fig.set_figheight(height + strip)
            height += strip
        below = 0.0  # what a legend under the panels takes from a figure of a given size
        at_right, _, lines, entry = legend_layout(plan.texts + _key_texts(plan), width, height)
        if not at_right and opts.size is not None:
            below = lines * entry / 72 + 0.2
        # Beside the axes: the x tick labels and label (about 3.2 lines of text), a title.
        margins = 3.2 * float(mpl.rcParams["font.size"]) / 72 + (0.3 if opts.title else 0.0)
        unit = max(0.2, height - margins - below - strip) / sum(ratios)
        ratios.append(strip / unit)
    grid = fig.subplots(len(ratios), 1, sharex=True, squeeze=False, height_ratios=ratios)
    axes = list(grid[:, 0])
    handles = _draw_panels(axes[:n], plan, strip_ax=axes[n] if rows else None)
    if rows:  # row labels no taller than their rows
        for label in axes[n].get_yticklabels():
            label.set_fontsize(min(label.get_fontsize(), 0.85 * 72 * row))
    if opts.title:
        fig.suptitle(opts.title)
    place_legend(fig, handles, opts)
    if opts.transparent:
        fig.patch.set_alpha(0.0)
        for ax in axes:
            ax.patch.set_alpha(0.0)


def draw_into(
    axes: Sequence[Axes], groups: Sequence[Sequence[Activation]], opts: PlotOptions
) -> None:
    """Draw the panels of `opts.orders` into the user's `axes` (one each), the legend on
    the first; strips, when there are many functions, go inside the last panel's bottom."""
    opts = opts.for_acts([a for g in groups for a in g])
    plan = _plan(groups, opts)
    strip_ax = None
    if plan.strips:
        rows = sum(1 for r in plan.regions if r.saturated or r.dead)
        strip_ax = axes[-1].inset_axes((0.0, 0.0, 1.0, min(0.45, 0.05 * rows)))
        strip_ax.set_facecolor("none")
        strip_ax.tick_params(axis="x", labelbottom=False, length=0)
    handles = _draw_panels(list(axes), plan, strip_ax=strip_ax, own=False)
    if opts.title:
        axes[0].set_title(opts.title)
    axes[0].legend(handles=handles, fontsize="small")


def _draw_panels(
    axes: list[Axes], plan: _Plan, strip_ax: Axes | None = None, own: bool = True
) -> list[Any]:
    """The curves, jumps, regions and guides of every panel; the legend's handles."""
    import matplotlib as mpl
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    opts, curves, colors = plan.opts, plan.curves, plan.colors
    xlim = opts.x_range
    fg = mpl.rcParams["text.color"]
    handles: list[Any] = []
    for ax, order in zip(axes, opts.orders, strict=True):
        lines = draw_curves(ax, curves, colors, order, linestyles=plan.dashes, labels=plan.texts)
        handles = handles or lines
        mark_jumps(ax, curves, colors, order)
        if not plan.strips:
            for i, (r, color) in enumerate(zip(plan.regions, colors, strict=True)):
                shade_saturation(ax, r, xlim, color, DEAD_HATCHES[i % len(DEAD_HATCHES)])
        if order == 1 and opts.saturation:
            threshold_lines(ax, opts.threshold, fg)
        if order == 0 and opts.asymptotes:
            asymptote_lines(ax, curves, colors, fg, xlim)
        ax.axhline(0, color=fg, linewidth=0.8, alpha=0.45, zorder=1.2)
        ax.set_ylabel(AXIS_LABELS[order])
        ax.grid(opts.grid)
        ax.set_ylim(plan.ylims[order])
    axes[0].set_xlim(xlim)
    if plan.strips and strip_ax is not None:
        rows = [
            (r, color, name)
            for r, color, name in zip(plan.regions, colors, plan.names, strict=True)
            if r.saturated or r.dead
        ]
        draw_strips(strip_ax, rows, xlim)
        if own:
            strip_ax.set_xlim(xlim)
            strip_ax.set_xlabel("x")
        else:
            strip_ax.set_xlim(axes[-1].get_xlim())
            axes[-1].set_xlabel("x")
    else:
        axes[-1].set_xlabel("x")

    keys = _key_texts(plan)
    if keys and keys[0].startswith("saturated"):
        handles.append(Patch(facecolor=fg, alpha=SATURATED_ALPHA * 1.5, label=keys.pop(0)))
    dead = [i for i, r in enumerate(plan.regions) if r.dead]
    if dead:  # the key shows the first hatch drawn
        hatch = DEAD_HATCHES[0 if plan.strips else dead[0] % len(DEAD_HATCHES)]
        handles.append(Patch(facecolor="none", edgecolor=fg, hatch=hatch, lw=0, label=keys.pop(0)))
    if opts.asymptotes:
        handles.append(Line2D([], [], color=fg, label=keys.pop(0), **GUIDE_STYLE))
    return handles


def _key_texts(plan: _Plan) -> list[str]:
    """The legend's keys after the curves: saturated, dead, asymptotes (those drawn)."""
    keys = []
    if any(r.saturated for r in plan.regions):
        keys.append(f"saturated: |f′| < {plan.opts.threshold:g}")
    if any(r.dead for r in plan.regions):
        keys.append("dead: f′ = 0")
    if plan.opts.asymptotes:
        keys.append("asymptotes")
    return keys


def place_legend(fig: Figure, handles: Sequence[Any], opts: PlotOptions) -> None:
    """The legend at the right of the panels, if it fits there in height and takes at most
    :data:`LEGEND_SHARE` of the width; else below them in columns (the figure grows to
    make room unless a size was given). So at one paper column (3.3 in) the curves keep
    the width."""
    width, height = fig.get_size_inches()
    at_right, columns, rows, entry = legend_layout([h.get_label() for h in handles], width, height)
    if at_right:
        fig.legend(handles=handles, loc="outside right upper", frameon=False)
        return
    if opts.size is None:
        fig.set_figheight(height + rows * entry / 72 + 0.2)
    fig.legend(handles=handles, loc="outside lower center", ncols=columns, frameon=False)


def legend_layout(
    texts: Sequence[str], width: float, height: float
) -> tuple[bool, int, int, float]:
    """(at the right, columns, rows, entry height in points) of a legend of `texts` on a
    figure of `width` × `height` inches, from the legend font size (call inside styled)."""
    import matplotlib as mpl
    from matplotlib.font_manager import FontProperties

    from actplot.render.text_math import to_unicode

    size = FontProperties(size=mpl.rcParams["legend.fontsize"]).get_size_in_points()
    split = [t.split("\n") for t in texts]
    lines = max((len(t) for t in split), default=1)
    entry = size * (1.25 * lines + mpl.rcParams["legend.labelspacing"])  # points
    # Rough entry width from the printed text (mathtext source is longer than its print).
    chars = max((len(to_unicode(line)) for t in split for line in t), default=1)
    entry_width = (chars * 0.55 + mpl.rcParams["legend.handlelength"] + 1.5) * size
    fits_height = len(texts) * entry <= 0.92 * height * 72
    if fits_height and entry_width <= LEGEND_SHARE * width * 72:
        return True, 1, len(texts), entry
    columns = max(1, min(len(texts), int(0.95 * width * 72 // entry_width)))
    return False, columns, math.ceil(len(texts) / columns), entry


LEGEND_SHARE = 0.3  # the most of the figure's width a legend at the right may take
