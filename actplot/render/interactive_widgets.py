"""The interactive window's widgets: which sliders, their ranges, where everything goes, the
cursor readout's text (plain Python), and the matplotlib widgets themselves (imported inside
:func:`add_sliders` and :func:`add_checks`)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from actplot.model import Activation
from actplot.render.figure import AXIS_LABELS

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.widgets import CheckButtons, Slider

PANEL_NAMES = {1: "f′(x) panel", 2: "f″(x) panel"}
SATURATION_NAME = "saturation"
THRESHOLD_RANGE = (0.001, 0.3)
PRIMES = {0: "f", 1: "f′", 2: "f″"}
READOUT_HINT = "move the cursor over a plot"
READOUT_STYLE: dict[str, Any] = {"va": "bottom", "family": "monospace", "fontsize": 8}
Rect = tuple[float, float, float, float]  # left, bottom, width, height (figure fraction)


@dataclass(frozen=True)
class SliderPlan:
    """One parameter slider: activation `index`, parameter `name`, range and start value."""

    index: int
    name: str
    lo: float
    hi: float
    value: float
    integer: bool
    owner: str = ""  # the activation's name, for the label

    @property
    def label(self) -> str:
        return f"{self.owner}: {self.name}" if self.owner else self.name

    @property
    def steps(self) -> np.ndarray:
        """The values the slider snaps to: round numbers (about 400 across, or the whole
        numbers), the ends, and the start value, so that no position shows a value the
        curve does not have."""
        if self.integer:
            grid = np.arange(math.ceil(self.lo), math.floor(self.hi) + 1, dtype=float)
        else:
            raw = (self.hi - self.lo) / 400
            mag = 10.0 ** math.floor(math.log10(raw))
            step = next(m * mag for m in (1, 2, 5, 10) if m * mag >= raw)
            grid = np.arange(math.ceil(self.lo / step), math.floor(self.hi / step) + 1) * step
        return np.unique(np.round(np.concatenate([grid, [self.lo, self.hi, self.value]]), 12))


def slider_plans(acts: Sequence[Activation]) -> list[SliderPlan]:
    """A slider for each numeric parameter of each activation, in order."""
    plans = []
    for i, act in enumerate(acts):
        for param in act.spec.params:
            if not param.numeric:
                continue
            value = float(act.params[param.name])
            lo, hi = param.slider_range(value)
            owner = act.custom_label or act.name
            plans.append(SliderPlan(i, param.name, lo, hi, value, param.integer, owner))
    return plans


@dataclass(frozen=True)
class Layout:
    """Where the panels, sliders, check buttons and texts go in a figure of `size` inches."""

    size: tuple[float, float]
    panels: Rect  # the area the visible panels share
    sliders: list[Rect]  # the threshold slider first, then one per SliderPlan
    checks: Rect
    legend: tuple[float, float]  # top-left corner of the legend, under the check buttons
    readout: tuple[float, float]  # bottom-left corner of the cursor readout
    status: tuple[float, float]


def layout(n_sliders: int, n_checks: int, size: tuple[float, float] | None = None) -> Layout:
    """A layout for `n_sliders` sliders (threshold included) and `n_checks` check buttons.

    Up to 8 sliders stack in one column under the plots; more go in two columns.
    """
    columns = 1 if n_sliders <= 8 else 2
    rows = math.ceil(n_sliders / columns)
    width, height = size or (11.0, min(9.5, max(6.5, 5.6 + 0.34 * rows)))
    row = min(0.34, 0.4 * height / max(rows, 1))  # inches per slider row
    bottom = 0.2 + rows * row
    panels = (0.08, (bottom + 0.55) / height, 0.62, 1 - (bottom + 1.0) / height)
    sliders = []
    for k in range(n_sliders):
        c, r = divmod(k, rows)
        left, span = (0.25, 0.4) if columns == 1 else (0.17 + 0.42 * c, 0.2)
        y = 0.2 + (rows - 1 - r) * row + 0.2 * row
        sliders.append((left, y / height, span, 0.55 * row / height))
    check_h = min(0.5, 0.28 * n_checks / height)
    top = 1 - 0.55 / height
    checks = (0.73, top - check_h, 0.25, check_h)
    legend = (0.725, top - check_h - 0.1 / height)
    readout, status = (0.735, 0.5 / height), (0.735, 0.2 / height)
    return Layout((width, height), panels, sliders, checks, legend, readout, status)


def panel_rects(area: Rect, orders: Sequence[int]) -> dict[int, Rect]:
    """Stacked rectangles for the visible panels (f gets 3 parts of height, derivatives 2)."""
    left, bottom, width, height = area
    gap = 0.025
    weights = [3 if o == 0 else 2 for o in orders]
    usable = height - gap * (len(orders) - 1)
    rects, top = {}, bottom + height
    for order, w in zip(orders, weights, strict=True):
        h = usable * w / sum(weights)
        rects[order] = (left, top - h, width, h)
        top -= h + gap
    return rects


def _num(v: float) -> str:
    if np.isinf(v):
        return "∞" if v > 0 else "−∞"
    return "nan" if np.isnan(v) else f"{v:.6g}".replace("-", "−")


def readout_text(
    acts: Sequence[Activation],
    shown: Sequence[bool],
    x: float,
    orders: Sequence[int],
    limit: int = 10,
) -> str:
    """``x = …`` then one line per shown activation: its name and f, f′ (f″) at `x`,
    computed exactly (not read off the drawn line); at most `limit` activations."""
    lines = [f"x = {_num(x)}"]
    on = [a for a, s in zip(acts, shown, strict=True) if s]
    width = max((len(a.name) for a in on[:limit]), default=0)
    for act in on[:limit]:
        values = "  ".join(
            f"{PRIMES[n]} = {_num(float(act.profile(np.float64(x), n)))}" for n in orders
        )
        lines.append(f"{act.name:<{width}}  {values}")
    if len(on) > limit:
        lines.append(f"… and {len(on) - limit} more")
    return "\n".join(lines)


def add_panels(
    fig: Figure, orders: Sequence[int], xlim: tuple[float, float], grid: bool, ink: Any
) -> dict[int, Axes]:
    """One Axes per derivative order, sharing x, each with its zero line (placed later)."""
    axes: dict[int, Axes] = {}
    for order in orders:
        ax = fig.add_axes((0, 0, 1, 1), sharex=axes.get(orders[0]))
        ax.set_ylabel(AXIS_LABELS[order])
        ax.grid(grid)
        ax.axhline(0, color=ink, linewidth=0.8, alpha=0.45, zorder=1.2)
        axes[order] = ax
    axes[orders[0]].set_xlim(xlim)
    return axes


def add_sliders(
    fig: Figure,
    rects: Sequence[Rect],
    plans: Sequence[SliderPlan],
    threshold: float,
    colors: Sequence[Any],
    ink: Any,
    track: Any,
) -> tuple[Slider, list[Slider]]:
    """The threshold slider (in `rects[0]`) and one slider per plan, in their colours."""
    from matplotlib.widgets import Slider

    lo, hi = THRESHOLD_RANGE
    top = max(hi, 2 * threshold)
    first = Slider(
        fig.add_axes(rects[0]),
        "saturation |f′| <",
        lo,
        top,
        valinit=threshold,
        valfmt="%.3g",
        valstep=np.unique(np.round(np.append(np.arange(1, 1000 * top + 1) / 1000, threshold), 12)),
        color=ink,
        track_color=track,
    )
    sliders = []
    for plan, rect in zip(plans, rects[1:], strict=True):
        color = colors[plan.index]
        slider = Slider(
            fig.add_axes(rect),
            plan.label,
            plan.lo,
            plan.hi,
            valinit=plan.value,
            valstep=plan.steps,
            valfmt="%d" if plan.integer else "%.4g",
            color=color,
            track_color=track,
        )
        slider.label.set_color(color)
        sliders.append(slider)
    for slider in [first, *sliders]:
        slider.label.set_fontsize("small")
        slider.valtext.set_fontsize("small")
    return first, sliders


def add_checks(
    fig: Figure,
    rect: Rect,
    names: Sequence[str],
    states: Sequence[bool],
    colors: Sequence[Any],
    ink: Any,
) -> CheckButtons:
    """Check buttons: one per activation (in its colour), the two derivative panels and the
    saturation shading; `states` gives their initial values in that order."""
    from matplotlib.widgets import CheckButtons

    labels = [check_label(n) for n in names] + [PANEL_NAMES[1], PANEL_NAMES[2], SATURATION_NAME]
    checks = CheckButtons(
        fig.add_axes(rect, frameon=False),
        labels,
        list(states),
        frame_props={"edgecolor": ink},
        check_props={"facecolor": ink},
    )
    for text, color in zip(checks.labels, colors, strict=False):
        text.set_color(color)
    return checks


def check_label(text: str, limit: int = 30) -> str:
    """A check button's text: an activation's legend text, cut to `limit` characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def figure_size(acts: Sequence[Activation]) -> tuple[float, float]:
    """The window's size in inches for these activations (their sliders set the height)."""
    return layout(1 + len(slider_plans(acts)), len(acts) + 3).size
