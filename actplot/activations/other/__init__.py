"""The other shapes. Everything else: identity, Gaussian and exponential (simple), sinusoid
and sinc (waves)."""

from actplot.activations.other import simple, waves
from actplot.model import ActivationSpec

SPECS: tuple[ActivationSpec, ...] = (
    *simple.SPECS,
    *waves.SPECS,
)
