"""The figure: functions on top, their derivatives below on a shared x axis, saturation shaded.

:func:`plot` builds a whole :class:`matplotlib.figure.Figure` (never through pyplot, so
nothing global changes). The Axes-level pieces live in :mod:`actplot.render.panels` and are
re-exported here for other front ends (the interactive window, the gallery).
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from actplot import parsing
from actplot.compute import curves as cv
from actplot.errors import ParameterError
from actplot.model import Activation
from actplot.render import style as st
from actplot.render.options import PlotOptions, options_from
from actplot.render.panels import (
    DEAD_HATCHES,
    SATURATED_ALPHA,
    curve_data,
    draw_curves,
    jump_points,
    mark_jumps,
    robust_ylim,
    shade_saturation,
    threshold_lines,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "PlotOptions",
    "curve_data",
    "draw",
    "draw_curves",
    "jump_points",
    "labels",
    "mark_jumps",
    "options_from",
    "plot",
    "resolve",
    "robust_ylim",
    "shade_saturation",
    "threshold_lines",
]

Item = str | Activation
AXIS_LABELS = {0: "f(x)", 1: "f′(x)", 2: "f″(x)"}


def resolve(
    activations: Item | Sequence[Item | Sequence[Item]], sweep: Sequence[str] = ()
) -> list[list[Activation]]:
    """Groups of activations: one per name/``name:p=v``/Activation, one per sweep.

    An inner sequence is a family drawn as a sweep, as is each ``NAME:param=v1,v2`` in
    `sweep`.
    """
    if isinstance(activations, (str, Activation)):
        activations = [activations]
    groups: list[list[Activation]] = []
    for item in activations:
        if isinstance(item, (str, Activation)):
            groups.append([_one(item)])
        else:
            groups.append([_one(i) for i in item])
    groups.extend(parsing.parse_sweep(s) for s in sweep)
    groups = [g for g in groups if g]
    if not groups:
        raise ParameterError("nothing to plot: give at least one activation")
    return groups


def _one(item: Item) -> Activation:
    if isinstance(item, Activation):
        return item
    if isinstance(item, str):
        return parsing.parse(item)
    raise ParameterError(f"expected an activation name or Activation, not {item!r}")


def labels(group: Sequence[Activation], formulas: bool = False) -> list[str]:
    """Legend texts of a group: ``act.label``, plus every swept parameter in a sweep (so
    the default member reads ``silu(beta=1)``, not ``silu``), what a vector activation's
    curve is, and the formula under the group's first entry."""
    varying = {
        k for a in group for k, v in a.params.items() if any(b.params.get(k) != v for b in group)
    }
    out = []
    for i, act in enumerate(group):
        shown = {k: v for k, v in act.params.items() if k in varying or k in act.changed_params}
        if act.is_vector:
            shown.pop("k", None)  # the note below states K
        text = act.name
        if shown:
            text += "(" + ", ".join(f"{k}={_fmt(v)}" for k, v in shown.items()) + ")"
        if act.is_vector:
            k = act.params.get("k")
            # the curve is a profile: logit x₁ varies, the other K−1 logits stay at 0
            text += f" (x₁ of K={k}; others 0)" if k is not None else " (x₁; others 0)"
        if formulas and i == 0 and act.spec.formula:
            text += "\n" + act.spec.formula
        out.append(text)
    return out


def _fmt(v: Any) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def plot(
    activations: Item | Sequence[Item | Sequence[Item]] = (),
    *,
    sweep: Sequence[str] = (),
    **options: Any,
) -> Figure:
    """A Figure of `activations` and their derivatives (nothing is shown or saved).

    `activations`: names, ``"name:p=v"`` strings, Activation objects, or inner lists of
    them drawn as a sweep; `sweep`: ``"NAME:param=v1,v2,..."`` families. `options` are the
    fields of :class:`PlotOptions` (derivative, second, saturation, threshold, xlim, ylim,
    points, formulas, title, theme, style, size, grid).

    >>> fig = plot(["relu", "elu"], xlim=(-3, 3))
    >>> [ax.get_ylabel() for ax in fig.axes]
    ['f(x)', 'f′(x)']
    """
    opts = options_from(options)
    groups = resolve(activations, sweep)
    from matplotlib.figure import Figure

    with st.styled(opts.theme, opts.style):
        fig = Figure(figsize=opts.figsize, layout=repeatable_layout())
        draw(fig, groups, opts)
    return fig


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


def draw(fig: Figure, groups: Sequence[Sequence[Activation]], opts: PlotOptions) -> None:
    """Draw `groups` into an empty `fig`: one panel per order, the legend at the right.

    Call inside :func:`actplot.render.style.styled` (colours and rcParams come from it).
    """
    import matplotlib as mpl
    from matplotlib.patches import Patch

    acts = [a for g in groups for a in g]
    looks = st.assign([len(g) for g in groups], opts.theme, opts.style)
    colors, dashes = [c for c, _ in looks], [d for _, d in looks]
    texts = [t for g in groups for t in labels(g, opts.formulas)]
    curves = [cv.sample(a, opts.xlim, opts.points, opts.orders) for a in acts]
    spans = [
        cv.saturation(a, opts.xlim, opts.threshold, opts.points) if opts.saturation else []
        for a in acts
    ]
    fg = mpl.rcParams["text.color"]

    n = len(opts.orders)
    axes = fig.subplots(n, 1, sharex=True, squeeze=False, height_ratios=[3] + [2] * (n - 1))
    handles: list[Any] = []
    for ax, order in zip(axes[:, 0], opts.orders, strict=True):
        lines = draw_curves(ax, curves, colors, order, linestyles=dashes, labels=texts)
        handles = handles or lines
        mark_jumps(ax, curves, colors, order)
        for i, (s, color) in enumerate(zip(spans, colors, strict=True)):
            shade_saturation(ax, s, color, DEAD_HATCHES[i % len(DEAD_HATCHES)])
        if order == 1 and opts.saturation:
            threshold_lines(ax, opts.threshold, fg)
        ax.axhline(0, color=fg, linewidth=0.8, alpha=0.45, zorder=1.2)
        ax.set_ylabel(AXIS_LABELS[order])
        ax.grid(opts.grid)
        if order == 0 and opts.ylim:
            ax.set_ylim(opts.ylim)
        else:
            ax.set_ylim(
                robust_ylim([c.x for c in curves], [curve_data(c, order)[1] for c in curves])
            )
    axes[0, 0].set_xlim(opts.xlim)
    axes[-1, 0].set_xlabel("x")
    if opts.title:
        fig.suptitle(opts.title)

    if any(not s.dead for ss in spans for s in ss):
        key = f"saturated: |f′| < {opts.threshold:g}"
        handles.append(Patch(facecolor=fg, alpha=SATURATED_ALPHA * 1.5, label=key))
    dead = [i for i, ss in enumerate(spans) if any(s.dead for s in ss)]
    if dead:  # the key shows the first hatch drawn
        hatch = DEAD_HATCHES[dead[0] % len(DEAD_HATCHES)]
        handles.append(
            Patch(facecolor="none", edgecolor=fg, hatch=hatch, lw=0, label="dead: f′ = 0")
        )
    place_legend(fig, handles, opts)


def place_legend(fig: Figure, handles: Sequence[Any], opts: PlotOptions) -> None:
    """The legend at the right of the panels, or below them in columns when it is too tall
    to fit the height there (the figure grows to make room unless a size was given)."""
    import matplotlib as mpl
    from matplotlib.font_manager import FontProperties

    size = FontProperties(size=mpl.rcParams["legend.fontsize"]).get_size_in_points()
    lines = 2 if opts.formulas else 1
    entry = size * (1.25 * lines + mpl.rcParams["legend.labelspacing"])  # points
    width, height = fig.get_size_inches()
    if len(handles) * entry <= 0.92 * height * 72:
        fig.legend(handles=handles, loc="outside right upper", frameon=False)
        return
    # Rough column width from the label lengths; mathtext source is longer than its print.
    texts = [h.get_label().split("\n") for h in handles]
    chars = max(max(len(t[0]), len(t[-1]) // 2) for t in texts)
    columns = max(1, int(width * 72 / ((chars * 0.6 + 4) * size)))
    rows = -(-len(handles) // columns)
    if opts.size is None:
        fig.set_figheight(height + rows * entry / 72 + 0.2)
    fig.legend(handles=handles, loc="outside lower center", ncols=columns, frameon=False)
