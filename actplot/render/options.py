"""What a plot shows and how: :class:`PlotOptions`, shared by the figure, the interactive
window and the command line, validated in one place."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

import numpy as np

from actplot.compute import curves as cv
from actplot.errors import ParameterError
from actplot.render import style as st


@dataclass(frozen=True)
class PlotOptions:
    """What to draw and how; shared by the figure, the window and the command line."""

    derivative: bool = True
    second: bool = False
    saturation: bool = True
    threshold: float = 0.05
    xlim: tuple[float, float] = (-6.0, 6.0)
    ylim: tuple[float, float] | None = None  # of the function panel; None: robust auto
    points: int = cv.DEFAULT_POINTS
    formulas: bool = True  # mathtext in the legend (the CLI defaults to off: it is slow)
    title: str | None = None
    theme: str = "light"
    style: str | None = None
    size: tuple[float, float] | None = None  # inches; None: by the number of panels
    grid: bool = True

    def checked(self) -> PlotOptions:
        """These options validated (ParameterError for bad values) with numbers normalized."""
        threshold = _number(self.threshold, "threshold")
        if not threshold > 0:
            raise ParameterError(f"threshold must be a positive number, not {threshold:g}")
        size = None
        if self.size is not None:
            size = _numbers(self.size, "size")
            # Below 2.5 inches three panels with their labels no longer fit.
            if not all(2.5 <= v <= 100 for v in size):
                raise ParameterError(f"size must be two inches in [2.5, 100], not {size}")
        st.check_theme(self.theme)
        return dataclasses.replace(
            self,
            threshold=threshold,
            xlim=_check_limits(self.xlim, "x"),
            ylim=None if self.ylim is None else _check_limits(self.ylim, "y"),
            points=cv.check_points(_integer(self.points, "points")),
            size=size,
        )

    @property
    def orders(self) -> tuple[int, ...]:
        """The derivative orders drawn, one panel each."""
        return (0,) + ((1,) if self.derivative else ()) + ((2,) if self.second else ())

    @property
    def figsize(self) -> tuple[float, float]:
        if self.size is not None:
            return self.size  # type: ignore[return-value]
        return (8.0, {1: 4.5, 2: 6.0, 3: 7.5}[len(self.orders)])


def _number(value: Any, what: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ParameterError(f"{what} must be a number, not {value!r}") from None
    if not np.isfinite(number):
        raise ParameterError(f"{what} must be finite, not {value!r}")
    return number


def _integer(value: Any, what: str) -> int:
    number = _number(value, what)
    if number != int(number):
        raise ParameterError(f"{what} must be a whole number, not {value!r}")
    return int(number)


def _numbers(pair: Any, what: str) -> tuple[float, float]:
    """Two finite numbers (limits, sizes)."""
    if isinstance(pair, (str, bytes)) or not hasattr(pair, "__len__") or len(pair) != 2:
        raise ParameterError(f"{what} must be two numbers, not {pair!r}")
    return _number(pair[0], what), _number(pair[1], what)


def _check_limits(lim: Any, axis: str) -> tuple[float, float]:
    return cv.check_limits(_numbers(lim, f"{axis} limits"), axis)


def options_from(options: dict[str, Any]) -> PlotOptions:
    """Checked :class:`PlotOptions` from keywords; an unknown keyword is a ParameterError."""
    known = [f.name for f in dataclasses.fields(PlotOptions)]
    unknown = sorted(set(options) - set(known))
    if unknown:
        raise ParameterError(f"unknown plot option {unknown[0]!r}; options: {', '.join(known)}")
    return PlotOptions(**options).checked()
