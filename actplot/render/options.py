"""What a plot shows and how: :class:`PlotOptions`, the one input (with the groups of
activations) of every drawer: the file figure, the interactive window and the terminal.

Options are validated once, when they are built: a :class:`PlotOptions` that exists holds
checked, normalized values, so the drawers and the curves they sample trust it. Its
defaults are the command line's defaults. ``xlim=None`` is the default range of the
functions drawn (:func:`actplot.compute.curves.default_xlim`); :meth:`PlotOptions.for_acts`
fixes it before drawing.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from actplot.compute import curves as cv
from actplot.compute.regions import SATURATION
from actplot.model import Activation, Interval, validation
from actplot.render import style as st
from actplot.render.labels import check_text

THRESHOLDS = Interval.above(0.0)
SIZES = Interval.closed(2.5, 100.0)  # inches; below 2.5 three panels and labels do not fit
PANEL_HEIGHTS = {1: 4.5, 2: 6.0, 3: 7.5}  # the default figure height (8 wide) by panel count


@dataclass(frozen=True)
class PlotOptions:
    """What to draw and how; validated on construction (ParameterError for bad values)."""

    derivative: bool = True
    second: bool = False
    saturation: bool = True
    threshold: float = SATURATION
    xlim: tuple[float, float] | None = None  # None: [−6, 6] widened to show every feature
    ylim: tuple[float, float] | None = None  # of the function panel; None: robust auto
    points: int = cv.DEFAULT_POINTS
    formulas: bool = False  # mathtext in the legend: off by default, typesetting is slow
    title: str | None = None
    theme: str = "light"
    style: str | None = None
    size: tuple[float, float] | None = None  # inches; None: by the number of panels
    grid: bool = True
    transparent: bool = False  # no page colour behind the panels
    asymptotes: bool = False  # dashed guides at finite limits of f at ±∞ and at poles

    def __post_init__(self) -> None:
        checked = {
            "threshold": validation.number(self.threshold, "threshold", THRESHOLDS),
            "xlim": None if self.xlim is None else cv.check_limits(self.xlim, "x"),
            "ylim": None if self.ylim is None else cv.check_limits(self.ylim, "y"),
            "points": cv.check_points(self.points),
            "theme": st.check_theme(self.theme),
            "style": st.check_style(self.style),
            "size": None if self.size is None else validation.numbers(self.size, "size", 2, SIZES),
            "title": None if self.title is None else check_text(self.title, "title"),
        }
        for name, value in checked.items():  # normalized: floats, a tuple, lower case
            object.__setattr__(self, name, value)

    def for_acts(self, acts: Sequence[Activation]) -> PlotOptions:
        """These options with the x range fixed: `xlim`, or the default range of `acts`."""
        if self.xlim is not None:
            return self
        return dataclasses.replace(self, xlim=cv.default_xlim(list(acts)))

    @property
    def x_range(self) -> tuple[float, float]:
        """The x range of options fixed by :meth:`for_acts` (or given one)."""
        if self.xlim is None:
            raise ValueError("the x range is not fixed yet: call for_acts(acts) first")
        return self.xlim

    @property
    def orders(self) -> tuple[int, ...]:
        """The derivative orders drawn, one panel each."""
        return (0,) + ((1,) if self.derivative else ()) + ((2,) if self.second else ())

    @property
    def figsize(self) -> tuple[float, float]:
        """`size`, or 8 inches wide by the panel count (a style may set its own size:
        :func:`actplot.render.figure.figure_size`)."""
        if self.size is not None:
            return self.size
        return (8.0, PANEL_HEIGHTS[len(self.orders)])
