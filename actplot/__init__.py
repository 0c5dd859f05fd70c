"""actplot: neural-network activation functions with exact derivatives, plots and tables.

>>> import actplot
>>> act = actplot.get("leaky_relu", negative_slope=0.2)
>>> float(act(-1.0)), float(act.derivative(-1.0))
(-0.2, 0.2)
"""

from __future__ import annotations

import sys as _sys
from typing import Any

from actplot.errors import (
    ActplotError,
    ExpressionError,
    KindError,
    OutputError,
    OverBudget,
    ParameterError,
    PluginError,
    UnknownActivationError,
)
from actplot.expressions import from_expression
from actplot.model import Activation, ActivationSpec, GatedActivation, GatedSpec, Interval, Param
from actplot.parsing import parse
from actplot.registry import get, names, resolve, spec

__all__ = [
    "Activation",
    "ActivationSpec",
    "ActplotError",
    "ExpressionError",
    "GatedActivation",
    "GatedSpec",
    "KindError",
    "Interval",
    "OutputError",
    "OverBudget",
    "Param",
    "ParameterError",
    "PluginError",
    "UnknownActivationError",
    "from_expression",
    "get",
    "interact",
    "names",
    "parse",
    "plot",
    "resolve",
    "spec",
    "table",
]
__version__ = "0.1.0"


if "IPython" in _sys.modules:  # a notebook: activations show a formula card (no matplotlib yet)
    from actplot.render import notebook_display as _notebook_display

    _notebook_display.install()


def __getattr__(name: str) -> Any:
    """``actplot.plot``, ``actplot.table`` and ``actplot.interact``, imported on first use
    (PEP 562), so that ``import actplot`` stays light while ``help(actplot.plot)`` shows the
    real, explicit signature; see :func:`actplot.render.figure.plot`,
    :func:`actplot.render.table_api.table` and :func:`actplot.render.notebook.interact`."""
    if name == "plot":
        from actplot.render.figure import plot

        return plot
    if name == "table":
        from actplot.render.table_api import table

        return table
    if name == "interact":
        from actplot.render.notebook import interact

        return interact
    raise AttributeError(f"module 'actplot' has no attribute {name!r}")
