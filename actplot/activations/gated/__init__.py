"""Gated units: two inputs, a gate's input a and a value b, f(a, b) = g(a)·b and relatives
(GLU, SwiGLU, GeGLU, ...). The model types are in :mod:`actplot.model.gated`."""

from actplot.model import GatedSpec

SPECS: tuple[GatedSpec, ...] = ()
