"""The softmax family. Vector activations over the last axis: softmax, log-softmax and softmin
(softmax), and sparsemax (sparsemax)."""

from actplot.activations.softmax import softmax, sparsemax
from actplot.model import ActivationSpec

SPECS: tuple[ActivationSpec, ...] = (*softmax.SPECS, *sparsemax.SPECS)
