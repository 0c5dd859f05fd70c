"""Gated units: two inputs, a gate's input a and a value b, f(a, b) = g(a)·b and relatives
(GLU, SwiGLU, GeGLU, ...). The model types are in :mod:`actplot.model.gated`; units.py holds
the product units g(a)·b, oai.py GPT-OSS's clamped SwiGLU."""

from actplot.activations.gated.oai import SWIGLU_OAI
from actplot.activations.gated.units import SPECS as _UNITS
from actplot.model import GatedSpec

SPECS: tuple[GatedSpec, ...] = (*_UNITS, SWIGLU_OAI)
