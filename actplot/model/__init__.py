"""The model types: :class:`Interval`, :class:`Param`, :class:`ActivationSpec` and
:class:`Activation`, the two-input :class:`GatedSpec` and
:class:`GatedActivation`, and the one validator every layer checks numbers and choices with."""

from actplot.model.activation import Activation, Bound, as_float_array
from actplot.model.gated import GatedActivation, GatedSpec, require_kind
from actplot.model.interval import REAL, Interval
from actplot.model.param import Param, Params, ParamValue
from actplot.model.spec import ActivationSpec

__all__ = [
    "REAL",
    "Activation",
    "ActivationSpec",
    "Bound",
    "GatedActivation",
    "GatedSpec",
    "Interval",
    "Param",
    "ParamValue",
    "Params",
    "as_float_array",
    "require_kind",
]
