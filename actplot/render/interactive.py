"""The interactive window of ``actplot show``: live sliders, check buttons and a cursor readout.

Like the file figure and the terminal, it takes the groups of activations and one
:class:`~actplot.render.options.PlotOptions`. :func:`build_window` draws into any matplotlib
Figure (tests drive it under Agg); :func:`open_window` makes a pyplot window with an
interactive backend and blocks in ``plt.show()``. Curves come from
:mod:`actplot.compute.curves`, the shaded regions from :mod:`actplot.compute.regions`, and
they are drawn with the Axes-level functions of :mod:`actplot.render.panels`, so the window
matches saved figures.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from actplot.compute import curves as cv
from actplot.compute import regions as rg
from actplot.compute import shape
from actplot.errors import ActplotError, ParameterError
from actplot.model import Activation
from actplot.render import interactive_widgets as iw
from actplot.render import panels as pn
from actplot.render import style as st
from actplot.render.labels import labels
from actplot.render.options import PlotOptions

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import MouseEvent
    from matplotlib.figure import Figure

ORDERS = (0, 1, 2)
LEGEND_MAX = 6  # more entries with formulas would not fit under the check buttons


class NoWindow(ActplotError):
    """No window can open here: a display that cannot be reached, or no GUI toolkit.
    ``actplot show`` then draws in the terminal instead, with this as a one-line note."""


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


class InteractiveWindow:
    """The figure with its widgets; the artists are rebuilt by :meth:`update`.

    ``lines[(i, order)]`` is the Line2D of activation `i`'s `order`-th derivative;
    ``shading[i]`` its saturation patches; ``shown`` / ``panels`` the check-button state.
    """

    def __init__(
        self, fig: Figure, groups: Sequence[Sequence[Activation]], opts: PlotOptions
    ) -> None:
        import matplotlib as mpl

        acts = [a for g in groups for a in g]
        opts = opts.for_acts(acts)  # the default x range of the functions at the start
        self.fig, self.acts, self.opts = fig, acts, opts
        self.threshold = opts.threshold
        self.groups = [len(g) for g in groups]  # sweeps get sequential colours
        looks = st.assign(self.groups, opts.theme, opts.style)
        self.colors = [c for c, _ in looks]
        self.dashes = [d for _, d in looks]
        self.fg_color = mpl.rcParams["text.color"]
        track = mpl.rcParams["grid.color"]
        self.shown = [True] * len(acts)
        self.panels = {0: True, 1: opts.derivative, 2: opts.second}
        self.saturation = opts.saturation
        self.plans = iw.slider_plans(self.acts)
        size = tuple(fig.get_size_inches())
        self.layout = iw.layout(1 + len(self.plans), len(acts) + 3, size)  # type: ignore[arg-type]

        self.axes: dict[int, Axes] = iw.add_panels(
            fig, ORDERS, opts.x_range, opts.grid, self.fg_color
        )
        self.threshold_lines = pn.threshold_lines(self.axes[1], self.threshold, self.fg_color)
        self.lines: dict[tuple[int, int], Any] = {}
        self.jumps: dict[int, list[Any]] = {}
        self.shading: dict[int, list[Any]] = {}
        self.curves: list[cv.Curve | None] = [None] * len(acts)
        self.samples: list[shape.Samples | None] = [None] * len(acts)  # for the regions
        self.legend: Any = None
        self.cursor = [
            ax.axvline(np.nan, color=self.fg_color, linewidth=0.6, alpha=0.5)
            for ax in self.axes.values()
        ]
        if opts.title:
            fig.suptitle(opts.title)

        self.threshold_slider, self.sliders = iw.add_sliders(
            fig, self.layout.sliders, self.plans, self.threshold, self.colors, self.fg_color, track
        )
        self.threshold_slider.on_changed(self.set_threshold)
        for plan, slider in zip(self.plans, self.sliders, strict=True):
            slider.on_changed(lambda v, p=plan: self.set_param(p, v))
        states = [*self.shown, self.panels[1], self.panels[2], self.saturation]
        self.checks = iw.add_checks(
            fig, self.layout.checks, self.labels(False), states, self.colors, self.fg_color
        )
        self.checks.on_clicked(self._on_check)
        self.readout = fig.text(*self.layout.readout, iw.READOUT_HINT, **iw.READOUT_STYLE)
        self.status = fig.text(*self.layout.status, "", color="#c0392b", fontsize=8)
        fig.canvas.mpl_connect("motion_notify_event", self.on_move)
        self.update()

    def labels(self, formulas: bool) -> list[str]:
        """Legend texts, per group as in saved figures (a sweep names its swept value)."""
        starts = np.cumsum([0, *self.groups])
        return [
            text
            for a, b in zip(starts, starts[1:], strict=False)
            for text in labels(self.acts[a:b], formulas)
        ]

    # -- reactions to the widgets -------------------------------------------------------
    def set_param(self, plan: iw.SliderPlan, value: float) -> None:
        """Rebind activation `plan.index` with the new value; a rejected value (e.g. lower >
        upper) leaves the curve as it was and says why in the status line."""
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
        self.samples[plan.index] = None
        for text, label in zip(self.checks.labels, self.labels(False), strict=False):
            text.set_text(iw.check_label(label))
        self.update([plan.index])

    def set_threshold(self, value: float) -> None:
        self.threshold = float(value)
        for line, sign in zip(self.threshold_lines, (-1, 1), strict=True):
            line.set_ydata([sign * self.threshold] * 2)
        self.update(shading_only=True)

    def _on_check(self, _label: str | None) -> None:
        # Labels change with the parameters and may repeat, so compare states, not names.
        status = self.checks.get_status()
        n = len(self.acts)
        self.shown = list(status[:n])
        self.panels[1], self.panels[2], self.saturation = status[n:]
        self.update(changed=[])

    def on_move(self, event: MouseEvent) -> None:
        """Show x, f(x), f′(x) (and f″ when its panel is on) of every shown curve."""
        if event.inaxes not in self.axes.values() or event.xdata is None:
            return
        x = float(event.xdata)
        for line in self.cursor:
            line.set_xdata([x, x])
        orders = [o for o in ORDERS if self.panels[o] or o < 2]
        self.readout.set_text(iw.readout_text(self.acts, self.shown, x, orders))
        self.fig.canvas.draw_idle()

    # -- drawing --------------------------------------------------------------------------
    def update(self, changed: Sequence[int] | None = None, shading_only: bool = False) -> None:
        """Redraw after a change: resample the `changed` activations (all when None), then
        shading, visibility, panel layout and y limits, and ask the canvas to redraw."""
        opts = self.opts
        todo = range(len(self.acts)) if changed is None else changed
        if shading_only:
            todo = []
        for i in todo:
            act, color = self.acts[i], self.colors[i]
            curve = cv.sample(act, opts.x_range, opts.points, ORDERS)
            self.curves[i] = curve
            for artist in self.jumps.pop(i, []):
                artist.remove()
            self.jumps[i] = []
            for order, ax in self.axes.items():
                line = self.lines.get((i, order))
                if line is None:
                    (line,) = pn.draw_curves(
                        ax, [curve], [color], order, linestyles=[self.dashes[i]]
                    )
                    self.lines[(i, order)] = line
                line.set_data(*pn.curve_data(curve, order))
                self.jumps[i] += pn.mark_jumps(ax, [curve], [color], order)
        if changed is None or todo or shading_only:
            self._shade(range(len(self.acts)) if changed is None or shading_only else todo)
        for (i, _), line in self.lines.items():
            line.set_visible(self.shown[i])
        for i, artists in self.jumps.items():
            for artist in artists:
                artist.set_visible(self.shown[i])
        for i, patches in self.shading.items():
            for patch in patches:
                patch.set_visible(self.shown[i] and self.saturation)
        for line in self.threshold_lines:
            line.set_visible(self.saturation)
        self._arrange()
        self.fig.canvas.draw_idle()

    def _shade(self, indices: Sequence[int] | range) -> None:
        for i in indices:
            for patch in self.shading.pop(i, []):
                patch.remove()
            act = self.acts[i]
            if self.samples[i] is None:  # kept while only the threshold moves
                with np.errstate(all="ignore"):
                    self.samples[i] = shape.samples(act)
            regions = rg.regions(act, self.threshold, self.samples[i])
            self.shading[i] = [
                p
                for ax in self.axes.values()
                for p in pn.shade_saturation(ax, regions, self.opts.x_range, self.colors[i])
            ]

    def _arrange(self) -> None:
        """Stack the visible panels, set their y limits, and put the legend on the top one."""
        visible = [o for o in ORDERS if self.panels[o]]
        rects = iw.panel_rects(self.layout.panels, visible)
        for order, ax in self.axes.items():
            ax.set_visible(order in rects)
            if order not in rects:
                continue
            ax.set_position(rects[order])
            ax.tick_params(labelbottom=order == visible[-1])
            ax.set_xlabel("x" if order == visible[-1] else "")
            curves = [
                c for c, on in zip(self.curves, self.shown, strict=True) if on and c is not None
            ]
            if order == 0 and self.opts.ylim:
                ax.set_ylim(self.opts.ylim)
            elif curves:
                ys = [pn.curve_data(c, order)[1] for c in curves]
                poles = [pn.singular_points(c, order) for c in curves]
                ax.set_ylim(pn.robust_ylim([c.x for c in curves], ys, poles=poles))
        for i, text in enumerate(self.labels(self.opts.formulas)):
            self.lines[(i, 0)].set_label(text)
        handles = [self.lines[(i, 0)] for i in range(len(self.acts)) if self.shown[i]]
        if self.legend is not None:
            self.legend.remove()
            self.legend = None
        if self.opts.formulas and len(self.acts) <= LEGEND_MAX:  # else the checks suffice
            # A legend reads its colours from rcParams when made: made again after a slider
            # moved, it must be made in the figure's theme too (not black on dark).
            with st.styled(self.opts.theme, self.opts.style):
                self.legend = self.fig.legend(
                    handles=handles,
                    loc="upper left",
                    frameon=False,
                    bbox_to_anchor=self.layout.legend,
                    fontsize="small",
                )


def build_window(
    groups: Sequence[Sequence[Activation]],
    opts: PlotOptions | None = None,
    fig: Figure | None = None,
) -> InteractiveWindow:
    """The window's figure and widgets for `groups` (a sweep per group gets the figure's
    sequential colours), in `fig` (a new Figure when None; nothing global changes)."""
    opts = PlotOptions() if opts is None else opts
    if not any(groups):
        raise ParameterError("nothing to plot: give at least one activation")
    from matplotlib.figure import Figure

    acts = [a for g in groups for a in g]
    if any(a.kind == "gated" for a in acts):  # heatmaps, a slice and sliders per unit
        from actplot.render.gated_window import build_gated_window

        return build_gated_window(groups, opts, fig)  # type: ignore[return-value]
    with st.styled(opts.theme, opts.style):
        fig = fig or Figure(figsize=opts.size or iw.figure_size(acts))
        return InteractiveWindow(fig, [g for g in groups if g], opts)


def new_window(
    groups: Sequence[Sequence[Activation]], opts: PlotOptions | None = None
) -> InteractiveWindow:
    """A pyplot-managed window (TkAgg unless MPLBACKEND says otherwise), not yet shown."""
    import matplotlib.pyplot as plt

    opts = PlotOptions() if opts is None else opts
    if not os.environ.get("MPLBACKEND"):
        try:
            plt.switch_backend("TkAgg")
        except ImportError as error:  # no tkinter: keep matplotlib's choice (Qt, GTK, macOS)
            if "headless" in str(error):  # matplotlib found no reachable display
                where = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or ""
                raise NoWindow(f"the display {where!r} cannot be reached") from None
    acts = [a for g in groups for a in g]
    with st.styled(opts.theme, opts.style):
        try:
            fig = plt.figure(figsize=opts.size or _window_size(acts, opts))
        except _display_errors() as error:  # e.g. Tk without a reachable X display
            raise NoWindow(f"cannot open a window: {_one_line(error)}") from None
    if getattr(type(fig.canvas), "required_interactive_framework", None) is None:
        plt.close(fig)
        raise NoWindow(
            f"no interactive matplotlib backend (using {plt.get_backend()!r}; python3-tk gives one)"
        )
    window = build_window(groups, opts, fig=fig)
    fig.canvas.manager.set_window_title("actplot: " + ", ".join(a.label for a in acts))
    fig._actplot_window = window  # keep the widgets alive as long as the figure
    return window


def _window_size(acts: Sequence[Any], opts: PlotOptions) -> tuple[float, float]:
    if any(a.kind == "gated" for a in acts):
        from actplot.render.gated_window import window_size

        return window_size(acts, opts)
    return iw.figure_size(acts)


def _display_errors() -> tuple[type[BaseException], ...]:
    try:
        import tkinter
    except ImportError:
        return ()
    return (tkinter.TclError,)


def open_window(groups: Sequence[Sequence[Activation]], opts: PlotOptions | None = None) -> None:
    """Open the interactive window and block until it is closed."""
    import matplotlib.pyplot as plt

    window = new_window(groups, opts)
    plt.show()
    window.fig.canvas.draw_idle()  # (keeps `window`, and so its widgets, alive until here)
