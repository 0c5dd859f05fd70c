"""``actplot.interact()``: the interactive window's controls as ipywidgets, in a notebook.

The figure is the window's own (:class:`~actplot.render.interactive.InteractiveWindow`:
the same curves, regions, jumps, y limits and labels), with its matplotlib widgets hidden
and the panels given their room; each ipywidget drives the hidden matplotlib widget it
stands for (a slider's ``set_val``, a check button's ``set_active``), so the window's
reactions run unchanged and the two cannot drift. Every slider offers exactly the values
its window slider snaps to (:attr:`~actplot.render.interactive_widgets.SliderPlan.steps`),
as a selection slider: no position shows a value the curve does not have.

Two ways to show the figure: with ipympl (``%matplotlib widget``, or ``canvas=True``) the
figure is an ipympl canvas, redrawn in place, and the pointer moves the readout's x; with
any other backend (inline) the figure is drawn to PNG into an ``Image`` widget after each
change, and the sliders report when released. The readout (x, f, f′, f″ of every shown
function, computed exactly, not read off the curve) follows an x slider in both. ipywidgets
is optional (``pip install "actplot[notebook]"``); without it :func:`interact` says so.
"""

from __future__ import annotations

import html
import io
from collections.abc import Sequence
from typing import Any

import numpy as np

from actplot.compute import curves as cv
from actplot.compute import regions as rg
from actplot.errors import ActplotError, KindError
from actplot.render import interactive_widgets as iw
from actplot.render import notebook_display
from actplot.render import style as st
from actplot.render.figure import Item, relabel, resolve
from actplot.render.interactive import ORDERS, InteractiveWindow, build_window
from actplot.render.options import PlotOptions

MISSING = (
    'actplot.interact needs ipywidgets, which is not installed: pip install "actplot[notebook]"'
)
WIDTH = 9.0  # inches: the figure and its legend at the right fill a notebook's width
HEIGHTS = {False: 5.0, True: 6.2}  # without and with the f″ panel at the start
PANELS = (0.08, 0.1, 0.64, 0.86)  # the panels' area: the window's controls are ipywidgets
LEGEND = (0.74, 0.96)  # the legend's top-left corner, at the right of the panels
X_STEPS = 1000  # positions of the readout's x slider


def ipywidgets() -> Any:
    """The ipywidgets module, or an ActplotError saying how to install it."""
    try:
        import ipywidgets as widgets
    except ImportError:
        raise ActplotError(MISSING) from None
    return widgets


def uses_ipympl() -> bool:
    """Whether matplotlib's backend is ipympl's (``%matplotlib widget``/``ipympl``)."""
    import matplotlib

    backend = str(matplotlib.get_backend()).lower()
    return "ipympl" in backend or backend == "widget"


def _hex(color: Any) -> str:
    from matplotlib.colors import to_hex

    return to_hex(color)


class Interact:
    """The figure and its controls. ``widget`` is what the notebook shows (the object shows
    it too); ``sliders`` (one per :attr:`window.plans <InteractiveWindow.plans>`),
    ``threshold``, ``functions`` (one checkbox per curve), ``panels`` ({1: f′, 2: f″}),
    ``saturation``, ``x`` and ``readout`` are the ipywidgets; ``window`` the figure's state;
    ``image`` the PNG view (inline) or None (ipympl canvas)."""

    def __init__(self, groups: Sequence[Sequence[Any]], opts: PlotOptions, canvas: bool) -> None:
        w = ipywidgets()
        acts = [a for g in groups for a in g]
        size = opts.size or (WIDTH, HEIGHTS[opts.second])
        with st.styled(opts.theme, opts.style):
            from matplotlib.figure import Figure

            fig = Figure(figsize=size)
        if canvas:
            _attach_ipympl(fig)
        self.canvas = canvas
        self.theme = (opts.theme, opts.style)  # artists made after the build need it too
        self.window: InteractiveWindow = build_window(groups, opts, fig=fig)
        with st.styled(*self.theme):
            self._hide_window_widgets()
        win = self.window
        live = canvas  # an inline redraw takes a PNG: report sliders when released

        self.sliders = [
            self._slider(w, s, plan.label, win.colors[plan.index], live)
            for plan, s in zip(win.plans, win.sliders, strict=True)
        ]
        for k, slider in enumerate(self.sliders):
            slider.observe(lambda change, k=k: self.set_param(k, change["new"]), "value")
        self.threshold = self._slider(w, win.threshold_slider, "saturation |f′| <", None, live)
        self.threshold.observe(lambda change: self.set_threshold(change["new"]), "value")

        states = win.checks.get_status()
        n = len(acts)
        self.functions = [
            w.Checkbox(value=states[i], description=win.checks.labels[i].get_text(), indent=False)
            for i in range(n)
        ]
        self.panels = {
            order: w.Checkbox(value=states[n + order - 1], description=name, indent=False)
            for order, name in iw.PANEL_NAMES.items()
        }
        self.saturation = w.Checkbox(value=states[n + 2], description="saturation", indent=False)
        boxes = [*self.functions, self.panels[1], self.panels[2], self.saturation]
        for index, box in enumerate(boxes):
            box.observe(lambda change, i=index: self.set_check(i, change["new"]), "value")

        lo, hi = win.opts.x_range
        start = 0.0 if lo <= 0.0 <= hi else (lo + hi) / 2
        self.x = w.FloatSlider(
            value=start,
            min=lo,
            max=hi,
            step=(hi - lo) / X_STEPS,
            description="x",
            readout_format=".4g",
            continuous_update=live,
            layout=w.Layout(width="420px"),
        )
        self.x.observe(lambda change: self.set_x(change["new"]), "value")
        self.readout = w.HTML()
        self.status = w.HTML()

        if canvas:
            self.image = None
            view: Any = fig.canvas
            fig.canvas.mpl_connect("motion_notify_event", self._on_move)
        else:
            self.image = w.Image(format="png", layout=w.Layout(max_width="100%"))
            view = self.image
        swatches = [
            w.HBox([w.HTML(self._swatch(win.colors[i])), box])
            for i, box in enumerate(self.functions)
        ]
        left = w.VBox([self.threshold, *self.sliders, self.x, self.status])
        right = w.VBox([*swatches, self.panels[1], self.panels[2], self.saturation, self.readout])
        self.widget = w.VBox([view, w.HBox([left, right])])
        self.set_x(start, redraw=False)
        with st.styled(*self.theme):
            self._refresh()

    # -- the ipywidgets drive the window's own reactions -----------------------------------
    # (in the theme: the window remakes its legend, whose text colour comes from rcParams)
    def set_param(self, k: int, value: float) -> None:
        """Parameter slider `k` moved to `value`: rebind that activation and redraw."""
        with st.styled(*self.theme):
            self.window.sliders[k].set_val(value)
            self._refresh()

    def set_threshold(self, value: float) -> None:
        with st.styled(*self.theme):
            self.window.threshold_slider.set_val(value)
            self._refresh()

    def set_check(self, index: int, value: bool) -> None:
        """Check box `index` (functions, then f′, f″, saturation) set to `value`."""
        checks = self.window.checks
        with st.styled(*self.theme):
            if checks.get_status()[index] != bool(value):
                checks.set_active(index)
            self._refresh()

    def set_x(self, x: float, redraw: bool = True) -> None:
        """The readout at `x` (f, f′, and f″ when its panel is on), and the cursor there."""
        win = self.window
        for line in win.cursor:
            line.set_xdata([x, x])
        orders = [o for o in ORDERS if win.panels[o] or o < 2]
        text = iw.readout_text(win.acts, win.shown, float(x), orders)
        self.readout.value = f'<pre style="margin: 0; font-size: 85%">{html.escape(text)}</pre>'
        if redraw:
            self._draw()

    def _on_move(self, event: Any) -> None:
        if event.inaxes in self.window.axes.values() and event.xdata is not None:
            self.x.value = float(np.clip(event.xdata, self.x.min, self.x.max))

    # -- drawing --------------------------------------------------------------------------
    def _refresh(self) -> None:
        """After a change: the labels (they name changed parameters), the status line, the
        legend, the readout, then the figure."""
        win = self.window
        for box, text in zip(self.functions, win.checks.labels, strict=False):
            box.description = text.get_text()
        message = win.status.get_text()
        self.status.value = (
            f'<span style="color: #c0392b">{html.escape(message)}</span>' if message else ""
        )
        if win.legend is None:  # the window leaves it to its check buttons unless formulas
            handles = [win.lines[(i, 0)] for i in range(len(win.acts)) if win.shown[i]]
            if handles:
                win.legend = win.fig.legend(
                    handles=handles,
                    loc="upper left",
                    frameon=False,
                    bbox_to_anchor=win.layout.legend,
                    fontsize="small",
                )
        self.set_x(self.x.value, redraw=False)
        self._draw()

    def _draw(self) -> None:
        fig = self.window.fig
        if self.image is None:
            fig.canvas.draw_idle()
            return
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=fig.dpi)
        self.image.value = buffer.getvalue()

    def _hide_window_widgets(self) -> None:
        """Hide the window's matplotlib widgets and texts, and give the panels their room."""
        import dataclasses

        win = self.window
        for slider in [win.threshold_slider, *win.sliders]:
            slider.ax.set_visible(False)
        win.checks.ax.set_visible(False)
        win.readout.set_visible(False)
        win.status.set_visible(False)
        win.layout = dataclasses.replace(win.layout, panels=PANELS, legend=LEGEND)
        win.update(changed=[])

    @staticmethod
    def _slider(w: Any, source: Any, label: str, color: Any, live: bool) -> Any:
        """A selection slider over the values the window's slider `source` snaps to."""
        steps = [float(v) for v in np.atleast_1d(source.valstep)]
        start = min(steps, key=lambda v: abs(v - float(source.valinit)))
        style: dict[str, Any] = {"description_width": "initial"}
        if color is not None:
            style["handle_color"] = _hex(color)
        return w.SelectionSlider(
            options=[(source.valfmt % v, v) for v in steps],
            value=start,
            description=label,
            continuous_update=live,
            style=style,
            layout=w.Layout(width="420px"),
        )

    @staticmethod
    def _swatch(color: Any) -> str:
        return f'<span style="color: {_hex(color)}; font-weight: bold">━━</span>'

    def __repr__(self) -> str:
        names = ", ".join(a.label for a in self.window.acts)
        return f"<actplot.interact: {names}>"

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        show = getattr(self.widget, "_repr_mimebundle_", None)  # None once closed
        bundle = (show(**kwargs) if show is not None else None) or {}
        bundle["text/plain"] = repr(self)  # not the widget tree with its PNG bytes
        return bundle

    def close(self) -> None:
        """Close the widgets (and the canvas)."""
        todo = [self.widget]
        while todo:
            widget = todo.pop()
            todo.extend(getattr(widget, "children", ()))
            widget.close()


def _attach_ipympl(fig: Any) -> None:
    """Give `fig` an ipympl canvas (with its toolbar), without pyplot's bookkeeping."""
    try:
        from ipympl.backend_nbagg import Canvas, FigureManager
    except ImportError:
        raise ActplotError("canvas=True needs ipympl, which is not installed") from None
    import warnings

    canvas = Canvas(fig)
    canvas.header_visible = False
    with warnings.catch_warnings():  # ipympl's toolbar and newer matplotlib: harmless
        warnings.filterwarnings("ignore", "Passing unrecognized arguments", DeprecationWarning)
        FigureManager(canvas, 0)


def interact(
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
    canvas: bool | None = None,
) -> Interact:
    """``actplot show``'s interactive window in a notebook, its controls as ipywidgets.

    A slider for each numeric parameter of each function and for the saturation threshold,
    a check box per function and for the f′ and f″ panels and the saturation shading, and
    a readout of x, f(x), f′(x) of every shown function at the x slider (the pointer with
    ipympl). The arguments are :func:`actplot.plot`'s; `canvas`: draw on an ipympl canvas
    (None: when the ipympl backend is active, ``%matplotlib widget``).

    >>> view = actplot.interact(["relu", "gelu"])  # doctest: +SKIP
    """
    ipywidgets()  # before any work, the one message when it is missing
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
    )
    groups = relabel(resolve(activations, sweep), labels)
    check_kinds([a for g in groups for a in g])
    notebook_display.install()
    return Interact(groups, opts, uses_ipympl() if canvas is None else canvas)


def check_kinds(acts: Sequence[Any]) -> None:
    """KindError for a gated (two-input) activation: the window draws curves of one input."""
    for act in acts:
        if notebook_display.is_gated(act):
            diagonal = act.spec.diagonal
            hint = f"; its diagonal f(x, x) is {diagonal}" if diagonal else ""
            raise KindError(
                f"interact draws functions of one input: {act.name} is gated, f(a, b){hint}"
            )
