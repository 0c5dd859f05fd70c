"""The hard/piecewise family. Piecewise-linear and step functions: hard swish, hard sigmoid, hard
tanh and sparse sigmoid (hard), hard mish (hard_mish), binary step and threshold (steps), and
maxout (maxout)."""

from actplot.activations.piecewise import hard, hard_mish, maxout, steps
from actplot.model import ActivationSpec

SPECS: tuple[ActivationSpec, ...] = (
    *hard.SPECS,
    *hard_mish.SPECS,
    *steps.SPECS,
    *maxout.SPECS,
)
