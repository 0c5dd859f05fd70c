"""actplot: neural-network activation functions with exact derivatives, plots and tables.

>>> import actplot
>>> act = actplot.get("leaky_relu", negative_slope=0.2)
>>> float(act(-1.0)), float(act.derivative(-1.0))
(-0.2, 0.2)
"""

from __future__ import annotations

from typing import Any

from actplot.errors import (
    ActplotError,
    ExpressionError,
    OutputError,
    ParameterError,
    UnknownActivationError,
)
from actplot.expressions import from_expression
from actplot.model import Activation, ActivationSpec, Interval, Param
from actplot.parsing import parse
from actplot.registry import get, names, resolve, spec

__all__ = [
    "Activation",
    "ActivationSpec",
    "ActplotError",
    "ExpressionError",
    "Interval",
    "OutputError",
    "Param",
    "ParameterError",
    "UnknownActivationError",
    "from_expression",
    "get",
    "names",
    "parse",
    "plot",
    "resolve",
    "spec",
]
__version__ = "0.1.0"


def plot(*args: Any, **kwargs: Any) -> Any:
    """Draw activations into a new matplotlib Figure; see :func:`actplot.render.figure.plot`.

    Defined here lazily so that ``import actplot`` never imports matplotlib.
    """
    from actplot.render.figure import plot as _plot

    return _plot(*args, **kwargs)
