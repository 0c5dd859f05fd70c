"""The ReLU family. Rectifiers with a linear positive side: ReLU and its leaky, parametric,
randomized and capped variants (rectifiers), and the exponential-linear units (elu)."""

from actplot.activations.relu import elu, rectifiers
from actplot.model import ActivationSpec

SPECS: tuple[ActivationSpec, ...] = (
    *rectifiers.SPECS,
    *elu.SPECS,
)
