"""The gallery's figures: one activation with its caption, the contact sheet, family overlays.

Single images and family overlays are :func:`actplot.render.figure.plot` figures with a
title and caption added; the contact sheet is a grid of small panels drawn with the same
Axes-level pieces (:func:`~actplot.render.figure.draw_curves` and friends).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from actplot import registry
from actplot.compute import curves as cv
from actplot.compute.regions import SATURATION
from actplot.render import figure as rf
from actplot.render import formula_text, gallery_gated
from actplot.render import style as st
from actplot.render.gallery_props import Properties, caption

if TYPE_CHECKING:
    from matplotlib.figure import Figure

XLIM = (-6.0, 6.0)
THRESHOLD = SATURATION  # |f′| below this is shaded as saturated: the table's threshold
SINGLE_SIZE = (8.0, 6.0)  # inches; 800×600 px at the gallery's 100 dpi
OVERLAY_SIZE = (9.0, 6.5)
OVERLAY_YCLIP = ((-6.5, 6.5), (-2.5, 2.5))  # f, f′: the x range's scale, slopes to ±2.5
SHEET_CELL = (2.0, 1.55)  # inches per contact-sheet panel
SHEET_HEAD = 0.45  # inches above the grid for the title and key
SHEET_POINTS = 481  # enough for smooth small panels; kinks are added to the grid anyway


def activation_figure(name: str, props: Properties, theme: str = "light") -> Figure:
    """`name` and its derivative, saturation shaded; the name as the title, the formulas
    over their panels and a caption of computed properties along the bottom."""
    act = registry.get(name)
    if act.kind == "gated":  # heatmaps, slices and the diagonal
        return gallery_gated.page(name, caption(props), theme)
    f, df = formula_text.formulas(act)
    where = formula_text.where(act)  # the value of each symbol that is a parameter
    with st.styled(theme):  # the text added here takes the theme's colours too
        # The default x range: relu6's cap at 6 shows with a margin, like `actplot show`.
        fig = rf.plot(name, threshold=THRESHOLD, formulas=False, theme=theme, size=SINGLE_SIZE)
        fig.suptitle(name, fontsize="x-large", fontweight="bold")
        top, bottom = fig.axes[0], fig.axes[1]
        head = _equation("f(x)", f) + (f",  {where}" if where else "")
        top.set_title(head, loc="left", fontsize="large")
        bottom.set_title(_equation("f′(x)", df), loc="left")
        # The key inside the top panel, so that the panels take the full width.
        handles, labels = _take_legend(fig)
        top.legend(handles, labels, loc="best", fontsize="small", framealpha=0.9)
        fig.supxlabel(caption(props), fontsize="small")  # constrained layout keeps room
    return fig


def _equation(lhs: str, formula: str) -> str:
    """``lhs = formula``, unless the formula already names its left-hand side (σ(x) = ...)."""
    return formula if "=" in formula else f"{lhs} = {formula}"


def family_overlay(family: str, names: list[str], theme: str = "light") -> Figure:
    """Every member of `family` in one figure: functions on top, derivatives below.

    The y limits are clipped to :data:`OVERLAY_YCLIP`, so that a fast-growing member (the
    exponential) leaves the frame rather than flattening the others; each activation's own
    image shows it whole.
    """
    title = f"{registry.FAMILIES[family]} ({len(names)})"
    if family == "gated":
        return gallery_gated.family_page(names, title, theme)
    with st.styled(theme):
        fig = rf.plot(
            names,
            xlim=XLIM,
            saturation=False,
            formulas=False,
            title=title,
            theme=theme,
            size=OVERLAY_SIZE,
        )
        for ax, (lo_clip, hi_clip) in zip(fig.axes, OVERLAY_YCLIP, strict=True):
            lo, hi = ax.get_ylim()
            ax.set_ylim(max(lo, lo_clip), min(hi, hi_clip))
        # The key in rows under the panels, so that long labels do not narrow them.
        handles, labels = _take_legend(fig)
        ncols = min(len(labels), 4 if max(map(len, labels)) < 20 else 3)
        fig.legend(handles, labels, loc="outside lower center", ncols=ncols, frameon=False)
    return fig


def _take_legend(fig: Figure) -> tuple[list, list[str]]:
    """Remove the figure-level legends of `fig`; their handles and labels."""
    handles: list = []
    labels: list[str] = []
    for legend in fig.legends[:]:
        handles += legend.legend_handles
        labels += [t.get_text() for t in legend.get_texts()]
        legend.remove()
    return handles, labels


def contact_sheet(names: list[str], theme: str = "light") -> Figure:
    """A grid of small panels, one per activation: f solid, f′ dashed, jumps marked.

    Laid out by hand (fixed margins in inches): constrained layout takes seconds on a grid
    this size, and every panel has the same decorations anyway.
    """
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    # Gated units last, together: their panels are heatmaps, not curves.
    names = sorted(names, key=lambda n: registry.spec(n).kind == "gated")
    rows, cols = sheet_shape(len(names))
    width, height = SHEET_CELL[0] * cols, SHEET_CELL[1] * rows + SHEET_HEAD
    with st.styled(theme):
        colors = st.palette(theme)[:2]
        fg = st.foreground(theme)
        fig = Figure(figsize=(width, height))
        grid = fig.subplots(rows, cols, squeeze=False, sharex=True)
        fig.subplots_adjust(
            left=0.42 / width,
            right=1 - 0.08 / width,
            bottom=0.12 / height,
            top=1 - (SHEET_HEAD + 0.25) / height,
            wspace=0.3,
            hspace=0.35,
        )
        for ax, name in zip(grid.flat, names, strict=False):
            if registry.spec(name).kind == "gated":  # f(a, b) as a small heatmap
                gallery_gated.sheet_cell(ax, name, XLIM, fg)
                ax.tick_params(labelsize="x-small", length=2, labelbottom=False)
                continue
            curve = cv.sample(registry.get(name), XLIM, SHEET_POINTS, (0, 1))
            for order, dash in ((0, "-"), (1, "--")):
                rf.draw_curves(ax, [curve], [colors[order]], order, linestyles=[dash])
                rf.mark_jumps(ax, [curve], [colors[order]], order)
            ax.set_ylim(rf.robust_ylim(curve.x, [curve[0], curve[1]], pad=0.08))
            ax.axhline(0, color=fg, linewidth=0.6, alpha=0.4, zorder=1)
            ax.axvline(0, color=fg, linewidth=0.6, alpha=0.4, zorder=1)
            ax.set_title(name, fontsize="medium", pad=3)
            ax.tick_params(labelsize="x-small", length=2, labelbottom=False)
        for ax in grid.flat[len(names) :]:
            ax.set_visible(False)
        grid[0, 0].set_xlim(XLIM)
        ticks = np.linspace(*XLIM, 5)
        grid[0, 0].set_xticks(ticks)
        key = [
            Line2D([], [], color=colors[0], label="f(x)"),
            Line2D([], [], color=colors[1], linestyle="--", label="f′(x)"),
        ]
        head = 1 - 0.08 / height
        fig.legend(
            handles=key,
            loc="upper right",
            bbox_to_anchor=(1 - 0.08 / width, head),
            ncols=2,
            frameon=False,
        )
        step = f"{ticks[1] - ticks[0]:g}"
        title = f"{len(names)} activations, x from {span_text()} (grid lines every {step})"
        gated = sum(registry.spec(n).kind == "gated" for n in names)
        if gated:
            title += f"; the {gated} gated units last: f(a, b), a across, b up, red > 0 > blue"
        fig.text(0.42 / width, head, title, ha="left", va="top", fontsize="large")
    return fig


def sheet_shape(n: int) -> tuple[int, int]:
    """(rows, columns) for `n` panels: about 4:3 overall, fewest empty cells at the end."""
    best = math.ceil(math.sqrt(n * 1.2))
    candidates = range(max(1, best - 1), min(n, best + 1) + 1)
    cols = min(candidates, key=lambda c: (math.ceil(n / c) * c - n, abs(c - best), -c))
    return math.ceil(n / cols), cols


def figure_inches(kind: str, count: int) -> float:
    """The area in square inches of a gallery figure: "activation", "family" or "sheet" of
    `count` panels (what the memory estimate scales with dpi²)."""
    if kind == "sheet":
        rows, cols = sheet_shape(max(1, count))
        return SHEET_CELL[0] * cols * (SHEET_CELL[1] * rows + SHEET_HEAD)
    width, height = SINGLE_SIZE if kind == "activation" else OVERLAY_SIZE
    return width * height


def span_text() -> str:
    """The x range as text: ``−6 to 6``."""
    return " to ".join(f"{v:g}".replace("-", "−") for v in XLIM)
