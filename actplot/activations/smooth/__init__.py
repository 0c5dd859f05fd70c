"""The smooth ReLU-like family. Smooth approximations of ReLU: GELU and SiLU (gelu_silu), softplus
and Mish (softplus_mish), and the algebraic squareplus, sparse_plus, ISRLU and bent
identity (algebraic)."""

from actplot.activations.smooth import algebraic, gelu_silu, softplus_mish
from actplot.model import ActivationSpec

SPECS: tuple[ActivationSpec, ...] = (
    *gelu_silu.SPECS,
    *softplus_mish.SPECS,
    *algebraic.SPECS,
)
