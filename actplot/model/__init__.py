"""The model types: :class:`Interval`, :class:`Param`, :class:`ActivationSpec` and
:class:`Activation`, and the one validator every layer checks numbers and choices with."""

from actplot.model.activation import Activation, as_float_array
from actplot.model.interval import REAL, Interval
from actplot.model.param import Param, Params, ParamValue
from actplot.model.spec import ActivationSpec

__all__ = [
    "REAL",
    "Activation",
    "ActivationSpec",
    "Interval",
    "Param",
    "ParamValue",
    "Params",
    "as_float_array",
]
