"""The interactive window for gated units: each unit's block (f, the partials, a slice and
the diagonal, as in the file figure) with sliders for its numeric parameters and for the
held value b of the slice, whose line also crosses the f heatmap.

The slider model is the window's (:func:`actplot.render.interactive_widgets.slider_plans`,
:class:`~actplot.render.interactive_widgets.SliderPlan` snapping to round values). A
parameter change redraws the unit's block from the new parameters (the grid, heatmaps, zero
sets, slice and diagonal); the slice slider moves only the slice. Driven under Agg in tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from actplot.compute import gated_grid as gg
from actplot.errors import ParameterError
from actplot.model import Bound, GatedActivation
from actplot.render import gated_plot as gp
from actplot.render import interactive_widgets as iw
from actplot.render import style as st
from actplot.render.options import PlotOptions

if TYPE_CHECKING:
    from matplotlib.figure import Figure, SubFigure
    from matplotlib.widgets import Slider

SLICE_START = 1.0  # b of the slice at the start: f(a; b = 1) is the gate g(a) itself
SLIDER_ROW = 0.34  # inches per slider
BLOCK_HEIGHT = 3.2  # inches per unit's block at 11 wide


@dataclass(frozen=True)
class SlicePlan:
    """The slice slider of unit `index`: the held b, across the box."""

    index: int
    lo: float
    hi: float
    value: float
    owner: str

    @property
    def label(self) -> str:
        return f"{self.owner}: slice b ="

    @property
    def steps(self) -> np.ndarray:
        return iw.SliderPlan(self.index, "b", self.lo, self.hi, self.value, False).steps


def window_size(acts: Sequence[GatedActivation], opts: PlotOptions) -> tuple[float, float]:
    """The window's size: a block per unit over a slider per parameter and per unit."""
    if opts.size is not None:
        return opts.size
    sliders = len(iw.slider_plans(acts)) + len(acts)  # type: ignore[arg-type]
    return (11.0, min(12.0, len(acts) * BLOCK_HEIGHT + 0.5 + sliders * SLIDER_ROW))


class GatedWindow:
    """The figure, one block (a SubFigure) per unit, and the sliders under them.

    ``units[i]`` is unit i's :class:`~actplot.render.gated_plot.UnitArtists` (rebuilt when
    a parameter moves); ``slice_lines[i]`` the f heatmap's line at the held b.
    """

    def __init__(self, fig: Figure, groups: Sequence[Sequence[Bound]], opts: PlotOptions) -> None:
        import matplotlib as mpl

        gp.check_kinds(groups)
        self.fig, self.opts = fig, opts
        self.acts: list[GatedActivation] = gp.gated_units(groups)
        looks = st.assign([1] * len(self.acts), opts.theme, opts.style)
        self.colors = [c for c, _ in looks]
        self.ink = mpl.rcParams["text.color"]
        track = mpl.rcParams["grid.color"]
        self.plans = iw.slider_plans(self.acts)  # type: ignore[arg-type]
        self.slice_plans = []
        for i, act in enumerate(self.acts):
            lo, hi = gg.box([act], opts.xlim)
            start = float(np.clip(SLICE_START, lo, hi))
            self.slice_plans.append(SlicePlan(i, lo, hi, start, act.custom_label or act.name))
        self.held = [p.value for p in self.slice_plans]
        n = len(self.plans) + len(self.slice_plans)
        width, height = (float(v) for v in fig.get_size_inches())
        share = min(0.5, (n * SLIDER_ROW + 0.4) / height)
        top, self.bottom = fig.subfigures(2, 1, height_ratios=[1 - share, share])
        self.blocks: list[SubFigure] = list(np.ravel(top.subfigures(len(self.acts), 1)))
        self.units: list[gp.UnitArtists] = [None] * len(self.acts)  # type: ignore[list-item]
        self.slice_lines: list[Any] = [None] * len(self.acts)
        self.status = self.bottom.text(0.01, 0.02, "", color="#c0392b", fontsize=8)
        for i in range(len(self.acts)):
            self._draw(i)
        self.sliders: list[Slider] = []
        self.slice_sliders: list[Slider] = []
        self._add_sliders(track)
        if opts.title:
            fig.suptitle(opts.title)

    # -- widgets --------------------------------------------------------------------------
    def _add_sliders(self, track: Any) -> None:
        from matplotlib.widgets import Slider

        rows = len(self.plans) + len(self.slice_plans)
        row = 1.0 / max(rows + 1, 1)
        k = 0

        def rect() -> tuple[float, float, float, float]:
            return (0.3, 1 - (k + 1) * row, 0.45, 0.6 * row)

        for plan in self.slice_plans:
            slider = Slider(
                self.bottom.add_axes(rect()),
                plan.label,
                plan.lo,
                plan.hi,
                valinit=plan.value,
                valstep=plan.steps,
                valfmt="%.4g",
                color=self.colors[plan.index],
                track_color=track,
            )
            slider.on_changed(lambda v, i=plan.index: self.set_slice(i, v))
            self.slice_sliders.append(slider)
            k += 1
        for plan in self.plans:
            slider = Slider(
                self.bottom.add_axes(rect()),
                plan.label,
                plan.lo,
                plan.hi,
                valinit=plan.value,
                valstep=plan.steps,
                valfmt="%d" if plan.integer else "%.4g",
                color=self.colors[plan.index],
                track_color=track,
            )
            slider.on_changed(lambda v, p=plan: self.set_param(p, v))
            self.sliders.append(slider)
            k += 1
        for slider in [*self.slice_sliders, *self.sliders]:
            slider.label.set_fontsize("small")
            slider.valtext.set_fontsize("small")

    def set_param(self, plan: iw.SliderPlan, value: float) -> None:
        """Rebind unit `plan.index` with the new value and redraw its block; a refused value
        leaves it as it was and says why in the status line."""
        act = self.acts[plan.index]
        value = int(round(value)) if plan.integer else float(value)
        try:
            new = act.with_params(**{plan.name: value})
        except ParameterError as error:
            self.status.set_text(str(error))
            self.fig.canvas.draw_idle()
            return
        self.status.set_text("")
        self.acts[plan.index] = new
        self._draw(plan.index)
        self.fig.canvas.draw_idle()

    def set_slice(self, index: int, value: float) -> None:
        """Hold b at `value` in unit `index`'s slice (and its line on the f heatmap)."""
        self.held[index] = float(value)
        unit, act = self.units[index], self.acts[index]
        (line,) = unit.slices
        x = line.get_xdata()
        line.set_ydata(act(x, np.full_like(x, value)))
        line.set_label(f"b = {value:g}".replace("-", "−"))
        self.slice_lines[index].set_ydata([value, value])
        ax = unit.axes["slices"]
        if self.opts.ylim is None:
            held = gg.Slices(x, (float(value),), (line.get_ydata(),), ())
            ax.set_ylim(gp.slice_ylim(held, np.asarray(unit.diagonal.get_ydata())))
        if ax.get_legend() is not None:
            ax.get_legend().texts[0].set_text(line.get_label())
        self.fig.canvas.draw_idle()

    # -- drawing --------------------------------------------------------------------------
    def _draw(self, i: int) -> None:
        block, act = self.blocks[i], self.acts[i]
        block.clear()
        unit = gp.draw_unit(block, act, self.opts, self.colors[i], b_values=(self.held[i],))
        block.suptitle(gp.unit_title(act), fontsize="medium", x=0.02, ha="left")
        f_ax = unit.axes["f"]
        self.slice_lines[i] = f_ax.axhline(
            self.held[i], color=self.colors[i], linewidth=1.4, zorder=3.5
        )
        unit.axes["slices"].legend(fontsize="x-small", loc="best", framealpha=0.85)
        self.units[i] = unit


def build_gated_window(
    groups: Sequence[Sequence[Bound]], opts: PlotOptions, fig: Figure | None = None
) -> GatedWindow:
    """The window of gated units in `fig` (a new Figure when None; nothing global changes)."""
    from matplotlib.figure import Figure

    acts = gp.gated_units(groups)
    with st.styled(opts.theme, opts.style):
        fig = fig or Figure(figsize=window_size(acts, opts))
        fig.set_layout_engine("constrained")
        return GatedWindow(fig, groups, opts)
