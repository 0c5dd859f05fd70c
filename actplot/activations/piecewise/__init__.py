"""The hard/piecewise family. Piecewise-linear and step functions: hard swish, hard sigmoid, hard
tanh and sparse sigmoid (hard), binary step and threshold (steps), and maxout (maxout)."""

from actplot.activations.piecewise import hard, maxout, steps
from actplot.model import ActivationSpec

SPECS: tuple[ActivationSpec, ...] = (
    *hard.SPECS,
    *steps.SPECS,
    *maxout.SPECS,
)
