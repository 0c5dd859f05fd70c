"""The gallery's gated units: a page per unit (the ``show`` figure with a caption), the family
page (every unit's f heatmap, then the gates f(a; b = 1) = g(a) and the diagonals f(x, x)
overlaid) and a contact-sheet cell (f's heatmap over the sheet's range, zero contour)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from actplot import registry
from actplot.compute import gated_grid as gg
from actplot.render import gated_plot as gp
from actplot.render import style as st

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

PAGE_SIZE = (10.0, 3.7)  # inches: the four panels in a row, with a caption under them
FAMILY_COLUMNS = 4
FAMILY_WIDTH = 9.0
OVERLAY_POINTS = 801


def page(name: str, caption: str, theme: str = "light") -> Figure:
    """`name`'s page: heatmaps, partials, slices and diagonal, a caption along the bottom."""
    from actplot.render import figure as rf

    with st.styled(theme):
        fig = rf.plot(name, theme=theme, size=PAGE_SIZE)
        # The caption under the title: the key of the slices takes the bottom.
        head = fig.get_suptitle()
        fig.suptitle(f"{head}\n{caption}", fontsize="medium", x=0.02, ha="left")
    return fig


def family_page(names: Sequence[str], title: str, theme: str = "light") -> Figure:
    """Every unit's f(a, b) on its own box, then two overlays on [−4, 4]: the gate slices
    f(a; b = 1) (the gate g(a) of g(a)·b) and the diagonals f(x, x)."""
    from matplotlib.figure import Figure

    from actplot.render.figure import repeatable_layout

    acts = [registry.get(n) for n in names]
    rows = -(-len(acts) // FAMILY_COLUMNS)
    cell = FAMILY_WIDTH / FAMILY_COLUMNS
    with st.styled(theme):
        fig = Figure(figsize=(FAMILY_WIDTH, rows * cell * 0.95 + 3.6), layout=repeatable_layout())
        maps, curves = fig.subfigures(2, 1, height_ratios=[rows * cell * 0.95, 3.6])
        axes = maps.subplots(rows, FAMILY_COLUMNS, squeeze=False)
        ink = gp.HEATMAP_INK
        for ax, act in zip(axes.flat, acts, strict=False):
            grid = gg.grid(act, gg.box([act]), points=160)
            gp.draw_heatmap(ax, grid, "f", ink=ink, colorbar=False)
            ax.set_title(act.name, fontsize="medium")
            ax.set_box_aspect(1)
            ax.set_xticks(gp.round_ticks(ax.get_xlim()))
            ax.set_yticks(gp.round_ticks(ax.get_ylim()))
            ax.tick_params(labelsize="x-small")
            ax.xaxis.label.set_fontsize("small")
            ax.yaxis.label.set_fontsize("small")
        for ax in axes.flat[len(acts) :]:
            ax.set_visible(False)
        maps.suptitle(
            f"{title}: f(a, b), red above 0, blue below (each on its own scale and box)",
            fontsize="medium",
        )
        gate_ax, diag_ax = curves.subplots(1, 2)
        overlays(gate_ax, diag_ax, acts, theme)
        handles, labels = gate_ax.get_legend_handles_labels()
        curves.legend(handles, labels, loc="outside lower center", ncols=4, frameon=False)
    return fig


def overlays(gate_ax: Axes, diag_ax: Axes, acts: Sequence, theme: str) -> None:
    """f(a; b = 1) and f(x, x) of every unit on [−4, 4], in the palette's colours."""
    x = np.linspace(-4.0, 4.0, OVERLAY_POINTS)
    looks = st.assign([1] * len(acts), theme)
    fg = st.foreground(theme)
    drawn: list[np.ndarray] = []
    for act, (color, dash) in zip(acts, looks, strict=True):
        gate = act(x, np.ones_like(x))
        diag = act.diagonal(x)
        # One drawn over another (fatrelu_glu at θ = 0 is reglu): dashed, so both show.
        if any(np.allclose(gate, g, atol=0.02) for g in drawn):
            dash = "--"
        drawn.append(gate)
        gate_ax.plot(x, gate, color=color, linestyle=dash, label=act.name)
        diag_ax.plot(x, diag, color=color, linestyle=dash, label=act.name)
    for ax, title, ylabel in (
        (gate_ax, "the gates: f(a; b = 1)", "f(a; 1)"),
        (diag_ax, "the diagonals: f(x, x)", "f(x, x)"),
    ):
        ax.axhline(0, color=fg, linewidth=0.8, alpha=0.45, zorder=1.2)
        ax.set_title(title, fontsize="medium")
        ax.set_xlim(-4.0, 4.0)
        ax.set_ylim(-2.5, 6.5)
        ax.set_ylabel(ylabel)
    gate_ax.set_xlabel(gp.A_LABEL)
    diag_ax.set_xlabel("x = a = b")


def sheet_cell(ax: Axes, name: str, xlim: tuple[float, float], ink: str) -> None:
    """A contact-sheet panel: f(a, b) over `xlim`² (a across, b up), its zero set, a = b."""
    act = registry.get(name)
    grid = gg.grid(act, xlim, points=96)
    gp.draw_heatmap(ax, grid, "f", ink=gp.HEATMAP_INK, colorbar=False)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_title(f"{name}: f(a, b)", fontsize="medium", pad=3)
