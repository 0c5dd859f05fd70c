"""The ReLU family. Rectifiers with a linear positive side: ReLU and its leaky, parametric,
randomized and capped variants (rectifiers), the exponential-linear units (elu), the
rectifiers of recent models: squared ReLU, StarReLU, thresholded ReLU, xIELU (modern), and
ELiSH/HardELiSH (elish)."""

from actplot.activations.relu import elish, elu, modern, rectifiers
from actplot.model import ActivationSpec

SPECS: tuple[ActivationSpec, ...] = (
    *rectifiers.SPECS,
    *elu.SPECS,
    *modern.SPECS,
    *elish.SPECS,
)
