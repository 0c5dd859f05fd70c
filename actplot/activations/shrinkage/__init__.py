"""The shrinkage family. Shrinkage functions that pull small inputs to zero: tanhshrink, softshrink
and hardshrink (shrinks)."""

from actplot.activations.shrinkage import shrinks
from actplot.model import ActivationSpec

SPECS: tuple[ActivationSpec, ...] = shrinks.SPECS
