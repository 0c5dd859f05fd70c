"""The softmax family. Vector activations over the last axis: softmax, log-softmax and softmin
(softmax)."""

from actplot.activations.softmax import softmax
from actplot.model import ActivationSpec

SPECS: tuple[ActivationSpec, ...] = softmax.SPECS
