"""The other shapes. Everything else: identity, Gaussian and exponential (simple), sinusoid
and sinc (waves), snake and snake_beta (periodic), lisht and logcosh (even)."""

from actplot.activations.other import even, periodic, simple, waves
from actplot.model import ActivationSpec

SPECS: tuple[ActivationSpec, ...] = (
    *simple.SPECS,
    *waves.SPECS,
    *periodic.SPECS,
    *even.SPECS,
)
